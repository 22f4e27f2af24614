// torch.optim.LBFGS (1.13): one parameter group, flat float32 vectors, optional strong-Wolfe
// line search. step(closure) re-evaluates the closure (grad enabled) as torch does; where the
// backend has no synchronous read (webgpu in Node/Deno/Bun) step returns a Promise.
import { FulgurRuntimeError, FulgurTypeError, ValueError } from "../errors.ts";
import * as tf from "@tensorflow/tfjs-core";
import { enableGrad } from "../autograd/grad_mode.ts";
import { setValue } from "../autograd/memory.ts";
import { Tensor, type Parameter } from "../autograd/tensor.ts";
import { absMax, absSum, addScaledInPlace, dot, neg, scale, sub } from "./flat_vector.ts";
import { Optimizer, type OptimizerClosure, type ParamGroup, type ParamsArg, type StateValue } from "./optimizer.ts";
import { num } from "./group_options.ts";
import { strongWolfe } from "./strong_wolfe.ts";
import { canReadSync } from "../gpu/sync_read_guard.ts";
import { driveAsync, driveSync, type HostReading } from "./lbfgs_host_reads.ts";
import { isWebGPUActive } from "../gpu/webgpu.ts";

/** LBFGS's options (torch's keyword arguments in camelCase). */
export interface LBFGSOptions {
  lr?: number; maxIter?: number; maxEval?: number | null; toleranceGrad?: number; toleranceChange?: number;
  historySize?: number; lineSearchFn?: string | null;
}

const VECTOR_KEYS = new Set(["d", "prevFlatGrad"]);
const VECTOR_LIST_KEYS = new Set(["oldDirs", "oldStps"]);

/** What one closure evaluation gave: its return value, the loss as a number and the flat gradient. */
interface Evaluation {
  raw: number | Tensor;
  loss: number;
  flatGrad: Float32Array;
}

/** torch.optim.LBFGS (strong-Wolfe line search optional); its step takes the closure. */
export class LBFGS extends Optimizer {
  constructor(params: ParamsArg, opts: LBFGSOptions = {}) {
    const { lr = 1, maxIter = 20, toleranceGrad = 1e-7, toleranceChange = 1e-9, historySize = 100, lineSearchFn = null } = opts;
    const maxEval = opts.maxEval ?? Math.floor((maxIter * 5) / 4);
    super(params, { lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, lineSearchFn }, opts);
    if (this.paramGroups.length !== 1) throw new ValueError("LBFGS doesn't support per-parameter options (parameter groups)");
  }

  private get params(): Parameter[] {
    return this.paramGroups[0].params;
  }

  /** Runs the closure (grad enabled); reads its loss and every gradient in one host read. */
  private *evaluate(closure: OptimizerClosure): HostReading<Evaluation> {
    const raw = enableGrad(closure);
    const isTensor = raw instanceof Tensor;
    if (isTensor && raw.size !== 1) {
      throw new FulgurRuntimeError(`a Tensor with ${raw.size} elements cannot be converted to Scalar`);
    }
    const withGrad = this.params.filter((p) => p.grad !== null);
    const values = yield [...(isTensor ? [raw.value] : []), ...withGrad.map((p) => p.grad!.value)];
    const grads = isTensor ? values.slice(1) : values;
    const flatGrad = new Float32Array(this.params.reduce((s, p) => s + p.size, 0));
    let off = 0, k = 0;
    for (const p of this.params) {
      if (p.grad !== null) flatGrad.set(grads[k++], off);
      off += p.size;
    }
    return { raw, loss: isTensor ? values[0][0] : Number(raw), flatGrad };
  }

  /** p.add_(update[slice], alpha=stepSize) for every parameter. */
  private *addGrad(stepSize: number, update: Float32Array): HostReading<void> {
    const current = (yield this.params.map((p) => p.value)).map((v) => Float32Array.from(v));
    let off = 0;
    this.params.forEach((p, i) => {
      addScaledInPlace(current[i], update.subarray(off, off + p.size), stepSize);
      setValue(p, tf.tensor(current[i], p.shape, "float32"));
      off += p.size;
    });
  }

