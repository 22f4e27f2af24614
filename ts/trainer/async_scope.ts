// scope() (ts/autograd/memory.ts) for a loop body that awaits: the batch's tensors are released
// when the body's promise settles, except those reachable from its result (which move to the
// enclosing scope). The loops await only at their boundaries (batch-end reads, async hooks),
// where no other training work runs, so nothing foreign lands in this scope meanwhile.
import * as tf from "@tensorflow/tfjs-core";
import { Tensor } from "./deps.ts";

function tensorsIn(x: unknown, out: tf.Tensor[], depth = 0): tf.Tensor[] {
  if (depth > 8 || x === null || typeof x !== "object") return out;
  if (x instanceof Tensor) {
    out.push(x.value);
    if (x.grad) out.push(x.grad.value);
  } else if (x instanceof tf.Tensor) {
    out.push(x);
  } else if (Array.isArray(x)) {
    for (const v of x) tensorsIn(v, out, depth + 1);
  } else if (Object.getPrototypeOf(x) === Object.prototype || x instanceof Map) {
    for (const v of x instanceof Map ? x.values() : Object.values(x)) tensorsIn(v, out, depth + 1);
  }
  return out;
}

export async function scopeAsync<T>(fn: () => Promise<T>): Promise<T> {
  const engine = tf.engine();
  engine.startScope();
  let result: T;
  try {
    result = await fn();
  } catch (e) {
    engine.endScope();
    throw e;
  }
  engine.endScope(tensorsIn(result, []));
  return result;
}
