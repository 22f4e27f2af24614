// One validation layer for user-facing options objects (optimizers, schedulers, DataLoader,
// init, the Trainer's extra checks, configureOptimizers returns): unknown keys named with the
// closest valid one (and the camelCase spelling of a snake_case key), wrong types, non-finite
// and out-of-range values, missing required arguments — in torch's / Lightning's words.
// A leaf module (imports only ../errors.ts) so every layer may use it.
import { FulgurTypeError, ValueError } from "../errors.ts";

/** "weight_decay" → "weightDecay". */
export function camelCase(k: string): string {
  return k.replace(/_+([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

/** Aliases users bring from other libraries (Keras, tfjs): the option they mean. */
const ALIASES: Record<string, string> = { learningRate: "lr", learning_rate: "lr", batch_size: "batchSize", backend: "backend" };

/** The valid key a mistyped `key` most likely means, or null. */
export function closestKey(key: string, valid: readonly string[]): string | null {
  const camel = camelCase(key);
  if (valid.includes(camel)) return camel;
  const alias = ALIASES[key];
  if (alias !== undefined && valid.includes(alias)) return alias;
  const lower = camel.toLowerCase();
  for (const v of valid) if (v.toLowerCase() === lower) return v;
  let best: string | null = null;
  let bestD = Infinity;
  for (const v of valid) {
    const d = distance(lower, v.toLowerCase());
    if (d < bestD) { bestD = d; best = v; }
  }
  return best !== null && bestD <= Math.max(2, Math.floor(best.length / 3)) ? best : null;
}

/** The hint after an unknown key: "did you mean 'weightDecay'? (fulgur's options are camelCase)". */
export function keyHint(key: string, valid: readonly string[]): string {
  const near = closestKey(key, valid);
  const camelNote = key.includes("_") && near === camelCase(key) ? " fulgur's options are camelCase." : "";
  if (near !== null) return ` Did you mean '${near}'?${camelNote}`;
  return ` Valid options: ${valid.join(", ")}.`;
}

/**
 * Throws torch's TypeError "<callee>() got an unexpected keyword argument 'k'" for the first
 * own key of `opts` not in `valid` (with the closest valid name).
 */
export function checkKnownKeys(callee: string, opts: unknown, valid: readonly string[]): void {
  if (opts === undefined || opts === null) return;
  if (typeof opts !== "object" || Array.isArray(opts)) {
    throw new FulgurTypeError(`${callee}() takes its options as an object ({ key: value }), got ${Array.isArray(opts) ? "an array" : typeof opts}`);
  }
  valid = [...new Set(valid)];
  for (const k of Object.keys(opts)) {
    if (!valid.includes(k)) throw new FulgurTypeError(`${callee}() got an unexpected keyword argument '${k}'.${keyHint(k, valid)}`);
  }
}

/** A number that must be finite (and, optionally, within [min, max], or an integer). */
export function checkNumber(
  callee: string, name: string, v: unknown,
  r: { min?: number; max?: number; minExclusive?: boolean; integer?: boolean; allowInfinity?: boolean } = {},
): void {
  if (typeof v !== "number") throw new FulgurTypeError(`${callee}: '${name}' must be a number, got ${v === null ? "null" : typeof v} (${String(v)})`);
  if (Number.isNaN(v) || (!r.allowInfinity && !Number.isFinite(v))) throw new ValueError(`${callee}: '${name}' must be a finite number, got ${v}`);
  if (r.integer && !Number.isInteger(v)) throw new ValueError(`${callee}: '${name}' must be an integer, got ${v}`);
  if (r.min !== undefined && (r.minExclusive ? !(v > r.min) : !(v >= r.min))) {
    throw new ValueError(`${callee}: '${name}' must be ${r.minExclusive ? ">" : ">="} ${r.min}, got ${v}`);
  }
  if (r.max !== undefined && !(v <= r.max)) throw new ValueError(`${callee}: '${name}' must be <= ${r.max}, got ${v}`);
}

/** torch's "__init__() missing 1 required positional argument: 'step_size'" for a required option. */
export function checkRequired(callee: string, opts: Record<string, unknown> | undefined, key: string, pythonName: string): void {
  if (opts === undefined || opts === null || opts[key] === undefined) {
    throw new FulgurTypeError(`${callee}.__init__() missing 1 required positional argument: '${pythonName}' (pass { ${key}: ... })`);
  }
}

/**
 * Python's float(x) for a value torch passes through float(): numbers, and strings such as
 * "inf", "-inf", "nan", "2" (torch's clip_grad_norm_ does float(norm_type)); anything else gets
 * Python's ValueError "could not convert string to float: 'fro'".
 */
export function pyFloat(v: unknown, what: string): number {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const s = v.trim().toLowerCase().replace(/_/g, "");
    const m = /^([+-]?)(inf|infinity|nan)$/.exec(s);
    if (m) return m[2] === "nan" ? NaN : m[1] === "-" ? -Infinity : Infinity;
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(s)) return Number(s);
    throw new ValueError(`could not convert string to float: '${v}' (${what})`);
  }
  throw new FulgurTypeError(`${what} must be a number, got ${v === null ? "null" : typeof v}`);
}
