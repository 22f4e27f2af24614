// Loss ops (torch.nn.functional's losses) with torch's reductions. Each fused loss keeps torch's
// forward and writes torch's backward formula in fulgur ops (recordOp), so gradients of
// gradients work; the rest are compositions of fulgur ops.
import * as tf from "@tensorflow/tfjs-core";
import { isWebGPUActive } from "../../gpu/webgpu.ts";
import { nllLossMeanBackwardGpu, nllLossMeanGpu } from "../../gpu/ops/nll_loss.ts";
import { recordOp } from "../graph.ts";
import { isGradEnabled } from "../grad_mode.ts";
import { Tensor } from "../tensor.ts";
import {
  add, sub, mul, div, neg, abs, sign, sqrt, log, clamp, sum, mean, reshape, permute, sigmoid, where, logSoftmax,
  exp, log1p,
} from "./index.ts";
import { FulgurRuntimeError, ValueError } from "../../errors.ts";
import { IndexError } from "../../backend/errors.ts";

export type Reduction = "none" | "mean" | "sum";

const fmt = (s: readonly number[]) => `[${s.join(", ")}]`;
const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

function checkReduction(r: string): Reduction {
  if (r !== "none" && r !== "mean" && r !== "sum") throw new ValueError(`${r} is not a valid value for reduction`);
  return r;
}

function checkSameShape(fn: string, input: Tensor, target: Tensor): void {
  if (!sameShape(input.shape, target.shape)) {
    throw new FulgurRuntimeError(`${fn}: target size ${fmt(target.shape)} must be the same as input size ${fmt(input.shape)}`);
  }
}

/** The reduced forward value at the tf level: torch's mean is the sum, then one division. */
function reduceTf(t: tf.Tensor, r: Reduction): tf.Tensor {
  if (r === "none") return t;
  const s = tf.sum(t);
  return r === "sum" ? s : tf.div(s, t.size);
}

/** Reduction of a Tensor of elementwise losses in fulgur ops. */
function reduce(t: Tensor, r: Reduction): Tensor {
  if (r === "none") return t;
  return r === "sum" ? sum(t) : mean(t);
}

/** A constant bool mask from a tf comparison (masks carry no gradient). */
const mask = (f: () => tf.Tensor): Tensor => new Tensor(tf.tidy(f));
const le = (a: Tensor, b: number) => mask(() => tf.lessEqual(a.value, b));
const ge = (a: Tensor, b: number) => mask(() => tf.greaterEqual(a.value, b));
const gt = (a: Tensor, b: number) => mask(() => tf.greater(a.value, b));

/** Gradient for the target from the input's one: these losses give target the negated input gradient. */
const negOrNull = (g: Tensor | null) => (g === null ? null : neg(g));

export function mseLossOp(input: Tensor, target: Tensor, reduction: Reduction = "mean"): Tensor {
  checkSameShape("mse_loss", input, target);
  const r = checkReduction(reduction);
  const n = input.size;
  const value = tf.tidy(() => reduceTf(tf.square(tf.sub(input.value, target.value)), r));
  return recordOp("MseLoss", [input, target], value, (g, needs) => {
    // torch mse_loss_backward: norm · (x - y) · g, norm = 2/n for mean, 2 otherwise
    const norm = r === "mean" ? Math.fround(2 / n) : 2;
    const gi = mul(mul(sub(input, target), norm), g);
    return [needs[0] ? gi : null, needs[1] ? neg(gi) : null];
  });
}

export function l1LossOp(input: Tensor, target: Tensor, reduction: Reduction = "mean"): Tensor {
  checkSameShape("l1_loss", input, target);
  const r = checkReduction(reduction);
  const n = input.size;
  const value = tf.tidy(() => reduceTf(tf.abs(tf.sub(input.value, target.value)), r));
  return recordOp("L1Loss", [input, target], value, (g, needs) => {
    // torch: mean backward (g / n), then abs backward (· sgn(x - y)), sgn(0) = 0
    const gi = mul(r === "mean" ? div(g, n) : g, sign(sub(input, target)));
    return [needs[0] ? gi : null, needs[1] ? neg(gi) : null];
  });
}

