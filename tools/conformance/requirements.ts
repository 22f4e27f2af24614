// Which fulgur exports a scenario needs, so a scenario that needs something not built yet is
// skipped with its name instead of crashing the run.
import type { Scenario, SchedulerSpec } from "./scenario.ts";
import { LIB_PATHS, type FulgurLib } from "./lib.ts";
import { V3_LAYER_CLASSES } from "./layers_v3.ts";
import { torchSeedOf } from "./scenario_v3.ts";

type Need = [keyof FulgurLib, string];

const LAYER_CLASSES: Record<string, string> = {
  linear: "Linear", tanh: "Tanh", relu: "ReLU", sigmoid: "Sigmoid", leaky_relu: "LeakyReLU", gelu: "GELU", softplus: "Softplus",
};
export const LOSS_FUNCTIONS: Record<string, string> = {
  mse: "mseLoss", l1: "l1Loss", smooth_l1: "smoothL1Loss", bce_with_logits: "binaryCrossEntropyWithLogits", cross_entropy: "crossEntropy", cross_entropy_seq: "crossEntropy",
};

function schedulerNeeds(spec: SchedulerSpec): Need[] {
  return [["lrScheduler", spec.type], ...(spec.schedulers ?? []).flatMap(schedulerNeeds)];
}

export function scenarioNeeds(s: Scenario): Need[] {
  const needs: Need[] = [
    ["trainer", "LightningModule"], ["trainer", "Trainer"], ["trainer", "DataLoader"],
    ["autograd", "tensor"], ["autograd", "ones"], ["autograd", "zeros"],
    ["nn", "Sequential"], ["optimFactory", "createOptimizer"],
  ];
  for (const layers of Object.values(s.modules)) {
    for (const l of layers) for (const c of LAYER_CLASSES[l[0]] ? [LAYER_CLASSES[l[0]]] : V3_LAYER_CLASSES[l[0]] ?? []) needs.push(["nn", c]);
  }
  // `/3`: torch.manual_seed before construction (init.torch_seed) or before fit (seed)
  if (torchSeedOf(s.init) !== null || s.seed !== undefined) needs.push(["nn", "manualSeed"]);
  for (const term of Object.values(s.losses)) {
    needs.push(["functional", "supervised" in term ? LOSS_FUNCTIONS[term.supervised.fn] : "binaryCrossEntropyWithLogits"]);
  }
  for (const o of s.optimizers) needs.push(["optim", o.type]);
  if (s.schedulers.length) needs.push(["schedulerFactory", "createScheduler"]);
  for (const sc of s.schedulers) needs.push(...schedulerNeeds(sc));
  for (const cb of s.callbacks ?? []) needs.push(["trainer", cb.type]);
  return needs;
}

/** Human-readable list of what is missing, or null when everything the scenario needs is exported. */
export function missingExports(s: Scenario, lib: FulgurLib): string | null {
  const missing = new Set<string>();
  for (const [ns, name] of scenarioNeeds(s)) {
    if (lib[ns]?.[name] === undefined) missing.add(`${name} (${LIB_PATHS[ns]})`);
  }
  return missing.size ? `not exported yet: ${[...missing].join(", ")}` : null;
}
