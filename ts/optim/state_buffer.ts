// A float32 optimizer-state buffer (exp_avg, momentum_buffer, ...). Where it lives follows the
// backend the optimizer steps on: in fulgur.wasm's memory (the fused WASM kernels read and
// write it in place) or, while tfjs-backend-webgpu is active, as a kept GPU tf.Tensor (the
// WGSL updates in ts/gpu/optim write it in place), either in its own tensor or as one region of
// its param group's flat GpuStatePack. Owned by one optimizer; freed explicitly (neither WASM
// nor GPU memory is garbage-collected).
import * as tf from "@tensorflow/tfjs-core";
import { fulgurWasm, heapF32 } from "../backend/wasm_module.ts";
import { webgpuBackend } from "../gpu/backend_access.ts";
import { copyFloats, flatLayout, uninitializedGpuTensor, zerosGpu } from "../gpu/buffer_copy.ts";
import { GpuStatePack } from "../gpu/state_pack.ts";
import { isWebGPUActive } from "../gpu/webgpu.ts";
import { FulgurRuntimeError, ValueError } from "../errors.ts";

/** Frees the WASM block of a state buffer the GC collected unfreed (an optimizer nobody references). */
const lostBuffers = typeof FinalizationRegistry === "function"
  ? new FinalizationRegistry<{ ptr: number }>((b) => { if (b.ptr !== 0) fulgurWasm().dealloc(b.ptr); })
  : null;

/** A float32 optimizer-state buffer (exp_avg, momentum_buffer): in fulgur.wasm memory, or a GPU tensor on webgpu. */
export class StateBuffer {
  readonly length: number;
  readonly shape: number[];
  /** WASM byte offset (0 while the data lives on the GPU). */
  private wasmPtr = 0;
  /** The data on the GPU in a tensor of its own (null while it lives elsewhere). */
  private tensor: tf.Tensor | null = null;
  /** The data on the GPU as a region of a group's flat pack (null while it lives elsewhere). */
  private packed: { pack: GpuStatePack; offset: number } | null = null;
  private freed = false;
  /** The WASM block as the GC-side finalizer sees it (0: none), so an optimizer dropped without dispose() frees it. */
  private readonly box = { ptr: 0 };

  /** A buffer of `shape` filled with `fill` (torch.zeros_like / full_like), on the active backend's side. */
  constructor(shape: number[], fill = 0) {
    this.shape = shape.slice();
    this.length = shape.reduce((a, b) => a * b, 1);
    if (isWebGPUActive()) {
      // zeros by a clear command: a new optimizer's first step stays one dispatch per group
      this.tensor = tf.keep(fill === 0 ? zerosGpu(webgpuBackend(), this.shape) : tf.fill(this.shape, fill, "float32"));
    } else {
      this.allocWasm();
      this.view().fill(fill);
    }
  }

  static fromArray(shape: number[], values: ArrayLike<number>): StateBuffer {
    const b = new StateBuffer(shape);
    if (values.length !== b.length) {
      b.free();
      throw new ValueError(`state buffer of shape [${shape}] needs ${b.length} values, got ${values.length}`);
    }
    b.write(Float32Array.from(values));
    return b;
  }

  private allocWasm(): void {
    // alloc rounds tiny requests up to 16 bytes; ptr is 16-byte aligned.
    this.wasmPtr = fulgurWasm().alloc(Math.max(this.length * 4, 4));
    if (this.box.ptr === 0) lostBuffers?.register(this, this.box, this);
    this.box.ptr = this.wasmPtr;
  }

  private check(): void {
    if (this.freed) throw new FulgurRuntimeError("optimizer state buffer used after it was freed");
  }

  private write(values: Float32Array): void {
    this.leavePack();
    if (this.tensor) {
      this.tensor.dispose();
      this.tensor.dispose();
      this.tensor = tf.keep(tf.tensor(values, this.shape, "float32"));
    } else {
      this.view().set(values);
    }
  }

