// backward(): sort the graph once (iterative DFS, no recursion), walk it in reverse topological
// order summing each node's incoming gradients, then accumulate into the leaves' .grad (+=).
import * as tf from "@tensorflow/tfjs-core";
import type { GradNode } from "./graph.ts";
import type { Tensor } from "./tensor.ts";
import { accumulateGrad } from "./accumulate.ts";
import { FulgurRuntimeError } from "../errors.ts";

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The implicit seed of a scalar backward (torch's ones_like): made from a value, not by a kernel call. */
function onesSeed(root: Tensor): tf.Tensor {
  return tf.tensor(Float32Array.of(1), root.shape, "float32");
}

const fmtShape = (s: readonly number[]): string => `[${s.join(", ")}]`;

/** Nodes reachable from root, each before all of its inputs (root first). */
export function topologicalOrder(root: GradNode): GradNode[] {
  const visited = new Set<GradNode>([root]);
  const postOrder: GradNode[] = [];
  // two parallel stacks (node, index of its next input) instead of one object per visit
  const nodes: GradNode[] = [root];
  const next: number[] = [0];
  while (nodes.length > 0) {
    const top = nodes.length - 1;
    const node = nodes[top];
    if (next[top] < node.inputs.length) {
      const child = node.inputs[next[top]++]?.gradFn;
      if (child && !visited.has(child)) {
        visited.add(child);
        nodes.push(child);
        next.push(0);
      }
    } else {
      nodes.pop();
      next.pop();
      postOrder.push(node);
    }
  }
  return postOrder.reverse();
}

function addInto<K>(map: Map<K, tf.Tensor>, key: K, g: tf.Tensor): void {
  const prev = map.get(key);
  map.set(key, prev === undefined ? g : tf.add(prev, g));
}

export function runBackward(root: Tensor, grad: Tensor | undefined, retainGraph: boolean): void {
  if (!root.requiresGrad) {
    throw new FulgurRuntimeError("element 0 of tensors does not require grad and does not have a grad_fn");
  }
  if (grad === undefined && root.size !== 1) {
    throw new FulgurRuntimeError("grad can be implicitly created only for scalar outputs");
  }
  if (grad !== undefined && !sameShape(grad.shape, root.shape)) {
    throw new FulgurRuntimeError(
      `Mismatch in shape: grad_output[0] has a shape of ${fmtShape(grad.shape)} and output[0] has a shape of ${fmtShape(root.shape)}.`,
    );
  }
  const engine = tf.engine();
  // Every intermediate gradient is released when this scope ends; leaf grads are tf.keep'd.
  engine.startScope();
  try {
    const seed = grad === undefined ? onesSeed(root) : grad.value;
    if (root.gradFn === null) {
      accumulateGrad(root, seed);
      return;
    }
    const order = topologicalOrder(root.gradFn);
    const pending = new Map<GradNode, tf.Tensor>([[root.gradFn, seed]]);
    const leafGrads = new Map<Tensor, tf.Tensor>();
    for (const node of order) {
      const g = pending.get(node);
      if (g === undefined) continue; // every path into this node carried no gradient
      pending.delete(node);
      const grads = node.apply(g);
      for (let i = 0; i < node.inputs.length; i++) {
        const input = node.inputs[i];
        const gi = grads[i];
        if (input === null || gi === null || gi === undefined) continue;
        if (!sameShape(gi.shape, input.shape)) {
          throw new FulgurRuntimeError(
            `Function ${node.name}Backward returned an invalid gradient at index ${i} - got ${fmtShape(gi.shape)} but expected shape compatible with ${fmtShape(input.shape)}`,
          );
        }
        if (input.gradFn !== null) addInto(pending, input.gradFn, gi);
        else addInto(leafGrads, input, gi);
      }
    }
    for (const [leaf, g] of leafGrads) accumulateGrad(leaf, g);
    if (!retainGraph) for (const node of order) node.release();
  } finally {
    engine.endScope();
  }
}
