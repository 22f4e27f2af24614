// The DataLoader draws what torch 1.13's DataLoader draws: one int64 base seed per iterator
// (from its generator or the global one, shuffle or not), RandomSampler's seed and randperm at
// the first batch, its trailing randperm on a loader-owned generator — so a seeded shuffle gives
// torch's batch order and leaves the generators where torch leaves them. The global generator
// is saved in checkpoints: a run resumed mid-epoch shuffles and ends as the uninterrupted one.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import {
  DataLoader, Generator, manualSeed, rand, randn, getRngState, setRngState, MemoryCheckpointIO, Trainer, Callback, parseCheckpoint,
} from "../../ts/index.ts";
import { paramHash, resumeData, ResumeModel } from "../checkpoint/resume_model.ts";
import { fx, bits } from "./helpers.ts";

before(async () => { await init(); });

/** A dataset of row indices: batches are { i: Int32Array } (an integer column). */
const rows = (n: number) => ({ i: Int32Array.from({ length: n }, (_, i) => i) });
const ids = (b: unknown) => [...(b as { i: Int32Array }).i];

async function epochOrder(dl: DataLoader): Promise<number[]> {
  const order: number[] = [];
  for await (const b of dl) order.push(...ids(b));
  return order;
}

test("seeded shuffles give torch's batch order and leave the generators where torch does", async () => {
  for (const c of fx.loaders) {
    manualSeed(c.seed);
    const g = c.generatorSeed === null ? undefined : new Generator().manualSeed(c.generatorSeed);
    const dl = new DataLoader(rows(c.n), { batchSize: c.batchSize, shuffle: c.shuffle, dropLast: c.dropLast, generator: g });
    const what = `n=${c.n} batchSize=${c.batchSize} shuffle=${c.shuffle} dropLast=${c.dropLast} seed=${c.seed} generator=${c.generatorSeed}`;
    for (let e = 0; e < c.orders.length; e++) {
      // the trainer's synchronous path and the async iterator draw alike: alternate them
      const order = e % 2 === 0 ? await epochOrder(dl) : [...iterSync(dl)];
      assert.deepEqual(order, c.orders[e], `${what}, epoch ${e}`);
    }
    assert.deepEqual(bits(rand([3]).dataSync()), bits(c.globalAfter), `${what}: the global generator afterwards`);
    if (g) assert.deepEqual(bits(rand([3], { generator: g }).dataSync()), bits(c.generatorAfter), `${what}: the loader's generator afterwards`);
  }
});

function* iterSync(dl: DataLoader): IterableIterator<number> {
  const it = dl.syncIterator()!;
  for (let r = it.next(); !r.done; r = it.next()) yield* ids(r.value);
}

test("a partly read epoch: base seed, then the sampler's draws at the first batch only", async () => {
  const p = fx.partial;
  manualSeed(p.seed);
  const dl = new DataLoader(rows(p.n), { batchSize: p.batchSize, shuffle: true });
  const it = dl[Symbol.asyncIterator]();
  assert.deepEqual(ids((await it.next()).value), p.first);
  assert.deepEqual(bits(rand([2]).dataSync()), bits(p.globalAfter));
});

test("a DataLoader state taken at an epoch's start replays that epoch's order after the global generator moved on", async () => {
  manualSeed(31);
  const dl = new DataLoader(rows(10), { batchSize: 3, shuffle: true });
  const atStart = dl.stateDict();
  const it = dl.syncIterator()!;
  const order: number[] = [];
  for (let i = 0; i < 2; i++) order.push(...ids(it.next().value));
  const midEpoch = getRngState(); // what a checkpoint saves
  for (let r = it.next(); !r.done; r = it.next()) order.push(...ids(r.value));
  const after = bits(rand([3]).dataSync());

  setRngState(midEpoch); // the restored global generator
  const resumed = new DataLoader(rows(10), { batchSize: 3, shuffle: true });
  resumed.loadStateDict(atStart);
  assert.deepEqual([...iterSync(resumed)], order, "the interrupted epoch's order");
  assert.deepEqual(bits(rand([3]).dataSync()), after, "the global stream continues from the checkpoint");
  // an old checkpoint's loader state restores nothing and does not fail
  resumed.loadStateDict({ randomState: 12345 });
});

class SaveAt extends Callback {
  private seen = 0;
  constructor(private readonly at: number) { super(); }
  override onTrainBatchEnd(trainer: Trainer): void {
    if (++this.seen === this.at) void trainer.saveCheckpoint("ck/rng.ckpt");
  }
}

test("checkpoints hold the global generator: a run shuffled by it resumes mid-epoch bit-identically", async () => {
  const io = new MemoryCheckpointIO();
  const run = async (saveAt: number | null, resume: boolean) => {
    manualSeed(2024);
    const model = new ResumeModel("sgd_onecycle");
    const trainer = new Trainer({ maxEpochs: 3, accumulateGradBatches: 3, checkpointIO: io, enableProgressBar: false, callbacks: saveAt ? [new SaveAt(saveAt)] : [] });
    await trainer.fit(model, new DataLoader(resumeData(), { batchSize: 3, shuffle: true }), null, { ckptPath: resume ? "ck/rng.ckpt" : null });
    return { hash: paramHash(model), after: bits(rand([4]).dataSync()) };
  };
  const full = await run(null, false);
  const saved = await run(5, false);
  assert.deepEqual(saved, full, "saving does not change the run");
  const ckpt = parseCheckpoint(await io.read("ck/rng.ckpt"), "rng.ckpt");
  const rng = (ckpt.loops as any).rng.torch;
  assert.equal(rng.mt.length, 624);
  assert.equal(rng.seed, "2024");
  const resumed = await run(null, true);
  assert.equal(resumed.hash, full.hash, "same parameters as the uninterrupted run");
  assert.deepEqual(resumed.after, full.after, "and the same global generator afterwards");
});

test("Generator state: JSON round trip, restore resumes the stream (cached normal sample included)", () => {
  const g = new Generator().manualSeed(77);
  rand([5], { generator: g });
  randn([1], { generator: g }); // the scalar normal path caches its second sample in the state
  const s1 = JSON.parse(JSON.stringify(g.getState()));
  assert.equal(typeof s1.nextDoubleNormal, "number");
  const want = [bits(randn([1], { generator: g }).dataSync()), bits(rand([7], { generator: g }).dataSync())];
  const h = new Generator().setState(s1);
  assert.deepEqual([bits(randn([1], { generator: h }).dataSync()), bits(rand([7], { generator: h }).dataSync())], want);
  assert.equal(h.initialSeed(), 77);
  assert.throws(() => h.setState({ ...s1, mt: [1, 2] }), /not a generator state/);
});
