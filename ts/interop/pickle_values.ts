// What the restricted unpickler produces: plain data. Python objects the state dicts of torch and
// Lightning contain become these records; nothing from a file is ever called or instantiated.

/** A module-level name a pickle referred to (only names on the allow-list get this far). */
export class PyGlobal {
  constructor(readonly module: string, readonly name: string) {}
  get qualified(): string {
    return `${this.module}.${this.name}`;
  }
}

/** A Python dict / OrderedDict / defaultdict; keys are plain values (str, int, float, bool, None). */
export class PyDict {
  readonly map = new Map<PyKey, PyValue>();
  /** attributes set by BUILD (OrderedDict's `_metadata` in torch state dicts) */
  attrs: PyValue = null;
  constructor(readonly kind: "dict" | "OrderedDict" | "defaultdict" | "AttributeDict" = "dict") {}
  get(key: PyKey): PyValue | undefined {
    return this.map.get(key);
  }
}

/** A Python object of an allow-listed class (torch optimizers / schedulers pickled by reference). */
export class PyObject {
  state: PyValue = null;
  constructor(readonly cls: PyGlobal, readonly args: PyValue[]) {}
}

/** getattr(obj, name): recorded, never evaluated (OneCycleLR pickles its bound anneal_func). */
export class PyAttr {
  constructor(readonly obj: PyValue, readonly name: string) {}
}

export class PySet {
  constructor(readonly items: PyValue[], readonly frozen: boolean) {}
}

/** One storage of a torch.save file: raw little-endian bytes of `numel` elements. */
export class TorchStorage {
  constructor(
    readonly dtype: TorchDtype,
    readonly key: string,
    readonly location: string,
    readonly numel: number,
  ) {}
}

/** torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks). */
export class TorchTensor {
  constructor(
    readonly storage: TorchStorage,
    readonly offset: number,
    readonly shape: number[],
    readonly stride: number[],
    readonly requiresGrad: boolean,
  ) {}
}

/** The torch dtypes the interop loaders read and the savers write. */
export type TorchDtype = "float32" | "float16" | "bfloat16" | "float64" | "int64" | "int32" | "int16" | "int8" | "uint8" | "bool";

export const DTYPE_BYTES: Record<TorchDtype, number> = {
  float32: 4, float16: 2, bfloat16: 2, float64: 8, int64: 8, int32: 4, int16: 2, int8: 1, uint8: 1, bool: 1,
};

export type PyKey = string | number | bigint | boolean | null;

/** Tuples are frozen arrays, lists plain arrays. */
export type PyValue =
  | null | boolean | number | bigint | string | Uint8Array
  | PyValue[] | PyDict | PyObject | PyAttr | PySet | PyGlobal | TorchStorage | TorchTensor;
