// OneCycleLR (torch 1.13): warm up from maxLr/divFactor to maxLr, then anneal to
// initialLr/finalDivFactor (optionally in three phases), cycling momentum (SGD-style
// `momentum`, or `betas[0]` when the optimizer's defaults have `betas`) inversely.
import { ValueError } from "./errors.ts";
import { formatParam } from "./format_param.ts";
import { LRScheduler, assertOptimizer, type SchedulerBaseOptions } from "./lr_scheduler.ts";
import { correctlyRoundedCos as cos } from "./correctly_rounded_cos.ts";
import type { SchedulableOptimizer, SchedulerParamGroup } from "./types.ts";
import { validateSchedulerOptions } from "../../validation/scheduler_options.ts";

export type AnnealStrategy = "cos" | "linear";

/** OneCycleLR's options. */
export interface OneCycleLROptions extends SchedulerBaseOptions {
  maxLr: number | number[];
  totalSteps?: number | null;
  epochs?: number | null;
  stepsPerEpoch?: number | null;
  pctStart?: number;
  annealStrategy?: AnnealStrategy;
  cycleMomentum?: boolean;
  baseMomentum?: number | number[];
  maxMomentum?: number | number[];
  divFactor?: number;
  finalDivFactor?: number;
  threePhase?: boolean;
}

/** One phase: ends at `endStep`, moving between the named param-group keys. */
export interface OneCyclePhase {
  endStep: number;
  startLr: string;
  endLr: string;
  startMomentum: string;
  endMomentum: string;
}

function totalStepsOf(opts: OneCycleLROptions): number {
  const { totalSteps, epochs, stepsPerEpoch } = opts;
  if (totalSteps == null && epochs == null && stepsPerEpoch == null) {
    throw new ValueError("You must define either total_steps OR (epochs AND steps_per_epoch)");
  }
  if (totalSteps != null) {
    if (!Number.isInteger(totalSteps) || totalSteps <= 0) throw new ValueError(`Expected positive integer total_steps, but got ${totalSteps}`);
    return totalSteps;
  }
  if (epochs == null || !Number.isInteger(epochs) || epochs <= 0) throw new ValueError(`Expected positive integer epochs, but got ${epochs}`);
  if (stepsPerEpoch == null || !Number.isInteger(stepsPerEpoch) || stepsPerEpoch <= 0) {
    throw new ValueError(`Expected positive integer steps_per_epoch, but got ${stepsPerEpoch}`);
  }
  return epochs * stepsPerEpoch;
}

function phasesOf(totalSteps: number, pctStart: number, threePhase: boolean): OneCyclePhase[] {
  const warmupEnd = pctStart * totalSteps - 1;
  if (threePhase) {
    return [
      { endStep: warmupEnd, startLr: "initialLr", endLr: "maxLr", startMomentum: "maxMomentum", endMomentum: "baseMomentum" },
      { endStep: 2 * pctStart * totalSteps - 2, startLr: "maxLr", endLr: "initialLr", startMomentum: "baseMomentum", endMomentum: "maxMomentum" },
      { endStep: totalSteps - 1, startLr: "initialLr", endLr: "minLr", startMomentum: "maxMomentum", endMomentum: "maxMomentum" },
    ];
  }
  return [
    { endStep: warmupEnd, startLr: "initialLr", endLr: "maxLr", startMomentum: "maxMomentum", endMomentum: "baseMomentum" },
    { endStep: totalSteps - 1, startLr: "maxLr", endLr: "minLr", startMomentum: "baseMomentum", endMomentum: "maxMomentum" },
  ];
}

function setBeta1(group: SchedulerParamGroup, beta1: number): void {
  const betas = group.betas as number[];
  group.betas = [beta1, ...betas.slice(1)]; // a new tuple, as torch assigns one
}

/** torch.optim.lr_scheduler.OneCycleLR: the 1cycle policy (warm up to `maxLr`, anneal far below), stepped every batch. */
export class OneCycleLR extends LRScheduler {
  totalSteps: number;
  schedulePhases: OneCyclePhase[];
  annealStrategy: AnnealStrategy;
  cycleMomentum: boolean;
  useBeta1?: boolean;

