// torch.optim.Optimizer (1.13): parameter groups with defaults filled in, per-parameter
// state, zero_grad, step(closure) and state_dict / load_state_dict in torch's structure.
// Subclasses supply only `updateGroup` (one fused WASM call per group) and validation.
import { FulgurTypeError, ValueError } from "../errors.ts";
import { enableGrad } from "../autograd/grad_mode.ts";
import { Tensor, type Parameter } from "../autograd/tensor.ts";
import { StateBuffer } from "./state_buffer.ts";
import { zeroInPlace } from "./tensor_io.ts";
import { checkGradsFinite, detectNonFiniteEnabled } from "./non_finite.ts";
import { checkKnownKeys } from "../validation/options.ts";

const TORCH_FLAGS = ["foreach", "differentiable", "fused", "capturable", "maximize"];

/** Numeric options must be numbers and not NaN (torch's `0 <= nan` is False: "Invalid ... value: nan"). */
function checkOptionValues(callee: string, opts: Record<string, unknown> | undefined, defaults: Record<string, unknown>): void {
  if (opts === undefined || opts === null) return;
  for (const [k, v] of Object.entries(opts)) {
    const d = defaults[k];
    if (v === undefined || !(typeof d === "number" || (k === "lr" && d !== undefined))) continue;
    if (typeof v !== "number") throw new FulgurTypeError(`${callee}(): '${k}' must be a number, got ${v === null ? "null" : typeof v} (${String(v)})`);
    if (Number.isNaN(v)) throw new ValueError(k === "lr" ? "Invalid learning rate: nan" : `Invalid ${k} value: nan`);
  }
}

/**
 * Counts one more step in a parameter's state and returns it. torch 1.13 keeps `step` as a
 * float32 tensor and reads it back as a Python float for its bias corrections.
 */
export function advanceStep(state: Record<string, unknown>): number {
  const step = Math.fround((state.step as number) + 1);
  state.step = step;
  return step;
}

/** An optimizer's parameter group: its parameters and its options (lr, weightDecay, ...). */
export interface ParamGroup {
  params: Parameter[];
  lr: number;
  [option: string]: unknown;
}

/** A parameter group given to an optimizer: its params and any option overriding the defaults. */
export type GroupSpec = Partial<Omit<ParamGroup, "params">> & { params: Parameter[] | Parameter; [option: string]: unknown };
/** What an optimizer takes: parameters, or parameter groups. */
export type ParamsArg = Parameter[] | GroupSpec[];
/** The closure an optimizer's step calls: recomputes the loss (and gradients). */
export type OptimizerClosure = () => number | Tensor;

/** Marks a default the caller must give (torch.optim.optimizer.required, e.g. SGD's lr). */
export const required: unique symbol = Symbol("required");

/** A value of an optimizer's per-parameter state. */
export type StateValue = number | boolean | null | StateBuffer | unknown;
/** An optimizer's state of one parameter (step, exp_avg, ...). */
export type ParamState = Record<string, StateValue>;

/** JSON-serialisable, torch's layout: state keyed by parameter index counted across groups. */
export interface OptimizerStateDict {
  state: Record<string, Record<string, unknown>>;
  paramGroups: Array<Record<string, unknown> & { params: number[] }>;
}

/** Deep copy of plain option values (betas arrays, nested lists). */
function copyOption(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copyOption);
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, copyOption(x)]));
  }
  return v;
}

/** torch.optim.Optimizer: param groups, per-parameter state, zeroGrad, step(closure), stateDict / loadStateDict. */
export abstract class Optimizer {
  paramGroups: ParamGroup[] = [];
  state = new Map<Parameter, ParamState>();
  readonly defaults: Record<string, unknown>;

