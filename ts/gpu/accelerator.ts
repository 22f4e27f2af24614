// The Trainer's `accelerator` flag: which tfjs backend the fit runs on.
//   "webgpu" (or Lightning's "gpu"): tfjs-backend-webgpu, an error if no adapter exists
//   "wasm": fulgur-wasm;  "cpu": stay on the active CPU backend (fulgur-wasm or tfjs "cpu"),
//   leaving webgpu for fulgur-wasm;  "auto": webgpu when an adapter exists, else fulgur-wasm
//   (one line says which, like Lightning's "GPU available: ..., used: ...").
// Tensors created on another backend move on first use (tfjs moves their data).
import { FulgurError } from "../errors.ts";
import * as tf from "@tensorflow/tfjs-core";
import { FULGUR_WASM } from "../backend/backend_name.ts";
import { WEBGPU } from "./backend_access.ts";
import { initWebGPU } from "./webgpu.ts";

export const ACCELERATORS = ["auto", "webgpu", "gpu", "wasm", "cpu"] as const;
/** The Trainer's accelerator names: "auto", "webgpu", "gpu", "wasm", "cpu". */
export type Accelerator = (typeof ACCELERATORS)[number];

export class AcceleratorError extends FulgurError {
  override name = "MisconfigurationException";
}

async function use(name: string): Promise<string> {
  if (tf.getBackend() === name) return name;
  if (!(await tf.setBackend(name))) {
    throw new AcceleratorError(`the "${name}" tfjs backend could not be started (call init() first)`);
  }
  return name;
}

export function checkAccelerator(accelerator: unknown): asserts accelerator is Accelerator | undefined {
  if (accelerator === undefined) return;
  if (!(ACCELERATORS as readonly unknown[]).includes(accelerator)) {
    throw new AcceleratorError(
      `You selected an invalid accelerator name: \`accelerator=${JSON.stringify(accelerator)}\`. Available names are: ${ACCELERATORS.join(", ")}.`,
    );
  }
}

/** Activates the backend `accelerator` names and returns its tfjs name; undefined keeps the active one. */
export async function selectAccelerator(accelerator: Accelerator | undefined, log: (line: string) => void = console.log): Promise<string> {
  checkAccelerator(accelerator);
  switch (accelerator) {
    case undefined:
      return tf.getBackend();
    case "webgpu":
    case "gpu":
      if (!(await initWebGPU())) {
        throw new AcceleratorError("WebGPUAccelerator can not run on your system since the accelerator is not available (no WebGPU adapter).");
      }
      return WEBGPU;
    case "wasm":
      return use(FULGUR_WASM);
    case "cpu":
      return tf.getBackend() === WEBGPU ? use(FULGUR_WASM) : tf.getBackend();
    case "auto": {
      const gpu = await initWebGPU();
      const name = gpu ? WEBGPU : await use(FULGUR_WASM);
      log(`GPU available: ${gpu ? "True (webgpu)" : "False"}, used: ${gpu ? "True" : "False"} (tfjs backend "${name}")`);
      return name;
    }
  }
}
