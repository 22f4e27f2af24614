// A Lightning 1.9.5 `.ckpt` (torch.save zip, read by the restricted unpickler) → fulgur's Checkpoint.
// Everything is converted and checked here, before the trainer applies any of it: torch's
// snake_case keys become fulgur's camelCase ones, 0-dim tensors become numbers and other tensors
// flat number data, and Lightning's loop progress becomes the fit loop's position.
import { parseTorchFile, type Loaded } from "../../interop/torch_load.ts";
import { PyAttr, PyDict, PyGlobal, PyObject, PySet, TorchStorage, TorchTensor } from "../../interop/pickle_values.ts";
import { isTensorData, type TensorData } from "../../interop/tensor_data.ts";
import { CheckpointFormatError } from "./errors.ts";
import { CHECKPOINT_FORMAT, CHECKPOINT_FORMAT_VERSION, FULGUR_VERSION, type Checkpoint } from "./format.ts";

/** torch's attribute / key name → fulgur's: leading underscores dropped, snake_case → camelCase. */
export function camelKey(key: string, lowerFirst: boolean): string {
  const parts = key.replace(/^_+/, "").split("_").filter((p) => p !== "");
  if (parts.length === 0) return key;
  const head = lowerFirst && parts.length > 1 && /^[A-Z]$/.test(parts[0]) ? parts[0].toLowerCase() : parts[0];
  return head + parts.slice(1).map((p) => p[0].toUpperCase() + p.slice(1)).join("");
}

function own(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

interface PlainOpts {
  /** renames dict keys (null: keep) */
  key: ((k: string) => string) | null;
  where: string;
}

/** A loaded pickle value → plain JS data: dicts → objects, tuples → arrays, 0-dim tensors → numbers, tensors → number[]. */
function toPlain(v: Loaded | undefined, o: PlainOpts, path: string, depth = 0): unknown {
  if (depth > 100) throw new CheckpointFormatError(`${o.where}: ${path} is nested too deeply`);
  if (v === null || v === undefined || typeof v === "boolean" || typeof v === "number" || typeof v === "string") return v ?? null;
  if (typeof v === "bigint") {
    const n = Number(v);
    if (!Number.isSafeInteger(n)) throw new CheckpointFormatError(`${o.where}: ${path} holds the integer ${v}, beyond 2^53`);
    return n;
  }
  if (isTensorData(v)) return v.shape.length === 0 ? v.data[0] : Array.from(v.data);
  if (Array.isArray(v)) return v.map((x, i) => toPlain(x as Loaded, o, `${path}[${i}]`, depth + 1));
  if (v instanceof PyDict) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v.map) {
      const name = typeof k === "string" ? (o.key ? o.key(k) : k) : String(k);
      own(out, name, toPlain(x as Loaded, o, `${path}.${String(k)}`, depth + 1));
    }
    return out;
  }
  const what = v instanceof PyObject ? `an object of ${v.cls.qualified}`
    : v instanceof PyAttr ? `a reference to ${v.name}`
    : v instanceof PyGlobal ? `the global ${v.qualified}`
    : v instanceof PySet ? "a set" : v instanceof Uint8Array ? "bytes"
    : v instanceof TorchStorage || v instanceof TorchTensor ? "a raw storage" : typeof v;
  throw new CheckpointFormatError(`${o.where}: ${path} holds ${what}, which a fulgur checkpoint cannot hold`);
}

const dictOf = (v: Loaded | undefined, path: string, where: string): PyDict => {
  if (!(v instanceof PyDict)) throw new CheckpointFormatError(`${where} is not a Lightning checkpoint: "${path}" is not a dict`);
  return v;
};

const intAt = (d: PyDict | undefined, keys: string[], where: string, fallback?: number): number => {
  let cur: Loaded | undefined = d;
  for (const k of keys) cur = cur instanceof PyDict ? (cur.get(k) as Loaded | undefined) : undefined;
  const n = typeof cur === "bigint" ? Number(cur) : cur;
  if (typeof n === "number" && Number.isSafeInteger(n) && n >= 0) return n;
  if (fallback !== undefined && cur === undefined) return fallback;
  throw new CheckpointFormatError(`${where}: Lightning loop progress "${keys.join(".")}" is ${String(cur)}, not a count`);
};

