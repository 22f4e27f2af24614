// The page: fulgur on the main thread (where Atomics.wait may not block: one thread, said once),
// then the same training in a Web Worker on several thread counts.
import { said } from "./console_capture.ts";
import { getNumThreads, init } from "../../../ts/index.browser.ts";
import { trainDigest } from "./train.ts";

function inWorker(threads: (number | null)[]): Promise<unknown> {
  const w = new Worker(new URL("./worker.mjs", import.meta.url), { type: "module" });
  return new Promise((resolve, reject) => {
    w.onmessage = (e) => { w.terminate(); resolve(e.data); };
    w.onerror = (e) => reject(new Error(e.message));
    w.postMessage({ threads });
  });
}

(globalThis as Record<string, unknown>).fulgurThreadsTest = async () => {
  await init();
  const main = { threads: getNumThreads(), digest: trainDigest(), said: [...said] };
  const worker = await inWorker([null, 1, 2, 3]);
  return { isolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true, main, worker };
};
