// torch.nn.functional: losses (torch's reductions and options), activations, normalisation,
// dropout, embedding, convolution and pooling.
import * as tf from "@tensorflow/tfjs-core";
import { Tensor } from "../autograd/tensor.ts";
import {
  mul, div, add, abs, sigmoid, tanh as tanhOp, softplus as softplusOp, expm1, clamp, where,
} from "../autograd/ops/index.ts";
import {
  mseLossOp, l1LossOp, smoothL1LossOp, huberLossOp, bceWithLogitsOp, binaryCrossEntropyOp, klDivOp, cosineSimilarityOp,
  nllLossOp, crossEntropyOp, type Reduction, type NllLossOptions, type CrossEntropyOptions, type BceWithLogitsOptions,
} from "../autograd/ops/index.ts";

export {
  tanh, sigmoid, relu, leakyRelu, gelu, softplus, logSoftmax, softmax, linear,
  batchNorm, layerNorm, groupNorm, dropout, embedding,
  conv1d, conv2d, convTranspose2d, unfold, fold, maxPool1d, maxPool2d, avgPool1d, avgPool2d, adaptiveAvgPool2d, adaptiveMaxPool2d,
} from "../autograd/ops/index.ts";
export type { Reduction, NllLossOptions, CrossEntropyOptions, BceWithLogitsOptions };

export interface ReductionOptions {
  reduction?: Reduction;
}

/** torch.nn.functional.mse_loss: mean (or sum) squared error. */
export const mseLoss = (input: Tensor, target: Tensor, opts: ReductionOptions = {}): Tensor => mseLossOp(input, target, opts.reduction);
/** torch.nn.functional.l1_loss: mean (or sum) absolute error. */
export const l1Loss = (input: Tensor, target: Tensor, opts: ReductionOptions = {}): Tensor => l1LossOp(input, target, opts.reduction);

/** torch smooth_l1_loss; the third argument is beta or {reduction, beta}. */
export function smoothL1Loss(input: Tensor, target: Tensor, opts: number | (ReductionOptions & { beta?: number }) = {}): Tensor {
  const o = typeof opts === "number" ? { beta: opts } : opts;
  return smoothL1LossOp(input, target, o.beta ?? 1, o.reduction);
}

/** torch.nn.functional.huber_loss: quadratic below `delta`, linear above. */
export function huberLoss(input: Tensor, target: Tensor, opts: ReductionOptions & { delta?: number } = {}): Tensor {
  return huberLossOp(input, target, opts.delta ?? 1, opts.reduction);
}

/** torch.nn.functional.binary_cross_entropy_with_logits: BCE on logits (numerically stable; posWeight, weight). */
export const binaryCrossEntropyWithLogits = (input: Tensor, target: Tensor, opts: BceWithLogitsOptions = {}): Tensor =>
  bceWithLogitsOp(input, target, opts);

/** torch.nn.functional.binary_cross_entropy: BCE of probabilities `input` against `target` (optional per-element weight). */
export function binaryCrossEntropy(input: Tensor, target: Tensor, opts: ReductionOptions & { weight?: Tensor | null } = {}): Tensor {
  return binaryCrossEntropyOp(input, target, opts.weight ?? null, opts.reduction);
}

/** torch.nn.functional.kl_div: KL divergence of log-probabilities `input` from `target` (reduction "batchmean" as torch recommends). */
export function klDiv(input: Tensor, target: Tensor, opts: { reduction?: Reduction | "batchmean"; logTarget?: boolean } = {}): Tensor {
  return klDivOp(input, target, opts.reduction ?? "mean", opts.logTarget ?? false);
}

/** torch.nn.functional.cosine_similarity along `dim`. */
export const cosineSimilarity = (x1: Tensor, x2: Tensor, dim = 1, eps = 1e-8): Tensor => cosineSimilarityOp(x1, x2, dim, eps);

/** torch nll_loss; the third argument is ignoreIndex (kept from fulgur's earlier API) or the options. */
export function nllLoss(input: Tensor, target: Tensor | ArrayLike<number>, opts: number | NllLossOptions = {}): Tensor {
  return nllLossOp(input, target, typeof opts === "number" ? { ignoreIndex: opts } : opts);
}

/** torch cross_entropy: log_softmax over dim 1, then nll_loss (class indices) or the soft-target sum. */
export function crossEntropy(input: Tensor, target: Tensor | ArrayLike<number>, opts: number | CrossEntropyOptions = {}): Tensor {
  return crossEntropyOp(input, target, typeof opts === "number" ? { ignoreIndex: opts } : opts);
}

// Activations torch has beyond the fused ones: compositions of fulgur ops (their gradients and
// gradients of gradients come from those ops).

/** x · sigmoid(x) (torch silu). */
export const silu = (x: Tensor): Tensor => mul(x, sigmoid(x));

/** x · tanh(softplus(x)) (torch mish). */
export const mish = (x: Tensor): Tensor => mul(x, tanhOp(softplusOp(x)));

/** x / (1 + |x|) (torch softsign). */
export const softsign = (x: Tensor): Tensor => div(x, add(abs(x), 1));

/** x > 0 ? x : alpha·(exp(x) - 1) (torch elu; gradient alpha·exp(x) for x ≤ 0). */
export function elu(x: Tensor, alpha = 1): Tensor {
  const pos = new Tensor(tfGreater(x, 0));
  // the negative branch sees min(x, 0): no overflow (and no 0·inf gradient) where x is large
  return where(pos, x, mul(expm1(clamp(x, null, 0)), alpha));
}

/** clamp(x, minVal, maxVal) with torch's hardtanh gradient: 0 outside the open interval. */
export function hardtanh(x: Tensor, minVal = -1, maxVal = 1): Tensor {
  const inside = new Tensor(tfInside(x, minVal, maxVal));
  return where(inside, x, clamp(x.detach(), minVal, maxVal));
}

/** min(max(x, 0), 6) (torch relu6 = hardtanh(x, 0, 6)). */
export const relu6 = (x: Tensor): Tensor => hardtanh(x, 0, 6);

const tfGreater = (x: Tensor, v: number) => tf.greater(x.value, v);
const tfInside = (x: Tensor, lo: number, hi: number) => tf.tidy(() => tf.logicalAnd(tf.greater(x.value, lo), tf.less(x.value, hi)));
