// torch 1.13's _LRScheduler: owns initial_lr/base_lrs, last_epoch, the step counter and
// the last lrs; subclasses supply only getLr() (chainable form) and, where torch has one,
// closedFormLr() (used by the deprecated step(epoch)).
import { FulgurTypeError } from "../../errors.ts";
import { KeyError } from "./errors.ts";
import { formatEpoch, formatExp4 } from "./py_semantics.ts";
import { applyState, collectState, type SchedulerStateDict } from "./state.ts";
import type { SchedulableOptimizer, SchedulerParamGroup } from "./types.ts";
import { EPOCH_DEPRECATION_WARNING, warnOnce } from "./warn.ts";

/** torch's `isinstance(optimizer, Optimizer)` check, structurally. */
export function assertOptimizer(optimizer: unknown): asserts optimizer is SchedulableOptimizer {
  const o = optimizer as SchedulableOptimizer | null | undefined;
  if (!o || typeof o !== "object" || !Array.isArray(o.paramGroups) || typeof o.defaults !== "object" || o.defaults === null) {
    const name = o === null ? "NoneType" : typeof o === "object" ? (o.constructor?.name ?? "object") : typeof o;
    throw new FulgurTypeError(`${name} is not an Optimizer`);
  }
}

/** Options every scheduler takes: lastEpoch (resume) and verbose. */
export interface SchedulerBaseOptions {
  lastEpoch?: number;
  verbose?: boolean;
}

/** torch.optim.lr_scheduler.LRScheduler: the base of every scheduler (step, getLastLr, stateDict / loadStateDict). */
export abstract class LRScheduler {
  optimizer: SchedulableOptimizer;
  lastEpoch!: number;
  baseLrs!: number[];
  verbose!: boolean;
  protected stepCount!: number;
  protected lastLr!: number[];

  /**
   * `lastEpoch === null` is for the wrappers (SequentialLR, ChainedScheduler), which in
   * torch never run _LRScheduler.__init__: nothing is attached to the param groups.
   * Concrete schedulers set their own fields after this and then call initialStep().
   */
  protected constructor(optimizer: SchedulableOptimizer, lastEpoch: number | null = -1, verbose = false) {
    assertOptimizer(optimizer);
    this.optimizer = optimizer;
    if (lastEpoch === null) return;
    const groups = optimizer.paramGroups;
    if (lastEpoch === -1) {
      for (const group of groups) if (!("initialLr" in group)) group.initialLr = group.lr; // setdefault
    } else {
      groups.forEach((group, i) => {
        if (!("initialLr" in group)) {
          throw new KeyError(`param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer`);
        }
      });
    }
    this.baseLrs = groups.map((g) => g.initialLr as number);
    this.lastEpoch = lastEpoch;
    this.verbose = verbose;
  }

  /** torch's _initial_step: reset the counter and take the construction step. Public only
   *  because SequentialLR re-runs it on its first child. */
  initialStep(): void {
    this.stepCount = 0;
    this.step();
  }

  /** Chainable form: the lrs for `lastEpoch`, usually from the groups' current lrs. */
  abstract getLr(): number[];

  /** Closed form used by step(epoch); absent where torch has none (then getLr is used). */
  closedFormLr?(): number[];

  step(epoch?: number): void {
    this.stepCount += 1;
    let values: number[];
    if (epoch === undefined) {
      this.lastEpoch += 1;
      values = this.getLr();
    } else {
      warnOnce(EPOCH_DEPRECATION_WARNING);
      this.lastEpoch = epoch;
      values = this.closedFormLr ? this.closedFormLr() : this.getLr();
    }
    this.applyLrs(values, epoch);
  }

  /** Writes `values` into the param groups (zip: extra values are ignored, as in torch). */
  protected applyLrs(values: readonly number[], epoch?: number): void {
    const groups = this.optimizer.paramGroups;
    const n = Math.min(groups.length, values.length);
    for (let i = 0; i < n; i++) {
      groups[i]!.lr = values[i]!;
      this.printLr(i, values[i]!, epoch);
    }
    this.lastLr = groups.map((g) => g.lr);
  }

  protected printLr(group: number, lr: number, epoch?: number): void {
    if (!this.verbose) return;
    if (epoch === undefined) console.log(`Adjusting learning rate of group ${group} to ${formatExp4(lr)}.`);
    else console.log(`Epoch ${formatEpoch(epoch)}: adjusting learning rate of group ${group} to ${formatExp4(lr)}.`);
  }

  protected get groups(): SchedulerParamGroup[] {
    return this.optimizer.paramGroups;
  }

  /** The groups' current lrs (torch's `[group['lr'] for group in param_groups]`). */
  protected groupLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  getLastLr(): number[] {
    return this.lastLr.slice();
  }

  /** Everything but the optimizer (and functions), like torch's state_dict. */
  stateDict(): SchedulerStateDict {
    return collectState(this);
  }

  loadStateDict(sd: SchedulerStateDict): void {
    applyState(this, sd);
  }
}
