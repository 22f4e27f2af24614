// Convolution: conv1d, conv2d, convTranspose2d (torch.nn.functional). A convolution is
// im2col (ops/unfold.ts) + one batched matmul (+ bias); its transpose is the matmul's adjoint
// followed by col2im. Three bilinear ops share one geometry and are each other's partial
// derivatives, so every gradient — and every gradient of a gradient — is one of them:
//   y  = conv(x, w)        ∂/∂x: convInputGrad(g, w)   ∂/∂w: convWeightGrad(x, g)
//   gx = convInputGrad(g, w)   ∂/∂g: conv(h, w)        ∂/∂w: convWeightGrad(h, g)
//   gw = convWeightGrad(x, g)  ∂/∂x: convInputGrad(g, h) ∂/∂g: conv(x, h)
import * as tf from "@tensorflow/tfjs-core";
import { recordOp } from "../graph.ts";
import type { Tensor } from "../tensor.ts";
import { col2imTTf, col2imTf, fmt, im2colTTf, im2colTf, onWasm, outSize, pair, type Pair, type WindowGeometry } from "./unfold.ts";
import { CONV_DIRECT, CONV_IGRAD, CONV_WGRAD, NCHW_TO_ROWS, ROWS_TO_NCHW } from "../../backend/kernels/conv_geometry.ts";
import { FulgurRuntimeError } from "../../errors.ts";

/** One convolution's shapes: g describes the conv's input [N, C, H, W] and windows; O output channels. */
interface ConvSpec {
  g: WindowGeometry;
  O: number;
  xShape: number[]; // the conv input as the caller holds it (3-D for conv1d, unbatched forms)
  wShape: number[];
  yShape: number[];
  cd: number; // the channel dim of yShape (0 when unbatched)
}

// ---- the three bilinear ops at the tfjs level ----------------------------------------------

/** cols [G, N·L, Cg·K] (im2col's layout); the long N·L dimension is the matmul's M. */
function cols(xv: tf.Tensor, s: ConvSpec): tf.Tensor {
  const { g } = s;
  return tf.reshape(im2colTf(xv, g), [g.G, g.N * g.oh * g.ow, (g.C / g.G) * g.kh * g.kw]);
}

const weight3 = (wv: tf.Tensor, s: ConvSpec) => tf.reshape(wv, [s.g.G, s.O / s.g.G, (s.g.C / s.g.G) * s.g.kh * s.g.kw]);

/** [N, O, oh, ow] (any shape of that size) → [G, N·L, Og]. */
function outputRows(gv: tf.Tensor, s: ConvSpec): tf.Tensor {
  const { g } = s, L = g.oh * g.ow, Og = s.O / g.G;
  if (onWasm()) {
    return tf.engine().runKernel(NCHW_TO_ROWS, { x: tf.reshape(gv, [g.N, s.O, L]) }, { G: g.G, N: g.N, L, Og }) as tf.Tensor;
  }
  const t = tf.transpose(tf.reshape(gv, [g.N, g.G, Og, L]), [1, 0, 3, 2]);
  return tf.reshape(t, [g.G, g.N * L, Og]);
}

/** rows [G, N·L, Og] (+ bias) → the output [N, O, oh, ow] as yShape. */
function rowsToOutput(rows: tf.Tensor, bv: tf.Tensor | null, s: ConvSpec): tf.Tensor {
  const { g } = s, L = g.oh * g.ow, Og = s.O / g.G;
  if (onWasm()) {
    const inputs: tf.NamedTensorMap = bv ? { x: rows, bias: bv } : { x: rows };
    return tf.reshape(tf.engine().runKernel(ROWS_TO_NCHW, inputs, { G: g.G, N: g.N, L, Og }) as tf.Tensor, s.yShape);
  }
  const y = tf.reshape(tf.transpose(tf.reshape(rows, [g.G, g.N, L, Og]), [1, 0, 3, 2]), [g.N, s.O, L]);
  return tf.reshape(bv ? tf.add(y, tf.reshape(bv, [1, s.O, 1])) : y, s.yShape);
}

/** fulgur-wasm's direct kernels (no columns; the same bits as the im2col path) take non-empty convs. */
const direct = (s: ConvSpec) => onWasm() && s.g.N * s.g.C * s.O * s.g.oh * s.g.ow > 0;

