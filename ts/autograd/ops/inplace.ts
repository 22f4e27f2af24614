// In-place ops (torch's trailing-underscore methods): add_, sub_, mul_, div_, fill_, zero_,
// copy_, maskedFill_, clamp_. Allowed where assertInplaceAllowed allows (no grad needed, or a
// leaf under noGrad); they replace the tensor's value and return the same Tensor object.
import * as tf from "@tensorflow/tfjs-core";
import { Tensor } from "../tensor.ts";
import { assertInplaceAllowed } from "../inplace_check.ts";
import { setValue } from "../memory.ts";
import { broadcastShapes, fmtShape, sameShape } from "./index_util.ts";
import { indexPut } from "./indexing.ts";
import { noGrad } from "../grad_mode.ts";
import { FulgurRuntimeError } from "../../errors.ts";

const TORCH_NAME: Record<string, string> = { float32: "Float", int32: "Long", bool: "Bool" };
const RANK: Record<string, number> = { bool: 0, int32: 1, float32: 2 };

interface ScopeInfo {
  id: number;
  track: tf.Tensor[];
}

/** tfjs-core's scope bookkeeping (engine.state), or null if its shape is not the one known here. */
function scopes(): { scopeStack: ScopeInfo[]; activeScope: ScopeInfo | null } | null {
  const state = (tf.engine() as unknown as { state?: { scopeStack?: unknown; activeScope?: ScopeInfo | null } }).state;
  return state && Array.isArray(state.scopeStack) ? (state as { scopeStack: ScopeInfo[]; activeScope: ScopeInfo | null }) : null;
}

/**
 * Puts v in t, giving v the lifetime of t's old value (torch: an in-place result lives as long as
 * the tensor). A kept value (a Parameter's, a keep()'d tensor's) is swapped through setValue: the
 * new one kept, the old one freed. Otherwise v moves from the current scope into the scope that
 * owns the old value (an accumulator made outside a batch's scope survives the batch); the old
 * value is left to that scope (a graph node or a detach()ed tensor may still read it), or freed
 * when it belongs to no scope (made at top level), so repeated in-place ops do not leak.
 */
function replaceValue(t: Tensor, v: tf.Tensor): Tensor {
  const old = t.value;
  if (old === v) return t;
  if (old.kept) {
    setValue(t, v);
    return t;
  }
  t.value = v;
  const st = scopes();
  const active = st?.activeScope ?? null;
  const ownerId = (old as unknown as { scopeId?: number }).scopeId;
  if (st === null || active === null) {
    // no scope is open: v is untracked like old; old is now unreachable from t
    old.dispose();
    return t;
  }
  if (ownerId === active.id) return t;
  const i = active.track.lastIndexOf(v);
  if (i >= 0) active.track.splice(i, 1);
  const owner = st.scopeStack.find((s) => s.id === ownerId);
  if (owner !== undefined) {
    owner.track.push(v);
    (v as unknown as { scopeId: number }).scopeId = owner.id;
  } else {
    // old belongs to no open scope (made at top level): so does v; old is freed
    (v as unknown as { scopeId?: number }).scopeId = ownerId;
    old.dispose();
  }
  return t;
}

/** The dtype of `t op other` (torch's promotion; a number raises only the category) and the check that t can hold it. */
function resultDtype(t: Tensor, other: Tensor | number, alwaysFloat = false): tf.DataType {
  const otherRank = other instanceof Tensor ? RANK[other.dtype] : Number.isInteger(other) ? 1 : 2;
  let r = Math.max(RANK[t.dtype], otherRank);
  if (alwaysFloat) r = 2;
  const dtype = r === 2 ? "float32" : r === 1 ? "int32" : "bool";
  if (RANK[dtype] > RANK[t.dtype]) {
    throw new FulgurRuntimeError(`result type ${TORCH_NAME[dtype]} can't be cast to the desired output type ${TORCH_NAME[t.dtype]}`);
  }
  return t.dtype;
}

/** other as a tf value of dtype, checked to broadcast into t's shape (torch's out= rule). */
function operand(t: Tensor, other: Tensor | number, dtype: tf.DataType): tf.Tensor {
  if (!(other instanceof Tensor)) return tf.scalar(other, dtype);
  const shape = broadcastShapes(t.shape, other.shape);
  if (!sameShape(shape, t.shape)) {
    throw new FulgurRuntimeError(`output with shape ${fmtShape(t.shape)} doesn't match the broadcast shape ${fmtShape(shape)}`);
  }
  return other.dtype === dtype ? other.value : tf.cast(other.value, dtype);
}

function arith(op: string, t: Tensor, other: Tensor | number, f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor, alwaysFloat = false): Tensor {
  assertInplaceAllowed(t, op);
  const dtype = resultDtype(t, other, alwaysFloat);
  return replaceValue(t, f(t.value, operand(t, other, dtype)));
}

/** torch's Tensor.add_(other, alpha=1). */
export function add_(t: Tensor, other: Tensor | number, alpha = 1): Tensor {
  return arith("add_", t, other, (a, b) => tf.add(a, alpha === 1 ? b : tf.mul(b, tf.scalar(alpha, b.dtype))));
}

