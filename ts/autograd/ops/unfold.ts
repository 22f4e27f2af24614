// unfold (im2col) and fold (col2im): two linear maps, each the other's adjoint. Convolution and
// pooling are built on them. On fulgur-wasm they are the FulgurIm2Col / FulgurCol2Im WASM
// kernels; on every other backend (webgpu, cpu) a cached int32 index table drives GatherV2
// (unfold) and UnsortedSegmentSum (fold) over the flattened input plus one padding element.
import * as tf from "@tensorflow/tfjs-core";
import { recordOp } from "../graph.ts";
import type { Tensor } from "../tensor.ts";
import { FULGUR_WASM } from "../../backend/backend_name.ts";
import { COL2IM, COL2IM_T, IM2COL, IM2COL_T, colsShape, colsTShape, type WindowGeometry } from "../../backend/kernels/conv_geometry.ts";
import { FulgurRuntimeError, ValueError } from "../../errors.ts";

export type { WindowGeometry };
export type Pair = number | [number, number];

export const pair = (v: Pair): [number, number] => (typeof v === "number" ? [v, v] : [v[0], v[1]]);
export const fmt = (s: readonly number[]) => `[${s.join(", ")}]`;

// ---- index tables (generic path) ----------------------------------------------------------

const tables = new Map<string, Int32Array>();
const MAX_TABLES = 16;

/** cols element → flat index into x [N, C, H, W]; N·C·H·W (the appended padding element) outside. */
function indexTable(g: WindowGeometry): Int32Array {
  const key = [g.N, g.C, g.H, g.W, g.G, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, g.oh, g.ow].join(",");
  let t = tables.get(key);
  if (t !== undefined) return t;
  const Cg = g.C / g.G, pad = g.N * g.C * g.H * g.W;
  t = new Int32Array(g.G * g.N * g.oh * g.ow * Cg * g.kh * g.kw);
  let o = 0;
  for (let gi = 0; gi < g.G; gi++) {
    for (let n = 0; n < g.N; n++) {
      for (let oy = 0; oy < g.oh; oy++) {
        for (let ox = 0; ox < g.ow; ox++) {
          for (let c = 0; c < Cg; c++) {
            const plane = (n * g.C + gi * Cg + c) * g.H;
            for (let i = 0; i < g.kh; i++) {
              const iy = oy * g.sh - g.ph + i * g.dh;
              for (let j = 0; j < g.kw; j++) {
                const ix = ox * g.sw - g.pw + j * g.dw;
                t[o++] = iy >= 0 && iy < g.H && ix >= 0 && ix < g.W ? (plane + iy) * g.W + ix : pad;
              }
            }
          }
        }
      }
    }
  }
  if (tables.size >= MAX_TABLES) tables.delete(tables.keys().next().value as string);
  tables.set(key, t);
  return t;
}

export const onWasm = () => tf.getBackend() === FULGUR_WASM;

/** One plane's window table [oh·ow·kh·kw]: indices into H·W, H·W outside the plane. */
export const planeTable = (g: WindowGeometry): Int32Array => indexTable({ ...g, N: 1, C: 1, G: 1 });

/** x (any shape of N·C·H·W elements) → columns [G, N, oh*ow, Cg*kh*kw]; windows read `padValue` outside x. */
export function im2colTf(x: tf.Tensor, g: WindowGeometry, padValue = 0): tf.Tensor {
  if (onWasm()) {
    const x4 = tf.reshape(x, [g.N, g.C, g.H, g.W]);
    return tf.engine().runKernel(IM2COL, { x: x4 }, { geometry: g as never, padValue }) as tf.Tensor;
  }
  return tf.tidy(() => {
    const flat = tf.concat([tf.reshape(x, [-1]), tf.fill([1], padValue)]);
    return tf.reshape(tf.gather(flat, tf.tensor1d(indexTable(g), "int32")), colsShape(g));
  });
}