function convTf(xv: tf.Tensor, wv: tf.Tensor, bv: tf.Tensor | null, s: ConvSpec): tf.Tensor {
  const { g } = s;
  if (direct(s) && g.sw === 1) {
    return tf.tidy(() => {
      const x = tf.reshape(xv, [g.N, g.C, g.H, g.W]), w = tf.reshape(wv, [s.O, g.C / g.G, g.kh, g.kw]);
      const inputs: tf.NamedTensorMap = bv ? { x, w, bias: bv } : { x, w };
      return tf.reshape(tf.engine().runKernel(CONV_DIRECT, inputs, { geometry: g as never, O: s.O }) as tf.Tensor, s.yShape);
    });
  }
  return tf.tidy(() => rowsToOutput(tf.matMul(cols(xv, s), weight3(wv, s), false, true), bv, s));
}

/**
 * The input gradient. fulgur-wasm, stride 1 along the width: one direct kernel (the same bits as the
 * composition below). Else on fulgur-wasm: colsᵀ [G, Cg·K, N·L] = w3ᵀ · g as [G, Og, N·L], summed back by
 * col2imT (runs of contiguous adds); the packed operand is the output gradient, not the columns.
 * Elsewhere: cols = gRows · w3, then col2im.
 */
function inputGradTf(gv: tf.Tensor, wv: tf.Tensor, s: ConvSpec): tf.Tensor {
  if (direct(s) && s.g.sw === 1) {
    const { g } = s;
    return tf.tidy(() => {
      const inputs = { dy: tf.reshape(gv, [g.N, s.O, g.oh, g.ow]), w: tf.reshape(wv, [s.O, g.C / g.G, g.kh, g.kw]) };
      return tf.reshape(tf.engine().runKernel(CONV_IGRAD, inputs, { geometry: g as never, O: s.O }) as tf.Tensor, s.xShape);
    });
  }
  return tf.tidy(() => {
    const { g } = s, L = g.oh * g.ow, Og = s.O / g.G;
    if (onWasm()) {
      const gc = g.N === 1 ? tf.reshape(gv, [g.G, Og, L])
        : tf.reshape(tf.transpose(tf.reshape(gv, [g.N, g.G, Og, L]), [1, 2, 0, 3]), [g.G, Og, g.N * L]);
      return tf.reshape(col2imTTf(tf.matMul(weight3(wv, s), gc, true, false), g), s.xShape);
    }
    return tf.reshape(col2imTf(tf.matMul(outputRows(gv, s), weight3(wv, s)), g), s.xShape);
  });
}

/**
 * gwᵀ [G, Cg·K, Og] = colsᵀ · gRows: the long N·L dimension is the reduction, the transposed
 * columns are read in place and only the small output gradient gets packed into panels.
 */
function weightGradTf(xv: tf.Tensor, gv: tf.Tensor, s: ConvSpec): tf.Tensor {
  const { g } = s;
  if (direct(s)) {
    return tf.tidy(() => {
      const inputs = { x: tf.reshape(xv, [g.N, g.C, g.H, g.W]), dy: tf.reshape(gv, [g.N, s.O, g.oh, g.ow]) };
      return tf.reshape(tf.engine().runKernel(CONV_WGRAD, inputs, { geometry: g as never, O: s.O }) as tf.Tensor, s.wShape);
    });
  }
  return tf.tidy(() => {
    const gwT = tf.matMul(im2colTTf(xv, s.g), outputRows(gv, s));
    return tf.reshape(tf.transpose(gwT, [0, 2, 1]), s.wShape);
  });
}

// ---- as recorded ops ---------------------------------------------------------------------

/** conv(x, w) (+ b along the output's channel dim, fused into the layout pass on fulgur-wasm). */
function conv(x: Tensor, w: Tensor, b: Tensor | null, s: ConvSpec): Tensor {
  const inputs = b ? [x, w, b] : [x, w];
  return recordOp("Convolution", inputs, convTf(x.value, w.value, b ? b.value : null, s), (h, needs) => [
    needs[0] ? convInputGrad(h, w, s) : null,
    needs[1] ? convWeightGrad(x, h, s) : null,
    needs[2] ? channelSum(h, s.cd) : null,
  ]);
}

