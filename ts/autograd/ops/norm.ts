// Normalisation, dropout and embedding (torch.nn.functional's batch_norm, layer_norm, group_norm,
// dropout, embedding). On fulgur-wasm batch_norm (training), layer_norm and group_norm run as one
// fused WASM kernel each way (asm/kernels/norm/, torch's CPU order of operations); their backward,
// when it is itself recorded (createGraph), is written in fulgur ops so gradients of gradients
// work. Elsewhere (webgpu, tfjs-cpu) they are compositions of fulgur ops (mean, sub, mul, sqrt),
// differentiated by those ops' own backwards.
import * as tf from "@tensorflow/tfjs-core";
import { recordOp } from "../graph.ts";
import { Tensor } from "../tensor.ts";
import { isGradEnabled, noGrad } from "../grad_mode.ts";
import { setValue } from "../memory.ts";
import { add, sub, mul, div, sqrt, mean, reshape, rsqrt, sum } from "./index.ts";
import { onWasm } from "./unfold.ts";
import { BATCH_NORM_TRAIN, BATCH_NORM_TRAIN_GRAD, ROW_NORM, ROW_NORM_GRAD } from "../../backend/kernels/norm_names.ts";
import { FulgurRuntimeError, ValueError } from "../../errors.ts";
import { IndexError } from "../../backend/errors.ts";
import { isWebGPUActive } from "../../gpu/webgpu.ts";
import { sampleBernoulliScalar } from "../../random/sample.ts";
import type { Generator } from "../../random/generator.ts";

const fmt = (s: readonly number[]) => `[${s.join(", ")}]`;

/** (x - mean) / sqrt(var + eps) over `dims` (biased variance), with the statistics it used. */
function normalize(x: Tensor, dims: number[], eps: number): { y: Tensor; mu: Tensor; varBiased: Tensor } {
  const mu = mean(x, dims, true);
  const xc = sub(x, mu);
  const varBiased = mean(mul(xc, xc), dims, true);
  const y = div(xc, sqrt(add(varBiased, eps)));
  return { y, mu, varBiased };
}

/** y · weight + bias with both viewed as `shape` (either may be null). */
function affine(y: Tensor, weight: Tensor | null, bias: Tensor | null, shape: number[]): Tensor {
  let out = y;
  if (weight !== null) out = mul(out, reshape(weight, shape));
  if (bias !== null) out = add(out, reshape(bias, shape));
  return out;
}

/** Whether the fused WASM kernels can take these tensors (fulgur-wasm, float32, not empty). */
function fusable(x: Tensor, ...params: Array<Tensor | null>): boolean {
  return onWasm() && x.dtype === "float32" && x.size > 0 && params.every((p) => p === null || p.dtype === "float32");
}

/**
 * The normalisation's input gradient as fulgur ops (recorded, so it can be differentiated again):
 * with xhat = normalize(x) over dims and gxhat = dL/dxhat,
 * gx = rstd·(gxhat − mean(gxhat) − xhat·mean(gxhat·xhat)). Returns gx and xhat (for the weight's gradient).
 */
function normGradComposite(x: Tensor, dims: number[], eps: number, gxhat: Tensor): { gx: Tensor; xhat: Tensor } {
  const { y: xhat, varBiased } = normalize(x, dims, eps);
  const rstd = rsqrt(add(varBiased, eps));
  const inner = sub(sub(gxhat, mean(gxhat, dims, true)), mul(xhat, mean(mul(gxhat, xhat), dims, true)));
  return { gx: mul(rstd, inner), xhat };
}

/**
 * Records a fused normalisation. The backward runs the fused gradient kernel, or — when the
 * backward is itself being recorded (createGraph) — the same gradients in fulgur ops (`composite`).
 * `fused` returns [dx, dweight, dbias] as tf tensors.
 */
