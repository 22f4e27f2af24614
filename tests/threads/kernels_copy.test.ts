// copy_nd split across the pool (ts/backend/threads/copy_kernels.ts) moves the same bytes on 1, 2
// and 3 threads: transposes off the 64-byte grid, permutes, stepped and reversed slices, cat,
// contiguous copies, int32 and bool (1-byte) tensors. Checked through the pool's dispatch counts
// that the cases over the threshold were cut, and against plain JavaScript indexing.
import * as tf from "@tensorflow/tfjs-core";
import { test } from "node:test";
import assert from "node:assert/strict";
import { digest, sameDigestsOn123 } from "./helpers.ts";
import { fulgurThreadPool } from "../../ts/backend/threads/start.ts";
import { copyThresholds } from "../../ts/backend/threads/copy_kernels.ts";
import * as ag from "../../ts/autograd/index.ts";
import * as ops from "../../ts/autograd/ops/index.ts";

// Bun's default 5 s per test is too short on a loaded 2-core machine.
const SLOW = { timeout: 120_000 };

const vals = (n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.731) * (1 + (i % 11)));

const bytesOf = (t: ag.Tensor): string => {
  const d = t.value.dataSync();
  return d instanceof Uint8Array ? digest(new Float32Array(Uint8Array.from([...d, 0, 0, 0].slice(0, (d.length + 3) & ~3)).buffer)) : digest(new Float32Array(d.buffer, d.byteOffset, d.length));
};

/** Every case's result bytes, and how many copy_nd calls went through the pool. */
function run(): { digests: string[]; split: number } {
  const before = fulgurThreadPool()?.dispatched.copy_nd ?? 0;
  const x = ag.tensor(vals(301 * 517), [301, 517]);
  const x4 = ag.tensor(vals(5 * 34 * 29 * 23), [5, 34, 29, 23]);
  const xi = ops.toDtype(ag.tensor(vals(257 * 263).map((v) => Math.round(v * 100)), [257, 263]), "int32");
  const xb = ops.toDtype(ag.tensor(vals(300 * 401).map((v) => (v > 0 ? 1 : 0)), [300, 401]), "bool");
  const outs = [
    ops.contiguous(ops.t(x)), // 2-D transpose, rows and columns off the tile grid
    ops.contiguous(ops.narrow(ops.t(x), 0, 3, 490)), // transpose of an offset window
    ops.contiguous(ops.permute(x4, [3, 1, 0, 2])),
    ops.contiguous(ops.permute(x4, [0, 2, 3, 1])), // channels last
    ops.slice(x, 1, 1, 515, 3), // stepped columns
    ops.flip(x, [0, 1]), // negative strides on both dims
    ops.cat([x, ops.narrow(x, 0, 7, 200)], 0),
    ops.contiguous(ops.narrow(x, 0, 1, 299)), // a contiguous block: the 1-D path, cut by 64-byte lines
    ops.contiguous(ops.t(xi)),
    ops.contiguous(ops.t(xb)),
    ops.flip(xb, [1]),
    ops.contiguous(ops.t(ag.tensor(vals(9 * 13), [9, 13]))), // under the threshold: calling thread only
  ];
  const digests = outs.map(bytesOf);
  // against indexing in JavaScript: the transpose, the stepped slice and the flip
  const xv = x.value.dataSync() as Float32Array;
  const tv = outs[0].value.dataSync() as Float32Array, sv = outs[4].value.dataSync() as Float32Array, fv = outs[5].value.dataSync() as Float32Array;
  for (let i = 0; i < 517; i += 7) for (let j = 0; j < 301; j += 5) assert.equal(tv[i * 301 + j], xv[j * 517 + i]);
  for (let i = 0; i < 301; i += 11) for (let j = 0; j < 172; j += 3) assert.equal(sv[i * 172 + j], xv[i * 517 + 1 + 3 * j]);
  for (let i = 0; i < 301; i += 13) for (let j = 0; j < 517; j += 9) assert.equal(fv[i * 517 + j], xv[(300 - i) * 517 + (516 - j)]);
  const split = (fulgurThreadPool()?.dispatched.copy_nd ?? 0) - before;
  tf.dispose([x, x4, xi, xb, ...outs].map((t) => t.value));
  return { digests, split };
}

test("copies (transpose, permute, slices, cat) move the same bytes on 1, 2 and 3 threads", SLOW, async () => {
  const saved = copyThresholds.elements;
  copyThresholds.elements = 1 << 14; // every case but the last is over it
  try {
    const runs = await sameDigestsOn123(run);
    assert.equal(runs[1].split, 0);
    assert.ok(runs[2].split >= 11 && runs[3].split >= 11, `the copies over the threshold were cut: ${runs[2].split}, ${runs[3].split}`);
  } finally {
    copyThresholds.elements = saved;
  }
});
