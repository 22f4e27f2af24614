// backward() and grad(): sort the graph once (iterative DFS, no recursion), walk it in reverse
// topological order summing each node's incoming gradients, then accumulate into the leaves'
// .grad (+=) or hand the gradients of the requested inputs back (grad()).
// Without createGraph every backward formula runs under noGrad inside one tf scope (nothing is
// recorded, intermediates are freed); with createGraph the formulas run with grad mode on, so
// the gradients carry a graph of their own (torch's create_graph=True).
import * as tf from "@tensorflow/tfjs-core";
import type { GradNode } from "./graph.ts";
import { recordOp } from "./graph.ts";
import { Tensor } from "./tensor.ts";
import { accumulateGrad } from "./accumulate.ts";
import { inBackward, setGradEnabled } from "./grad_mode.ts";
import { FulgurRuntimeError } from "../errors.ts";

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** torch prints shapes as torch.Size([2, 3]) in its autograd messages. */
const fmtShape = (s: readonly number[]): string => `torch.Size([${s.join(", ")}])`;

/** Nodes reachable from the roots, each before all of its inputs (roots first). */
export function topologicalOrder(root: GradNode | GradNode[]): GradNode[] {
  const roots = Array.isArray(root) ? root : [root];
  const visited = new Set<GradNode>();
  const postOrder: GradNode[] = [];
  for (const r of roots) {
    if (visited.has(r)) continue;
    visited.add(r);
    // two parallel stacks (node, index of its next input) instead of one object per visit
    const nodes: GradNode[] = [r];
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
  }
  return postOrder.reverse();
}

/** a + b for gradients of one shape; differentiable so createGraph sums keep their graph. */
function addGrads(a: Tensor, b: Tensor): Tensor {
  return recordOp("Add", [a, b], tf.add(a.value, b.value), (g, needs) => [needs[0] ? g : null, needs[1] ? g : null], false);
}

function addInto<K>(map: Map<K, Tensor>, key: K, g: Tensor): void {
  const prev = map.get(key);
  map.set(key, prev === undefined ? g : addGrads(prev, g));
}

interface Propagation {
  /** summed gradient reaching each leaf */
  leafGrads: Map<Tensor, Tensor>;
  /** summed gradient of each requested non-leaf (grad() inputs), keyed by its node */
  captured: Map<GradNode, Tensor>;
  order: GradNode[];
}

/** The seed of each root: the given gradient (shape-checked) or torch's implicit ones for a scalar. */
function seedsFor(roots: Tensor[], grads: Array<Tensor | null | undefined>): Tensor[] {
  return roots.map((root, i) => {
    const g = grads[i];
    if (!root.requiresGrad) {
      throw new FulgurRuntimeError(`element ${i} of tensors does not require grad and does not have a grad_fn`);
    }
    if (g === undefined || g === null) {
      if (root.size !== 1) throw new FulgurRuntimeError("grad can be implicitly created only for scalar outputs");
      return new Tensor(tf.tensor(Float32Array.of(1), root.shape, "float32"));
    }
    if (!sameShape(g.shape, root.shape)) {
      throw new FulgurRuntimeError(
        `Mismatch in shape: grad_output[${i}] has a shape of ${fmtShape(g.shape)} and output[${i}] has a shape of ${fmtShape(root.shape)}.`,
      );
    }
    return g;
  });
}

function propagate(roots: Tensor[], seeds: Tensor[], createGraph: boolean, capture: Set<GradNode>): Propagation {
  const leafGrads = new Map<Tensor, Tensor>();
  const captured = new Map<GradNode, Tensor>();
  const pending = new Map<GradNode, Tensor>();
  const rootNodes: GradNode[] = [];
  roots.forEach((root, i) => {
    if (root.gradFn === null) addInto(leafGrads, root, seeds[i]);
    else {
      addInto(pending, root.gradFn, seeds[i]);
      rootNodes.push(root.gradFn);
    }
  });
  const order = topologicalOrder(rootNodes);
  for (const node of order) {
    const g = pending.get(node);
    if (g === undefined) continue; // every path into this node carried no gradient
    pending.delete(node);
    if (capture.has(node)) captured.set(node, g);
    if (createGraph && !node.differentiable) {
      throw new FulgurRuntimeError(
        `double backward (createGraph) through ${node.name} is not implemented yet: its backward formula is not written in differentiable ops`,
      );
    }
    const grads = node.applyTensor(g);
    for (let i = 0; i < node.inputs.length; i++) {
      const input = node.inputs[i];
      const gi = grads[i];
      if (input === null || gi === null || gi === undefined) continue;
      if (!sameShape(gi.shape, input.shape)) {
        throw new FulgurRuntimeError(
          `Function ${node.name}Backward returned an invalid gradient at index ${i} - got [${gi.shape.join(", ")}] but expected shape compatible with [${input.shape.join(", ")}]`,
        );
      }
      if (input.gradFn !== null) addInto(pending, input.gradFn, gi);
      else addInto(leafGrads, input, gi);
    }
  }
  return { leafGrads, captured, order };
}

