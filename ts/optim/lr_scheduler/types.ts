// What a scheduler needs from an optimizer: its param groups (mutated in place, as torch
// mutates `param_groups`) and its defaults (CyclicLR/OneCycleLR look for `momentum`/`betas`).
// ts/optim/optimizer.ts's Optimizer satisfies this structurally.

/** One param group as a scheduler sees it: torch's snake_case keys in camelCase
 *  (`initialLr`, `maxLr`, `minLr`, `maxMomentum`, `baseMomentum`, `momentum`, `betas`). */
export interface SchedulerParamGroup {
  lr: number;
  [option: string]: unknown;
}

/** What a scheduler needs of an optimizer: its param groups. */
export interface SchedulableOptimizer {
  paramGroups: SchedulerParamGroup[];
  defaults: Record<string, unknown>;
}

/** A learning-rate factor as a function of the epoch counter (LambdaLR, MultiplicativeLR). */
export type LrLambda = (epoch: number) => number;

/** Anything `float(metrics)` accepts in ReduceLROnPlateau.step: a number or a scalar tensor. */
export type Metric = number | { item(): number };
