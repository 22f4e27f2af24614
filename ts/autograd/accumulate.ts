// Leaf gradient accumulation (torch's AccumulateGrad): .grad += g, keeping the same grad Tensor object.
import * as tf from "@tensorflow/tfjs-core";
import { Tensor } from "./tensor.ts";
import { setValue } from "./memory.ts";

export function accumulateGrad(leaf: Tensor, g: tf.Tensor): void {
  if (leaf.grad === null) {
    // clone: the same tf.Tensor may be handed to several leaves (add's backward passes g through)
    leaf.grad = new Tensor(tf.keep(tf.clone(g)));
  } else {
    setValue(leaf.grad, tf.add(leaf.grad.value, g));
  }
}