function convInputGrad(g: Tensor, w: Tensor, s: ConvSpec): Tensor {
  return recordOp("ConvolutionInputGrad", [g, w], inputGradTf(g.value, w.value, s), (h, needs) => [
    needs[0] ? conv(h, w, null, s) : null,
    needs[1] ? convWeightGrad(h, g, s) : null,
  ]);
}

function convWeightGrad(x: Tensor, g: Tensor, s: ConvSpec): Tensor {
  return recordOp("ConvolutionWeightGrad", [x, g], weightGradTf(x.value, g.value, s), (h, needs) => [
    needs[0] ? convInputGrad(g, h, s) : null,
    needs[1] ? conv(x, h, null, s) : null,
  ]);
}

// bias: y + b along the channel dim; its gradient is a sum over the other dims, whose
// gradient is a broadcast — each written as a recorded op so double backward works.
function channelShape(rank: number, cd: number, C: number): number[] {
  return Array.from({ length: rank }, (_, i) => (i === cd ? C : 1));
}

function channelSum(h: Tensor, cd: number): Tensor {
  const shape = h.shape;
  // [outer, C, inner]: two reductions over contiguous runs instead of one over scattered axes
  const outer = shape.slice(0, cd).reduce((a, b) => a * b, 1), inner = shape.slice(cd + 1).reduce((a, b) => a * b, 1);
  const v = tf.tidy(() => tf.sum(tf.sum(tf.reshape(h.value, [outer, shape[cd], inner]), 2), 0));
  return recordOp("SumChannels", [h], v, (k) => [channelBroadcast(k, shape, cd)], false);
}

function channelBroadcast(b: Tensor, shape: number[], cd: number): Tensor {
  const v = tf.broadcastTo(tf.reshape(b.value, channelShape(shape.length, cd, b.size)), shape);
  return recordOp("ExpandChannels", [b], v, (k) => [channelSum(k, cd)], false);
}

export function addBias(y: Tensor, b: Tensor, cd: number): Tensor {
  const v = tf.add(y.value, tf.reshape(b.value, channelShape(y.rank, cd, b.size)));
  return recordOp("AddBias", [y, b], v, (h, needs) => [needs[0] ? h : null, needs[1] ? channelSum(h, cd) : null], false);
}

// ---- argument checks (torch's words) -------------------------------------------------------

/** conv1d / conv2d options: stride, padding, dilation, groups. */
export interface ConvOptions {
  stride?: Pair;
  /** a number per side, or "valid" (0) / "same" (output size = input size; stride 1 only) */
  padding?: Pair | "same" | "valid";
  dilation?: Pair;
  groups?: number;
}

/** convTranspose2d options: stride, padding, outputPadding, groups, dilation. */
export interface ConvTransposeOptions {
  stride?: Pair;
  padding?: Pair;
  outputPadding?: Pair;
  groups?: number;
  dilation?: Pair;
}

function checkParams(stride: number[], padding: number[], dilation: number[], groups: number): void {
  if (stride.some((v) => !(v > 0))) throw new FulgurRuntimeError("non-positive stride is not supported");
  if (padding.some((v) => v < 0)) throw new FulgurRuntimeError("negative padding is not supported");
  if (dilation.some((v) => !(v > 0))) throw new FulgurRuntimeError("non-positive dilation is not supported");
  if (!(groups > 0)) throw new FulgurRuntimeError("non-positive groups is not supported");
}

/** torch's padding="same": total d·(k−1) per dim, the odd element on the right/bottom. */
function samePadding(k: number, d: number): [number, number] {
  const total = d * (k - 1);
  return [Math.floor(total / 2), total];
}

function checkBias(bias: Tensor | null, wShape: number[], outChannels: number): void {
  if (bias !== null && (bias.rank !== 1 || bias.shape[0] !== outChannels)) {
    throw new FulgurRuntimeError(
      `Given weight of size ${fmt(wShape)}, expected bias to be 1-dimensional with ${outChannels} elements, but got bias of size ${fmt(bias.shape)} instead`,
    );
  }
}

/**
 * The spec of a 2-D convolution over x4 = [N, C, H, W] (the shapes as the caller holds them in
 * xShape / wShape), with padding given as [top, totalH, left, totalW].
 */
