// Pooling (torch.nn.functional): maxPool1d/2d, avgPool1d/2d, adaptiveAvgPool2d, adaptiveMaxPool2d.
// Every (sample, channel) plane is pooled alone: windows come from im2col over planes (a conv
// geometry with one channel), reduced over the window (max pooling on fulgur-wasm: one WASM
// kernel giving values and argmax indices). Each pooling is linear (avg) or linear
// once the argmax is fixed (max), so forward and backward are a pair of ops that are each
// other's adjoint — double backward comes free.
import * as tf from "@tensorflow/tfjs-core";
import { recordOp } from "../graph.ts";
import type { Tensor } from "../tensor.ts";
import { col2imTf, fmt, im2colTf, onWasm, outSize, pair, planeTable, type Pair, type WindowGeometry } from "./unfold.ts";
import { MAXPOOL } from "../../backend/kernels/conv_geometry.ts";
import { FulgurRuntimeError, ValueError } from "../../errors.ts";
import { IndexError } from "../../backend/errors.ts";

/** One pooling's planes: x as [P, 1, H, W] windows of K = kh·kw, output [P, L]. */
interface PoolSpec {
  g: WindowGeometry;
  xShape: number[];
  yShape: number[];
}

const K = (s: PoolSpec) => s.g.kh * s.g.kw;
const L = (s: PoolSpec) => s.g.oh * s.g.ow;
const windows = (xv: tf.Tensor, s: PoolSpec, pad: number) => tf.reshape(im2colTf(xv, s.g, pad), [s.g.N, L(s), K(s)]);

// ---- max: y = x at the argmax; the backward scatters to the argmax, its adjoint gathers -------

/**
 * Flat input indices of the chosen window entries: arg [P, L] (position in each window) through
 * the per-plane window table [L·K] (the windows' indices into a plane of HW), plus p·HW.
 */
function selectedIndices(arg: tf.Tensor, table: Int32Array, P: number, Lo: number, Kw: number, HW: number): tf.Tensor {
  return tf.tidy(() => {
    const pos = tf.add(arg, tf.reshape(tf.range(0, Lo * Kw, Kw, "int32"), [1, Lo]));
    const inPlane = tf.reshape(tf.gather(tf.tensor1d(table, "int32"), tf.reshape(pos, [-1])), [P, Lo]);
    return tf.reshape(tf.add(inPlane, tf.reshape(tf.range(0, P * HW, HW, "int32"), [P, 1])), [-1]);
  });
}

/** Values [.. yShape] and flat argmax indices [P·L] (torch's: first maximum in window order, NaN wins). */
function maxPoolForward(xv: tf.Tensor, s: PoolSpec): [tf.Tensor, tf.Tensor] {
  const { g } = s;
  if (onWasm()) {
    const [v, i] = tf.engine().runKernel(MAXPOOL, { x: tf.reshape(xv, [g.N, g.H, g.W]) }, { geometry: g as never }) as tf.Tensor[];
    return [tf.reshape(v, s.yShape), tf.reshape(i, [-1])];
  }
  return tf.tidy(() => {
    const w = windows(xv, s, -Infinity);
    const idx = selectedIndices(tf.argMax(w, 2), planeTable(g), g.N, L(s), K(s), g.H * g.W);
    return [tf.reshape(tf.max(w, 2), s.yShape), idx];
  }) as [tf.Tensor, tf.Tensor];
}

function maxPoolOp(x: Tensor, s: PoolSpec): Tensor {
  const [y, idx] = maxPoolForward(x.value, s);
  return recordOp("MaxPool2DWithIndices", [x], y, (h) => [maxScatter(h, idx, s.xShape)]);
}

/** gx: every output's gradient added onto its argmax (a fixed-order segment sum). */
function maxScatter(h: Tensor, idx: tf.Tensor, xShape: number[]): Tensor {
  const size = xShape.reduce((a, b) => a * b, 1);
  const v = tf.tidy(() => tf.reshape(tf.unsortedSegmentSum(tf.reshape(h.value, [-1]), idx as tf.Tensor1D, size), xShape));
  return recordOp("MaxPool2DWithIndicesBackward", [h], v, (k) => [maxGather(k, idx, h.shape)]);
}

