// Host reads of scalars a training step produces (the non-finite loss check, `this.log`
// values), postponed to the batch boundary on backends where a read is a GPU sync.
// On webgpu every such read would stall the GPU queue — and in Node/Deno/Bun a synchronous read
// is impossible — so the step queues the work with the scalar tensors it needs, and the loop
// resolves the whole queue with ONE batched read (tf.stack → await data()) before
// onTrainBatchEnd. On fulgur-wasm / cpu reads are cheap and nothing is deferred: behaviour
// and error timing stay exactly as without this class.
import * as tf from "@tensorflow/tfjs-core";
import { isWebGPUActive } from "../deps.ts";

interface Pending {
  /** How many of the queued scalars this action takes, from `start`. */
  start: number;
  count: number;
  run(values: number[]): void;
}

export class DeferredReads {
  private scalars: tf.Tensor[] = [];
  private actions: Pending[] = [];

  /** True when host reads must wait for the batch boundary (the webgpu backend is active). */
  get deferring(): boolean {
    return isWebGPUActive();
  }

  get pending(): number {
    return this.actions.length;
  }

  /**
   * Queues `run`, to be called at the next flush (in queue order) with the values of `scalars`
   * (one-element tensors; copies are kept, so the caller's scope may release the originals).
   */
  defer(scalars: tf.Tensor[], run: (values: number[]) => void): void {
    const start = this.scalars.length;
    for (const s of scalars) this.scalars.push(tf.keep(tf.reshape(tf.clone(s), [])));
    this.actions.push({ start, count: scalars.length, run });
  }

  /** Reads every queued scalar at once and runs the queued actions in order; the first error propagates. */
  async flush(): Promise<void> {
    if (this.actions.length === 0) return;
    const scalars = this.scalars, actions = this.actions;
    this.scalars = [];
    this.actions = [];
    let values: Float32Array = new Float32Array(0);
    try {
      if (scalars.length) {
        const stacked = tf.stack(scalars);
        try {
          values = (await stacked.data()) as Float32Array;
        } finally {
          stacked.dispose();
        }
      }
    } finally {
      for (const s of scalars) s.dispose();
    }
    for (const a of actions) a.run(Array.from(values.subarray(a.start, a.start + a.count)));
  }

  /** Drops everything queued (a failed fit must not leak the kept copies). */
  clear(): void {
    for (const s of this.scalars) s.dispose();
    this.scalars = [];
    this.actions = [];
  }
}
