//! The page as a user sees it: open, choose, type, click, wait, read.

use crate::engine::Engine;
use fantoccini::{Client, Locator, elements::Element};
use libtest_mimic::Failed;
use std::time::{Duration, Instant};

/// An open page in the shared browser session.
pub struct Page {
    c: Client,
    /// The engine showing it: what a test may expect differs in a few places.
    pub engine: Engine,
}

/// One row of a results table, as shown.
#[derive(Debug)]
pub struct Row {
    /// `data-mode`: sequential, threads, async.
    pub mode: String,
    /// The time column's text, e.g. `12.3 ms`.
    pub time: String,
    /// The checksum column's text (16 hex digits).
    pub checksum: String,
    /// The agreement mark: ✓ or ✗.
    pub agrees: String,
    /// The page-responsiveness column, e.g. `smooth: 0 long tasks, …`.
    pub page: String,
    /// The fastest and slowest run, e.g. `11.2 ms – 13.0 ms` (empty for one run).
    pub range: String,
    /// How many runs were counted, e.g. `3 (+1 warm-up)`.
    pub runs: String,
}

impl Row {
    /// How long the page's thread was blocked at most during this mode, in
    /// ms, from the page column (`…; page thread blocked up to 12 ms`).
    pub fn blocked_ms(&self) -> Result<f64, Failed> {
        self.page
            .split("page thread blocked up to ")
            .nth(1)
            .and_then(|rest| rest.split(" ms").next()?.parse().ok())
            .ok_or_else(|| format!("{}: no blocking figure in {:?}", self.mode, self.page).into())
    }

    /// The longest step of the run's own code on the page's thread, in ms,
    /// from the page column (`…; this run's longest step on it 0.1 ms`).
    pub fn step_ms(&self) -> Result<f64, Failed> {
        self.page
            .split("this run's longest step on it ")
            .nth(1)
            .and_then(|rest| rest.trim_end_matches(" ms").parse().ok())
            .ok_or_else(|| format!("{}: no step figure in {:?}", self.mode, self.page).into())
    }

    /// The time (the median) in milliseconds, parsed from what is shown.
    pub fn millis(&self) -> Result<f64, Failed> {
        millis(&self.time)
    }

    /// The fastest and slowest run in milliseconds, parsed from what is shown.
    pub fn range_ms(&self) -> Result<(f64, f64), Failed> {
        let (lo, hi) = self
            .range
            .split_once(" – ")
            .ok_or_else(|| format!("{}: no range in {:?}", self.mode, self.range))?;
        Ok((millis(lo)?, millis(hi)?))
    }
}

/// The first whole number in `text`.
pub fn number_in(text: &str) -> Option<usize> {
    text.split(|c: char| !c.is_ascii_digit())
        .find(|s| !s.is_empty())?
        .parse()
        .ok()
}

/// Milliseconds from a figure as the page shows it: `12.3 ms` or `1.23 s`.
pub fn millis(text: &str) -> Result<f64, Failed> {
    let (num, unit) = text
        .split_once(' ')
        .ok_or_else(|| format!("time {text:?} has no unit"))?;
    let v: f64 = num
        .parse()
        .map_err(|_| format!("time {text:?} is not a number"))?;
    Ok(match unit {
        "ms" => v,
        "s" => v * 1000.0,
        _ => return Err(format!("time {text:?}: unknown unit").into()),
    })
}

/// How long [`Page::find`] waits for an element to appear.
const FIND_WAIT_SECS: u64 = 10;

