// Activations and (log-)softmax; forward and backward follow torch's kernels.
import * as tf from "@tensorflow/tfjs-core";
import { isWebGPUActive } from "../../gpu/webgpu.ts";
import { reluBackwardGpu } from "../../gpu/ops/relu_backward.ts";
import { FULGUR_WASM } from "../../backend/backend_name.ts";
import { RELU_BACKWARD } from "../../backend/kernels/FulgurReluBackward.ts";
import { FUSED_MAX_COLS, logSoftmaxLastDimBackwardGpu, logSoftmaxLastDimGpu } from "../../gpu/ops/log_softmax.ts";
import { recordOp } from "../graph.ts";
import { isGradEnabled } from "../grad_mode.ts";
import { Tensor } from "../tensor.ts";
import { wrapDim } from "./broadcast.ts";
import { toDtype } from "./dtype.ts";
import { whereMask } from "./grad_shape.ts";
import { add, div, mul, sub } from "./binary.ts";
import { erf, exp } from "./unary.ts";
import { sum } from "./reduce.ts";

// Backwards are written in fulgur ops (double backward works); the fused WebGPU kernels serve
// the first-order path (grad mode off inside backward), where they give the same numbers.
const asFloat = (x: Tensor): Tensor => toDtype(x, "float32");

export function tanh(x: Tensor): Tensor {
  x = asFloat(x);
  // torch tanh_backward: g * (1 - y²)
  const y: Tensor = recordOp("Tanh", [x], tf.tanh(x.value), (g) => [mul(g, sub(1, mul(y, y)))]);
  return y;
}

export function sigmoid(x: Tensor): Tensor {
  x = asFloat(x);
  // torch sigmoid_backward: g * (1 - y) * y
  const y: Tensor = recordOp("Sigmoid", [x], tf.sigmoid(x.value), (g) => [mul(mul(g, sub(1, y)), y)]);
  return y;
}

export function relu(x: Tensor): Tensor {
  // torch threshold_backward(g, result, 0): the gradient passes where result > 0
  const y: Tensor = recordOp("Relu", [x], tf.relu(x.value), (g) => [thresholdBackward(g, y)]);
  return y;
}

/**
 * torch threshold_backward(g, y, 0) as an op: linear in g (its own backward), zero derivative in
 * y — y is an input, as in torch, so a gradient of it reaches x as zeros rather than not at all.
 */
function thresholdBackward(g: Tensor, y: Tensor): Tensor {
  const yv = y.value;
  // fulgur-wasm: one fused pass (the same values as the Greater + Select composition)
  const fused = tf.getBackend() === FULGUR_WASM && g.value.dtype === "float32" && yv.dtype === "float32"
    && g.value.shape.length === yv.shape.length && g.value.shape.every((d, i) => d === yv.shape[i]);
  const v = isWebGPUActive() ? reluBackwardGpu(g.value, yv)
    : fused ? tf.engine().runKernel(RELU_BACKWARD, { dy: g.value, y: yv }) as tf.Tensor
    : tf.where(tf.greater(yv, 0), g.value, tf.zerosLike(g.value));
  return recordOp("ThresholdBackward", [g, y], v, (gg, needs) => [
    needs[0] ? thresholdBackward(gg, y) : null,
    needs[1] ? new Tensor(tf.zerosLike(yv)) : null,
  ]);
}

export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  const xv = x.value;
  const y = tf.where(tf.greater(xv, 0), xv, tf.mul(xv, negativeSlope));
  // torch leaky_relu_backward: x > 0 ? g : g * slope
  return recordOp("LeakyRelu", [x], y, (g) => [leakyReluBackward(g, x, negativeSlope)]);
}

/** torch leaky_relu_backward(g, x, slope): linear in g, zero derivative in x (connected, as torch). */
function leakyReluBackward(g: Tensor, x: Tensor, slope: number): Tensor {
  const pos = tf.greater(x.value, 0);
  return recordOp("LeakyReluBackward", [g, x], tf.where(pos, g.value, tf.mul(g.value, slope)), (gg, needs) => [
    needs[0] ? leakyReluBackward(gg, x, slope) : null,
    needs[1] ? new Tensor(tf.zerosLike(x.value)) : null,
  ]);
}

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327; // M_2_SQRTPI * M_SQRT1_2 * 0.5 = 1/√(2π)

/** Exact GELU: x·Φ(x) = x · 0.5 · (1 + erf(x/√2)). */
export function gelu(x: Tensor): Tensor {
  const xv = x.value;
  const y = tf.mul(tf.mul(xv, 0.5), tf.add(1, tf.erf(tf.mul(xv, SQRT1_2))));
  // torch GeluBackward (none): g * (cdf + x * pdf), cdf = 0.5(1 + erf(x/√2)), pdf = exp(-x²/2)/√(2π)
  return recordOp("Gelu", [x], y, (g) => {
    const cdf = mul(0.5, add(1, erf(mul(x, SQRT1_2))));
    const pdf = mul(INV_SQRT_2PI, exp(mul(-0.5, mul(x, x))));
    return [mul(g, add(cdf, mul(x, pdf)))];
  });
}

/** torch softplus: x·β > threshold ? x : log1p(exp(x·β)) / β. */
export function softplus(x: Tensor, beta = 1, threshold = 20): Tensor {
  const xv = x.value;
  const xb = tf.mul(xv, beta);
  const linear = tf.greater(xb, threshold);
  const y = tf.where(linear, xv, tf.div(tf.log1p(tf.exp(xb)), beta));
  // torch softplus_backward: x·β > threshold ? g : g · z / (z + 1), z = exp(x·β)
  return recordOp("Softplus", [x], y, (g) => {
    const z = exp(mul(x, beta));
    return [whereMask(linear, g, div(mul(g, z), add(z, 1)))];
  });
}

/** Stable log-softmax: x - max - log(Σ exp(x - max)) along dim. */
export function logSoftmax(x: Tensor, dim = -1): Tensor {
  x = asFloat(x);
  const d = wrapDim(dim, x.rank);
  const xv = x.value;
  if (isWebGPUActive() && d === x.rank - 1 && x.shape[d] > 0 && x.shape[d] <= FUSED_MAX_COLS) {
    // webgpu: one dispatch each way (ts/gpu/ops/log_softmax.ts), same formulas as below
    const yg: Tensor = recordOp("LogSoftmax", [x], logSoftmaxLastDimGpu(xv), (g) =>
      [isGradEnabled() ? logSoftmaxBackward(g, yg, d) : new Tensor(logSoftmaxLastDimBackwardGpu(g.value, yg.value))]);
    return yg;
  }
  const shifted = tf.sub(xv, tf.max(xv, d, true));
  const y: Tensor = recordOp("LogSoftmax", [x], tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), d, true))), (g) =>
    [logSoftmaxBackward(g, y, d)]);
  return y;
}

// torch log_softmax_backward: g - exp(y) * Σ g
const logSoftmaxBackward = (g: Tensor, y: Tensor, d: number): Tensor => sub(g, mul(exp(y), sum(g, d, true)));

export function softmax(x: Tensor, dim = -1): Tensor {
  x = asFloat(x);
  const d = wrapDim(dim, x.rank);
  const xv = x.value;
  const e = tf.exp(tf.sub(xv, tf.max(xv, d, true)));
  // torch softmax_backward: y * (g - Σ g·y)
  const y: Tensor = recordOp("Softmax", [x], tf.div(e, tf.sum(e, d, true)), (g) => [mul(y, sub(g, sum(mul(g, y), d, true)))]);
  return y;
}
