// torch's calling convention for layer constructors: the optional arguments may come positionally
// (in torch's order) and/or as a trailing options object with torch's keyword names in camelCase,
// so both `new Conv2d(1, 32, 3, 1)` and `new Conv2d(1, 32, 3, { stride: 1 })` work.
import { Tensor } from "../autograd/tensor.ts";
import { FulgurTypeError } from "../errors.ts";

const isOptions = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Tensor) && !ArrayBuffer.isView(v);

/** The options given positionally (by `names`, in order) merged with a trailing options object. */
export function kwargs<T extends object>(rest: readonly unknown[], names: readonly (keyof T & string)[], where: string): T {
  const args = [...rest];
  while (args.length && args[args.length - 1] === undefined) args.pop();
  const last = args.length ? args[args.length - 1] : undefined;
  const opts: Record<string, unknown> = isOptions(last) ? { ...last } : {};
  const positional = isOptions(last) ? args.slice(0, -1) : args;
  if (positional.length > names.length) {
    throw new FulgurTypeError(`${where} takes at most ${names.length} optional positional arguments (${names.join(", ")}), got ${positional.length}`);
  }
  positional.forEach((v, i) => {
    if (v === undefined) return;
    if (names[i] in opts) throw new FulgurTypeError(`${where} got multiple values for argument '${names[i]}'`);
    opts[names[i]] = v;
  });
  return opts as T;
}

/** Every leading part of a tuple: [], [A], [A, B], ... */
type Prefixes<T extends unknown[]> = T extends [infer H, ...infer R] ? [] | [H, ...Prefixes<R>] : [];

/** A constructor's optional arguments: any leading part of the positionals, then optionally the options object. */
export type PositionalOr<T extends unknown[], O> = Prefixes<T> extends infer P ? (P extends unknown[] ? [...P, O?] : never) : never;
