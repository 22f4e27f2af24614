// A float32 optimizer-state buffer (exp_avg, momentum_buffer, ...). Where it lives follows the
// backend the optimizer steps on: in fulgur.wasm's memory (the fused WASM kernels read and
// write it in place) or, while tfjs-backend-webgpu is active, as a kept GPU tf.Tensor (the
// WGSL updates in ts/gpu/optim write it in place). Owned by one optimizer; freed explicitly
// (neither WASM nor GPU memory is garbage-collected).
import * as tf from "@tensorflow/tfjs-core";
import { fulgurWasm, heapF32 } from "../backend/wasm_module.ts";
import { isWebGPUActive } from "../gpu/webgpu.ts";
import { FulgurRuntimeError, ValueError } from "../errors.ts";

export class StateBuffer {
  readonly length: number;
  readonly shape: number[];
  /** WASM byte offset (0 while the data lives on the GPU). */
  private wasmPtr = 0;
  /** The data on the GPU (null while it lives in WASM memory). */
  private tensor: tf.Tensor | null = null;
  private freed = false;

  /** A buffer of `shape` filled with `fill` (torch.zeros_like / full_like), on the active backend's side. */
  constructor(shape: number[], fill = 0) {
    this.shape = shape.slice();
    this.length = shape.reduce((a, b) => a * b, 1);
    if (isWebGPUActive()) {
      this.tensor = tf.keep(tf.fill(this.shape, fill, "float32"));
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
  }

  private check(): void {
    if (this.freed) throw new FulgurRuntimeError("optimizer state buffer used after it was freed");
  }

  private write(values: Float32Array): void {
    if (this.tensor) {
      this.tensor.dispose();
      this.tensor = tf.keep(tf.tensor(values, this.shape, "float32"));
    } else {
      this.view().set(values);
    }
  }

  /** True while the data lives on the GPU. */
  get onGpu(): boolean {
    return this.tensor !== null;
  }

  /** The WASM byte offset of the data (moves it from the GPU first: a synchronous read). */
  get ptr(): number {
    this.check();
    if (this.tensor) {
      const values = this.tensor.dataSync() as Float32Array;
      this.tensor.dispose();
      this.tensor = null;
      this.allocWasm();
      this.view().set(values);
    }
    return this.wasmPtr;
  }

  /** The data as a GPU tensor (moves it from WASM memory first); stays owned by this buffer. */
  gpuTensor(): tf.Tensor {
    this.check();
    if (!this.tensor) {
      const values = this.view().slice();
      fulgurWasm().dealloc(this.wasmPtr);
      this.wasmPtr = 0;
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
    return this.tensor ? Float32Array.from(this.tensor.dataSync() as Float32Array) : Float32Array.from(this.view());
  }

  /** A copy of the data, read without blocking (and cached, so `data()` works until the next update). */
  async dataAsync(): Promise<Float32Array> {
    this.check();
    return this.tensor ? Float32Array.from((await this.tensor.data()) as Float32Array) : this.data();
  }

  toJSON(): number[] {
    return Array.from(this.data());
  }

  free(): void {
    if (this.freed) return;
    this.freed = true;
    if (this.tensor) this.tensor.dispose();
    else fulgurWasm().dealloc(this.wasmPtr);
    this.tensor = null;
  }
}