function recordNorm(
  name: string, input: Tensor, weight: Tensor | null, bias: Tensor | null, y: tf.Tensor,
  fused: (g: tf.Tensor) => tf.Tensor[],
  composite: (g: Tensor) => { gx: Tensor; gw: Tensor; gb: Tensor },
): Tensor {
  const inputs = [input, ...(weight !== null ? [weight] : []), ...(bias !== null ? [bias] : [])];
  return recordOp(name, inputs, y, (g, needs) => {
    let gx: Tensor, gw: Tensor, gb: Tensor;
    if (isGradEnabled()) {
      ({ gx, gw, gb } = composite(g));
    } else {
      const [dx, dw, db] = fused(g.value);
      [gx, gw, gb] = [new Tensor(dx), new Tensor(dw), new Tensor(db)];
    }
    const out: Array<Tensor | null> = [gx];
    if (weight !== null) out.push(reshape(gw, weight.shape));
    if (bias !== null) out.push(reshape(gb, bias.shape));
    return out.map((t, i) => (needs[i] ? t : null));
  });
}

/** batch_norm in training mode through the fused kernel: y and the batch's mean and unbiased variance [C]. */
function batchNormTrainFused(input: Tensor, weight: Tensor | null, bias: Tensor | null, eps: number): { y: Tensor; mu: tf.Tensor; unbiased: tf.Tensor } {
  const [n, c] = input.shape;
  const xs = [n, c, input.size / (n * c)];
  const params = (w: Tensor | null, b: Tensor | null) => ({
    ...(w !== null ? { weight: tf.reshape(w.value, [c]) } : {}),
    ...(b !== null ? { bias: tf.reshape(b.value, [c]) } : {}),
  });
  const [y, mu, invstd, unbiased] = tf.tidy(() => {
    const r = tf.engine().runKernel(BATCH_NORM_TRAIN, { x: tf.reshape(input.value, xs), ...params(weight, bias) }, { eps }) as tf.Tensor[];
    return [tf.reshape(r[0], input.shape), r[1], r[2], r[3]];
  });
  const dims = input.shape.map((_, i) => i).filter((i) => i !== 1);
  const bshape = input.shape.map((d, i) => (i === 1 ? d : 1));
  const out = recordNorm("NativeBatchNorm", input, weight, bias, y,
    (g) => tf.tidy(() => {
      const r = tf.engine().runKernel(BATCH_NORM_TRAIN_GRAD,
        { x: tf.reshape(input.value, xs), dy: tf.reshape(g, xs), mean: mu, invstd, ...params(weight, null) }, {}) as tf.Tensor[];
      return [tf.reshape(r[0], input.shape), r[1], r[2]];
    }),
    (g) => {
      const gxhat = weight === null ? g : mul(g, reshape(weight, bshape));
      const { gx, xhat } = normGradComposite(input, dims, eps, gxhat);
      return { gx, gw: sum(mul(g, xhat), dims), gb: sum(g, dims) };
    });
  return { y: out, mu, unbiased };
}

/**
 * layer_norm / group_norm through the fused kernel. The input is viewed as R rows of D values
 * (each row normalised alone), a row as D/S channels of S positions; row r, channel j takes
 * parameter (r % G)·(D/S) + j of P. `stats` is the input reshaped so that the statistics run over
 * `dims` (for the composite backward); `paramDims` are the dims of the input summed for dweight.
 */
