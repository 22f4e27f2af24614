// torch.multinomial (1.13, CPU), drawing what torch draws:
// - without replacement: torch's Gumbel-style fast path (1.13 takes it only without replacement), q = exponential_(1) of
//   the input's shape, then argmax / topk of probs / q;
// - with replacement: per row a float32 cumulative distribution normalised by its sum, then for
//   each sample one uniform double (53 random bits) and a binary search (torch's
//   multinomial_with_replacement kernel). float32 sums are emulated exactly with Math.fround.
import * as tf from "@tensorflow/tfjs-core";
import { Tensor } from "../autograd/tensor.ts";
import { noGrad } from "../autograd/grad_mode.ts";
import { FulgurRuntimeError } from "../errors.ts";
import type { Generator } from "./generator.ts";
import { randomInt64, sampleExponential } from "./sample.ts";

/** multinomial's options: replacement and the generator. */
export interface MultinomialOptions {
  replacement?: boolean;
  generator?: Generator | null;
}

const TWO_POW_53 = 2 ** 53;

/** A U[0, 1) double as torch's uniform_real_distribution<double>: the low 53 bits of random64. */
function uniformDouble(g?: Generator | null): number {
  // random_() on int64 keeps random64 mod 2^63, whose low 53 bits are random64's
  const v = randomInt64(g);
  return Number(v & BigInt(TWO_POW_53 - 1)) / TWO_POW_53;
}

/** torch.multinomial: `numSamples` indices drawn from each row of probabilities (with or without replacement). */
export function multinomial(input: Tensor, numSamples: number, opts: MultinomialOptions = {}): Tensor {
  const replacement = opts.replacement ?? false;
  if (input.rank !== 1 && input.rank !== 2) throw new FulgurRuntimeError("prob_dist must be 1 or 2 dim");
  if (input.dtype !== "float32") throw new FulgurRuntimeError(`multinomial only supports floating-point dtypes for input, got: ${input.dtype}`);
  if (!Number.isInteger(numSamples) || numSamples <= 0) throw new FulgurRuntimeError("cannot sample n_sample <= 0 samples");
  const nCat = input.shape[input.rank - 1];
  if (!replacement && numSamples > nCat) {
    throw new FulgurRuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without replacement");
  }
  const nDist = input.rank === 2 ? input.shape[0] : 1;
  const probs = input.value.dataSync() as Float32Array;
  for (let i = 0; i < probs.length; i++) {
    if (!Number.isFinite(probs[i])) throw new FulgurRuntimeError("probability tensor contains either `inf`, `nan` or element < 0");
    if (probs[i] < 0) throw new FulgurRuntimeError("probability tensor contains either `inf`, `nan` or element < 0");
  }
  for (let r = 0; r < nDist; r++) {
    let zero = true;
    for (let j = 0; j < nCat; j++) if (probs[r * nCat + j] !== 0) zero = false;
    if (zero) throw new FulgurRuntimeError("invalid multinomial distribution (sum of probabilities <= 0)");
  }
  const outShape = input.rank === 2 ? [nDist, numSamples] : [numSamples];
  if (!replacement) {
    const q = sampleExponential(probs.length, 1, opts.generator);
    const ratio = new Float32Array(probs.length);
    for (let i = 0; i < probs.length; i++) ratio[i] = Math.fround(probs[i] / q[i]);
    return noGrad(() => {
      const t = tf.tensor(ratio, input.shape, "float32");
      if (numSamples === 1) {
        const idx = tf.argMax(t, -1);
        return new Tensor(input.rank === 2 ? tf.reshape(idx, outShape) : tf.reshape(idx, outShape));
      }
      return new Tensor(tf.topk(t, numSamples, true).indices);
    });
  }
  const out = new Int32Array(nDist * numSamples);
  const cum = new Float64Array(nCat);
  for (let r = 0; r < nDist; r++) {
    let sum = 0;
    for (let j = 0; j < nCat; j++) {
      sum = Math.fround(sum + probs[r * nCat + j]);
      cum[j] = sum;
    }
    for (let j = 0; j < nCat; j++) cum[j] = Math.fround(cum[j] / sum);
    cum[nCat - 1] = 1;
    for (let s = 0; s < numSamples; s++) {
      const u = uniformDouble(opts.generator);
      let lo = 0, hi = nCat;
      while (hi - lo > 0) {
        const mid = lo + ((hi - lo) >> 1);
        if (cum[mid] < u) lo = mid + 1;
        else hi = mid;
      }
      out[r * numSamples + s] = lo;
    }
  }
  return new Tensor(tf.tensor(out, outShape, "int32"));
}
