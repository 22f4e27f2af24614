// Test helper: turns a conformance scenario (FORMAT.md) into a LightningModule that records
// Lightning's events ([name, epoch, batchIdx, optimizerIdx]) so tests can compare the exact
// order with what Lightning 1.9.5 recorded. Supports the recipes the trainer tests replay.
import { full } from "../../ts/autograd/index.ts";
import { Linear, Sequential, Tanh, ReLU, Sigmoid, LeakyReLU, GELU, Softplus, type Module } from "../../ts/nn/index.ts";
import * as F from "../../ts/nn/functional.ts";
import { createOptimizer } from "../../ts/optim/index.ts";
import { createScheduler } from "../../ts/optim/lr_scheduler/index.ts";
import { LightningModule, Trainer, DataLoader } from "../../ts/index.ts";

export type Event = [string, number, number, number | null];

function buildNet(spec: any[][]): Sequential {
  const layers: Module[] = spec.map((l) => {
    switch (l[0]) {
      case "linear": return new Linear(l[1], l[2], l[3] ?? true);
      case "tanh": return new Tanh();
      case "relu": return new ReLU();
      case "sigmoid": return new Sigmoid();
      case "leaky_relu": return new LeakyReLU(l[1]);
      case "gelu": return new GELU();
      case "softplus": return new Softplus();
      default: throw new Error(`unknown layer ${l[0]}`);
    }
  });
  return new Sequential(...layers);
}

const LOSS_FNS: Record<string, (a: any, b: any) => any> = {
  mse: F.mseLoss, l1: F.l1Loss, smooth_l1: F.smoothL1Loss, bce_with_logits: F.binaryCrossEntropyWithLogits,
  cross_entropy: F.crossEntropy,
};

export class ScenarioModel extends LightningModule {
  nets: Record<string, Sequential> = {};
  events: Event[] = [];
  private currentOpt: number | null = null;
  private sc: any;

  constructor(sc: any) {
    super();
    this.sc = sc;
    for (const [name, spec] of Object.entries(sc.modules)) {
      const net = buildNet(spec as any[][]);
      this.registerModule(name, net);
      this.nets[name] = net;
      const sd: Record<string, Float32Array> = {};
      for (const [k] of net.namedParameters()) sd[k] = Float32Array.from((sc.init[`${name}.${k}`] as any[]).flat(Infinity) as number[]);
      net.loadStateDict(sd);
    }
    this.automaticOptimization = !sc.recipe.name.startsWith("manual");
  }

  forward(x: any): any { return x; }

  private ev(name: string, opt: number | null): void {
    this.events.push([name, this.trainer!.currentEpoch, this.trainer!.fitLoop.epochLoop.batchIdx, opt]);
  }

  loss(i: number, batch: any): any {
    const term = this.sc.losses[this.sc.optimizers[i].loss];
    if (term.supervised) {
      const s = term.supervised;
      return LOSS_FNS[s.fn](this.nets[s.module].call(batch[s.input]), batch[s.target]);
    }
    if (term.gan_d) {
      const { G, D, real, noise } = term.gan_d;
      const dr = this.nets[D].call(batch[real]);
      const df = this.nets[D].call(this.nets[G].call(batch[noise]).detach());
      return F.binaryCrossEntropyWithLogits(dr, full(dr.shape, 1)).add(F.binaryCrossEntropyWithLogits(df, full(df.shape, 0)));
    }
    const { G, D, noise } = term.gan_g;
    const d = this.nets[D].call(this.nets[G].call(batch[noise]));
    return F.binaryCrossEntropyWithLogits(d, full(d.shape, 1));
  }

  trainingStep(batch: any, batchIdx: number, optimizerIdx?: number): any {
    if (this.automaticOptimization) {
      this.currentOpt = optimizerIdx ?? 0;
      const l = this.loss(this.currentOpt, batch);
      this.log("loss", l);
      return l;
    }
    // manual_basic
    const opts = [this.optimizers()].flat();
    let last: any = null;
    opts.forEach((opt: any, i: number) => {
      opt.zeroGrad();
      last = this.loss(i, batch);
      this.manualBackward(last);
      opt.step();
    });
    this.log("loss", last);
  }

