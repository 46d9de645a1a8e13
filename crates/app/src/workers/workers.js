// Scaling Playground's own workers: "processes" and blocking I/O threads.
//
// This file is a wasm-bindgen snippet: the page's module imports it, and it
// is also the entry script of every worker it spawns. A worker loads a
// module (`mainJS`, its glue's URL) and instantiates it:
//
// - kind "process": the process module (crates/process-module: the kernels
//   and nothing of the page), with no memory given, so the glue makes a
//   fresh one. A process starts from blobs the page made once (this file's
//   text and the module's glue, see `processCode`), so starting one fetches
//   nothing. The instance shares nothing with the page; requests and
//   replies are bytes (serde's postcard format), like pickles on a
//   multiprocessing pipe. Each message's buffer is transferred, not
//   copied: a buffer outside any shared memory, made for the message (a
//   request), or the process's last reply's buffer, which the page sends
//   back with the next request for the next reply (see `ask` and
//   `process_serve`).
// - kind "thread": the page's own module, with its shared memory, exactly
//   as wasm-bindgen-rayon starts its workers; then it runs `thread_serve`,
//   a loop that takes jobs from a queue in that shared memory and may
//   block (sync XHR, a lock).
//
// Rayon's workers and our threads import this file too (through the page's
// glue); the listener below only reacts to our own init message, so there
// it idles.
//
// A blocking request (`blockingGet`, which a worker's module calls as the
// global `scalingBlockingGet`: what a thread or a process calls for
// `requests.get`) is *relayed* when the page is cross-origin isolated: the
// worker posts the URL to the page, whose `fetch` with `cache: "no-store"`
// makes the request, and blocks in `Atomics.wait` on a small shared mailbox
// until the page writes the answer there. Why not a synchronous
// XMLHttpRequest in the worker itself: it cannot opt out of the HTTP cache,
// and Chromium's cache lets only one request per URL reach the network
// until the previous one's headers arrive (even when the answer says
// `no-store`: the cache cannot know before it sees the headers). Four
// threads fetching one URL then took turns, one request on the network at a
// time (measured: 4 workers × 5 sync requests of 100 ms to one URL, 2.1 s
// and at most 1 open at the server; the same with `fetch` and
// `cache: "no-store"`, 0.72 s and 4 open). Python's `requests` has no such
// cache, and neither does the relay; the worker still spends the whole
// request blocked, as a thread inside `recv()` does while the kernel (here:
// the page's event loop and the browser's network stack) does the I/O.
// Without isolation there is no shared memory for a mailbox, and a process
// falls back to the synchronous request (the page says so).

const INIT = "scaling_worker_init";

function waitFor(target, type) {
  return new Promise((resolve) => {
    target.addEventListener("message", function onMsg({ data }) {
      if (data == null || data.type !== type) return;
      target.removeEventListener("message", onMsg);
      resolve(data);
    });
  });
}

