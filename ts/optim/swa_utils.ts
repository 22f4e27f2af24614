// torch 1.13's torch.optim.swa_utils: SWALR (anneal each group's lr to a fixed SWA lr) and
// AveragedModel (a running average of a model's parameters), plus update_bn.
import * as tf from "@tensorflow/tfjs-core";
import { noGrad, Parameter, setValue, Tensor } from "../autograd/index.ts";
import { Module } from "../nn/module.ts";
import { FulgurTypeError } from "../errors.ts";
import { LRScheduler } from "./lr_scheduler/lr_scheduler.ts";
import { ValueError } from "./lr_scheduler/errors.ts";
import { correctlyRoundedCos as cos } from "./lr_scheduler/correctly_rounded_cos.ts";
import type { SchedulableOptimizer } from "./lr_scheduler/types.ts";

export type AnnealStrategy = "cos" | "linear";

/** SWALR's options. */
export interface SWALROptions {
  /** The SWA learning rate: one for every group, or one per group. */
  swaLr: number | number[];
  annealEpochs?: number;
  annealStrategy?: AnnealStrategy;
  lastEpoch?: number;
  verbose?: boolean;
}

/**
 * torch's SWALR: over `annealEpochs` steps, moves every group's lr from its value to `swaLr`
 * (cosine or linear), then holds it. Like torch, each step recovers the lr it started from out
 * of the group's current lr, so it composes with other schedulers the same way.
 */
export class SWALR extends LRScheduler {
  annealEpochs: number;
  annealStrategy: AnnealStrategy;

  constructor(optimizer: SchedulableOptimizer, opts: SWALROptions) {
    const groups = optimizer?.paramGroups ?? [];
    const swaLrs = formatSwaLrs(groups.length, opts.swaLr);
    const strategy = opts.annealStrategy ?? "cos";
    const annealEpochs = opts.annealEpochs ?? 10;
    if (strategy !== "cos" && strategy !== "linear") {
      throw new ValueError(`anneal_strategy must by one of 'cos' or 'linear', instead got ${strategy}`);
    }
    if (!Number.isInteger(annealEpochs) || annealEpochs < 0) {
      throw new ValueError(`anneal_epochs must be equal or greater than 0, got ${annealEpochs}`);
    }
    swaLrs.forEach((lr, i) => { (groups[i] as Record<string, unknown>).swaLr = lr; });
    super(optimizer, opts.lastEpoch ?? -1, opts.verbose ?? false);
    this.annealEpochs = annealEpochs;
    this.annealStrategy = strategy;
    this.initialStep();
  }

  private anneal(t: number): number {
    return this.annealStrategy === "cos" ? (1 - cos(Math.PI * t)) / 2 : t;
  }

  getLr(): number[] {
    let step = this.stepCount - 1;
    if (this.annealEpochs === 0) step = Math.max(1, step);
    const prevT = Math.max(0, Math.min(1, (step - 1) / Math.max(1, this.annealEpochs)));
    const prevAlpha = this.anneal(prevT);
    const prevLrs = this.groups.map((g) => initialLr(g.lr, (g as Record<string, unknown>).swaLr as number, prevAlpha));
    const t = Math.max(0, Math.min(1, step / Math.max(1, this.annealEpochs)));
    const alpha = this.anneal(t);
    return this.groups.map((g, i) => ((g as Record<string, unknown>).swaLr as number) * alpha + prevLrs[i]! * (1 - alpha));
  }
}

function initialLr(lr: number, swaLr: number, alpha: number): number {
  if (alpha === 1) return swaLr;
  return (lr - alpha * swaLr) / (1 - alpha);
}

function formatSwaLrs(nGroups: number, swaLr: number | number[]): number[] {
  if (Array.isArray(swaLr)) {
    if (swaLr.length !== nGroups) {
      throw new ValueError(
        "swa_lr must have the same length as optimizer.param_groups: swa_lr has " +
          `${swaLr.length}, optimizer.param_groups has ${nGroups}`,
      );
    }
    return swaLr.slice();
  }
  return new Array<number>(nGroups).fill(swaLr);
}

/** `avg_fn(averaged, current, numAveraged)` → the new average (torch's signature). */
export type AvgFn = (averaged: Tensor, current: Tensor, numAveraged: number) => Tensor;

/** torch's default avg_fn: the equally weighted running mean, in float32 as torch computes it. */
export const equalAverage: AvgFn = (averaged, current, n) => averaged.add(current.sub(averaged).div(n + 1));

/** Writes `avgFn(dst, src, n)` (or src when n = 0) into each dst tensor, without a graph. */
export function averageInto(dst: Tensor[], src: Tensor[], n: number, avgFn: AvgFn): void {
  noGrad(() => {
    dst.forEach((d, i) => {
      const s = src[i]!;
      const next = n === 0 ? s.value : tf.tidy(() => avgFn(d, s, n).value);
      setValue(d, n === 0 ? tf.clone(next) : next);
    });
  });
}

/** AveragedModel's options: the averaging function and whether buffers are averaged too. */
export interface AveragedModelOptions {
  avgFn?: AvgFn;
  /** Also average the buffers (running statistics) instead of keeping them. */
  useBuffers?: boolean;
}

