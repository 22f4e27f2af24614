// fulgur inside a dedicated Web Worker: there Atomics.wait may block, so on a cross-origin
// isolated page the pool runs. Trains with the default, then 1, 2 and 3 threads.
import { said } from "./console_capture.ts";
import { getNumThreads, init } from "../../../ts/index.browser.ts";
import { fulgurThreadPool } from "../../../ts/backend/threads/start.ts";
import { trainDigest } from "./train.ts";

declare const self: { onmessage: ((e: MessageEvent) => void) | null; postMessage(m: unknown): void };

self.onmessage = async (e: MessageEvent) => {
  try {
    const runs = [];
    for (const threads of e.data.threads as (number | null)[]) {
      await init(threads === null ? {} : { threads });
      const before = { ...fulgurThreadPool()?.dispatched };
      const digest = trainDigest();
      const after = fulgurThreadPool()?.dispatched ?? {};
      const split = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]));
      runs.push({ asked: threads, threads: getNumThreads(), digest, split });
    }
    self.postMessage({ runs, said, isolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true });
  } catch (err) {
    self.postMessage({ error: String((err as Error).stack ?? err) });
  }
};
