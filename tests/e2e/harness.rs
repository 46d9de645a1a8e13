//! The servers behind the browser tests: `trunk serve` (the page, served the
//! way a user serves it, with Trunk.toml's COOP/COEP headers) and each
//! engine's WebDriver server (`engine`).

use crate::engine::{Driver, Engine};
use crate::page::Page;
use fantoccini::{Client, ClientBuilder};
use libtest_mimic::Failed;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The running servers and one browser session.
/// The delay server the I/O tests point the page at: its URL and what it saw.
pub struct Delay {
    /// `http://127.0.0.1:PORT/io/delay`.
    pub url: String,
    /// Counters the server keeps (requests in flight, connections).
    pub stats: std::sync::Arc<delay_server::Stats>,
}

static DELAY: std::sync::OnceLock<Delay> = std::sync::OnceLock::new();

/// The delay server, started (in this process, on a free port) on first use.
pub fn delay() -> Result<&'static Delay, String> {
    if let Some(d) = DELAY.get() {
        return Ok(d);
    }
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let stats = std::sync::Arc::<delay_server::Stats>::default();
    let s = std::sync::Arc::clone(&stats);
    std::thread::spawn(move || delay_server::serve(&listener, &s));
    Ok(DELAY.get_or_init(|| Delay {
        url: format!("http://{addr}/io/delay"),
        stats,
    }))
}

static PLAIN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
static PAGE_LOADS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// How many times the static sites have served the page itself
/// (`index.html`): one per load of the page, reloads included.
pub fn page_loads() -> usize {
    PAGE_LOADS.load(std::sync::atomic::Ordering::SeqCst)
}
static HEADERS: std::sync::OnceLock<String> = std::sync::OnceLock::new();

static BUILT: std::sync::OnceLock<Result<PathBuf, String>> = std::sync::OnceLock::new();

/// Where the static sites are served: a sub-path, as on GitHub Pages
/// (`https://user.github.io/<repo>/`).
const SUB_PATH: &str = "playground/";

/// The page as deployed: `./dev build --public-url /playground/` (release,
/// optimised by wasm-opt), built once per test run into `target/e2e/static`.
pub fn static_dist() -> Result<PathBuf, String> {
    BUILT
        .get_or_init(|| {
            let root = root();
            let dist = root.join("target/e2e/static");
            let log = root.join("target/e2e/build.log");
            eprintln!(
                "e2e: ./dev build into {} (log: {})",
                dist.display(),
                log.display()
            );
            std::fs::create_dir_all(root.join("target/e2e")).map_err(|e| e.to_string())?;
            let file =
                std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
            let status = Command::new(root.join("dev"))
                .current_dir(&root)
                .args(["build", "--public-url", &format!("/{SUB_PATH}"), "--dist"])
                .arg(&dist)
                .stdin(Stdio::null())
                .stdout(file.try_clone().map_err(|e| e.to_string())?)
                .stderr(file)
                .status()
                .map_err(|e| format!("./dev build did not start: {e}"))?;
            if status.success() {
                Ok(dist)
            } else {
                Err(format!(
                    "./dev build failed ({status}); its log:\n{}",
                    tail(&log)
                ))
            }
        })
        .clone()
}

/// The page as deployed, served by a plain static server that sends no
/// COOP/COEP headers: what a visitor gets from a host that cannot set them
/// (`python3 -m http.server`, GitHub Pages), under a sub-path. Returns its
/// base URL; built and started on first use.
pub fn plain_site() -> Result<&'static str, String> {
    static_site(&PLAIN, Vec::new())
}

/// The page as deployed, served as Netlify or Cloudflare Pages serve it:
/// with the headers its `_headers` file asks for (the `/*` rules, the only
/// ones it has). Returns its base URL; built and started on first use.
pub fn headers_site() -> Result<&'static str, String> {
    let file = static_dist()?.join("_headers");
    let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    static_site(&HEADERS, static_host::headers_rule(&text))
}