  /** True while the data lives on the GPU. */
  get onGpu(): boolean {
    return this.tensor !== null || this.packed !== null;
  }

  private leavePack(): void {
    this.packed?.pack.leave();
    this.packed = null;
  }

  /** The WASM byte offset of the data (moves it from the GPU first: a synchronous read). */
  get ptr(): number {
    this.check();
    if (this.onGpu) {
      const values = this.data();
      this.tensor?.dispose();
      this.tensor = null;
      this.leavePack();
      this.allocWasm();
      this.view().set(values);
    }
    return this.wasmPtr;
  }

  /** The data as a GPU tensor of its own, moved from WASM memory if it lives there (not for packed buffers). */
  private ownGpuTensor(): tf.Tensor {
    if (!this.tensor) {
      const values = this.view().slice();
      fulgurWasm().dealloc(this.wasmPtr);
      this.wasmPtr = 0;
      this.box.ptr = 0;
      lostBuffers?.unregister(this);
      this.tensor = tf.keep(tf.tensor(values, this.shape, "float32"));
    }
    return this.tensor;
  }

  /** A live view of WASM data; do not keep it across allocations (memory growth detaches it). */
  view(): Float32Array {
    const p = this.ptr >>> 2;
    return heapF32().subarray(p, p + this.length);
  }

  /**
   * A copy of the data. On the GPU this reads synchronously, which Node/Deno/Bun cannot do
   * unless `await dataAsync()` (or the optimizer's `stateDictAsync()`) ran since the last update.
   */
  data(): Float32Array {
    this.check();
    if (this.packed) return this.region(this.packed.pack.tensor.dataSync() as Float32Array);
    return this.tensor ? Float32Array.from(this.tensor.dataSync() as Float32Array) : Float32Array.from(this.view());
  }

  private region(flat: Float32Array): Float32Array {
    const at = this.packed!.offset;
    return flat.slice(at, at + this.length);
  }

  /** A copy of the data, read without blocking (and cached, so `data()` works until the next update). */
  async dataAsync(): Promise<Float32Array> {
    this.check();
    if (this.packed) {
      const { pack, offset } = this.packed; // this buffer may be repacked while the read is in flight
      return (await pack.read()).slice(offset, offset + this.length);
    }
    return this.tensor ? Float32Array.from((await this.tensor.data()) as Float32Array) : this.data();
  }

  /**
   * The flat GPU tensor holding `buffers` end to end (owned by their pack; do not dispose it).
   * Reused while the same buffers are packed in the same order, else a new pack is built by
   * GPU copies from wherever each buffer's data is now.
   */
  static gpuPack(buffers: StateBuffer[]): tf.Tensor {
    for (const s of buffers) s.check();
    const current = buffers[0]?.packed?.pack;
    if (current && current.holds(buffers)) return current.tensor;
    const b = webgpuBackend();
    const { offsets, total } = flatLayout(buffers.map((s) => s.length));
    const flat = tf.keep(uninitializedGpuTensor(b, [total]));
    const pack = new GpuStatePack(flat, buffers);
    buffers.forEach((s, k) => {
      if (s.packed) copyFloats(b, s.packed.pack.tensor, s.packed.offset, flat, offsets[k], s.length);
      else copyFloats(b, s.ownGpuTensor(), 0, flat, offsets[k], s.length);
      s.leavePack();
      s.tensor?.dispose();
      s.tensor = null;
      s.packed = { pack, offset: offsets[k] };
    });
    return flat;
  }

  toJSON(): number[] {
    return Array.from(this.data());
  }

  free(): void {
    if (this.freed) return;
    this.freed = true;
    if (this.tensor) this.tensor.dispose();
    else if (this.packed) this.leavePack();
    else fulgurWasm().dealloc(this.wasmPtr);
    this.box.ptr = 0;
    lostBuffers?.unregister(this);
    this.tensor = null;
  }
}
