// Lightning's `_CheckpointConnector`: builds the checkpoint dict from a trainer (dump) and puts
// a loaded one back (restore), in Lightning's order: model weights and the module's
// onLoadCheckpoint, callbacks, then optimizers, schedulers and the loop position.
import * as tf from "@tensorflow/tfjs-core";
import { Optimizer, Tensor, isWebGPUActive } from "../deps.ts";
import type { Trainer } from "../trainer.ts";
import { isOverridden } from "../lightning_module.ts";
import { CheckpointMismatchError } from "./errors.ts";
import { asCheckpointError, checkOptimizerKind, snapshotTrainingState } from "./restore_guard.ts";
import { defaultGenerator, type GeneratorState } from "../../random/generator.ts";
import {
  CHECKPOINT_FORMAT, CHECKPOINT_FORMAT_VERSION, FULGUR_VERSION, type Checkpoint,
} from "./format.ts";

/** What a checkpoint is taken between: two batches of an epoch, or two epochs (or outside fit). */
export type SavePoint = { midEpoch: boolean };

/**
 * On webgpu, reads every tensor a checkpoint holds (weights, gradients, optimizer state)
 * without blocking first: tfjs keeps the copy until the tensor is next written, so the
 * synchronous reads of dumpCheckpoint then succeed where a blocking GPU read is impossible.
 */
export async function prefetchCheckpointData(trainer: Trainer): Promise<void> {
  const model = trainer.lightningModule;
  if (model === null || !isWebGPUActive()) return;
  const reads: Promise<unknown>[] = [];
  for (const [, p] of model.namedParameters()) {
    reads.push(p.value.data());
    if (p.grad !== null) reads.push(p.grad.value.data());
  }
  for (const [, b] of model.namedBuffers()) reads.push(b.value.data());
  for (const o of trainer.optimizers as any[]) if (typeof o.stateDictAsync === "function") reads.push(o.stateDictAsync());
  await Promise.all(reads);
}

/**
 * An optimizer's state_dict with its buffers as Float32Arrays (torch's layout, as stateDict()):
 * the binary checkpoint stores them as blocks without a round trip through number arrays.
 */
/** optim's StateBuffer (the trainer reaches optim only through ../deps.ts, which does not export it). */
const isStateBuffer = (v: unknown): v is { data(): Float32Array } =>
  typeof (v as { data?: unknown })?.data === "function" && typeof (v as { toJSON?: unknown }).toJSON === "function" && typeof (v as { free?: unknown }).free === "function";

function optimizerStateTensors(o: any): Record<string, unknown> {
  if (!(o instanceof Optimizer)) return typeof o?.stateDict === "function" ? o.stateDict() : {};
  const copy = (v: unknown): unknown => (Array.isArray(v) ? v.map(copy) : v instanceof Float32Array ? v.slice() : v);
  // parameter → index as stateDict() numbers them (first appearance across the groups)
  const index = new Map<unknown, number>();
  let start = 0;
  const paramGroups = o.paramGroups.map((g) => {
    const packed: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(g)) if (k !== "params") packed[k] = copy(v);
    g.params.forEach((p, i) => { if (!index.has(p)) index.set(p, start + i); });
    start += g.params.length;
    return { ...packed, params: g.params.map((p) => index.get(p)!) };
  });
  const state: Record<string, Record<string, unknown>> = {};
  for (const [p, st] of o.state) {
    const i = index.get(p);
    if (i === undefined) continue;
    state[String(i)] = Object.fromEntries(Object.entries(st).map(([k, v]) => [k, isStateBuffer(v) ? v.data() : copy(v)]));
  }
  return { state, paramGroups };
}

