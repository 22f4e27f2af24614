// Non-finite losses in manual optimization: the loss given to `manualBackward` is checked as
// the automatic loop checks trainingStep's loss (named by epoch, batch and optimizer), before
// a NaN/Inf is back-propagated into every gradient and, through the next step, the weights.
import { FulgurError } from "./errors.ts";
import type { Trainer } from "./trainer.ts";

/** Names the optimizer(s) a manual loss is for: the only one, or all of them. */
function optimizerNames(trainer: Trainer): string {
  const opts = trainer.optimizers as Array<{ constructor?: { name?: string } }>;
  const named = opts.map((o, i) => `${i} (${o?.constructor?.name ?? "optimizer"})`);
  if (named.length === 1) return `optimizer ${named[0]}`;
  return `manual optimization with optimizers ${named.join(", ")}`;
}

/** Throws (or, on webgpu, schedules the check for the batch end) when `loss` is one non-finite value. */
export function checkManualLoss(trainer: Trainer | null, loss: unknown): void {
  if (trainer === null || trainer.tolerateNonFiniteLoss) return;
  const t = loss as { size?: number; item?: () => number; value?: unknown };
  if (typeof t?.item !== "function" || t.size !== 1) return; // a vector loss with an explicit gradient
  const epoch = trainer.currentEpoch;
  const batchIdx = trainer.fitLoop.epochLoop.batchIdx;
  const fail = (v: number, when: string): FulgurError =>
    new FulgurError(
      `The loss given to \`manualBackward\` is ${v} (epoch ${epoch}, batch ${batchIdx}, ${optimizerNames(trainer)}). Training stopped ${when}.`,
    );
  const deferred = trainer.loggerConnector.deferred;
  if (deferred.deferring) {
    deferred.defer([t.value as never], ([v]: number[]) => {
      if (!Number.isFinite(v)) throw fail(v, "at the end of the batch (webgpu reads the loss only there)");
    });
    return;
  }
  const v = t.item();
  if (!Number.isFinite(v)) throw fail(v, "before this non-finite loss was back-propagated");
}
