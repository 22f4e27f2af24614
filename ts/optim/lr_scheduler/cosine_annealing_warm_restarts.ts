// CosineAnnealingWarmRestarts (SGDR): cosine annealing restarted every T_i epochs, T_i
// growing by tMult. step(epoch) accepts fractional epochs, as torch does.
import { ValueError } from "./errors.ts";
import { LRScheduler, type SchedulerBaseOptions } from "./lr_scheduler.ts";
import { intPow, pyMod } from "./py_semantics.ts";
import { log } from "../../backend/scalar_math.ts";
import { correctlyRoundedCos as cos } from "./correctly_rounded_cos.ts";
import type { SchedulableOptimizer } from "./types.ts";
import { validateSchedulerOptions } from "../../validation/scheduler_options.ts";

/** CosineAnnealingWarmRestarts's options. */
export interface CosineAnnealingWarmRestartsOptions extends SchedulerBaseOptions {
  t0: number;
  tMult?: number;
  etaMin?: number;
}

/** torch.optim.lr_scheduler.CosineAnnealingWarmRestarts: cosine annealing restarted every `t0` (times `tMult`) steps. */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  t0: number;
  tI: number;
  tMult: number;
  etaMin: number;
  tCur: number;

  constructor(optimizer: SchedulableOptimizer, opts: CosineAnnealingWarmRestartsOptions) {

    validateSchedulerOptions("CosineAnnealingWarmRestarts", opts);
    const t0 = opts.t0;
    const tMult = opts.tMult ?? 1;
    if (!Number.isInteger(t0) || t0 <= 0) throw new ValueError(`Expected positive integer T_0, but got ${t0}`);
    if (!Number.isInteger(tMult) || tMult < 1) throw new ValueError(`Expected integer T_mult >= 1, but got ${tMult}`);
    const lastEpoch = opts.lastEpoch ?? -1;
    super(optimizer, lastEpoch, opts.verbose ?? false);
    this.t0 = t0;
    this.tI = t0;
    this.tMult = tMult;
    this.etaMin = opts.etaMin ?? 0;
    this.tCur = lastEpoch;
    this.initialStep();
  }

  getLr(): number[] {
    const c = cos((Math.PI * this.tCur) / this.tI);
    return this.baseLrs.map((baseLr) => this.etaMin + ((baseLr - this.etaMin) * (1 + c)) / 2);
  }

  /** torch overrides step entirely: no step counter, no deprecation warning. */
  override step(epoch?: number): void {
    if (epoch === undefined && this.lastEpoch < 0) epoch = 0;
    if (epoch === undefined) {
      epoch = this.lastEpoch + 1;
      this.tCur = this.tCur + 1;
      if (this.tCur >= this.tI) {
        this.tCur = this.tCur - this.tI;
        this.tI = this.tI * this.tMult;
      }
    } else {
      if (epoch < 0) throw new ValueError(`Expected non-negative epoch, but got ${epoch}`);
      if (epoch >= this.t0) {
        if (this.tMult === 1) {
          this.tCur = pyMod(epoch, this.t0);
        } else {
          // math.log(x, base) is log(x) / log(base); int() truncates
          const n = Math.trunc(log((epoch / this.t0) * (this.tMult - 1) + 1) / log(this.tMult));
          this.tCur = epoch - (this.t0 * (intPow(this.tMult, n) - 1)) / (this.tMult - 1);
          this.tI = this.t0 * intPow(this.tMult, n);
        }
      } else {
        this.tI = this.t0;
        this.tCur = epoch;
      }
    }
    this.lastEpoch = Math.floor(epoch);
    this.applyLrs(this.getLr(), epoch);
  }
}
