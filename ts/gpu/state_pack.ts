// One flat GPU tensor holding the same optimizer-state slot (exp_avg, momentum_buffer, ...) of
// every parameter of a param group, end to end, so a group's update is one dispatch over flat
// buffers. The members are StateBuffers (ts/optim/state_buffer.ts); each knows its pack and
// offset. A member leaves when it is freed or needed on its own; the flat tensor is disposed
// when the last member leaves. A pack is only reused for exactly its members in its order.
import type * as tf from "@tensorflow/tfjs-core";

export class GpuStatePack {
  private live: number;
  private pendingRead: Promise<Float32Array> | null = null;

  /** `tensor` must be kept (tf.keep); the pack disposes it. */
  constructor(readonly tensor: tf.Tensor, readonly members: readonly object[]) {
    this.live = members.length;
  }

  /** True when `buffers` are this pack's members, in order, none of them gone. */
  holds(buffers: readonly object[]): boolean {
    if (buffers.length !== this.members.length || this.live !== this.members.length) return false;
    for (let k = 0; k < buffers.length; k++) if (buffers[k] !== this.members[k]) return false;
    return true;
  }

  /** The flat data, read without blocking; members reading at once share one download. */
  read(): Promise<Float32Array> {
    if (!this.pendingRead) {
      this.pendingRead = (this.tensor.data() as Promise<Float32Array>).finally(() => {
        this.pendingRead = null;
      });
    }
    return this.pendingRead;
  }

  /** A member leaves; the flat tensor goes with the last one. */
  leave(): void {
    this.live--;
    if (this.live === 0) this.tensor.dispose();
  }
}