  /** `opts`: the options object the user gave the subclass; unknown keys are refused by name (torch's TypeError). */
  constructor(params: ParamsArg, defaults: Record<string, unknown>, opts?: unknown) {
    // torch ignores these flags' meaning here but accepts them on every optimizer
    checkKnownKeys(new.target.name, opts, [...Object.keys(defaults), ...TORCH_FLAGS]);
    checkOptionValues(new.target.name, opts as Record<string, unknown> | undefined, defaults);
    this.defaults = defaults;
    if (params instanceof Tensor) {
      throw new FulgurTypeError("params argument given to the optimizer should be an iterable of Tensors or dicts, but got Tensor");
    }
    const list = Array.from(params as Iterable<Parameter | GroupSpec>);
    if (list.length === 0) throw new ValueError("optimizer got an empty parameter list");
    const groups: GroupSpec[] = list[0] instanceof Tensor ? [{ params: list as Parameter[] }] : (list as GroupSpec[]);
    for (const g of groups) this.addParamGroup(g);
  }

  get name(): string {
    return this.constructor.name;
  }

  addParamGroup(spec: GroupSpec): void {
    if (spec === null || typeof spec !== "object" || spec instanceof Tensor) throw new FulgurTypeError("param group must be a dict");
    const params: Parameter[] = spec.params instanceof Tensor ? [spec.params] : Array.from(spec.params ?? []);
    if (spec.params instanceof Set) {
      throw new FulgurTypeError(
        "optimizer parameters need to be organized in ordered collections, but the ordering of tensors in sets will change between runs. Please use a list instead.",
      );
    }
    for (const p of params) {
      if (!(p instanceof Tensor)) {
        throw new FulgurTypeError(`optimizer can only optimize Tensors, but one of the params is ${p === null ? "null" : typeof p}`);
      }
      if (!p.isLeaf) throw new ValueError("can't optimize a non-leaf Tensor");
    }
    const group: ParamGroup = { ...(spec as object), params } as ParamGroup;
    for (const [name, def] of Object.entries(this.defaults)) {
      if (def === required && !(name in spec)) {
        throw new ValueError(`parameter group didn't specify a value of required optimization parameter ${name}`);
      }
      if (!(name in group)) group[name] = copyOption(def);
    }
    if (new Set(params).size !== params.length) {
      console.warn(
        "optimizer contains a parameter group with duplicate parameters; in future, this will cause an error; see github.com/pytorch/pytorch/issues/40967 for more information",
      );
    }
    const seen = new Set<Parameter>();
    for (const g of this.paramGroups) for (const p of g.params) seen.add(p);
    if (params.some((p) => seen.has(p))) throw new ValueError("some parameters appear in more than one parameter group");
    this.paramGroups.push(group);
  }

  /** torch 1.13 default set_to_none=False: gradients are zeroed in place; null grads stay null. */
  zeroGrad(setToNone = false): void {
    for (const g of this.paramGroups) {
      for (const p of g.params) {
        if (p.grad === null) continue;
        if (setToNone) {
          p.grad = null;
        } else {
          p.grad.gradFn = null;
          p.grad.requiresGrad = false;
          zeroInPlace(p.grad);
        }
      }
    }
  }

  /** Runs the closure (grad enabled) if given, then updates every group; returns the closure's loss. */
  step(closure?: OptimizerClosure): number | Tensor | undefined {
    let loss: number | Tensor | undefined;
    if (closure) loss = enableGrad(closure);
    const perGroup = this.paramGroups.map((group) => group.params.filter((p) => p.grad !== null));
    // Trainer(detectNonFinite): every group's gradients are checked before any group changes
    if (detectNonFiniteEnabled()) checkGradsFinite(perGroup.flat(), this.name);
    this.paramGroups.forEach((group, i) => {
      if (perGroup[i].length > 0) this.updateGroup(group, perGroup[i]);
    });
    return loss;
  }

  /** Applies one update to `params` (those of `group` whose grad is not null), in group order. */
  protected abstract updateGroup(group: ParamGroup, params: Parameter[]): void;

