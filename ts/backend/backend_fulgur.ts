// The tfjs-core KernelBackend "fulgur-wasm": tensor data lives in fulgur.wasm's linear
// memory (alloc/dealloc from asm/memory.ts) and is reference counted like
// tfjs-backend-wasm does, so reshapes share buffers and nothing waits for the GC.
import * as tf from "@tensorflow/tfjs-core";
import { DataStorage, KernelBackend, engine, util } from "@tensorflow/tfjs-core";
import type { BackendValues, DataId, DataType, TensorInfo } from "@tensorflow/tfjs-core";
import type { FulgurWasmExports } from "./wasm_module.ts";
import { FulgurRuntimeError, FulgurTypeError } from "../errors.ts";
import { MAX_WASM_TENSOR_BYTES, outOfMemory } from "./oom.ts";

export interface TensorData {
  ptr: number;          // byte offset in WASM memory (0 for strings)
  bytes: number;
  shape: number[];
  dtype: DataType;
  refCount: number;
  strings?: Uint8Array[]; // string tensors stay in JS
}

type HeapView = Float32Array | Int32Array | Uint8Array;

/** Frees the WASM block of a tensor the GC collected undisposed. */
const unreachable = typeof FinalizationRegistry === "function"
  ? new FinalizationRegistry<{ wasm: FulgurWasmExports; ptr: number }>(({ wasm, ptr }) => wasm.dealloc(ptr))
  : null;

// Room for the i32 shape/stride blocks handed to broadcasting kernels.
const SCRATCH_BYTES = 4096;

export class BackendFulgur extends KernelBackend {
  readonly wasm: FulgurWasmExports;
  private readonly data: DataStorage<TensorData>;
  private nextId = 1;
  /** Scratch block for kernel metadata (shapes, strides); valid for one kernel call. */
  readonly scratch: number;

  constructor(wasm: FulgurWasmExports) {
    super();
    this.wasm = wasm;
    this.data = new DataStorage(this, engine());
    this.scratch = wasm.alloc(SCRATCH_BYTES) >>> 0;
  }

  write(values: BackendValues | null, shape: number[], dtype: DataType): DataId {
    const dataId = { id: this.nextId++ };
    this.move(dataId, values, shape, dtype, 1);
    return dataId;
  }

  /** WASM memory for one tensor, or OutOfMemoryError naming its shape and size (never an abort). */
  private allocTensor(bytes: number, shape: number[]): number {
    if (bytes > MAX_WASM_TENSOR_BYTES) throw outOfMemory(shape, bytes, `fulgur-wasm holds at most ${MAX_WASM_TENSOR_BYTES} bytes in one tensor`);
    try {
      return this.wasm.alloc(bytes) >>> 0;
    } catch (e) {
      // the allocator could not grow WASM memory (4 GiB at most): it refused before changing anything
      const now = this.wasm.memory.buffer.byteLength;
      const err = outOfMemory(shape, bytes, `fulgur-wasm memory is ${now} bytes and could not grow (32-bit WASM ends at 4 GiB)`);
      (err as { cause?: unknown }).cause = e;
      throw err;
    }
  }

  private f32View: Float32Array | null = null;

  /** Float32 view of this backend's WASM memory, re-made only after the memory grew. */
  private heapF32(): Float32Array {
    const buf = this.wasm.memory.buffer;
    if (this.f32View === null || this.f32View.buffer !== buf) this.f32View = new Float32Array(buf);
    return this.f32View;
  }

  move(dataId: DataId, values: BackendValues | null, shape: number[], dtype: DataType, refCount: number): void {
    if (dtype === "string") {
      this.data.set(dataId, { ptr: 0, bytes: 0, shape, dtype, refCount, strings: (values as Uint8Array[]) ?? [] });
      return;
    }
    if (dtype === "complex64") throw new FulgurTypeError("fulgur-wasm does not support complex64 tensors");
    const bytes = util.sizeFromShape(shape) * util.bytesPerElement(dtype);
    const ptr = this.allocTensor(bytes, shape);
    this.data.set(dataId, { ptr, bytes, shape, dtype, refCount });
    // a tensor dropped without dispose() (a model nobody references any more): its WASM block is
    // freed once the GC proves its dataId unreachable (disposeData unregisters it first)
    unreachable?.register(dataId, { wasm: this.wasm, ptr }, dataId);
    if (values instanceof Float32Array && values.length * 4 === bytes) {
      // the common case (every tensor made from numbers): the cached heap view, no new views
      this.heapF32().set(values, ptr >>> 2);
    } else if (values != null) {
      const src = values as ArrayBufferView;
      new Uint8Array(this.wasm.memory.buffer, ptr, bytes).set(new Uint8Array(src.buffer, src.byteOffset, bytes));
    }
  }

