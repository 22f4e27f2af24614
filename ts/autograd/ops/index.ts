// Every autograd op, one family per file. Exported through guard(): an error tfjs-core raises
// inside an op (a kernel the active backend lacks, a shape it rejects) leaves as a FulgurError
// naming the op. Callers outside ts/autograd/ops import ops from here, not from the family files.
import { asFulgurError } from "../../backend/errors.ts";
import * as binary from "./binary.ts";
import * as unary from "./unary.ts";
import * as mm from "./matmul.ts";
import * as reduce from "./reduce.ts";
import * as shape from "./shape.ts";
import * as act from "./activation.ts";
import * as loss from "./loss_ops.ts";
import * as conv from "./conv.ts";
import * as pooling from "./pooling.ts";
import * as unfoldOps from "./unfold.ts";
import * as norm from "./norm.ts";

/** `fn` with tfjs-core's plain Errors translated (see asFulgurError); torch's op name in messages. */
function guard<A extends unknown[], R>(op: string, fn: (...args: A) => R): (...args: A) => R {
  return (...args: A): R => {
    try {
      return fn(...args);
    } catch (e) {
      throw asFulgurError(e, op);
    }
  };
}

export const add = guard("add", binary.add);
export const sub = guard("sub", binary.sub);
export const mul = guard("mul", binary.mul);
export const div = guard("div", binary.div);
export const pow = guard("pow", binary.pow);
export const maximum = guard("maximum", binary.maximum);
/** torch.minimum: elementwise minimum of two tensors. */
export const minimum = guard("minimum", binary.minimum);

/** torch.neg. */
export const neg = guard("neg", unary.neg);
export const clone = guard("clone", unary.clone);
/** torch.exp. */
export const exp = guard("exp", unary.exp);
/** torch.log. */
export const log = guard("log", unary.log);
/** torch.log1p: log(1 + x), accurate near 0. */
export const log1p = guard("log1p", unary.log1p);
/** torch.sqrt. */
export const sqrt = guard("sqrt", unary.sqrt);
/** torch.square. */
export const square = guard("square", unary.square);
/** torch.abs. */
export const abs = guard("abs", unary.abs);
export const sign = guard("sign", unary.sign);
export const clamp = guard("clamp", unary.clamp);

export const matmul = guard("matmul", mm.matmul);
export const linear = guard("linear", mm.linear);

export const sum = guard("sum", reduce.sum);
/** torch.mean over `dim` (all dims when omitted). */
export const mean = guard("mean", reduce.mean);
export const argmax = guard("argmax", reduce.argmax);

export const reshape = guard("reshape", shape.reshape);
export const transpose = guard("transpose", shape.transpose);
export const t = guard("t", shape.t);

/** torch.tanh. */
export const tanh = guard("tanh", act.tanh);
/** torch.sigmoid. */
export const sigmoid = guard("sigmoid", act.sigmoid);
/** torch.relu. */
export const relu = guard("relu", act.relu);
/** torch.nn.functional.leaky_relu with `negativeSlope` (default 0.01). */
export const leakyRelu = guard("leaky_relu", act.leakyRelu);
export const gelu = guard("gelu", act.gelu);
export const softplus = guard("softplus", act.softplus);
export const logSoftmax = guard("log_softmax", act.logSoftmax);
/** torch.softmax along `dim` (default the last). */
export const softmax = guard("softmax", act.softmax);

export const mseLossOp = guard("mse_loss", loss.mseLossOp);
export const l1LossOp = guard("l1_loss", loss.l1LossOp);
export const smoothL1LossOp = guard("smooth_l1_loss", loss.smoothL1LossOp);
export const huberLossOp = guard("huber_loss", loss.huberLossOp);
export const bceWithLogitsOp = guard("binary_cross_entropy_with_logits", loss.bceWithLogitsOp);
export const binaryCrossEntropyOp = guard("binary_cross_entropy", loss.binaryCrossEntropyOp);
export const klDivOp = guard("kl_div", loss.klDivOp);
export const cosineSimilarityOp = guard("cosine_similarity", loss.cosineSimilarityOp);
export const nllLossOp = guard("nll_loss", loss.nllLossOp);
export const crossEntropyOp = guard("cross_entropy", loss.crossEntropyOp);
export type { Reduction, NllLossOptions, CrossEntropyOptions, BceWithLogitsOptions } from "./loss_ops.ts";

