//! The embed widget's parameters and snippet, and the service worker's
//! isolation headers: the host script and the worker run under Node with
//! stand-ins for the browser, fed good and bad messages and requests.

use crate::helpers::{node, with_service_worker};
use lab::ModeKind;
use lab::link::CpuConfig;
use lab::link::embed::{Coi, PageParams, View, origin_of, snippet};

fn pairs(q: &[(&str, &str)]) -> Vec<(String, String)> {
    q.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// One query, and the page parameters and number of notes it must give.
fn check(query: &[(&str, &str)], want: &PageParams, notes: usize) {
    let (got, said) = PageParams::from_query(&pairs(query));
    assert_eq!(&got, want, "{query:?}");
    assert_eq!(said.len(), notes, "{query:?}: {said:?}");
}

#[test]
fn page_parameters_fall_back_with_a_note() {
    let embed = |coi, widget: Option<&str>| PageParams {
        view: View::Embed,
        coi,
        widget: widget.map(str::to_owned),
        step: None,
    };
    check(&[], &PageParams::default(), 0);
    check(
        &[("view", "embed"), ("widget", "w-1_A")],
        &embed(Coi::Auto, Some("w-1_A")),
        0,
    );
    check(
        &[("view", "embed"), ("coi", "nodip")],
        &embed(Coi::NoDip, None),
        0,
    );
    check(
        &[("coi", "off")],
        &PageParams {
            coi: Coi::Off,
            ..PageParams::default()
        },
        0,
    );
    check(
        &[("view", "<script>"), ("coi", "maybe")],
        &PageParams::default(),
        2,
    );
    let long = "x".repeat(41);
    for bad in ["", "a b", "\"><img>", "é", long.as_str()] {
        check(
            &[("view", "embed"), ("widget", bad)],
            &embed(Coi::Auto, None),
            1,
        );
    }
    // The page's keys are not the CPU panel's unknown keys.
    let (_, notes) = CpuConfig::from_query(
        &pairs(&[("view", "embed"), ("coi", "off"), ("widget", "a")]),
        2,
        8,
    );
    assert!(notes.is_empty(), "{notes:?}");
}

#[test]
fn origins_are_scheme_host_and_port() {
    assert_eq!(
        origin_of("https://me.github.io/playground/"),
        Some("https://me.github.io")
    );
    assert_eq!(
        origin_of("http://127.0.0.1:8080"),
        Some("http://127.0.0.1:8080")
    );
    assert_eq!(origin_of("http://h:1?x=/"), Some("http://h:1"));
    assert_eq!(origin_of("ftp://h/"), None);
    assert_eq!(origin_of("https:///x"), None);
}

#[test]
fn the_snippet_embeds_the_configuration_it_was_made_from() {
    let mut cfg = CpuConfig::defaults(4);
    cfg.workload = "regex".into();
    cfg.fields = lab::form::to_fields(&kernels::Workload::default_for("regex").expect("regex"));
    cfg.modes = vec![ModeKind::Sequential, ModeKind::Processes];
    let s = snippet("https://me.github.io/playground/", "sp-1", &cfg.to_query(4));
    for part in [
        "<iframe id=\"sp-1\"",
        "loading=\"lazy\"",
        "title=\"Scaling Playground",
        "allow=\"cross-origin-isolated\"",
        "e.origin !== \"https://me.github.io\"",
    ] {
        assert!(s.contains(part), "no {part:?} in\n{s}");
    }
    // The src, unescaped from its attribute, opens the widget with that configuration.
    let src = s
        .split("src=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("a src");
    assert!(
        !src.contains('&') || src.contains("&amp;"),
        "raw & in {src}"
    );
    let url = src.replace("&amp;", "&");
    let query = url
        .strip_prefix("https://me.github.io/playground/?")
        .expect("the page's address");
    let decoded: Vec<(String, String)> = query
        .split('&')
        .map(|p| {
            let (k, v) = p.split_once('=').expect("k=v");
            (percent_decode(k), percent_decode(v))
        })
        .collect();
    let (page, notes) = PageParams::from_query(&decoded);
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(
        (page.view, page.widget.as_deref()),
        (View::Embed, Some("sp-1"))
    );
    let (back, notes) = CpuConfig::from_query(&decoded, 4, 8);
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(back, cfg);
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).expect("hex"));
            i += 3;
        } else if b[i] == b'+' {
            // A form's space.
            out.push(b' ');
            i += 1;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("utf-8")
}