/** The optimizer state dict: param-group options and per-parameter state keys camelCased, tensors → numbers / number[]. */
function optimizerState(v: Loaded, i: number, where: string): Record<string, unknown> {
  const d = dictOf(v, `optimizer_states[${i}]`, where);
  const groups = d.get("param_groups");
  if (!Array.isArray(groups)) throw new CheckpointFormatError(`${where}: optimizer_states[${i}].param_groups is not a list`);
  const state = d.get("state");
  const sd = toPlain(state as Loaded, { key: (k) => camelKey(k, false), where }, `optimizer_states[${i}].state`) as Record<string, unknown>;
  if (sd === null || typeof sd !== "object" || Array.isArray(sd)) {
    throw new CheckpointFormatError(`${where}: optimizer_states[${i}].state is not a dict`);
  }
  const paramGroups = (groups as Loaded[]).map((g, gi) => {
    const pg = toPlain(g, { key: (k) => camelKey(k, false), where }, `optimizer_states[${i}].param_groups[${gi}]`) as Record<string, unknown>;
    if (pg === null || typeof pg !== "object" || !Array.isArray(pg.params) || !pg.params.every((p) => Number.isInteger(p))) {
      throw new CheckpointFormatError(`${where}: optimizer_states[${i}].param_groups[${gi}] has no list of parameter indices`);
    }
    return pg;
  });
  return { state: sd, paramGroups };
}

const ANNEAL: Record<string, string> = { _annealing_cos: "cos", _annealing_linear: "linear" };
/** torch-only bookkeeping fulgur's schedulers do not keep. */
const SCHEDULER_DROPPED = new Set(["_get_lr_called_within_step"]);

/** One scheduler's state_dict: attribute names camelCased (T_max → tMax), OneCycleLR's bound anneal_func → annealStrategy. */
function schedulerState(v: Loaded, i: number, where: string): Record<string, unknown> {
  const d = dictOf(v, `lr_schedulers[${i}]`, where);
  const out: Record<string, unknown> = {};
  for (const [k, x] of d.map) {
    if (typeof k !== "string") throw new CheckpointFormatError(`${where}: lr_schedulers[${i}] has a non-string key ${String(k)}`);
    if (SCHEDULER_DROPPED.has(k)) continue;
    if (k === "anneal_func") {
      const name = x instanceof PyAttr ? ANNEAL[x.name] : undefined;
      if (name === undefined) throw new CheckpointFormatError(`${where}: lr_schedulers[${i}].anneal_func is not OneCycleLR's cos or linear annealing`);
      own(out, "annealStrategy", name);
      continue;
    }
    const path = `lr_schedulers[${i}].${k}`;
    let value = toPlain(x as Loaded, { key: (s) => camelKey(s, true), where }, path);
    // OneCycleLR's phases name param-group keys ("initial_lr" → "initialLr")
    if (k === "_schedule_phases" && Array.isArray(value)) {
      value = value.map((ph) => Object.fromEntries(Object.entries(ph as Record<string, unknown>).map(([pk, pv]) =>
        [pk, typeof pv === "string" && pk !== "endStep" ? camelKey(pv, false) : pv])));
    }
    // SequentialLR / ChainedScheduler: each child the same way
    if (k === "_schedulers" && Array.isArray(x)) value = (x as Loaded[]).map((c, ci) => schedulerState(c, ci, `${where} (${path})`));
    own(out, camelKey(k, true), value);
  }
  return out;
}

/** Lightning's fit_loop progress → fulgur's FitLoop.stateDict shape. */
function fitLoopState(loops: PyDict | undefined, where: string): Record<string, unknown> {
  const fit = loops?.get("fit_loop");
  if (!(fit instanceof PyDict)) throw new CheckpointFormatError(`${where}: the checkpoint has no "loops.fit_loop" progress to resume from`);
  const ep = fit.get("epoch_progress") as PyDict | undefined;
  const batch = fit.get("epoch_loop.batch_progress") as PyDict | undefined;
  const opt = fit.get("epoch_loop.batch_loop.optimizer_loop.optim_progress") as PyDict | undefined;
  const manual = fit.get("epoch_loop.batch_loop.manual_loop.optim_step_progress") as PyDict | undefined;
  const epochState = fit.get("epoch_loop.state_dict") as PyDict | undefined;
  const processed = intAt(ep, ["current", "processed"], where);
  const completed = intAt(ep, ["current", "completed"], where);
  const started = intAt(ep, ["current", "started"], where);
  // an epoch that started but whose batches were not all processed: resume inside it
  const midEpoch = processed < started;
  const isLast = batch?.get("is_last_batch");
  return {
    epochsProcessed: processed,
    epochsCompleted: completed,
    midEpoch,
    // Lightning keeps no sampler state in the checkpoint (its loaders restart their order)
    loaderState: null,
    epochLoop: {
      currentReady: intAt(batch, ["current", "completed"], where),
      totalReady: intAt(batch, ["total", "completed"], where),
      isLastBatch: isLast === true,
      batchesThatStepped: intAt(epochState, ["_batches_that_stepped"], where, 0),
      optimizerSteps: intAt(opt, ["optimizer", "step", "total", "completed"], where, 0),
      manualStepsCompleted: intAt(manual, ["total", "completed"], where, 0),
      manualStepsReady: intAt(manual, ["total", "ready"], where, 0),
    },
  };
}

