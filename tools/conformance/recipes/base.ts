// The base class of every recipe: holds the scenario's networks and records what the
// scenario's `expect` holds, using only hooks a user could override (FORMAT.md "expect").
import * as tf from "@tensorflow/tfjs-core";
import { LightningModule, type OptimizerConfig } from "../../../ts/trainer/index.ts";
import type { Scenario } from "../scenario.ts";
import type { Recorder } from "../record.ts";
import type { LossFn } from "../losses.ts";
import type { Batch } from "../build_data.ts";
import type { BuiltOptimizers } from "../build_optimizers.ts";

export interface ScenarioParts {
  scenario: Scenario;
  modules: Map<string, any>;
  params: Map<string, any>;          // "net.0.weight" → Parameter
  losses: Map<string, LossFn>;
  recorder: Recorder;
  buildOptimizers: () => BuiltOptimizers;
}

export class ScenarioModule extends LightningModule {
  protected readonly parts: ScenarioParts;
  protected readonly rec: Recorder;
  /** The optimizers and schedulers configureOptimizers created, in scenario order. */
  opts: any[] = [];
  scheds: any[] = [];
  /** Batch index within the epoch, kept after the epoch's last batch for epoch-end events. */
  batchIdx = -1;
  /** Optimizer whose training_step runs now (automatic mode). */
  currentOptimizerIdx = 0;

  constructor(parts: ScenarioParts) {
    super();
    this.parts = parts;
    this.rec = parts.recorder;
    for (const [name, m] of parts.modules) this.registerModule(name, m);
    // format /2: validation_step exists only where the scenario has validation data
    const val = parts.scenario.val;
    if (val) {
      (this as any).validationStep = (batch: Batch) => {
        const loss = parts.losses.get(val.loss)!(batch);
        this.log("val_loss", loss);
        return loss;
      };
    }
  }

  /** The recipes call their networks directly; nothing calls the LightningModule itself. */
  forward(): never {
    throw new Error("a conformance recipe has no forward(); its training_step calls the scenario's networks");
  }

  configureOptimizers(): OptimizerConfig {
    const built = this.parts.buildOptimizers();
    this.opts = built.optimizers;
    this.scheds = built.schedulers;
    // the scenario's shape, checked by the Trainer at run time (error scenarios give wrong ones on purpose)
    return built.configureOptimizersOutput as OptimizerConfig;
  }

  /** L(i): the loss term optimizer i trains, on this batch. */
  lossFor(optimizerIdx: number, batch: Batch): any {
    return this.parts.losses.get(this.parts.scenario.optimizers[optimizerIdx].loss)!(batch);
  }

  module(name: string): any {
    return this.parts.modules.get(name);
  }

  /** Index of a torch optimizer (or the LightningOptimizer wrapping it) among the scenario's. */
  optimizerIndexOf(optimizer: any): number | null {
    const i = this.opts.indexOf(optimizer?.optimizer ?? optimizer);
    return i >= 0 ? i : null;
  }

  protected event(name: "zero_grad" | "backward" | "step" | "clip" | "sched" | "val" | "sanity", optimizerIdx: number | null): void {
    this.rec.event(name, this.trainer!.currentEpoch, this.batchIdx, optimizerIdx);
  }

  lrs(): number[][] {
    return this.opts.map((o) => o.paramGroups.map((g: { lr: number }) => g.lr));
  }

  /** Parameter values, read without blocking (webgpu in Node has no synchronous read). */
  async paramValues(): Promise<Record<string, number[]>> {
    const entries = [...this.parts.params];
    const values = await Promise.all(entries.map(([, p]) => p.value.data() as Promise<Float32Array>));
    return Object.fromEntries(entries.map(([name], i) => [name, Array.from(values[i])]));
  }

  /** Losses handed to backward in this batch, not read yet (kept copies; read at batch end). */
  private unreadLosses: any[] = [];

  // ---- recording hooks ----

  onTrainBatchStart(_batch: unknown, batchIdx: number): void {
    this.batchIdx = batchIdx;
    this.rec.batchesStarted++;
  }

  onBeforeZeroGrad(optimizer: any): void {
    // Manual mode has no zero_grad hook in Lightning; the manual recipes record their own calls.
    if (this.automaticOptimization) this.event("zero_grad", this.optimizerIndexOf(optimizer));
  }

  onBeforeBackward(loss: any): void {
    // read at batch end with the parameters: a read here would be a GPU sync mid-step
    this.unreadLosses.push(tf.keep(tf.clone(loss.value)));
    this.event("backward", this.automaticOptimization ? this.currentOptimizerIdx : null);
  }

  onBeforeOptimizerStep(optimizer: any, optimizerIdx: number): void {
    this.event("step", optimizerIdx ?? this.optimizerIndexOf(optimizer));
  }

  clipGradients(optimizer: any, gradientClipVal?: any, gradientClipAlgorithm?: string | null): void {
    const requested = typeof gradientClipVal === "object" && gradientClipVal !== null ? gradientClipVal.gradientClipVal : gradientClipVal;
    const value = requested ?? (this.trainer as any)?.gradientClipVal ?? 0;
    if (value > 0) this.event("clip", this.optimizerIndexOf(optimizer));
    super.clipGradients(optimizer, gradientClipVal, gradientClipAlgorithm as any);
  }

  lrSchedulerStep(scheduler: any, optimizerIdx: number, metric?: any): void {
    // only the scenario's schedulers are events (a callback's, e.g. StochasticWeightAveraging's SWALR, are not)
    if (this.scheds.includes(scheduler)) this.event("sched", optimizerIdx);
    super.lrSchedulerStep(scheduler, optimizerIdx, metric);
  }

  /** Flushes the losses read so far into the recorder's pending list. */
  protected async readLosses(): Promise<void> {
    const losses = this.unreadLosses;
    this.unreadLosses = [];
    for (const l of losses) {
      this.rec.pendingLosses.push((await l.data())[0]);
      l.dispose();
    }
  }

  onValidationStart(): void {
    if (this.trainer!.sanityChecking) this.rec.event("sanity", this.trainer!.currentEpoch, this.batchIdx, null);
    else this.event("val", null);
  }

  async onValidationEnd(): Promise<void> {
    const trainer = this.trainer!;
    const record = { epoch: trainer.currentEpoch, batch: this.batchIdx, sanity: trainer.sanityChecking, global_step: trainer.globalStep };
    const v = trainer.callbackMetrics.val_loss as unknown;
    const val_loss = v === undefined ? NaN : typeof v === "number" ? v : (await (v as any).data())[0];
    this.rec.vals.push({ ...record, val_loss });
  }

  async onTrainBatchEnd(_outputs: unknown, _batch: unknown, batchIdx: number): Promise<void> {
    const trainer = this.trainer!;
    // everything is taken before the first await: the trainer state can't move while we wait
    const record = { epoch: trainer.currentEpoch, batch: batchIdx, lrs: this.lrs(), global_step: trainer.globalStep };
    const params = this.paramValues();
    await this.readLosses();
    this.rec.batchEnd({ ...record, params: await params });
  }
}
