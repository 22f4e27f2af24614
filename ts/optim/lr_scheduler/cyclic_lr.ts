// CyclicLR (torch 1.13): lr cycles between baseLr and maxLr; with cycleMomentum the
// group's `momentum` cycles inversely. torch 1.13 checks only for a `momentum` default, so
// Adam-style optimizers (betas) raise unless cycleMomentum is false.
import { ValueError } from "./errors.ts";
import { formatParam } from "./format_param.ts";
import { LRScheduler, assertOptimizer, type SchedulerBaseOptions } from "./lr_scheduler.ts";
import { pow } from "../../backend/scalar_math.ts";
import type { SchedulableOptimizer } from "./types.ts";
import type { SchedulerStateDict } from "./state.ts";
import { applyState, collectState } from "./state.ts";
import { validateSchedulerOptions } from "../../validation/scheduler_options.ts";

export type CyclicMode = "triangular" | "triangular2" | "exp_range";
export type ScaleMode = "cycle" | "iterations";

/** CyclicLR's options. */
export interface CyclicLROptions extends SchedulerBaseOptions {
  baseLr: number | number[];
  maxLr: number | number[];
  stepSizeUp?: number;
  stepSizeDown?: number | null;
  mode?: CyclicMode;
  gamma?: number;
  scaleFn?: ((x: number) => number) | null;
  scaleMode?: ScaleMode;
  cycleMomentum?: boolean;
  baseMomentum?: number | number[];
  maxMomentum?: number | number[];
}

const MODES: readonly string[] = ["triangular", "triangular2", "exp_range"];

/** torch.optim.lr_scheduler.CyclicLR: the lr cycles between `baseLr` and `maxLr` (triangular, triangular2, exp_range). */
export class CyclicLR extends LRScheduler {
  maxLrs: number[];
  totalSize: number;
  stepRatio: number;
  mode: string;
  gamma: number;
  scaleFnCustom: ((x: number) => number) | null;
  scaleMode: ScaleMode;
  cycleMomentum: boolean;
  baseMomentums?: number[];
  maxMomentums?: number[];

  constructor(optimizer: SchedulableOptimizer, opts: CyclicLROptions) {

    validateSchedulerOptions("CyclicLR", opts);
    // Everything torch does before _LRScheduler.__init__, in its order (the group lrs and
    // momentums are already overwritten when a later check raises, as in torch).
    assertOptimizer(optimizer);
    const lastEpoch = opts.lastEpoch ?? -1;
    const baseLrs = formatParam("base_lr", optimizer, opts.baseLr);
    if (lastEpoch === -1) optimizer.paramGroups.forEach((g, i) => (g.lr = baseLrs[i]!));
    const maxLrs = formatParam("max_lr", optimizer, opts.maxLr);
    const stepSizeUp = Number(opts.stepSizeUp ?? 2000);
    const stepSizeDown = opts.stepSizeDown != null ? Number(opts.stepSizeDown) : stepSizeUp;
    const totalSize = stepSizeUp + stepSizeDown;
    const mode = opts.mode ?? "triangular";
    const scaleFn = opts.scaleFn ?? null;
    if (!MODES.includes(mode) && scaleFn === null) throw new ValueError("mode is invalid and scale_fn is None");
    const scaleMode: ScaleMode = scaleFn === null ? (mode === "exp_range" ? "iterations" : "cycle") : (opts.scaleMode ?? "cycle");
    const cycleMomentum = opts.cycleMomentum ?? true;
    let baseMomentums: number[] | undefined;
    let maxMomentums: number[] | undefined;
    if (cycleMomentum) {
      if (!("momentum" in optimizer.defaults)) {
        throw new ValueError("optimizer must support momentum with `cycle_momentum` option enabled");
      }
      const bm = formatParam("base_momentum", optimizer, opts.baseMomentum ?? 0.8);
      if (lastEpoch === -1) optimizer.paramGroups.forEach((g, i) => (g.momentum = bm[i]!));
      baseMomentums = optimizer.paramGroups.map((g) => g.momentum as number);
      maxMomentums = formatParam("max_momentum", optimizer, opts.maxMomentum ?? 0.9);
    }
    super(optimizer, lastEpoch, opts.verbose ?? false);
    this.maxLrs = maxLrs;
    this.totalSize = totalSize;
    this.stepRatio = stepSizeUp / totalSize;
    this.mode = mode;
    this.gamma = opts.gamma ?? 1.0;
    this.scaleFnCustom = scaleFn;
    this.scaleMode = scaleMode;
    this.cycleMomentum = cycleMomentum;
    if (cycleMomentum) {
      this.baseMomentums = baseMomentums;
      this.maxMomentums = maxMomentums;
    }
    // The construction step runs with base_lrs = the groups' initial_lr; torch replaces
    // base_lrs with the formatted base_lr only afterwards.
    this.initialStep();
    this.baseLrs = baseLrs;
  }

  scaleFn(x: number): number {
    if (this.scaleFnCustom !== null) return this.scaleFnCustom(x);
    if (this.mode === "triangular") return 1.0;
    if (this.mode === "triangular2") return 1 / pow(2.0, x - 1);
    return pow(this.gamma, x); // exp_range
  }

  getLr(): number[] {
    const cycle = Math.floor(1 + this.lastEpoch / this.totalSize);
    const x = 1.0 + this.lastEpoch / this.totalSize - cycle;
    const scaleFactor = x <= this.stepRatio ? x / this.stepRatio : (x - 1) / (this.stepRatio - 1);
    const scaleArg = this.scaleMode === "cycle" ? cycle : this.lastEpoch;
    const lrs = this.baseLrs.map((baseLr, i) => {
      const baseHeight = (this.maxLrs[i]! - baseLr) * scaleFactor;
      return baseLr + baseHeight * this.scaleFn(scaleArg);
    });
    if (this.cycleMomentum) {
      const momentums = this.baseMomentums!.map((baseMomentum, i) => {
        const maxMomentum = this.maxMomentums![i]!;
        const baseHeight = (maxMomentum - baseMomentum) * scaleFactor;
        return maxMomentum - baseHeight * this.scaleFn(scaleArg);
      });
      const groups = this.groups;
      for (let i = 0; i < Math.min(groups.length, momentums.length); i++) groups[i]!.momentum = momentums[i]!;
    }
    return lrs;
  }

  /** The custom scale_fn is code, not state: it stays with the live scheduler. */
  override stateDict(): SchedulerStateDict {
    return collectState(this, ["scaleFnCustom"]);
  }

  override loadStateDict(sd: SchedulerStateDict): void {
    applyState(this, sd, ["scaleFnCustom"]);
  }
}