function rowNormFused(
  name: string, input: Tensor, weight: Tensor | null, bias: Tensor | null, eps: number,
  geo: { R: number; D: number; G: number; S: number; P: number; groupOrder: boolean },
  statsShape: number[], dims: number[], paramShape: number[], paramDims: number[],
): Tensor {
  const xs = [geo.R, geo.D];
  const { G, S, P } = geo;
  const param = (t: Tensor | null, key: string) => (t !== null ? { [key]: tf.reshape(t.value, [P]) } : {});
  const [y, mu, rstd] = tf.tidy(() => {
    const r = tf.engine().runKernel(ROW_NORM, { x: tf.reshape(input.value, xs), ...param(weight, "weight"), ...param(bias, "bias") },
      { G, S, eps, groupOrder: geo.groupOrder }) as tf.Tensor[];
    return [tf.reshape(r[0], input.shape), r[1], r[2]];
  });
  return recordNorm(name, input, weight, bias, y,
    (g) => tf.tidy(() => {
      const r = tf.engine().runKernel(ROW_NORM_GRAD,
        { x: tf.reshape(input.value, xs), dy: tf.reshape(g, xs), mean: mu, rstd, ...param(weight, "weight") }, { G, S, P }) as tf.Tensor[];
      return [tf.reshape(r[0], input.shape), r[1], r[2]];
    }),
    (g) => {
      const gxhat = weight === null ? g : mul(g, reshape(weight, paramShape));
      const { gx, xhat } = normGradComposite(reshape(input, statsShape), dims, eps, reshape(gxhat, statsShape));
      const gwAll = mul(g, reshape(xhat, input.shape));
      // (sum over no dims would reduce them all: a layer_norm over the whole input sums nothing)
      if (paramDims.length === 0) return { gx: reshape(gx, input.shape), gw: gwAll, gb: g };
      return { gx: reshape(gx, input.shape), gw: sum(gwAll, paramDims), gb: sum(g, paramDims) };
    });
}

function checkParamSize(fn: string, what: string, t: Tensor | null, n: number): void {
  if (t !== null && t.size !== n) {
    throw new FulgurRuntimeError(`${fn}: expected ${what} to have ${n} elements, but got ${what} of shape ${fmt(t.shape)}`);
  }
}

export interface BatchNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  training?: boolean;
  /** A number, or a one-element float tensor (BatchNorm's cumulative average 1/num_batches_tracked). */
  momentum?: number | Tensor;
  eps?: number;
}

/**
 * torch.nn.functional.batch_norm on [N, C, *]: training uses the batch's statistics (biased
 * variance) and, when running buffers are given, updates them in place with `momentum`
 * (the unbiased variance); otherwise the running statistics normalise.
 */
export function batchNorm(input: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, opts: BatchNormOptions = {}): Tensor {
  const { weight = null, bias = null, training = false, momentum = 0.1, eps = 1e-5 } = opts;
  if (input.rank < 2) throw new ValueError(`batch_norm: expected an input with at least 2 dims [N, C, *], got ${fmt(input.shape)}`);
  const c = input.shape[1];
  const bshape = input.shape.map((d, i) => (i === 1 ? d : 1));
  checkParamSize("batch_norm", "weight", weight, c);
  checkParamSize("batch_norm", "bias", bias, c);
  checkParamSize("batch_norm", "running_mean", runningMean, c);
  checkParamSize("batch_norm", "running_var", runningVar, c);
  const dims = input.shape.map((_, i) => i).filter((i) => i !== 1);
  const perChannel = input.size / Math.max(c, 1);
  if (training) {
    if (perChannel <= 1) {
      throw new ValueError(`Expected more than 1 value per channel when training, got input size ${fmt(input.shape)}`);
    }
    const m = () => (typeof momentum === "number" ? tf.scalar(momentum) : tf.reshape(momentum.value, []));
    const keepF = () => (typeof momentum === "number" ? tf.scalar(1 - momentum) : tf.sub(1, tf.reshape(momentum.value, [])));
    let out: Tensor, muC: tf.Tensor, unbiased: tf.Tensor;
    if (fusable(input, weight, bias)) {
      const r = batchNormTrainFused(input, weight, bias, eps);
      [out, muC, unbiased] = [r.y, r.mu, r.unbiased];
    } else {
      const { y, mu, varBiased } = normalize(input, dims, eps);
      out = affine(y, weight, bias, bshape);
      muC = tf.reshape(mu.value, [c]);
      unbiased = tf.tidy(() => tf.mul(tf.reshape(varBiased.value, [c]), perChannel / (perChannel - 1)));
    }
    noGrad(() => {
      // running = (1 - momentum)·running + momentum·batch (unbiased variance for running_var)
      if (runningMean !== null) {
        setValue(runningMean, tf.tidy(() => tf.add(tf.mul(runningMean.value, keepF()), tf.mul(muC, m()))));
      }
      if (runningVar !== null) {
        setValue(runningVar, tf.tidy(() => tf.add(tf.mul(runningVar.value, keepF()), tf.mul(unbiased, m()))));
      }
    });
    unbiased.dispose();
    // (the fused path's mean is saved for its backward)
    if (!fusable(input, weight, bias)) muC.dispose();
    return out;
  }
  if (runningMean === null || runningVar === null) {
    throw new FulgurRuntimeError("batch_norm: running_mean and running_var must be defined in evaluation mode");
  }
  const rm = reshape(runningMean.detach(), bshape), rv = reshape(runningVar.detach(), bshape);
  return affine(div(sub(input, rm), sqrt(add(rv, eps))), weight, bias, bshape);
}

