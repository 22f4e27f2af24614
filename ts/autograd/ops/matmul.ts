// Matrix products with torch's semantics: matmul (dot, matrix-vector, batched with broadcast
// batch dims), mm, bmm, mv, dot, outer, and linear (y = x Wᵀ + b). One primitive, mmT, carries
// the transposes, so every backward is itself a product (double backward through it).
import * as tf from "@tensorflow/tfjs-core";
import { isWebGPUActive } from "../../gpu/webgpu.ts";
import { recordOp } from "../graph.ts";
import type { Tensor } from "../tensor.ts";
import { broadcastShapes } from "./broadcast.ts";
import { toDtype } from "./dtype.ts";
import { expandTo, reshapeTo, sumTo } from "./grad_shape.ts";
import { mul } from "./binary.ts";
import { sum } from "./reduce.ts";
import { FulgurRuntimeError } from "../../errors.ts";

/**
 * op(a) · op(b), op = transpose of the last two dims when the flag is set. Ranks ≥ 2; batch
 * dims equal, or one side without batch dims / with a single one (broadcast).
 */
export function mmT(a: Tensor, b: Tensor, ta = false, tb = false): Tensor {
  const as = a.shape, bs = b.shape;
  return recordOp("Mm", [a, b], tf.matMul(a.value, b.value, ta, tb), (g, needs) => {
    let ga: Tensor | null = null, gb: Tensor | null = null;
    if (needs[0]) ga = !ta ? (!tb ? mmT(g, b, false, true) : mmT(g, b)) : (!tb ? mmT(b, g, false, true) : mmT(b, g, true, true));
    if (needs[1]) gb = !tb ? (!ta ? mmT(a, g, true, false) : mmT(a, g)) : (!ta ? mmT(g, a, true, false) : mmT(g, a, true, true));
    // a side broadcast over the batch gets its gradient summed over it
    return [ga && sumTo(ga, as), gb && sumTo(gb, bs)];
  });
}

const dims2 = (s: readonly number[]) => `${s[0]}x${s[1]}`;

function floatOperands(a: Tensor, b: Tensor): [Tensor, Tensor] {
  // torch refuses mixed dtypes in matmul; fulgur computes every product in float32
  return [toDtype(a, "float32"), toDtype(b, "float32")];
}

/** torch.mm: 2-D × 2-D. */
export function mm(a: Tensor, b: Tensor): Tensor {
  if (a.rank !== 2) throw new FulgurRuntimeError("self must be a matrix");
  if (b.rank !== 2) throw new FulgurRuntimeError("mat2 must be a matrix");
  if (a.shape[1] !== b.shape[0]) {
    throw new FulgurRuntimeError(`mat1 and mat2 shapes cannot be multiplied (${dims2(a.shape)} and ${dims2(b.shape)})`);
  }
  [a, b] = floatOperands(a, b);
  return mmT(a, b);
}

/** torch.bmm: [b, n, m] × [b, m, p]. */
export function bmm(a: Tensor, b: Tensor): Tensor {
  if (a.rank !== 3) throw new FulgurRuntimeError("batch1 must be a 3D tensor");
  if (b.rank !== 3) throw new FulgurRuntimeError("batch2 must be a 3D tensor");
  if (a.shape[0] !== b.shape[0] || a.shape[2] !== b.shape[1]) {
    throw new FulgurRuntimeError(
      `Expected size for first two dimensions of batch2 tensor to be: [${a.shape[0]}, ${a.shape[2]}] but got: [${b.shape[0]}, ${b.shape[1]}].`,
    );
  }
  [a, b] = floatOperands(a, b);
  return mmT(a, b);
}

/** torch.dot: 1-D · 1-D → 0-d. */
export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.rank !== 1 || b.rank !== 1) {
    throw new FulgurRuntimeError(`1D tensors expected, but got ${a.rank}D and ${b.rank}D tensors`);
  }
  if (a.shape[0] !== b.shape[0]) {
    throw new FulgurRuntimeError(
      `inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`,
    );
  }
  [a, b] = floatOperands(a, b);
  const n = a.shape[0];
  return reshapeTo(mmT(reshapeTo(a, [1, n]), reshapeTo(b, [n, 1])), []);
}

/** torch.mv: 2-D · 1-D → 1-D. */
export function mv(m: Tensor, v: Tensor): Tensor {
  if (m.rank !== 2 || v.rank !== 1) {
    throw new FulgurRuntimeError(`vector + matrix @ vector expected, got 1, ${m.rank}, ${v.rank}`);
  }
  if (m.shape[1] !== v.shape[0]) {
    throw new FulgurRuntimeError(`size mismatch, got ${m.shape[0]}, ${dims2(m.shape)},${v.shape[0]}`);
  }
  [m, v] = floatOperands(m, v);
  return reshapeTo(mmT(m, reshapeTo(v, [v.shape[0], 1])), [m.shape[0]]);
}

/** torch.outer: a[:, None] · b[None, :]. */
export function outer(a: Tensor, b: Tensor): Tensor {
  if (a.rank !== 1) throw new FulgurRuntimeError(`outer: Expected 1-D argument self, but got ${a.rank}-D`);
  if (b.rank !== 1) throw new FulgurRuntimeError(`outer: Expected 1-D argument vec2, but got ${b.rank}-D`);
  return mul(reshapeTo(a, [a.shape[0], 1]), reshapeTo(b, [1, b.shape[0]]));
}

