// The trainer's batch source: the synchronous fast path over in-memory DataLoaders and sync
// iterables must hand out exactly what the async path does (same batches, same shuffle
// state, same look-ahead and isLast), and async sources keep the async path.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { DataLoader, Generator } from "../../ts/index.ts";
import { DataFetcher } from "../../ts/trainer/loops/data_fetcher.ts";

before(async () => { await init(); });

const rows = (n: number) => Array.from({ length: n }, (_, i) => [i, 10 * i, 100 * i]);
const values = (b: any) => ({ x: [...b.x.dataSync()], y: [...b.y] });

async function drain(f: DataFetcher, useSync: boolean): Promise<Array<{ batch: any; isLast: boolean }>> {
  const out: Array<{ batch: any; isLast: boolean }> = [];
  await f.start();
  for (;;) {
    const n = useSync ? f.nextSync() : await f.next();
    if (n === null) break;
    out.push(n);
  }
  await f.close();
  return out;
}

test("an in-memory DataLoader is read synchronously, batch for batch as its async iterator", async () => {
  const data = () => ({ x: rows(10), y: Int32Array.from({ length: 10 }, (_, i) => i % 3) });
  const viaSync = new DataLoader(data(), { batchSize: 4, shuffle: true, seed: 3 });
  const viaAsync = new DataLoader(data(), { batchSize: 4, shuffle: true, seed: 3 });
  for (let epoch = 0; epoch < 2; epoch++) {
    const f = new DataFetcher(viaSync, Infinity);
    const got = await drain(f, true);
    assert.equal(f.sync, true);
    const want: any[] = [];
    for await (const b of viaAsync) want.push(b);
    assert.deepEqual(got.map((g) => values(g.batch)), want.map(values), `epoch ${epoch}`);
    assert.deepEqual(got.map((g) => g.isLast), [false, false, true]);
    assert.deepEqual(got[2].batch.x.shape, [2, 3], "the short last batch keeps its own shape");
    assert.deepEqual(viaSync.stateDict(), viaAsync.stateDict(), "same shuffle state after the epoch");
  }
});

test("opening an epoch draws only torch's base seed (one int64); the shuffle is drawn at the first batch", async () => {
  const dl = new DataLoader({ x: rows(6) }, { batchSize: 2, shuffle: true, seed: 5 });
  const twin = new Generator(5);
  const f = new DataFetcher(dl, 0); // limit 0: nothing is read
  assert.deepEqual(await drain(f, true), []);
  twin.random64(); // torch's _BaseDataLoaderIter: _base_seed = empty((), int64).random_(generator)
  assert.deepEqual(dl.stateDict(), { generator: twin.getState() });
  await drain(new DataFetcher(dl, 1), true);
  assert.notDeepEqual(dl.stateDict(), { generator: twin.getState() });
});

test("a limit stops early and marks the last batch; arrays are sync, async iterables are not", async () => {
  const dl = new DataLoader({ x: rows(10) }, { batchSize: 2 });
  const got = await drain(new DataFetcher(dl, 2), true);
  assert.deepEqual(got.map((g) => [...g.batch.x.dataSync()][0]), [0, 2]);
  assert.deepEqual(got.map((g) => g.isLast), [false, true]);

  const arr = [{ a: 1 }, { a: 2 }];
  const fa = new DataFetcher(arr, Infinity);
  assert.deepEqual((await drain(fa, true)).map((g) => g.batch), arr);
  assert.equal(fa.sync, true);

  async function* gen() { yield { a: 1 }; yield { a: 2 }; }
  const fg = new DataFetcher(gen(), Infinity);
  assert.deepEqual((await drain(fg, false)).map((g) => [g.batch, g.isLast]), [[{ a: 1 }, false], [{ a: 2 }, true]]);
  assert.equal(fg.sync, false);
  const wrapped = new DataFetcher(new DataLoader(gen()), Infinity); // a DataLoader over an async iterable
  assert.equal((await drain(wrapped, false)).length, 2);
  assert.equal(wrapped.sync, false);
});
