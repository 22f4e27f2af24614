// torch threshold_backward(g, result, 0) in one dispatch: g where the ReLU's output > 0, else +0
// (tfjs: Greater, ZerosLike and Select, three dispatches). A NaN output fails `> 0`: +0, as torch.
import type * as tf from "@tensorflow/tfjs-core";
import type { InPlaceProgram } from "../inplace_program.ts";
import { runToNew } from "./fresh_output.ts";

const RELU_BACKWARD: InPlaceProgram = {
  key: "relu_backward",
  buffers: [{ name: "gx", write: true }, { name: "g", write: false }, { name: "y", write: false }],
  uniforms: [],
  body: "gx[i] = select(0.0, g[i], y[i] > 0.0);",
};

export function reluBackwardGpu(g: tf.Tensor, y: tf.Tensor): tf.Tensor {
  return runToNew(RELU_BACKWARD, g.shape, [g, y], g.size, []);
}
