// Lightning's console: the ModelSummary table at the start of fit (Lightning 1.9.5's
// _format_summary_table layout and get_human_readable_count), off with enableModelSummary: false.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  BatchNorm1d, DataLoader, Embedding, LightningModule, Linear, ModelSummary, ProgressBar, SGD, Sequential, Tanh, Trainer,
  humanReadableCount, mseLoss, summarizeModel, setWarningSink, MisconfigurationException, type Tensor,
} from "../../ts/index.node.ts";
import { pyFloatStr, pyFormatG, tqdmFormatNum } from "../../ts/trainer/callbacks/tqdm_format.ts";
import { RunningLoss } from "../../ts/trainer/loops/running_loss.ts";
import type { DeferredReads } from "../../ts/trainer/logging/deferred_reads.ts";

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
  assert.match(on[0], /^Epoch 0: 100% 1\/1 \[\d\d:\d\d<\d\d:\d\d, [\d.]+it\/s, loss=[\d.e+-]+, train_loss=[\d.e+-]+\]$/);
  assert.match(on[1], /^Epoch 1: /);
  const off = await printed(() => new Trainer({ ...cfg, enableProgressBar: false }).fit(new Logged(), loader()));
  assert.doesNotMatch(off, /^Epoch /m);
});

test("progress bar numbers are printed as Lightning's tqdm prints them (format_num, floats padded to 5)", () => {
  // expected values from Python 3 ('{:.3g}', str(float)) and Lightning 1.9.5's Tqdm.format_num
  const cases: Array<[number, string, string, string]> = [
    [0.9, "0.9", "0.9", "0.900"], [0.123456, "0.123", "0.123456", "0.123"], [1e-5, "1e-05", "1e-05", "1e-5"],
    [2, "2", "2.0", "2.000"], [100, "100", "100.0", "100.0"], [123456, "1.23e+05", "123456.0", "1.23e+5"],
    [-0.5, "-0.5", "-0.5", "-.500"], [NaN, "nan", "nan", "nan.0"], [0.1 + 0.2, "0.3", "0.30000000000000004", "0.300"],
    [12.5, "12.5", "12.5", "12.50"], [1e16, "1e+16", "1e+16", "1e+16"], [3e-4, "0.0003", "0.0003", "0.0003"], [0, "0", "0.0", "0.000"],
  ];
  for (const [v, g, str, tqdm] of cases) {
    assert.equal(pyFormatG(v), g, `'{:.3g}'.format(${v})`);
    assert.equal(pyFloatStr(v), str, `str(${v})`);
    assert.equal(tqdmFormatNum(v, false), tqdm, `format_num(${v})`);
  }
  assert.equal(tqdmFormatNum(0, true), "0");
  assert.equal(tqdmFormatNum(12345, true), "12345");
});

/** A bar that writes as on a terminal, into `lines` (one entry per redraw; the epoch's last one ends with "\n"). */
function capturedBar(lines: string[], refreshRate = 1): ProgressBar {
  return new ProgressBar({ refreshRate, write: (t) => void lines.push(t.replace(/^\r/, "").replace(/ +(\n?)$/, "$1")) });
}

class Tracked extends LightningModule<{ x: Tensor; y: Tensor }> {
  lin = new Linear(3, 1);
  losses: number[] = [];
  override trainingStep(batch: { x: Tensor; y: Tensor }): Tensor | void {
    const loss = mseLoss(this.lin.call(batch.x), batch.y);
    this.losses.push(loss.item());
    this.log("acc", 0.9, { progBar: true });
    return loss;
  }
  override configureOptimizers() {
    return new SGD(this.parameters(), { lr: 0.05 });
  }
}

const rows = (n: number) => {
  const x = Array.from({ length: n }, (_, i) => [Math.sin(i), Math.cos(i), (i % 5) / 5]);
  return new DataLoader({ x, y: x.map(([a, b, c]) => [a - 2 * b + c]) }, { batchSize: 1 });
};
const barCfg = { enableCheckpointing: false, logger: false as const, enableModelSummary: false };

test("the bar shows loss= (the mean of the last 20 training losses), then the progBar metrics", async () => {
  const lines: string[] = [];
  const model = new Tracked();
  await new Trainer({ ...barCfg, maxEpochs: 2, callbacks: [capturedBar(lines)] }).fit(model, rows(15));
  const perBatch = lines.filter((l) => !l.endsWith("\n"));
  const epochEnds = lines.filter((l) => l.endsWith("\n"));
  assert.equal(perBatch.length, 30);
  assert.equal(epochEnds.length, 2);
  assert.match(epochEnds[1], /^Epoch 1: 100% 15\/15 .*, loss=[^,]+, acc=0.900\]\n$/);
  lines.splice(0, lines.length, ...perBatch);
  for (let i = 0; i < lines.length; i++) {
    const seen = model.losses.slice(Math.max(0, i + 1 - 20), i + 1);
    const mean = seen.reduce((a, b) => a + b, 0) / seen.length;
    const m = /, loss=([^,]+), acc=([^\]]+)\]$/.exec(lines[i]);
    assert.ok(m, lines[i]);
    assert.equal(m[1], pyFormatG(mean), `batch ${i}: ${lines[i]}`);
    assert.equal(m[2], "0.900");
  }
  assert.match(lines[0], /^Epoch 0:   6% 1\/15 \[/);
});