// --- tensor API A (creation, shape, indexing, joining, in-place)
import * as shapeA from "./shape.ts";
import * as indexing from "./indexing.ts";
import * as join from "./join.ts";
import * as inplace from "./inplace.ts";
import * as creation from "./creation.ts";
export { sizesArg } from "./index_util.ts";
export const view = guard("view", shapeA.view);
export const flatten = guard("flatten", shapeA.flatten);
export const unflatten = guard("unflatten", shapeA.unflatten);
export const squeeze = guard("squeeze", shapeA.squeeze);
export const unsqueeze = guard("unsqueeze", shapeA.unsqueeze);
export const permute = guard("permute", shapeA.permute);
export const movedim = guard("movedim", shapeA.movedim);
export const expand = guard("expand", shapeA.expand);
export const expandAs = guard("expand_as", shapeA.expandAs);
export const broadcastTo = guard("broadcast_to", shapeA.broadcastTo);
export const sumToSize = guard("sum_to_size", shapeA.sumToSize);
export const repeat = guard("repeat", shapeA.repeat);
export const contiguous = guard("contiguous", shapeA.contiguous);
export const tril = guard("tril", shapeA.tril);
export const triu = guard("triu", shapeA.triu);
export const select = guard("select", indexing.select);
export const narrow = guard("narrow", indexing.narrow);
export const slice = guard("slice", indexing.slice);
export const indexSelect = guard("index_select", indexing.indexSelect);
export const indexAdd = guard("index_add", indexing.indexAdd);
export const gather = guard("gather", indexing.gather);
export const scatter = guard("scatter", indexing.scatter);
export const scatterAdd = guard("scatter_add", indexing.scatterAdd);
export const maskedFill = guard("masked_fill", indexing.maskedFill);
export const where = guard("where", indexing.where);
export const maskedSelect = guard("masked_select", indexing.maskedSelect);
export const take = guard("take", indexing.take);
export const index = guard("index", indexing.index);
export const indexPut = guard("index_put", indexing.indexPut);
export const flip = guard("flip", shapeA.flip);
export const roll = guard("roll", indexing.roll);
export const diagonal = guard("diagonal", indexing.diagonal);
export const nonzero = guard("nonzero", indexing.nonzero);
export const diag = guard("diag", indexing.diag);
export const repeatInterleave = guard("repeat_interleave", indexing.repeatInterleave);
export const cat = guard("cat", join.cat);
export const concat = guard("concat", join.concat);
export const stack = guard("stack", join.stack);
export const hstack = guard("hstack", join.hstack);
export const vstack = guard("vstack", join.vstack);
export const split = guard("split", join.split);
export const chunk = guard("chunk", join.chunk);
export const unbind = guard("unbind", join.unbind);
export const add_ = guard("add_", inplace.add_);
export const sub_ = guard("sub_", inplace.sub_);
/** torch.Tensor.mul_: multiplies `t` in place (no gradient recorded). */
export const mul_ = guard("mul_", inplace.mul_);
export const div_ = guard("div_", inplace.div_);
export const fill_ = guard("fill_", inplace.fill_);
/** torch.Tensor.zero_: fills `t` with zeros in place. */
export const zero_ = guard("zero_", inplace.zero_);
export const copy_ = guard("copy_", inplace.copy_);
export const maskedFill_ = guard("masked_fill_", inplace.maskedFill_);
export const clamp_ = guard("clamp_", inplace.clamp_);
export const indexPut_ = guard("index_put_", inplace.indexPut_);
export const toDtype = guard("to", creation.toDtype);
export const tolist = guard("tolist", creation.tolist);
export const newFull = guard("new_full", creation.newFull);
// torch's other names for the same ops
/** torch.moveaxis: moves dims `source` to positions `destination`. */
export const moveaxis = movedim;
/** torch.swapaxes (torch.transpose). */
export const swapaxes = transpose;
/** torch.swapdims (torch.transpose). */
export const swapdims = transpose;
/** torch.ravel: the tensor flattened to one dim. */
export const ravel = (x: Parameters<typeof flatten>[0]) => flatten(x);
/** torch.concatenate (torch.cat). */
export const concatenate = concat;
// --- end A