  constructor(optimizer: SchedulableOptimizer, opts: OneCycleLROptions) {

    validateSchedulerOptions("OneCycleLR", opts);
    assertOptimizer(optimizer);
    const lastEpoch = opts.lastEpoch ?? -1;
    const totalSteps = totalStepsOf(opts);
    const pctStart = opts.pctStart ?? 0.3;
    const schedulePhases = phasesOf(totalSteps, pctStart, opts.threePhase ?? false);
    // torch also rejects an int pct_start; JavaScript numbers cannot tell 1 from 1.0
    if (!(pctStart >= 0 && pctStart <= 1)) throw new ValueError(`Expected float between 0 and 1 pct_start, but got ${pctStart}`);
    const annealStrategy = opts.annealStrategy ?? "cos";
    if (annealStrategy !== "cos" && annealStrategy !== "linear") {
      throw new ValueError(`anneal_strategy must by one of 'cos' or 'linear', instead got ${annealStrategy}`);
    }
    const divFactor = opts.divFactor ?? 25.0;
    const finalDivFactor = opts.finalDivFactor ?? 1e4;
    const maxLrs = formatParam("max_lr", optimizer, opts.maxLr);
    if (lastEpoch === -1) {
      optimizer.paramGroups.forEach((g, i) => {
        g.initialLr = maxLrs[i]! / divFactor;
        g.maxLr = maxLrs[i]!;
        g.minLr = (g.initialLr as number) / finalDivFactor;
      });
    }
    const cycleMomentum = opts.cycleMomentum ?? true;
    let useBeta1: boolean | undefined;
    if (cycleMomentum) {
      const d = optimizer.defaults;
      if (!("momentum" in d) && !("betas" in d)) {
        throw new ValueError("optimizer must support momentum with `cycle_momentum` option enabled");
      }
      useBeta1 = "betas" in d;
      const maxMomentums = formatParam("max_momentum", optimizer, opts.maxMomentum ?? 0.95);
      const baseMomentums = formatParam("base_momentum", optimizer, opts.baseMomentum ?? 0.85);
      if (lastEpoch === -1) {
        optimizer.paramGroups.forEach((g, i) => {
          if (useBeta1) setBeta1(g, maxMomentums[i]!);
          else g.momentum = maxMomentums[i]!;
          g.maxMomentum = maxMomentums[i]!;
          g.baseMomentum = baseMomentums[i]!;
        });
      }
    }
    super(optimizer, lastEpoch, opts.verbose ?? false);
    this.totalSteps = totalSteps;
    this.schedulePhases = schedulePhases;
    this.annealStrategy = annealStrategy;
    this.cycleMomentum = cycleMomentum;
    if (cycleMomentum) this.useBeta1 = useBeta1;
    this.initialStep();
  }

  protected anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === "cos") {
      const cosOut = cos(Math.PI * pct) + 1;
      return end + ((start - end) / 2.0) * cosOut;
    }
    return (end - start) * pct + start;
  }

  getLr(): number[] {
    const stepNum = this.lastEpoch;
    if (stepNum > this.totalSteps) {
      throw new ValueError(`Tried to step ${stepNum + 1} times. The specified number of total steps is ${this.totalSteps}`);
    }
    const phases = this.schedulePhases;
    return this.groups.map((group) => {
      let startStep = 0;
      let lr = 0;
      let momentum = 0;
      for (let i = 0; i < phases.length; i++) {
        const phase = phases[i]!;
        const endStep = phase.endStep;
        if (stepNum <= endStep || i === phases.length - 1) {
          const pct = (stepNum - startStep) / (endStep - startStep);
          lr = this.anneal(group[phase.startLr] as number, group[phase.endLr] as number, pct);
          if (this.cycleMomentum) momentum = this.anneal(group[phase.startMomentum] as number, group[phase.endMomentum] as number, pct);
          break;
        }
        startStep = phase.endStep;
      }
      if (this.cycleMomentum) {
        if (this.useBeta1) setBeta1(group, momentum);
        else group.momentum = momentum;
      }
      return lr;
    });
  }
}
