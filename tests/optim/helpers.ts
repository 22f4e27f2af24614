// Shared test helpers: parameters from fixture values, gradients set directly, closeness.
import * as tf from "@tensorflow/tfjs-core";
import { Parameter, Tensor } from "../../ts/autograd/tensor.ts";
import { tensor } from "../../ts/autograd/factory.ts";
import { LBFGS, createOptimizer } from "../../ts/optim/index.ts";

export function makeParams(init: number[][], shapes: number[][]): Parameter[] {
  return init.map((v, i) => new Parameter(tf.tensor(v, shapes[i], "float32")));
}

/** Replaces p.grad by `values` (or null), disposing the previous gradient. */
export function setGrad(p: Parameter, values: number[] | Float32Array | null): void {
  if (p.grad) p.grad.dispose();
  p.grad = values === null ? null : new Tensor(tf.keep(tf.tensor(values, p.shape, "float32")));
}

export function values(p: Tensor): number[] {
  return Array.from(p.value.dataSync());
}

/** |a-b| <= rtol*|b| + atol for every element; the message names the first offender. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number, what: string): void {
  if (actual.length !== expected.length) throw new Error(`${what}: length ${actual.length} != ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i], e = expected[i];
    if (!(Math.abs(a - e) <= rtol * Math.abs(e) + atol)) {
      throw new Error(`${what}: element ${i} is ${a}, expected ${e} (diff ${Math.abs(a - e)})`);
    }
  }
}

export function assertBitsEqual(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  const a = Float32Array.from(actual), e = Float32Array.from(expected);
  const ai = new Uint32Array(a.buffer), ei = new Uint32Array(e.buffer);
  if (a.length !== e.length) throw new Error(`${what}: length ${a.length} != ${e.length}`);
  for (let i = 0; i < a.length; i++) {
    if (ai[i] !== ei[i]) throw new Error(`${what}: element ${i} is ${a[i]}, expected exactly ${e[i]}`);
  }
}

/**
 * The least-squares problem of fixtures/lbfgs_clip.json (gen_lbfgs_clip.py): parameters w [3,1]
 * and b [1] at the fixture's start, an LBFGS built from torch kwargs, and a closure
 * (zero_grad → mse → backward) that counts its evaluations.
 */
export function lbfgsLeastSquares(
  fixture: { X: number[][]; Y: number[][]; W0: number[][]; B0: number[] }, torchArgs: Record<string, unknown>,
): { w: Parameter; b: Parameter; opt: LBFGS; closure: () => Tensor; evals: () => number } {
  const x = tensor(fixture.X), y = tensor(fixture.Y);
  const w = new Parameter(tf.tensor(fixture.W0.flat(), [3, 1]));
  const b = new Parameter(tf.tensor(fixture.B0, [1]));
  const opt = createOptimizer("LBFGS", [w, b], torchArgs);
  if (!(opt instanceof LBFGS)) throw new Error("createOptimizer('LBFGS') did not build an LBFGS");
  let count = 0;
  const closure = (): Tensor => {
    opt.zeroGrad();
    const diff = x.matmul(w).add(b).sub(y);
    const loss = diff.mul(diff).mean();
    loss.backward();
    count++;
    return loss;
  };
  return { w, b, opt, closure, evals: () => count };
}
