// Lightning's console: the ModelSummary table at the start of fit (Lightning 1.9.5's
// _format_summary_table layout and get_human_readable_count), off with enableModelSummary: false.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  BatchNorm1d, DataLoader, Embedding, LightningModule, Linear, ModelSummary, SGD, Sequential, Tanh, Trainer,
  humanReadableCount, mseLoss, summarizeModel, MisconfigurationException, type Tensor,
} from "../../ts/index.node.ts";

class Net extends LightningModule {
  net = new Sequential(new Linear(3, 16), new Tanh(), new Linear(16, 1));
  emb = new Embedding(1000, 64);
  bn = new BatchNorm1d(8);
  constructor() {
    super();
    this.bn.weight!.requiresGrad = false;
  }
  override trainingStep(batch: { x: Tensor; y: Tensor }) {
    return mseLoss(this.net.call(batch.x), batch.y);
  }
  override configureOptimizers() {
    return new SGD(this.net.parameters(), { lr: 0.1 });
  }
}

test("humanReadableCount follows Lightning's get_human_readable_count", () => {
  assert.equal(humanReadableCount(0), "0  ");
  assert.equal(humanReadableCount(81), "81  ");
  assert.equal(humanReadableCount(999), "999  ");
  assert.equal(humanReadableCount(1234), "1.2 K");
  assert.equal(humanReadableCount(64000), "64.0 K");
  assert.equal(humanReadableCount(123456), "123 K");
  assert.equal(humanReadableCount(1_234_567), "1.2 M");
  assert.equal(humanReadableCount(2e9), "2.0 B");
});

test("the summary table: direct children, counts, trainable / non-trainable, size in MB", () => {
  // 81 = 3*16+16 + 16+1; 64000 = 1000*64; 16 = BatchNorm1d(8) weight+bias (weight frozen).
  assert.equal(summarizeModel(new Net()), [
    "  | Name | Type        | Params",
    "-------------------------------------",
    "0 | net  | Sequential  | 81    ",
    "1 | emb  | Embedding   | 64.0 K",
    "2 | bn   | BatchNorm1d | 16    ",
    "-------------------------------------",
    "64.1 K    Trainable params",
    "8         Non-trainable params",
    "64.1 K    Total params",
    "0.256     Total estimated model params size (MB)",
  ].join("\n"));
});

const loader = () => new DataLoader({ x: [[1, 2, 3], [0, 1, 0]], y: [[1], [0]] }, { batchSize: 2 });
const quiet = { maxEpochs: 1, enableCheckpointing: false, logger: false as const, enableProgressBar: false };

async function printed(fn: () => Promise<void>): Promise<string> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => void lines.push(a.join(" "));
  try {
    await fn();
  } finally {
    console.log = log;
  }
  return lines.join("\n");
}

test("fit prints the summary first by default; enableModelSummary: false prints none", async () => {
  const on = await printed(() => new Trainer(quiet).fit(new Net(), loader()));
  assert.match(on, /\| Name \| Type +\| Params\n-+\n0 \| net +\| Sequential/);
  assert.match(on, /Total estimated model params size \(MB\)/);
  const off = await printed(() => new Trainer({ ...quiet, enableModelSummary: false }).fit(new Net(), loader()));
  assert.doesNotMatch(off, /Trainable params/);
  assert.throws(() => new Trainer({ ...quiet, enableModelSummary: false, callbacks: [new ModelSummary()] }), MisconfigurationException);
  const mine: string[] = [];
  await new Trainer({ ...quiet, callbacks: [new ModelSummary({ write: (t) => mine.push(t) })] }).fit(new Net(), loader());
  assert.equal(mine.length, 1, "a given ModelSummary replaces the default one");
});

const isTTY = (globalThis as { process?: { stdout?: { isTTY?: boolean } } }).process?.stdout?.isTTY === true;

test("without a TTY the progress bar prints one line per epoch, with the progBar metrics; enableProgressBar: false prints none",
  { skip: isTTY ? "stdout is a terminal here (the per-batch bar is on)" : undefined }, async () => {
  class Logged extends Net {
    override trainingStep(batch: { x: Tensor; y: Tensor }) {
      const loss = super.trainingStep(batch);
      this.log("train_loss", loss, { progBar: true });
      return loss;
    }
  }
  const cfg = { maxEpochs: 2, enableCheckpointing: false, logger: false as const, enableModelSummary: false };
  const on = (await printed(() => new Trainer(cfg).fit(new Logged(), loader()))).split("\n").filter((l) => l.startsWith("Epoch "));
  assert.equal(on.length, 2, on.join("\n"));
  assert.match(on[0], /^Epoch 0: 100% 1\/1 \[\d\d:\d\d<\d\d:\d\d, [\d.]+it\/s, train_loss=[\d.e-]+\]$/);
  assert.match(on[1], /^Epoch 1: /);
  const off = await printed(() => new Trainer({ ...cfg, enableProgressBar: false }).fit(new Logged(), loader()));
  assert.doesNotMatch(off, /^Epoch /m);
});
