// fulgur-wasm's direct convolution kernels (forward, input and weight gradients; asm/kernels/conv/direct.ts)
// give the same bits as the im2col + matmul composition they replace, over strides, paddings
// (asymmetric "same" too), dilations, groups, channel counts around the 4- and 8-wide blocks,
// row widths around the 8- and 4-wide blocks, and non-finite values.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { useBackend } from "../autograd/backends.ts";
import * as ag from "../../ts/autograd/index.ts";
import * as ops from "../../ts/autograd/ops/index.ts";
import { col2imTTf, im2colTf, im2colTTf, type WindowGeometry } from "../../ts/autograd/ops/unfold.ts";
import { NCHW_TO_ROWS, ROWS_TO_NCHW } from "../../ts/backend/kernels/conv_geometry.ts";

interface Case { N: number; C: number; H: number; W: number; O: number; k: [number, number]; G?: number; stride?: [number, number];
  padding?: [number, number] | "same"; dilation?: [number, number]; bias?: boolean; special?: boolean }

const CASES: Case[] = [
  { N: 2, C: 1, H: 28, W: 28, O: 6, k: [5, 5], bias: true }, // LeNet conv1
  { N: 2, C: 6, H: 12, W: 12, O: 16, k: [5, 5], bias: true }, // LeNet conv2
  { N: 3, C: 4, H: 9, W: 13, O: 5, k: [3, 3], padding: [1, 1], bias: true },
  { N: 1, C: 3, H: 7, W: 11, O: 9, k: [3, 2], padding: "same", dilation: [2, 1] },
  { N: 2, C: 4, H: 10, W: 17, O: 6, k: [2, 3], G: 2, stride: [2, 1], padding: [1, 0], bias: true },
  { N: 2, C: 6, H: 9, W: 15, O: 3, k: [3, 3], G: 3, stride: [1, 2], dilation: [1, 2] },
  { N: 1, C: 2, H: 6, W: 6, O: 17, k: [1, 1], bias: true },
  { N: 2, C: 3, H: 5, W: 12, O: 1, k: [2, 2], padding: [0, 1] },
  { N: 2, C: 2, H: 8, W: 9, O: 2, k: [3, 3], stride: [2, 2], padding: [1, 1], bias: true },
  { N: 2, C: 2, H: 6, W: 10, O: 7, k: [3, 3], padding: [1, 1], bias: true, special: true },
  { N: 1, C: 5, H: 3, W: 40, O: 8, k: [3, 5], padding: [1, 2] },
  { N: 2, C: 2, H: 9, W: 14, O: 3, k: [3, 5], padding: [1, 2], bias: true },
  { N: 2, C: 1, H: 7, W: 21, O: 6, k: [2, 9], padding: [1, 3], special: true },
];

const vals = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 1.37 + seed) * (1 + (i % 7)));
const bits = (t: tf.Tensor) => new Uint32Array(new Float32Array(t.dataSync()).buffer);

function assertSameBits(got: tf.Tensor, want: tf.Tensor, what: string): void {
  assert.deepEqual(got.shape, want.shape, what);
  const a = bits(got), b = bits(want);
  for (let i = 0; i < a.length; i++) {
    // any NaN matches any NaN (payloads are not specified); everything else bit for bit
    if (a[i] !== b[i] && !(Number.isNaN(got.dataSync()[i]) && Number.isNaN(want.dataSync()[i]))) {
      assert.fail(`${what}: element ${i} differs: ${got.dataSync()[i]} vs ${want.dataSync()[i]}`);
    }
  }
}

describe("direct conv kernels vs im2col + matmul on fulgur-wasm (bit for bit)", () => {
  before(async () => {
    await useBackend("fulgur-wasm");
  });
  for (const c of CASES) {
    const G = c.G ?? 1, [kh, kw] = c.k, [sh, sw] = c.stride ?? [1, 1], [dh, dw] = c.dilation ?? [1, 1];
    test(`N${c.N} C${c.C} ${c.H}×${c.W} → ${c.O}@${kh}×${kw} G${G} stride ${sh},${sw} pad ${c.padding ?? 0} dil ${dh},${dw}${c.special ? " (inf, NaN, -0)" : ""}`, () => {
      const xv = vals(c.N * c.C * c.H * c.W, 1), wv = vals(c.O * (c.C / G) * kh * kw, 2), bv = vals(c.O, 3);
      if (c.special) { xv[3] = Infinity; xv[40] = -0; wv[5] = NaN; wv[7] = -Infinity; bv[1] = -0; }
      const x = ag.tensor(xv, [c.N, c.C, c.H, c.W]), w = ag.tensor(wv, [c.O, c.C / G, kh, kw]);
      const b = c.bias ? ag.tensor(bv, [c.O]) : null;
      const y = ops.conv2d(x, w, b, { stride: [sh, sw], padding: c.padding ?? 0, dilation: [dh, dw], groups: G });
      const [, , oh, ow] = y.shape;
      const gy = ag.tensor(vals(y.size, 4), y.shape);
      // the geometry of the composition (padding on the top/left as the op places it)
      const pads = c.padding === "same" ? [Math.floor((dh * (kh - 1)) / 2), Math.floor((dw * (kw - 1)) / 2)] : c.padding ?? [0, 0];
      const g: WindowGeometry = { N: c.N, C: c.C, H: c.H, W: c.W, G, kh, kw, sh, sw, ph: pads[0], pw: pads[1], dh, dw, oh, ow };
      const L = oh * ow, Og = c.O / G, K = (c.C / G) * kh * kw;
      const w3 = tf.reshape(w.value, [G, Og, K]);
      const rows = tf.matMul(tf.reshape(im2colTf(x.value, g), [G, c.N * L, K]), w3, false, true);
      const inputs: tf.NamedTensorMap = b ? { x: rows, bias: b.value } : { x: rows };
      const yRef = tf.reshape(tf.engine().runKernel(ROWS_TO_NCHW, inputs, { G, N: c.N, L, Og }) as tf.Tensor, y.shape);
      assertSameBits(y.value, yRef, "forward");
      const wr = ag.tensor(wv, w.shape, { requiresGrad: true });
      const [gw2] = ag.grad(ops.conv2d(x, wr, b, { stride: [sh, sw], padding: c.padding ?? 0, dilation: [dh, dw], groups: G }), [wr], { gradOutputs: gy });
      const gRows = tf.engine().runKernel(NCHW_TO_ROWS, { x: tf.reshape(gy.value, [c.N, c.O, L]) }, { G, N: c.N, L, Og }) as tf.Tensor;
      const gwRef = tf.reshape(tf.transpose(tf.matMul(im2colTTf(x.value, g), gRows), [0, 2, 1]), w.shape);
      assertSameBits(gw2!.value, gwRef, "weight gradient");
      const xr = ag.tensor(xv, x.shape, { requiresGrad: true });
      const [gx] = ag.grad(ops.conv2d(xr, w, b, { stride: [sh, sw], padding: c.padding ?? 0, dilation: [dh, dw], groups: G }), [xr], { gradOutputs: gy });
      const gc = tf.reshape(tf.transpose(tf.reshape(gy.value, [c.N, G, Og, L]), [1, 2, 0, 3]), [G, Og, c.N * L]);
      assertSameBits(gx!.value, tf.reshape(col2imTTf(tf.matMul(w3, gc, true, false), g), x.shape), "input gradient");
    });
  }
});

