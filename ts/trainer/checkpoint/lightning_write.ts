// fulgur's Checkpoint → a Lightning 1.9.5 `.ckpt`: the torch.save zip and pickle layout of the
// files Lightning writes (state_dict, optimizer_states, lr_schedulers, epoch, global_step, loops,
// callbacks, pytorch-lightning_version), so `torch.load` opens it and Python Lightning's
// `Trainer.fit(model, ckpt_path=...)` continues the run. The inverse of ./lightning_read.ts.
import { serializeTorchFile } from "../../interop/torch_save.ts";
import { PyDict } from "../../interop/pickle_values.ts";
import { tuple, type PickleInput } from "../../interop/pickle_writer.ts";
import type { TensorData } from "../../interop/tensor_data.ts";
import { CheckpointFormatError } from "./errors.ts";
import type { Checkpoint } from "./format.ts";

/** fulgur's camelCase field → torch's snake_case name (HDiag → H_diag, expAvgSq → exp_avg_sq). */
export function snakeKey(key: string): string {
  if (/^[A-Z][A-Z]/.test(key)) return key[0] + "_" + snakeKey(key[1].toLowerCase() + key.slice(2));
  return key.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
}

/** Scheduler attributes torch keeps private (a leading underscore) and T-named ones. */
const SCHED_PRIVATE = new Set(["stepCount", "lastLr", "schedulePhases", "getLrCalledWithinStep", "scaleFnRef"]);
const SCHED_T: Record<string, string> = { tMax: "T_max", t0: "T_0", tI: "T_i", tMult: "T_mult", tCur: "T_cur" };
/** fulgur-only scheduler fields (torch keeps a bound method where fulgur keeps the strategy name). */
const SCHED_FULGUR_ONLY = new Set(["annealStrategy"]);

/** ModelCheckpoint's fields Lightning keeps as 0-dim tensors. */
const SCORE_FIELDS = new Set(["best_model_score", "current_score", "kth_value"]);

const schedKey = (k: string): string => SCHED_T[k] ?? (SCHED_PRIVATE.has(k) ? "_" : "") + snakeKey(k);

function dict(entries: Iterable<[string | number, PickleInput]>, kind: "dict" | "OrderedDict" = "dict"): PyDict {
  const d = new PyDict(kind);
  for (const [k, v] of entries) d.map.set(k, v as never);
  return d;
}

const f32 = (data: ArrayLike<number>, shape: number[]): TensorData => ({ dtype: "float32", shape, data: Float32Array.from(data) });
const scalar = (v: number): TensorData => f32([v], []);

/** Plain JSON-like data → pickle input (objects → dicts with snake_case keys when `snake`). */
function plain(v: unknown, snake: boolean): PickleInput {
  if (v === undefined) return null;
  if (v === null || typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof Float32Array) return Array.from(v);
  if (Array.isArray(v)) return v.map((x) => plain(x, snake));
  if (typeof v === "object") return dict(Object.entries(v as Record<string, unknown>).map(([k, x]) => [snake ? snakeKey(k) : k, plain(x, snake)]));
  throw new CheckpointFormatError(`a value of type ${typeof v} cannot be written to a Lightning checkpoint`);
}

/** State entries torch keeps as tensors: buffers (param-shaped), step counters, LBFGS scalars. */
function optimizerStateValue(key: string, v: unknown, shape: number[]): PickleInput {
  const isArr = v instanceof Float32Array || (Array.isArray(v) && v.every((x) => typeof x === "number"));
  if (key === "step" && typeof v === "number") return scalar(v); // torch 1.13 keeps `step` as a float32 tensor
  if (key === "HDiag" && typeof v === "number") return scalar(v);
  if ((key === "ro" || key === "al") && Array.isArray(v)) return v.map((x) => (typeof x === "number" ? scalar(x) : null));
  if ((key === "oldDirs" || key === "oldStps") && Array.isArray(v)) return v.map((x) => f32(x as ArrayLike<number>, [(x as ArrayLike<number>).length]));
  if (isArr) {
    const data = v as ArrayLike<number>;
    const n = shape.reduce((a, b) => a * b, 1);
    return f32(data, data.length === n ? shape : [data.length]);
  }
  return plain(v, true);
}

