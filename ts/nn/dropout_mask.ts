// Dropout masks: 1 with probability `keep`, drawn from the default generator.
// TODO(RNG): switch to ts/random's torch-exact bernoulli once it lands (torch's mask for a seed).
import * as tf from "@tensorflow/tfjs-core";
import { defaultGenerator, uniform } from "./init.ts";
import { setDefaultBernoulli } from "../autograd/ops/norm.ts";

export function bernoulliMask(shape: number[], keep: number): tf.Tensor {
  return tf.tidy(() => tf.cast(tf.less(uniform(shape, 0, 1, defaultGenerator), keep), "float32"));
}

setDefaultBernoulli(bernoulliMask);