function maxGather(k: Tensor, idx: tf.Tensor, yShape: number[]): Tensor {
  const v = tf.tidy(() => tf.reshape(tf.gather(tf.reshape(k.value, [-1]), idx), yShape));
  return recordOp("MaxPoolGather", [k], v, (h) => [maxScatter(h, idx, k.shape)]);
}

// ---- avg: y = Σ window / divisor; the adjoint spreads h / divisor over each window ------------

function avgPoolOp(x: Tensor, s: PoolSpec, divisor: tf.Tensor): Tensor {
  const y = tf.tidy(() => tf.reshape(tf.div(tf.sum(windows(x.value, s, 0), 2), divisor), s.yShape));
  return recordOp("AvgPool2D", [x], y, (h) => [avgSpread(h, s, divisor)]);
}

function avgSpread(h: Tensor, s: PoolSpec, divisor: tf.Tensor): Tensor {
  const v = tf.tidy(() => {
    const per = tf.div(tf.reshape(h.value, [s.g.N, L(s), 1]), tf.reshape(divisor, [L(s), 1]));
    return tf.reshape(col2imTf(tf.broadcastTo(per, [s.g.N, L(s), K(s)]), s.g), s.xShape);
  });
  return recordOp("AvgPool2DBackward", [h], v, (k) => [avgPoolOp(k, s, divisor)]);
}

// ---- arguments ---------------------------------------------------------------------------

interface PoolArgs {
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  ceilMode: boolean;
}

/** x [.., H, W] (dims = 2) or [.., W] (dims = 1) → the plane geometry, torch's checks on the way. */
function poolSpec(x: Tensor, a: PoolArgs, dims: 1 | 2, op: string): PoolSpec {
  const sizes = dims === 1 ? [1, x.shape[x.rank - 1]] : x.shape.slice(-2);
  const [H, W] = sizes;
  const [kh, kw] = a.kernel, [sh, sw] = a.stride, [ph, pw] = a.padding, [dh, dw] = a.dilation;
  if ([kh, kw].some((k) => !(k > 0))) throw new FulgurRuntimeError(`kernel size should be greater than zero, but got kH: ${kh} kW: ${kw}`);
  if ([sh, sw].some((v) => v === 0)) throw new ValueError("stride should not be zero");
  if ([sh, sw].some((v) => !(v > 0))) throw new FulgurRuntimeError(`stride should be greater than zero, but got dH: ${sh} dW: ${sw}`);
  if ([dh, dw].some((v) => !(v > 0))) throw new FulgurRuntimeError(`dilation should be greater than zero, but got dilationH: ${dh} dilationW: ${dw}`);
  for (let i = 0; i < 2; i++) {
    if (a.padding[i] < 0 || a.padding[i] > Math.floor(a.kernel[i] / 2)) {
      throw new FulgurRuntimeError(`pad should be at most half of kernel size, but got pad=${a.padding[i]} and kernel_size=${a.kernel[i]}`);
    }
  }
  const oh = outSize(H, 2 * ph, kh, sh, dh, a.ceilMode, ph), ow = outSize(W, 2 * pw, kw, sw, dw, a.ceilMode, pw);
  const planes = x.size / (H * W);
  const batchShape = x.shape.slice(0, x.rank - dims);
  if (oh < 1 || ow < 1) {
    const c = batchShape[batchShape.length - 1];
    const inS = dims === 1 ? [c, W] : [c, H, W], outS = dims === 1 ? [c, ow] : [c, oh, ow];
    throw new FulgurRuntimeError(`Given input size: (${inS.join("x")}). Calculated output size: (${outS.join("x")}). Output size is too small`);
  }
  const g: WindowGeometry = { N: planes, C: 1, H, W, G: 1, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow };
  return { g, xShape: x.shape, yShape: [...batchShape, ...(dims === 1 ? [ow] : [oh, ow])] };
}

