// LBFGS branches on host values (losses, directional derivatives) at every iteration. Its
// algorithm is written once, as a generator that yields the tensors it must read and receives
// their values back; a driver answers the reads. The sync driver reads with dataSync() (WASM,
// cpu, WebGPU where a blocking read exists); the async one with `await data()` (WebGPU in
// Node, Deno, Bun, or a browser on a software adapter).
import type * as tf from "@tensorflow/tfjs-core";

/** The tensors whose values the algorithm needs next; answered in the same order. */
export type HostRead = tf.Tensor[];
export type HostValues = Float32Array[];
/** A computation that pauses at each host read; returns R. */
export type HostReading<R> = Generator<HostRead, R, HostValues>;

/** Runs gen answering each read with dataSync(): the result comes back synchronously. */
export function driveSync<R>(gen: HostReading<R>): R {
  let next = gen.next();
  while (!next.done) next = gen.next(next.value.map((t) => t.dataSync() as Float32Array));
  return next.value;
}

/** Runs gen answering each read with `await data()` (all tensors of one read at once). */
export async function driveAsync<R>(gen: HostReading<R>): Promise<R> {
  let next = gen.next();
  while (!next.done) {
    const values = await Promise.all(next.value.map((t) => t.data() as Promise<Float32Array>));
    next = gen.next(values);
  }
  return next.value;
}