export function dumpCheckpoint(trainer: Trainer, at: SavePoint, weightsOnly = false, binary = false): Checkpoint {
  const model = trainer.lightningModule;
  if (model === null) throw new CheckpointMismatchError("saveCheckpoint needs a model: call it during or after `trainer.fit(model, ...)`.");
  // parameters and persistent buffers (running statistics), under torch's state_dict names
  const stateDict: Record<string, Float32Array> = model.stateDict();
  const ckpt: Checkpoint = {
    format: CHECKPOINT_FORMAT,
    formatVersion: CHECKPOINT_FORMAT_VERSION,
    fulgurVersion: FULGUR_VERSION,
    epoch: trainer.currentEpoch,
    globalStep: trainer.globalStep,
    stateDict,
    optimizerStates: [],
    lrSchedulers: [],
    loops: null,
    callbacks: {},
    hyperParameters: { ...model.hparams },
  };
  if (!weightsOnly) {
    ckpt.optimizerStates = trainer.optimizers.map((o: any) => (binary ? optimizerStateTensors(o) : typeof o.stateDict === "function" ? o.stateDict() : {}));
    ckpt.lrSchedulers = trainer.lrSchedulerConfigs.map((c) => c.scheduler.stateDict());
    ckpt.loops = {
      fitLoop: trainer.fitLoop.stateDict(at.midEpoch),
      logger: trainer.loggerConnector.stateDict(),
      // gradients accumulated so far in this window (and null-vs-zero grads, which optimizers treat differently)
      grads: savedGrads(trainer, at),
      // torch's global generator (dropout masks, shuffles, base seeds), so a resumed run draws on
      rng: { torch: defaultGenerator.getState() },
    };
    for (const cb of trainer.callbacks) {
      const state = cb.stateDict();
      if (Object.keys(state).length) ckpt.callbacks[cb.stateKey] = state;
    }
    // the datamodule's state under its class name, as Lightning saves it
    const dm = trainer.datamodule;
    if (dm !== null) {
      const state = dm.stateDict();
      if (Object.keys(state).length) ckpt[dm.constructor.name] = state;
    }
    for (const cb of trainer.callbacks) cb.onSaveCheckpoint(trainer, model, ckpt);
  }
  if (typeof (model as any).onSaveCheckpoint === "function") (model as any).onSaveCheckpoint(ckpt);
  return ckpt;
}

/** Model weights, the module's onLoadCheckpoint and the callbacks' state (before configureOptimizers). */
export function restoreModelAndCallbacks(trainer: Trainer, ckpt: Checkpoint, where: string): void {
  const model = trainer.lightningModule!;
  // Lightning 1.9.5's restore_model: the module's hook first, so it may rewrite the checkpoint
  // (rename state_dict keys of a checkpoint written by another module layout), then the weights
  if (typeof (model as any).onLoadCheckpoint === "function") (model as any).onLoadCheckpoint(ckpt);
  // kept until the training state is restored too: a checkpoint that fails there leaves the
  // module's weights as they were (all or nothing)
  weightsBefore.set(trainer, model.stateDictTensors());
  try {
    model.loadStateDict(ckpt.stateDict);
  } catch (e) {
    throw new CheckpointMismatchError(`Error(s) in loading the model weights from ${where}: ${(e as Error).message}`);
  }
  // Lightning's order: model, datamodule, callbacks
  try {
    const dm = trainer.datamodule;
    if (dm !== null && ckpt[dm.constructor.name] !== undefined) dm.loadStateDict(ckpt[dm.constructor.name] as Record<string, unknown>);
    for (const cb of trainer.callbacks) cb.onLoadCheckpoint(trainer, model, ckpt);
    for (const cb of trainer.callbacks) {
      const state = ckpt.callbacks[cb.stateKey];
      if (state !== undefined) cb.loadStateDict(state);
    }
  } catch (e) {
    // all or nothing: the weights go back when the callbacks' or datamodule's state does not load
    const before = weightsBefore.get(trainer);
    weightsBefore.delete(trainer);
    if (before !== undefined) model.loadStateDict(before);
    throw asCheckpointError(e, where, "callback / datamodule state");
  }
}

const weightsBefore = new WeakMap<Trainer, ReturnType<LightningModuleLike["stateDictTensors"]>>();
type LightningModuleLike = NonNullable<Trainer["lightningModule"]>;

/** Optimizers, schedulers, loop position, logged metrics and in-flight gradients (after configureOptimizers). */
export function restoreTrainingState(trainer: Trainer, ckpt: Checkpoint, where: string, trainLoader: unknown): void {
  const before = weightsBefore.get(trainer);
  weightsBefore.delete(trainer);
  const undo = snapshotTrainingState(trainer);
  try {
    applyTrainingState(trainer, ckpt, where, trainLoader);
  } catch (e) {
    if (before !== undefined) trainer.lightningModule!.loadStateDict(before);
    undo();
    throw asCheckpointError(e, where, "training state");
  }
}

