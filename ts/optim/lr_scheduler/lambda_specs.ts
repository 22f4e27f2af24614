// The conformance format's serialisable lr_lambda specs (FORMAT.md "Schedulers"):
//   { kind: "exp", gamma }          LambdaLR factor gamma ** epoch, MultiplicativeLR factor gamma
//   { kind: "linear_warmup", steps } factor min(1, (epoch + 1) / steps)
import { FulgurTypeError } from "../../errors.ts";
import { ValueError } from "./errors.ts";
import { pow } from "../../backend/scalar_math.ts";
import type { LrLambda } from "./types.ts";

/** A serializable lr lambda for LambdaLR / MultiplicativeLR (so its state can be saved). */
export type LrLambdaSpec = { kind: "exp"; gamma: number } | { kind: "linear_warmup"; steps: number };

export function isLrLambdaSpec(v: unknown): v is LrLambdaSpec {
  return v !== null && typeof v === "object" && !Array.isArray(v) && "kind" in v;
}

/** `multiplicative` selects MultiplicativeLR's meaning of "exp" (a constant factor). */
export function lambdaFromSpec(spec: LrLambdaSpec, multiplicative: boolean): LrLambda {
  if (spec.kind === "exp") {
    const g = spec.gamma;
    if (typeof g !== "number") throw new ValueError(`lr_lambda spec "exp" needs a numeric gamma, got ${JSON.stringify(spec)}`);
    return multiplicative ? () => g : (epoch) => pow(g, epoch);
  }
  if (spec.kind === "linear_warmup") {
    const n = spec.steps;
    if (typeof n !== "number" || n <= 0) throw new ValueError(`lr_lambda spec "linear_warmup" needs positive steps, got ${JSON.stringify(spec)}`);
    return (epoch) => Math.min(1, (epoch + 1) / n);
  }
  throw new ValueError(`unknown lr_lambda spec kind ${JSON.stringify((spec as { kind: unknown }).kind)} (expected "exp" or "linear_warmup")`);
}

/** A function, a spec, or a list of either (one per param group). */
export function toLrLambda(v: unknown, multiplicative: boolean): LrLambda | LrLambda[] {
  const one = (x: unknown): LrLambda => {
    if (typeof x === "function") return x as LrLambda;
    if (isLrLambdaSpec(x)) return lambdaFromSpec(x, multiplicative);
    throw new FulgurTypeError(`lr_lambda should be a function or a lambda spec, but got ${JSON.stringify(x)}`);
  };
  return Array.isArray(v) ? v.map(one) : one(v);
}