/** True for bytes that start like a zip (a torch.save file / Lightning `.ckpt`). */
export function isZipBytes(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** A parsed Lightning checkpoint → fulgur's Checkpoint (nothing applied yet). */
export function checkpointFromLightning(root: Loaded, where: string): Checkpoint {
  const d = dictOf(root, "<top level>", where);
  const sdRaw = d.get("state_dict");
  if (!(sdRaw instanceof PyDict)) throw new CheckpointFormatError(`${where} is not a Lightning checkpoint: it has no "state_dict" dict`);
  const stateDict: Record<string, TensorData> = {};
  for (const [k, v] of sdRaw.map) {
    if (typeof k !== "string" || !isTensorData(v)) throw new CheckpointFormatError(`${where}: state_dict entry ${String(k)} is not a tensor`);
    own(stateDict, k, v);
  }
  const epoch = intAt(d, ["epoch"], where);
  const globalStep = intAt(d, ["global_step"], where);
  const optRaw = d.get("optimizer_states");
  const schedRaw = d.get("lr_schedulers");
  const weightsOnly = optRaw === undefined && schedRaw === undefined && d.get("loops") === undefined;
  if (!weightsOnly && (!Array.isArray(optRaw) || !Array.isArray(schedRaw))) {
    throw new CheckpointFormatError(`${where}: "optimizer_states" and "lr_schedulers" should be lists`);
  }
  const callbacksRaw = d.get("callbacks");
  // each callback's state under Lightning's state key (fulgur's callbacks use the same keys);
  // its own fields camelCased (best_model_score → bestModelScore), the values below them as they are
  const callbacks: Record<string, Record<string, unknown>> = {};
  if (callbacksRaw instanceof PyDict) {
    for (const [key, state] of callbacksRaw.map) {
      if (typeof key !== "string" || !(state instanceof PyDict)) continue;
      const out: Record<string, unknown> = {};
      for (const [k, v] of state.map) own(out, typeof k === "string" ? camelKey(k, false) : String(k), toPlain(v as Loaded, { key: null, where }, `callbacks[${key}].${String(k)}`));
      own(callbacks, key, out);
    }
  }
  const hp = d.get("hyper_parameters");
  let hyperParameters: Record<string, unknown> = {};
  try {
    if (hp instanceof PyDict) hyperParameters = toPlain(hp, { key: null, where }, "hyper_parameters") as Record<string, unknown>;
  } catch {
    hyperParameters = {}; // hyper-parameters that are Python objects are not needed to resume
  }
  const ckpt: Checkpoint = {
    format: CHECKPOINT_FORMAT,
    formatVersion: CHECKPOINT_FORMAT_VERSION,
    fulgurVersion: FULGUR_VERSION,
    epoch,
    globalStep,
    // TensorData values: loadStateDict checks their shapes
    stateDict: stateDict as unknown as Checkpoint["stateDict"],
    optimizerStates: weightsOnly ? [] : (optRaw as Loaded[]).map((o, i) => optimizerState(o, i, where)),
    lrSchedulers: weightsOnly ? [] : (schedRaw as Loaded[]).map((s, i) => schedulerState(s, i, where)),
    loops: weightsOnly ? null : {
      fitLoop: fitLoopState(d.get("loops") as PyDict | undefined, where),
      // Lightning does not checkpoint logged metrics: a resumed run starts with none
      logger: { callback: {}, logged: {}, pbar: {}, train: { epochEndReached: false, items: [] } },
    },
    callbacks,
    hyperParameters,
    lightningVersion: d.get("pytorch-lightning_version") ?? null,
  };
  return ckpt;
}

/** Lightning `.ckpt` bytes → fulgur Checkpoint. */
export function parseLightningCheckpoint(bytes: Uint8Array, where: string): Checkpoint {
  return checkpointFromLightning(parseTorchFile(bytes, where), where);
}
