// torch's type promotion between float32 / int32 / bool (torch's int64 is stored as int32).
// Tensors promote by category (bool < int < float); a JS number is a "weak" operand: it widens
// the result only when its category is higher (int tensor + 2 → int, int tensor + 2.5 → float).
// A JS number is an int when it is integer-valued (JS cannot tell 2.0 from 2).
import * as tf from "@tensorflow/tfjs-core";
import { Tensor, type Operand } from "../tensor.ts";

export type DType = "float32" | "int32" | "bool";

const CATEGORY: Record<string, number> = { bool: 0, int32: 1, float32: 2 };
const BY_CATEGORY: DType[] = ["bool", "int32", "float32"];

const categoryOfNumber = (n: number): number => (Number.isInteger(n) ? 1 : 2);

/** torch.result_type for any mix of Tensors and numbers. */
export function resultType(...xs: Operand[]): DType {
  let t = -1, n = -1;
  for (const x of xs) {
    if (x instanceof Tensor) t = Math.max(t, CATEGORY[x.dtype] ?? 2);
    else n = Math.max(n, categoryOfNumber(x));
  }
  if (t < 0) return BY_CATEGORY[Math.max(n, 1)];
  return BY_CATEGORY[Math.max(t, n)];
}

export const isFloat = (x: Tensor): boolean => x.dtype === "float32";

/** x as a Tensor of `dtype`: numbers become constant scalars; a tensor of another dtype a constant copy. */
export function toDtype(x: Operand, dtype: DType): Tensor {
  if (!(x instanceof Tensor)) return new Tensor(dtype === "bool" ? tf.scalar(x !== 0, "bool") : tf.scalar(x, dtype));
  if (x.dtype === dtype) return x;
  // only integer/bool tensors are ever widened here, and those never require grad
  return new Tensor(castValue(x.value, dtype));
}

/** tf.cast with torch's bool conversion (nonzero → true). */
export function castValue(v: tf.Tensor, dtype: DType): tf.Tensor {
  if (v.dtype === dtype) return v;
  if (dtype === "bool") return tf.notEqual(v, tf.scalar(0, v.dtype));
  return tf.cast(v, dtype);
}

/** torch's name for a dtype in messages. */
export function torchDtypeName(d: string): string {
  return d === "float32" ? "Float" : d === "int32" ? "Long" : d === "bool" ? "Bool" : d;
}
