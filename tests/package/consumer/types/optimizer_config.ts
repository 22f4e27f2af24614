// configureOptimizers() shapes as a user writes them (compiled under strict with nodenext and
// bundler resolution and by `deno check`): every Lightning shape compiles, annotated with the
// public OptimizerConfig or not; each `@ts-expect-error` is a mistake that must stay an error.
import {
  Adam, LightningModule, Linear, ReduceLROnPlateau, SGD, StepLR, OneCycleLR, mseLoss,
  type LRSchedulerDict, type OptimizerConfig, type OptimizerDict, type Tensor,
} from "fulgur";

interface Batch {
  x: Tensor;
  y: Tensor;
}

abstract class Base extends LightningModule<Batch> {
  lin = new Linear(2, 1);
  override trainingStep(batch: Batch): Tensor {
    return mseLoss(this.lin.call(batch.x), batch.y);
  }
  adam() { return new Adam(this.parameters(), { lr: 1e-2 }); }
  sgd() { return new SGD(this.parameters(), { lr: 0.1 }); }
}

// ---- the good shapes, annotated: literals are checked key by key ----------------------------
export class One extends Base {
  override configureOptimizers(): OptimizerConfig { return this.adam(); }
}
export class List extends Base {
  override configureOptimizers(): OptimizerConfig { return [this.adam(), this.sgd()]; }
}
export class Tuple extends Base {
  override configureOptimizers(): OptimizerConfig {
    const a = this.adam();
    const s = this.sgd();
    return [[a, s], [new StepLR(a, { stepSize: 1 }), { scheduler: new StepLR(s, { stepSize: 2 }), interval: "step" }]];
  }
}
export class TupleOneScheduler extends Base {
  override configureOptimizers(): OptimizerConfig {
    const a = this.adam();
    return [[a], { scheduler: new ReduceLROnPlateau(a), monitor: "val_loss" }];
  }
}
export class Dict extends Base {
  override configureOptimizers(): OptimizerConfig {
    const optimizer = this.adam();
    return {
      optimizer,
      lrScheduler: { scheduler: new OneCycleLR(optimizer, { maxLr: 0.1, totalSteps: 100 }), interval: "step", frequency: 1, name: "lr", strict: true },
    };
  }
}
export class DictPlateau extends Base {
  override configureOptimizers(): OptimizerConfig {
    const optimizer = this.adam();
    return { optimizer, lrScheduler: new ReduceLROnPlateau(optimizer), monitor: "val_loss" };
  }
}
export class Dicts extends Base {
  override configureOptimizers(): OptimizerConfig {
    const a = this.adam();
    const s = this.sgd();
    return [
      { optimizer: a, frequency: 2, lrScheduler: { scheduler: new StepLR(a, { stepSize: 1 }), interval: "epoch", monitor: "loss" } },
      { optimizer: s, frequency: 1 },
    ];
  }
}
export class Nothing extends Base {
  override configureOptimizers(): OptimizerConfig { return null; }
}
// the pieces are exported too, for helpers that build a config
export const part = (m: Base): OptimizerDict => {
  const optimizer = m.adam();
  const lrScheduler: LRSchedulerDict = { scheduler: new StepLR(optimizer, { stepSize: 3 }), interval: "epoch" };
  return { optimizer, lrScheduler };
};

// ---- the same shapes without a return type (TypeScript widens "step" to string, tuples to arrays) ----
export class InferredDict extends Base {
  override configureOptimizers() {
    const optimizer = this.adam();
    return { optimizer, lrScheduler: { scheduler: new StepLR(optimizer, { stepSize: 1 }), interval: "step" } };
  }
}
export class InferredTuple extends Base {
  override configureOptimizers() {
    const a = this.adam();
    return [[a], [new StepLR(a, { stepSize: 1 })]];
  }
}
export class InferredDicts extends Base {
  override configureOptimizers() {
    return [{ optimizer: this.adam(), frequency: 3 }, { optimizer: this.sgd(), frequency: 1 }];
  }
}

// ---- mistakes -------------------------------------------------------------------------------
export class MisspelledDictKey extends Base {
  override configureOptimizers(): OptimizerConfig {
    const optimizer = this.adam();
    // @ts-expect-error: lrSchedular is not a key of the optimizer dict (lrScheduler)
    return { optimizer, lrSchedular: new StepLR(optimizer, { stepSize: 1 }) };
  }
}
export class MisspelledSchedulerKey extends Base {
  override configureOptimizers(): OptimizerConfig {
    const optimizer = this.adam();
    // @ts-expect-error: intervall is not a key of the scheduler dict (interval)
    return { optimizer, lrScheduler: { scheduler: new StepLR(optimizer, { stepSize: 1 }), intervall: "step" } };
  }
}
export class WrongInterval extends Base {
  override configureOptimizers(): OptimizerConfig {
    const optimizer = this.adam();
    // @ts-expect-error: interval is "step" or "epoch"
    return { optimizer, lrScheduler: { scheduler: new StepLR(optimizer, { stepSize: 1 }), interval: "epochs" } };
  }
}
export class WrongFrequency extends Base {
  override configureOptimizers(): OptimizerConfig {
    // @ts-expect-error: frequency is a number of batches
    return [{ optimizer: this.adam(), frequency: "2" }, { optimizer: this.sgd(), frequency: 1 }];
  }
}
export class SchedulerFirst extends Base {
  override configureOptimizers(): OptimizerConfig {
    const a = this.adam();
    // @ts-expect-error: the tuple is [optimizers, schedulers], not the other way round
    return [[new StepLR(a, { stepSize: 1 })], [a]];
  }
}
export class FlatPair extends Base {
  override configureOptimizers(): OptimizerConfig {
    const a = this.adam();
    // @ts-expect-error: a flat [optimizer, scheduler] pair is not a shape (Lightning wants [[opt], [sched]])
    return [a, new StepLR(a, { stepSize: 1 })];
  }
}
// without a return type, a wrong shape is still an error at the override
export class InferredNoOptimizerKey extends Base {
  // @ts-expect-error: the dict needs "optimizer" (here "optimizers")
  override configureOptimizers() {
    return { optimizers: this.adam() };
  }
}
export class InferredSchedulerDictWithoutScheduler extends Base {
  // @ts-expect-error: a scheduler dict needs "scheduler"
  override configureOptimizers() {
    const optimizer = this.adam();
    return { optimizer, lrScheduler: { sched: new StepLR(optimizer, { stepSize: 1 }), interval: "step" } };
  }
}
export class InferredNumber extends Base {
  // @ts-expect-error: a learning rate is not an optimizer
  override configureOptimizers() {
    return 0.01;
  }
}
export class InferredOptimizerClass extends Base {
  // @ts-expect-error: the class, not an instance
  override configureOptimizers() {
    return Adam;
  }
}
