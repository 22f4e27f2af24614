// MAML (Finn et al. 2017) on sine regression with manual optimization: each task is
// y = A·sin(x − φ), A ∈ [0.1, 5], φ ∈ [0, π], x ∈ [−5, 5]. The inner loop adapts the weights
// with SGD steps on K support points, keeping the graph of those steps (grad with createGraph),
// so the outer Adam step differentiates through the adaptation (second-order MAML).
// The baseline is the same network trained on all tasks jointly (no meta-learning), then adapted
// with the same inner steps: MAML's post-adaptation loss is the figure to compare.
//
//   npm run example -- examples/manual/maml_sine.ts            (full size)
import {
  init, Adam, Generator, grad, LightningModule, linear, manualSeed, mseLoss, Parameter, rand, scope,
  Trainer, DataLoader, type Tensor,
} from "../fulgur.ts";
import { isMain } from "../is_main.ts";

export interface MamlOptions {
  metaSteps?: number;
  tasksPerStep?: number;
  /** support / query points per task */
  k?: number;
  innerSteps?: number;
  innerLr?: number;
  outerLr?: number;
  hidden?: number;
}

const PI = 3.1415927;

interface Task { xs: Tensor; ys: Tensor; xq: Tensor; yq: Tensor }

/** A random task and its support and query sets (tensor ops only: sin runs in WASM). */
function sampleTask(gen: Generator, k: number, nQuery: number): Task {
  const [a, phase] = rand([2], { generator: gen }).dataSync();
  const amp = 0.1 + 4.9 * a;
  const ph = PI * phase;
  const xy = (n: number) => {
    const x = rand([n, 1], { generator: gen }).mul(10).sub(5);
    return [x, x.sub(ph).sin().mul(amp)];
  };
  const [xs, ys] = xy(k);
  const [xq, yq] = xy(nQuery);
  return { xs, ys, xq, yq };
}

/** The 1-40-40-1 ReLU regressor as a function of its weights (so adapted weights can stand in). */
function forward(w: Tensor[], x: Tensor): Tensor {
  const h1 = linear(x, w[0], w[1]).relu();
  const h2 = linear(h1, w[2], w[3]).relu();
  return linear(h2, w[4], w[5]);
}

function initWeights(hidden: number, gen: Generator): Parameter[] {
  const layer = (i: number, o: number) => {
    const bound = 1 / Math.sqrt(i);
    return [
      new Parameter(rand([o, i], { generator: gen }).mul(2 * bound).sub(bound).value),
      new Parameter(rand([o], { generator: gen }).mul(2 * bound).sub(bound).value),
    ];
  };
  return [...layer(1, hidden), ...layer(hidden, hidden), ...layer(hidden, 1)];
}

/** innerSteps SGD steps on the support set; with createGraph the adapted weights keep their graph. */
function adapt(w: Tensor[], t: Task, steps: number, lr: number, createGraph: boolean): Tensor[] {
  let fast = w;
  for (let s = 0; s < steps; s++) {
    const loss = mseLoss(forward(fast, t.xs), t.ys);
    const gs = grad(loss, fast, { createGraph });
    fast = fast.map((p, i) => p.sub(gs[i]!.mul(lr)));
  }
  return fast;
}

class MAML extends LightningModule {
  weights: Parameter[];
  metaLosses: number[] = [];
  private readonly taskGen = new Generator(11);

  constructor(readonly o: Required<MamlOptions>, readonly meta: boolean) {
    super();
    this.automaticOptimization = false;
    this.weights = initWeights(o.hidden, new Generator(5));
    this.weights.forEach((p, i) => this.registerParameter(`w${i}`, p));
  }

  trainingStep(_batch: unknown, _batchIdx: number): void {
    const opt = this.optimizers();
    let total: Tensor | null = null;
    for (let i = 0; i < this.o.tasksPerStep; i++) {
      const t = sampleTask(this.taskGen, this.o.k, this.o.k);
      // MAML: the query loss after adaptation; baseline: the plain loss on the task's points
      const w = this.meta ? adapt(this.weights, t, this.o.innerSteps, this.o.innerLr, true) : this.weights;
      const loss = mseLoss(forward(w, t.xq), t.yq);
      total = total === null ? loss : total.add(loss);
    }
    const metaLoss = total!.div(this.o.tasksPerStep);
    opt.zeroGrad();
    this.manualBackward(metaLoss);
    opt.step();
    this.metaLosses.push(metaLoss.item());
  }

  configureOptimizers() {
    return new Adam(this.weights, { lr: this.o.outerLr });
  }
}

/** Mean query MSE over fixed test tasks after `innerSteps` SGD steps on each task's K points. */
function evaluate(model: MAML, o: Required<MamlOptions>, nTasks = 50): number {
  const gen = new Generator(2024);
  let sum = 0;
  for (let i = 0; i < nTasks; i++) {
    sum += scope(() => {
      const t = sampleTask(gen, o.k, 100);
      const w = adapt(model.weights, t, o.innerSteps, o.innerLr, false);
      return mseLoss(forward(w, t.xq), t.yq).item();
    });
  }
  return sum / nTasks;
}

async function train(o: Required<MamlOptions>, meta: boolean): Promise<{ model: MAML; before: number; after: number }> {
  manualSeed(0);
  const model = new MAML(o, meta);
  const before = evaluate(model, o);
  // each "batch" is one meta-step (the tasks are sampled inside trainingStep)
  const loader = new DataLoader({ i: Array.from({ length: o.metaSteps }, (_, i) => i) }, { batchSize: 1 });
  const trainer = new Trainer({ maxEpochs: 1, enableProgressBar: false, enableCheckpointing: false, logger: false });
  await trainer.fit(model, loader);
  return { model, before, after: evaluate(model, o) };
}

export async function main(opts: MamlOptions = {}) {
  const o: Required<MamlOptions> = {
    metaSteps: 2000, tasksPerStep: 10, k: 10, innerSteps: 1, innerLr: 0.01, outerLr: 1e-3, hidden: 40, ...opts,
  };
  await init();
  const maml = await train(o, true);
  const baseline = await train(o, false);
  console.log(`manual/maml_sine: ${o.metaSteps} meta-steps of ${o.tasksPerStep} tasks, K=${o.k}, ${o.innerSteps} inner SGD step(s) of lr ${o.innerLr}`);
  console.log(`query MSE after adaptation on 50 new tasks: MAML ${maml.before.toFixed(3)} → ${maml.after.toFixed(3)}, jointly trained baseline ${baseline.after.toFixed(3)}`);
  return { maml: { before: maml.before, after: maml.after, metaLosses: maml.model.metaLosses }, baseline: { after: baseline.after } };
}

if (isMain("maml_sine")) await main();