/// The built page on `static_host` (compressed, as hosts send it) with
/// `headers`, counting loads of the page itself.
fn static_site(
    cell: &'static std::sync::OnceLock<String>,
    headers: Vec<(String, String)>,
) -> Result<&'static str, String> {
    if let Some(u) = cell.get() {
        return Ok(u);
    }
    let site = std::sync::Arc::new(static_host::Site {
        root: static_dist()?,
        prefix: SUB_PATH.trim_end_matches('/').to_owned(),
        headers,
        compress: true,
    });
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let count: std::sync::Arc<dyn Fn(&str) + Send + Sync> = std::sync::Arc::new(|target: &str| {
        let path = target.split('?').next().unwrap_or("");
        let page = format!("/{SUB_PATH}");
        if path == page || path == format!("{page}index.html") {
            PAGE_LOADS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    });
    std::thread::spawn(move || static_host::serve(&listener, &site, &count));
    Ok(cell.get_or_init(|| format!("http://{addr}/{SUB_PATH}")))
}

/// A page of another site (127.0.0.2, a different host from the
/// playground's 127.0.0.1) that answers every request with `html`: a blog
/// post with the widget embedded. Returns its URL.
pub fn host_site(html: String) -> Result<String, String> {
    let listener = TcpListener::bind("127.0.0.2:0").map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let html = std::sync::Arc::new(html);
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let html = std::sync::Arc::clone(&html);
            std::thread::spawn(move || {
                let mut buf = [0_u8; 4096];
                let _ = stream.read(&mut buf);
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{html}",
                    html.len()
                );
            });
        }
    });
    Ok(format!("http://{addr}/post.html"))
}

pub struct Env {
    rt: tokio::runtime::Runtime,
    /// `trunk serve`, when the page comes from it.
    trunk: Option<Child>,
    driver: Driver,
    client: Client,
    /// The engine this session drives.
    pub engine: Engine,
    profile: PathBuf,
    /// The page's URL.
    pub base: String,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_owned()
}

fn free_port() -> Result<u16, String> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

/// Finds a tool on PATH or in cargo's bin folder.
pub fn tool(name: &str) -> Result<PathBuf, String> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(Path::new(&home).join(".cargo/bin"));
    }
    // Where `./dev` installs what Debian does not package (geckodriver).
    dirs.push(root().join("target/tools/bin"));
    dirs.into_iter()
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .ok_or_else(|| format!("`{name}` not found on PATH: run `./dev test`, which installs it"))
}

/// A plain HTTP/1.1 GET to 127.0.0.1, enough to see whether a server is up.
fn http_get(port: u16, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut body = String::new();
    s.read_to_string(&mut body).ok()?;
    Some(body)
}

fn tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

/// Waits until `ready()` or the child exits or `limit` passes.
fn wait_until(
    what: &str,
    child: &mut Child,
    log: &Path,
    limit: Duration,
    ready: impl Fn() -> bool,
) -> Result<(), String> {
    let start = Instant::now();
    while !ready() {
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!(
                "{what} exited ({status}) before it was ready; its log ({}):\n{}",
                log.display(),
                tail(log)
            ));
        }
        if start.elapsed() > limit {
            return Err(format!(
                "{what} not ready after {limit:?}; its log ({}):\n{}",
                log.display(),
                tail(log)
            ));
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    Ok(())
}