function optimizerState(sd: Record<string, any>, shapes: number[][], i: number): PyDict {
  if (!sd || typeof sd !== "object" || !Array.isArray(sd.paramGroups)) {
    throw new CheckpointFormatError(`optimizer ${i} has no torch-shaped state dict (state, paramGroups) to write`);
  }
  const state = dict(Object.entries(sd.state ?? {}).map(([k, st]) => {
    const shape = shapes[Number(k)] ?? [];
    return [Number(k), dict(Object.entries(st as Record<string, unknown>).map(([key, v]) => [snakeKey(key), optimizerStateValue(key, v, shape)]))];
  }));
  const groups = (sd.paramGroups as Record<string, unknown>[]).map((g) => dict(Object.entries(g).map(([k, v]) => {
    if (k === "betas" && Array.isArray(v)) return [k, tuple(...(v as number[]))];
    return [snakeKey(k), plain(v, true)];
  })));
  return dict([["state", state], ["param_groups", groups]]);
}

function schedulerState(sd: Record<string, unknown>): PyDict {
  const out: Array<[string, PickleInput]> = [];
  for (const [k, v] of Object.entries(sd)) {
    if (SCHED_FULGUR_ONLY.has(k)) continue;
    if (k === "schedulePhases" && Array.isArray(v)) {
      // the phases name param-group keys: "initialLr" → "initial_lr"
      out.push(["_schedule_phases", v.map((ph) => dict(Object.entries(ph as Record<string, unknown>).map(([pk, pv]) =>
        [snakeKey(pk), typeof pv === "string" ? snakeKey(pv) : plain(pv, true)])))]);
      continue;
    }
    if (k === "schedulers" && Array.isArray(v)) {
      out.push(["_schedulers", v.map((c) => schedulerState(c as Record<string, unknown>))]);
      continue;
    }
    out.push([schedKey(k), plain(v, true)]);
  }
  if (!out.some(([k]) => k === "_get_lr_called_within_step") && out.some(([k]) => k === "_step_count")) out.push(["_get_lr_called_within_step", false]);
  return dict(out);
}

const progress = (n: number, keys: readonly string[]) => dict([["total", dict(keys.map((k) => [k, n]))], ["current", dict(keys.map((k) => [k, n]))]]);
const FULL = ["ready", "completed", "started", "processed"] as const;
const RC = ["ready", "completed"] as const;

function evalLoop(withLastBatch: boolean): PyDict {
  const batch = progress(0, FULL);
  if (withLastBatch) batch.map.set("is_last_batch", false);
  return dict([["state_dict", dict([])], ["dataloader_progress", progress(0, RC)], ["epoch_loop.state_dict", dict([])], ["epoch_loop.batch_progress", batch]]);
}

