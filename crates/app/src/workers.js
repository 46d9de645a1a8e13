// Scaling Playground's own workers: "processes" and blocking I/O threads.
//
// This file is a wasm-bindgen snippet: the page's module imports it, and it
// is also the entry script of every worker it spawns. A worker loads the
// page's module again (`mainJS`, the glue's own URL) and instantiates it:
//
// - kind "process": with no memory given, so the glue makes a fresh one. The
//   instance shares nothing with the page; requests and replies are bytes
//   (serde's postcard format), like pickles on a multiprocessing pipe. Each
//   message's buffer is transferred, not copied: the sender made it for
//   this message alone, outside any shared memory.
// - kind "thread": with the page's shared memory, exactly as wasm-bindgen-rayon
//   starts its workers; then it runs `thread_serve`, a loop that takes jobs
//   from a queue in that shared memory and may block (sync XHR, a lock).
//
// Rayon's workers and ours import this file too (through the glue); the
// listener below only reacts to our own init message, so there it idles.

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
    try {
      pkg = await import(init.mainJS);
      const opts = { module_or_path: init.module };
      if (init.memory) opts.memory = init.memory;
      wasm = await pkg.default(opts);
    } catch (e) {
      postMessage({ type: "scaling_failed", error: String(e) });
      return;
    }
    if (init.kind === "process") {
      self.addEventListener("message", ({ data }) => {
        if (data == null || data.type !== "scaling_request") return;
        let body;
        try {
          body = pkg.process_serve(data.body);
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
      postMessage({ type: "scaling_ready" });
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
/// or rejects (and ends the worker) if it fails or takes too long.
export function spawnWorker(mainJS, module, memory, kind) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { type: "module", name: kind });
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
    worker.postMessage({ type: INIT, mainJS, module, memory, kind });
  });
}

let seq = 0;

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
      else resolve(data.body);
    };
    const onErr = (e) => {
      off();
      reject(new Error(`the process died: ${e.message || "script error"}`));
    };
    worker.addEventListener("message", onMsg);
    worker.addEventListener("error", onErr);
    worker.postMessage({ type: "scaling_request", seq: id, body }, [body.buffer]);
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
