// Scaling Playground's service worker. Two jobs:
//
// 1. The in-browser latency endpoint. It answers GET /io/delay?ms=M&id=I
//    itself, after M milliseconds, with {"id": I, "token": ioToken(I), "ms": M}.
//    Because the response is built here, no socket is used: the browser's
//    6-connections-per-host limit does not apply, and `trunk serve` needs no
//    extra process.
//    It injects faults on request, as the delay server does:
//    `fail=error|slow|drop&rate=R&slow_ms=S&attempt=A` hits the requests for
//    which faultHit(id, A, R) holds (kernels::io::hit) with an HTTP 503, an
//    answer S ms late, or a body that breaks off (a network error).
//
// 2. Cross-origin isolation on hosts that cannot send headers (GitHub Pages,
//    `python3 -m http.server`). Wasm threads need SharedArrayBuffer, which
//    needs the page to be cross-origin isolated, which needs COOP and COEP
//    headers on the page. This worker re-serves every same-origin response
//    with the headers the host did not send: COOP + COEP for the page, COEP +
//    CORP for its scripts and workers, and for a page inside an iframe
//    `Document-Isolation-Policy: isolate-and-credentialless`, which isolates
//    that frame whatever the page around it sends (Chromium 137+; other
//    browsers ignore it). A page only gets the headers from its second load
//    on (the first is not yet controlled), so the app reloads once.
//    A response that already has a header keeps it: `trunk serve` and hosts
//    with a `_headers` file are untouched.
//    `?coi=off` on the page's address turns all of this off for that page,
//    and `?coi=nodip` only the Document-Isolation-Policy: to see the page as
//    a host without headers, or a browser without that policy, serves it.
//
// Every other request (other origins, non-GET) is left alone (no
// respondWith), so it goes to the network exactly as without this worker.
//
// ioToken must equal kernels::io::token (tests/native/io.rs checks it under Node).

function ioToken(id) {
  let h = (id ^ 0x5bd1e995) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h = (h ^ (h >>> 13)) >>> 0;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

const MAX_DELAY_MS = 10000;
const MAX_SLOW_MS = 120000;

// faultHit must equal kernels::io::hit (tests/native/failing_io.rs checks it under Node).
function faultHit(id, attempt, rate) {
  return ioToken((id ^ ioToken((attempt ^ 0x9e3779b9) >>> 0)) >>> 0) % 100 < rate;
}

// A whole number in 0..=max from the query (digits only, as the delay
// server reads it), `absent` when missing, NaN when bad.
function wholeParam(url, key, max, absent = 0) {
  const text = url.searchParams.get(key);
  if (text === null) return absent;
  const v = /^[0-9]{1,10}$/.test(text) ? Number(text) : NaN;
  return v <= max ? v : NaN;
}

function delayResponse(url) {
  const ms = wholeParam(url, "ms", MAX_DELAY_MS, NaN);
  const id = wholeParam(url, "id", 0xffffffff, NaN);
  const bad = (msg) =>
    new Response(JSON.stringify({ error: msg }), {
      status: 400,
      headers: { "content-type": "application/json", "cache-control": "no-store" },
    });
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_DELAY_MS) return bad(`ms must be an integer in 0..=${MAX_DELAY_MS}`);
  if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) return bad("id must be an integer in 0..=4294967295");
  const fail = url.searchParams.get("fail") ?? "none";
  const rate = wholeParam(url, "rate", 100);
  const slowMs = wholeParam(url, "slow_ms", MAX_SLOW_MS);
  const attempt = wholeParam(url, "attempt", 0xffffffff);
  if (!["none", "error", "slow", "drop"].includes(fail)) return bad("fail must be none, error, slow or drop");
  if (Number.isNaN(rate) || Number.isNaN(slowMs) || Number.isNaN(attempt))
    return bad("rate must be in 0..=100, slow_ms in 0..=120000, attempt a whole number");
  const fault = fail !== "none" && faultHit(id, attempt, rate) ? fail : null;
  const headers = {
    "content-type": "application/json",
    "cache-control": "no-store",
    "x-endpoint": "service-worker",
  };
  const answer = () => {
    const body = JSON.stringify({ id, token: ioToken(id), ms });
    if (fault === "error") return new Response(JSON.stringify({ error: "an injected fault" }), { status: 503, headers });
    if (fault === "drop") {
      // Half the body, then the stream fails: the reader sees a network
      // error. (The error comes on the next pull, so the half is delivered.)
      const half = new TextEncoder().encode(body.slice(0, body.length >> 1));
      let sent = false;
      const broken = new ReadableStream({
        pull(c) {
          if (sent) return c.error(new TypeError("the connection broke (an injected fault)"));
          sent = true;
          c.enqueue(half);
        },
      });
      return new Response(broken, { headers });
    }
    return new Response(body, { headers });
  };
  const wait = ms + (fault === "slow" ? slowMs : 0);
  return new Promise((resolve) => setTimeout(() => resolve(answer()), wait));
}

// The isolation headers a response of this destination should carry, given
// the page's `coi` setting (for navigations; subresources always get them,
// which is harmless for a page that is not isolated).
function isolationHeaders(request) {
  const navigating = request.mode === "navigate";
  // The last `coi` wins, as the page reads it (lab::embed::PageParams).
  const coi = navigating ? (new URL(request.url).searchParams.getAll("coi").pop() ?? null) : null;
  if (coi === "off") return {};
  const h = { "Cross-Origin-Embedder-Policy": "require-corp" };
  if (!navigating) {
    // Same-origin scripts and the wasm pass COEP anyway; CORP lets a worker
    // created by an isolated frame load them too.
    h["Cross-Origin-Resource-Policy"] = "same-origin";
  } else if (request.destination === "document") {
    h["Cross-Origin-Opener-Policy"] = "same-origin";
  } else {
    // A frame: COOP does nothing there; CORP cross-origin lets a host page
    // that is itself isolated embed it (with allow="cross-origin-isolated").
    h["Cross-Origin-Resource-Policy"] = "cross-origin";
    if (coi !== "nodip") h["Document-Isolation-Policy"] = "isolate-and-credentialless";
  }
  return h;
}

async function withIsolation(request) {
  const response = await fetch(request);
  // Only a plain same-origin answer is rebuilt. An opaque one (a redirect
  // not followed, a network error) cannot be; a followed redirect would
  // lose its final URL, against which a script resolves its imports (a
  // redirected page reloads once and is then served directly).
  if (response.type !== "basic" || response.redirected || response.status === 0) return response;
  const wanted = isolationHeaders(request);
  const missing = Object.keys(wanted).filter((k) => !response.headers.has(k));
  if (missing.length === 0) return response;
  const headers = new Headers(response.headers);
  for (const k of missing) headers.set(k, wanted[k]);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

self.addEventListener("install", () => self.skipWaiting());
// A page loaded past this worker (a hard reload) asks to be taken over: the
// claim in "activate" has long happened.
self.addEventListener("message", (event) => {
  if (event.data === "claim") event.waitUntil(self.clients.claim());
});
// Take control of already-open pages at once, so the first visit can run I/O
// without a reload.
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // Relative to this worker's scope, so a copy served under a sub-path works too.
  if (url.pathname === new URL("io/delay", self.registration.scope).pathname) {
    event.respondWith(delayResponse(url));
  } else if (request.method === "GET" && !(request.cache === "only-if-cached" && request.mode !== "same-origin")) {
    event.respondWith(withIsolation(request));
  }
});