function applyTrainingState(trainer: Trainer, ckpt: Checkpoint, where: string, trainLoader: unknown): void {
  if (ckpt.loops === null) {
    throw new CheckpointMismatchError(
      `${where} was saved with weightsOnly=true: it has no optimizer or loop state to resume training from.` +
        " Load its weights with `model.loadStateDict(...)` and start a new fit instead.",
    );
  }
  if (ckpt.optimizerStates.length !== trainer.optimizers.length) {
    throw new CheckpointMismatchError(
      `${where} holds ${ckpt.optimizerStates.length} optimizer state(s) but \`configureOptimizers\` returned` +
        ` ${trainer.optimizers.length} optimizer(s). Resume with the same configuration it was saved with.`,
    );
  }
  // StochasticWeightAveraging cleared the configured scheduler and restores its own SWALR later
  const callbackRestoresScheduler = trainer.callbacks.some((cb) => (cb as { restoresSchedulerState?: boolean }).restoresSchedulerState === true);
  if (!callbackRestoresScheduler && ckpt.lrSchedulers.length !== trainer.lrSchedulerConfigs.length) {
    throw new CheckpointMismatchError(
      `${where} holds ${ckpt.lrSchedulers.length} scheduler state(s) but \`configureOptimizers\` returned` +
        ` ${trainer.lrSchedulerConfigs.length} scheduler(s). Resume with the same configuration it was saved with.`,
    );
  }
  trainer.optimizers.forEach((o: any, i: number) => {
    if (typeof o.loadStateDict !== "function") return;
    checkOptimizerKind(o, ckpt.optimizerStates[i], i, where);
    try {
      o.loadStateDict(ckpt.optimizerStates[i]);
    } catch (e) {
      throw new CheckpointMismatchError(`Error loading the state of optimizer ${i} (${o.constructor?.name}) from ${where}: ${(e as Error).message}`);
    }
  });
  trainer.lrSchedulerConfigs.forEach((c, i) => c.scheduler.loadStateDict(ckpt.lrSchedulers[i]));
  const loops = ckpt.loops as Record<string, any>;
  // before the loop position: a DataLoader compares its epoch-start state with the restored one
  // (checkpoints written before the torch generator have no `rng`)
  const rng = loops.rng as { torch?: GeneratorState } | undefined;
  if (rng?.torch) defaultGenerator.setState(rng.torch);
  trainer.fitLoop.loadStateDict(loops.fitLoop, trainLoader);
  trainer.loggerConnector.loadStateDict(loops.logger);
  restoreGrads(trainer, loops.grads ?? {}, where);
}

/**
 * The gradients a resume needs. Their values matter only inside an accumulation window: when the
 * next batch starts a window in automatic optimization, Lightning's default optimizerZeroGrad
 * zeroes every optimizer's gradients in place before its backward, so only "a gradient exists"
 * (not null) is saved for the parameters the optimizers own — "zeros" — which keeps a binary
 * checkpoint at weights + optimizer state (12 bytes a parameter with Adam), not 16.
 */
function savedGrads(trainer: Trainer, at: SavePoint): Record<string, Float32Array | null | "zeros"> {
  const model = trainer.lightningModule!;
  const epochLoop = trainer.fitLoop.epochLoop;
  const nextStartsWindow = model.automaticOptimization &&
    (!at.midEpoch || (epochLoop.batchIdx + 1) % trainer.accumulateGradBatches === 0) &&
    !isOverridden(model, "optimizerZeroGrad");
  const owned = new Set<unknown>();
  if (nextStartsWindow) {
    for (const o of trainer.optimizers as any[]) for (const g of o.paramGroups ?? []) for (const p of g.params ?? []) owned.add(p);
  }
  return Object.fromEntries(model.namedParameters().map(([n, p]) => {
    if (p.grad === null) return [n, null];
    return [n, owned.has(p) ? "zeros" : p.grad.dataSync()];
  }));
}

function restoreGrads(trainer: Trainer, grads: Record<string, Float32Array | null | "zeros">, where: string): void {
  for (const [name, p] of trainer.lightningModule!.namedParameters()) {
    const g = grads[name];
    if (g === undefined) continue;
    if (p.grad !== null) p.grad.value.dispose();
    if (g === null) {
      p.grad = null;
      continue;
    }
    if (g === "zeros") {
      p.grad = new Tensor(tf.keep(tf.zeros(p.shape, "float32")));
      continue;
    }
    if (g.length !== p.size) throw new CheckpointMismatchError(`${where}: the saved gradient of "${name}" has ${g.length} values, the parameter ${p.size}.`);
    p.grad = new Tensor(tf.keep(tf.tensor(g, p.shape, "float32")));
  }
}
