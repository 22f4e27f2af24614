// Loss ops with reduction "mean", fused so forward and backward follow torch's kernels exactly.
import * as tf from "@tensorflow/tfjs-core";
import { isWebGPUActive } from "../../gpu/webgpu.ts";
import { nllLossMeanBackwardGpu, nllLossMeanGpu } from "../../gpu/ops/nll_loss.ts";
import { record } from "../graph.ts";
import type { Tensor } from "../tensor.ts";
import { FulgurRuntimeError, ValueError } from "../../errors.ts";
import { IndexError } from "../../backend/errors.ts";

const fmt = (s: readonly number[]) => `[${s.join(", ")}]`;

function checkSameShape(fn: string, input: Tensor, target: Tensor): void {
  const a = input.shape, b = target.shape;
  if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
    throw new FulgurRuntimeError(`${fn}: target size ${fmt(b)} must be the same as input size ${fmt(a)}`);
  }
}

/** Gradient for the target from the input's one: torch's losses give target the negated input gradient. */
const neg = (g: tf.Tensor | null) => (g === null ? null : tf.neg(g));

/** torch's mean: the sum, then one division (tf.mean divides each element first on some backends). */
const meanAll = (t: tf.Tensor): tf.Tensor => tf.div(tf.sum(t), t.size);

export function mseLossOp(input: Tensor, target: Tensor): Tensor {
  checkSameShape("mse_loss", input, target);
  const x = input.value, y = target.value;
  const n = input.size;
  const diff = tf.sub(x, y);
  return record("MseLoss", [input, target], meanAll(tf.square(diff)), (g, needs) => {
    // torch mse_loss_backward: (2/n) * (x - y) * g
    const gi = tf.mul(tf.mul(Math.fround(2 / n), tf.sub(x, y)), g);
    return [needs[0] ? gi : null, needs[1] ? neg(gi) : null];
  });
}

export function l1LossOp(input: Tensor, target: Tensor): Tensor {
  checkSameShape("l1_loss", input, target);
  const x = input.value, y = target.value;
  const n = input.size;
  return record("L1Loss", [input, target], meanAll(tf.abs(tf.sub(x, y))), (g, needs) => {
    // torch: mean backward (g / n) then abs backward (· sgn(x - y)), sgn(0) = 0
    const gi = tf.mul(tf.div(g, n), tf.sign(tf.sub(x, y)));
    return [needs[0] ? gi : null, needs[1] ? neg(gi) : null];
  });
}

export function smoothL1LossOp(input: Tensor, target: Tensor, beta = 1): Tensor {
  checkSameShape("smooth_l1_loss", input, target);
  if (beta < 0) throw new FulgurRuntimeError("smooth_l1_loss does not support negative values for beta.");
  if (beta === 0) return l1LossOp(input, target); // torch does the same
  const x = input.value, y = target.value;
  const n = input.size;
  const z = tf.abs(tf.sub(x, y));
  const elems = tf.where(tf.less(z, beta), tf.div(tf.mul(tf.mul(z, z), 0.5), beta), tf.sub(z, 0.5 * beta));
  return record("SmoothL1Loss", [input, target], meanAll(elems), (g, needs) => {
    // torch smooth_l1_backward: d <= -β ? -norm·g : d >= β ? norm·g : norm·d·g/β, norm = 1/n
    const norm = Math.fround(1 / n);
    const d = tf.sub(x, y);
    const ng = tf.mul(norm, g);
    const inner = tf.div(tf.mul(tf.mul(norm, d), g), beta);
    const gi = tf.where(tf.lessEqual(d, -beta), tf.neg(ng), tf.where(tf.greaterEqual(d, beta), tf.broadcastTo(ng, d.shape), inner));
    return [needs[0] ? gi : null, needs[1] ? neg(gi) : null];
  });
}