  private *cloneParams(): HostReading<Float32Array[]> {
    return (yield this.params.map((p) => p.value)).map((v) => Float32Array.from(v));
  }

  private setParams(data: Float32Array[]): void {
    this.params.forEach((p, i) => setValue(p, tf.tensor(data[i], p.shape, "float32")));
  }

  protected updateGroup(_group: ParamGroup, _params: Parameter[]): void {
    throw new FulgurTypeError("LBFGS.step requires a closure");
  }

  /**
   * Returns what the first closure evaluation returned. Where the backend cannot read
   * synchronously (webgpu in Node, Deno, Bun, or a browser on a software adapter) it returns a
   * Promise of it instead: `await opt.step(closure)`. The closure stays a plain sync function;
   * only LBFGS's reads of the loss and gradients wait. Do not step again before it resolves.
   */
  override step(closure?: OptimizerClosure): number | Tensor | undefined {
    if (!closure) throw new FulgurTypeError("LBFGS.step() missing 1 required positional argument: 'closure'");
    const run = this.stepReading(closure);
    if (isWebGPUActive() && !canReadSync()) {
      // typed as the base class's step; `await` gives the same type either way
      return driveAsync(run) as unknown as number | Tensor | undefined;
    }
    return driveSync(run);
  }

  /** torch's LBFGS.step, pausing at every host read (lbfgs_host_reads.ts drives it). */
  private *stepReading(closure: OptimizerClosure): HostReading<number | Tensor | undefined> {
    const group = this.paramGroups[0];
    const lr = group.lr, maxIter = num(group, "maxIter"), maxEval = num(group, "maxEval");
    const toleranceGrad = num(group, "toleranceGrad"), toleranceChange = num(group, "toleranceChange");
    const historySize = num(group, "historySize");
    const lineSearchFn = group.lineSearchFn as string | null;

    const state = this.stateOf(this.params[0]);
    state.funcEvals ??= 0;
    state.nIter ??= 0;

    const first = yield* this.evaluate(closure);
    const origLoss = first.raw;
    let loss = first.loss;
    let currentEvals = 1;
    state.funcEvals = (state.funcEvals as number) + 1;
    let flatGrad = first.flatGrad;
    let optCond = absMax(flatGrad) <= toleranceGrad;
    if (optCond) return origLoss;

    let d = (state.d as Float32Array | undefined) ?? null;
    let t = (state.t as number | undefined) ?? 0;
    let oldDirs = (state.oldDirs as Float32Array[] | undefined) ?? [];
    let oldStps = (state.oldStps as Float32Array[] | undefined) ?? [];
    let ro = (state.ro as number[] | undefined) ?? [];
    let hDiag = (state.HDiag as number | undefined) ?? 1;
    let prevFlatGrad = (state.prevFlatGrad as Float32Array | undefined) ?? null;
    let prevLoss = (state.prevLoss as number | undefined) ?? 0;

    let nIter = 0;
    while (nIter < maxIter) {
      nIter += 1;
      state.nIter = (state.nIter as number) + 1;
      if (state.nIter === 1) {
        d = neg(flatGrad);
        oldDirs = [];
        oldStps = [];
        ro = [];
        hDiag = 1;
      } else {
        const y = sub(flatGrad, prevFlatGrad!);
        const s = scale(d!, t);
        const ys = dot(y, s);
        if (ys > 1e-10) {
          if (oldDirs.length === historySize) {
            oldDirs.shift();
            oldStps.shift();
            ro.shift();
          }
          oldDirs.push(y);
          oldStps.push(s);
          ro.push(Math.fround(1 / ys));
          hDiag = Math.fround(ys / dot(y, y));
        }
        const numOld = oldDirs.length;
        if (!Array.isArray(state.al)) state.al = new Array(historySize).fill(null);
        const al = state.al as Array<number | null>;
        const q = neg(flatGrad);
        for (let i = numOld - 1; i >= 0; i--) {
          al[i] = Math.fround(dot(oldStps[i], q) * ro[i]);
          addScaledInPlace(q, oldDirs[i], -(al[i] as number));
        }
        const r = scale(q, hDiag);
        d = r;
        for (let i = 0; i < numOld; i++) {
          const beI = Math.fround(dot(oldDirs[i], r) * ro[i]);
          addScaledInPlace(r, oldStps[i], Math.fround((al[i] as number) - beI));
        }
      }
      prevFlatGrad = Float32Array.from(flatGrad);
      prevLoss = loss;
      if (state.nIter === 1) {
        // min(1., 1./|g|.sum()) * lr: the tensor branch stays float32
        const inv = Math.fround(1 / absSum(flatGrad));
        t = inv < 1 ? Math.fround(inv * Math.fround(lr)) : lr;
      } else {
        t = lr;
      }
      const gtd = dot(flatGrad, d!);
      if (gtd > -toleranceChange) break;

      let lsFuncEvals = 0;
      if (lineSearchFn !== null && lineSearchFn !== undefined) {
        if (lineSearchFn !== "strong_wolfe") throw new FulgurRuntimeError("only 'strong_wolfe' is supported");
        const xInit = yield* this.cloneParams();
        const self = this;
        const objFunc = function* (x: Float32Array[], step: number, dir: Float32Array): HostReading<[number, Float32Array]> {
          yield* self.addGrad(step, dir);
          const e = yield* self.evaluate(closure);
          self.setParams(x);
          return [e.loss, e.flatGrad];
        };
        const res = yield* strongWolfe(objFunc, xInit, t, d!, loss, flatGrad, gtd);
        loss = res.loss;
        flatGrad = res.flatGrad;
        t = res.t;
        lsFuncEvals = res.funcEvals;
        yield* this.addGrad(t, d!);
        optCond = absMax(flatGrad) <= toleranceGrad;
      } else {
        yield* this.addGrad(t, d!);
        if (nIter !== maxIter) {
          const e = yield* this.evaluate(closure);
          loss = e.loss;
          flatGrad = e.flatGrad;
          optCond = absMax(flatGrad) <= toleranceGrad;
          lsFuncEvals = 1;
        }
      }
      currentEvals += lsFuncEvals;
      state.funcEvals = (state.funcEvals as number) + lsFuncEvals;

      if (nIter === maxIter) break;
      if (currentEvals >= maxEval) break;
      if (optCond) break;
      if (absMax(scale(d!, t)) <= toleranceChange) break;
      if (Math.abs(loss - prevLoss) < toleranceChange) break;
    }
    state.d = d;
    state.t = t;
    state.oldDirs = oldDirs;
    state.oldStps = oldStps;
    state.ro = ro;
    state.HDiag = hDiag;
    state.prevFlatGrad = prevFlatGrad;
    state.prevLoss = prevLoss;
    return origLoss;
  }

  protected override encodeState(key: string, v: StateValue): unknown {
    if (v instanceof Float32Array) return Array.from(v);
    if (VECTOR_LIST_KEYS.has(key)) return (v as Float32Array[]).map((x) => Array.from(x));
    return super.encodeState(key, v);
  }

  protected override decodeState(key: string, v: unknown, p: Parameter): StateValue {
    if (VECTOR_KEYS.has(key)) return v === null ? null : Float32Array.from(v as number[]);
    if (VECTOR_LIST_KEYS.has(key)) return (v as number[][]).map((x) => Float32Array.from(x));
    if (key === "al" || key === "ro") return (v as Array<number | null>).slice();
    return super.decodeState(key, v, p);
  }
}