/**
 * The shared backward of smooth_l1 and huber: d = x - y; d ≤ -t → -norm·g·k, d ≥ t → norm·g·k,
 * else norm·d·g·s, with (t, k, s) = (β, 1, 1/β) for smooth_l1 and (δ, δ, 1) for huber.
 */
function piecewiseBackward(input: Tensor, target: Tensor, g: Tensor, norm: number, t: number, k: number, inner: (d: Tensor, ng: Tensor) => Tensor): Tensor {
  const d = sub(input, target);
  const ng = mul(g, norm);
  const outer = k === 1 ? ng : mul(ng, k);
  return where(le(d, -t), neg(outer), where(ge(d, t), outer, inner(d, ng)));
}

export function smoothL1LossOp(input: Tensor, target: Tensor, beta = 1, reduction: Reduction = "mean"): Tensor {
  checkSameShape("smooth_l1_loss", input, target);
  const r = checkReduction(reduction);
  if (beta < 0) throw new FulgurRuntimeError("smooth_l1_loss does not support negative values for beta.");
  if (beta === 0) return l1LossOp(input, target, r); // torch does the same
  const n = input.size;
  const value = tf.tidy(() => {
    const z = tf.abs(tf.sub(input.value, target.value));
    return reduceTf(tf.where(tf.less(z, beta), tf.div(tf.mul(tf.mul(z, z), 0.5), beta), tf.sub(z, 0.5 * beta)), r);
  });
  return recordOp("SmoothL1Loss", [input, target], value, (g, needs) => {
    // torch smooth_l1_backward: d ≤ -β ? -norm·g : d ≥ β ? norm·g : norm·d·g/β
    const norm = r === "mean" ? Math.fround(1 / n) : 1;
    const gi = piecewiseBackward(input, target, g, norm, beta, 1, (d) => div(mul(mul(d, norm), g), beta));
    return [needs[0] ? gi : null, needs[1] ? negOrNull(gi) : null];
  });
}

export function huberLossOp(input: Tensor, target: Tensor, delta = 1, reduction: Reduction = "mean"): Tensor {
  checkSameShape("huber_loss", input, target);
  const r = checkReduction(reduction);
  if (!(delta > 0)) throw new FulgurRuntimeError("huber_loss does not support non-positive values for delta.");
  const n = input.size;
  const value = tf.tidy(() => {
    const z = tf.abs(tf.sub(input.value, target.value));
    return reduceTf(tf.where(tf.less(z, delta), tf.mul(tf.mul(z, z), 0.5), tf.mul(tf.sub(z, 0.5 * delta), delta)), r);
  });
  return recordOp("HuberLoss", [input, target], value, (g, needs) => {
    // torch huber_backward: d ≤ -δ ? -norm·g·δ : d ≥ δ ? norm·g·δ : norm·d·g
    const norm = r === "mean" ? Math.fround(1 / n) : 1;
    const gi = piecewiseBackward(input, target, g, norm, delta, delta, (d, ng) => mul(d, ng));
    return [needs[0] ? gi : null, needs[1] ? negOrNull(gi) : null];
  });
}

export interface BceWithLogitsOptions {
  weight?: Tensor | null;
  posWeight?: Tensor | null;
  reduction?: Reduction;
}