/** fulgur's fit-loop position → Lightning's `loops` (progress counters as Lightning 1.9.5 names them). */
function lightningLoops(fit: Record<string, any>): PyDict {
  const el = fit.epochLoop as Record<string, any>;
  const batch = dict([
    ["total", dict(FULL.map((k) => [k, el.totalReady]))],
    ["current", dict(FULL.map((k) => [k, el.currentReady]))],
    ["is_last_batch", el.isLastBatch === true],
  ]);
  const optSteps = el.optimizerSteps as number;
  const epochs = dict([
    ["total", dict([["ready", fit.midEpoch ? fit.epochsProcessed + 1 : fit.epochsProcessed], ["completed", fit.epochsCompleted], ["started", fit.midEpoch ? fit.epochsProcessed + 1 : fit.epochsProcessed], ["processed", fit.epochsProcessed]])],
  ]);
  epochs.map.set("current", epochs.map.get("total")!);
  const fitLoop = dict([
    ["state_dict", dict([])],
    ["epoch_loop.state_dict", dict([["_batches_that_stepped", el.batchesThatStepped]])],
    ["epoch_loop.batch_progress", batch],
    ["epoch_loop.scheduler_progress", progress(optSteps, RC)],
    ["epoch_loop.batch_loop.state_dict", dict([])],
    ["epoch_loop.batch_loop.optimizer_loop.state_dict", dict([])],
    ["epoch_loop.batch_loop.optimizer_loop.optim_progress", dict([
      ["optimizer", dict([["step", progress(optSteps, RC)], ["zero_grad", progress(optSteps, ["ready", "completed", "started"])]])],
      ["optimizer_position", 1],
    ])],
    ["epoch_loop.batch_loop.manual_loop.state_dict", dict([])],
    ["epoch_loop.batch_loop.manual_loop.optim_step_progress", dict([
      ["total", dict([["ready", el.manualStepsReady], ["completed", el.manualStepsCompleted]])],
      ["current", dict([["ready", el.manualStepsReady], ["completed", el.manualStepsCompleted]])],
    ])],
    ["epoch_loop.val_loop.state_dict", dict([])],
    ["epoch_loop.val_loop.dataloader_progress", progress(0, RC)],
    ["epoch_loop.val_loop.epoch_loop.state_dict", dict([])],
    ["epoch_loop.val_loop.epoch_loop.batch_progress", (() => { const b = progress(0, FULL); b.map.set("is_last_batch", false); return b; })()],
    ["epoch_progress", epochs],
  ]);
  return dict([["fit_loop", fitLoop], ["validate_loop", evalLoop(true)], ["test_loop", evalLoop(true)], ["predict_loop", evalLoop(false)]]);
}

/**
 * A fulgur checkpoint as Lightning 1.9.5 `.ckpt` bytes. `paramShapes[i]` are optimizer i's
 * parameter shapes in its state-dict order (buffers are written with them).
 */
export function serializeLightningCheckpoint(ckpt: Checkpoint, paramShapes: number[][][]): Uint8Array {
  const sd = new PyDict("OrderedDict");
  for (const [name, v] of Object.entries(ckpt.stateDict)) {
    const a = v as Float32Array & { shape?: number[]; dtype?: string };
    const shape = Array.isArray(a.shape) ? [...a.shape] : [a.length];
    // integer buffers (num_batches_tracked) are int64 in torch
    const td: TensorData = a.dtype === "int32" ? { dtype: "int64", shape, data: Int32Array.from(a) } : { dtype: "float32", shape, data: a };
    sd.map.set(name, td as never);
  }
  const fit = (ckpt.loops as Record<string, any> | null)?.fitLoop;
  const entries: Array<[string, PickleInput]> = [
    ["epoch", ckpt.epoch],
    ["global_step", ckpt.globalStep],
    ["pytorch-lightning_version", "1.9.5"],
    ["state_dict", sd],
  ];
  if (fit) entries.push(["loops", lightningLoops(fit)]);
  // callback states under their (Lightning-format) state keys, fields snake_cased; scores are
  // tensors in Lightning's ModelCheckpoint
  entries.push(["callbacks", dict(Object.entries(ckpt.callbacks).map(([key, state]) => [key, dict(Object.entries(state).map(([k, v]) => {
    const name = snakeKey(k);
    if (SCORE_FIELDS.has(name) && typeof v === "number") return [name, scalar(v)];
    if (name === "best_k_models" && v !== null && typeof v === "object") {
      return [name, dict(Object.entries(v as Record<string, unknown>).map(([path, x]) => [path, typeof x === "number" ? scalar(x) : plain(x, false)]))];
    }
    return [name, plain(v, false)];
  }))]))]);
  if (ckpt.loops !== null) {
    entries.push(["optimizer_states", ckpt.optimizerStates.map((o, i) => optimizerState(o as Record<string, any>, paramShapes[i] ?? [], i))]);
    entries.push(["lr_schedulers", ckpt.lrSchedulers.map((s) => schedulerState(s))]);
  }
  if (Object.keys(ckpt.hyperParameters).length) {
    entries.push(["hparams_name", "kwargs"]);
    entries.push(["hyper_parameters", plain(ckpt.hyperParameters, false)]);
  }
  return serializeTorchFile(dict(entries));
}
