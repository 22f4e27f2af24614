// createScheduler: torch class names + torch's snake_case keyword arguments (the
// conformance runner's input) → our schedulers. Unknown or missing arguments fail like
// Python's own call errors would, naming the argument.
import { FulgurTypeError } from "../../errors.ts";
import { ChainedScheduler } from "./chained_scheduler.ts";
import { ConstantLR } from "./constant_lr.ts";
import { CosineAnnealingLR } from "./cosine_annealing_lr.ts";
import { CosineAnnealingWarmRestarts } from "./cosine_annealing_warm_restarts.ts";
import { CyclicLR } from "./cyclic_lr.ts";
import { ValueError } from "./errors.ts";
import { ExponentialLR } from "./exponential_lr.ts";
import { LambdaLR } from "./lambda_lr.ts";
import { toLrLambda } from "./lambda_specs.ts";
import { LinearLR } from "./linear_lr.ts";
import type { LRScheduler } from "./lr_scheduler.ts";
import { MultiStepLR } from "./multi_step_lr.ts";
import { MultiplicativeLR } from "./multiplicative_lr.ts";
import { OneCycleLR } from "./one_cycle_lr.ts";
import { PolynomialLR } from "./polynomial_lr.ts";
import { ReduceLROnPlateau } from "./reduce_lr_on_plateau.ts";
import { SequentialLR } from "./sequential_lr.ts";
import { StepLR } from "./step_lr.ts";
import type { SchedulableOptimizer } from "./types.ts";

type Opts = Record<string, unknown>;

interface Entry {
  /** torch keyword → our option name, in torch's parameter order. */
  args: Record<string, string>;
  required: string[];
  build(optimizer: SchedulableOptimizer, opts: Opts, children: LRScheduler[] | undefined): LRScheduler | ReduceLROnPlateau;
}

const BASE = { last_epoch: "lastEpoch", verbose: "verbose" };

