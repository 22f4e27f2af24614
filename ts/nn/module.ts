// Module: torch.nn.Module's bookkeeping. Children and parameters are found in fields (assignment
// order) and in explicit registrations; buffers only by registerBuffer. Names follow torch's
// state_dict ("0.weight", "G.0.bias", "bn.running_mean").
import * as tf from "@tensorflow/tfjs-core";
import { Parameter, Tensor } from "../autograd/tensor.ts";
import { noGrad } from "../autograd/grad_mode.ts";
import { setValue } from "../autograd/memory.ts";
import { FulgurRuntimeError, FulgurTypeError, KeyError } from "../errors.ts";
import { disposeModule } from "./module_dispose.ts";

/** One state_dict value: flat data (any shape of the same size), nested arrays, a Tensor or shaped data. */
export type StateDictValue = Float32Array | Int32Array | ArrayLike<number> | NestedArray | Tensor | ShapedData;

/** A tensor as plain data with its shape (the interop readers' TensorData has this form). */
export interface ShapedData {
  dtype?: string;
  shape: number[];
  data: Float32Array | Int32Array | Float64Array;
}

function isShapedData(v: unknown): v is ShapedData {
  return typeof v === "object" && v !== null && Array.isArray((v as ShapedData).shape) && ArrayBuffer.isView((v as ShapedData).data);
}
type NestedArray = ReadonlyArray<number | NestedArray>;
/** A module's stateDict: tensors by dotted name. */
export type StateDict = Record<string, StateDictValue>;

/** torch's _IncompatibleKeys. */
export interface IncompatibleKeys {
  missingKeys: string[];
  unexpectedKeys: string[];
}

export interface RegisterBufferOptions {
  /** false: kept out of stateDict (torch's persistent=False). */
  persistent?: boolean;
}

type BufferEntry = { value: Tensor | null; persistent: boolean };

/** torch.nn.Module: parameters, buffers and children registered as fields; call(), train() / eval(), stateDict / loadStateDict. */
export abstract class Module {
  training = true;
  /** Explicit registrations (registerModule / registerParameter), in order. */
  private readonly _registered = new Map<string, Parameter | Module | null>();
  /** Buffers in registration order; each is also readable and assignable as a field of its name. */
  private readonly _buffers = new Map<string, BufferEntry>();

  abstract forward(...args: any[]): any;

  /** torch's __call__: runs forward. */
  call(...args: any[]): any {
    return this.forward(...args);
  }

  registerModule(name: string, m: Module | null): void {
    checkName(name, "module");
    this._registered.set(name, m);
    (this as any)[name] = m;
  }

  /** torch's add_module. */
  addModule(name: string, m: Module | null): void {
    this.registerModule(name, m);
  }

  registerParameter(name: string, p: Parameter | null): void {
    checkName(name, "parameter");
    if (p !== null && !(p instanceof Parameter)) {
      throw new FulgurTypeError(`cannot assign '${(p as object)?.constructor?.name}' object to parameter '${name}' (torch.nn.Parameter or None required)`);
    }
    this._registered.set(name, p);
    (this as any)[name] = p;
  }

  /**
   * torch's register_buffer: state that is not a parameter (running statistics). Persistent
   * buffers are in stateDict; the tensor's value is kept (it survives scopes) and the field
   * `this[name]` reads and replaces it.
   */
  registerBuffer(name: string, t: Tensor | null, opts: RegisterBufferOptions = {}): void {
    checkName(name, "buffer");
    if (t !== null && !(t instanceof Tensor)) {
      throw new FulgurTypeError(`cannot assign '${(t as object)?.constructor?.name}' object to buffer '${name}' (torch Tensor or None required)`);
    }
    // a declared-but-unset TS field (`scale!: Tensor`) is undefined here: it becomes the buffer's accessor
    if (name in this && !this._buffers.has(name) && (this as any)[name] !== undefined) {
      throw new KeyError(`attribute '${name}' already exists`);
    }
    if (t !== null) tf.keep(t.value);
    const entry: BufferEntry = { value: t, persistent: opts.persistent ?? true };
    this._buffers.set(name, entry);
    Object.defineProperty(this, name, {
      configurable: true,
      enumerable: false,
      get: () => entry.value,
      set: (v: Tensor | null) => {
        if (v !== null && !(v instanceof Tensor)) throw new FulgurTypeError(`cannot assign '${(v as object)?.constructor?.name}' as buffer '${name}' (torch.Tensor or None expected)`);
        if (v !== null) tf.keep(v.value);
        entry.value = v;
      },
    });
  }

  /** Own entries of one kind: registrations first, then fields (skipping "_"-prefixed internals). */
  private ownEntries<T>(kind: abstract new (...a: any[]) => T): [string, T][] {
    const out: [string, T][] = [];
    // a registration's field may since have been reassigned: the field's current value counts
    for (const k of this._registered.keys()) {
      const v = (this as any)[k];
      if (v instanceof kind) out.push([k, v as T]);
    }
    for (const k of Object.keys(this)) {
      if (k.startsWith("_") || this._registered.has(k) || this._buffers.has(k)) continue;
      const v = (this as any)[k];
      if (v instanceof kind) out.push([k, v as T]);
    }
    return out;
  }

