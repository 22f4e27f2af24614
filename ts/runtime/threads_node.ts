// Pool workers on Node, Deno and Bun: node:worker_threads, the worker code passed with `eval: true`.
import { Worker } from "node:worker_threads";
import { availableParallelism, cpus } from "node:os";
import type { PoolWorker, ThreadHost } from "../backend/threads/host.ts";

export const nodeThreadHost: ThreadHost = {
  cores: () => (typeof availableParallelism === "function" ? availableParallelism() : cpus().length),
  unavailable: () => (typeof SharedArrayBuffer === "undefined" ? "SharedArrayBuffer is not available" : null),
  spawn(source: string): PoolWorker {
    const w = new Worker(source, { eval: true });
    let first: ((m: { type: string; message?: string } | Error) => void) | null = null;
    let seen = false;
    const deliver = (m: { type: string; message?: string } | Error): void => {
      if (seen || first === null) return;
      seen = true;
      first(m);
    };
    w.once("message", (m) => deliver(m as { type: string }));
    w.once("error", (e) => deliver(e));
    w.once("exit", (code) => deliver(new Error(`worker exited with code ${code}`)));
    return {
      post: (msg) => w.postMessage(msg),
      onFirstMessage: (cb) => { first = cb; },
      terminate: () => { void w.terminate(); },
      unref: () => w.unref(),
    };
  },
};

/**
 * The host for the server bundle on Node, Deno and Bun alike: node:worker_threads, whose Worker
 * has unref() everywhere — Deno's own Web Workers keep the process alive while they live.
 */
export function serverThreadHost(): ThreadHost {
  return nodeThreadHost;
}
