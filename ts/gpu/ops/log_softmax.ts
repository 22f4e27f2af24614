// log_softmax over the last dimension and its backward, one dispatch each, one thread per row
// (tfjs: six dispatches forward, four backward). The same formulas as the composite path in
// ts/autograd/ops/activation.ts: y = (x - max) - log(Σ exp(x - max)); gx = g - exp(y)·Σ g.
// Used for rows of at most FUSED_MAX_COLS (a thread walks its whole row).
import type * as tf from "@tensorflow/tfjs-core";
import type { InPlaceProgram } from "../inplace_program.ts";
import { IS_NAN, MAX_NAN } from "../optim/wgsl_helpers.ts";
import { runToNew } from "./fresh_output.ts";

export const FUSED_MAX_COLS = 4096;

const FORWARD: InPlaceProgram = {
  key: "log_softmax_rows",
  buffers: [{ name: "y", write: true }, { name: "x", write: false }],
  uniforms: ["cols"],
  functions: [IS_NAN, MAX_NAN],
  body: [
    "let c = u32(u.cols);",
    "let base = i * c;",
    "var m = x[base];",
    "for (var j = 1u; j < c; j++) { m = maxNan(m, x[base + j]); }",
    "var s = 0.0;",
    "for (var j = 0u; j < c; j++) { s = s + exp(x[base + j] - m); }",
    "let l = log(s);",
    "for (var j = 0u; j < c; j++) { y[base + j] = (x[base + j] - m) - l; }",
  ].join("\n  "),
};

const BACKWARD: InPlaceProgram = {
  key: "log_softmax_rows_backward",
  buffers: [{ name: "gx", write: true }, { name: "g", write: false }, { name: "y", write: false }],
  uniforms: ["cols"],
  body: [
    "let c = u32(u.cols);",
    "let base = i * c;",
    "var s = 0.0;",
    "for (var j = 0u; j < c; j++) { s = s + g[base + j]; }",
    "for (var j = 0u; j < c; j++) { gx[base + j] = g[base + j] - exp(y[base + j]) * s; }",
  ].join("\n  "),
};

const rowsOf = (t: tf.Tensor) => t.size / t.shape[t.rank - 1];

export function logSoftmaxLastDimGpu(x: tf.Tensor): tf.Tensor {
  return runToNew(FORWARD, x.shape, [x], rowsOf(x), [x.shape[x.rank - 1]]);
}

export function logSoftmaxLastDimBackwardGpu(g: tf.Tensor, y: tf.Tensor): tf.Tensor {
  return runToNew(BACKWARD, g.shape, [g, y], rowsOf(g), [g.shape[g.rank - 1]]);
}