if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope) {
  waitFor(self, INIT).then(async (init) => {
    let pkg, wasm;
    // Set before the module loads: its blocking request calls it.
    globalThis.scalingBlockingGet = blockingGet;
    try {
      pkg = await import(init.mainJS);
      const opts = { module_or_path: init.module };
      if (init.memory) opts.memory = init.memory;
      wasm = await pkg.default(opts);
    } catch (e) {
      postMessage({ type: "scaling_failed", error: String(e) });
      return;
    }
    globalThis.scalingMailbox = init.mailbox ?? null;
    if (init.kind === "process") {
      self.addEventListener("message", ({ data }) => {
        if (data == null || data.type !== "scaling_request") return;
        let body;
        try {
          body = pkg.process_serve(data.body, data.spare ?? undefined);
        } catch (e) {
          // `process_serve` always answers, so this is a trap (a panic
          // aborts): the instance is unusable. Say so, and die; the page's
          // supervisor replaces this process.
          postMessage({ type: "scaling_reply", seq: data.seq, body: null, error: String(e) });
          close();
          return;
        }
        postMessage({ type: "scaling_reply", seq: data.seq, body, error: null }, [body.buffer]);
      });
      // The size of this instance's own memory as it starts (what a
      // process costs before it holds any data): the benchmark reports it.
      postMessage({ type: "scaling_ready", memory: pkg.wasm_memory_bytes() });
    } else {
      postMessage({ type: "scaling_ready" });
      try {
        pkg.thread_serve();
      } catch (e) {
        // A trap (a panic aborts): this thread is gone, mid-job. Say so:
        // the page cannot see a worker close, and the job will never end.
        postMessage({ type: "scaling_trapped", error: String(e) });
      } finally {
        // Give this thread's stack and thread-locals back to the shared
        // memory (2 MB, which the memory would otherwise keep for good),
        // then end the worker. Safe after a trap too: the traps here come
        // from a panic or a retirement, never from inside the allocator.
        try {
          wasm.__wbindgen_thread_destroy?.();
        } catch (e) {
          console.warn("a thread's stack was not freed:", e);
        }
        close();
      }
    }
  });
}

/// How long a worker may take to load its module before the page gives up
/// on it. A cold start takes 50–300 ms; a worker that never answers (seen
/// once, under load) would otherwise hold its run at "starting…" for ever.
const START_TIMEOUT_MS = 20000;

/// Starts a worker of `kind` and resolves with it once its module is ready,
/// or rejects (and ends the worker) if it fails or takes too long. A thread
/// loads the page's module (`mainJS`, `module`); a process the process
/// module (see `processCode`).
export function spawnWorker(mainJS, module, memory, kind) {
  const code =
    kind === "process"
      ? processCode(mainJS)
      : Promise.resolve({ entry: new URL(import.meta.url).href, js: mainJS, module });
  return code.then((c) => start(c, memory, kind));
}

let processCodeOnce = null;

/// What starts a process, made once per page on its first process: a blob
/// of this file's text (the entry script), a blob of the process module's
/// glue, and the module's code, compiled. Why blobs: a worker's scripts
/// are fetched for every worker, and a host that says `max-age=0` (most
/// do) makes each fetch a round trip to the server: three in a row per
/// process (this file, the glue, its imports). Measured in Chromium on
/// loopback, a pool of 2 took 34 ms from URLs, of which 17–24 ms were
/// those fetches.
///
/// Trunk writes the process module beside the page's glue as
/// `process-module.js` and `process-module_bg.wasm`, unhashed (see
/// index.html); the page glue's own hashed name goes along as a query, so
/// a cache never pairs this page with a process module of another build.
/// A failed load is not kept: the next process tries again.
function processCode(pageJS) {
  processCodeOnce ??= (async () => {
    const build = new URL(pageJS).pathname.split("/").pop();
    const get = async (url) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      return response;
    };
    const beside = (name) => {
      const u = new URL(name, pageJS);
      u.searchParams.set("build", build);
      return get(u.href);
    };
    const blob = async (response) =>
      URL.createObjectURL(new Blob([await response.text()], { type: "text/javascript" }));
    const [entry, glue, code] = await Promise.all([
      get(import.meta.url),
      beside("process-module.js"),
      beside("process-module_bg.wasm"),
    ]);
    return {
      entry: await blob(entry),
      js: await blob(glue),
      module: await WebAssembly.compile(await code.arrayBuffer()),
    };
  })().catch((e) => {
    processCodeOnce = null;
    throw new Error(`the process module did not load: ${e?.message ?? e}`);
  });
  return processCodeOnce;
}

