// Scenario `optimizers` + `schedulers` → torch-style objects, and the value configureOptimizers
// returns, in exactly the form FORMAT.md prescribes:
//   1. any optimizer has a frequency → [{ optimizer, frequency?, lrScheduler? }, ...]
//   2. else schedulers exist        → [[opt, ...], [cfg, ...]]   (Python's ([opts], [cfgs]))
//   3. else                         → [opt, ...]
// Each cfg is { scheduler, interval?, frequency?, monitor? } with only the non-null keys.
import type { LambdaSpec, OptimizerSpec, Scenario, SchedulerSpec } from "./scenario.ts";
import type { FulgurLib } from "./lib.ts";

function optimizerParams(spec: OptimizerSpec, params: Map<string, any>, modules: Map<string, any>): unknown {
  if (spec.groups) {
    // Per-group overrides keep torch's names, as a user would pass them to torch (createOptimizer converts).
    return spec.groups.map(({ params: names, ...options }) => ({ params: names.map((n) => params.get(n)), ...options }));
  }
  return (spec.modules ?? []).flatMap((m) => modules.get(m).parameters());
}

/** The lr_lambda of LambdaLR / MultiplicativeLR; powers go through WASM scalar math (determinism). */
function lrLambda(type: string, l: LambdaSpec, lib: FulgurLib): (epoch: number) => number {
  if (l.kind === "linear_warmup") return (epoch) => Math.min(1, (epoch + 1) / l.steps);
  return type === "LambdaLR" ? (epoch) => lib.scalarMath.pow(l.gamma, epoch) : () => l.gamma;
}

function makeScheduler(spec: SchedulerSpec, optimizer: any, lib: FulgurLib): any {
  // A wrapper's children are constructed, in order, just before the wrapper.
  const children = spec.schedulers?.map((c) => makeScheduler(c, optimizer, lib));
  const args: Record<string, unknown> = { ...spec.args };
  if (spec.lambda) args.lr_lambda = lrLambda(spec.type, spec.lambda, lib);
  return lib.schedulerFactory.createScheduler(spec.type, optimizer, args, children);
}

export interface BuiltOptimizers {
  optimizers: any[];
  schedulers: any[];                 // one per `schedulers` entry, same order
  configureOptimizersOutput: unknown;
}

/** Constructs all optimizers, then all schedulers in list order (FORMAT.md), and the return value. */
export function buildOptimizers(s: Scenario, params: Map<string, any>, modules: Map<string, any>, lib: FulgurLib): BuiltOptimizers {
  const optimizers = s.optimizers.map((o) => lib.optimFactory.createOptimizer(o.type, optimizerParams(o, params, modules), o.args));
  const schedulers = s.schedulers.map((sc) => makeScheduler(sc, optimizers[sc.optimizer!], lib));
  const cfgs = s.schedulers.map((sc, i) => {
    const cfg: Record<string, unknown> = { scheduler: schedulers[i] };
    for (const k of ["interval", "frequency", "monitor"] as const) if (sc[k] != null) cfg[k] = sc[k];
    return cfg;
  });
  let out: unknown;
  if (s.optimizers.some((o) => o.frequency != null)) {
    out = optimizers.map((optimizer, i) => {
      const d: Record<string, unknown> = { optimizer };
      if (s.optimizers[i].frequency != null) d.frequency = s.optimizers[i].frequency;
      const j = s.schedulers.findIndex((sc) => sc.optimizer === i);
      if (j >= 0) d.lrScheduler = cfgs[j];
      return d;
    });
  } else if (schedulers.length) {
    out = [optimizers, cfgs];
  } else {
    out = optimizers;
  }
  return { optimizers, schedulers, configureOptimizersOutput: out };
}
