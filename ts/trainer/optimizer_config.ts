// The shapes `configureOptimizers()` may return, as types: Lightning 1.9.5's documented return
// values in camelCase. configure_optimizers.ts validates the same shapes at run time; these types
// let the compiler reject a wrong shape or (with the return type annotated, or `satisfies`) a
// misspelled key before a fit starts.

/** What the Trainer steps (Lightning's `Optimizable`): every fulgur optimizer, or your own with `step` and `paramGroups`. */
export interface Optimizable {
  step(closure?: any): unknown;
  readonly paramGroups: readonly unknown[];
}

/** A learning-rate scheduler: any fulgur scheduler (ReduceLROnPlateau included), or your own with these methods (override `lrSchedulerStep`). */
export interface SchedulerLike {
  readonly optimizer: unknown;
  stateDict(): unknown;
  loadStateDict(state: any): void;
}

/** Lightning's lr scheduler dict: the scheduler and when the Trainer steps it. */
export interface LRSchedulerDict {
  scheduler: SchedulerLike;
  /** Step the scheduler every optimizer step ("step") or every epoch ("epoch", the default). */
  interval?: "step" | "epoch";
  /** Step it every `frequency` intervals (default 1). */
  frequency?: number;
  /** The logged metric a ReduceLROnPlateau scheduler reads (required for one). */
  monitor?: string;
  /** Raise when `monitor` is missing (default true); false only warns. */
  strict?: boolean;
  /** The name LearningRateMonitor logs its rate under. */
  name?: string | null;
  /** Set for your own plateau-style scheduler (fulgur's ReduceLROnPlateau is detected). */
  reduceOnPlateau?: boolean;
}

/** Lightning's optimizer dict: one optimizer, optionally its scheduler, monitor and frequency. */
export interface OptimizerDict {
  optimizer: Optimizable;
  /** A scheduler, or a scheduler dict saying when it steps. */
  lrScheduler?: SchedulerLike | LRSchedulerDict;
  /** The metric a ReduceLROnPlateau given directly as `lrScheduler` reads. */
  monitor?: string;
  /** In a list of dicts: this optimizer runs for `frequency` consecutive batches, then the next one. */
  frequency?: number;
}

/** Lightning's `([optimizers], [schedulers])` tuple; the schedulers may be dicts (or one scheduler). */
export type OptimizersAndSchedulers = readonly [
  readonly Optimizable[],
  SchedulerLike | LRSchedulerDict | readonly (SchedulerLike | LRSchedulerDict)[],
];

/**
 * Everything `configureOptimizers()` may return (Lightning's `configure_optimizers` shapes): one
 * optimizer, a list of them, a `[optimizers, schedulers]` tuple, an optimizer dict, a list of optimizer
 * dicts (with `frequency`), or nothing (a fit without an optimizer, with a warning). Annotate the
 * override (`configureOptimizers(): OptimizerConfig`) so literals are checked key by key.
 */
export type OptimizerConfig =
  | Optimizable
  | readonly Optimizable[]
  | OptimizersAndSchedulers
  | OptimizerDict
  | readonly OptimizerDict[]
  | null
  | undefined
  | void;

/** A scheduler dict as TypeScript infers it without a return type: `interval: "step"` widens to string. */
export interface InferredLRSchedulerDict extends Omit<LRSchedulerDict, "interval"> {
  interval?: string;
}

/** An optimizer dict as TypeScript infers it without a return type. */
export interface InferredOptimizerDict extends Omit<OptimizerDict, "lrScheduler"> {
  lrScheduler?: SchedulerLike | InferredLRSchedulerDict;
}

/**
 * The same shapes as `OptimizerConfig` as an override without a return type infers them:
 * `interval` widened to string, `[[opt], [sched]]` an array rather than a tuple. The run time
 * checks what the compiler cannot here (an interval other than "step" / "epoch", the tuple's
 * order); annotate the override with `OptimizerConfig` to have the compiler check those too.
 */
export type InferredOptimizerConfig =
  | InferredOptimizerDict
  | readonly InferredOptimizerDict[]
  | readonly (readonly Optimizable[] | readonly (SchedulerLike | InferredLRSchedulerDict)[])[];
