// Starting the pool from a test: the runtime's worker host and the module's bytes.
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { fulgurWasmBytes, setThreads } from "../../ts/backend/threads/start.ts";
import { serverThreadHost } from "../../ts/runtime/threads_node.ts";
import { loadWasmBytes } from "../../ts/runtime/node.ts";

/** Runs fulgur-wasm on n threads; returns the threads actually running. */
export async function useThreads(n: number): Promise<number> {
  await init();
  return setThreads(n, serverThreadHost(), () => fulgurWasmBytes(loadWasmBytes));
}

/** FNV-1a over a float32 array's bytes. */
export function digest(a: Float32Array): string {
  const b = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

/**
 * Runs `run` on 1, 2 and 3 threads (then back to 1), asserts that each gave the same digests as
 * on one thread, and returns the three runs.
 */
export async function sameDigestsOn123<R extends { digests: unknown }>(run: () => R): Promise<Record<1 | 2 | 3, R>> {
  const runs = {} as Record<1 | 2 | 3, R>;
  for (const n of [1, 2, 3] as const) {
    assert.equal(await useThreads(n), n, `asked for ${n} threads`);
    runs[n] = run();
  }
  await useThreads(1);
  assert.deepEqual(runs[2].digests, runs[1].digests, "2 threads vs 1");
  assert.deepEqual(runs[3].digests, runs[1].digests, "3 threads vs 1");
  return runs;
}