/** im2colTf's columns transposed: [G, Cg*kh*kw, N*oh*ow] (zero padding). */
export function im2colTTf(x: tf.Tensor, g: WindowGeometry): tf.Tensor {
  if (onWasm()) {
    const x4 = tf.reshape(x, [g.N, g.C, g.H, g.W]);
    return tf.engine().runKernel(IM2COL_T, { x: x4 }, { geometry: g as never }) as tf.Tensor;
  }
  return tf.tidy(() => tf.transpose(tf.reshape(im2colTf(x, g), [g.G, g.N * g.oh * g.ow, -1]), [0, 2, 1]));
}

/** The adjoint of im2colTTf: transposed columns [G, Cg*kh*kw, N*oh*ow] summed onto [N, C, H, W]. */
export function col2imTTf(colsT: tf.Tensor, g: WindowGeometry): tf.Tensor {
  if (onWasm()) {
    return tf.engine().runKernel(COL2IM_T, { x: tf.reshape(colsT, colsTShape(g)) }, { geometry: g as never }) as tf.Tensor;
  }
  return col2imTf(tf.transpose(tf.reshape(colsT, colsTShape(g)), [0, 2, 1]), g);
}

/** The adjoint of im2colTf: columns [G, N, oh*ow, Cg*kh*kw] summed back onto [N, C, H, W]. */
export function col2imTf(cols: tf.Tensor, g: WindowGeometry): tf.Tensor {
  if (onWasm()) {
    return tf.engine().runKernel(COL2IM, { x: tf.reshape(cols, colsShape(g)) }, { geometry: g as never }) as tf.Tensor;
  }
  return tf.tidy(() => {
    const size = g.N * g.C * g.H * g.W;
    const s = tf.unsortedSegmentSum(tf.reshape(cols, [-1]), tf.tensor1d(indexTable(g), "int32"), size + 1);
    return tf.reshape(tf.slice(s, [0], [size]), [g.N, g.C, g.H, g.W]);
  });
}

// ---- geometry ----------------------------------------------------------------------------

/** Output length of one spatial dim (torch's formula); ceilMode as in pooling. */
export function outSize(inp: number, padTotal: number, k: number, s: number, d: number, ceilMode = false, padLeft = padTotal / 2): number {
  const span = inp + padTotal - d * (k - 1) - 1;
  if (!ceilMode) return Math.floor(span / s) + 1;
  let o = Math.ceil(span / s) + 1;
  // torch: the last window must start inside the input or its left padding
  if ((o - 1) * s >= inp + padLeft) o--;
  return o;
}

// ---- unfold / fold as differentiable ops (torch.nn.functional.unfold / fold) -------------

/** unfold's options: kernel size, dilation, padding, stride. */
export interface UnfoldOptions {
  dilation?: Pair;
  padding?: Pair;
  stride?: Pair;
}

function positive(name: string, v: [number, number], allowZero = false): void {
  for (const x of v) {
    if (!Number.isInteger(x) || x < (allowZero ? 0 : 1)) {
      throw new ValueError(`${name} should be ${allowZero ? "non-negative" : "greater than zero"}, but got ${name}: ${v[0]} ${v[1]}`);
    }
  }
}

function unfoldGeometry(N: number, C: number, H: number, W: number, kernelSize: Pair, o: UnfoldOptions): WindowGeometry {
  const [kh, kw] = pair(kernelSize), [dh, dw] = pair(o.dilation ?? 1), [ph, pw] = pair(o.padding ?? 0), [sh, sw] = pair(o.stride ?? 1);
  positive("kernel_size", [kh, kw]);
  positive("dilation", [dh, dw]);
  positive("padding", [ph, pw], true);
  positive("stride", [sh, sw]);
  const oh = outSize(H, 2 * ph, kh, sh, dh), ow = outSize(W, 2 * pw, kw, sw, dw);
  if (oh < 1 || ow < 1) {
    throw new FulgurRuntimeError(
      `Given input with spatial size (${H}, ${W}), kernel_size=(${kh}, ${kw}), dilation=(${dh}, ${dw}), padding=(${ph}, ${pw}), ` +
        `calculated shape of the array of sliding blocks as (${oh}, ${ow}), but its components must be at least one.`,
    );
  }
  return { N, C, H, W, G: 1, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow };
}