function needChildren(type: string, children: LRScheduler[] | undefined): LRScheduler[] {
  if (!children || children.length === 0) throw new ValueError(`${type} needs its child schedulers (the \`children\` argument)`);
  return children;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- options are validated by name above */
const TABLE: Record<string, Entry> = {
  LambdaLR: {
    args: { lr_lambda: "lrLambda", ...BASE },
    required: ["lr_lambda"],
    build: (o, a) => new LambdaLR(o, { ...a, lrLambda: toLrLambda(a.lrLambda, false) } as any),
  },
  MultiplicativeLR: {
    args: { lr_lambda: "lrLambda", ...BASE },
    required: ["lr_lambda"],
    build: (o, a) => new MultiplicativeLR(o, { ...a, lrLambda: toLrLambda(a.lrLambda, true) } as any),
  },
  StepLR: { args: { step_size: "stepSize", gamma: "gamma", ...BASE }, required: ["step_size"], build: (o, a) => new StepLR(o, a as any) },
  MultiStepLR: {
    args: { milestones: "milestones", gamma: "gamma", ...BASE },
    required: ["milestones"],
    build: (o, a) => new MultiStepLR(o, a as any),
  },
  ConstantLR: {
    args: { factor: "factor", total_iters: "totalIters", ...BASE },
    required: [],
    build: (o, a) => new ConstantLR(o, a as any),
  },
  LinearLR: {
    args: { start_factor: "startFactor", end_factor: "endFactor", total_iters: "totalIters", ...BASE },
    required: [],
    build: (o, a) => new LinearLR(o, a as any),
  },
  ExponentialLR: { args: { gamma: "gamma", ...BASE }, required: ["gamma"], build: (o, a) => new ExponentialLR(o, a as any) },
  PolynomialLR: {
    args: { total_iters: "totalIters", power: "power", ...BASE },
    required: [],
    build: (o, a) => new PolynomialLR(o, a as any),
  },
  CosineAnnealingLR: {
    args: { T_max: "tMax", eta_min: "etaMin", ...BASE },
    required: ["T_max"],
    build: (o, a) => new CosineAnnealingLR(o, a as any),
  },
  CosineAnnealingWarmRestarts: {
    args: { T_0: "t0", T_mult: "tMult", eta_min: "etaMin", ...BASE },
    required: ["T_0"],
    build: (o, a) => new CosineAnnealingWarmRestarts(o, a as any),
  },
  CyclicLR: {
    args: {
      base_lr: "baseLr", max_lr: "maxLr", step_size_up: "stepSizeUp", step_size_down: "stepSizeDown", mode: "mode",
      gamma: "gamma", scale_fn: "scaleFn", scale_mode: "scaleMode", cycle_momentum: "cycleMomentum",
      base_momentum: "baseMomentum", max_momentum: "maxMomentum", ...BASE,
    },
    required: ["base_lr", "max_lr"],
    build: (o, a) => new CyclicLR(o, a as any),
  },
  OneCycleLR: {
    args: {
      max_lr: "maxLr", total_steps: "totalSteps", epochs: "epochs", steps_per_epoch: "stepsPerEpoch", pct_start: "pctStart",
      anneal_strategy: "annealStrategy", cycle_momentum: "cycleMomentum", base_momentum: "baseMomentum",
      max_momentum: "maxMomentum", div_factor: "divFactor", final_div_factor: "finalDivFactor", three_phase: "threePhase", ...BASE,
    },
    required: ["max_lr"],
    build: (o, a) => new OneCycleLR(o, a as any),
  },
  SequentialLR: {
    args: { milestones: "milestones", ...BASE },
    required: ["milestones"],
    build: (o, a, c) => new SequentialLR(o, { ...a, schedulers: needChildren("SequentialLR", c) } as any),
  },
  ChainedScheduler: {
    args: {},
    required: [],
    build: (o, _a, c) => {
      const children = needChildren("ChainedScheduler", c);
      if (children[0]!.optimizer !== o) throw new ValueError("ChainedScheduler's child schedulers must belong to the optimizer it is created for");
      return new ChainedScheduler(children);
    },
  },
  ReduceLROnPlateau: {
    args: {
      mode: "mode", factor: "factor", patience: "patience", threshold: "threshold", threshold_mode: "thresholdMode",
      cooldown: "cooldown", min_lr: "minLr", eps: "eps", verbose: "verbose",
    },
    required: [],
    build: (o, a) => new ReduceLROnPlateau(o, a as any),
  },
};
/* eslint-enable @typescript-eslint/no-explicit-any */

/** The scheduler class names a checkpoint or conformance scenario may name. */
export const SCHEDULER_TYPES: readonly string[] = Object.keys(TABLE);

/**
 * Builds torch.optim.lr_scheduler.<type>(optimizer, **torchArgs). SequentialLR and
 * ChainedScheduler take their already-built children (on the same optimizer). LambdaLR and
 * MultiplicativeLR accept `lr_lambda` as a function, a conformance lambda spec
 * (`{ kind: "exp", gamma }` / `{ kind: "linear_warmup", steps }`) or a list of those.
 * `null` values mean "torch's default" (JSON has no None-vs-absent distinction here).
 */
export function createScheduler(
  type: string,
  optimizer: SchedulableOptimizer,
  torchArgs: Record<string, unknown> = {},
  children?: LRScheduler[],
): LRScheduler | ReduceLROnPlateau {
  const entry = TABLE[type];
  if (!entry) throw new ValueError(`Unknown LR scheduler type ${JSON.stringify(type)}; expected one of ${SCHEDULER_TYPES.join(", ")}`);
  const unknown = Object.keys(torchArgs).filter((k) => !(k in entry.args));
  if (unknown.length > 0) {
    throw new FulgurTypeError(`${type}.__init__() got unexpected keyword argument(s): ${unknown.map((k) => `'${k}'`).join(", ")}`);
  }
  const missing = entry.required.filter((k) => torchArgs[k] === undefined || torchArgs[k] === null);
  if (missing.length > 0) {
    throw new FulgurTypeError(`${type}.__init__() missing required argument(s): ${missing.map((k) => `'${k}'`).join(", ")}`);
  }
  const opts: Opts = {};
  for (const [k, v] of Object.entries(torchArgs)) if (v !== undefined && v !== null) opts[entry.args[k]!] = v;
  return entry.build(optimizer, opts, children);
}