impl Env {
    /// Starts trunk serve and chromedriver and opens a browser session.
    pub fn start() -> Result<Self, String> {
        let root = root();
        let logs = root.join("target/e2e");
        std::fs::create_dir_all(&logs).map_err(|e| e.to_string())?;
        // Looked up first: a missing tool fails before a long build.
        let trunk_bin = tool("trunk")?;
        tool("chromedriver")?;
        tool("chromium")?;

        let port = free_port()?;
        let trunk_log = logs.join("trunk.log");
        eprintln!(
            "e2e: trunk serve on 127.0.0.1:{port} (log: {})",
            trunk_log.display()
        );
        let log_file = std::fs::File::create(&trunk_log).map_err(|e| e.to_string())?;
        let mut trunk = Command::new(trunk_bin)
            .current_dir(&root)
            .args([
                "serve",
                "--no-autoreload",
                "--port",
                &port.to_string(),
                "--dist",
            ])
            .arg(logs.join("dist"))
            // The same wasm build settings as `./dev serve` (see .cargo/config.toml).
            .env("CARGO_UNSTABLE_BUILD_STD", "panic_abort,std")
            // As ./dev's wasm_env: the page the tests load is built as deployed.
            .env("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size")
            .env("CARGO_TARGET_DIR", root.join("target/wasm"))
            .env("TRUNK_SKIP_VERSION_CHECK", "true")
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().map_err(|e| e.to_string())?)
            .stderr(log_file)
            .spawn()
            .map_err(|e| format!("trunk did not start: {e}"))?;
        // Trunk answers once its first build is in dist/; a cold build
        // (std from source, Leptos) takes minutes on 2 cores.
        let served = || {
            http_get(port, "/")
                .is_some_and(|b| b.starts_with("HTTP/1.1 200") && b.contains("_bg.wasm"))
        };
        if let Err(e) = wait_until(
            "trunk serve",
            &mut trunk,
            &trunk_log,
            Duration::from_secs(1800),
            served,
        ) {
            let _ = trunk.kill();
            return Err(e);
        }
        match Self::browser(format!("http://127.0.0.1:{port}/")) {
            Ok(env) => Ok(Self {
                trunk: Some(trunk),
                ..env
            }),
            Err(e) => {
                let _ = trunk.kill();
                Err(e)
            }
        }
    }

    /// Starts chromedriver and opens a browser session on the page at `base`
    /// (a page served by someone else: the benchmarks' static site).
    pub fn browser(base: String) -> Result<Self, String> {
        Self::browser_in(Engine::Chromium, base)
    }

    /// Starts `engine`'s WebDriver server and opens a session on the page at
    /// `base` (served by another `Env`'s trunk, or a static site).
    pub fn browser_in(engine: Engine, base: String) -> Result<Self, String> {
        let logs = root().join("target/e2e");
        std::fs::create_dir_all(&logs).map_err(|e| e.to_string())?;
        // Outside the project: nothing the browser writes may look like a source change.
        let profile = std::env::temp_dir().join(format!(
            "scaling-playground-e2e-{}-{}",
            engine.name(),
            std::process::id()
        ));
        let mut driver = Driver::start(engine, free_port()?, &logs, &profile)?;
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        // Retry the session itself until the driver takes it: the readiness
        // that matters, with no guess at how long it takes to listen.
        let started = Instant::now();
        let client = loop {
            let attempt = rt.block_on(async {
                ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                    .capabilities(driver.capabilities.clone())
                    .connect(&format!("http://127.0.0.1:{}", driver.port))
                    .await
            });
            let alive = driver.child.try_wait().ok().flatten().is_none();
            match attempt {
                Ok(c) => break c,
                Err(_) if alive && started.elapsed() < Duration::from_secs(60) => {
                    std::thread::sleep(Duration::from_millis(250));
                }
                Err(e) => {
                    driver.stop();
                    return Err(format!(
                        "no {} session: {e}; its driver's log ({}):\n{}",
                        engine.name(),
                        driver.log.display(),
                        tail(&driver.log)
                    ));
                }
            }
        };
        // Firefox and WebKit take no window size on their command line.
        // WebKit's is small, and it clicks nothing of a frame that is not
        // in view: the widget tests' Run button was missed.
        if engine != Engine::Chromium {
            rt.block_on(client.set_window_size(1280, 1400))
                .map_err(|e| format!("{} refused a window size: {e}", engine.name()))?;
        }
        Ok(Self {
            rt,
            trunk: None,
            driver,
            client,
            engine,
            profile,
            base,
        })
    }

    /// Runs a test's future to completion.
    pub fn block_on<T>(&self, f: impl std::future::Future<Output = T>) -> T {
        self.rt.block_on(f)
    }

    /// Opens the lab (`?view=lab`: the page's first view is the tour)
    /// afresh and waits until it is ready to use.
    pub async fn page(&self) -> Result<Page, Failed> {
        self.page_at(&format!("{}?view=lab", self.base)).await
    }

    /// Opens the page at `url` (the page with a link's query) afresh.
    pub async fn page_at(&self, url: &str) -> Result<Page, Failed> {
        Page::open(self.client.clone(), self.engine, url).await
    }

    /// Closes the browser and stops the servers.
    pub fn stop(mut self) {
        let _ = self.rt.block_on(self.client.clone().close());
        if let Some(mut t) = self.trunk.take() {
            let _ = t.kill();
            let _ = t.wait();
        }
        self.driver.stop();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}
