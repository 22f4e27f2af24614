// A float32 optimizer-state buffer (exp_avg, momentum_buffer, ...) living in fulgur.wasm's
// memory, so the fused kernels read and write it in place. Owned by one optimizer; freed
// explicitly (WASM memory is not garbage-collected).
import { fulgurWasm, heapF32 } from "../backend/wasm_module.ts";

export class StateBuffer {
  readonly ptr: number;
  readonly length: number;
  readonly shape: number[];
  private freed = false;

  /** A buffer of `shape` filled with `fill` (torch.zeros_like / full_like). */
  constructor(shape: number[], fill = 0) {
    this.shape = shape.slice();
    this.length = shape.reduce((a, b) => a * b, 1);
    // alloc rounds tiny requests up to 16 bytes; ptr is 16-byte aligned.
    this.ptr = fulgurWasm().alloc(Math.max(this.length * 4, 4));
    this.view().fill(fill);
  }

  static fromArray(shape: number[], values: ArrayLike<number>): StateBuffer {
    const b = new StateBuffer(shape);
    if (values.length !== b.length) {
      throw new Error(`state buffer of shape [${shape}] needs ${b.length} values, got ${values.length}`);
    }
    b.view().set(values);
    return b;
  }

  /** A live view of the data; do not keep it across allocations (memory growth detaches it). */
  view(): Float32Array {
    if (this.freed) throw new Error("optimizer state buffer used after it was freed");
    return heapF32().subarray(this.ptr >>> 2, (this.ptr >>> 2) + this.length);
  }

  /** A copy of the data. */
  data(): Float32Array {
    return Float32Array.from(this.view());
  }

  toJSON(): number[] {
    return Array.from(this.view());
  }

  free(): void {
    if (this.freed) return;
    this.freed = true;
    fulgurWasm().dealloc(this.ptr);
  }
}