export function bceWithLogitsOp(input: Tensor, target: Tensor, opts: BceWithLogitsOptions = {}): Tensor {
  if (!sameShape(input.shape, target.shape)) {
    throw new ValueError(`Target size (${fmt(target.shape)}) must be the same as input size (${fmt(input.shape)})`);
  }
  const r = checkReduction(opts.reduction ?? "mean");
  const weight = opts.weight ?? null, posWeight = opts.posWeight ?? null;
  if (weight !== null || posWeight !== null) {
    // torch: log_weight = (pos_weight - 1)·t + 1; (1 - t)·x + log_weight·(log1p(exp(-|x|)) + max(-x, 0)), times weight
    const maxVal = clamp(neg(input), 0, null);
    const softTerm = add(log1p(exp(neg(abs(input)))), maxVal);
    const logWeight = posWeight === null ? null : add(mul(sub(posWeight, 1), target), 1);
    let loss = add(mul(sub(1, target), input), logWeight === null ? softTerm : mul(logWeight, softTerm));
    if (weight !== null) loss = mul(loss, weight);
    return reduce(loss, r);
  }
  const n = input.size;
  const value = tf.tidy(() => {
    const x = input.value, t = target.value;
    // torch: max_val = (-x).clamp_min(0); (1 - t)·x + max_val + log(exp(-max_val) + exp(-x - max_val))
    const maxVal = tf.maximum(tf.neg(x), 0);
    const elems = tf.add(
      tf.add(tf.mul(tf.sub(1, t), x), maxVal),
      tf.log(tf.add(tf.exp(tf.neg(maxVal)), tf.exp(tf.sub(tf.neg(x), maxVal)))),
    );
    return reduceTf(elems, r);
  });
  return recordOp("BinaryCrossEntropyWithLogits", [input, target], value, (g, needs) => {
    // torch: grad_input = (sigmoid(x) - t) · g [/ n]; grad_target = -x · g [/ n]
    const scale = (t: Tensor) => (r === "mean" ? div(t, n) : t);
    const gi = needs[0] ? scale(mul(sub(sigmoid(input), target), g)) : null;
    const gt = needs[1] ? scale(mul(neg(input), g)) : null;
    return [gi, gt];
  });
}

/** torch.nn.functional.binary_cross_entropy: inputs are probabilities; each log is clamped at -100. */
export function binaryCrossEntropyOp(input: Tensor, target: Tensor, weight: Tensor | null = null, reduction: Reduction = "mean"): Tensor {
  if (!sameShape(input.shape, target.shape)) {
    throw new ValueError(
      `Using a target size (${fmt(target.shape)}) that is different to the input size (${fmt(input.shape)}) is deprecated. Please ensure they have the same size.`,
    );
  }
  const r = checkReduction(reduction);
  if (!isWebGPUActive()) {
    // torch's check (on CUDA a device-side assert); webgpu skips it: it would need a blocking read
    const xs = input.value.dataSync();
    for (let i = 0; i < xs.length; i++) {
      if (!(xs[i] >= 0 && xs[i] <= 1)) throw new FulgurRuntimeError("all elements of input should be between 0 and 1");
    }
  }
  const n = input.size;
  const value = tf.tidy(() => {
    const x = input.value, t = target.value;
    const logX = tf.maximum(tf.log(x), -100), log1mX = tf.maximum(tf.log(tf.sub(1, x)), -100);
    let elems = tf.neg(tf.add(tf.mul(t, logX), tf.mul(tf.sub(1, t), log1mX)));
    if (weight !== null) elems = tf.mul(elems, weight.value);
    return reduceTf(elems, r);
  });
  const inputs = weight === null ? [input, target] : [input, target, weight];
  return recordOp("BinaryCrossEntropy", inputs, value, (g, needs) => {
    const scale = (t: Tensor) => (r === "mean" ? div(t, n) : t);
    const w = (t: Tensor) => (weight === null ? t : mul(t, weight));
    // torch binary_cross_entropy_backward: g · (x - t) / max((1 - x)·x, 1e-12) · w
    const gi = needs[0] ? scale(w(div(mul(g, sub(input, target)), clamp(mul(sub(1, input), input), 1e-12, null)))) : null;
    // torch binary_cross_entropy_target_backward: g · (log(1 - x) - log(x)) · w, logs clamped at -100
    const gt = needs[1] ? scale(w(mul(g, sub(clamp(log(sub(1, input)), -100, null), clamp(log(input), -100, null))))) : null;
    const gw = needs[2] ? scale(mul(g, neg(add(mul(target, clamp(log(input), -100, null)), mul(sub(1, target), clamp(log(sub(1, input)), -100, null)))))) : null;
    return [gi, gt, gw];
  });
}