/// Starts a worker from `code` (`entry`: its script; `js` and `module`: the
/// module it loads).
function start({ entry, js: mainJS, module }, memory, kind) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(entry, { type: "module", name: kind });
    const mailbox = canRelay() ? new SharedArrayBuffer(HEAD_BYTES + MAILBOX_TEXT) : null;
    if (mailbox !== null) relayFor(worker, mailbox);
    const timer = setTimeout(() => {
      off();
      worker.terminate();
      reject(new Error(`the ${kind} worker did not start within ${START_TIMEOUT_MS / 1000} s`));
    }, START_TIMEOUT_MS);
    const off = () => {
      clearTimeout(timer);
      worker.removeEventListener("message", onMsg);
      worker.removeEventListener("error", onErr);
    };
    const onMsg = ({ data }) => {
      if (data == null) return;
      if (data.type === "scaling_ready") {
        off();
        if (typeof data.memory === "number") lastMemory = data.memory;
        resolve(worker);
      } else if (data.type === "scaling_failed") {
        off();
        worker.terminate();
        reject(new Error(data.error));
      }
    };
    const onErr = (e) => {
      off();
      worker.terminate();
      reject(new Error(`the ${kind} worker did not start: ${e.message || "script error"}`));
    };
    worker.addEventListener("message", onMsg);
    worker.addEventListener("error", onErr);
    worker.postMessage({ type: INIT, mainJS, module, memory, kind, mailbox });
  });
}

/// The memory of the last process that started, in bytes (see
/// `lastProcessMemory`).
let lastMemory = 0;

/// The size of the last started process's wasm memory as it started, in
/// bytes (0 before any): its own heap, stack and data, shared with nothing.
export function lastProcessMemory() {
  return lastMemory;
}

let seq = 0;

/// Per process, the buffer of its last reply, once the page has read it: it
/// goes back with the next request and carries the next reply (see
/// `process_serve`).
const spares = new WeakMap();

/// Sends `body` (a Uint8Array of its own, transferred) to a process and
/// resolves with its reply (a Uint8Array).
export function ask(worker, body) {
  return new Promise((resolve, reject) => {
    const id = ++seq;
    const off = () => {
      worker.removeEventListener("message", onMsg);
      worker.removeEventListener("error", onErr);
    };
    const onMsg = ({ data }) => {
      if (data == null || data.type !== "scaling_reply" || data.seq !== id) return;
      off();
      if (data.error !== null) reject(new Error(`the process died: ${data.error}`));
      else {
        // The caller copies the reply out before it asks this process
        // again (one request in flight per process), so its buffer can go
        // back with the next request, for the next reply.
        spares.set(worker, data.body.buffer);
        resolve(data.body);
      }
    };
    const onErr = (e) => {
      off();
      reject(new Error(`the process died: ${e.message || "script error"}`));
    };
    worker.addEventListener("message", onMsg);
    worker.addEventListener("error", onErr);
    const spare = spares.get(worker);
    spares.delete(worker);
    const transfer = spare === undefined ? [body.buffer] : [body.buffer, spare];
    worker.postMessage({ type: "scaling_request", seq: id, body, spare: spare && new Uint8Array(spare) }, transfer);
  });
}

/// Resolves with the error once `worker` (a thread) says it trapped; never
/// resolves for a thread that ends normally.
export function whenTrapped(worker) {
  return new Promise((resolve) => {
    worker.addEventListener("message", ({ data }) => {
      if (data != null && data.type === "scaling_trapped") resolve(data.error);
    });
  });
}

// ---- Blocking requests (see the top of this file) ----

/// The mailbox: two Int32 slots (the number of the request answered, the
/// answer's length in bytes), then the answer as JSON.
const HEAD_BYTES = 8;
/// Room for an answer's JSON. A longer body is cut to fit: only our own
/// endpoints' short answers are read in full; any other URL counts by its
/// status, and its text only ever shows in an error message.
const MAILBOX_TEXT = 16384;
/// How much longer than its own timeout a worker waits for the page to
/// relay an answer (the page's fetch times out first; this only ends the
/// wait if the page itself is stuck, e.g. frozen by the main-thread mode).
const RELAY_SLACK_MS = 30000;
/// Whether blocking requests are relayed through the page: only a cross-
/// origin isolated page may share memory with its workers.
export function canRelay() {
  return typeof SharedArrayBuffer === "function" && globalThis.crossOriginIsolated === true;
}

