// Typed reads of a parameter group's options (torch reads group['lr'] etc. at step time).
import { FulgurTypeError } from "../errors.ts";
import type { ParamGroup } from "./optimizer.ts";

/** Reads a numeric option of a group (torch reads group['lr'] etc. at step time). */
export function num(group: ParamGroup, key: string): number {
  const v = group[key];
  if (typeof v !== "number") throw new FulgurTypeError(`param group option "${key}" must be a number, got ${String(v)}`);
  return v;
}

export function pair(group: ParamGroup, key: string): [number, number] {
  const v = group[key] as number[];
  if (!Array.isArray(v) || v.length !== 2) throw new FulgurTypeError(`param group option "${key}" must be a pair of numbers`);
  return [v[0], v[1]];
}