/** torch.nn.functional.kl_div: target·(log target - input) (0 where target = 0), or exp(t)·(t - input) with logTarget. */
export function klDivOp(input: Tensor, target: Tensor, reduction: Reduction | "batchmean" = "mean", logTarget = false): Tensor {
  if (reduction !== "batchmean") checkReduction(reduction);
  let elems: Tensor;
  if (logTarget) {
    elems = mul(exp(target), sub(target, input));
  } else {
    // xlogy(t, t) with a safe log argument so t = 0 contributes 0 (and no NaN gradient)
    const pos = gt(target, 0);
    const safe = where(pos, target, 1);
    elems = sub(mul(target, log(safe)), mul(target, input));
  }
  if (reduction === "batchmean") {
    const s = sum(elems);
    return input.rank === 0 ? s : div(s, input.shape[0]);
  }
  return reduce(elems, reduction);
}

/** torch.nn.functional.cosine_similarity along dim: x1·x2 / sqrt(clamp_min(|x1|²·|x2|², eps²)). */
export function cosineSimilarityOp(x1: Tensor, x2: Tensor, dim = 1, eps = 1e-8): Tensor {
  const w12 = sum(mul(x1, x2), dim);
  const w1 = sum(mul(x1, x1), dim);
  const w2 = sum(mul(x2, x2), dim);
  return div(w12, sqrt(clamp(mul(w1, w2), eps * eps, null)));
}

export interface NllLossOptions {
  weight?: Tensor | null;
  ignoreIndex?: number;
  reduction?: Reduction;
}

/** Class indices from an array or a Tensor of whole numbers, with their shape. */
export function targetIndices(target: Tensor | ArrayLike<number>): { data: ArrayLike<number>; shape: number[] } {
  if (target instanceof Tensor) return { data: target.value.dataSync() as ArrayLike<number>, shape: target.shape };
  return { data: target, shape: [target.length] };
}

/** [N, C, d1, ...] → [N·d1·..., C] rows (class last), and back. */
function toRows(x: Tensor): Tensor {
  if (x.rank === 2) return x;
  const perm = [0, ...Array.from({ length: x.rank - 2 }, (_, i) => i + 2), 1];
  return reshape(permute(x, perm), [-1, x.shape[1]]);
}

function fromRows(rows: Tensor, shape: number[]): Tensor {
  if (shape.length === 2) return rows;
  const moved = [shape[0], ...shape.slice(2), shape[1]];
  const back = [0, shape.length - 1, ...Array.from({ length: shape.length - 2 }, (_, i) => i + 1)];
  return permute(reshape(rows, moved), back);
}

function checkTargetShape(input: Tensor, tshape: number[]): void {
  const expected = [input.shape[0], ...input.shape.slice(2)];
  if (input.rank === 2) {
    if (tshape.length !== 1 || tshape[0] !== input.shape[0]) {
      throw new ValueError(`Expected input batch_size (${input.shape[0]}) to match target batch_size (${tshape[0] ?? 0}).`);
    }
    return;
  }
  if (tshape[0] !== input.shape[0]) {
    throw new ValueError(`Expected input batch_size (${input.shape[0]}) to match target batch_size (${tshape[0] ?? 0}).`);
  }
  if (!sameShape(tshape, expected)) throw new FulgurRuntimeError(`expected target size ${fmt(expected)}, got ${fmt(tshape)}`);
}

/**
 * torch.nn.functional.nll_loss for [N, C] or [N, C, d1, ...] log-probabilities and class
 * indices: -weight[t]·input[i, t] per element; mean divides by the summed weights of the rows
 * counted (ignoreIndex rows count 0).
 */
