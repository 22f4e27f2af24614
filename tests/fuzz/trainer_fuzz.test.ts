// Seeded fuzzing of Trainer flags, configureOptimizers returns and scheduler configs on a tiny
// model: every case either trains to finite parameters or throws a FulgurError subclass (the
// optim layer's torch-named ValueError/KeyError/TypeError included, also when raised while the
// user's own configureOptimizers built an optimizer) with a message — never a crash or a NaN.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { Linear, Sequential, Tanh } from "../../ts/nn/index.ts";
import { mseLoss } from "../../ts/nn/functional.ts";
import { Adam, LBFGS, SGD } from "../../ts/optim/index.ts";
import {
  OneCycleLR, ReduceLROnPlateau, StepLR,
} from "../../ts/optim/lr_scheduler/index.ts";
import { DataLoader, FulgurError, LightningModule, SeededRandom, Trainer, setWarningSink } from "../../ts/index.ts";

before(async () => { await init(); setWarningSink(() => {}); });

const CASES = 2000;

/** Marks errors raised while the user's configureOptimizers constructed optim objects. */
class UserConfigError extends Error {}

class Tiny extends LightningModule {
  net = new Sequential(new Linear(2, 3), new Tanh(), new Linear(3, 1));
  constructor(private readonly conf: (m: Tiny) => unknown, manual: boolean) {
    super();
    this.automaticOptimization = !manual;
  }
  forward(x: any): any { return this.net.call(x); }
  trainingStep(batch: any): any {
    const loss = mseLoss(this.forward(batch.x), batch.y);
    this.log("loss", loss);
    if (this.automaticOptimization) return loss;
    const opts = this.optimizers();
    const opt = Array.isArray(opts) ? opts[0] : opts;
    opt.zeroGrad();
    this.manualBackward(loss);
    opt.step(() => loss);
    return undefined;
  }
  validationStep(batch: any): void { this.log("val_loss", mseLoss(this.forward(batch.x), batch.y)); }
  configureOptimizers(): any {
    try {
      return this.conf(this);
    } catch (e) {
      throw new UserConfigError(String(e), { cause: e });
    }
  }
}

function pick<T>(r: SeededRandom, xs: readonly T[]): T { return xs[r.nextInt(xs.length)]; }

function randomFlags(r: SeededRandom): Record<string, unknown> {
  const flags: Record<string, unknown> = { enableProgressBar: false };
  // [valid values, invalid values]: invalid ones are drawn 1 time in 8 so that most cases train
  const choices: Record<string, [readonly unknown[], readonly unknown[]]> = {
    maxEpochs: [[1, 2, null], [0, -2, 1.5]],
    maxSteps: [[-1, 2, 3, 0], [-5, 0.5]],
    accumulateGradBatches: [[1, 2, 3], [0, -1, 1.5]],
    gradientClipVal: [[null, 0, 0.5, 1], ["x"]],
    gradientClipAlgorithm: [["norm", "value", "VALUE", null], ["bogus"]],
    limitTrainBatches: [[1, 2, 0.5, 0], [1.5, -1]],
    limitValBatches: [[1, 0, 0.5, 2], [-1]],
    numSanityValSteps: [[0, 1, -1, 2], [-3]],
    checkValEveryNEpoch: [[1, 2, null], [0]],
    valCheckInterval: [[1, 2, 0.5], [7]],
    logEveryNSteps: [[1, 50], [0]],
    detectAnomaly: [[true, false], []],
    bogusOption: [[], [1]],
  };
  for (const [k, [valid, invalid]] of Object.entries(choices)) {
    if (r.nextInt(3) !== 0) continue;
    const pool = invalid.length && (valid.length === 0 || r.nextInt(8) === 0) ? invalid : valid;
    flags[k] = pick(r, pool);
  }
  // an unbounded run would never end: cap it
  if (flags.maxEpochs === null && (flags.maxSteps === undefined || flags.maxSteps === -1)) flags.maxSteps = 3;
  if (flags.maxEpochs === undefined) flags.maxEpochs = 2;
  return flags;
}

