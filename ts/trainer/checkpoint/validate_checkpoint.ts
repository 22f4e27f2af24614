// A checkpoint is untrusted input: every field the trainer reads on resume is checked here
// (types, ranges, finiteness, lengths) before anything is applied, so a crafted or damaged
// file gets a named CheckpointFormatError instead of a hang (epochsProcessed "abc" or NaN
// made `fit` spin forever), a silently wrong run (-5 epochs, lr -5) or a half-restored model.
import { CheckpointFormatError } from "./errors.ts";
import type { Checkpoint } from "./format.ts";

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v) && !ArrayBuffer.isView(v);
const show = (v: unknown): string => {
  if (typeof v === "number") return String(v);
  try {
    return (JSON.stringify(v) ?? String(v)).slice(0, 60);
  } catch {
    return typeof v;
  }
};

class Checker {
  constructor(private readonly where: string) {}

  fail(path: string, what: string, v: unknown): never {
    throw new CheckpointFormatError(`${this.where} is damaged: ${path} should be ${what}, got ${show(v)}.`);
  }

  /** A count or position: a non-negative safe integer (min -1 for torch's lastEpoch). */
  int(o: Obj, key: string, path: string, min = 0, optional = false): void {
    if (!Object.prototype.hasOwnProperty.call(o, key)) {
      if (optional) return;
      this.fail(`${path}.${key}`, `an integer >= ${min}`, undefined);
    }
    const v = o[key];
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min) this.fail(`${path}.${key}`, `an integer >= ${min}`, v);
  }

  bool(o: Obj, key: string, path: string, optional = false): void {
    if (optional && !Object.prototype.hasOwnProperty.call(o, key)) return;
    if (typeof o[key] !== "boolean") this.fail(`${path}.${key}`, "true or false", o[key]);
  }

  obj(v: unknown, path: string): Obj {
    if (!isObj(v)) this.fail(path, "an object", v);
    return v;
  }

  /** A learning rate or momentum-like hyperparameter: finite and >= 0. */
  rate(v: unknown, path: string): void {
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) this.fail(path, "a finite number >= 0", v);
  }
}

function checkOptimizerState(c: Checker, s: unknown, path: string): void {
  const o = c.obj(s, path);
  if (Object.keys(o).length === 0) return; // an optimizer without state (a mock)
  if (!Array.isArray(o.paramGroups)) c.fail(`${path}.paramGroups`, "an array", o.paramGroups);
  (o.paramGroups as unknown[]).forEach((g, i) => {
    const gp = `${path}.paramGroups[${i}]`;
    const group = c.obj(g, gp);
    if (!Array.isArray(group.params) || group.params.some((p) => typeof p !== "number" || !Number.isSafeInteger(p) || p < 0)) {
      c.fail(`${gp}.params`, "an array of parameter indices", group.params);
    }
    for (const key of ["lr", "initialLr", "maxLr", "minLr"]) if (key in group) c.rate(group[key], `${gp}.${key}`);
    for (const [k, v] of Object.entries(group)) if (typeof v === "number" && Number.isNaN(v)) c.fail(`${gp}.${k}`, "a number (not NaN)", v);
  });
  if ("state" in o && o.state !== undefined) {
    const st = c.obj(o.state, `${path}.state`);
    for (const [k, v] of Object.entries(st)) {
      if (!/^(0|[1-9]\d*)$/.test(k)) c.fail(`${path}.state key "${k.slice(0, 40)}"`, "a parameter index", k);
      c.obj(v, `${path}.state[${k}]`);
    }
  }
}

function checkSchedulerState(c: Checker, s: unknown, path: string): void {
  const o = c.obj(s, path);
  c.int(o, "lastEpoch", path, -1, true);
  for (const key of ["baseLrs", "lastLr"]) {
    if (!(key in o)) continue;
    const v = o[key];
    if (!Array.isArray(v)) c.fail(`${path}.${key}`, "an array", v);
    (v as unknown[]).forEach((x, i) => c.rate(x, `${path}.${key}[${i}]`));
  }
}

function checkLoops(c: Checker, loops: unknown, stateDict: Obj): void {
  const l = c.obj(loops, "loops");
  const fit = c.obj(l.fitLoop, "loops.fitLoop");
  c.int(fit, "epochsProcessed", "loops.fitLoop");
  c.int(fit, "epochsCompleted", "loops.fitLoop");
  c.bool(fit, "midEpoch", "loops.fitLoop");
  if ((fit.epochsCompleted as number) > (fit.epochsProcessed as number)) {
    c.fail("loops.fitLoop.epochsCompleted", `at most epochsProcessed (${fit.epochsProcessed as number})`, fit.epochsCompleted);
  }
  const ep = c.obj(fit.epochLoop, "loops.fitLoop.epochLoop");
  for (const k of ["currentReady", "totalReady", "batchesThatStepped", "optimizerSteps", "manualStepsCompleted", "manualStepsReady"]) {
    c.int(ep, k, "loops.fitLoop.epochLoop");
  }
  c.bool(ep, "isLastBatch", "loops.fitLoop.epochLoop", true);
  if ("logger" in l) {
    const lg = c.obj(l.logger, "loops.logger");
    for (const k of ["callback", "logged", "pbar"]) if (k in lg) c.obj(lg[k], `loops.logger.${k}`);
  }
  if ("grads" in l && l.grads !== undefined) {
    const grads = c.obj(l.grads, "loops.grads");
    for (const [name, g] of Object.entries(grads)) {
      if (g !== null && g !== "zeros" && !(g instanceof Float32Array)) c.fail(`loops.grads["${name.slice(0, 60)}"]`, 'float32 data, "zeros" or null', g);
      const w = stateDict[name];
      if (g instanceof Float32Array && w instanceof Float32Array && g.length !== w.length) {
        c.fail(`loops.grads["${name.slice(0, 60)}"]`, `${w.length} values (as the saved weight)`, `${g.length} values`);
      }
    }
  }
  if ("rng" in l && l.rng !== undefined && l.rng !== null) {
    const rng = c.obj(l.rng, "loops.rng");
    if ("torch" in rng && rng.torch !== undefined) {
      const t = c.obj(rng.torch, "loops.rng.torch");
      if (typeof t.seed !== "string" || !/^\d{1,20}$/.test(t.seed)) c.fail("loops.rng.torch.seed", "a decimal seed string", t.seed);
      if (!Array.isArray(t.mt) || t.mt.length !== 624) c.fail("loops.rng.torch.mt", "624 state words", Array.isArray(t.mt) ? `${t.mt.length} values` : t.mt);
    }
  }
}

/** Throws CheckpointFormatError naming the first field of `ckpt` that is out of type or range. */
export function validateCheckpointFields(ckpt: Checkpoint, where: string): void {
  const c = new Checker(where);
  const root = ckpt as unknown as Obj;
  c.int(root, "epoch", "epoch");
  c.int(root, "globalStep", "globalStep");
  ckpt.optimizerStates.forEach((s, i) => checkOptimizerState(c, s, `optimizerStates[${i}]`));
  ckpt.lrSchedulers.forEach((s, i) => checkSchedulerState(c, s, `lrSchedulers[${i}]`));
  for (const [k, v] of Object.entries(ckpt.callbacks)) c.obj(v, `callbacks["${k.slice(0, 60)}"]`);
  if (ckpt.loops !== null && ckpt.loops !== undefined) checkLoops(c, ckpt.loops, ckpt.stateDict as Obj);
}
