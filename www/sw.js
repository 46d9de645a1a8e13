// Scaling Playground's in-browser latency endpoint.
//
// A service worker that answers GET /io/delay?ms=M&id=I itself, after M
// milliseconds, with {"id": I, "token": ioToken(I), "ms": M}. Because the
// response is built here, no socket is used: the browser's 6-connections-per-
// host limit does not apply, and `trunk serve` needs no extra process.
// Every other request is left alone (no respondWith), so it goes to the
// network exactly as without this worker.
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

function delayResponse(url) {
  const ms = Number(url.searchParams.get("ms"));
  const id = Number(url.searchParams.get("id"));
  const bad = (msg) =>
    new Response(JSON.stringify({ error: msg }), {
      status: 400,
      headers: { "content-type": "application/json", "cache-control": "no-store" },
    });
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_DELAY_MS) return bad(`ms must be an integer in 0..=${MAX_DELAY_MS}`);
  if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) return bad("id must be an integer in 0..=4294967295");
  return new Promise((resolve) =>
    setTimeout(
      () =>
        resolve(
          new Response(JSON.stringify({ id, token: ioToken(id), ms }), {
            headers: {
              "content-type": "application/json",
              "cache-control": "no-store",
              "x-endpoint": "service-worker",
            },
          }),
        ),
      ms,
    ),
  );
}

self.addEventListener("install", () => self.skipWaiting());
// Take control of already-open pages at once, so the first visit can run I/O
// without a reload.
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  // Relative to this worker's scope, so a copy served under a sub-path works too.
  if (url.origin === self.location.origin && url.pathname === new URL("io/delay", self.registration.scope).pathname) {
    event.respondWith(delayResponse(url));
  }
});