test("v_num is the logger's version (its last 4 characters when a string; distinct versions joined by _)", async () => {
  const logger = (version: number | string) => ({
    name: "mem", version, logDir: "mem", logMetrics() {}, logHyperparams() {}, async save() {}, async finalize() {},
  });
  for (const [loggers, vNum] of [[[logger(3)], "3"], [[logger("version_2026")], "2026"], [[logger(1), logger(2), logger(1)], "1_2"]] as const) {
    const lines: string[] = [];
    await new Trainer({ ...barCfg, logger: [...loggers], maxEpochs: 1, callbacks: [capturedBar(lines)] }).fit(new Tracked(), rows(2));
    assert.match(lines.at(-1)!, new RegExp(`, loss=[^,]+, v_num=${vNum}, acc=0.900\\]\\n$`), lines.at(-1));
  }
});

test("manual optimization shows no loss=; logging \"loss\" with progBar warns as Lightning does and shows the logged value", async () => {
  class Manual extends Tracked {
    constructor() {
      super();
      this.automaticOptimization = false;
    }
    override trainingStep(batch: { x: Tensor; y: Tensor }) {
      const opt = this.optimizers() as { zeroGrad(): void; step(): void };
      const loss = mseLoss(this.lin.call(batch.x), batch.y);
      opt.zeroGrad();
      this.manualBackward(loss);
      opt.step();
      this.log("acc", 0.5, { progBar: true });
    }
  }
  const lines: string[] = [];
  await new Trainer({ ...barCfg, maxEpochs: 1, callbacks: [capturedBar(lines)] }).fit(new Manual(), rows(3));
  assert.match(lines.at(-1)!, /it\/s, acc=0.500\]\n$/);

  class LogsLoss extends Tracked {
    override trainingStep(batch: { x: Tensor; y: Tensor }) {
      const loss = mseLoss(this.lin.call(batch.x), batch.y);
      this.log("loss", 7, { progBar: true });
      return loss;
    }
  }
  const warned: string[] = [];
  const prev = setWarningSink((m: string) => void warned.push(m));
  try {
    const logged: string[] = [];
    await new Trainer({ ...barCfg, maxEpochs: 1, callbacks: [capturedBar(logged)] }).fit(new LogsLoss(), rows(3));
    assert.match(logged.at(-1)!, /it\/s, loss=7.000\]\n$/);
  } finally {
    setWarningSink(prev);
  }
  assert.equal(warned.filter((w) => w.includes("The progress bar already tracks a metric with the name(s) 'loss'")).length, 1, warned.join("\n"));
});

test("the running loss is read only while a bar shows it, and never synchronously where reads are deferred (webgpu)", () => {
  let items = 0;
  const loss = { value: "the scalar", item: () => (items++, 2) };
  const queued: Array<[unknown[], (v: number[]) => void]> = [];
  const deferring = { deferring: true, defer: (s: unknown[], run: (v: number[]) => void) => void queued.push([s, run]) } as unknown as DeferredReads;
  const immediate = { deferring: false, defer: () => assert.fail("nothing to defer on wasm") } as unknown as DeferredReads;
  const running = new RunningLoss();
  running.record(loss, 1, immediate);
  running.record(loss, 1, deferring);
  assert.equal(items, 0);
  assert.equal(queued.length, 0, "no bar, no read");
  running.wanted = true;
  running.record(loss, 4, deferring);
  assert.equal(items, 0, "webgpu: no item() mid-step");
  assert.deepEqual(queued.map(([s]) => s), [["the scalar"]], "the loss joins the batch's one deferred read");
  assert.equal(running.mean(), null);
  queued[0][1]([0.25]);
  assert.equal(running.mean(), 1, "0.25 * accumulateGradBatches 4");
  running.record(loss, 1, immediate);
  assert.equal(items, 1, "wasm/cpu: the value is read at once (host memory)");
  assert.equal(running.mean(), 1.5);
  for (let i = 0; i < 30; i++) running.append(i);
  assert.equal(running.mean(), (10 + 29) / 2, "a window of the last 20");
});
