// torch's random tensor factories (torch.rand, randn, randint, randperm, bernoulli, normal,
// *_like) over the generator in ./generator.ts. Each draws exactly what torch's CPU build draws
// for the same shape, so a seed gives torch's tensors.
import * as tf from "@tensorflow/tfjs-core";
import { Tensor } from "../autograd/tensor.ts";
import { FulgurRuntimeError, FulgurTypeError } from "../errors.ts";
import type { Generator } from "./generator.ts";
import {
  sampleUniform, sampleNormal, sampleRandint, sampleRandperm, sampleBernoulliScalar, sampleBernoulliTensor,
} from "./sample.ts";

/** Options of the random factories (rand, randn, ...): dtype, requiresGrad, generator. */
export interface RandomOptions {
  generator?: Generator | null;
  /** "float32" (default for rand/randn/normal), or "int64" / "int32" (torch's int64, stored as int32; default for randint/randperm). */
  dtype?: "float32" | "int32" | "int64";
  requiresGrad?: boolean;
}

function checkShape(shape: number[], op: string): number {
  if (!Array.isArray(shape)) throw new FulgurTypeError(`${op}(): argument 'size' must be an array of sizes, not ${typeof shape}`);
  let n = 1;
  for (const s of shape) {
    if (!Number.isInteger(s) || s < 0) throw new FulgurRuntimeError(`${op}(): Trying to create tensor with negative dimension ${s}: [${shape.join(", ")}]`);
    n *= s;
  }
  return n;
}

function make(data: Float32Array | Int32Array, shape: number[], dtype: "float32" | "int32", opts: RandomOptions, op: string): Tensor {
  if (opts.requiresGrad && dtype !== "float32") throw new FulgurRuntimeError(`${op}(): only Tensors of floating point dtype can require gradients`);
  const v = dtype === "float32"
    ? (data instanceof Float32Array ? data : Float32Array.from(data))
    : (data instanceof Int32Array ? data : Int32Array.from(data));
  return new Tensor(tf.tensor(v, shape, dtype), opts.requiresGrad ?? false);
}

function floatOnly(opts: RandomOptions, op: string): void {
  if (opts.dtype !== undefined && opts.dtype !== "float32") {
    throw new FulgurRuntimeError(`${op}(): "${op}_cpu" not implemented for '${opts.dtype === "int32" || opts.dtype === "int64" ? "Long" : opts.dtype}' (a floating dtype is required)`);
  }
}

/** torch.rand(size): U[0, 1). */
export function rand(shape: number[], opts: RandomOptions = {}): Tensor {
  floatOnly(opts, "rand");
  const n = checkShape(shape, "rand");
  return make(sampleUniform(n, 0, 1, opts.generator), shape, "float32", opts, "rand");
}

/** torch.randn(size): N(0, 1) (torch's normal_ on a fresh contiguous tensor). */
export function randn(shape: number[], opts: RandomOptions = {}): Tensor {
  floatOnly(opts, "randn");
  const n = checkShape(shape, "randn");
  return make(sampleNormal(n, 0, 1, opts.generator), shape, "float32", opts, "randn");
}

/**
 * torch.randint(low, high, size) or randint(high, size): integers in [low, high), int64
 * (stored as int32) unless dtype is "float32".
 */
export function randint(low: number, high: number | number[], shape?: number[] | RandomOptions, opts: RandomOptions = {}): Tensor {
  if (Array.isArray(high)) {
    opts = (shape as RandomOptions | undefined) ?? {};
    shape = high;
    high = low;
    low = 0;
  }
  const size = shape as number[];
  const n = checkShape(size, "randint");
  const dtype = opts.dtype === "float32" ? "float32" : "int32";
  if (dtype === "int32" && (low < -(2 ** 63) || high > 2 ** 63)) throw new FulgurRuntimeError(`randint: [${low}, ${high}) is out of int64's range`);
  return make(sampleRandint(n, low, high as number, opts.generator, dtype === "float32"), size, dtype, opts, "randint");
}