function randomConf(r: SeededRandom): (m: Tiny) => unknown {
  const rare = () => r.nextInt(8) === 0;
  const optKind = rare() ? pick(r, ["sgd_bad_lr", "adam_bad_betas"]) : pick(r, ["sgd", "adam", "lbfgs"]);
  const schedKind = rare() ? pick(r, ["onecycle_short", "plateau_nomonitor", "plateau_missing"]) : pick(r, ["none", "step", "onecycle", "plateau"]);
  const shape = rare() ? pick(r, ["null", "garbage", "dict_no_opt", "bad_interval"]) : pick(r, ["bare", "list", "tuple", "dict", "dict_list_freq"]);
  const interval = pick(r, ["step", "epoch"]);
  return (m) => {
    const params = m.parameters();
    const make = () =>
      optKind === "sgd" ? new SGD(params, { lr: 0.05, momentum: 0.5 })
        : optKind === "adam" ? new Adam(params, { lr: 0.01 })
          : optKind === "lbfgs" ? new LBFGS(params, { lr: 0.1, maxIter: 2 })
            : optKind === "sgd_bad_lr" ? new SGD(params, { lr: -1 })
              : new Adam(params, { lr: 0.01, betas: [1.5, 0.9] });
    const opt = make();
    const sched =
      schedKind === "step" ? new StepLR(opt, { stepSize: 1, gamma: 0.5 })
        : schedKind === "onecycle" ? new OneCycleLR(opt, { maxLr: 0.1, totalSteps: 50 })
          : schedKind === "onecycle_short" ? new OneCycleLR(opt, { maxLr: 0.1, totalSteps: 1 })
            : schedKind.startsWith("plateau") ? new ReduceLROnPlateau(opt, { patience: 0 })
              : null;
    const monitor = schedKind === "plateau" ? "loss" : schedKind === "plateau_missing" ? "missing" : undefined;
    const schedConf = sched && { scheduler: sched, interval: shape === "bad_interval" ? "hourly" : interval, monitor };
    switch (shape) {
      case "bare": return sched ? { optimizer: opt, lr_scheduler: schedConf } : opt;
      case "list": return [opt];
      case "tuple": return [[opt], sched ? [sched] : []];
      case "dict": case "bad_interval": return sched ? { optimizer: opt, lr_scheduler: schedConf } : { optimizer: opt };
      case "dict_list_freq": return [{ optimizer: opt, frequency: 1, ...(sched ? { lr_scheduler: schedConf } : {}) }];
      case "null": return null;
      case "garbage": return 42;
      case "dict_no_opt": return { lr_scheduler: sched };
    }
  };
}

function classify(e: unknown): "ok" | string {
  if (!(e instanceof Error)) return `non-Error thrown: ${String(e)}`;
  if (!e.message) return `empty message from ${e.name}`;
  if (e instanceof FulgurError) return "ok"; // optim/scheduler errors too (ValueError, KeyError, TypeError are FulgurErrors)
  // the user's own optimizer construction rejected its args: that error must be ours as well
  if (e instanceof UserConfigError) return e.cause instanceof FulgurError ? "ok" : `crash in configureOptimizers: ${String(e.cause)}`;
  return `crash: ${e.name}: ${e.message}\n${e.stack}`;
}

test(`${CASES} random trainer configurations train to finite parameters or fail with a named error`, { timeout: 120_000 }, async () => {
  const r = new SeededRandom(1234);
  const outcome = { trained: 0, rejected: 0 };
  for (let i = 0; i < CASES; i++) {
    const flags = randomFlags(r);
    const conf = randomConf(r);
    const manual = r.nextInt(5) === 0;
    const rows = pick(r, [4, 6, 8]);
    const data = { x: Array.from({ length: rows }, (_, k) => [k / rows - 0.5, (k % 3) / 3]), y: Array.from({ length: rows }, (_, k) => [k % 2]) };
    const withVal = r.nextInt(2) === 0;
    let stage = "construct";
    try {
      const trainer = new Trainer(flags as any);
      stage = "fit";
      const model = new Tiny(conf, manual);
      await trainer.fit(model, new DataLoader(data, { batchSize: 2 }), withVal ? new DataLoader(data, { batchSize: 2 }) : null);
      for (const [name, p] of model.namedParameters()) {
        assert.ok(p.dataSync().every(Number.isFinite), `case ${i}: ${name} is not finite after training (${JSON.stringify(flags)})`);
      }
      outcome.trained++;
    } catch (e) {
      if (e instanceof assert.AssertionError) throw e;
      const verdict = classify(e);
      assert.equal(verdict, "ok", `case ${i} (${stage}, flags ${JSON.stringify(flags)}, manual ${manual}): ${verdict}`);
      outcome.rejected++;
    }
  }
  // both outcomes must be exercised for the fuzzing to mean anything
  assert.ok(outcome.trained > CASES / 10, `only ${outcome.trained} cases trained`);
  assert.ok(outcome.rejected > CASES / 10, `only ${outcome.rejected} cases were rejected`);
});