/**
 * torch.matmul: 1-D·1-D is a dot product; a 1-D operand is promoted to a matrix (a leading or
 * trailing 1, removed after); otherwise a batched product with the batch dims broadcast.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const ra = a.rank, rb = b.rank;
  if (ra === 0 || rb === 0) {
    throw new FulgurRuntimeError(`both arguments to matmul need to be at least 1D, but they are ${ra}D and ${rb}D`);
  }
  if (ra === 1 && rb === 1) return dot(a, b);
  if (ra === 2 && rb === 1) return mv(a, b);
  if (ra === 1 && rb === 2) {
    if (a.shape[0] !== b.shape[0]) {
      throw new FulgurRuntimeError(`mat1 and mat2 shapes cannot be multiplied (1x${a.shape[0]} and ${dims2(b.shape)})`);
    }
    return reshapeTo(mm(reshapeTo(a, [1, a.shape[0]]), b), [b.shape[1]]);
  }
  if (ra === 2 && rb === 2) return mm(a, b);
  [a, b] = floatOperands(a, b);
  // batched: a vector operand becomes a matrix, removed from the result at the end
  const aVec = ra === 1, bVec = rb === 1;
  const A = aVec ? reshapeTo(a, [1, a.shape[0]]) : a;
  const B = bVec ? reshapeTo(b, [b.shape[0], 1]) : b;
  const n = A.shape[A.rank - 2], k = A.shape[A.rank - 1];
  const k2 = B.shape[B.rank - 2], p = B.shape[B.rank - 1];
  const batchA = A.shape.slice(0, -2), batchB = B.shape.slice(0, -2);
  if (k !== k2) {
    if (bVec) throw new FulgurRuntimeError(`size mismatch, got ${n}, ${n}x${k},${k2}`);
    const bb = batchA.length ? batchA : batchB;
    const lead = bb.reduce((s, d) => s * d, 1);
    throw new FulgurRuntimeError(
      `Expected size for first two dimensions of batch2 tensor to be: [${lead}, ${k}] but got: [${lead}, ${k2}].`,
    );
  }
  const batch = broadcastShapes(batchA, batchB);
  const size = (s: number[]) => s.reduce((x, y) => x * y, 1);
  // the kernel broadcasts a batch only when it is a single matrix; else expand it first
  const fit = (t: Tensor, bt: number[], rows: number, cols: number) =>
    bt.length === batch.length && bt.every((d, i) => d === batch[i]) || size(bt) === 1 ? t : expandTo(t, [...batch, rows, cols]);
  const out = mmT(fit(A, batchA, n, k), fit(B, batchB, k, p));
  // mmT's result has the larger operand's batch rank; make it the broadcast batch
  let r = out.rank === batch.length + 2 ? out : reshapeTo(out, [...batch, n, p]);
  if (aVec) r = reshapeTo(r, [...batch, p]);
  else if (bVec) r = reshapeTo(r, [...batch, n]);
  return r;
}

/** torch.nn.functional.linear: x [..., in], weight [out, in], bias [out]. */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  const inF = weight.shape[1], outF = weight.shape[0];
  if (x.rank < 1 || x.shape[x.rank - 1] !== inF) {
    throw new FulgurRuntimeError(
      `Linear(${inF} → ${outF}) got input of shape [${x.shape.join(",")}]: expected last dimension ${inF}`,
    );
  }
  if (bias && (bias.rank !== 1 || bias.shape[0] !== outF)) {
    throw new FulgurRuntimeError(`linear: bias of shape [${bias.shape.join(",")}] does not match weight of shape [${weight.shape.join(",")}]`);
  }
  const xs = x.shape;
  const rows = x.size / inF;
  const x2 = x.rank === 2 ? x.value : tf.reshape(x.value, [rows, inF]);
  const w = weight.value;
  // webgpu: bias added inside the matmul dispatch (tfjs's _FusedMatMul), one dispatch fewer per layer
  const y2 = bias && isWebGPUActive()
    ? tf.fused.matMul({ a: x2, b: w, transposeB: true, bias: bias.value })
    : bias ? tf.add(tf.matMul(x2, w, false, true), bias.value) : tf.matMul(x2, w, false, true);
  const outShape = [...xs.slice(0, -1), outF];
  const y = x.rank === 2 ? y2 : tf.reshape(y2, outShape);
  const inputs = bias ? [x, weight, bias] : [x, weight];
  return recordOp("Addmm", inputs, y, (g, needs) => {
    const g2 = x.rank === 2 ? g : reshapeTo(g, [rows, outF]);
    const gx = needs[0] ? mmT(g2, weight) : null;
    return [
      gx && x.rank !== 2 ? reshapeTo(gx, xs) : gx,
      needs[1] ? mmT(g2, x.rank === 2 ? x : reshapeTo(x, [rows, inF]), true, false) : null,
      needs[2] ? sum(g2, 0) : null,
    ];
  });
}