/// The text of `el` as shown; for an element in a closed `<details>` (the
/// capability figures are one click away), its text content, with white
/// space collapsed as a browser shows it.
async fn read(el: &Element) -> Result<String, Failed> {
    let shown = el.text().await.map_err(err)?;
    if !shown.is_empty() {
        return Ok(shown);
    }
    let content = el
        .prop("textContent")
        .await
        .map_err(err)?
        .unwrap_or_default();
    Ok(content.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn err(e: impl std::fmt::Display) -> Failed {
    Failed::from(e.to_string())
}

impl Page {
    /// Loads the page and waits for the pool and the I/O endpoint to settle.
    pub async fn open(c: Client, engine: Engine, base: &str) -> Result<Self, Failed> {
        c.goto(base).await.map_err(err)?;
        Self::open_here(c, engine).await
    }

    /// Waits for the page the browser shows now to be ready, as [`Page::open`].
    async fn open_here(c: Client, engine: Engine) -> Result<Self, Failed> {
        let p = Self { c, engine };
        // Generous: on a busy 2-core machine compiling the module takes a while.
        p.wait_text("#cap-pool", |t| !t.contains("starting"), 120)
            .await?;
        // The I/O panel's endpoint line, where the page has one (a tour
        // step of CPU work has none).
        let fetches = p.exists("#io-endpoint").await?;
        if let (true, Err(e)) = (
            fetches,
            p.wait_text("#io-endpoint", |t| !t.contains("starting"), 30)
                .await,
        ) {
            let state = p
                .eval_async(
                    "navigator.serviceWorker.getRegistration().then(r => JSON.stringify({ \
                     controller: !!navigator.serviceWorker.controller, \
                     active: r && r.active && r.active.state, installing: r && r.installing && r.installing.state, \
                     waiting: r && r.waiting && r.waiting.state, url: location.href }))",
                )
                .await?;
            return Err(format!("{:?}; service worker: {state}", e.message()).into());
        }
        Ok(p)
    }

    /// Sends a Chrome DevTools Protocol command through chromedriver
    /// (`goog/cdp/execute`; Chromium only): network emulation, clearing
    /// the cache and the site's storage before a cold load.
    pub async fn cdp(
        &self,
        cmd: &str,
        params: serde_json::Value,
    ) -> Result<serde_json::Value, Failed> {
        self.c
            .issue_cmd(Cdp {
                cmd: cmd.to_owned(),
                params,
            })
            .await
            .map_err(|e| err(format!("{cmd}: {e}")))
    }

    /// Goes to `url` without waiting for the app (a file, or a page of another site).
    pub async fn goto(&self, url: &str) -> Result<(), Failed> {
        self.c.goto(url).await.map_err(err)
    }

    /// Opens `host`, a page with the widget in an iframe; waits for the
    /// widget to size its frame (the host's script applies its resize
    /// message) and for its pool to settle, and from then on acts inside
    /// the frame. [`Page::leave_frame`] goes back.
    pub async fn embedded(self, host: &str) -> Result<Self, Failed> {
        self.goto(host).await?;
        let start = Instant::now();
        loop {
            let h = self
                .eval("(document.querySelector('iframe') || {style: {}}).style.height")
                .await?;
            let h = h.as_str().unwrap_or_default();
            if !h.is_empty() && h != "640px" {
                break;
            }
            if start.elapsed() > Duration::from_secs(120) {
                return Err(format!("the host's frame was never resized (height {h:?})").into());
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        self.c.enter_frame(0).await.map_err(err)?;
        self.wait_text("#cap-pool", |t| !t.contains("starting"), 120)
            .await?;
        Ok(self)
    }

    /// Acts inside the page's first frame from now on ([`Page::leave_frame`]
    /// goes back).
    pub async fn enter_frame(&self) -> Result<(), Failed> {
        self.c.enter_frame(0).await.map_err(err)
    }

    /// Back from a frame to the top-level page.
    pub async fn leave_frame(&self) -> Result<(), Failed> {
        self.c.enter_parent_frame().await.map_err(err)
    }

    /// Evaluates a JavaScript expression that yields a promise; its JSON value.
    pub async fn eval_async(&self, expr: &str) -> Result<serde_json::Value, Failed> {
        self.c
            .execute_async(
                &format!("const done = arguments[arguments.length - 1]; Promise.resolve({expr}).then(done, e => done(String(e)));"),
                vec![],
            )
            .await
            .map_err(err)
    }

    /// A property of the first element matching `css` (a textarea's `value`).
    /// Ticks exactly the mode boxes `on` among `all` (ids `{prefix}{mode}`),
    /// clicking only those whose state must change.
    pub async fn tick_only(&self, prefix: &str, all: &[&str], on: &[&str]) -> Result<(), Failed> {
        for mode in all {
            let css = format!("#{prefix}{mode}");
            let ticked = self.prop(&css, "checked").await? == "true";
            if ticked != on.contains(mode) {
                self.click(&css).await?;
            }
        }
        Ok(())
    }

    pub async fn prop(&self, css: &str, name: &str) -> Result<String, Failed> {
        Ok(self
            .find(css)
            .await?
            .prop(name)
            .await
            .map_err(err)?
            .unwrap_or_default())
    }

    /// Opens `base` instead, in the same browser session.
    pub async fn reopen(self, base: &str) -> Result<Self, Failed> {
        Self::open(self.c, self.engine, base).await
    }

    /// The first element matching `css`.
    ///
    /// Waits a little for it, as a user's eye does: WebKit's driver can
    /// look before the page has drawn what the last click changed (a
    /// field after a workload is picked, the verdict after a run), and
    /// failed so now and then where Chromium and Firefox never did.
    async fn find(&self, css: &str) -> Result<Element, Failed> {
        self.c
            .wait()
            .at_most(Duration::from_secs(FIND_WAIT_SECS))
            .every(Duration::from_millis(50))
            .for_element(Locator::Css(css))
            .await
            .map_err(|e| format!("{css}: {e}").into())
    }

    /// The text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> Result<String, Failed> {
        read(&self.find(css).await?).await
    }

    /// Whether an element matching `css` exists now.
    pub async fn exists(&self, css: &str) -> Result<bool, Failed> {
        Ok(!self
            .c
            .find_all(Locator::Css(css))
            .await
            .map_err(err)?
            .is_empty())
    }

    /// Waits up to `secs` for `css`'s text to satisfy `ok`; returns that text.
    pub async fn wait_text(
        &self,
        css: &str,
        ok: impl Fn(&str) -> bool,
        secs: u64,
    ) -> Result<String, Failed> {
        let start = Instant::now();
        let mut last = None;
        while start.elapsed() < Duration::from_secs(secs) {
            if let Ok(el) = self.c.find(Locator::Css(css)).await {
                let text = read(&el).await.unwrap_or_default();
                if ok(&text) {
                    return Ok(text);
                }
                last = Some(text);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(match last {
            Some(text) => format!("{css}: still {text:?} after {secs} s"),
            None => format!(
                "{css}: not on the page after {secs} s (did the app start? see the browser console)"
            ),
        }
        .into())
    }

    /// Chooses the option with value `value` in the `<select>` at `css`.
    pub async fn set_select(&self, css: &str, value: &str) -> Result<(), Failed> {
        self.find(css)
            .await?
            .select_by_value(value)
            .await
            .map_err(err)
    }

    /// Chooses a CPU workload in the picker.
    pub async fn choose_workload(&self, key: &str) -> Result<(), Failed> {
        self.set_select("#workload", key).await?;
        // The picker resets the fields to that workload's defaults.
        self.wait_text("#cpu .controls", |t| !t.is_empty(), 5)
            .await?;
        Ok(())
    }

    /// Replaces the text of form field `key`, as typing would.
    pub async fn set_field(&self, key: &str, value: &str) -> Result<(), Failed> {
        self.set_field_in("", key, value).await
    }

    /// [`Page::set_field`] for a panel whose field ids carry `prefix`
    /// (`hybrid-`), since several panels have a field of the same name.
    pub async fn set_field_in(&self, prefix: &str, key: &str, value: &str) -> Result<(), Failed> {
        let el = self.find(&format!("#{prefix}field-{key}")).await?;
        el.clear().await.map_err(err)?;
        // Emptying is all there is to do: WebKitWebDriver refuses to send
        // no keys ("Missing text parameter").
        if !value.is_empty() {
            el.send_keys(value).await.map_err(err)?;
        }
        Ok(())
    }

    /// Sets how often `panel`'s modes run: `warmup` uncounted runs, then
    /// `counted` ones.
    pub async fn repeat(&self, panel: &str, warmup: &str, counted: &str) -> Result<(), Failed> {
        let prefix = format!("{panel}-");
        self.set_field_in(&prefix, "warmup", warmup).await?;
        self.set_field_in(&prefix, "repeats", counted).await
    }

    /// Clicks an element.
    pub async fn click(&self, css: &str) -> Result<(), Failed> {
        self.find(css).await?.click().await.map_err(err)
    }

    /// Presses each of `keys` (a character or a WebDriver key code such as
    /// `fantoccini::key::Key::Tab`) on whatever has the focus, as a user
    /// at the keyboard does.
    pub async fn press(&self, keys: &[char]) -> Result<(), Failed> {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut a = KeyActions::new("keyboard".into());
        for &k in keys {
            a = a
                .then(KeyAction::Down { value: k })
                .then(KeyAction::Up { value: k });
        }
        self.c.perform_actions(a).await.map_err(err)
    }

    /// The id of the element that has the focus ("" for none or the page).
    pub async fn focused(&self) -> Result<String, Failed> {
        let id = self
            .eval("document.activeElement ? document.activeElement.id : ''")
            .await?;
        Ok(id.as_str().unwrap_or_default().to_owned())
    }

    /// An attribute of the first element matching `css` (empty if absent).
    pub async fn attr(&self, css: &str, name: &str) -> Result<String, Failed> {
        Ok(self
            .find(css)
            .await?
            .attr(name)
            .await
            .map_err(err)?
            .unwrap_or_default())
    }

    /// The page's address without its query: the base its links are made on.
    pub async fn here(&self) -> Result<String, Failed> {
        let here = self.eval("location.origin + location.pathname").await?;
        Ok(here.as_str().ok_or("no location")?.to_owned())
    }

    /// Evaluates a JavaScript expression in the page and returns its JSON value.
    pub async fn eval(&self, expr: &str) -> Result<serde_json::Value, Failed> {
        self.c
            .execute(&format!("return ({expr});"), vec![])
            .await
            .map_err(err)
    }

    /// Clicks `css`, a button that offers a file for download, and returns
    /// the file's text: the page's `URL.createObjectURL` is watched for the
    /// Blob it hands the browser (headless downloads land nowhere readable).
    pub async fn download(&self, css: &str) -> Result<String, Failed> {
        self.eval(
            "(() => { if (!window.__blobs) { window.__blobs = []; const make = URL.createObjectURL; \
             URL.createObjectURL = b => { window.__blobs.push(b); return make.call(URL, b); }; } \
             window.__blobs.length = 0; return true; })()",
        )
        .await?;
        self.click(css).await?;
        let text = self
            .c
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 const b = window.__blobs.shift(); \
                 if (!b) { done(null); } else { b.text().then(done, e => done(null)); }",
                vec![],
            )
            .await
            .map_err(err)?;
        text.as_str()
            .map(str::to_owned)
            .ok_or_else(|| format!("{css} offered no file").into())
    }

    /// The core count the capability line shows.
    pub async fn cores(&self) -> Result<usize, Failed> {
        number_in(&self.text("#cap-cores").await?).ok_or_else(|| "no core count".into())
    }

    /// Checks that in panel `panel`'s results table, column `column` of each
    /// mode's row reads exactly as given.
    pub async fn check_cells(
        &self,
        panel: &str,
        column: &str,
        want: &[(&str, &str)],
    ) -> Result<(), Failed> {
        for &(mode, want) in want {
            let shown = self
                .text(&format!("#{panel} tbody tr[data-mode={mode}] td.{column}"))
                .await?;
            if shown != want {
                return Err(format!("{mode}: {column} {shown:?}, want {want:?}").into());
            }
        }
        Ok(())
    }

    /// Scrolls `css` into view and saves a screenshot under `target/e2e/`, for people to look at.
    pub async fn screenshot(&self, css: &str, name: &str) -> Result<(), Failed> {
        let js = "document.querySelector(arguments[0]).scrollIntoView({block: 'start'})";
        self.c.execute(js, vec![css.into()]).await.map_err(err)?;
        let png = self.c.screenshot().await.map_err(err)?;
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../target/e2e")
            .join(name);
        std::fs::write(&path, png).map_err(|e| format!("{}: {e}", path.display()).into())
    }

    /// Clicks the link whose visible text is `text`, and waits for the page
    /// it opens to be ready (as [`Page::open`]).
    pub async fn follow(self, text: &str) -> Result<Self, Failed> {
        let link = self
            .c
            .wait()
            .at_most(Duration::from_secs(FIND_WAIT_SECS))
            .for_element(Locator::LinkText(text))
            .await
            .map_err(|e| format!("no link “{text}”: {e}"))?;
        let href = link.prop("href").await.map_err(err)?.unwrap_or_default();
        link.click().await.map_err(err)?;
        let left = Instant::now();
        // Wait for the new address before the new page's checks (WebKit may
        // answer the click before it navigates, and once took over 10 s to
        // leave a step whose slow answers the service worker still held).
        // (An answer may fail while the browser navigates: asked again.)
        while self.eval("location.href").await.ok() != Some(serde_json::Value::String(href.clone()))
        {
            if left.elapsed() > Duration::from_secs(3 * FIND_WAIT_SECS) {
                return Err(format!("“{text}” did not open {href}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Self::open_here(self.c, self.engine).await
    }

    /// Loads `url` in this page's tab and waits for it as [`Page::open`].
    pub async fn load(&self, url: &str) -> Result<(), Failed> {
        Self::open(self.c.clone(), self.engine, url)
            .await
            .map(|_| ())
    }

    /// Shows the page as a 390 × 844 phone does (`on`), or as before. In
    /// Chromium a mobile viewport (its layout viewport, touch-sized), in
    /// the others a window of that size.
    pub async fn phone(&self, on: bool) -> Result<(), Failed> {
        if self.engine == Engine::Chromium {
            if on {
                let metrics = serde_json::json!({
                    "width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": true
                });
                self.cdp("Emulation.setDeviceMetricsOverride", metrics)
                    .await?;
            } else {
                self.cdp(
                    "Emulation.clearDeviceMetricsOverride",
                    serde_json::json!({}),
                )
                .await?;
            }
            return Ok(());
        }
        let (w, h) = if on { (390, 844) } else { (1280, 1400) };
        self.c.set_window_size(w, h).await.map_err(err)
    }

    /// Whether the button `css` is disabled.
    pub async fn disabled(&self, css: &str) -> Result<bool, Failed> {
        Ok(self
            .find(css)
            .await?
            .prop("disabled")
            .await
            .map_err(err)?
            .as_deref()
            == Some("true"))
    }

    /// [`Page::run`], then [`check_rows`] against `modes` and the checksum
    /// `want`, with the panel's verdict.
    pub async fn run_checked(
        &self,
        panel: &str,
        secs: u64,
        modes: &[&str],
        want: &str,
    ) -> Result<Vec<Row>, Failed> {
        self.run(panel, secs).await?;
        self.results_checked(panel, modes, want).await
    }

    /// The last run's rows in `panel`, checked as [`Page::run_checked`]
    /// checks them (for a run started some other way).
    pub async fn results_checked(
        &self,
        panel: &str,
        modes: &[&str],
        want: &str,
    ) -> Result<Vec<Row>, Failed> {
        let rows = self.results(panel).await?;
        let verdict = self.text(&format!("#{panel} .verdict")).await?;
        check_rows(&rows, modes, want, &verdict)?;
        Ok(rows)
    }

    /// Clicks `button` (Run, or another button that starts a run) and waits
    /// up to `secs` for the run it starts in `panel` to end: `#{panel}-run`
    /// must leave "Run" after the click, then read "Run" again.
    ///
    /// Why a watcher instead of reading the button after the click: WebKit's
    /// WebDriver may answer a click before the page has handled it, so the
    /// button can still read "Run" from before the run (a CI run read no
    /// rows that way). A `MutationObserver` set before the click sees the
    /// button change, however short the run.
    pub async fn click_and_wait(&self, button: &str, panel: &str, secs: u64) -> Result<(), Failed> {
        self.watch_for_run(panel).await?;
        self.click(button).await?;
        self.wait_for_watched_run(panel, button, secs).await
    }

    /// Sets the watcher [`Page::click_and_wait`] explains on `#{panel}-run`,
    /// before whatever starts a run (a click, a key).
    pub async fn watch_for_run(&self, panel: &str) -> Result<(), Failed> {
        let run = format!("#{panel}-run");
        // A promise of whether the button left "Run" within 10 s.
        self.eval(&format!(
            "(() => {{ const b = document.querySelector({run:?}); \
             window.__runStarted = new Promise(done => {{ \
             const o = new MutationObserver(() => {{ if (b.textContent !== 'Run') \
             {{ o.disconnect(); done(true); }} }}); \
             o.observe(b, {{ childList: true, subtree: true, characterData: true }}); \
             setTimeout(() => {{ o.disconnect(); done(false); }}, 10000); }}); return true; }})()"
        ))
        .await?;
        Ok(())
    }

    /// Waits for the run [`Page::watch_for_run`] watches for to start (within
    /// 10 s of the watch: else `what` started none) and then to end (within
    /// `secs`).
    pub async fn wait_for_watched_run(
        &self,
        panel: &str,
        what: &str,
        secs: u64,
    ) -> Result<(), Failed> {
        if self.eval_async("window.__runStarted").await? != serde_json::Value::Bool(true) {
            return Err(format!("{what}: no run started in 10 s").into());
        }
        self.wait_text(&format!("#{panel}-run"), |t| t == "Run", secs)
            .await?;
        Ok(())
    }

    /// Clicks Run in panel `panel` (`cpu` or `io`), waits for the run to end
    /// (up to `secs`), fails with the page's message if it reports an error,
    /// and returns the rows of the results table.
    pub async fn run(&self, panel: &str, secs: u64) -> Result<Vec<Row>, Failed> {
        let button = format!("#{panel}-run");
        if self.disabled(&button).await? {
            return Err(format!("{button} is disabled").into());
        }
        self.click_and_wait(&button, panel, secs).await?;
        self.results(panel).await
    }

    /// The rows of the last run's results table in `panel`, each checked to
    /// have a bar; fails with the page's message if it reports an error.
    pub async fn results(&self, panel: &str) -> Result<Vec<Row>, Failed> {
        if self.exists(&format!("#{panel}-error")).await? {
            return Err(format!(
                "the page reports: {}",
                self.text(&format!("#{panel}-error")).await?
            )
            .into());
        }
        let mut rows = Vec::new();
        for tr in self
            .c
            .find_all(Locator::Css(&format!("#{panel} tbody tr")))
            .await
            .map_err(err)?
        {
            // A cell the compact widget hides is read all the same: its
            // figure is still in the page.
            let cell = |name: &'static str| {
                let tr = tr.clone();
                async move {
                    let td = tr
                        .find(Locator::Css(&format!("td.{name}")))
                        .await
                        .map_err(err)?;
                    read(&td).await
                }
            };
            rows.push(Row {
                mode: tr.attr("data-mode").await.map_err(err)?.unwrap_or_default(),
                time: cell("time").await?,
                checksum: cell("checksum").await?,
                agrees: cell("agrees").await?,
                page: cell("page").await?,
                range: cell("range").await?,
                runs: cell("n").await?,
            });
        }
        let bars = self
            .c
            .find_all(Locator::Css(&format!("#{panel} svg g.bar rect")))
            .await
            .map_err(err)?;
        if bars.len() != rows.len() {
            return Err(format!("{} bars for {} results", bars.len(), rows.len()).into());
        }
        for b in bars {
            let w: f64 = b
                .attr("width")
                .await
                .map_err(err)?
                .unwrap_or_default()
                .parse()
                .map_err(err)?;
            if w <= 0.0 {
                return Err("a bar has no width".into());
            }
        }
        Ok(rows)
    }
}

/// How long the main-thread mode's one step must hold the page's thread,
/// at least: twice the browser's long-task threshold. The main-thread test's
/// workload takes far longer there.
///
/// Why the test compares steps instead of bounding them: on this 2-core VM
/// (26 % CPU steal) the page's thread stalls while workers start and warm
/// up, inside whatever it is doing. Logged in one run: single `fetch()`
/// calls that took 110-354 ms, and a 95 ms poll that only took a result off
/// a channel. Any short step can land in such a stall, so no fixed bound on
/// the other modes' steps passes reliably; the heartbeat figure fares worse
/// (16 ms to 1.1 s, even during sequential I/O, which only awaits fetches).
/// What a stall cannot do is make a step as long as the whole computation,
/// which is the step of any mode that computes on the page's thread.
pub const MIN_MAIN_STEP_MS: f64 = 100.0;

/// Checks the rows are exactly `modes`, each with a positive time, a ✓, and
/// the checksum `want` (computed natively by the caller).
fn check_rows(rows: &[Row], modes: &[&str], want: &str, verdict: &str) -> Result<(), Failed> {
    let got: Vec<&str> = rows.iter().map(|r| r.mode.as_str()).collect();
    if got != modes {
        return Err(format!("modes shown {got:?}, want {modes:?}").into());
    }
    for r in rows {
        if r.millis()? <= 0.0 {
            return Err(format!("{}: time {:?} is not positive", r.mode, r.time).into());
        }
        // Every row says how long the page's thread was blocked, and how
        // long the run's own longest step on it took.
        r.blocked_ms()?;
        r.step_ms()?;
        if r.checksum != want || r.agrees != "✓" {
            return Err(format!(
                "{}: checksum {} {} but native computes {want}",
                r.mode, r.checksum, r.agrees
            )
            .into());
        }
    }
    if !verdict.starts_with('✓') {
        return Err(format!("verdict: {verdict}").into());
    }
    Ok(())
}

/// One mode's timeline as the page drew it.
#[derive(Debug, serde::Deserialize)]
pub struct Drawn {
    /// `data-mode` of the figure.
    pub mode: String,
    /// The run's length, ms: the spans belong inside `0..=end`.
    pub end: f64,
    /// Lane labels, top to bottom.
    pub lanes: Vec<String>,
    /// (lane, class, start, end) of every span.
    pub spans: Vec<(usize, String, f64, f64)>,
    /// The in-flight strip's peak, where there is one.
    pub peak: Option<usize>,
    /// Its peak of requests on the network, where the browser told.
    pub wire_peak: Option<usize>,
}

/// How far a span may poke out of its run: the page's and the workers'
/// `timeOrigin + now()` agree to the 5 µs tick, not exactly.
const CLOCK_SLACK_MS: f64 = 1.0;

impl Drawn {
    /// The spans of one activity (`task`, `gil`, `wait`, `transfer`).
    pub fn count(&self, class: &str) -> usize {
        self.spans.iter().filter(|s| s.1 == class).count()
    }

    /// Checks the drawing has `lanes` lanes, every span on one of them and
    /// inside the run's bounds, and `items` spans of `class`.
    pub fn check(&self, lanes: usize, class: &str, items: usize) -> Result<(), Failed> {
        let m = &self.mode;
        if self.lanes.len() != lanes {
            return Err(format!("{m}: lanes {:?}, want {lanes}", self.lanes).into());
        }
        if self.end.is_nan() || self.end <= 0.0 {
            return Err(format!("{m}: run length {}", self.end).into());
        }
        for &(lane, ref class, start, end) in &self.spans {
            let inside =
                -CLOCK_SLACK_MS <= start && start <= end && end <= self.end + CLOCK_SLACK_MS;
            if lane >= lanes || !inside {
                return Err(format!(
                    "{m}: {class} span {start}–{end} on lane {lane} outside 0–{} on {lanes} lanes",
                    self.end
                )
                .into());
            }
        }
        if self.count(class) != items {
            return Err(format!("{m}: {} {class} spans, want {items}", self.count(class)).into());
        }
        Ok(())
    }
}

impl Page {
    /// Every timeline in panel `panel`, in order.
    pub async fn timelines(&self, panel: &str) -> Result<Vec<Drawn>, Failed> {
        let js = format!(
            r#"[...document.querySelectorAll('#{panel} figure.timeline')].map(f => ({{
                mode: f.dataset.mode,
                end: Number(f.querySelector('svg').dataset.end),
                lanes: [...f.querySelectorAll('g.lane text')].map(t => t.textContent),
                spans: [...f.querySelectorAll('rect.span')].map(r =>
                    [Number(r.dataset.lane), r.classList[1], Number(r.dataset.start), Number(r.dataset.end)]),
                peak: f.querySelector('g.in-flight') ? Number(f.querySelector('g.in-flight').dataset.peak) : null,
                wire_peak: f.querySelector('g.in-flight[data-wire-peak]')
                    ? Number(f.querySelector('g.in-flight').dataset.wirePeak) : null,
            }}))"#
        );
        serde_json::from_value(self.eval(&js).await?).map_err(|e| format!("timelines: {e}").into())
    }
}

/// A Chrome DevTools Protocol command, as chromedriver takes it.
#[derive(Debug)]
struct Cdp {
    cmd: String,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}