/// The page's side of a worker's relay: fetches what the worker asks for,
/// writes the answer into its mailbox and wakes it.
function relayFor(worker, mailbox) {
  const head = new Int32Array(mailbox, 0, 2);
  const bytes = new Uint8Array(mailbox, HEAD_BYTES);
  let current = 0;
  let controller = null;
  worker.addEventListener("message", async ({ data }) => {
    if (data == null || data.type !== "scaling_fetch") return;
    // A worker asks again only after giving up on its last request.
    current = data.seq;
    controller?.abort();
    controller = new AbortController();
    const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(data.timeoutMs)]);
    let answer;
    try {
      const r = await fetch(data.url, { cache: "no-store", signal });
      const text = await r.text();
      answer = { status: r.status, mark: r.headers.get("x-endpoint"), text };
    } catch (e) {
      answer = { errorName: e?.name ?? "Error", error: String(e?.message ?? e) };
    }
    if (data.seq !== current) return;
    // Encoded apart, then copied in: Chromium's TextEncoder writes into
    // no shared memory ("must not be shared"). Whatever goes wrong here is
    // sent as the request's failure: a worker is never left waiting.
    let encoded;
    try {
      encoded = new TextEncoder().encode(JSON.stringify(answer));
      while (encoded.length > bytes.length) {
        answer.text = answer.text.slice(0, answer.text.length >> 1);
        encoded = new TextEncoder().encode(JSON.stringify(answer));
      }
    } catch (e) {
      const error = `the page could not pass the answer on: ${e}`.slice(0, 1000);
      encoded = new TextEncoder().encode(JSON.stringify({ errorName: "Error", error }));
    }
    bytes.set(encoded);
    Atomics.store(head, 1, encoded.length);
    Atomics.store(head, 0, data.seq);
    Atomics.notify(head, 0);
  });
}

/// An Error with a DOMException's name (`TimeoutError`, `NetworkError`…),
/// which the Rust side reads to tell a timeout from a failure.
function named(name, message) {
  const e = new Error(message);
  e.name = name;
  return e;
}

let asked = 0;

/// One GET that blocks this worker until its answer is in, or throws:
/// `{ status, mark, text, relayed }` (`mark`: the `x-endpoint` header). Relayed
/// through the page when it gave this worker a mailbox, else a synchronous
/// request. Only ever called in a worker, as `scalingBlockingGet`.
function blockingGet(url, timeoutMs) {
  const mailbox = globalThis.scalingMailbox;
  if (mailbox == null) {
    const xhr = new XMLHttpRequest();
    xhr.open("GET", url, false);
    xhr.timeout = timeoutMs;
    xhr.send();
    return { status: xhr.status, mark: xhr.getResponseHeader("x-endpoint"), text: xhr.responseText, relayed: false };
  }
  const head = new Int32Array(mailbox, 0, 2);
  const seq = ++asked;
  postMessage({ type: "scaling_fetch", seq, url, timeoutMs });
  const deadline = performance.now() + timeoutMs + RELAY_SLACK_MS;
  for (;;) {
    const seen = Atomics.load(head, 0);
    if (seen === seq) break;
    const left = deadline - performance.now();
    if (left <= 0) {
      throw named("TimeoutError", `the page relayed no answer within ${timeoutMs + RELAY_SLACK_MS} ms`);
    }
    Atomics.wait(head, 0, seen, left);
  }
  // TextDecoder reads no shared memory: copy the answer out first.
  const json = new TextDecoder().decode(new Uint8Array(mailbox, HEAD_BYTES, Atomics.load(head, 1)).slice());
  const answer = JSON.parse(json);
  if (answer.errorName !== undefined) throw named(answer.errorName, answer.error);
  answer.relayed = true;
  return answer;
}
