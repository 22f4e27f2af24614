// Every optimizer kernel runs its update as ONE 4-lane f32x4 body. The n % 4 tail goes through
// that same body: its elements are copied into zero-padded 16-byte scratch lanes, updated there
// and copied back, so no scalar copy of the math exists (the padding lanes' results are dropped).
import { descLen, descStream } from "./table";

// Stream indices (descriptor order): the parameter, its gradient, state buffers 0..2.
export const PARAM: i32 = 0, GRAD: i32 = 1, STATE0: i32 = 2, STATE1: i32 = 3, STATE2: i32 = 4;
const STREAM_COUNT: i32 = 5;
const scratch: usize = memory.data(STREAM_COUNT << 4, 16);

/** Bit of stream k in a `streams` mask. */
@inline export function stream(k: i32): i32 {
  return 1 << k;
}

/** The 4 scratch lanes holding stream k's tail. */
@inline export function tail(k: i32): usize {
  return scratch + (<usize>k << 4);
}

/** Bytes of a stream of n elements covered by whole 4-lane groups (the loop before the tail). */
@inline export function fullLaneBytes(n: i32): usize {
  return <usize>(n & ~3) << 2;
}

/**
 * Copies the tail elements of parameter i's streams in `streams` into their zero-padded scratch;
 * false (nothing copied) when its length is a multiple of 4.
 */
export function stageTail(table: usize, i: i32, streams: i32): bool {
  const n = descLen(table, i), from = n & ~3;
  if (from == n) return false;
  for (let k = 0; k < STREAM_COUNT; k++) {
    if ((streams & stream(k)) == 0) continue;
    const src = descStream(table, i, k) + (<usize>from << 2), dst = tail(k);
    v128.store(dst, f32x4.splat(0));
    memory.copy(dst, src, <usize>(n - from) << 2);
  }
  return true;
}

/** Copies the updated tail back from scratch into parameter i's streams in `streams` (never the gradient). */
export function unstageTail(table: usize, i: i32, streams: i32): void {
  const n = descLen(table, i), from = n & ~3;
  if (from == n) return;
  for (let k = 0; k < STREAM_COUNT; k++) {
    if (k == GRAD || (streams & stream(k)) == 0) continue;
    memory.copy(descStream(table, i, k) + (<usize>from << 2), tail(k), <usize>(n - from) << 2);
  }
}
