// Eager autograd with torch semantics over tfjs-core.
export { Tensor, Parameter, type Operand } from "./tensor.ts";
export { GradNode, record, recordOp, AnomalyError, type BackwardFn, type DiffBackwardFn } from "./graph.ts";
export { topologicalOrder, grad, type GradOptions, type BackwardOptions } from "./backward.ts";
export { noGrad, enableGrad, isGradEnabled, setGradEnabled, isAnomalyEnabled, setDetectAnomaly } from "./grad_mode.ts";
export { scope, scopeAsync, keep, setValue, liveTensorCount } from "./memory.ts";
export {
  tensor, zeros, ones, full, empty, arange, linspace, eye, zerosLike, onesLike, fullLike, emptyLike, fromTf,
  type TensorOptions, type DType,
} from "./factory.ts";
export {
  add, sub, mul, div, pow, maximum, minimum,
  neg, clone, exp, log, log1p, sqrt, square, abs, sign, clamp,
  matmul, linear, sum, mean, reshape, transpose, t,
  tanh, sigmoid, relu, leakyRelu, gelu, softplus, logSoftmax, softmax,
} from "./ops/index.ts";
export { IndexError, NotImplementedError } from "../backend/errors.ts";
// tensor API A: shape, indexing, joining, in-place, casts
export {
  view, flatten, unflatten, squeeze, unsqueeze, permute, movedim, expand, expandAs, broadcastTo, sumToSize, repeat,
  contiguous, tril, triu, select, narrow, slice, indexSelect, indexAdd, gather, scatter, scatterAdd, maskedFill, where,
  maskedSelect, take, index, indexPut, indexPut_, flip, roll, diagonal, nonzero, diag, repeatInterleave, moveaxis, swapaxes,
  swapdims, ravel, concatenate, cat, concat, stack, hstack, vstack, split, chunk, unbind,
  add_, sub_, mul_, div_, fill_, zero_, copy_, maskedFill_, clamp_, toDtype, tolist,
} from "./ops/index.ts";
// --- tensor API B: reductions, elementwise math, comparisons, matrix products
export {
  floorDivide, remainder, fmod, atan2, hypot, lerp, addcmul, addcdiv,
  log2, log10, exp2, expm1, rsqrt, reciprocal, sin, cos, tan, asin, acos, atan, sinh, cosh, erf, erfc,
  floor, ceil, round, trunc, frac, clip, nanToNum,
  prod, max, min, amax, amin, argmax, argmin, logsumexp, variance, var, std, varMean, stdMean, cumsum, cumprod, norm,
  all, any, countNonzero, sort, argsort, topk,
  eq, ne, lt, le, gt, ge, equal, logicalAnd, logicalOr, logicalXor, logicalNot,
  isnan, isinf, isfinite, isposinf, isneginf, isclose, allclose,
  mm, bmm, mv, dot, outer, einsum, resultType,
  type ValuesIndices, type VarOptions, type Dims, type RoundingMode,
} from "./ops/index.ts";
// --- end B