export function nllLossOp(input: Tensor, target: Tensor | ArrayLike<number>, opts: NllLossOptions = {}): Tensor {
  const ignoreIndex = opts.ignoreIndex ?? -100;
  const r = checkReduction(opts.reduction ?? "mean");
  const weight = opts.weight ?? null;
  if (input.rank < 2) throw new ValueError(`nll_loss: expected input of shape [N, C] or [N, C, d1, ...], got ${fmt(input.shape)}`);
  const { data: tdata, shape: tshape } = targetIndices(target);
  checkTargetShape(input, tshape);
  const classes = input.shape[1];
  if (weight !== null && (weight.rank !== 1 || weight.size !== classes)) {
    throw new FulgurRuntimeError(`weight tensor should be defined either for all ${classes} classes or no classes but got weight tensor of shape: ${fmt(weight.shape)}`);
  }
  const rows = tdata.length;
  const cls = new Int32Array(rows);
  const counted: number[] = [];
  const isCounted = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = tdata[i];
    if (c === ignoreIndex) continue;
    if (!Number.isInteger(c) || c < 0 || c >= classes) throw new IndexError(`Target ${c} is out of bounds.`);
    cls[i] = c;
    counted.push(i);
    isCounted[i] = 1;
  }
  const hitData = new Uint8Array(rows * classes);
  for (const i of counted) hitData[i * classes + cls[i]] = 1;
  const xr = toRows(input);
  const plain = weight === null && r === "mean" && input.rank === 2;
  if (plain && isWebGPUActive()) {
    // webgpu: one dispatch each way (ts/gpu/ops/nll_loss.ts); ignored rows are skipped, not weighted by 0
    const tgt = tf.tensor1d(Float32Array.from(cls, (c, i) => (isCounted[i] ? c : -1)));
    const count = counted.length;
    const loss = nllLossMeanGpu(input.value, tgt, count);
    return recordOp("NllLoss", [input], loss, (g) => {
      // under createGraph the gradient is built from fulgur ops (differentiable again)
      if (isGradEnabled()) return [nllBackward(g, hitData, null, rows, classes, count, "mean", input.shape)];
      return [new Tensor(nllLossMeanBackwardGpu(g.value, tgt, [rows, classes], count))];
    });
  }
  // class weights stay on the device: each row's weight (0 when ignored) and their sum
  const rowWeight = weight === null ? null : tf.tidy(() =>
    tf.where(tf.tensor1d(isCounted, "bool"), tf.gather(tf.reshape(weight.value, [classes]), tf.tensor1d(cls, "int32")), tf.zeros([rows])));
  const total: number | tf.Tensor = rowWeight === null ? counted.length : tf.sum(rowWeight);
  const value = tf.tidy(() => {
    const flatX = tf.reshape(xr.value, [-1]);
    if (r === "none") {
      // every row picked; an ignored row's pick (maybe -inf) is replaced by +0
      const picked = tf.gather(flatX, tf.tensor1d(Int32Array.from(cls, (c, i) => i * classes + c), "int32"));
      const terms = rowWeight === null ? tf.neg(picked) : tf.neg(tf.mul(picked, rowWeight));
      return tf.reshape(tf.where(tf.tensor1d(isCounted, "bool"), terms, tf.zerosLike(terms)), tshape);
    }
    // only the counted elements are picked (an ignored row's -inf must not turn the sum into NaN)
    const idx = tf.tensor1d(Int32Array.from(counted), "int32");
    const picked = tf.gather(flatX, tf.tensor1d(Int32Array.from(counted, (i) => i * classes + cls[i]), "int32"));
    const terms = rowWeight === null ? picked : tf.mul(picked, tf.gather(rowWeight, idx));
    const s = tf.neg(tf.sum(terms));
    // mean: 0/0 = NaN when every row is ignored, as torch
    return r === "sum" ? s : tf.div(s, total);
  });
  return recordOp("NllLoss", [input], value, (g) => [
    nllBackward(g, hitData, rowWeight, rows, classes, total, r, input.shape),
  ]);
}

/**
 * torch's nll_loss_backward in fulgur ops: grad_input[i, t_i] = w_i · -(g / total) (mean) or
 * w_i · -g_i (sum, none), +0 elsewhere (all of it when no row counts).
 */