/// The host script sizes its own frame from well-formed messages of the
/// widget's origin only.
#[test]
fn the_host_script_accepts_only_well_formed_messages_from_its_frame() {
    let s = snippet("http://127.0.0.1:8080/", "sp-1", &[]);
    let script = s
        .split("<script>")
        .nth(1)
        .and_then(|r| r.split("</script>").next())
        .expect("a script");
    let origin = "http://127.0.0.1:8080";
    // Each case: [origin, from the frame?, data]; the script's verdict is the height it set.
    let cases = format!(
        r#"[
        ["{origin}", true, {{"type": "scaling-playground:resize", "widget": "sp-1", "height": 812.4}}, "813px"],
        ["http://evil.example", true, {{"type": "scaling-playground:resize", "widget": "sp-1", "height": 900}}, ""],
        ["{origin}", false, {{"type": "scaling-playground:resize", "widget": "sp-1", "height": 900}}, ""],
        ["{origin}", true, {{"type": "other", "widget": "sp-1", "height": 900}}, ""],
        ["{origin}", true, {{"type": "scaling-playground:resize", "widget": "sp-2", "height": 900}}, ""],
        ["{origin}", true, {{"type": "scaling-playground:resize", "widget": "sp-1", "height": "900"}}, ""],
        ["{origin}", true, {{"type": "scaling-playground:resize", "widget": "sp-1", "height": 1e9}}, ""],
        ["{origin}", true, {{"type": "scaling-playground:resize", "widget": "sp-1", "height": -5}}, ""],
        ["{origin}", true, {{"type": "scaling-playground:resize", "widget": "sp-1"}}, ""],
        ["{origin}", true, "scaling-playground:resize", ""],
        ["{origin}", true, null, ""]
    ]"#
    );
    let harness = format!(
        "let handler; const frame = {{ contentWindow: {{}}, style: {{}} }};\
         globalThis.addEventListener = (t, f) => {{ if (t === 'message') handler = f; }};\
         globalThis.document = {{ getElementById: (id) => id === 'sp-1' ? frame : null }};\
         {script}\
         const out = [];\
         for (const [origin, fromFrame, data, want] of {cases}) {{\
           frame.style = {{}};\
           handler({{ origin, source: fromFrame ? frame.contentWindow : {{}}, data }});\
           out.push((frame.style.height || '') === want ? 'ok' : 'bad ' + JSON.stringify([origin, data, frame.style.height]));\
         }}\
         console.log(out.join('\\n'));"
    );
    let out = node(&harness);
    let bad: Vec<&str> = out.lines().filter(|l| *l != "ok").collect();
    assert!(bad.is_empty() && out.lines().count() == 11, "{out}");
}

/// `www/sw.js` adds the isolation headers a response lacks, by destination
/// and by the page's `coi` setting.
#[test]
fn the_service_worker_adds_the_headers_each_response_needs() {
    let cases = r#"[
        [{"mode": "navigate", "destination": "document", "url": "http://h/"}, "coep=require-corp coop=same-origin"],
        [{"mode": "navigate", "destination": "document", "url": "http://h/?coi=off"}, ""],
        [{"mode": "navigate", "destination": "iframe", "url": "http://h/?view=embed"}, "coep=require-corp corp=cross-origin dip=isolate-and-credentialless"],
        [{"mode": "navigate", "destination": "iframe", "url": "http://h/?view=embed&coi=nodip"}, "coep=require-corp corp=cross-origin"],
        [{"mode": "same-origin", "destination": "script", "url": "http://h/app.js"}, "coep=require-corp corp=same-origin"],
        [{"mode": "same-origin", "destination": "worker", "url": "http://h/app.js?coi=off"}, "coep=require-corp corp=same-origin"]
    ]"#;
    let out = with_service_worker(&format!(
        "const short = {{ 'Cross-Origin-Embedder-Policy': 'coep', 'Cross-Origin-Opener-Policy': 'coop',\
                          'Cross-Origin-Resource-Policy': 'corp', 'Document-Isolation-Policy': 'dip' }};\
         for (const [req, want] of {cases}) {{\
           const h = isolationHeaders(req);\
           const got = Object.keys(h).map(k => short[k] + '=' + h[k]).sort().join(' ');\
           console.log(got === want ? 'ok' : 'bad ' + JSON.stringify(req) + ': ' + got);\
         }}"
    ));
    assert!(
        out.lines().all(|l| l == "ok") && out.lines().count() == 6,
        "{out}"
    );
}

