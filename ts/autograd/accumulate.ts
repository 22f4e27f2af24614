// Leaf gradient accumulation (torch's AccumulateGrad): .grad += g, keeping the same grad Tensor object.
import * as tf from "@tensorflow/tfjs-core";
import { Tensor } from "./tensor.ts";
import { setValue } from "./memory.ts";
import { isKnownZero } from "../gpu/known_zero.ts";
import { webgpuBackend } from "../gpu/backend_access.ts";
import { cloneGpu } from "../gpu/buffer_copy.ts";

export function accumulateGrad(leaf: Tensor, g: tf.Tensor): void {
  if (leaf.grad === null) {
    // clone: the same tf.Tensor may be handed to several leaves (add's backward passes g through)
    leaf.grad = new Tensor(tf.keep(tf.clone(g)));
  } else if (isKnownZero(leaf.grad.value.dataId) && g.dtype === "float32") {
    // webgpu after zero_grad: copy g (a command) rather than dispatch 0 + g, which differs only
    // where g holds -0 (0 + -0 = +0)
    setValue(leaf.grad, cloneGpu(webgpuBackend(), g));
  } else {
    setValue(leaf.grad, tf.add(leaf.grad.value, g));
  }
}
