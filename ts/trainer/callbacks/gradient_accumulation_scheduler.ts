// Lightning 1.9.5's `GradientAccumulationScheduler`: from each listed epoch on, the trainer
// accumulates that many batches per optimizer step. `Trainer({ accumulateGradBatches: {0: 1, 4: 2} })`
// builds one; the fit loop applies it at every epoch start, before the epoch-start hooks.
import { FulgurTypeError, MisconfigurationException } from "../errors.ts";
import type { LightningModule } from "../lightning_module.ts";
import type { Trainer } from "../trainer.ts";
import { Callback } from "./callback.ts";

/** GradientAccumulationScheduler's schedule: epoch → accumulateGradBatches from that epoch. */
export type AccumulationSchedule = Record<number, number> | Map<number, number>;

/** Lightning's GradientAccumulationScheduler: accumulateGradBatches by epoch ({ epoch: factor }). */
export class GradientAccumulationScheduler extends Callback {
  /** epoch → factor (epoch 0 is added with factor 1 when not listed). */
  readonly scheduling: Map<number, number>;
  /** The listed epochs, ascending. */
  readonly epochs: number[];

  constructor(scheduling: AccumulationSchedule) {
    super();
    const entries: Array<[number, number]> = scheduling instanceof Map
      ? [...scheduling]
      : Object.entries(scheduling ?? {}).map(([k, v]) => [/^-?\d+$/.test(k) ? Number(k) : (k as unknown as number), v]);
    if (!entries.length) throw new FulgurTypeError("Empty dict cannot be interpreted correct");
    const keys = entries.map(([k]) => k);
    const values = entries.map(([, v]) => v);
    if (keys.some((k) => !Number.isInteger(k) || k < 0)) {
      throw new MisconfigurationException(`Epoch should be an int greater than or equal to 0. Got [${keys.join(", ")}].`);
    }
    if (values.some((v) => !Number.isInteger(v) || v < 1)) {
      throw new MisconfigurationException(`Accumulation factor should be an int greater than 0. Got [${values.join(", ")}].`);
    }
    this.scheduling = new Map(entries);
    if (!this.scheduling.has(0)) this.scheduling.set(0, 1); // no factor for the first epoch: 1
    this.epochs = [...this.scheduling.keys()].sort((a, b) => a - b);
  }

  /** True when some epoch accumulates (factor > 1). */
  goingToAccumulateGradBatches(): boolean {
    return [...this.scheduling.values()].some((v) => v > 1);
  }

  /** The factor in force at `epoch`: the one of the last listed epoch <= epoch. */
  getAccumulateGradBatches(epoch: number): number {
    for (let i = this.epochs.length - 1; i >= 0; i--) {
      if (epoch >= this.epochs[i]!) return this.scheduling.get(this.epochs[i]!)!;
    }
    return 1;
  }

  override onTrainEpochStart(trainer: Trainer, _module?: LightningModule): void {
    trainer.accumulateGradBatches = this.getAccumulateGradBatches(trainer.currentEpoch);
  }
}

/**
 * Lightning's `_configure_accumulated_gradients`: a scheduler passed in `callbacks` is used (and
 * the flag must then be unset); a dict flag adds one to `callbacks`; an int is a one-entry
 * schedule, kept out of `callbacks` (it has no state and nothing to change per epoch).
 */
export function configureAccumulatedGradients(
  flag: number | Record<number, number> | null, callbacks: Callback[],
): GradientAccumulationScheduler {
  const given = callbacks.filter((c): c is GradientAccumulationScheduler => c instanceof GradientAccumulationScheduler);
  if (given.length) {
    if (flag !== null) {
      throw new MisconfigurationException(
        "You have set both `accumulate_grad_batches` and passed an instance of " +
          "`GradientAccumulationScheduler` inside callbacks. Either remove `accumulate_grad_batches` " +
          "from trainer or remove `GradientAccumulationScheduler` from callbacks list.",
      );
    }
    return given[0]!;
  }
  if (flag === null || typeof flag === "number") return new GradientAccumulationScheduler({ 0: flag ?? 1 });
  const scheduler = new GradientAccumulationScheduler(flag);
  callbacks.push(scheduler);
  return scheduler;
}
