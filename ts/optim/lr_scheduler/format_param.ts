// torch's CyclicLR/OneCycleLR `_format_param`: a scalar is repeated per param group, a
// list must have one value per group.
import { ValueError } from "./errors.ts";
import type { SchedulableOptimizer } from "./types.ts";

export function formatParam<T>(name: string, optimizer: SchedulableOptimizer, param: T | readonly T[]): T[] {
  const n = optimizer.paramGroups.length;
  if (Array.isArray(param)) {
    if (param.length !== n) throw new ValueError(`expected ${n} values for ${name}, got ${param.length}`);
    return param.slice();
  }
  return new Array<T>(n).fill(param as T);
}
