// Lightning 1.9.5's `running_loss` (a TensorRunningAccum of window 20): the mean of the last 20
// training losses (undivided by accumulateGradBatches) that the progress bar shows as `loss=`.
// Read only while a progress bar shows it. On webgpu the read joins the batch's one deferred,
// batched read (no sync read mid-step); on fulgur-wasm / cpu the value is already in host memory.
import type { DeferredReads } from "../logging/deferred_reads.ts";

interface ScalarTensor {
  value: unknown;
  item(): number;
}

export class RunningLoss {
  private readonly values: number[] = [];
  /** Set by an enabled ProgressBar when training starts: otherwise no loss is read for display. */
  wanted = false;

  constructor(readonly windowLength = 20) {}

  /** Appends `loss * scale` (now, or at the batch's deferred read on webgpu). */
  record(loss: ScalarTensor, scale: number, deferred: DeferredReads): void {
    if (!this.wanted) return;
    if (deferred.deferring) deferred.defer([loss.value as never], ([v]) => this.append(v * scale));
    else this.append(loss.item() * scale);
  }

  append(v: number): void {
    this.values.push(v);
    if (this.values.length > this.windowLength) this.values.shift();
  }

  /** The window's mean; null before the first loss. */
  mean(): number | null {
    if (this.values.length === 0) return null;
    let s = 0;
    for (const v of this.values) s += v;
    return s / this.values.length;
  }

  reset(): void {
    this.values.length = 0;
  }
}