// --- tensor API B (reductions, elementwise, comparisons, matmul family)
import * as cmp from "./compare.ts";
import * as sorting from "./sort.ts";
import * as es from "./einsum.ts";
import * as matB from "./matmul.ts";
export type { ValuesIndices, VarOptions, Dims } from "./reduce.ts";
export type { RoundingMode } from "./binary.ts";
export { resultType, type DType as BDType } from "./dtype.ts";
export const floorDivide = guard("floor_divide", binary.floorDivide);
export const remainder = guard("remainder", binary.remainder);
export const fmod = guard("fmod", binary.fmod);
export const atan2 = guard("atan2", binary.atan2);
export const hypot = guard("hypot", binary.hypot);
export const lerp = guard("lerp", binary.lerp);
export const addcmul = guard("addcmul", binary.addcmul);
export const addcdiv = guard("addcdiv", binary.addcdiv);
export const log2 = guard("log2", unary.log2);
export const log10 = guard("log10", unary.log10);
export const exp2 = guard("exp2", unary.exp2);
/** torch.expm1: exp(x) - 1, accurate near 0. */
export const expm1 = guard("expm1", unary.expm1);
export const rsqrt = guard("rsqrt", unary.rsqrt);
export const reciprocal = guard("reciprocal", unary.reciprocal);
/** torch.sin. */
export const sin = guard("sin", unary.sin);
/** torch.cos. */
export const cos = guard("cos", unary.cos);
export const tan = guard("tan", unary.tan);
export const asin = guard("asin", unary.asin);
export const acos = guard("acos", unary.acos);
export const atan = guard("atan", unary.atan);
export const sinh = guard("sinh", unary.sinh);
export const cosh = guard("cosh", unary.cosh);
export const erf = guard("erf", unary.erf);
export const erfc = guard("erfc", unary.erfc);
/** torch.floor. */
export const floor = guard("floor", unary.floor);
/** torch.ceil. */
export const ceil = guard("ceil", unary.ceil);
export const round = guard("round", unary.round);
/** torch.trunc: rounds toward zero. */
export const trunc = guard("trunc", unary.trunc);
export const frac = guard("frac", unary.frac);
export const clip = guard("clip", unary.clip);
export const nanToNum = guard("nan_to_num", unary.nanToNum);
export const prod = guard("prod", reduce.prod);
/** torch.max: the maximum of all elements, or { values, indices } over `dim`. */
export const max = guard("max", reduce.max) as typeof reduce.max;
/** torch.min: the minimum of all elements, or { values, indices } over `dim`. */
export const min = guard("min", reduce.min) as typeof reduce.min;
export const amax = guard("amax", reduce.amax);
/** torch.amin: the minimum over `dim` (all dims when omitted). */
export const amin = guard("amin", reduce.amin);
/** torch.argmin: the index of the minimum (over the flattened tensor when `dim` is null). */
export const argmin = guard("argmin", reduce.argmin);
export const logsumexp = guard("logsumexp", reduce.logsumexp);
export const variance = guard("var", reduce.variance);
export { variance as var };
export const std = guard("std", reduce.std);
export const varMean = guard("var_mean", reduce.varMean);
export const stdMean = guard("std_mean", reduce.stdMean);
export const cumsum = guard("cumsum", reduce.cumsum);
export const cumprod = guard("cumprod", reduce.cumprod);
const vectorNorm = guard("norm", reduce.norm);
export { vectorNorm as norm };
export const all = guard("all", reduce.all);
export const any = guard("any", reduce.any);
export const countNonzero = guard("count_nonzero", reduce.countNonzero);
export const sort = guard("sort", sorting.sort);
export const argsort = guard("argsort", sorting.argsort);
export const topk = guard("topk", sorting.topk);
/** torch.eq: elementwise ==, a bool tensor. */
export const eq = guard("eq", cmp.eq);
/** torch.ne: elementwise !=, a bool tensor. */
export const ne = guard("ne", cmp.ne);
/** torch.lt: elementwise <, a bool tensor. */
export const lt = guard("lt", cmp.lt);
/** torch.le: elementwise <=, a bool tensor. */
export const le = guard("le", cmp.le);
/** torch.gt: elementwise >, a bool tensor. */
export const gt = guard("gt", cmp.gt);
/** torch.ge: elementwise >=, a bool tensor. */
export const ge = guard("ge", cmp.ge);
export const equal = guard("equal", cmp.equal);
export const logicalAnd = guard("logical_and", cmp.logicalAnd);
/** torch.logical_or. */
export const logicalOr = guard("logical_or", cmp.logicalOr);
export const logicalXor = guard("logical_xor", cmp.logicalXor);
/** torch.logical_not. */
export const logicalNot = guard("logical_not", cmp.logicalNot);
export const isnan = guard("isnan", cmp.isnan);
/** torch.isinf: true where +inf or -inf. */
export const isinf = guard("isinf", cmp.isinf);
/** torch.isfinite: true where neither inf nor NaN. */
export const isfinite = guard("isfinite", cmp.isfinite);
export const isposinf = guard("isposinf", cmp.isposinf);
/** torch.isneginf: true where -inf. */
export const isneginf = guard("isneginf", cmp.isneginf);
export const isclose = guard("isclose", cmp.isclose);
export const allclose = guard("allclose", cmp.allclose);
const mmB = guard("mm", matB.mm);
export { mmB as mm };
export const bmm = guard("bmm", matB.bmm);
export const mv = guard("mv", matB.mv);
export const dot = guard("dot", matB.dot);
export const outer = guard("outer", matB.outer);
export const einsum = guard("einsum", es.einsum);
// --- end B

