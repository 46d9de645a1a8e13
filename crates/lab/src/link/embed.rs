//! The page's own parameters (which view, how to get isolation, the
//! widget's id) and the embed snippet a blogger pastes into a post.
//!
//! The snippet is an `<iframe>` of the embed view plus an optional script
//! for the host page that sizes the iframe to its content. The widget sends
//! `{type: "scaling-playground:resize", widget: <id>, height: <px>}` to its
//! parent; the script accepts only messages from the widget's origin, from
//! that very iframe, of exactly that shape, with a sane height.

/// Query keys that belong to the page, not to a panel.
pub const PAGE_KEYS: [&str; 4] = ["view", "coi", "widget", "step"];

/// The `type` of the widget's resize message.
pub const RESIZE_MESSAGE: &str = "scaling-playground:resize";

/// The tallest height the host script accepts, px.
pub const MAX_HEIGHT: u32 = 20_000;

/// Which layout the page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum View {
    /// The tour (`crate::tour`): one experiment at a time. The first view
    /// of an address without a panel's settings.
    #[default]
    Tour,
    /// The lab: all panels, the matrix, exports. `view=lab` (or `full`),
    /// and any link with a panel's settings.
    Full,
    /// The compact widget for an iframe: one workload, Run, the chart and
    /// the key figures, and a link to the full page.
    Embed,
}

/// How the page gets cross-origin isolation on a host without headers
/// (see `www/sw.js`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Coi {
    /// The service worker adds what the host did not send; the page reloads
    /// once to get it.
    #[default]
    Auto,
    /// No isolation headers from the service worker and no reload: the page
    /// as a host without headers serves it.
    Off,
    /// Everything but `Document-Isolation-Policy`: inside an iframe, what a
    /// browser without that policy (Firefox, Safari) gets.
    NoDip,
}

impl Coi {
    /// The query value, `None` for the default.
    #[must_use]
    pub fn as_query(self) -> Option<&'static str> {
        match self {
            Self::Auto => None,
            Self::Off => Some("off"),
            Self::NoDip => Some("nodip"),
        }
    }
}

/// The page's parameters, read from its address.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PageParams {
    /// The layout.
    pub view: View,
    /// How to get isolation.
    pub coi: Coi,
    /// The embed's id, echoed in its resize messages so a host page with
    /// several widgets can tell them apart.
    pub widget: Option<String>,
    /// The tour's step (an index into `crate::tour::STEPS`): the step the
    /// tour shows, or in the widget the one experiment it runs.
    pub step: Option<usize>,
}

/// Whether `id` is a usable widget id: 1 to 40 ASCII letters, digits, `-`
/// or `_` (it goes into an HTML attribute and a script's string).
#[must_use]
pub fn valid_widget_id(id: &str) -> bool {
    (1..=40).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl PageParams {
    /// Reads `view`, `coi`, `widget` and `step` from the query; whatever
    /// cannot be used falls back to its default with a note. Without a
    /// `view`, a link with a panel's settings opens the lab (every share
    /// link made before the tour did), anything else the tour.
    #[must_use]
    pub fn from_query(query: &[(String, String)]) -> (Self, Vec<String>) {
        let mut p = Self::default();
        let mut notes = Vec::new();
        let settings = query
            .iter()
            .any(|(k, _)| super::PREFIXES.iter().any(|pre| k.starts_with(pre)));
        let mut view = None;
        for (k, v) in query {
            match (k.as_str(), v.as_str()) {
                ("view", "full" | "lab") => view = Some(View::Full),
                ("view", "embed") => view = Some(View::Embed),
                ("view", "tour") => view = Some(View::Tour),
                ("view", other) => notes.push(format!(
                    "unknown view “{}”: showing the {}",
                    shorten(other),
                    if settings { "lab" } else { "tour" }
                )),
                ("step", id) => match crate::tour::find(id) {
                    Some((i, _)) => p.step = Some(i),
                    None => notes.push(format!(
                        "unknown step “{}”: starting at the tour's first",
                        shorten(id)
                    )),
                },
                ("coi", "auto") => p.coi = Coi::Auto,
                ("coi", "off") => p.coi = Coi::Off,
                ("coi", "nodip") => p.coi = Coi::NoDip,
                ("coi", other) => notes.push(format!(
                    "unknown coi “{}”: isolating where possible",
                    shorten(other)
                )),
                ("widget", id) if valid_widget_id(id) => p.widget = Some(id.to_owned()),
                ("widget", _) => notes.push(
                    "the widget id must be 1–40 letters, digits, - or _: sending no resize messages"
                        .to_owned(),
                ),
                _ => {}
            }
        }
        p.view = view.unwrap_or(if settings && p.step.is_none() {
            View::Full
        } else {
            View::Tour
        });
        (p, notes)
    }
}

/// At most 40 characters of a value, for a note.
pub(crate) fn shorten(v: &str) -> String {
    // Control characters and bidirectional overrides would garble the note
    // (or reorder the text around them): each shows as U+FFFD.
    let shown = |c: char| {
        if c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
            '\u{fffd}'
        } else {
            c
        }
    };
    let mut s: String = v.chars().take(40).map(shown).collect();
    if v.chars().count() > 40 {
        s.push('…');
    }
    s
}