function nllBackward(
  g: Tensor, hitData: Uint8Array, rowWeight: tf.Tensor | null, rows: number, classes: number, total: number | tf.Tensor,
  r: Reduction, shape: number[],
): Tensor {
  const hit = new Tensor(tf.tensor(hitData, [rows, classes], "bool"));
  const totalT = typeof total === "number" ? total : new Tensor(total);
  let s = r === "none" ? neg(reshape(g, [rows, 1])) : r === "mean" ? neg(div(g, totalT)) : neg(g);
  if (r !== "none") s = reshape(s, [1, 1]);
  if (rowWeight !== null) s = mul(s, new Tensor(tf.reshape(rowWeight, [rows, 1])));
  // where, not mask·scale: +0 (not -0) off the targets, and a NaN g reaches the targets only
  return fromRows(where(hit, s, 0), shape);
}

export interface CrossEntropyOptions extends NllLossOptions {
  labelSmoothing?: number;
}

/**
 * torch.nn.functional.cross_entropy: class indices ([N] or [N, d1, ...]) or class probabilities
 * (a target of the input's shape), with weight, ignoreIndex, reduction and labelSmoothing.
 */
export function crossEntropyOp(input: Tensor, target: Tensor | ArrayLike<number>, opts: CrossEntropyOptions = {}): Tensor {
  if (input.rank < 2) {
    throw new ValueError(`cross_entropy: expected logits of shape [N, C] or [N, C, d1, ...], got ${fmt(input.shape)}`);
  }
  const r = checkReduction(opts.reduction ?? "mean");
  const ls = opts.labelSmoothing ?? 0;
  if (!(ls >= 0 && ls <= 1)) throw new FulgurRuntimeError(`label_smoothing must be between 0.0 and 1.0. Got: ${ls}`);
  const weight = opts.weight ?? null;
  const classes = input.shape[1];
  const lp = logSoftmax(input, 1);
  const wShape = input.shape.map((d, i) => (i === 1 ? d : 1));
  if (target instanceof Tensor && sameShape(target.shape, input.shape)) {
    // probability targets
    if (opts.ignoreIndex !== undefined && opts.ignoreIndex !== -100) {
      throw new FulgurRuntimeError("ignore_index is not supported for floating point target");
    }
    const t = ls > 0 ? add(mul(target, 1 - ls), ls / classes) : target;
    let prod = mul(lp, t);
    if (weight !== null) prod = mul(prod, reshape(weight, wShape));
    if (r === "none") return neg(sum(prod, 1));
    const s = neg(sum(prod));
    return r === "sum" ? s : div(s, input.size / classes);
  }
  const nll = nllLossOp(lp, target, opts);
  if (ls === 0) return nll;
  // torch 1.13's label smoothing for class indices
  const { data: tdata, shape: tshape } = targetIndices(target);
  const ignoreIndex = opts.ignoreIndex ?? -100;
  const ignored = new Tensor(tf.tensor(Uint8Array.from(tdata as ArrayLike<number>, (c) => (c === ignoreIndex ? 1 : 0)), tshape, "bool"));
  let smooth = neg(sum(weight === null ? lp : mul(lp, reshape(weight, wShape)), 1));
  smooth = where(ignored, 0, smooth);
  let ret: Tensor;
  if (r === "mean") {
    if (weight !== null) {
      // torch: weight.gather(0, target[~ignored]).sum(), on the device
      const kept = Int32Array.from(Array.from(tdata as ArrayLike<number>).filter((c) => c !== ignoreIndex));
      const wsum = new Tensor(tf.tidy(() => tf.sum(tf.gather(tf.reshape(weight.value, [classes]), tf.tensor1d(kept, "int32")))));
      ret = div(sum(smooth), wsum);
    } else {
      // torch 1.13 divides by the number of elements not ignored
      let counted = 0;
      for (let i = 0; i < tdata.length; i++) if (tdata[i] !== ignoreIndex) counted++;
      ret = div(sum(smooth), counted);
    }
  } else {
    ret = r === "sum" ? sum(smooth) : smooth;
  }
  return add(mul(nll, 1 - ls), mul(ret, ls / classes));
}