/** maxPool options: kernel size, stride, padding, dilation, ceilMode, returnIndices. */
export interface MaxPoolOptions {
  /** default: the kernel size */
  stride?: Pair | null;
  padding?: Pair;
  dilation?: Pair;
  ceilMode?: boolean;
}

/** avgPool options: kernel size, stride, padding, ceilMode, countIncludePad (torch's names in camelCase). */
export interface AvgPoolOptions {
  stride?: Pair | null;
  padding?: Pair;
  ceilMode?: boolean;
  countIncludePad?: boolean;
  divisorOverride?: number | null;
}

function checkRank(x: Tensor, dims: 1 | 2, op: string): void {
  if (x.rank !== dims + 1 && x.rank !== dims + 2 || x.size === 0) {
    if (op.startsWith("max_pool")) {
      throw new FulgurRuntimeError(dims === 2 ? "non-empty 3D or 4D (batch mode) tensor expected for input"
        : `max_pool1d() Expected 2D or 3D input tensor, but got ${fmt(x.shape)}`);
    }
    throw new IndexError(`Dimension out of range (expected to be in range of [${-x.rank}, ${x.rank - 1}], but got ${-(dims + 1)})`);
  }
}

const oneD = (v: Pair, dims: 1 | 2): [number, number] => (dims === 1 ? [1, pair(v)[0]] : pair(v));

function maxPoolNd(input: Tensor, kernelSize: Pair, o: MaxPoolOptions, dims: 1 | 2): Tensor {
  const op = dims === 1 ? "max_pool1d" : "max_pool2d";
  checkRank(input, dims, op);
  const kernel = oneD(kernelSize, dims);
  const stride = o.stride == null ? kernel : oneD(o.stride, dims);
  const a: PoolArgs = { kernel, stride, padding: oneD(o.padding ?? 0, dims), dilation: oneD(o.dilation ?? 1, dims), ceilMode: o.ceilMode ?? false };
  if (dims === 1) a.padding[0] = 0;
  return maxPoolOp(input, poolSpec(input, a, dims, op));
}

/** torch.nn.functional.max_pool2d over [N, C, H, W] or [C, H, W]; padding reads −∞. */
export function maxPool2d(input: Tensor, kernelSize: Pair, opts: MaxPoolOptions = {}): Tensor {
  return maxPoolNd(input, kernelSize, opts, 2);
}

/** torch.nn.functional.max_pool1d over [N, C, L] or [C, L]. */
export function maxPool1d(input: Tensor, kernelSize: number, opts: MaxPoolOptions = {}): Tensor {
  return maxPoolNd(input, kernelSize, opts, 1);
}

/** torch's divisor of each output position (avg_pool2d's pool_size rules). */
function avgDivisor(s: PoolSpec, inH: number, inW: number, countIncludePad: boolean, override: number | null): tf.Tensor {
  const { g } = s;
  const d = new Float32Array(g.oh * g.ow);
  for (let oy = 0; oy < g.oh; oy++) {
    for (let ox = 0; ox < g.ow; ox++) {
      if (override !== null) { d[oy * g.ow + ox] = override; continue; }
      let h0 = oy * g.sh - g.ph, w0 = ox * g.sw - g.pw;
      let h1 = Math.min(h0 + g.kh, inH + g.ph), w1 = Math.min(w0 + g.kw, inW + g.pw);
      const padded = (h1 - h0) * (w1 - w0);
      h0 = Math.max(h0, 0); w0 = Math.max(w0, 0);
      h1 = Math.min(h1, inH); w1 = Math.min(w1, inW);
      d[oy * g.ow + ox] = countIncludePad ? padded : (h1 - h0) * (w1 - w0);
    }
  }
  return tf.tensor1d(d, "float32");
}