  /** The parameter's state record, created empty on first use (torch's defaultdict(dict)). */
  protected stateOf(p: Parameter): ParamState {
    let s = this.state.get(p);
    if (!s) {
      s = {};
      this.state.set(p, s);
    }
    return s;
  }

  stateDict(): OptimizerStateDict {
    const index = new Map<Parameter, number>();
    let start = 0;
    const paramGroups = this.paramGroups.map((g) => {
      const packed: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(g)) if (k !== "params") packed[k] = copyOption(v);
      g.params.forEach((p, i) => {
        if (!index.has(p)) index.set(p, start + i);
      });
      start += g.params.length;
      return { ...packed, params: g.params.map((p) => index.get(p)!) };
    });
    const state: OptimizerStateDict["state"] = {};
    for (const [p, s] of this.state) {
      const i = index.get(p);
      if (i === undefined) continue;
      state[String(i)] = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, this.encodeState(k, v)]));
    }
    return { state, paramGroups };
  }

  /**
   * stateDict() for any backend: on webgpu the state buffers live on the GPU and Node/Deno/Bun
   * cannot read them synchronously, so they are read here without blocking first (tfjs keeps
   * that copy until the next update writes the buffer), then the sync stateDict() uses it.
   */
  async stateDictAsync(): Promise<OptimizerStateDict> {
    const reads: Promise<unknown>[] = [];
    for (const s of this.state.values()) {
      for (const v of Object.values(s)) if (v instanceof StateBuffer && v.onGpu) reads.push(v.dataAsync());
    }
    await Promise.all(reads);
    return this.stateDict();
  }

  loadStateDict(sd: OptimizerStateDict): void {
    const saved = sd.paramGroups;
    if (!saved || saved.length !== this.paramGroups.length) {
      throw new ValueError("loaded state dict has a different number of parameter groups");
    }
    if (this.paramGroups.some((g, i) => g.params.length !== saved[i].params.length)) {
      throw new ValueError("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
    }
    const idMap = new Map<string, Parameter>();
    saved.forEach((sg, gi) => sg.params.forEach((id, k) => idMap.set(String(id), this.paramGroups[gi].params[k])));
    const state = new Map<Parameter, ParamState>();
    for (const [k, v] of Object.entries(sd.state ?? {})) {
      const p = idMap.get(k);
      if (!p) continue; // torch keeps state for unknown keys; nothing here can use it
      state.set(p, Object.fromEntries(Object.entries(v).map(([key, x]) => [key, this.decodeState(key, x, p)])));
    }
    this.freeState();
    this.state = state;
    this.paramGroups = this.paramGroups.map((g, i) => {
      const ng: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(saved[i])) if (k !== "params") ng[k] = copyOption(v);
      return { ...ng, params: g.params } as ParamGroup;
    });
  }

  /** State value → JSON (buffers become plain number arrays, exact for float32). */
  protected encodeState(_key: string, v: StateValue): unknown {
    if (v instanceof StateBuffer) return v.toJSON();
    if (v instanceof Float32Array) return Array.from(v);
    return copyOption(v);
  }

  /** JSON → state value: a number array the size of the parameter becomes a state buffer. */
  protected decodeState(key: string, v: unknown, p: Parameter): StateValue {
    // (binary checkpoints hand buffers over as Float32Arrays, JSON ones as number arrays)
    if (v instanceof Float32Array || (Array.isArray(v) && v.every((x) => typeof x === "number"))) {
      if (v.length !== p.size) {
        throw new ValueError(`loaded state "${key}" has ${v.length} values but its parameter has ${p.size}`);
      }
      return StateBuffer.fromArray(p.shape, v as number[]);
    }
    return copyOption(v);
  }

  /** Frees the WASM memory of every state buffer (the optimizer is unusable for stepping state afterwards). */
  dispose(): void {
    this.freeState();
    this.state = new Map();
  }

  private freeState(): void {
    for (const s of this.state.values()) {
      for (const v of Object.values(s)) if (v instanceof StateBuffer) v.free();
    }
  }
}