/** torch.randperm(n): a random permutation of 0..n-1 (int64, stored as int32). */
export function randperm(n: number, opts: RandomOptions = {}): Tensor {
  const dtype = opts.dtype === "float32" ? "float32" : "int32";
  return make(sampleRandperm(n, opts.generator), [n], dtype, opts, "randperm");
}

/** torch.bernoulli(input): 1 with probability input[i] (float32 probabilities, one 32-bit draw each). */
export function bernoulli(probs: Tensor, opts: { generator?: Generator | null; p?: number } = {}): Tensor {
  if (probs.dtype !== "float32") throw new FulgurRuntimeError(`"bernoulli_tensor_cpu_p_" not implemented for '${probs.dtype === "int32" ? "Long" : "Bool"}'`);
  const data = opts.p !== undefined
    ? sampleBernoulliScalar(probs.size, opts.p, opts.generator)
    : sampleBernoulliTensor(probs.value.dataSync() as Float32Array, opts.generator);
  return new Tensor(tf.tensor(data, probs.shape, "float32"));
}

/**
 * torch.empty(shape).bernoulli_(p): 1 with probability p (scalar p draws one random64 per
 * element). torch's CPU dropout is `input * empty_like(input).bernoulli_(1 - p).div_(1 - p)`.
 */
export function bernoulliScalar(shape: number[], p: number, generator?: Generator | null): Tensor {
  const n = checkShape(shape, "bernoulli_");
  return new Tensor(tf.tensor(sampleBernoulliScalar(n, p, generator), shape, "float32"));
}

/**
 * torch.normal, four forms: normal(meanTensor, stdTensor), normal(mean, stdTensor),
 * normal(meanTensor, std) and normal(mean, std, size). Tensor forms draw N(0, 1) of the
 * broadcast shape, then `* std + mean` in float32 as torch does.
 */
export function normal(mean: Tensor | number, std: Tensor | number, size?: number[] | RandomOptions, opts: RandomOptions = {}): Tensor {
  if (typeof mean === "number" && typeof std === "number") {
    const shape = size as number[];
    if (!Array.isArray(shape)) throw new FulgurTypeError("normal(mean, std, size): size is required when mean and std are numbers");
    floatOnly(opts, "normal");
    return make(sampleNormal(checkShape(shape, "normal"), mean, std, opts.generator), shape, "float32", opts, "normal");
  }
  const o = (Array.isArray(size) ? opts : (size as RandomOptions | undefined) ?? opts) as RandomOptions;
  if (std instanceof Tensor) {
    const s = std.value.dataSync();
    for (let i = 0; i < s.length; i++) if (!(s[i] >= 0)) throw new FulgurRuntimeError(`normal expects all elements of std >= 0.0`);
  }
  const shape = tf.backend_util.assertAndGetBroadcastShape(
    mean instanceof Tensor ? mean.shape : [], std instanceof Tensor ? std.shape : [],
  );
  const n = shape.reduce((a, b) => a * b, 1);
  const value = tf.tidy(() => {
    if (typeof std === "number") {
      // normal_out_impl(output, Tensor mean, double std): N(0, std), then + mean
      const z = tf.tensor(sampleNormal(n, 0, std, o.generator), shape, "float32");
      return tf.add(z, (mean as Tensor).value);
    }
    const z = tf.tensor(sampleNormal(n, 0, 1, o.generator), shape, "float32");
    return tf.add(tf.mul(z, std.value), mean instanceof Tensor ? mean.value : tf.scalar(mean, "float32"));
  });
  return new Tensor(value, o.requiresGrad ?? false);
}

/** torch.rand_like. */
export function randLike(t: Tensor, opts: RandomOptions = {}): Tensor {
  return rand(t.shape, opts);
}

/** torch.randn_like. */
export function randnLike(t: Tensor, opts: RandomOptions = {}): Tensor {
  return randn(t.shape, opts);
}

/** torch.randint_like(input, low, high). */
export function randintLike(t: Tensor, low: number, high?: number, opts: RandomOptions = {}): Tensor {
  if (high === undefined) return randint(0, low, t.shape, { dtype: t.dtype === "int32" ? "int32" : "float32", ...opts });
  return randint(low, high, t.shape, { dtype: t.dtype === "int32" ? "int32" : "float32", ...opts });
}
