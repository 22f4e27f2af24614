// torch nll_loss (mean over the counted rows) forward and backward, one dispatch each
// (tfjs: gather, multiply, sum, negate, divide; backward one-hot, cast and three more).
// Targets travel as floats (class index, or -1 for an ignored row; exact below 2^24).
// Forward: one thread sums the picked log-probabilities of the counted rows in row order and
// writes -(sum)/count, NaN when no row counts (0/0, as torch). Backward: -(g/count) at each
// counted row's target, +0 elsewhere (torch's zero-initialised grad_input).
import type * as tf from "@tensorflow/tfjs-core";
import type { InPlaceProgram } from "../inplace_program.ts";
import { runToNew } from "./fresh_output.ts";

const FORWARD: InPlaceProgram = {
  key: "nll_loss_mean",
  buffers: [{ name: "out", write: true }, { name: "lp", write: false }, { name: "tgt", write: false }],
  uniforms: ["rows", "cols", "count", "nan"], // NaN as a uniform: WGSL constants cannot hold one
  body: [
    "let c = u32(u.cols);",
    "var s = 0.0;",
    "for (var r = 0u; r < u32(u.rows); r++) { let t = tgt[r]; if (t >= 0.0) { s = s + lp[r * c + u32(t)]; } }",
    "out[0] = select(-s / u.count, u.nan, u.count == 0.0);",
  ].join("\n  "),
};

const BACKWARD: InPlaceProgram = {
  key: "nll_loss_mean_backward",
  buffers: [{ name: "gx", write: true }, { name: "g", write: false }, { name: "tgt", write: false }],
  uniforms: ["cols", "count"],
  body: [
    "let c = u32(u.cols);",
    "let r = i / c;",
    "gx[i] = select(0.0, -(g[0] / u.count), f32(i - r * c) == tgt[r]);",
  ].join("\n  "),
};

/** targets: a float32 tensor of class indices per row, -1 where the row is ignored. */
export function nllLossMeanGpu(logProbs: tf.Tensor, targets: tf.Tensor, count: number): tf.Tensor {
  const [rows, cols] = logProbs.shape;
  return runToNew(FORWARD, [], [logProbs, targets], 1, [rows, cols, count, NaN]);
}

export function nllLossMeanBackwardGpu(g: tf.Tensor, targets: tf.Tensor, shape: number[], count: number): tf.Tensor {
  return runToNew(BACKWARD, shape, [g, targets], shape[0] * shape[1], [shape[1], count]);
}