/** cols [1, N, L, C*K] (the kernels' layout) → torch's [N, C*K, L]. */
const toTorchCols = (c: tf.Tensor, g: WindowGeometry) =>
  tf.transpose(tf.reshape(c, [g.N, g.oh * g.ow, g.C * g.kh * g.kw]), [0, 2, 1]);
const fromTorchCols = (c: tf.Tensor) => tf.transpose(c, [0, 2, 1]);

function unfoldOp(x: Tensor, g: WindowGeometry, batched: boolean): Tensor {
  const out = tf.tidy(() => {
    const c = toTorchCols(im2colTf(x.value, g), g);
    return batched ? c : tf.squeeze(c, [0]);
  });
  return recordOp("Im2Col", [x], out, (h) => [foldOp(h, g, x.shape)], false);
}

function foldOp(cols: Tensor, g: WindowGeometry, outShape: number[]): Tensor {
  const out = tf.tidy(() => {
    const c = cols.rank === 2 ? tf.expandDims(cols.value, 0) : cols.value;
    return tf.reshape(col2imTf(fromTorchCols(c), g), outShape);
  });
  return recordOp("Col2Im", [cols], out, (h) => [unfoldOp(h, g, cols.rank === 3)], false);
}

/** torch.nn.functional.unfold: [N, C, H, W] (or [C, H, W]) → [N, C·kh·kw, L] sliding blocks. */
export function unfold(input: Tensor, kernelSize: Pair, opts: UnfoldOptions = {}): Tensor {
  if (input.rank !== 3 && input.rank !== 4) {
    throw new FulgurRuntimeError(`Input Error: Only 3D or 4D input Tensors are supported (got ${input.rank}D)`);
  }
  const s = input.rank === 4 ? input.shape : [1, ...input.shape];
  return unfoldOp(input, unfoldGeometry(s[0], s[1], s[2], s[3], kernelSize, opts), input.rank === 4);
}

/** torch.nn.functional.fold: [N, C·kh·kw, L] (or [C·kh·kw, L]) → [N, C, H, W], overlaps summed. */
export function fold(input: Tensor, outputSize: Pair, kernelSize: Pair, opts: UnfoldOptions = {}): Tensor {
  if (input.rank !== 2 && input.rank !== 3) {
    throw new FulgurRuntimeError(`Input Error: Only unbatched (2D) or batched (3D) input Tensors are supported (got ${input.rank}D)`);
  }
  const s = input.rank === 3 ? input.shape : [1, ...input.shape];
  const [kh, kw] = pair(kernelSize), [H, W] = pair(outputSize);
  if (s[1] % (kh * kw) !== 0) {
    throw new FulgurRuntimeError(
      `Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=${s[1]} and kernel_size=(${kh}, ${kw}).`,
    );
  }
  const g = unfoldGeometry(s[0], s[1] / (kh * kw), H, W, kernelSize, opts);
  if (g.oh * g.ow !== s[2]) {
    throw new FulgurRuntimeError(
      `Given output_size=(${H}, ${W}), kernel_size=(${kh}, ${kw}), dilation=(${g.dh}, ${g.dw}), padding=(${g.ph}, ${g.pw}), ` +
        `stride=(${g.sh}, ${g.sw}), expected size of input's dimension 2 to match the calculated number of sliding blocks ` +
        `${g.oh} * ${g.ow} = ${g.oh * g.ow}, but got input.size(2)=${s[2]}.`,
    );
  }
  const outShape = input.rank === 3 ? [g.N, g.C, H, W] : [g.C, H, W];
  return foldOp(input, g, outShape);
}