/**
 * torch's AveragedModel: a deep copy of `model` whose parameters hold the running average of
 * `model`'s, updated by `updateParameters(model)`; calling it runs the copy. The copy is made
 * at construction (the first update overwrites it with `model`'s current weights).
 */
export class AveragedModel extends Module {
  readonly module: Module;
  /** How many models were averaged (torch's `n_averaged` buffer). */
  nAveraged = 0;
  readonly avgFn: AvgFn;
  readonly useBuffers: boolean;

  constructor(model: Module, opts: AveragedModelOptions = {}) {
    super();
    if (!(model instanceof Module)) throw new FulgurTypeError("AveragedModel expects a Module to average");
    this.registerModule("module", deepCopyModule(model));
    this.module = (this as any).module;
    this.avgFn = opts.avgFn ?? equalAverage;
    this.useBuffers = opts.useBuffers ?? false;
  }

  forward(...args: any[]): any {
    return this.module.call(...args);
  }

  updateParameters(model: Module): void {
    const mine = this.useBuffers ? [...this.module.parameters(), ...this.module.buffers()] : this.module.parameters();
    const theirs = this.useBuffers ? [...model.parameters(), ...model.buffers()] : model.parameters();
    const n = Math.min(mine.length, theirs.length);
    averageInto(mine.slice(0, n), theirs.slice(0, n), this.nAveraged, this.avgFn);
    this.nAveraged += 1;
  }
}

/**
 * Python's deepcopy for a Module tree: the same classes, every Parameter/Tensor (buffers too)
 * a fresh copy, shared sub-objects shared once in the copy; functions and primitives as is.
 */
export function deepCopyModule<M extends Module>(model: M): M {
  const memo = new Map<unknown, unknown>();
  const copy = (v: unknown): unknown => {
    if (v === null || typeof v !== "object") return v;
    if (memo.has(v)) return memo.get(v);
    if (v instanceof Parameter) {
      const p = new Parameter(tf.clone(v.value), v.requiresGrad);
      memo.set(v, p);
      return p;
    }
    if (v instanceof Tensor) {
      const t = new Tensor(tf.keep(tf.clone(v.value)), false);
      memo.set(v, t);
      return t;
    }
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      memo.set(v, out);
      for (const x of v) out.push(copy(x));
      return out;
    }
    if (v instanceof Map) {
      const out = new Map();
      memo.set(v, out);
      for (const [k, x] of v) out.set(k, copy(x));
      return out;
    }
    if (ArrayBuffer.isView(v) || v instanceof Promise) return v;
    const out = Object.create(Object.getPrototypeOf(v));
    memo.set(v, out);
    const buffers: Map<string, { value: Tensor | null; persistent: boolean }> | undefined =
      v instanceof Module ? (v as any)._buffers : undefined;
    for (const key of Reflect.ownKeys(v)) {
      if (buffers && typeof key === "string" && (key === "_buffers" || buffers.has(key))) continue;
      const d = Object.getOwnPropertyDescriptor(v, key)!;
      if ("value" in d) Object.defineProperty(out, key, { ...d, value: copy(d.value) });
      else Object.defineProperty(out, key, d);
    }
    if (buffers) {
      // buffers are accessor fields bound to their entry: register them afresh on the copy
      Object.defineProperty(out, "_buffers", { value: new Map(), writable: false, enumerable: true, configurable: true });
      for (const [name, e] of buffers) (out as Module).registerBuffer(name, copy(e.value) as Tensor | null, { persistent: e.persistent });
    }
    return out;
  };
  return copy(model) as M;
}

/**
 * torch's update_bn: resets every BatchNorm's running statistics and recomputes them with one
 * pass over `loader` (cumulative average: momentum null), in training mode, without a graph.
 * A batch that is an array passes its first element to the model.
 */
export async function updateBn(loader: Iterable<unknown> | AsyncIterable<unknown>, model: Module): Promise<void> {
  const bns = model.modules().filter(isBatchNorm);
  if (!bns.length) return;
  const momenta = bns.map((m) => (m as any).momentum);
  for (const m of bns) resetBatchNormStats(m);
  const wasTraining = model.training;
  model.train();
  for (const m of bns) (m as any).momentum = null;
  for await (const batch of loader as AsyncIterable<unknown>) {
    const input = Array.isArray(batch) ? batch[0] : batch;
    noGrad(() => tf.tidy(() => { model.call(input); }));
  }
  bns.forEach((m, i) => { (m as any).momentum = momenta[i]; });
  model.train(wasTraining);
}

/** torch's `isinstance(module, _BatchNorm)`, structurally (running stats + momentum). */
export function isBatchNorm(m: Module): boolean {
  return /^BatchNorm\dd$/.test(m.constructor.name) || ("runningMean" in m && "runningVar" in m && "momentum" in m);
}

/** running_mean = 0, running_var = 1, num_batches_tracked = 0 (same shapes and dtypes), in place. */
export function resetBatchNormStats(m: Module): void {
  const bn = m as any;
  noGrad(() => {
    if (bn.runningMean instanceof Tensor) setValue(bn.runningMean, tf.zerosLike(bn.runningMean.value));
    if (bn.runningVar instanceof Tensor) setValue(bn.runningVar, tf.onesLike(bn.runningVar.value));
    if (bn.numBatchesTracked instanceof Tensor) setValue(bn.numBatchesTracked, tf.zerosLike(bn.numBatchesTracked.value));
  });
}