/** Runs body with grad mode on (createGraph) or off, in a tf scope unless createGraph. */
function inEngine<T>(createGraph: boolean, body: () => T, keepOf: (r: T) => tf.Tensor[]): T {
  return inBackward(() => inEngineScope(createGraph, body, keepOf));
}

function inEngineScope<T>(createGraph: boolean, body: () => T, keepOf: (r: T) => tf.Tensor[]): T {
  const prev = setGradEnabled(createGraph);
  const engine = tf.engine();
  if (createGraph) {
    try {
      return body();
    } finally {
      setGradEnabled(prev);
    }
  }
  engine.startScope();
  let result: T;
  try {
    result = body();
  } catch (e) {
    engine.endScope();
    setGradEnabled(prev);
    throw e;
  }
  engine.endScope(keepOf(result));
  setGradEnabled(prev);
  return result;
}

/** torch's AccumulateGrad with create_graph: .grad becomes (or is summed into) a graph-carrying tensor. */
function accumulateWithGraph(leaf: Tensor, g: Tensor): void {
  if (leaf.grad === null) {
    const c = recordOp("Clone", [g], tf.keep(tf.clone(g.value)), (gg) => [gg], false);
    leaf.grad = c;
  } else {
    const sum = addGrads(leaf.grad, g);
    tf.keep(sum.value);
    const old = leaf.grad;
    leaf.grad = sum;
    if (old.gradFn === null && !old.requiresGrad) old.dispose();
  }
}

/** backward() options: the output's gradient, retainGraph, createGraph, inputs. */
export interface BackwardOptions {
  retainGraph?: boolean;
  createGraph?: boolean;
}

export function runBackward(root: Tensor, grad: Tensor | undefined, retainGraphOrOpts: boolean | BackwardOptions = false): void {
  const opts = typeof retainGraphOrOpts === "boolean" ? { retainGraph: retainGraphOrOpts } : retainGraphOrOpts;
  const createGraph = opts.createGraph ?? false;
  const retainGraph = opts.retainGraph ?? createGraph;
  const seeds = seedsFor([root], [grad]);
  inEngine(createGraph, () => {
    const { leafGrads, order } = propagate([root], seeds, createGraph, new Set());
    for (const [leaf, g] of leafGrads) {
      if (createGraph) accumulateWithGraph(leaf, g);
      else accumulateGrad(leaf, g.value);
    }
    if (!retainGraph) for (const node of order) node.release();
  }, () => []);
}

/** grad() options: output gradients, retainGraph, createGraph, allowUnused. */
export interface GradOptions {
  /** torch's grad_outputs: the gradient of each output (null/undefined: implicit ones for a scalar) */
  gradOutputs?: Tensor | Array<Tensor | null | undefined>;
  retainGraph?: boolean;
  createGraph?: boolean;
  allowUnused?: boolean;
}

/**
 * torch.autograd.grad: the gradients of outputs with respect to inputs, returned (not accumulated
 * into .grad). With createGraph the results carry a graph, so they can be differentiated again.
 */
export function grad(outputs: Tensor | Tensor[], inputs: Tensor | Tensor[], opts: GradOptions = {}): Array<Tensor | null> {
  const outs = Array.isArray(outputs) ? outputs : [outputs];
  const ins = Array.isArray(inputs) ? inputs : [inputs];
  const createGraph = opts.createGraph ?? false;
  const retainGraph = opts.retainGraph ?? createGraph;
  const gos = opts.gradOutputs === undefined ? [] : Array.isArray(opts.gradOutputs) ? opts.gradOutputs : [opts.gradOutputs];
  if (gos.length !== 0 && gos.length !== outs.length) {
    throw new FulgurRuntimeError(`got ${outs.length} tensors and ${gos.length} gradients`);
  }
  ins.forEach((t, i) => {
    if (!t.requiresGrad) throw new FulgurRuntimeError(`One of the differentiated Tensors does not require grad (input ${i})`);
  });
  const seeds = seedsFor(outs, outs.map((_, i) => gos[i]));
  const capture = new Set<GradNode>();
  for (const t of ins) if (t.gradFn !== null) capture.add(t.gradFn);
  const result = inEngine(createGraph, () => {
    const { leafGrads, captured, order } = propagate(outs, seeds, createGraph, capture);
    if (!retainGraph) for (const node of order) node.release();
    return ins.map((t) => {
      const g = t.gradFn === null ? leafGrads.get(t) : captured.get(t.gradFn);
      if (g === undefined) return null;
      // a fresh tensor: the same tf value may be shared with another gradient
      return createGraph ? g : new Tensor(tf.clone(g.value));
    });
  }, (r) => r.filter((t): t is Tensor => t !== null).map((t) => t.value));
  result.forEach((g, i) => {
    if (g === null && !opts.allowUnused) {
      throw new FulgurRuntimeError(
        `One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior. (input ${i}; allowUnused: true in fulgur)`,
      );
    }
  });
  return result;
}
