//! io: the endpoint's answers, and the JavaScript copy of them in `www/sw.js`.

use kernels::io::{expected, path, token};

#[test]
fn tokens_are_distinct_and_checksum_is_ordered() {
    let mut t: Vec<u32> = (0..10_000).map(token).collect();
    t.sort_unstable();
    t.dedup();
    assert_eq!(t.len(), 10_000, "fmix32 is a bijection");
    assert_ne!(expected(200), expected(199));
    let swapped = kernels::Checksum::of([1, 0].map(|i| u64::from(token(i))));
    assert_ne!(swapped, expected(2), "order matters");
}

#[test]
fn path_names_delay_id_and_run() {
    assert_eq!(path(100, 7, 3), "io/delay?ms=100&id=7&run=3");
}

#[test]
fn io_params_ranges() {
    use kernels::io::IoParams;
    assert!(IoParams::default().validate().is_ok());
    let bad = [
        IoParams {
            requests: 0,
            ..IoParams::default()
        },
        IoParams {
            requests: 5001,
            ..IoParams::default()
        },
        IoParams {
            delay_ms: 10_001,
            ..IoParams::default()
        },
        IoParams {
            limit: Some(0),
            ..IoParams::default()
        },
    ];
    for p in bad {
        assert!(p.validate().is_err(), "{p:?}");
    }
}

/// The service worker answers in JavaScript; run its `token` under Node and
/// compare with the Rust one, so the page's I/O checksums can be trusted.
#[test]
fn service_worker_token_matches_rust() {
    let ids: Vec<u32> = vec![0, 1, 2, 199, 65_535, 1 << 31, u32::MAX];
    let out = crate::helpers::with_service_worker(&format!(
        "console.log({ids:?}.map(ioToken).join(' '));"
    ));
    let got: Vec<u32> = out.split_whitespace().map(|s| s.parse().unwrap()).collect();
    assert_eq!(got, ids.iter().map(|&i| token(i)).collect::<Vec<_>>());
}

#[test]
fn answers_are_checked_before_they_count() {
    use kernels::io::Endpoint;
    use lab::answer::check;
    let sw = Endpoint::InPage;
    let ok = format!(r#"{{"id":7,"token":{},"ms":10}}"#, token(7));
    assert_eq!(
        check(7, 200, Some("service-worker"), &sw, &ok),
        Ok(token(7))
    );
    let server = Endpoint::Server("http://127.0.0.1:1/io/delay".into());
    assert_eq!(
        check(7, 200, Some("delay-server"), &server, &ok),
        Ok(token(7))
    );
    assert!(check(7, 200, Some("service-worker"), &server, &ok).is_err());
    // Any URL: only the status counts.
    let any = Endpoint::Any("https://example.org/ip".into());
    assert_eq!(check(7, 204, None, &any, "1.2.3.4"), Ok(204));
    assert!(
        check(7, 503, None, &any, "busy")
            .expect_err("503")
            .contains("HTTP 503")
    );
    // (id, status, mark, body, what the error must say)
    let bad = [
        (7, 200, None, ok.as_str(), "something other than"),
        (
            7,
            404,
            Some("dev-server"),
            ok.as_str(),
            "something other than",
        ),
        (
            7,
            400,
            Some("service-worker"),
            r#"{"error":"x"}"#,
            "HTTP 400",
        ),
        (7, 200, Some("service-worker"), "<html>", "bad answer"),
        (
            8,
            200,
            Some("service-worker"),
            ok.as_str(),
            "got the answer for request 7",
        ),
    ];
    for (id, status, mark, body, says) in bad {
        let e = check(id, status, mark, &sw, body).expect_err(body);
        assert!(e.contains(says), "{e}");
        // None of these ends a mode as unable to reach the endpoint at all.
        assert!(!lab::answer::is_past_service_worker(&e), "{e}");
    }
    let past = lab::answer::past_service_worker(3);
    assert!(lab::answer::is_past_service_worker(&past), "{past}");
    assert!(past.starts_with("request 3: "), "{past}");
}

#[test]
fn endpoints_build_their_urls_and_expectations() {
    use kernels::io::Endpoint;
    assert_eq!(Endpoint::InPage.url(5, 1, 2), path(5, 1, 2));
    let s = Endpoint::Server("http://127.0.0.1:8081/io/delay".into());
    assert_eq!(
        s.url(5, 1, 2),
        "http://127.0.0.1:8081/io/delay?ms=5&id=1&run=2"
    );
    let q = Endpoint::Server("http://h/d?k=v".into());
    assert_eq!(q.url(5, 1, 2), "http://h/d?k=v&ms=5&id=1&run=2");
    assert_eq!(s.expected(10), expected(10));
    let any = Endpoint::Any("https://api.example/ip".into());
    assert_eq!(any.url(5, 1, 2), "https://api.example/ip");
    assert_ne!(any.expected(10), expected(10));
}

#[test]
fn the_sharded_endpoint_spreads_requests_over_host_names() {
    use kernels::io::{Endpoint, SHARDS, shard};
    let e = Endpoint::Sharded("http://127.0.0.1:8081/io/delay".into());
    // Request 41 of 40 names goes to the second name; the rest is the
    // delay server's own URL, as for `Server`.
    assert_eq!(
        e.url(5, 41, 2),
        "http://s1.localhost:8081/io/delay?ms=5&id=41&run=2"
    );
    assert_eq!(e.expected(10), expected(10));
    assert_eq!(e.mark(), Some("delay-server"));
    assert_eq!(e.connections(), Some(6 * SHARDS));
    assert_eq!(Endpoint::Server(String::new()).connections(), Some(6));
    assert_eq!(Endpoint::InPage.connections(), None);
    let check = |base: &str, id: u32, want: &str| assert_eq!(shard(base, id), want, "{base}");
    check("http://localhost/d?k=v", 3, "http://s3.localhost/d?k=v");
    check("https://127.0.0.1:9/d", SHARDS, "https://s0.localhost:9/d");
    check("http://[::1]:8081/d", 7, "http://s7.localhost:8081/d");
    check("http://[::1]/d", 7, "http://s7.localhost/d");
    check("http://localhost:8081?q", 2, "http://s2.localhost:8081?q");
    check("no-scheme", 2, "no-scheme");
    // Every name is used, each for as many requests as any other (± 1).
    let mut per = std::collections::BTreeMap::<String, u32>::new();
    for id in 0..200 {
        *per.entry(shard("http://localhost/", id)).or_default() += 1;
    }
    assert_eq!(per.len(), SHARDS as usize);
    assert!(per.values().all(|&k| k == 5), "{per:?}");
}