  /** Allocates an output tensor (uninitialised memory) and returns its TensorInfo. */
  makeOutput(shape: number[], dtype: DataType): TensorInfo {
    return { dataId: this.write(null, shape, dtype), shape, dtype };
  }

  makeTensorInfo(shape: number[], dtype: DataType, values?: BackendValues): TensorInfo {
    return { dataId: this.write(values ?? null, shape, dtype), shape, dtype };
  }

  /** Releases a kernel's temporary TensorInfo. */
  disposeIntermediateTensorInfo(info: TensorInfo): void {
    this.disposeData(info.dataId);
  }

  has(dataId: DataId): boolean {
    return this.data.has(dataId);
  }

  get(dataId: DataId): TensorData {
    const d = this.data.get(dataId);
    if (d == null) throw new FulgurRuntimeError("fulgur-wasm: tensor data not found (was it disposed, or does it live on another backend?)");
    return d;
  }

  ptrOf(info: TensorInfo): number {
    return this.get(info.dataId).ptr;
  }

  /** A live typed-array view of a tensor's data; re-create after anything that can allocate. */
  view(info: TensorInfo): HeapView {
    const { ptr, dtype } = this.get(info.dataId);
    const size = util.sizeFromShape(info.shape);
    const buf = this.wasm.memory.buffer;
    switch (dtype) {
      case "float32": return new Float32Array(buf, ptr, size);
      case "int32": return new Int32Array(buf, ptr, size);
      case "bool": return new Uint8Array(buf, ptr, size);
      default: throw new FulgurTypeError(`fulgur-wasm: no numeric view for dtype ${dtype}`);
    }
  }

  f32(info: TensorInfo): Float32Array {
    if (info.dtype !== "float32") throw new FulgurTypeError(`fulgur-wasm: expected a float32 tensor, got ${info.dtype}`);
    return this.view(info) as Float32Array;
  }

  readSync(dataId: DataId, start?: number, end?: number): BackendValues {
    const d = this.get(dataId);
    if (d.dtype === "string") {
      const s = d.strings!;
      return start == null && end == null ? s : s.slice(start, end);
    }
    const n = util.sizeFromShape(d.shape);
    const bpe = util.bytesPerElement(d.dtype);
    const s0 = start ?? 0, e0 = end ?? n;
    const bytes = new Uint8Array(this.wasm.memory.buffer, d.ptr + s0 * bpe, (e0 - s0) * bpe).slice();
    switch (d.dtype) {
      case "float32": return new Float32Array(bytes.buffer);
      case "int32": return new Int32Array(bytes.buffer);
      default: return bytes; // bool: one byte per element, as tfjs expects
    }
  }

  async read(dataId: DataId): Promise<BackendValues> {
    return this.readSync(dataId);
  }

  disposeData(dataId: DataId, force = false): boolean {
    if (this.data.has(dataId)) {
      const d = this.data.get(dataId);
      d.refCount--;
      if (!force && d.refCount > 0) return false;
      if (d.dtype !== "string") {
        unreachable?.unregister(dataId);
        this.wasm.dealloc(d.ptr);
      }
      this.data.delete(dataId);
    }
    return true;
  }

  refCount(dataId: DataId): number {
    return this.data.has(dataId) ? this.data.get(dataId).refCount : 0;
  }

  incRef(dataId: DataId): void {
    const d = this.data.get(dataId);
    if (d != null) d.refCount++;
  }

  numDataIds(): number {
    return this.data.numDataIds();
  }

  memory(): { unreliable: boolean; wasmMemoryBytes: number } {
    return { unreliable: false, wasmMemoryBytes: this.wasm.memory.buffer.byteLength };
  }

  floatPrecision(): 32 {
    return 32;
  }

  timerAvailable(): boolean {
    return true;
  }

  async time(f: () => void): Promise<tf.BackendTimingInfo> {
    const start = util.now();
    f();
    return { kernelMs: util.now() - start };
  }

  dispose(): void {
    // The WASM module outlives the backend (scalar math keeps using it); only our blocks go.
    this.wasm.dealloc(this.scratch);
  }
}