// --- nn functional ops (conv, pooling: ops/conv.ts, ops/pooling.ts)
export type { ConvOptions, ConvTransposeOptions } from "./conv.ts";
export type { MaxPoolOptions, AvgPoolOptions } from "./pooling.ts";
export type { UnfoldOptions } from "./unfold.ts";
export const conv1d = guard("conv1d", conv.conv1d);
export const conv2d = guard("conv2d", conv.conv2d);
export const convTranspose2d = guard("conv_transpose2d", conv.convTranspose2d);
export const unfold = guard("unfold", unfoldOps.unfold);
export const fold = guard("fold", unfoldOps.fold);
export const maxPool1d = guard("max_pool1d", pooling.maxPool1d);
export const maxPool2d = guard("max_pool2d", pooling.maxPool2d);
export const avgPool1d = guard("avg_pool1d", pooling.avgPool1d);
export const avgPool2d = guard("avg_pool2d", pooling.avgPool2d);
export const adaptiveAvgPool2d = guard("adaptive_avg_pool2d", pooling.adaptiveAvgPool2d);
export const adaptiveMaxPool2d = guard("adaptive_max_pool2d", pooling.adaptiveMaxPool2d);
// --- end conv

// --- nn functional ops (normalisation, dropout, embedding, losses: ops/norm.ts, ops/loss_ops.ts, ...)
export const batchNorm = guard("batch_norm", norm.batchNorm);
export const layerNorm = guard("layer_norm", norm.layerNorm);
export const groupNorm = guard("group_norm", norm.groupNorm);
export const dropout = guard("dropout", norm.dropout);
export const checkDropoutP = norm.checkDropoutP;
export const embedding = guard("embedding", norm.embedding);
// --- end nn

// --- attention (owner: layers B; ops/attention.ts)
import * as attention from "./attention.ts";
export const scaledDotProductAttention = guard("scaled_dot_product_attention", attention.scaledDotProductAttention);
export const multiHeadAttentionForward = guard("multi_head_attention_forward", attention.multiHeadAttentionForward);
export type { SdpaOptions, MhaForwardOptions } from "./attention.ts";
// --- end attention
