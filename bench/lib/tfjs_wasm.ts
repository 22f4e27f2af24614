// Starts @tensorflow/tfjs-backend-wasm (SIMD) on one thread. The bundles live in
// build/bench/, so the backend's .wasm files are two folders up in node_modules.
//
// Its emscripten glue, when it loads under Node, installs process-wide handlers:
// `process.on("unhandledRejection", (reason) => { throw reason; })` and an
// "uncaughtException" handler that rethrows. From then on any stray promise rejection in the
// process — from any library, not only tfjs — is rethrown from inside tfjs-backend-wasm's
// code with its raw reason (often `undefined`) and kills the whole case process: that is how
// the matmul case was lost with "tfjs-backend-wasm throws undefined". We remove those two
// handlers after the backend starts and log such rejections instead, so the process lives
// and a contender that really fails loses only its own row (bench/lib/timing.ts).
import * as tf from "@tensorflow/tfjs-core";
import { setThreadsCount, setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { describeThrown } from "./timing.ts";

let ready = false;

type Proc = { on(e: string, f: (...a: unknown[]) => void): void; listeners(e: string): ((...a: unknown[]) => void)[];
  removeListener(e: string, f: (...a: unknown[]) => void): void };
const proc = (globalThis as { process?: Proc }).process;

/** Stray rejections seen so far (their descriptions), for a case to report. */
export const strayRejections: string[] = [];

function withoutEmscriptenHandlers<T>(start: () => Promise<T>): Promise<T> {
  if (!proc) return start();
  const events = ["unhandledRejection", "uncaughtException"];
  const before = new Map(events.map((e) => [e, new Set(proc.listeners(e))]));
  return start().finally(() => {
    for (const e of events) for (const l of proc.listeners(e)) if (!before.get(e)!.has(l)) proc.removeListener(e, l);
  });
}

export async function useTfjsWasm(): Promise<void> {
  if (!ready) {
    setWasmPaths(new URL("../../node_modules/@tensorflow/tfjs-backend-wasm/dist/", import.meta.url).pathname);
    // The threaded build needs browser Workers, which Node lacks: force the single-thread SIMD build.
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
    setThreadsCount(1);
    proc?.on("unhandledRejection", (reason: unknown) => {
      strayRejections.push(describeThrown(reason));
      console.error(`stray promise rejection (logged, not fatal): ${describeThrown(reason)}`);
    });
    ready = true;
  }
  const ok = await withoutEmscriptenHandlers(() => tf.setBackend("wasm"));
  if (!ok) throw new Error("tfjs-backend-wasm failed to initialise");
}

/**
 * Case 10: tfjs-backend-wasm's threaded build with `threads` threads, where the runtime can start
 * it. Resolves to null when it runs, else the reason (under Node its pthread Worker is a blob:
 * URL that node:worker_threads rejects). Gives up after timeoutMs (a pool that never starts).
 */
export async function tryTfjsWasmThreaded(threads: number, timeoutMs = 20_000): Promise<string | null> {
  setWasmPaths(new URL("../../node_modules/@tensorflow/tfjs-backend-wasm/dist/", import.meta.url).pathname);
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", true);
  setThreadsCount(threads);
  let timer: ReturnType<typeof setTimeout> | undefined;
  // tfjs reports a backend that fails to start through console.warn only: keep what it says
  const said: string[] = [], warn = console.warn;
  console.warn = (...a: unknown[]) => { said.push(a.map((x) => (typeof x === "string" ? x : describeThrown(x))).join(" ")); };
  try {
    const ok = await Promise.race([
      withoutEmscriptenHandlers(() => tf.setBackend("wasm")),
      new Promise<boolean>((_, reject) => { timer = setTimeout(() => reject(new Error(`did not start within ${timeoutMs / 1000} s`)), timeoutMs); }),
    ]);
    return ok ? null : `tf.setBackend('wasm') returned false: ${said.join("; ").replace(/\s+/g, " ").slice(0, 300)}`;
  } catch (e) {
    return describeThrown(e);
  } finally {
    console.warn = warn;
    clearTimeout(timer);
  }
}