function avgPoolNd(input: Tensor, kernelSize: Pair, o: AvgPoolOptions, dims: 1 | 2): Tensor {
  const op = dims === 1 ? "avg_pool1d" : "avg_pool2d";
  checkRank(input, dims, op);
  const kernel = oneD(kernelSize, dims);
  const stride = o.stride == null ? kernel : oneD(o.stride, dims);
  const a: PoolArgs = { kernel, stride, padding: oneD(o.padding ?? 0, dims), dilation: [1, 1], ceilMode: o.ceilMode ?? false };
  if (dims === 1) a.padding[0] = 0;
  const override = o.divisorOverride ?? null;
  if (override !== null && !(override !== 0)) throw new FulgurRuntimeError("divisor must be not zero");
  const s = poolSpec(input, a, dims, op);
  return avgPoolOp(input, s, avgDivisor(s, s.g.H, s.g.W, o.countIncludePad ?? true, override));
}

/** torch.nn.functional.avg_pool2d (countIncludePad defaults to true, as torch). */
export function avgPool2d(input: Tensor, kernelSize: Pair, opts: AvgPoolOptions = {}): Tensor {
  return avgPoolNd(input, kernelSize, opts, 2);
}

/** torch.nn.functional.avg_pool1d. */
export function avgPool1d(input: Tensor, kernelSize: number, opts: Omit<AvgPoolOptions, "divisorOverride"> = {}): Tensor {
  return avgPoolNd(input, kernelSize, opts, 1);
}

// ---- adaptive pooling ------------------------------------------------------------------------
// torch's windows: start = floor(i·in/out), end = ceil((i+1)·in/out). When out divides in they
// are a regular pooling (kernel = stride = in/out); otherwise a per-plane index table [L, Kmax]
// (padding entries point at one appended element) drives a gather and its adjoint segment sum.

interface TableSpec {
  P: number; HW: number; L: number; Kmax: number;
  table: Int32Array; // [L·Kmax] indices into a plane of HW (+1 for the padding element)
  xShape: number[]; yShape: number[];
}

function adaptiveTable(P: number, H: number, W: number, oh: number, ow: number, xShape: number[], yShape: number[]): { spec: TableSpec; counts: Float32Array } {
  const bounds = (i: number, inp: number, out: number) => [Math.floor((i * inp) / out), Math.ceil(((i + 1) * inp) / out)];
  let kmh = 0, kmw = 0;
  for (let i = 0; i < oh; i++) { const [a, b] = bounds(i, H, oh); kmh = Math.max(kmh, b - a); }
  for (let i = 0; i < ow; i++) { const [a, b] = bounds(i, W, ow); kmw = Math.max(kmw, b - a); }
  const Kmax = kmh * kmw, Lo = oh * ow, HW = H * W;
  const table = new Int32Array(Lo * Kmax).fill(HW);
  const counts = new Float32Array(Lo);
  for (let oy = 0; oy < oh; oy++) {
    const [h0, h1] = bounds(oy, H, oh);
    for (let ox = 0; ox < ow; ox++) {
      const [w0, w1] = bounds(ox, W, ow);
      const l = oy * ow + ox;
      let k = 0;
      for (let y = h0; y < h1; y++) for (let x = w0; x < w1; x++) table[l * Kmax + k++] = y * W + x;
      counts[l] = k;
    }
  }
  return { spec: { P, HW, L: Lo, Kmax, table, xShape, yShape }, counts };
}

/** [P·HW] planes → windows [P, L, Kmax] (padding entries read `pad`). */
function tableWindows(xv: tf.Tensor, s: TableSpec, pad: number): tf.Tensor {
  return tf.tidy(() => {
    const planes = tf.concat([tf.reshape(xv, [s.P, s.HW]), tf.fill([s.P, 1], pad)], 1);
    return tf.reshape(tf.gather(planes, tf.tensor1d(s.table, "int32"), 1), [s.P, s.L, s.Kmax]);
  });
}

/** The adjoint of tableWindows: windows [P, L, Kmax] summed back onto the planes. */
function tableScatter(wv: tf.Tensor, s: TableSpec): tf.Tensor {
  return tf.tidy(() => {
    const rows = tf.transpose(tf.reshape(wv, [s.P, s.L * s.Kmax]));
    const summed = tf.unsortedSegmentSum(rows, tf.tensor1d(s.table, "int32"), s.HW + 1);
    return tf.reshape(tf.transpose(tf.slice(summed, [0, 0], [s.HW, s.P])), s.xShape);
  });
}

