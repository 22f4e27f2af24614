// The torch 1.13 fixture cases (fixtures/gen_conv.py) as calls of fulgur's functional ops, and one
// check per case: forward, first gradients (x, weight, bias) and a double backward
// (the gradient of Σ(first gradients)² with respect to x, weight and the output gradient).
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import * as ag from "../../ts/autograd/index.ts";
import * as ops from "../../ts/autograd/ops/index.ts";
import type { Tensor } from "../../ts/autograd/index.ts";

export interface ConvCase {
  name?: string;
  op: string;
  x: number[];
  w?: number[];
  b?: number[];
  kernelSize?: number | number[];
  outputSize?: number | (number | null)[];
  opts?: Record<string, unknown>;
  data?: { x: number[]; gy: number[]; w?: number[]; b?: number[] };
  y?: { shape: number[]; v: number[] };
  grad?: number[][];
  dd?: number[][];
  error?: string;
  message?: string;
}

/** Runs the case's op on fulgur tensors (x, w, b as given). */
export function callOp(c: ConvCase, x: Tensor, w: Tensor | null, b: Tensor | null): Tensor {
  const o = (c.opts ?? {}) as any;
  const k = c.kernelSize as any;
  switch (c.op) {
    case "conv1d": return ops.conv1d(x, w!, b, o);
    case "conv2d": return ops.conv2d(x, w!, b, o);
    case "convTranspose2d": return ops.convTranspose2d(x, w!, b, o);
    case "unfold": return ops.unfold(x, k, o);
    case "fold": return ops.fold(x, c.outputSize as any, k, o);
    case "maxPool2d": return ops.maxPool2d(x, k, o);
    case "maxPool1d": return ops.maxPool1d(x, k, o);
    case "avgPool2d": return ops.avgPool2d(x, k, o);
    case "avgPool1d": return ops.avgPool1d(x, k, o);
    case "adaptiveAvgPool2d": return ops.adaptiveAvgPool2d(x, c.outputSize as any);
    case "adaptiveMaxPool2d": return ops.adaptiveMaxPool2d(x, c.outputSize as any);
  }
  throw new Error(`no op ${c.op} in the test table`);
}

/** |a − e| ≤ tol·(1 + max|e|) everywhere (float32 sums in another order than torch's). */
export function assertNear(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, tol = 1e-4): void {
  assert.equal(actual.length, expected.length, `${what}: length ${actual.length} != ${expected.length}`);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], e = expected[i];
    assert.ok(Math.abs(a - e) <= tol * (1 + scale), `${what}[${i}]: got ${a}, expected ${e} (scale ${scale})`);
  }
}

const leaf = (v: number[], shape: number[]) => ag.tensor(Float32Array.from(v), shape, { requiresGrad: true });

/** Forward, gradients and double backward of one fixture case against torch's numbers (async reads: webgpu). */
export async function checkCase(c: ConvCase, tol = 1e-4): Promise<void> {
  const d = c.data!;
  const results = ag.scope(() => {
    const x = leaf(d.x, c.x);
    const w = c.w ? leaf(d.w!, c.w) : null;
    const b = c.b ? leaf(d.b!, c.b) : null;
    const y = callOp(c, x, w, b);
    const gy = leaf(d.gy, y.shape);
    const leaves = [x, w, b].filter((t): t is Tensor => t !== null);
    const grads = ag.grad(y, leaves, { gradOutputs: gy, createGraph: true }) as Tensor[];
    // d/dθ Σ g² = Jᵀ(2g) for g in the x and weight gradients; θ = x, weight, gy
    const firsts = grads.slice(0, 2);
    const wrt = [x, ...(w ? [w] : []), gy];
    const dd = ag.grad(firsts, wrt, { gradOutputs: firsts.map((g) => ag.fromTf(tf.mul(g.value, 2))), allowUnused: true });
    return { y: y.value, grads: grads.map((g) => g.value), dd: dd.map((g) => (g === null ? null : g.value)) };
  });
  try {
    assert.deepEqual(results.y.shape, c.y!.shape, `${c.name}: output shape`);
    assertNear(await results.y.data(), c.y!.v, `${c.name}: forward`, tol);
    for (const [i, g] of results.grads.entries()) {
      assertNear(await g.data(), c.grad![i], `${c.name}: grad ${["x", "w", "b"][i]}`, tol);
    }
    for (const [i, g] of results.dd.entries()) {
      const got = g === null ? new Float32Array(c.dd![i].length) : await g.data();
      assertNear(got, c.dd![i], `${c.name}: double backward ${["x", "w", "gy"][i === results.dd.length - 1 ? 2 : i]}`, tol);
    }
  } finally {
    tf.dispose([results.y, ...results.grads, ...results.dd.filter((g): g is tf.Tensor => g !== null)]);
  }
}
