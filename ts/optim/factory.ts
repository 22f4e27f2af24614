// Builds an optimizer from a torch class name and torch's snake_case keyword arguments
// (what a Lightning configure_optimizers would pass), e.g. the conformance scenarios.
import { FulgurTypeError, ValueError } from "../errors.ts";
import type { Parameter } from "../autograd/tensor.ts";
import { Adadelta } from "./adadelta.ts";
import { Adagrad } from "./adagrad.ts";
import { Adam, AdamW } from "./adam.ts";
import { Adamax } from "./adamax.ts";
import { ASGD } from "./asgd.ts";
import { LBFGS } from "./lbfgs.ts";
import { NAdam } from "./nadam.ts";
import type { GroupSpec, Optimizer } from "./optimizer.ts";
import { RAdam } from "./radam.ts";
import { RMSprop } from "./rmsprop.ts";
import { Rprop } from "./rprop.ts";
import { SGD } from "./sgd.ts";

type Ctor = new (params: Parameter[] | GroupSpec[], opts: Record<string, unknown>) => Optimizer;

const COMMON = ["lr", "foreach"];
/** torch 1.13 constructor keyword arguments, per class. */
const OPTIMIZERS: Record<string, { ctor: Ctor; args: string[] }> = {
  SGD: { ctor: SGD as unknown as Ctor, args: [...COMMON, "momentum", "dampening", "weight_decay", "nesterov", "maximize", "differentiable"] },
  Adam: { ctor: Adam as unknown as Ctor, args: [...COMMON, "betas", "eps", "weight_decay", "amsgrad", "maximize", "capturable", "differentiable", "fused"] },
  AdamW: { ctor: AdamW as unknown as Ctor, args: [...COMMON, "betas", "eps", "weight_decay", "amsgrad", "maximize", "capturable"] },
  RMSprop: { ctor: RMSprop as unknown as Ctor, args: [...COMMON, "alpha", "eps", "weight_decay", "momentum", "centered", "maximize", "differentiable"] },
  Adagrad: { ctor: Adagrad as unknown as Ctor, args: [...COMMON, "lr_decay", "weight_decay", "initial_accumulator_value", "eps", "maximize"] },
  Adadelta: { ctor: Adadelta as unknown as Ctor, args: [...COMMON, "rho", "eps", "weight_decay", "maximize"] },
  Adamax: { ctor: Adamax as unknown as Ctor, args: [...COMMON, "betas", "eps", "weight_decay", "maximize"] },
  NAdam: { ctor: NAdam as unknown as Ctor, args: [...COMMON, "betas", "eps", "weight_decay", "momentum_decay"] },
  RAdam: { ctor: RAdam as unknown as Ctor, args: [...COMMON, "betas", "eps", "weight_decay"] },
  ASGD: { ctor: ASGD as unknown as Ctor, args: [...COMMON, "lambd", "alpha", "t0", "weight_decay", "maximize"] },
  Rprop: { ctor: Rprop as unknown as Ctor, args: [...COMMON, "etas", "step_sizes", "maximize"] },
  LBFGS: { ctor: LBFGS as unknown as Ctor, args: ["lr", "max_iter", "max_eval", "tolerance_grad", "tolerance_change", "history_size", "line_search_fn"] },
};

/** snake_case → camelCase (weight_decay → weightDecay). */
function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function convertArgs(type: string, allowed: string[], args: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) {
    if (!allowed.includes(k)) throw new FulgurTypeError(`${type}.__init__() got an unexpected keyword argument '${k}'`);
    out[camelCase(k)] = Array.isArray(v) ? v.slice() : v;
  }
  return out;
}

/** The optimizer class names a checkpoint or conformance scenario may name (SGD, Adam, ...). */
export function optimizerTypes(): string[] {
  return Object.keys(OPTIMIZERS);
}

/**
 * createOptimizer("Adam", params, { lr: 0.01, betas: [0.9, 0.99], weight_decay: 0 }).
 * `params` may be parameter groups whose options are torch-named too ({ params, lr, weight_decay }).
 */
export function createOptimizer(type: string, params: Parameter[] | Array<Record<string, unknown>>, torchArgs: Record<string, unknown> = {}): Optimizer {
  const spec = OPTIMIZERS[type];
  if (!spec) throw new ValueError(`unknown optimizer type "${type}" (torch.optim has no such class; known: ${optimizerTypes().join(", ")})`);
  const groups = params.map((g) => {
    if (g === null || typeof g !== "object" || !("params" in g) || Array.isArray(g)) return g;
    const { params: ps, ...rest } = g as Record<string, unknown>;
    // group options: torch names for the constructor's keywords (other keys pass through as-is)
    const converted: Record<string, unknown> = { params: ps };
    for (const [k, v] of Object.entries(rest)) converted[spec.args.includes(k) ? camelCase(k) : k] = v;
    return converted;
  });
  return new spec.ctor(groups as Parameter[] | GroupSpec[], convertArgs(type, spec.args, torchArgs));
}
