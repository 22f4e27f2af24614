// Matrix products: matmul (2-D) and linear (y = x Wᵀ + b, any leading batch dims).
import * as tf from "@tensorflow/tfjs-core";
import { isWebGPUActive } from "../../gpu/webgpu.ts";
import { record } from "../graph.ts";
import type { Tensor } from "../tensor.ts";
import { FulgurRuntimeError } from "../../errors.ts";

const fmt = (s: readonly number[]) => `[${s.join(", ")}]`;

export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.rank !== 2 || b.rank !== 2) {
    throw new FulgurRuntimeError(`matmul supports 2-D tensors only, got shapes ${fmt(a.shape)} and ${fmt(b.shape)}`);
  }
  if (a.shape[1] !== b.shape[0]) {
    throw new FulgurRuntimeError(
      `mat1 and mat2 shapes cannot be multiplied (${a.shape[0]}x${a.shape[1]} and ${b.shape[0]}x${b.shape[1]})`,
    );
  }
  const av = a.value, bv = b.value;
  // torch: grad_a = g @ bᵀ, grad_b = aᵀ @ g
  return record("Mm", [a, b], tf.matMul(av, bv), (g, needs) => [
    needs[0] ? tf.matMul(g, bv, false, true) : null,
    needs[1] ? tf.matMul(av, g, true, false) : null,
  ]);
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
  const x2 = x.rank === 2 ? x.value : tf.reshape(x.value, [-1, inF]);
  const w = weight.value;
  // webgpu: bias added inside the matmul dispatch (tfjs's _FusedMatMul), one dispatch fewer per layer
  const y2 = bias && isWebGPUActive()
    ? tf.fused.matMul({ a: x2, b: w, transposeB: true, bias: bias.value })
    : bias ? tf.add(tf.matMul(x2, w, false, true), bias.value) : tf.matMul(x2, w, false, true);
  const outShape = [...xs.slice(0, -1), outF];
  const y = x.rank === 2 ? y2 : tf.reshape(y2, outShape);
  const inputs = bias ? [x, weight, bias] : [x, weight];
  return record("Addmm", inputs, y, (g, needs) => {
    const g2 = x.rank === 2 ? g : tf.reshape(g, [-1, outF]);
    const gx = needs[0] ? tf.matMul(g2, w) : null;
    return [
      gx && x.rank !== 2 ? tf.reshape(gx, xs) : gx,
      needs[1] ? tf.matMul(g2, x2, true, false) : null,
      needs[2] ? tf.sum(g2, 0) : null,
    ];
  });
}
