// Seeded fuzzing of the options objects the validation layer checks (optimizers, schedulers,
// DataLoader, Trainer) and of configureOptimizers shapes: every case constructs / trains to finite
// parameters, or throws a FulgurError with a message — never a raw TypeError or a NaN weight.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { Linear, Sequential, Tanh } from "../../ts/nn/index.ts";
import { mseLoss } from "../../ts/nn/functional.ts";
import { Adam, AdamW, Adagrad, RMSprop, SGD } from "../../ts/optim/index.ts";
import { CosineAnnealingLR, ExponentialLR, StepLR } from "../../ts/optim/lr_scheduler/index.ts";
import { DataLoader, FulgurError, LightningModule, SeededRandom, Trainer, setWarningSink } from "../../ts/index.ts";

before(async () => { await init(); setWarningSink(() => {}); });

const VALUES: unknown[] = [NaN, -1, 0, 1, 1.5, 0.01, 1e10, Infinity, -Infinity, "0.1", "adam", null, true, {}, [], [0.9, 0.99]];
const KEYS = [
  "lr", "momentum", "weightDecay", "weight_decay", "betas", "eps", "learningRate", "amsgrad", "nesterov", "alpha", "lrDecay",
  "stepSize", "step_size", "gamma", "tMax", "T_max", "etaMin", "lastEpoch", "batchSize", "batchsize", "shuffle", "dropLast",
  "maxEpochs", "minEpochs", "max_epochs", "gradientClipVal", "gradientClipAlgorithm", "limitTrainBatches", "detectNonFinite",
];

class Rand {
  private r: SeededRandom;
  constructor(seed: number) { this.r = new SeededRandom(seed); }
  pick<T>(xs: readonly T[]): T { return xs[this.r.nextInt(xs.length)]; }
  chance(p: number): boolean { return this.r.nextUint32() / 2 ** 32 < p; }
  options(): Record<string, unknown> {
    const o: Record<string, unknown> = {};
    const n = this.r.nextInt(4);
    for (let i = 0; i < n; i++) o[this.pick(KEYS)] = this.pick(VALUES);
    return o;
  }
}

const net = () => new Sequential(new Linear(2, 3), new Tanh(), new Linear(3, 1));
const data = () => new DataLoader({ x: [[0, 1], [1, 0], [1, 1], [0, 0]], y: [[1], [0], [1], [0]] }, { batchSize: 2 });

/** Runs `f`; a throw must be a FulgurError with a message. Returns whether it succeeded. */
function namedOrOk(label: string, f: () => unknown): boolean {
  try {
    f();
    return true;
  } catch (e) {
    assert.ok(e instanceof FulgurError, `${label}: raw ${(e as Error)?.name}: ${(e as Error)?.message}`);
    assert.ok((e as Error).message.length > 10, label);
    return false;
  }
}

test("optimizer, scheduler, DataLoader and Trainer options: built or a named error", { timeout: 180_000 }, () => {
  const r = new Rand(2200);
  const OPTS = [Adam, AdamW, SGD, Adagrad, RMSprop] as const;
  const SCHEDS = [StepLR, CosineAnnealingLR, ExponentialLR] as const;
  for (let i = 0; i < 600; i++) {
    const o = r.options();
    const label = `case ${i} ${JSON.stringify(o)}`;
    const Opt = r.pick(OPTS);
    let opt: any = null;
    namedOrOk(`${Opt.name} ${label}`, () => { opt = new (Opt as any)(net().parameters(), o); });
    if (opt !== null) {
      const Sched = r.pick(SCHEDS);
      namedOrOk(`${Sched.name} ${label}`, () => new (Sched as any)(opt, r.options()));
    }
    namedOrOk(`DataLoader ${label}`, () => new DataLoader({ x: [[1, 2]] }, o as any));
    namedOrOk(`Trainer ${label}`, () => new Trainer({ enableProgressBar: false, ...o } as any));
  }
});

class Tiny extends LightningModule {
  net = net();
  constructor(private readonly conf: (m: Tiny) => unknown) { super(); }
  trainingStep(batch: any): any { return mseLoss(this.net.call(batch.x), batch.y); }
  configureOptimizers(): any { return this.conf(this); }
}

test("configureOptimizers shapes: trained to finite parameters or a named error before any parameter changed", { timeout: 180_000 }, async () => {
  const r = new Rand(2201);
  const optimizerLike = (m: Tiny): unknown => r.pick<() => unknown>([
    () => new SGD(m.parameters(), { lr: 0.1 }),
    () => new Adam(m.parameters(), { lr: 0.01 }),
    () => null, () => undefined, () => "adam", () => ({}), () => 5,
  ])();
  const schedulerLike = (opt: unknown): unknown => r.pick<() => unknown>([
    () => (opt instanceof SGD || opt instanceof Adam ? new StepLR(opt, { stepSize: 1 }) : null),
    () => null, () => "step", () => ({ scheduler: null }),
  ])();
  const dictOf = (m: Tiny): Record<string, unknown> => {
    const opt = optimizerLike(m);
    const d: Record<string, unknown> = {};
    if (r.chance(0.9)) d.optimizer = opt;
    if (r.chance(0.4)) {
      const s = schedulerLike(opt);
      d.lr_scheduler = r.chance(0.5) ? s : { scheduler: s, frequency: r.pick(VALUES), interval: r.pick(["step", "epoch", "batch", 3]) };
    }
    if (r.chance(0.4)) d.frequency = r.pick(VALUES);
    if (r.chance(0.1)) d[r.pick(KEYS)] = r.pick(VALUES);
    return d;
  };
  for (let i = 0; i < 150; i++) {
    const shape = r.pick(["single", "list", "dict", "dicts", "tuple", "garbage"]);
    const conf = (m: Tiny): unknown => {
      switch (shape) {
        case "single": return optimizerLike(m);
        case "list": return [optimizerLike(m), optimizerLike(m)].slice(0, 1 + r.pick([0, 1]));
        case "dict": return dictOf(m);
        case "dicts": return [dictOf(m), dictOf(m)];
        case "tuple": { const o = optimizerLike(m); return [[o], [schedulerLike(o)]]; }
        default: return r.pick<unknown>([{ opt: 1 }, [[]], [null, null], "sgd", 0, [{}]]);
      }
    };
    const m = new Tiny(conf);
    const before1 = m.parameters().map((p) => Array.from(p.dataSync() as Float32Array).join(",")).join(";");
    const label = `case ${i} (${shape})`;
    try {
      await new Trainer({ maxEpochs: 1, enableProgressBar: false, enableModelSummary: false, logger: false }).fit(m, data());
      assert.ok(m.parameters().every((p) => Array.from(p.dataSync() as Float32Array).every(Number.isFinite)), `${label}: non-finite weights`);
    } catch (e) {
      assert.ok(e instanceof FulgurError, `${label}: raw ${(e as Error)?.name}: ${(e as Error)?.message}`);
      const after = m.parameters().map((p) => Array.from(p.dataSync() as Float32Array).join(",")).join(";");
      assert.equal(after, before1, `${label}: parameters changed before the error (${(e as Error).message})`);
    }
  }
});