/// What `www/sw.js` does with the answers it re-serves: adds only the
/// headers that are missing, and passes through what it must not rebuild;
/// and which requests it takes at all.
#[test]
fn the_service_worker_keeps_present_headers_and_leaves_what_is_not_its_own() {
    let out = with_service_worker(
        r#"
        const answer = (type, headers, redirected = false) =>
          ({ type, redirected, status: 200, statusText: "OK", body: "x", headers: new Headers(headers) });
        const page = { mode: "navigate", destination: "document", url: "http://h/app/" };
        const cases = [
          ["bare page", answer("basic", {}), "coep=require-corp coop=same-origin"],
          ["page with its own COEP", answer("basic", { "Cross-Origin-Embedder-Policy": "credentialless" }),
           "coep=credentialless coop=same-origin"],
          ["redirected page", answer("basic", {}, true), "same"],
          ["opaque redirect", answer("opaqueredirect", {}), "same"],
          ["cors answer", answer("cors", {}), "same"],
          ["complete page", answer("basic", { "Cross-Origin-Embedder-Policy": "require-corp",
             "Cross-Origin-Opener-Policy": "same-origin" }), "same"],
        ];
        const short = { "cross-origin-embedder-policy": "coep", "cross-origin-opener-policy": "coop" };
        (async () => {
          for (const [name, a, want] of cases) {
            globalThis.fetch = async () => a;
            const r = await withIsolation(page);
            const got = r === a ? "same"
              : [...r.headers].filter(([k]) => short[k]).map(([k, v]) => short[k] + "=" + v).sort().join(" ");
            console.log(got === want ? "ok" : "bad " + name + ": " + got);
          }
          // Which requests the worker answers at all.
          const takes = (url, method = "GET", cache = "default", mode = "same-origin") => {
            let taken = false;
            self.on.fetch({ request: { url, method, cache, mode, destination: "script" }, respondWith() { taken = true; } });
            return taken;
          };
          const routes = [
            [takes("http://h/app/app.js"), true],
            [takes("http://h/app/io/delay?ms=0&id=1"), true],
            [takes("http://h/app/app.js", "POST"), false],
            [takes("http://other:8081/io/delay?ms=0&id=1"), false],
            [takes("http://h/app/app.js", "GET", "only-if-cached", "no-cors"), false],
          ];
          routes.forEach(([got, want], i) => console.log(got === want ? "ok" : "bad route " + i));
        })();
        "#,
    );
    assert!(
        out.lines().all(|l| l == "ok") && out.lines().count() == 11,
        "{out}"
    );
}

#[test]
fn widget_ids_are_valid_and_differ_by_configuration() {
    let a = CpuConfig::defaults(4).to_query(4);
    let mut b = CpuConfig::defaults(4);
    b.cold = true;
    let b = b.to_query(4);
    let (ia, ib) = (
        lab::link::embed::widget_id(&a),
        lab::link::embed::widget_id(&b),
    );
    assert!(
        lab::link::embed::valid_widget_id(&ia) && lab::link::embed::valid_widget_id(&ib),
        "{ia} {ib}"
    );
    assert!(ia.starts_with("scaling-playground-fib-"), "{ia}");
    assert_ne!(ia, ib);
    assert_eq!(ia, lab::link::embed::widget_id(&a), "stable");
}

#[test]
fn a_link_says_all_cores_by_leaving_the_count_out() {
    let mut c = CpuConfig::defaults(16);
    let q = c.to_query(16);
    assert!(
        q.iter()
            .all(|(k, _)| k != "cpu-workers" && k != "cpu-processes"),
        "{q:?}"
    );
    // Opened on a 4-core machine: all of its cores, and no note.
    let (on4, notes) = CpuConfig::from_query(&q, 4, 8);
    assert_eq!((on4.workers, on4.processes, notes.len()), (4, 4, 0));
    c.workers = 3;
    let q = c.to_query(16);
    assert!(
        q.contains(&("cpu-workers".to_owned(), "3".to_owned())),
        "{q:?}"
    );
}
