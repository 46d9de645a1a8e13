//! The page's address as a link to its configuration: read at start, kept
//! up to date as the settings change, and copied with one click.

use lab::ModeKind;
use leptos::prelude::*;

/// The page address's query, decoded (see [`lab::query::parse`]).
pub fn query_pairs() -> Vec<(String, String)> {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    lab::query::parse(&search)
}

/// Keeps one panel's configuration (`query`, while it is valid) in the
/// address bar from its first change on. Not at start: the address then
/// stays the link as opened, so its notes survive a reload (the first visit
/// to a host without headers reloads once) and "Copy link" copies what the
/// visitor was given until they change something.
pub fn keep_in_address_bar(prefix: &'static str, query: Memo<Option<Vec<(String, String)>>>) {
    Effect::new(move |started: Option<()>| {
        let q = query.get();
        if let (Some(()), Some(q)) = (started, q) {
            show_in_address_bar(prefix, &q);
        }
    });
}

/// Puts `pairs`, one panel's configuration (keys starting with `prefix`),
/// in the address bar's query, without a reload or a new history entry.
/// The other panels' keys and the page's own (view, isolation, widget id:
/// `lab::link::embed::PAGE_KEYS`) stay; anything else goes, since it was noted
/// as unknown when the page started.
fn show_in_address_bar(prefix: &str, pairs: &[(String, String)]) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let mut all: Vec<(String, String)> = query_pairs()
        .into_iter()
        .filter(|(k, _)| {
            lab::link::embed::PAGE_KEYS.contains(&k.as_str())
                || lab::link::PREFIXES
                    .iter()
                    .any(|p| *p != prefix && k.starts_with(p))
        })
        .collect();
    all.extend(pairs.iter().cloned());
    let query = lab::query::to_string(&all);
    let location = window.location();
    let url = format!(
        "{}?{query}{}",
        location.pathname().unwrap_or_default(),
        location.hash().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// "Copy link": the page's address, which holds its configuration.
#[component]
pub fn CopyLink(id: &'static str) -> impl IntoView {
    let status = RwSignal::new(None::<String>);
    let copy = move |_| {
        let Some(window) = web_sys::window() else {
            return;
        };
        let href = window.location().href().unwrap_or_default();
        let shown = href.clone();
        crate::report::export::copy_text(
            &href,
            status,
            "link copied: it opens the page with its panels as they are set now".to_owned(),
            move |_| format!("the browser refused the clipboard; the link is {shown}"),
        );
    };
    view! {
        <button
            id=id
            class="secondary"
            on:click=copy
            title="The page's address holds these settings: copy it to share this experiment"
        >
            "Copy link"
        </button>
        <span class="export-status" role="status">
            {move || status.get()}
        </span>
    }
}

/// Above a panel's Run: what of the link's settings for it could not be
/// used (each fell back to its default). Nothing when all could.
#[component]
pub fn LinkNote(id: &'static str, notes: Vec<String>) -> impl IntoView {
    (!notes.is_empty()).then(|| {
        view! {
            <p class="warning" role="status" id=id>
                {format!(
                    "Some of this link's settings could not be used, so their defaults are: {}.",
                    notes.join("; "),
                )}
            </p>
        }
    })
}

/// A panel's mode tick boxes: one signal per mode of `kinds` (the panel's
/// list in `lab::mode`), started from a link's modes, and read back in the
/// list's order for the link.
#[derive(Clone, Copy)]
pub struct ModeTicks<const N: usize> {
    kinds: [ModeKind; N],
    on: [RwSignal<bool>; N],
}

impl<const N: usize> ModeTicks<N> {
    /// A tick box per mode of `kinds`, ticked when `chosen` has it.
    pub fn new(kinds: [ModeKind; N], chosen: &[ModeKind]) -> Self {
        Self {
            kinds,
            on: kinds.map(|k| RwSignal::new(chosen.contains(&k))),
        }
    }

    /// The tick box of `mode`: one for each of the panel's modes, and a
    /// box that is never ticked (nor shown) for a mode the panel lacks.
    pub fn of(self, mode: ModeKind) -> RwSignal<bool> {
        debug_assert!(
            self.kinds.contains(&mode),
            "{mode} is not one of {:?}",
            self.kinds
        );
        self.kinds
            .iter()
            .position(|&k| k == mode)
            .map_or_else(|| RwSignal::new(false), |i| self.on[i])
    }

    /// The tick box of `kind`, with id `{prefix}mode-{key}`, greyed out
    /// (and still ticked, so a link means the same elsewhere) while
    /// `disabled`.
    pub fn tick(
        self,
        kind: ModeKind,
        prefix: &str,
        disabled: Signal<bool>,
    ) -> impl IntoView + use<N> {
        let on = self.of(kind);
        view! {
            <input
                type="checkbox"
                id=format!("{prefix}mode-{}", kind.key())
                prop:checked=on
                on:change=move |ev| on.set(event_target_checked(&ev))
                prop:disabled=move || disabled.get()
            />
        }
    }

    /// The ticked modes, in the list's order (tracked).
    pub fn ticked(self) -> Vec<ModeKind> {
        self.kinds
            .into_iter()
            .zip(self.on)
            .filter(|(_, on)| on.get())
            .map(|(k, _)| k)
            .collect()
    }
}
