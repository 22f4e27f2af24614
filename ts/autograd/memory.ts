// Memory: tf tensors are not garbage-collected. scope() releases what a block created;
// Parameters' values, grads and keep()'d tensors survive.
import * as tf from "@tensorflow/tfjs-core";
import { Tensor } from "./tensor.ts";
import { FulgurTypeError } from "../errors.ts";

/** tf tensors held by a scope's result (Tensors, tf.Tensors, arrays and plain objects of them). */
function tfTensorsIn(x: unknown, out: tf.Tensor[], depth = 0): tf.Tensor[] {
  if (depth > 8 || x === null || typeof x !== "object") return out;
  if (x instanceof Tensor) {
    out.push(x.value);
    if (x.grad) out.push(x.grad.value);
  } else if (x instanceof tf.Tensor) {
    out.push(x);
  } else if (Array.isArray(x)) {
    for (const v of x) tfTensorsIn(v, out, depth + 1);
  } else if (Object.getPrototypeOf(x) === Object.prototype || x instanceof Map) {
    const values = x instanceof Map ? x.values() : Object.values(x);
    for (const v of values) tfTensorsIn(v, out, depth + 1);
  }
  return out;
}

/**
 * Runs fn and disposes every tf.Tensor created inside it, except those kept (Parameters,
 * grads, keep()) and those reachable from fn's result, which move to the enclosing scope (like tf.tidy).
 */
export function scope<T>(fn: () => T): T {
  const engine = tf.engine();
  engine.startScope();
  let result: T;
  try {
    result = fn();
  } catch (e) {
    engine.endScope();
    throw e;
  }
  if (result instanceof Promise) {
    engine.endScope();
    throw new FulgurTypeError("scope() cannot take an async function: tensors would be released before it finishes");
  }
  engine.endScope(tfTensorsIn(result, []));
  return result;
}

/**
 * scope() for a body that awaits (the trainer's loop bodies): the tensors it created are
 * released when its promise settles, except those reachable from its result. Only safe where
 * no other tensor work runs during the awaits (the loops await only at batch boundaries).
 */
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
  engine.endScope(tfTensorsIn(result, []));
  return result;
}

/** Makes t's current value survive every scope (dispose it yourself with t.dispose()). */
export function keep<T extends Tensor>(t: T): T {
  tf.keep(t.value);
  return t;
}

/** Replaces t.value by v (kept), disposing the old value. The Tensor object stays the same. */
export function setValue(t: Tensor, v: tf.Tensor): void {
  if (t.value === v) return;
  const old = t.value;
  t.value = tf.keep(v);
  old.dispose();
}

/** The number of live (not disposed) fulgur tensors: flat over a long run when nothing leaks. */
export function liveTensorCount(): number {
  return tf.memory().numTensors;
}