/** torch.nn.functional.layer_norm: normalises over the trailing dims given by normalizedShape. */
export function layerNorm(
  input: Tensor, normalizedShape: number | readonly number[], weight: Tensor | null = null, bias: Tensor | null = null, eps = 1e-5,
): Tensor {
  const ns = typeof normalizedShape === "number" ? [normalizedShape] : [...normalizedShape];
  const k = ns.length;
  const tail = input.shape.slice(input.rank - k);
  if (k === 0 || input.rank < k || tail.some((d, i) => d !== ns[i])) {
    throw new FulgurRuntimeError(
      `Given normalized_shape=${fmt(ns)}, expected input with shape [*, ${ns.join(", ")}], but got input of size${fmt(input.shape)}`,
    );
  }
  const n = ns.reduce((a, b) => a * b, 1);
  checkParamSize("layer_norm", "weight", weight, n);
  checkParamSize("layer_norm", "bias", bias, n);
  const dims = ns.map((_, i) => input.rank - k + i);
  if (fusable(input, weight, bias)) {
    const rows = input.size / n;
    const lead = input.shape.slice(0, input.rank - k).map((_, i) => i);
    return rowNormFused("NativeLayerNorm", input, weight, bias, eps, { R: rows, D: n, G: 1, S: 1, P: n, groupOrder: false },
      input.shape, dims, ns, lead);
  }
  const { y } = normalize(input, dims, eps);
  return affine(y, weight, bias, ns);
}

/** torch.nn.functional.group_norm on [N, C, *]: statistics per sample over each group of C / numGroups channels. */
export function groupNorm(input: Tensor, numGroups: number, weight: Tensor | null = null, bias: Tensor | null = null, eps = 1e-5): Tensor {
  if (input.rank < 2) throw new ValueError(`group_norm: expected an input with at least 2 dims [N, C, *], got ${fmt(input.shape)}`);
  const [n, c] = input.shape;
  if (!Number.isInteger(numGroups) || numGroups <= 0 || c % numGroups !== 0) {
    throw new FulgurRuntimeError(
      `Expected number of channels in input to be divisible by num_groups, but got input of shape ${fmt(input.shape)} and num_groups=${numGroups}`,
    );
  }
  checkParamSize("group_norm", "weight", weight, c);
  checkParamSize("group_norm", "bias", bias, c);
  if (fusable(input, weight, bias)) {
    const spatial = input.size / (n * c);
    const bshape0 = input.shape.map((d, i) => (i === 1 ? d : 1));
    const paramDims = input.shape.map((_, i) => i).filter((i) => i !== 1);
    return rowNormFused("NativeGroupNorm", input, weight, bias, eps,
      { R: n * numGroups, D: (c / numGroups) * spatial, G: numGroups, S: spatial, P: c, groupOrder: true },
      [n, numGroups, (c / numGroups) * spatial], [2], bshape0, paramDims);
  }
  const grouped = reshape(input, [n, numGroups, -1]);
  const { y } = normalize(grouped, [2], eps);
  const bshape = input.shape.map((d, i) => (i === 1 ? d : 1));
  return affine(reshape(y, input.shape), weight, bias, bshape);
}

function checkP(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
}

/**
 * torch's CPU dropout: input · (empty_like(input).bernoulli_(1 - p) / (1 - p)), the mask drawn
 * from `generator` (default: the global one) exactly as torch draws it. The input itself when
 * p = 0 or not training (no draw), input · 0 when p = 1 (no draw). The mask is a constant, so
 * the gradient is g · mask (torch's MulBackward0).
 */
