// Activations and (log-)softmax; forward and backward follow torch's kernels.
import * as tf from "@tensorflow/tfjs-core";
import { isWebGPUActive } from "../../gpu/webgpu.ts";
import { reluBackwardGpu } from "../../gpu/ops/relu_backward.ts";
import { FUSED_MAX_COLS, logSoftmaxLastDimBackwardGpu, logSoftmaxLastDimGpu } from "../../gpu/ops/log_softmax.ts";
import { record } from "../graph.ts";
import type { Tensor } from "../tensor.ts";
import { wrapDim } from "./broadcast.ts";

export function tanh(x: Tensor): Tensor {
  const y = tf.tanh(x.value);
  // torch tanh_backward: g * (1 - y²)
  return record("Tanh", [x], y, (g) => [tf.mul(g, tf.sub(1, tf.mul(y, y)))]);
}

export function sigmoid(x: Tensor): Tensor {
  const y = tf.sigmoid(x.value);
  // torch sigmoid_backward: g * (1 - y) * y
  return record("Sigmoid", [x], y, (g) => [tf.mul(tf.mul(g, tf.sub(1, y)), y)]);
}

export function relu(x: Tensor): Tensor {
  const y = tf.relu(x.value);
  // torch threshold_backward(g, result, 0): the gradient passes where result > 0
  return record("Relu", [x], y, (g) => [isWebGPUActive() ? reluBackwardGpu(g, y) : tf.where(tf.greater(y, 0), g, tf.zerosLike(g))]);
}

export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  const xv = x.value;
  const y = tf.where(tf.greater(xv, 0), xv, tf.mul(xv, negativeSlope));
  // torch leaky_relu_backward: x > 0 ? g : g * slope
  return record("LeakyRelu", [x], y, (g) => [tf.where(tf.greater(xv, 0), g, tf.mul(g, negativeSlope))]);
}

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327; // M_2_SQRTPI * M_SQRT1_2 * 0.5 = 1/√(2π)

/** Exact GELU: x·Φ(x) = x · 0.5 · (1 + erf(x/√2)). */
export function gelu(x: Tensor): Tensor {
  const xv = x.value;
  const y = tf.mul(tf.mul(xv, 0.5), tf.add(1, tf.erf(tf.mul(xv, SQRT1_2))));
  // torch GeluBackward (none): g * (cdf + x * pdf), cdf = 0.5(1 + erf(x/√2)), pdf = exp(-x²/2)/√(2π)
  return record("Gelu", [x], y, (g) => {
    const cdf = tf.mul(0.5, tf.add(1, tf.erf(tf.mul(xv, SQRT1_2))));
    const pdf = tf.mul(INV_SQRT_2PI, tf.exp(tf.mul(-0.5, tf.mul(xv, xv))));
    return [tf.mul(g, tf.add(cdf, tf.mul(xv, pdf)))];
  });
}

/** torch softplus: x·β > threshold ? x : log1p(exp(x·β)) / β. */
export function softplus(x: Tensor, beta = 1, threshold = 20): Tensor {
  const xv = x.value;
  const xb = tf.mul(xv, beta);
  const linear = tf.greater(xb, threshold);
  const y = tf.where(linear, xv, tf.div(tf.log1p(tf.exp(xb)), beta));
  // torch softplus_backward: x·β > threshold ? g : g · z / (z + 1), z = exp(x·β)
  return record("Softplus", [x], y, (g) => {
    const z = tf.exp(tf.mul(xv, beta));
    return [tf.where(linear, g, tf.div(tf.mul(g, z), tf.add(z, 1)))];
  });
}

/** Stable log-softmax: x - max - log(Σ exp(x - max)) along dim. */
export function logSoftmax(x: Tensor, dim = -1): Tensor {
  const d = wrapDim(dim, x.rank);
  const xv = x.value;
  if (isWebGPUActive() && d === x.rank - 1 && x.shape[d] > 0 && x.shape[d] <= FUSED_MAX_COLS) {
    // webgpu: one dispatch each way (ts/gpu/ops/log_softmax.ts), same formulas as below
    const yg = logSoftmaxLastDimGpu(xv);
    return record("LogSoftmax", [x], yg, (g) => [logSoftmaxLastDimBackwardGpu(g, yg)]);
  }
  const shifted = tf.sub(xv, tf.max(xv, d, true));
  const y = tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), d, true)));
  // torch log_softmax_backward: g - exp(y) * Σ g
  return record("LogSoftmax", [x], y, (g) => [tf.sub(g, tf.mul(tf.exp(y), tf.sum(g, d, true)))]);
}

export function softmax(x: Tensor, dim = -1): Tensor {
  const d = wrapDim(dim, x.rank);
  const xv = x.value;
  const e = tf.exp(tf.sub(xv, tf.max(xv, d, true)));
  const y = tf.div(e, tf.sum(e, d, true));
  // torch softmax_backward: y * (g - Σ g·y)
  return record("Softmax", [x], y, (g) => [tf.mul(y, tf.sub(g, tf.sum(tf.mul(g, y), d, true)))]);
}