  /** This module's own parameters (not its children's), torch's _parameters order. */
  namedOwnParameters(): [string, Parameter][] {
    return this.ownEntries(Parameter);
  }

  /** This module's own non-null buffers, in registration order. */
  namedOwnBuffers(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [k, e] of this._buffers) if (e.value !== null) out.push([k, e.value]);
    return out;
  }

  namedChildren(): [string, Module][] {
    return this.ownEntries(Module);
  }

  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** This module and every descendant, depth first, self first (torch named_modules, duplicates removed). */
  namedModules(prefix = "", memo = new Set<Module>()): [string, Module][] {
    if (memo.has(this)) return [];
    memo.add(this);
    const out: [string, Module][] = [[prefix, this]];
    for (const [name, child] of this.namedChildren()) {
      out.push(...child.namedModules(prefix ? `${prefix}.${name}` : name, memo));
    }
    return out;
  }

  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** torch order: each module's own parameters, modules visited self first; shared parameters once. */
  namedParameters(opts: { prefix?: string; recurse?: boolean } = {}): [string, Parameter][] {
    return this.namedMembers((m) => m.namedOwnParameters(), opts);
  }

  parameters(opts: { recurse?: boolean } = {}): Parameter[] {
    return this.namedParameters(opts).map(([, p]) => p);
  }

  /** Every non-null buffer (persistent or not), torch's named_buffers order; shared ones once. */
  namedBuffers(opts: { prefix?: string; recurse?: boolean } = {}): [string, Tensor][] {
    return this.namedMembers((m) => m.namedOwnBuffers(), opts);
  }

  buffers(opts: { recurse?: boolean } = {}): Tensor[] {
    return this.namedBuffers(opts).map(([, b]) => b);
  }

  private namedMembers<T>(own: (m: Module) => [string, T][], opts: { prefix?: string; recurse?: boolean }): [string, T][] {
    const prefix = opts.prefix ?? "";
    const mods: [string, Module][] = opts.recurse === false ? [[prefix, this]] : this.namedModules(prefix);
    const seen = new Set<T>();
    const out: [string, T][] = [];
    for (const [mp, m] of mods) {
      for (const [name, v] of own(m)) {
        if (seen.has(v)) continue;
        seen.add(v);
        out.push([mp ? `${mp}.${name}` : name, v]);
      }
    }
    return out;
  }

  /**
   * torch's state_dict entries as Tensors: each module's parameters, then its persistent buffers,
   * then its children's (a shared module or parameter appears under every name, as in torch).
   */
  namedStateTensors(prefix = ""): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [n, p] of this.namedOwnParameters()) out.push([prefix + n, p]);
    for (const [n, e] of this._buffers) if (e.value !== null && e.persistent) out.push([prefix + n, e.value]);
    for (const [n, child] of this.namedChildren()) out.push(...child.namedStateTensors(`${prefix}${n}.`));
    return out;
  }

  /**
   * torch's state_dict as flat float32 data by name (int buffers such as num_batches_tracked
   * are exact as float32 up to 2^24; loadStateDict casts back to the buffer's dtype).
   */
  stateDict(): Record<string, Float32Array> {
    const sd: Record<string, Float32Array> = {};
    for (const [name, t] of this.namedStateTensors()) {
      const data = t.dataSync();
      // a non-enumerable `shape` (and the tensor's dtype): saveSafetensors(module.stateDict())
      // writes real shapes, while the values stay plain Float32Arrays for every other caller
      Object.defineProperty(data, "shape", { value: [...t.shape], enumerable: false });
      if (t.dtype !== "float32") Object.defineProperty(data, "dtype", { value: t.dtype, enumerable: false });
      sd[name] = data;
    }
    return sd;
  }

  /** The state_dict with each tensor's shape and dtype: what saveSafetensors / torchSave write. */
  stateDictTensors(): Record<string, ShapedData & { dtype: "float32" | "int64" }> {
    const sd: Record<string, ShapedData & { dtype: "float32" | "int64" }> = {};
    for (const [name, t] of this.namedStateTensors()) {
      const data = t.value.dataSync();
      // torch keeps integer buffers (num_batches_tracked) as int64
      sd[name] = t.dtype === "float32"
        ? { dtype: "float32", shape: [...t.shape], data: data as Float32Array }
        : { dtype: "int64", shape: [...t.shape], data: Int32Array.from(data as ArrayLike<number>) };
    }
    return sd;
  }

  /**
   * Copies values in (torch load_state_dict). Everything is checked before anything changes:
   * with strict (default) missing and unexpected keys are errors; a shape mismatch always is.
   * Flat data (Float32Array, number[]) only needs the right number of values; a Tensor or nested
   * arrays must have the parameter's exact shape. Returns torch's {missingKeys, unexpectedKeys}.
   */
  loadStateDict(sd: StateDict, opts: { strict?: boolean } | boolean = {}): IncompatibleKeys {
    const strict = typeof opts === "boolean" ? opts : opts.strict ?? true;
    const own = this.namedStateTensors();
    const ownNames = new Set(own.map(([n]) => n));
    const missingKeys = own.filter(([n]) => !(n in sd)).map(([n]) => n);
    const unexpectedKeys = Object.keys(sd).filter((k) => !ownNames.has(k));
    const errors: string[] = [];
    const staged: [Tensor, Float32Array | Int32Array][] = [];
    for (const [name, t] of own) {
      if (!(name in sd)) continue;
      const { data, shape } = flattenValue(sd[name], name);
      const exact = shape !== null;
      const ok = exact ? sameShape(shape, t.shape) : data.length === t.size;
      if (!ok) {
        const from = shape ?? [data.length];
        errors.push(
          `size mismatch for ${name}: copying a param with shape ${fmt(from)} from checkpoint, the shape in current model is ${fmt(t.shape)}.`,
        );
        continue;
      }
      staged.push([t, t.dtype === "float32" ? Float32Array.from(data) : Int32Array.from(data, Math.trunc)]);
    }
    if (strict) {
      if (unexpectedKeys.length) errors.unshift(`Unexpected key(s) in state_dict: ${unexpectedKeys.map((k) => `"${k}"`).join(", ")}. `);
      if (missingKeys.length) errors.unshift(`Missing key(s) in state_dict: ${missingKeys.map((k) => `"${k}"`).join(", ")}. `);
    }
    if (errors.length) {
      throw new FulgurRuntimeError(`Error(s) in loading state_dict for ${this.constructor.name}:\n\t${errors.join("\n\t")}`);
    }
    noGrad(() => {
      for (const [t, data] of staged) {
        setValue(t, tf.tensor(data, t.shape, t.dtype === "float32" ? "float32" : "int32"));
      }
    });
    return { missingKeys, unexpectedKeys };
  }

  /** Sets `training` here and, through each child's own train(mode), on every descendant (torch's train). */
  /** Frees the memory of every parameter, gradient and buffer now (docs/MEMORY.md); the module is unusable afterwards. */
  dispose(): void {
    disposeModule(this);
  }

  train(mode = true): this {
    if (typeof mode !== "boolean") throw new FulgurTypeError("training mode is expected to be boolean");
    this.training = mode;
    for (const child of this.children()) child.train(mode);
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** Calls fn on every descendant, children first, then on this module (torch's apply). */
  apply(fn: (m: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /** torch Module.zero_grad (set_to_none=False in 1.13): zeroes existing grads in place. */
  zeroGrad(setToNone = false): void {
    for (const p of this.parameters()) {
      if (p.grad === null) continue;
      if (setToNone) {
        p.grad.dispose();
        p.grad = null;
      } else {
        setValue(p.grad, tf.zerosLike(p.grad.value));
      }
    }
  }

  /** Sets requiresGrad on every parameter (torch requires_grad_). */
  requiresGrad_(flag = true): this {
    for (const p of this.parameters()) p.requiresGrad = flag;
    return this;
  }

  /** torch's extra_repr, shown by toString. */
  extraRepr(): string {
    return "";
  }

  toString(): string {
    const kids = this.namedChildren();
    if (kids.length === 0) return `${this.constructor.name}(${this.extraRepr()})`;
    const lines = kids.map(([n, m]) => `  (${n}): ${String(m).replaceAll("\n", "\n  ")}`);
    return `${this.constructor.name}(\n${lines.join("\n")}\n)`;
  }
}

function checkName(name: string, what: string): void {
  if (typeof name !== "string") throw new FulgurTypeError(`${what} name should be a string. Got ${typeof name}`);
  if (name.includes(".")) throw new KeyError(`${what} name can't contain "."`);
  if (name === "") throw new KeyError(`${what} name can't be empty string ""`);
}

const fmt = (s: readonly number[]) => `[${s.join(", ")}]`;
const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** A state value's data and, where it has one (Tensor, nested arrays), its shape. */
function flattenValue(v: StateDictValue, name: string): { data: ArrayLike<number>; shape: number[] | null } {
  if (v instanceof Tensor) return { data: v.value.dataSync() as ArrayLike<number>, shape: v.shape };
  // what the file readers give (loadSafetensors, torchLoad): flat data with its shape
  if (isShapedData(v)) return { data: v.data, shape: [...v.shape] };
  if (ArrayBuffer.isView(v)) return { data: v as unknown as ArrayLike<number>, shape: null };
  if (typeof v === "number") return { data: [v], shape: [] };
  if (Array.isArray(v)) {
    if (v.length > 0 && Array.isArray(v[0])) {
      const t = tf.tensor(v as number[][]);
      try {
        return { data: t.dataSync() as ArrayLike<number>, shape: t.shape };
      } finally {
        t.dispose();
      }
    }
    return { data: v as number[], shape: null };
  }
  if (v !== null && typeof v === "object" && typeof (v as ArrayLike<number>).length === "number") return { data: v as ArrayLike<number>, shape: null };
  throw new FulgurTypeError(`state_dict["${name}"] is not tensor data (got ${v === null ? "null" : typeof v})`);
}
