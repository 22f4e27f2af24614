// Starts @tensorflow/tfjs-backend-wasm (SIMD) on one thread. The bundles live in
// build/bench/, so the backend's .wasm files are two folders up in node_modules.
import * as tf from "@tensorflow/tfjs-core";
import { setThreadsCount, setWasmPaths } from "@tensorflow/tfjs-backend-wasm";

let ready = false;

export async function useTfjsWasm(): Promise<void> {
  if (!ready) {
    setWasmPaths(new URL("../../node_modules/@tensorflow/tfjs-backend-wasm/dist/", import.meta.url).pathname);
    // The threaded build needs browser Workers, which Node lacks: force the single-thread SIMD build.
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
    setThreadsCount(1);
    ready = true;
  }
  if (!(await tf.setBackend("wasm"))) throw new Error("tfjs-backend-wasm failed to initialise");
}