function adaptiveAvgOp(x: Tensor, s: TableSpec, counts: tf.Tensor): Tensor {
  const y = tf.tidy(() => tf.reshape(tf.div(tf.sum(tableWindows(x.value, s, 0), 2), counts), s.yShape));
  return recordOp("AdaptiveAvgPool2D", [x], y, (h) => [adaptiveAvgSpread(h, s, counts)]);
}

function adaptiveAvgSpread(h: Tensor, s: TableSpec, counts: tf.Tensor): Tensor {
  const v = tf.tidy(() => {
    const per = tf.div(tf.reshape(h.value, [s.P, s.L, 1]), tf.reshape(counts, [s.L, 1]));
    return tableScatter(tf.broadcastTo(per, [s.P, s.L, s.Kmax]), s);
  });
  return recordOp("AdaptiveAvgPool2DBackward", [h], v, (k) => [adaptiveAvgOp(k, s, counts)]);
}

function adaptiveMaxOp(x: Tensor, s: TableSpec): Tensor {
  const [y, idx] = tf.tidy(() => {
    const w = tableWindows(x.value, s, -Infinity);
    return [tf.reshape(tf.max(w, 2), s.yShape), selectedIndices(tf.argMax(w, 2), s.table, s.P, s.L, s.Kmax, s.HW)];
  }) as [tf.Tensor, tf.Tensor];
  return recordOp("AdaptiveMaxPool2D", [x], y, (h) => [maxScatter(h, idx, s.xShape)]);
}

type AdaptiveSize = number | [number | null, number | null];

function adaptive(input: Tensor, outputSize: AdaptiveSize, op: string, max: boolean): Tensor {
  if (input.rank !== 3 && input.rank !== 4) {
    throw new FulgurRuntimeError(`${op}(): Expected 3D or 4D tensor, but got ${fmt(input.shape)}`);
  }
  const [H, W] = input.shape.slice(-2);
  const o = typeof outputSize === "number" ? [outputSize, outputSize] : outputSize;
  const oh = o[0] ?? H, ow = o[1] ?? W;
  if (!(oh > 0 && ow > 0) || input.shape.slice(1).some((d) => d === 0)) {
    throw new FulgurRuntimeError(`${op}(): Expected input to have non-zero size for non-batch dimensions and output_size > 0, but got input of size ${fmt(input.shape)} and output_size (${oh}, ${ow})`);
  }
  const yShape = [...input.shape.slice(0, -2), oh, ow];
  if (H % oh === 0 && W % ow === 0) {
    const kh = H / oh, kw = W / ow;
    const a: PoolArgs = { kernel: [kh, kw], stride: [kh, kw], padding: [0, 0], dilation: [1, 1], ceilMode: false };
    const s = poolSpec(input, a, 2, op);
    return max ? maxPoolOp(input, s) : avgPoolOp(input, s, tf.fill([oh * ow], kh * kw));
  }
  const { spec, counts } = adaptiveTable(input.size / (H * W), H, W, oh, ow, input.shape, yShape);
  return max ? adaptiveMaxOp(input, spec) : adaptiveAvgOp(input, spec, tf.tensor1d(counts, "float32"));
}

/** torch.nn.functional.adaptive_avg_pool2d; outputSize a number or [h, w] (null keeps the input's). */
export function adaptiveAvgPool2d(input: Tensor, outputSize: AdaptiveSize): Tensor {
  return adaptive(input, outputSize, "adaptive_avg_pool2d", false);
}

/** torch.nn.functional.adaptive_max_pool2d (values only; gradients to the first maximum). */
export function adaptiveMaxPool2d(input: Tensor, outputSize: AdaptiveSize): Tensor {
  return adaptive(input, outputSize, "adaptive_max_pool2d", true);
}
