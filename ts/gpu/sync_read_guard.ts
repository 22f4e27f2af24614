// tfjs-backend-webgpu reads GPU data synchronously (dataSync, item, arraySync) through an
// OffscreenCanvas "2d" context. Node and Bun have no OffscreenCanvas, Deno's has no "2d"
// context, and WebGPU offers no blocking readback, so there it fails with "OffscreenCanvas is
// not defined" (or a null context). Replace that with an error that names the problem and the way out.
import { FulgurError } from "../errors.ts";
import * as tf from "@tensorflow/tfjs-core";
import { onSoftwareAdapter } from "./adapter_kind.ts";
import { WEBGPU, type WebGPUBackendInternals } from "./backend_access.ts";

const GUARDED = Symbol.for("fulgur.webgpu.syncReadGuard");

export class SyncReadError extends FulgurError {
  override name = "SyncReadError";
}

let syncReadable: boolean | null = null;

/**
 * True where tfjs-backend-webgpu can read GPU data synchronously: it draws the data through an
 * OffscreenCanvas "2d" context (browsers). Deno has an OffscreenCanvas with only a "webgpu"
 * context (getContext("2d") is null), so the 2d context itself is probed, once. On a software
 * adapter that canvas path is broken (adapter_kind.ts): no sync reads there either.
 */
export function canReadSync(): boolean {
  if (onSoftwareAdapter()) return false;
  if (syncReadable === null) {
    const Canvas = (globalThis as { OffscreenCanvas?: new (w: number, h: number) => { getContext(kind: string): unknown } }).OffscreenCanvas;
    try {
      syncReadable = Canvas !== undefined && new Canvas(1, 1).getContext("2d") != null;
    } catch {
      syncReadable = false;
    }
  }
  return syncReadable;
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
          "cannot do (no OffscreenCanvas 2d context, or a software adapter whose canvas readback is broken; WebGPU has " +
          "no blocking readback): read it with `await tensor.data()`, or train with accelerator \"wasm\"",
      );
    }
    return readSync.call(this, dataId);
  };
  proto[GUARDED] = true;
}
