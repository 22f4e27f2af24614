// Shared by the scheduler tests: loads the WASM scalar math, builds stand-in optimizers
// (plain { paramGroups, defaults } objects shaped like torch's, which is all a scheduler
// touches) and replays the torch-recorded cases from fixtures/sched_cases.json.
import assert from "node:assert/strict";
import { instantiateFulgurWasm } from "../../ts/backend/wasm_module.ts";
import { loadWasmBytes } from "../../ts/runtime/node.ts";
import { createScheduler, LRScheduler, ReduceLROnPlateau } from "../../ts/optim/lr_scheduler/index.ts";
import type { SchedulableOptimizer, SchedulerParamGroup } from "../../ts/optim/lr_scheduler/index.ts";
import { pow } from "../../ts/backend/scalar_math.ts";
import fixture from "./fixtures/sched_cases.json" with { type: "json" };

/** Schedulers need only the WASM module (scalar math), not a tfjs backend. */
export async function loadWasm(): Promise<void> {
  await instantiateFulgurWasm((await loadWasmBytes()) as BufferSource);
}

// torch's defaults for the optimizers the generator used (gen_sched.py make_optimizer).
const DEFAULTS: Record<string, Record<string, unknown>> = {
  SGD: { lr: 0.1, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, maximize: false },
  Adam: { lr: 0.1, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false },
  RMSprop: { lr: 0.1, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0.5, centered: false },
};

const camel = (k: string): string => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** A torch-like optimizer: every group holds every default unless overridden. */
export function standInOptimizer(kind: string, groups: Record<string, unknown>[]): SchedulableOptimizer {
  const defaults = DEFAULTS[kind];
  if (!defaults) throw new Error(`no stand-in for optimizer ${kind}`);
  const paramGroups = groups.map((g) => {
    const group: Record<string, unknown> = structuredClone(defaults);
    for (const [k, v] of Object.entries(g)) group[camel(k)] = v;
    return group as SchedulerParamGroup;
  });
  return { paramGroups, defaults: structuredClone(defaults) };
}

export interface SchedSpec {
  type: string;
  args: Record<string, unknown>;
  schedulers?: SchedSpec[];
}
export interface Snapshot {
  lrs: number[];
  group_lrs: number[];
  momentum?: number[];
  beta1?: number[];
}
export interface Case {
  name: string;
  optimizer: string;
  groups: Record<string, unknown>[];
  scheduler: SchedSpec;
  actions?: (number | null)[];
  steps?: number;
  record?: Snapshot[];
  construct_error?: string;
  step_error?: { at: number; error: string };
}

export const cases = (fixture as unknown as { cases: Case[] }).cases;
export const torchVersion = (fixture as unknown as { torch: string }).torch;

export function findCase(name: string): Case {
  const c = cases.find((k) => k.name === name);
  if (!c) throw new Error(`no fixture case ${name}`);
  return c;
}

export type AnyScheduler = LRScheduler | ReduceLROnPlateau;

/** Test-only scale_fn spec from the generator: x => base ** x. */
function testArgs(spec: SchedSpec): Record<string, unknown> {
  const args = { ...spec.args };
  const sf = args.scale_fn as { kind: string; base: number } | undefined;
  if (sf && sf.kind === "pow") args.scale_fn = (x: number) => pow(sf.base, x);
  return args;
}

export function buildScheduler(spec: SchedSpec, opt: SchedulableOptimizer): AnyScheduler {
  const children = spec.schedulers?.map((c) => buildScheduler(c, opt) as LRScheduler);
  return createScheduler(spec.type, opt, testArgs(spec), children);
}

export function actionsOf(c: Case): (number | null)[] {
  return c.actions ?? new Array<null>(c.steps ?? 30).fill(null);
}

/** One action: step(), step(epoch), or step(metric) for ReduceLROnPlateau. */
export function act(s: AnyScheduler, a: number | null): void {
  if (s instanceof ReduceLROnPlateau) s.step(a as number);
  else if (a === null) s.step();
  else s.step(a);
}

export function snapshot(s: AnyScheduler, opt: SchedulableOptimizer): Snapshot {
  const g = opt.paramGroups;
  const snap: Snapshot = { lrs: s.getLastLr(), group_lrs: g.map((x) => x.lr) };
  if ("momentum" in g[0]!) snap.momentum = g.map((x) => x.momentum as number);
  if ("betas" in g[0]!) snap.beta1 = g.map((x) => (x.betas as number[])[0]!);
  return snap;
}

/** Distance in units in the last place between two finite doubles of the same sign. */
export function ulpDistance(a: number, b: number): number {
  const buf = new DataView(new ArrayBuffer(16));
  buf.setFloat64(0, a);
  buf.setFloat64(8, b);
  return Number(buf.getBigInt64(0) - buf.getBigInt64(8) < 0n ? buf.getBigInt64(8) - buf.getBigInt64(0) : buf.getBigInt64(0) - buf.getBigInt64(8));
}

/** Bit-exact float64 equality (Object.is: 0 !== -0), with ulps in the message. */
export function assertSameFloats(actual: number[] | undefined, expected: number[] | undefined, where: string): void {
  assert.ok(actual !== undefined && expected !== undefined, `${where}: missing values (${actual} vs ${expected})`);
  assert.equal(actual.length, expected.length, `${where}: length`);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    if (!Object.is(a, e)) assert.fail(`${where}[${i}]: got ${a}, torch ${e} (${ulpDistance(a, e)} ulp apart)`);
  });
}

export function assertSameSnapshot(actual: Snapshot, expected: Snapshot, where: string): void {
  assertSameFloats(actual.lrs, expected.lrs, `${where} lrs`);
  assertSameFloats(actual.group_lrs, expected.group_lrs, `${where} group lrs`);
  if (expected.momentum) assertSameFloats(actual.momentum, expected.momentum, `${where} momentum`);
  if (expected.beta1) assertSameFloats(actual.beta1, expected.beta1, `${where} beta1`);
}