export function dropout(input: Tensor, p = 0.5, training = true, generator: Generator | null = null): Tensor {
  checkP(p);
  if (p === 0 || !training || input.size === 0) return input;
  if (p === 1) return mul(input, 0);
  const bits = sampleBernoulliScalar(input.size, 1 - p, generator);
  const mask = tf.tidy(() => tf.div(tf.tensor(bits, input.shape, "float32"), Math.fround(1 - p)));
  return mul(input, new Tensor(mask));
}

export { checkP as checkDropoutP };

function checkIndices(d: ArrayLike<number>, num: number): void {
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (!Number.isInteger(v)) throw new FulgurRuntimeError(`embedding: indices must be whole numbers, got ${v}`);
    if (v < 0 || v >= num) throw new IndexError(`index out of range in self (index ${v}, num_embeddings ${num})`);
  }
}

/**
 * torch.nn.functional.embedding: rows of `weight` picked by `indices` (result shape
 * indices.shape + [embedding_dim]). The gradient scatter-adds into the rows; the row of
 * paddingIdx gets none. Index Tensors stay on the device (on webgpu the range is not checked:
 * that would need a blocking read).
 */
export function embedding(indices: Tensor | ArrayLike<number>, weight: Tensor, paddingIdx: number | null = null): Tensor {
  if (weight.rank !== 2) throw new FulgurRuntimeError(`embedding: 'weight' must be 2-D, got shape ${fmt(weight.shape)}`);
  const [num, dim] = weight.shape;
  if (paddingIdx !== null) {
    if (paddingIdx >= num || paddingIdx < -num) throw new FulgurRuntimeError("Padding_idx must be within num_embeddings");
    if (paddingIdx < 0) paddingIdx += num;
  }
  let idx: tf.Tensor;
  let shape: number[];
  if (indices instanceof Tensor) {
    if (!isWebGPUActive()) checkIndices(indices.value.dataSync() as ArrayLike<number>, num);
    idx = indices.dtype === "int32" ? tf.reshape(indices.value, [-1]) : tf.tidy(() => tf.cast(tf.reshape(indices.value, [-1]), "int32"));
    shape = indices.shape;
  } else {
    checkIndices(indices, num);
    idx = tf.tensor1d(Int32Array.from(indices), "int32");
    shape = [indices.length];
  }
  const out = tf.tidy(() => tf.reshape(tf.gather(weight.value, idx), [...shape, dim]));
  return recordOp("Embedding", [weight], out, (g) => [embeddingBackward(g, idx, num, paddingIdx)]);
}

/** Rows of g ([*, dim]) summed into a [num, dim] gradient by index; paddingIdx's row stays 0. Linear in g. */
function embeddingBackward(g: Tensor, idx: tf.Tensor, num: number, paddingIdx: number | null): Tensor {
  const n = idx.size;
  const dim = g.shape[g.rank - 1];
  const value = tf.tidy(() => {
    const rows = tf.reshape(g.value, [n, dim]);
    // the padding row goes to an extra segment that is dropped
    const seg = paddingIdx === null ? idx : tf.where(tf.equal(idx, paddingIdx), tf.fill([n], num, "int32"), idx);
    return tf.slice(tf.unsortedSegmentSum(rows, seg as tf.Tensor1D, num + 1), [0, 0], [num, dim]);
  });
  return recordOp("EmbeddingBackward", [g], value, (gg) => {
    // the adjoint of a scatter-add is a gather (padding rows receive nothing)
    const picked = recordOp("Embedding", [gg], tf.tidy(() => tf.gather(gg.value, idx)), (h) => [embeddingBackward(h, idx, num, null)]);
    if (paddingIdx === null) return [reshape(picked, g.shape)];
    const keep = new Tensor(tf.tidy(() => tf.reshape(tf.cast(tf.notEqual(idx, paddingIdx), "float32"), [n, 1])));
    return [reshape(mul(picked, keep), g.shape)];
  });
}
