// Pool workers in browsers: Web Workers started from a Blob URL (Deno uses node:worker_threads,
// threads_node.ts: its Web Workers cannot be unref()ed). Browsers need cross-origin isolation for
// shared memory; a page's main thread may not block in Atomics.wait, so there fulgur stays on one
// thread and the pool runs only when fulgur runs inside a dedicated worker.
import type { PoolWorker, ThreadHost } from "../backend/threads/host.ts";

declare const crossOriginIsolated: boolean | undefined;

function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

export const webThreadHost: ThreadHost = {
  cores: () => (typeof navigator !== "undefined" && navigator.hardwareConcurrency) || 1,
  unavailable() {
    if (typeof SharedArrayBuffer === "undefined") return "SharedArrayBuffer is not available (the page is not cross-origin isolated)";
    if (typeof crossOriginIsolated !== "undefined" && !crossOriginIsolated) return "the page is not cross-origin isolated (COOP/COEP headers)";
    if (!canBlock()) return "this thread may not block in Atomics.wait (a page's main thread): run fulgur in a worker to use threads";
    return null;
  },
  spawn(source: string): PoolWorker {
    const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    const w = new Worker(url, { type: "module" }); // Deno has module workers only
    let first: ((m: { type: string; message?: string } | Error) => void) | null = null;
    let seen = false;
    const deliver = (m: { type: string; message?: string } | Error): void => {
      if (seen || first === null) return;
      seen = true;
      URL.revokeObjectURL(url);
      first(m);
    };
    w.onmessage = (e: MessageEvent) => deliver(e.data as { type: string });
    w.onerror = (e: ErrorEvent) => { e.preventDefault?.(); deliver(new Error(e.message || "worker error")); };
    return {
      post: (msg) => w.postMessage(msg),
      onFirstMessage: (cb) => { first = cb; },
      terminate: () => w.terminate(),
      unref: () => (w as unknown as { unref?: () => void }).unref?.(),
    };
  },
};
