// DataLoader: batching, seeded shuffling, dropLast, and rejection of ragged data.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { DataLoader } from "../../ts/index.ts";

before(async () => { await init(); });

async function collect(dl: DataLoader): Promise<any[]> {
  const out: any[] = [];
  for await (const b of dl) out.push(b);
  return out;
}

const rows = (n: number) => Array.from({ length: n }, (_, i) => [i, 10 * i]);

test("in order, last short batch kept; dropLast drops it", async () => {
  const batches = await collect(new DataLoader({ x: rows(5), y: Float32Array.from([0, 1, 2, 3, 4]) }, { batchSize: 2 }));
  assert.equal(batches.length, 3);
  assert.deepEqual(batches[0].x.shape, [2, 2]);
  assert.deepEqual([...batches[2].x.dataSync()], [4, 40]);
  assert.deepEqual([...batches[1].y.dataSync()], [2, 3]);
  assert.equal(new DataLoader({ x: rows(5) }, { batchSize: 2, dropLast: true }).length, 2);
  assert.equal((await collect(new DataLoader({ x: rows(5) }, { batchSize: 2, dropLast: true }))).length, 2);
});

test("seeded shuffle: a permutation, reproducible, different each epoch", async () => {
  const first = async (seed: number) => {
    const dl = new DataLoader({ x: rows(16) }, { batchSize: 16, shuffle: true, seed });
    const e1 = [...(await collect(dl))[0].x.dataSync()].filter((_, i) => i % 2 === 0);
    const e2 = [...(await collect(dl))[0].x.dataSync()].filter((_, i) => i % 2 === 0);
    return [e1, e2];
  };
  const [a1, a2] = await first(7);
  const [b1] = await first(7);
  assert.deepEqual(a1, b1);
  assert.notDeepEqual(a1, a2);
  assert.deepEqual([...a1].sort((p, q) => p - q), Array.from({ length: 16 }, (_, i) => i));
});

test("array of row objects and iterables of batches", async () => {
  const b = await collect(new DataLoader([{ x: [1, 2], y: 0 }, { x: [3, 4], y: 1 }], { batchSize: 2 }));
  assert.deepEqual([...b[0].x.dataSync()], [1, 2, 3, 4]);
  const user = [{ a: 1 }, { a: 2 }];
  const gen = { *[Symbol.iterator]() { yield* user; } };
  assert.deepEqual(await collect(new DataLoader(gen)), user); // passed through as is
});

test("ragged rows and mismatched field lengths are rejected with the index", () => {
  assert.throws(() => new DataLoader({ x: [[1, 2], [3], [4, 5]] }), /field 'x' row 1 has shape \[1\] but row 0 has shape \[2\]/);
  assert.throws(() => new DataLoader({ x: rows(3), y: rows(4) }), /field 'y' has 4 rows but field 'x' has 3/);
  assert.throws(() => new DataLoader([{ x: [1] }, { z: [1] }]), /row 1 has fields \[z\]/);
});
