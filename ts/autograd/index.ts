// Eager autograd with torch semantics over tfjs-core.
export { Tensor, Parameter, type Operand } from "./tensor.ts";
export { GradNode, record, recordOp, AnomalyError, type BackwardFn, type DiffBackwardFn } from "./graph.ts";
export { topologicalOrder, grad, type GradOptions, type BackwardOptions } from "./backward.ts";
export { noGrad, enableGrad, isGradEnabled, setGradEnabled, isAnomalyEnabled, setDetectAnomaly } from "./grad_mode.ts";
export { scope, scopeAsync, keep, setValue, liveTensorCount } from "./memory.ts";
export { tensor, zeros, ones, full, zerosLike, onesLike, fromTf, type TensorOptions } from "./factory.ts";
export {
  add, sub, mul, div, pow, maximum, minimum,
  neg, clone, exp, log, log1p, sqrt, square, abs, sign, clamp,
  matmul, linear, sum, mean, reshape, transpose, t,
  tanh, sigmoid, relu, leakyRelu, gelu, softplus, logSoftmax, softmax,
} from "./ops/index.ts";
export { IndexError, NotImplementedError } from "../backend/errors.ts";