  configureOptimizers(): any {
    const sc = this.sc;
    const named = new Map<string, any>();
    for (const [m, net] of Object.entries(this.nets)) for (const [k, p] of net.namedParameters()) named.set(`${m}.${k}`, p);
    const opts = sc.optimizers.map((o: any) => {
      const params = o.groups
        ? o.groups.map((g: any) => ({ ...g, params: g.params.map((n: string) => named.get(n)) }))
        : o.modules.flatMap((m: string) => this.nets[m].parameters());
      return createOptimizer(o.type, params, o.args);
    });
    const cfgs = sc.schedulers.map((s: any) => {
      const build = (spec: any): any => createScheduler(
        spec.type, opts[s.optimizer], spec.lambda ? { ...spec.args, lr_lambda: spec.lambda } : spec.args ?? {},
        spec.schedulers ? spec.schedulers.map(build) : undefined,
      );
      const sched: any = build(s);
      const step = sched.step.bind(sched);
      sched.step = (...a: any[]) => { this.ev("sched", s.optimizer); return step(...a); };
      const cfg: any = { scheduler: sched };
      for (const k of ["interval", "frequency", "monitor"]) if (s[k] !== null && s[k] !== undefined) cfg[k] = s[k];
      return { cfg, opt: s.optimizer };
    });
    if (!this.automaticOptimization) {
      for (const [i, o] of opts.entries()) {
        const zg = o.zeroGrad.bind(o);
        o.zeroGrad = (...a: any[]) => { this.ev("zero_grad", i); return zg(...a); };
      }
    }
    if (sc.optimizers.some((o: any) => o.frequency !== null && o.frequency !== undefined)) {
      return opts.map((o: any, i: number) => {
        const d: any = { optimizer: o };
        if (sc.optimizers[i].frequency != null) d.frequency = sc.optimizers[i].frequency;
        const c = cfgs.find((c: any) => c.opt === i);
        if (c) d.lr_scheduler = c.cfg;
        return d;
      });
    }
    return cfgs.length ? [opts, cfgs.map((c: any) => c.cfg)] : opts;
  }

  configureGradientClipping(optimizer: any, optimizerIdx: number, val?: number | null, alg?: string | null): void {
    if (this.sc.recipe.name !== "auto_clip_per_optimizer") return super.configureGradientClipping(optimizer, optimizerIdx, val, alg);
    const a = this.sc.recipe.args;
    const v = a.val ?? val;
    const al = a.val !== undefined ? a.algorithm : alg;
    if (optimizerIdx === 0) this.clipGradients(optimizer, v, al);
    else if (optimizerIdx === 1) this.clipGradients(optimizer, v * 2, al);
  }

  onBeforeZeroGrad(): void { this.ev("zero_grad", this.currentOpt); }
  onBeforeBackward(): void { this.ev("backward", this.automaticOptimization ? this.currentOpt : null); }
  onBeforeOptimizerStep(_o: any, idx: number): void { this.ev("step", idx); }
}

/** Builds the trainer for a scenario, with the precision plugin's clipping recorded as "clip". */
export function scenarioTrainer(sc: any, model: ScenarioModel): Trainer {
  const t = sc.trainer;
  const trainer = new Trainer({
    maxEpochs: t.max_epochs, accumulateGradBatches: t.accumulate_grad_batches,
    gradientClipVal: t.gradient_clip_val, gradientClipAlgorithm: t.gradient_clip_algorithm, numSanityValSteps: 0,
  });
  const pp = trainer.precisionPlugin as any;
  for (const m of ["clipGradByNorm", "clipGradByValue"]) {
    const orig = pp[m].bind(pp);
    pp[m] = (opt: any, v: number) => {
      (model as any).ev("clip", trainer.optimizers.indexOf(opt));
      return orig(opt, v);
    };
  }
  return trainer;
}

export function scenarioLoader(sc: any): DataLoader {
  return new DataLoader(sc.data.fields, { batchSize: sc.data.batch_size });
}

export async function runScenario(sc: any): Promise<{ model: ScenarioModel; trainer: Trainer }> {
  const model = new ScenarioModel(sc);
  const trainer = scenarioTrainer(sc, model);
  await trainer.fit(model, scenarioLoader(sc));
  return { model, trainer };
}