export function bceWithLogitsOp(input: Tensor, target: Tensor): Tensor {
  if (input.shape.length !== target.shape.length || input.shape.some((d, i) => d !== target.shape[i])) {
    throw new ValueError(`Target size (${fmt(target.shape)}) must be the same as input size (${fmt(input.shape)})`);
  }
  const x = input.value, t = target.value;
  const n = input.size;
  // torch: max_val = (-x).clamp_min(0); (1 - t)·x + max_val + log(exp(-max_val) + exp(-x - max_val))
  const maxVal = tf.maximum(tf.neg(x), 0);
  const elems = tf.add(
    tf.add(tf.mul(tf.sub(1, t), x), maxVal),
    tf.log(tf.add(tf.exp(tf.neg(maxVal)), tf.exp(tf.sub(tf.neg(x), maxVal)))),
  );
  return record("BinaryCrossEntropyWithLogits", [input, target], meanAll(elems), (g, needs) => {
    // torch: grad_input = (sigmoid(x) - t) · g / n ; grad_target = -x · g / n
    const gi = needs[0] ? tf.div(tf.mul(tf.sub(tf.sigmoid(x), t), g), n) : null;
    const gt = needs[1] ? tf.div(tf.mul(tf.neg(x), g), n) : null;
    return [gi, gt];
  });
}

/** Negative log-likelihood of class indices, mean over the non-ignored rows (torch nll_loss). */
export function nllLossOp(logProbs: Tensor, targets: ArrayLike<number>, ignoreIndex = -100): Tensor {
  if (logProbs.rank !== 2) {
    throw new ValueError(`nll_loss: expected input of shape [N, C], got ${fmt(logProbs.shape)}`);
  }
  const [rows, classes] = logProbs.shape;
  if (targets.length !== rows) {
    throw new ValueError(`Expected input batch_size (${rows}) to match target batch_size (${targets.length}).`);
  }
  const flat = new Int32Array(rows);
  const cls = new Int32Array(rows);
  const weight = new Float32Array(rows);
  let count = 0;
  for (let i = 0; i < rows; i++) {
    const c = targets[i];
    if (c === ignoreIndex) continue;
    if (!Number.isInteger(c) || c < 0 || c >= classes) throw new IndexError(`Target ${c} is out of bounds.`);
    flat[i] = i * classes + c;
    cls[i] = c;
    weight[i] = 1;
    count++;
  }
  const lp = logProbs.value;
  if (isWebGPUActive()) {
    // webgpu: one dispatch each way (ts/gpu/ops/nll_loss.ts); ignored rows are skipped, not weighted by 0
    const tgt = tf.tensor1d(Float32Array.from(cls, (c, i) => (weight[i] ? c : -1)));
    const loss = nllLossMeanGpu(lp, tgt, count);
    return record("NllLoss", [logProbs], loss, (g) => [nllLossMeanBackwardGpu(g, tgt, [rows, classes], count)]);
  }
  const w = tf.tensor1d(weight);
  // only the counted rows are picked (an ignored row's -inf must not turn the sum into NaN)
  const counted = flat.filter((_, i) => weight[i] !== 0);
  const picked = tf.gather(tf.reshape(lp, [-1]), tf.tensor1d(counted, "int32"));
  // mean over counted rows; 0/0 = NaN when every row is ignored, as torch
  const out = tf.div(tf.neg(tf.sum(picked)), count);
  return record("NllLoss", [logProbs], out, (g) => {
    // torch nll_loss_backward: grad_input[i, t_i] = -(g / total_weight), zero elsewhere (all of it when no row counts)
    if (count === 0) return [tf.zeros(logProbs.shape)];
    const scale = tf.neg(tf.div(g, count));
    const hit = tf.cast(tf.mul(tf.oneHot(tf.tensor1d(cls, "int32"), classes), tf.reshape(tf.cast(w, "int32"), [rows, 1])), "bool");
    // where, not mask·scale: +0 (not -0) off the targets, and a NaN g reaches the targets only
    return [tf.where(hit, tf.broadcastTo(tf.reshape(scale, [1, 1]), [rows, classes]), tf.zeros([rows, classes]))];
  });
}
