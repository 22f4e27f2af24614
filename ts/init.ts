// Runtime-agnostic start-up. Every bundle carries fulgur.wasm inline (ts/backend/embedded_wasm.ts),
// so importing fulgur registers the "fulgur-wasm" CPU backend at once (autoInit); init() is
// needed only to choose another backend (WebGPU) or, unbundled, to read the .wasm file.
import * as tf from "@tensorflow/tfjs-core";
import { hasEmbeddedWasm, instantiateEmbeddedWasm, instantiateFulgurWasm } from "./backend/wasm_module.ts";
import { registerFulgurWasmBackend } from "./backend/register.ts";
import { FULGUR_WASM } from "./backend/backend_name.ts";
import { FulgurRuntimeError, ValueError } from "./errors.ts";
import { initWebGPU } from "./gpu/webgpu.ts";
import { ensureDefaultThreads, fulgurWasmBytes, resolveThreads, setThreads, startDefaultThreads, threadHost } from "./backend/threads/start.ts";
import { checkKnownKeys } from "./validation/options.ts";

/**
 * The backends init() accepts. "wasm" is "fulgur-wasm" (fulgur's SIMD CPU backend; the same name
 * as the Trainer's `accelerator: "wasm"`), "webgpu" is tfjs-backend-webgpu, "cpu" is tfjs's
 * JavaScript backend (registered by importing "@tensorflow/tfjs-backend-cpu" yourself).
 */
export type BackendName = "fulgur-wasm" | "wasm" | "webgpu" | "cpu";
/** The backend names init accepts: "fulgur-wasm", "wasm" (its alias), "webgpu", "cpu". */
export const BACKEND_NAMES: readonly BackendName[] = ["fulgur-wasm", "wasm", "webgpu", "cpu"];

/** init's options: the backend and the number of threads. */
export interface InitOptions {
  /** Backend to run on: "fulgur-wasm" (default; alias "wasm"), "webgpu" or "cpu". */
  backend?: BackendName;
  /**
   * Threads fulgur-wasm's large kernels run on. Default (also 0): the cores the runtime reports,
   * at most 8 — a pool of n - 1 workers over a shared WASM memory, started at import. 1 runs
   * everything on the calling thread. Results are bit-identical for every count; small ops stay
   * on the calling thread. Where workers cannot run (a page's main thread, a page that is not
   * cross-origin isolated) it stays on 1 thread and says so once. getNumThreads() gives the
   * count running; idle workers never keep a process alive; shutdownThreads() stops them.
   */
  threads?: number;
}

/**
 * Called by each public entry at import: with the WASM inlined (every bundle), the CPU backend is
 * ready without `await init()`. Compiles the ~60 KB module synchronously once.
 */
export function autoInit(): void {
  if (!hasEmbeddedWasm()) return;
  instantiateEmbeddedWasm();
  registerFulgurWasmBackend();
  // Start the highest-priority backend (fulgur-wasm, synchronous) unless one is active already,
  // so getBackend() names it from the start.
  if (tf.engine().backendName == null) tf.backend();
  // Threads on by default: shared memory now, workers joining in the background.
  startDefaultThreads();
}

function validBackendList(): string {
  const extra = Object.keys(tf.engine().registryFactory).filter((n) => !(BACKEND_NAMES as readonly string[]).includes(n));
  return [...BACKEND_NAMES, ...extra].map((n) => JSON.stringify(n)).join(", ");
}

/** The runtime-agnostic init: loads fulgur.wasm with `loadWasmBytes` and selects the backend (the runtime entries' `init` calls it). */
export async function initWith(loadWasmBytes: () => Promise<BufferSource>, opts: InitOptions = {}): Promise<string> {
  checkKnownKeys("init", opts, ["backend", "threads"]); // init({ bakend: "webgpu" }) must not silently run on the CPU
  // The WASM module is always loaded: scalar math (schedulers, optimizer coefficients)
  // runs there on every backend so the numbers agree across runtimes.
  if (instantiateEmbeddedWasm() === null) await instantiateFulgurWasm(await loadWasmBytes());
  registerFulgurWasmBackend();
  const bytes = () => fulgurWasmBytes(loadWasmBytes);
  if (opts.threads !== undefined) await setThreads(resolveThreads(opts.threads, threadHost()), threadHost(), bytes);
  else await ensureDefaultThreads(bytes);
  const requested: string = opts.backend ?? FULGUR_WASM;
  const name = requested === "wasm" ? FULGUR_WASM : requested;
  if (name === "webgpu") {
    // fulgur-wasm stays registered underneath (scalar math, data not yet on the GPU).
    await tf.setBackend(FULGUR_WASM);
    if (!(await initWebGPU())) {
      throw new FulgurRuntimeError(
        "init({ backend: \"webgpu\" }): no WebGPU adapter could be created (browsers: navigator.gpu; Deno: " +
          "--unstable-webgpu; Node/Bun: install the optional `webgpu` package (npm i webgpu), with a software " +
          "Vulkan driver such as Chromium's SwiftShader when there is no GPU)",
      );
    }
    return name;
  }
  if (tf.findBackendFactory(name) == null) {
    const hint = name === "cpu" ? ' (tfjs\'s "cpu" backend is registered by `import "@tensorflow/tfjs-backend-cpu"`)' : "";
    throw new ValueError(`init(): unknown backend ${JSON.stringify(requested)}${hint}. Valid backends: ${validBackendList()}.`);
  }
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) {
    throw new FulgurRuntimeError(`tfjs backend "${name}" could not be initialised (registered: ${Object.keys(tf.engine().registryFactory).join(", ")})`);
  }
  return name;
}