// The 2×2 max pooling kernel (SIMD, four outputs at a time, a scalar tail) against torch's rule
// written out: windows scanned (0,0), (0,1), (1,0), (1,1), a value replaces the maximum when
// greater or NaN; ties keep the first; values and flat argmax indices.
describe("max pooling 2×2 kernel vs torch's rule on fulgur-wasm", () => {
  before(async () => {
    await useBackend("fulgur-wasm");
  });
  for (const [P, H, W] of [[3, 24, 24], [2, 8, 8], [2, 9, 27], [1, 4, 14], [2, 6, 3]]) {
    test(`${P} planes ${H}×${W}`, () => {
      const n = P * H * W;
      // few distinct values (ties), NaN, ±0 and ±∞ sprinkled in
      const xv = Float32Array.from({ length: n }, (_, i) => Math.round(Math.sin(i * 2.1) * 3));
      for (let i = 0; i < n; i += 11) xv[i] = NaN;
      for (let i = 5; i < n; i += 13) xv[i] = -0;
      for (let i = 7; i < n; i += 17) xv[i] = i % 2 ? Infinity : -Infinity;
      const oh = Math.floor(H / 2), ow = Math.floor(W / 2);
      const g = { N: P, C: 1, H, W, G: 1, kh: 2, kw: 2, sh: 2, sw: 2, ph: 0, pw: 0, dh: 1, dw: 1, oh, ow };
      const [v, idx] = tf.engine().runKernel("FulgurMaxPool", { x: tf.tensor(xv, [P, H, W]) }, { geometry: g as never }) as tf.Tensor[];
      const wantV = new Float32Array(P * oh * ow), wantI = new Int32Array(P * oh * ow);
      let o = 0;
      for (let p = 0; p < P; p++) {
        for (let oy = 0; oy < oh; oy++) {
          for (let ox = 0; ox < ow; ox++) {
            let bi = p * H * W + 2 * oy * W + 2 * ox, best = xv[bi];
            for (const at of [bi + 1, bi + W, bi + W + 1]) {
              if (xv[at] > best || Number.isNaN(xv[at])) { best = xv[at]; bi = at; }
            }
            wantV[o] = best; wantI[o++] = bi;
          }
        }
      }
      assert.deepEqual(Array.from(idx.dataSync()), Array.from(wantI));
      assert.deepEqual(new Uint32Array(new Float32Array(v.dataSync()).buffer), new Uint32Array(wantV.buffer));
    });
  }
});

// ReLU's SIMD pass and its fused backward against the rules they replace (x < 0 ? 0 : x keeps NaN
// and −0; the backward is Select(Greater(y, 0), g, 0)), over lengths with a scalar tail.
describe("relu kernels vs the scalar rule and the Greater + Select composition on fulgur-wasm", () => {
  before(async () => {
    await useBackend("fulgur-wasm");
  });
  for (const n of [1, 4, 7, 64, 1001]) {
    test(`${n} elements`, () => {
      const xv = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.9) * 2);
      for (let i = 0; i < n; i += 5) xv[i] = [NaN, -0, 0, Infinity, -Infinity][(i / 5) % 5];
      const want = xv.map((v) => (v < 0 ? 0 : v));
      const x = ag.tensor(xv, [n], { requiresGrad: true });
      const y = ops.relu(x);
      assert.deepEqual(new Uint32Array(new Float32Array(y.value.dataSync()).buffer), new Uint32Array(want.buffer));
      const gv = Float32Array.from({ length: n }, (_, i) => Math.cos(i) - 0.5);
      gv[n - 1] = NaN;
      const [gx] = ag.grad(y, [x], { gradOutputs: ag.tensor(gv, [n]) });
      const ref = tf.where(tf.greater(y.value, 0), tf.tensor(gv), tf.zerosLike(y.value));
      assertSameBits(gx!.value, ref, "relu backward");
    });
  }
});