/// Escapes text for an HTML attribute value in double quotes.
fn attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A widget id for a snippet of `config`: the step's or the workload's name and a short
/// hash of the whole configuration, so two different widgets in one post
/// do not share an id.
#[must_use]
pub fn widget_id(config: &[(String, String)]) -> String {
    // A tour step's id, or the CPU panel's workload.
    let workload = config
        .iter()
        .find(|(k, _)| k == "step" || k == "cpu-workload")
        .map_or("playground", |(_, w)| w.as_str());
    // FNV-1a over the query: stable across builds and machines.
    let mut h: u32 = 0x811c_9dc5;
    for b in crate::query::to_string(config).bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    let id = format!("scaling-playground-{workload}-{:06x}", h & 0x00ff_ffff);
    if valid_widget_id(&id) {
        id
    } else {
        format!("scaling-playground-{:06x}", h & 0x00ff_ffff)
    }
}

/// The embed view's address: the page at `page` (origin and path, no
/// query) with `view=embed`, the widget id and the panel's configuration.
#[must_use]
pub fn embed_url(page: &str, widget: &str, config: &[(String, String)]) -> String {
    let mut pairs = vec![
        ("view".to_owned(), "embed".to_owned()),
        ("widget".to_owned(), widget.to_owned()),
    ];
    pairs.extend(config.iter().cloned());
    format!("{page}?{}", crate::query::to_string(&pairs))
}

/// The origin of an `http(s)` address: scheme, host and port.
#[must_use]
pub fn origin_of(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    (host_len > 0).then(|| &url[..url.len() - rest.len() + host_len])
}

/// The snippet for a blog post: the iframe, and (optional, after it) the
/// script that resizes it. `page` is the playground's address without a
/// query (origin and path); `widget` a valid widget id.
#[must_use]
pub fn snippet(page: &str, widget: &str, config: &[(String, String)]) -> String {
    let src = embed_url(page, widget, config);
    let origin = origin_of(page).unwrap_or(page);
    // The id is checked (`valid_widget_id`), so it is safe in the attribute
    // and in the script's string; the origin is escaped for JSON.
    let origin_js = serde_json::to_string(origin).unwrap_or_else(|_| "\"\"".into());
    format!(
        r#"<iframe id="{widget}" src="{src}" title="Scaling Playground: the same tasks sequentially, on threads and on processes, timed in your browser" loading="lazy" allow="cross-origin-isolated" style="width: 100%; height: 640px; border: 1px solid #ccc; border-radius: 6px"></iframe>
<!-- Optional: fit the frame to its content. -->
<script>
addEventListener("message", function (e) {{
  var d = e.data, f = document.getElementById("{widget}");
  if (e.origin !== {origin_js} || !f || e.source !== f.contentWindow) return;
  if (!d || typeof d !== "object" || d.type !== "{RESIZE_MESSAGE}" || d.widget !== "{widget}") return;
  if (typeof d.height !== "number" || !(d.height >= 100 && d.height <= {MAX_HEIGHT})) return;
  f.style.height = Math.ceil(d.height) + "px";
}});
</script>
"#,
        src = attr(&src),
    )
}