function convSpec(x4: number[], w4: number[], xShape: number[], wShape: number[], stride: [number, number],
                  pads: [number, number, number, number], dilation: [number, number], groups: number,
                  yShapeOf: (oh: number, ow: number) => number[], dims: 1 | 2 = 2): ConvSpec {
  const [N, C, H, W] = x4, [O, , kh, kw] = w4;
  const [sh, sw] = stride, [dh, dw] = dilation, [ph, pth, pw, ptw] = pads;
  const eh = dh * (kh - 1) + 1, ew = dw * (kw - 1) + 1;
  if (H + pth < eh || W + ptw < ew) {
    const sizes = dims === 1 ? [W + ptw] : [H + pth, W + ptw];
    const ks = dims === 1 ? [ew] : [eh, ew];
    throw new FulgurRuntimeError(
      `Calculated padded input size per channel: (${sizes.join(" x ")}). Kernel size: (${ks.join(" x ")}). Kernel size can't be greater than actual input size`,
    );
  }
  const oh = outSize(H, pth, kh, sh, dh), ow = outSize(W, ptw, kw, sw, dw);
  const g: WindowGeometry = { N, C, H, W, G: groups, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow };
  const yShape = yShapeOf(oh, ow);
  return { g, O, xShape, wShape, yShape, cd: yShape.length === dims + 2 ? 1 : 0 };
}

function checkGroupsAndChannels(input: Tensor, weight: Tensor, groups: number, transposed: boolean): void {
  if (weight.shape[0] % groups !== 0) {
    throw new FulgurRuntimeError(
      `Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size [${fmt(weight.shape)}] instead`,
    );
  }
  const batched = input.rank === weight.rank;
  const c = input.shape[batched ? 1 : 0];
  const expected = transposed ? weight.shape[0] : weight.shape[1] * groups;
  if (c !== expected) {
    const shown = batched ? input.shape : [1, ...input.shape];
    const head = transposed ? `Given transposed=1, weight of size ${fmt(weight.shape)}` : `Given groups=${groups}, weight of size ${fmt(weight.shape)}`;
    throw new FulgurRuntimeError(`${head}, expected input${fmt(shown)} to have ${expected} channels, but got ${c} channels instead`);
  }
}

function checkRank(input: Tensor, weight: Tensor, dims: 1 | 2, op: string): void {
  if (input.rank !== dims + 1 && input.rank !== dims + 2) {
    throw new FulgurRuntimeError(
      `Expected ${dims + 1}D (unbatched) or ${dims + 2}D (batched) input to ${op}, but got input of size: ${fmt(input.shape)}`,
    );
  }
  if (weight.rank !== dims + 2) {
    throw new FulgurRuntimeError(
      `${op}: expected a ${dims + 2}-dimensional weight, but got weight of size ${fmt(weight.shape)}`,
    );
  }
}

// ---- public functions -----------------------------------------------------------------------

function convNd(input: Tensor, weight: Tensor, bias: Tensor | null, opts: ConvOptions, dims: 1 | 2): Tensor {
  const op = dims === 1 ? "conv1d" : "conv2d";
  checkRank(input, weight, dims, op);
  const groups = opts.groups ?? 1;
  // 1-D is 2-D with a height of one
  const one = (v: Pair | undefined, d: number): [number, number] => {
    const p = pair(v ?? d);
    return dims === 1 ? [1, p[0]] : p;
  };
  const stride = one(opts.stride, 1), dilation = one(opts.dilation, 1);
  const rawPad = opts.padding ?? 0;
  if (typeof rawPad === "string" && rawPad !== "same" && rawPad !== "valid") {
    throw new FulgurRuntimeError(`Invalid padding string: '${rawPad}'`);
  }
  const numPad = typeof rawPad === "string" ? [0, 0] as [number, number] : dims === 1 ? [0, pair(rawPad)[0]] as [number, number] : pair(rawPad);
  checkParams(stride, numPad, dilation, groups);
  if (rawPad === "same" && (stride[0] !== 1 || stride[1] !== 1)) {
    throw new FulgurRuntimeError("padding='same' is not supported for strided convolutions");
  }
  checkGroupsAndChannels(input, weight, groups, false);
  checkBias(bias, weight.shape, weight.shape[0]);

  const batched = input.rank === dims + 2;
  const xs = input.shape, ws = weight.shape;
  const x4 = dims === 1 ? [batched ? xs[0] : 1, xs[batched ? 1 : 0], 1, xs[xs.length - 1]] : batched ? xs : [1, ...xs];
  const w4 = dims === 1 ? [ws[0], ws[1], 1, ws[2]] : ws;
  let pads: [number, number, number, number];
  if (rawPad === "same") {
    const [t, th] = samePadding(w4[2], dilation[0]), [l, tw] = samePadding(w4[3], dilation[1]);
    pads = [t, th, l, tw];
  } else {
    pads = [numPad[0], 2 * numPad[0], numPad[1], 2 * numPad[1]];
  }
  const spec = convSpec(x4, w4, xs, ws, stride, pads, dilation, groups, (oh, ow) => {
    const spatial = dims === 1 ? [ow] : [oh, ow];
    return batched ? [x4[0], w4[0], ...spatial] : [w4[0], ...spatial];
  }, dims);
  return conv(input, weight, bias, spec);
}

