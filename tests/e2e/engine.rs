//! The three browser engines the page's visitors use, each driven over
//! classic WebDriver from Debian's packages: Chromium (chromedriver),
//! Firefox (Debian's `firefox-esr`, through `geckodriver`) and WebKit, the
//! engine of Safari (WebKitGTK's MiniBrowser, through `WebKitWebDriver`).
//!
//! Why WebKit runs twice: WebKitGTK's build leaves `SharedArrayBuffer` off
//! even on a cross-origin isolated page, where Safari has it. With
//! `JSC_useSharedArrayBuffer=1` it behaves as Safari does, which is what a
//! visitor on a Mac or an iPhone gets ([`Engine::WebKit`]); as shipped
//! ([`Engine::WebKitGtk`], GNOME Web's engine) it checks that the page names
//! that gap and runs what needs no shared memory. It has no headless mode,
//! so it draws into an Xvfb display of its own.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A browser engine the tests drive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Chromium,
    Firefox,
    /// WebKit with `SharedArrayBuffer`, as in Safari.
    WebKit,
    /// WebKitGTK as shipped: isolated pages get no `SharedArrayBuffer`.
    WebKitGtk,
}

impl Engine {
    /// Every engine, Chromium first (it runs every test).
    pub const ALL: [Self; 4] = [Self::Chromium, Self::Firefox, Self::WebKit, Self::WebKitGtk];

    /// Its name in test names and logs.
    pub fn name(self) -> &'static str {
        match self {
            Self::Chromium => "chromium",
            Self::Firefox => "firefox",
            Self::WebKit => "webkit",
            Self::WebKitGtk => "webkitgtk",
        }
    }

    /// The WebDriver server's program and the browser it starts.
    fn programs(self) -> (&'static str, &'static str) {
        match self {
            Self::Chromium => ("chromedriver", "chromium"),
            Self::Firefox => ("geckodriver", "firefox-esr"),
            Self::WebKit | Self::WebKitGtk => ("WebKitWebDriver", "MiniBrowser"),
        }
    }

    /// What the new session asks for: the browser's binary and flags.
    fn capabilities(self, browser: &Path, profile: &Path) -> Value {
        match self {
            Self::Chromium => json!({
                "goog:chromeOptions": {
                    "binary": browser,
                    // The flags known to work on machines with no network but the registries.
                    "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                             "--disable-background-networking", "--disable-component-update", "--disable-sync",
                             "--disable-dev-shm-usage", "--window-size=1280,1000",
                             format!("--user-data-dir={}", profile.display())],
                }
            }),
            Self::Firefox => json!({
                "browserName": "firefox",
                "moz:firefoxOptions": {
                    "binary": browser,
                    "args": ["-headless", "-width", "1280", "-height", "1000"],
                    "prefs": {
                        // Nothing may call home on a machine without a network.
                        "app.update.disabledForTesting": true,
                        "browser.shell.checkDefaultBrowser": false,
                        "datareporting.policy.dataSubmissionEnabled": false,
                        "toolkit.telemetry.enabled": false,
                    },
                },
            }),
            Self::WebKit | Self::WebKitGtk => json!({
                "browserName": "MiniBrowser",
                "webkitgtk:browserOptions": {
                    "binary": browser,
                    "args": ["--automation"],
                },
            }),
        }
    }
}

/// A running WebDriver server (and, for WebKit, its display).
pub struct Driver {
    pub child: Child,
    display: Option<Child>,
    /// The port it listens on.
    pub port: u16,
    /// What a session asks for.
    pub capabilities: serde_json::Map<String, Value>,
    /// Its log.
    pub log: PathBuf,
}

impl Driver {
    /// Starts `engine`'s WebDriver server on `port`, logging to `logs`.
    pub fn start(engine: Engine, port: u16, logs: &Path, profile: &Path) -> Result<Self, String> {
        let (driver, browser) = engine.programs();
        let driver = super::harness::tool(driver)?;
        let webkit = matches!(engine, Engine::WebKit | Engine::WebKitGtk);
        let browser = match engine {
            Engine::WebKit | Engine::WebKitGtk => mini_browser()?,
            _ => super::harness::tool(browser)?,
        };
        let log = logs.join(format!("{}-driver.log", engine.name()));
        let out = std::fs::File::create(&log).map_err(|e| e.to_string())?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        let mut cmd = Command::new(&driver);
        match engine {
            Engine::Chromium => cmd.arg(format!("--port={port}")),
            Engine::Firefox => cmd.args(["--port", &port.to_string()]),
            Engine::WebKit | Engine::WebKitGtk => cmd.arg(format!("--port={port}")),
        };
        let display = if webkit {
            let (xvfb, name) = xvfb(logs)?;
            cmd.env("DISPLAY", name);
            if engine == Engine::WebKit {
                cmd.env("JSC_useSharedArrayBuffer", "1");
            }
            Some(xvfb)
        } else {
            None
        };
        let child = cmd
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("{} did not start: {e}", driver.display()))?;
        let capabilities = engine
            .capabilities(&browser, profile)
            .as_object()
            .cloned()
            .expect("an object");
        Ok(Self {
            child,
            display,
            port,
            capabilities,
            log,
        })
    }

    /// Ends the server and its display.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(x) = &mut self.display {
            let _ = x.kill();
            let _ = x.wait();
        }
    }
}

/// WebKitGTK's MiniBrowser: not on PATH, but inside the library's package.
fn mini_browser() -> Result<PathBuf, String> {
    [
        "/usr/lib/x86_64-linux-gnu",
        "/usr/lib/aarch64-linux-gnu",
        "/usr/lib",
    ]
    .iter()
    .map(|d| Path::new(d).join("webkit2gtk-4.1/MiniBrowser"))
    .find(|p| p.is_file())
    .ok_or_else(|| {
        "WebKitGTK's MiniBrowser not found: run `./dev test`, which installs libwebkit2gtk-4.1-0"
            .into()
    })
}

/// An Xvfb display of its own (the first free number from 90), ready.
fn xvfb(logs: &Path) -> Result<(Child, String), String> {
    let bin = super::harness::tool("Xvfb")?;
    let n = (90..190)
        .find(|n| {
            !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
                && !Path::new(&format!("/tmp/.X{n}-lock")).exists()
        })
        .ok_or("no free X display number")?;
    let log =
        std::fs::File::create(logs.join(format!("xvfb-{n}.log"))).map_err(|e| e.to_string())?;
    let mut child = Command::new(bin)
        .args([
            &format!(":{n}"),
            "-screen",
            "0",
            "1280x1400x24",
            "-nolisten",
            "tcp",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .map_err(|e| format!("Xvfb did not start: {e}"))?;
    let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
    let start = Instant::now();
    while !socket.exists() {
        if start.elapsed() > Duration::from_secs(20) || child.try_wait().ok().flatten().is_some() {
            let _ = child.kill();
            return Err(format!(
                "Xvfb :{n} did not start (log: target/e2e/xvfb-{n}.log)"
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok((child, format!(":{n}")))
}