/** torch's Tensor.sub_(other, alpha=1). */
export function sub_(t: Tensor, other: Tensor | number, alpha = 1): Tensor {
  return arith("sub_", t, other, (a, b) => tf.sub(a, alpha === 1 ? b : tf.mul(b, tf.scalar(alpha, b.dtype))));
}

export function mul_(t: Tensor, other: Tensor | number): Tensor {
  return arith("mul_", t, other, tf.mul);
}

/** torch's Tensor.div_ (true division: an integer tensor cannot hold the result). */
export function div_(t: Tensor, other: Tensor | number): Tensor {
  return arith("div_", t, other, tf.div, true);
}

/** torch's Tensor.fill_(value): value is a number, a boolean or a 0-d tensor. */
export function fill_(t: Tensor, value: number | boolean | Tensor): Tensor {
  assertInplaceAllowed(t, "fill_");
  if (value instanceof Tensor) {
    if (value.rank !== 0) throw new FulgurRuntimeError(`fill_ only supports 0-dimension value tensor but got tensor with ${value.rank} dimensions.`);
    const v = value.dtype === t.dtype ? value.value : tf.cast(value.value, t.dtype);
    return replaceValue(t, tf.broadcastTo(v, t.shape));
  }
  return replaceValue(t, fillValue(t.shape, value, t.dtype));
}

function fillValue(shape: number[], value: number | boolean, dtype: tf.DataType): tf.Tensor {
  if (dtype === "bool") return tf.cast(tf.fill(shape, value ? 1 : 0, "int32"), "bool");
  return tf.fill(shape, dtype === "int32" ? Math.trunc(Number(value)) : Number(value), dtype);
}

export function zero_(t: Tensor): Tensor {
  assertInplaceAllowed(t, "zero_");
  return replaceValue(t, tf.zeros(t.shape, t.dtype));
}

/** torch's Tensor.copy_(src): src broadcast to t's shape and cast to t's dtype. */
export function copy_(t: Tensor, src: Tensor): Tensor {
  assertInplaceAllowed(t, "copy_");
  const shape = broadcastShapes(t.shape, src.shape);
  if (!sameShape(shape, t.shape)) {
    throw new FulgurRuntimeError(`output with shape ${fmtShape(t.shape)} doesn't match the broadcast shape ${fmtShape(shape)}`);
  }
  let v = src.dtype === t.dtype ? src.value : tf.cast(src.value, t.dtype);
  v = sameShape(v.shape, t.shape) ? tf.clone(v) : tf.broadcastTo(v, t.shape);
  return replaceValue(t, v);
}

/** torch's Tensor.masked_fill_(mask, value): mask (bool) must broadcast to t's shape. */
export function maskedFill_(t: Tensor, mask: Tensor, value: number | boolean | Tensor): Tensor {
  assertInplaceAllowed(t, "masked_fill_");
  if (mask.dtype !== "bool") throw new FulgurRuntimeError(`masked_fill_ only supports boolean masks, but got mask with dtype ${mask.dtype === "float32" ? "float" : "long"}`);
  const shape = broadcastShapes(t.shape, mask.shape);
  if (!sameShape(shape, t.shape)) {
    throw new FulgurRuntimeError(`output with shape ${fmtShape(t.shape)} doesn't match the broadcast shape ${fmtShape(shape)}`);
  }
  let fill: tf.Tensor;
  if (value instanceof Tensor) {
    if (value.rank !== 0) throw new FulgurRuntimeError(`masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.rank} dimension(s).`);
    fill = value.dtype === t.dtype ? value.value : tf.cast(value.value, t.dtype);
  } else {
    fill = fillValue([], value, t.dtype);
  }
  return replaceValue(t, tf.where(mask.value, fill, t.value));
}

/** torch's Tensor.clamp_(min, max): either bound may be null (not both). */
export function clamp_(t: Tensor, min: number | null = null, max: number | null = null): Tensor {
  assertInplaceAllowed(t, "clamp_");
  if (min === null && max === null) throw new FulgurRuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  if (t.dtype === "bool") throw new FulgurRuntimeError("clamp is not supported for bool tensors");
  if (t.dtype === "int32" && ((min !== null && !Number.isInteger(min)) || (max !== null && !Number.isInteger(max)))) {
    throw new FulgurRuntimeError("result type Float can't be cast to the desired output type Long");
  }
  let v = t.value;
  // torch: min first, then max (so min > max gives max everywhere)
  if (min !== null) v = tf.maximum(v, tf.scalar(min, t.dtype));
  if (max !== null) v = tf.minimum(v, tf.scalar(max, t.dtype));
  return replaceValue(t, v === t.value ? tf.clone(v) : v);
}

/** torch's Tensor.index_put_(indices, values, accumulate): x[i0, i1, ...] = values (or += when accumulate). */
export function indexPut_(t: Tensor, indices: readonly Tensor[], values: Tensor | number, accumulate = false): Tensor {
  assertInplaceAllowed(t, "index_put_");
  const out = noGrad(() => indexPut(t, indices, values, accumulate));
  return replaceValue(t, out.value);
}
