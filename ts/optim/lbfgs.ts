// torch.optim.LBFGS (1.13): one parameter group, flat float32 vectors, optional strong-Wolfe
// line search. step(closure) re-evaluates the closure (grad enabled) as torch does.
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
import { isWebGPUActive } from "../gpu/webgpu.ts";

export interface LBFGSOptions {
  lr?: number; maxIter?: number; maxEval?: number | null; toleranceGrad?: number; toleranceChange?: number;
  historySize?: number; lineSearchFn?: string | null;
}

const VECTOR_KEYS = new Set(["d", "prevFlatGrad"]);
const VECTOR_LIST_KEYS = new Set(["oldDirs", "oldStps"]);

function lossValue(v: number | Tensor): number {
  return v instanceof Tensor ? v.item() : Number(v);
}

export class LBFGS extends Optimizer {
  constructor(params: ParamsArg, opts: LBFGSOptions = {}) {
    const { lr = 1, maxIter = 20, toleranceGrad = 1e-7, toleranceChange = 1e-9, historySize = 100, lineSearchFn = null } = opts;
    const maxEval = opts.maxEval ?? Math.floor((maxIter * 5) / 4);
    super(params, { lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, lineSearchFn });
    if (this.paramGroups.length !== 1) throw new ValueError("LBFGS doesn't support per-parameter options (parameter groups)");
  }

  private get params(): Parameter[] {
    return this.paramGroups[0].params;
  }

  private gatherFlatGrad(): Float32Array {
    const total = this.params.reduce((s, p) => s + p.size, 0);
    const out = new Float32Array(total);
    let off = 0;
    for (const p of this.params) {
      if (p.grad !== null) out.set(p.grad.value.dataSync() as Float32Array, off);
      off += p.size;
    }
    return out;
  }

  /** p.add_(update[slice], alpha=stepSize) for every parameter. */
  private addGrad(stepSize: number, update: Float32Array): void {
    let off = 0;
    for (const p of this.params) {
      const v = Float32Array.from(p.value.dataSync() as Float32Array);
      addScaledInPlace(v, update.subarray(off, off + p.size), stepSize);
      setValue(p, tf.tensor(v, p.shape, "float32"));
      off += p.size;
    }
  }

  private cloneParams(): Float32Array[] {
    return this.params.map((p) => Float32Array.from(p.value.dataSync() as Float32Array));
  }

  private setParams(data: Float32Array[]): void {
    this.params.forEach((p, i) => setValue(p, tf.tensor(data[i], p.shape, "float32")));
  }

  protected updateGroup(_group: ParamGroup, _params: Parameter[]): void {
    throw new FulgurTypeError("LBFGS.step requires a closure");
  }

  override step(closure?: OptimizerClosure): number | Tensor | undefined {
    if (!closure) throw new FulgurTypeError("LBFGS.step() missing 1 required positional argument: 'closure'");
    if (isWebGPUActive() && !canReadSync()) {
      // its line search branches on host values (losses, directional derivatives) every iteration
      throw new FulgurRuntimeError(
        "LBFGS reads the loss and gradients on the host at every iteration, and this runtime cannot read the WebGPU " +
          "backend synchronously (Node, Deno and Bun have no blocking GPU readback, nor do browsers on a software " +
          "adapter): train LBFGS with accelerator \"wasm\"",
      );
    }
    const evalClosure = (): number | Tensor => enableGrad(closure);
    const group = this.paramGroups[0];
    const lr = group.lr, maxIter = num(group, "maxIter"), maxEval = num(group, "maxEval");
    const toleranceGrad = num(group, "toleranceGrad"), toleranceChange = num(group, "toleranceChange");
    const historySize = num(group, "historySize");
    const lineSearchFn = group.lineSearchFn as string | null;

    const state = this.stateOf(this.params[0]);
    state.funcEvals ??= 0;
    state.nIter ??= 0;

    const origLoss = evalClosure();
    let loss = lossValue(origLoss);
    let currentEvals = 1;
    state.funcEvals = (state.funcEvals as number) + 1;
    let flatGrad = this.gatherFlatGrad();
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
        const xInit = this.cloneParams();
        const objFunc = (x: Float32Array[], step: number, dir: Float32Array): [number, Float32Array] => {
          this.addGrad(step, dir);
          const l = lossValue(evalClosure());
          const g = this.gatherFlatGrad();
          this.setParams(x);
          return [l, g];
        };
        const res = strongWolfe(objFunc, xInit, t, d!, loss, flatGrad, gtd);
        loss = res.loss;
        flatGrad = res.flatGrad;
        t = res.t;
        lsFuncEvals = res.funcEvals;
        this.addGrad(t, d!);
        optCond = absMax(flatGrad) <= toleranceGrad;
      } else {
        this.addGrad(t, d!);
        if (nIter !== maxIter) {
          loss = lossValue(evalClosure());
          flatGrad = this.gatherFlatGrad();
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