/** torch.nn.functional.conv2d: input [N, C, H, W] or [C, H, W], weight [O, C/groups, kh, kw]. */
export function conv2d(input: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvOptions = {}): Tensor {
  return convNd(input, weight, bias, opts, 2);
}

/** torch.nn.functional.conv1d: input [N, C, L] or [C, L], weight [O, C/groups, k]. */
export function conv1d(input: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvOptions = {}): Tensor {
  return convNd(input, weight, bias, opts, 1);
}

/**
 * torch.nn.functional.conv_transpose2d: input [N, Cin, H, W] or [Cin, H, W], weight
 * [Cin, Cout/groups, kh, kw]; the adjoint of conv2d with the same weight (the gradient of a
 * convolution with respect to its input).
 */
export function convTranspose2d(input: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvTransposeOptions = {}): Tensor {
  checkRank(input, weight, 2, "conv_transpose2d");
  const groups = opts.groups ?? 1;
  const stride = pair(opts.stride ?? 1), padding = pair(opts.padding ?? 0), dilation = pair(opts.dilation ?? 1);
  const outPad = pair(opts.outputPadding ?? 0);
  checkParams(stride, padding, dilation, groups);
  checkGroupsAndChannels(input, weight, groups, true);
  const outChannels = weight.shape[1] * groups;
  checkBias(bias, weight.shape, outChannels);
  if (outPad.some((v, i) => v < 0 || (v >= stride[i] && v >= dilation[i]))) {
    throw new FulgurRuntimeError(
      `output padding must be smaller than either stride or dilation, but got output_padding_height: ${outPad[0]} output_padding_width: ${outPad[1]} ` +
        `stride_height: ${stride[0]} stride_width: ${stride[1]} dilation_height: ${dilation[0]} dilation_width: ${dilation[1]}`,
    );
  }
  const batched = input.rank === 4;
  const x4 = batched ? input.shape : [1, ...input.shape];
  const [N, , Hin, Win] = x4, [, , kh, kw] = weight.shape;
  const Hout = (Hin - 1) * stride[0] - 2 * padding[0] + dilation[0] * (kh - 1) + outPad[0] + 1;
  const Wout = (Win - 1) * stride[1] - 2 * padding[1] + dilation[1] * (kw - 1) + outPad[1] + 1;
  if (Hout < 1 || Wout < 1) {
    throw new FulgurRuntimeError(`Given input size per channel: (${Hin} x ${Win}). Calculated output size per channel: (${Hout} x ${Wout}). Output size is too small`);
  }
  // The conv whose input gradient this is: input [N, Cout, Hout, Wout], output = `input`.
  const convIn = [N, outChannels, Hout, Wout];
  const yShape = batched ? convIn : convIn.slice(1);
  const spec = convSpec(convIn, weight.shape, yShape, weight.shape, stride,
    [padding[0], 2 * padding[0], padding[1], 2 * padding[1]], dilation, groups, () => input.shape);
  const y = convInputGrad(input, weight, spec);
  return bias ? addBias(y, bias, batched ? 1 : 0) : y;
}
