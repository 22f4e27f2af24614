// Every autograd op, one family per file.
export { add, sub, mul, div, pow, maximum, minimum } from "./binary.ts";
export { neg, clone, exp, log, log1p, sqrt, square, abs, sign, clamp } from "./unary.ts";
export { matmul, linear } from "./matmul.ts";
export { sum, mean, argmax } from "./reduce.ts";
export { reshape, transpose, t } from "./shape.ts";
export { tanh, sigmoid, relu, leakyRelu, gelu, softplus, logSoftmax, softmax } from "./activation.ts";
export { mseLossOp, l1LossOp, smoothL1LossOp, bceWithLogitsOp, nllLossOp } from "./loss_ops.ts";
