// tfjs-backend-webgpu reads GPU data synchronously (dataSync, item, arraySync) through an
// OffscreenCanvas. Node, Deno and Bun have none, and WebGPU offers no blocking readback, so
// there it fails with "OffscreenCanvas is not defined". Replace that with an error that
// names the problem and the way out.
import { FulgurError } from "../errors.ts";
import * as tf from "@tensorflow/tfjs-core";
import { WEBGPU, type WebGPUBackendInternals } from "./backend_access.ts";

const GUARDED = Symbol.for("fulgur.webgpu.syncReadGuard");

export class SyncReadError extends FulgurError {
  override name = "SyncReadError";
}

/** True where tfjs-backend-webgpu can read GPU data synchronously (browsers: OffscreenCanvas). */
export function canReadSync(): boolean {
  return typeof (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas !== "undefined";
}

export function installSyncReadGuard(): void {
  if (canReadSync()) return; // browsers can
  const backend = tf.findBackend(WEBGPU) as unknown as (WebGPUBackendInternals & Record<symbol, unknown>) | null;
  if (!backend) return;
  const proto = Object.getPrototypeOf(backend) as Record<string | symbol, unknown>;
  if (proto[GUARDED]) return;
  const readSync = proto.readSync as (this: WebGPUBackendInternals, dataId: object) => unknown;
  proto.readSync = function (this: WebGPUBackendInternals, dataId: object) {
    const data = this.tensorMap.get(dataId);
    if (data.values == null && data.resource != null) {
      throw new SyncReadError(
        "a tensor on the WebGPU backend was read synchronously (dataSync / item / arraySync), which this runtime " +
          "cannot do (no OffscreenCanvas, and WebGPU has no blocking readback): read it with `await tensor.data()`, " +
          "or train with accelerator \"wasm\"",
      );
    }
    return readSync.call(this, dataId);
  };
  proto[GUARDED] = true;
}
