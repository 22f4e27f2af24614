// Everything `configureOptimizers()` may return, normalised in this one file into
// optimizers + scheduler configs + frequencies, with Lightning 1.9.5's validation
// (core/optimizer.py: _configure_optimizers, _configure_schedulers_*, _set_scheduler_opt_idx,
// _validate_scheduler_api) and its error wording.
import { LRScheduler, ReduceLROnPlateau } from "./deps.ts";
import { FulgurTypeError, MisconfigurationException, ValueError } from "./errors.ts";
import { MockOptimizer } from "./mock_optimizer.ts";
import { pySet } from "./py_format.ts";
import { makeSchedulerConfig, SCHEDULER_KEY_ALIASES, type LRSchedulerConfig } from "./scheduler_config.ts";
import { rankZeroWarn } from "./warnings.ts";
import { validateOptimizerSetup } from "../validation/optim_conf.ts";

export interface OptimizerSetup {
  optimizers: any[];
  lrSchedulerConfigs: LRSchedulerConfig[];
  optimizerFrequencies: number[];
}

/** Lightning's `Optimizable` protocol, checked structurally (a LightningOptimizer passes too). */
export function isOptimizable(x: unknown): boolean {
  return typeof x === "object" && x !== null && typeof (x as any).step === "function" && Array.isArray((x as any).paramGroups);
}

function isDict(x: unknown): x is Record<string, any> {
  if (typeof x !== "object" || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

const has = (d: Record<string, any>, k: string) => d[k] !== undefined;

/** The optimizer dict may spell the scheduler key either way. */
function lrSchedulerOf(d: Record<string, any>): any {
  return has(d, "lrScheduler") ? d.lrScheduler : d.lr_scheduler;
}
const hasLrScheduler = (d: Record<string, any>) => has(d, "lrScheduler") || has(d, "lr_scheduler");

const UNKNOWN_CONFIGURATION =
  "Unknown configuration for model optimizers." +
  " Output from `model.configure_optimizers()` should be one of:\n" +
  " * `Optimizer`\n" +
  " * [`Optimizer`]\n" +
  " * ([`Optimizer`], [`LRScheduler`])\n" +
  ' * {"optimizer": `Optimizer`, (optional) "lr_scheduler": `LRScheduler`}\n' +
  ' * A list of the previously described dict format, with an optional "frequency" key (int)';

function validateOptimConf(d: Record<string, any>): void {
  const valid = new Set(["optimizer", "lrScheduler", "lr_scheduler", "frequency", "monitor"]);
  const extra = Object.keys(d).filter((k) => !valid.has(k));
  // Lightning warns; we refuse, for the same reason as unknown scheduler keys.
  if (extra.length) {
    throw new MisconfigurationException(
      `Found unsupported keys in the optimizer configuration: ${pySet(extra)}.` +
        " Supported keys: optimizer, lrScheduler (or lr_scheduler), frequency, monitor.",
    );
  }
}

interface ParsedConf { optimizers: any[]; lrSchedulers: any[]; optimizerFrequencies: number[]; monitor: string | null }

/** Lightning's `_configure_optimizers`: the shape of the output → lists. */
export function parseOptimConf(optimConf: unknown): ParsedConf {
  let optimizers: any[] = [];
  let lrSchedulers: any[] = [];
  let optimizerFrequencies: number[] = [];
  let monitor: string | null = null;
  if (isOptimizable(optimConf)) {
    optimizers = [optimConf];
  } else if (
    Array.isArray(optimConf) && optimConf.length === 2 && Array.isArray(optimConf[0]) && optimConf[0].every(isOptimizable)
  ) {
    // ([optimizers], [schedulers]) — the second item may also be a single scheduler
    optimizers = [...optimConf[0]];
    lrSchedulers = Array.isArray(optimConf[1]) ? [...optimConf[1]] : [optimConf[1]];
  } else if (isDict(optimConf)) {
    validateOptimConf(optimConf);
    optimizers = [optimConf.optimizer];
    monitor = optimConf.monitor ?? null;
    lrSchedulers = hasLrScheduler(optimConf) ? [lrSchedulerOf(optimConf)] : [];
  } else if (Array.isArray(optimConf) && optimConf.every(isDict)) {
    for (const d of optimConf) validateOptimConf(d);
    optimizers = optimConf.map((d) => d.optimizer);
    optimConf.forEach((d, optIdx) => {
      if (!hasLrScheduler(d)) return;
      const s = lrSchedulerOf(d);
      lrSchedulers.push(isDict(s) ? { ...s, opt_idx: optIdx } : { scheduler: s, opt_idx: optIdx });
    });
    optimizerFrequencies = optimConf.filter((d) => d.frequency !== undefined && d.frequency !== null).map((d) => d.frequency);
    if (optimizerFrequencies.length && optimizerFrequencies.length !== optimizers.length) {
      throw new ValueError("A frequency must be given to each optimizer.");
    }
  } else if (Array.isArray(optimConf) && optimConf.every(isOptimizable)) {
    optimizers = [...optimConf];
  } else {
    throw new MisconfigurationException(UNKNOWN_CONFIGURATION);
  }
  return { optimizers, lrSchedulers, optimizerFrequencies, monitor };
}

/** Reads a user's scheduler dict (either key spelling) into config fields. */
function readSchedulerDict(d: Record<string, any>): { fields: Partial<LRSchedulerConfig>; unknown: string[] } {
  const fields: Record<string, any> = {};
  const unknown: string[] = [];
  for (const [k, v] of Object.entries(d)) {
    const key = SCHEDULER_KEY_ALIASES[k];
    if (key === undefined) unknown.push(k);
    else if (v !== undefined) fields[key] = v;
  }
  return { fields: fields as Partial<LRSchedulerConfig>, unknown };
}

const isPlateau = (s: unknown) => s instanceof ReduceLROnPlateau;

/** Lightning's `_configure_schedulers_automatic_opt`. */
export function configureSchedulersAutomatic(schedulers: any[], monitor: string | null): LRSchedulerConfig[] {
  return schedulers.map((scheduler) => {
    if (isDict(scheduler)) {
      const { fields, unknown } = readSchedulerDict(scheduler);
      if (fields.scheduler === undefined) {
        throw new MisconfigurationException(
          'The lr scheduler dict must have the key "scheduler" with its item being an lr scheduler',
        );
      }
      if (unknown.length) {
        // Lightning 1.9.5 only warns and drops these; a misspelt key ("intervall",
        // snake/camel mix-ups) would then silently change when the scheduler steps.
        throw new MisconfigurationException(
          `Found unsupported keys in the lr scheduler dict: ${pySet(unknown)}.` +
            " Supported keys: scheduler, interval, frequency, monitor, strict, name." +
            " HINT: remove them from the output of `configure_optimizers`.",
        );
      }
      if (fields.interval !== undefined && fields.interval !== "step" && fields.interval !== "epoch") {
        throw new MisconfigurationException(
          `The "interval" key in lr scheduler dict must be "step" or "epoch" but is "${fields.interval}"`,
        );
      }
      fields.reduceOnPlateau = fields.reduceOnPlateau ?? isPlateau(fields.scheduler);
      if (fields.reduceOnPlateau && (fields.monitor === undefined || fields.monitor === null)) {
        throw new MisconfigurationException(
          "The lr scheduler dict must include a monitor when a `ReduceLROnPlateau` scheduler is used." +
            ' For example: {"optimizer": optimizer, "lr_scheduler":' +
            ' {"scheduler": scheduler, "monitor": "your_loss"}}',
        );
      }
      if (fields.scheduler?.constructor?.name === "OneCycleLR" && (fields.interval ?? "epoch") === "epoch") {
        rankZeroWarn(
          "A `OneCycleLR` scheduler is using 'interval': 'epoch'. Are you sure you didn't mean 'interval': 'step'?",
        );
      }
      return makeSchedulerConfig(fields.scheduler, fields);
    }
    if (isPlateau(scheduler)) {
      if (monitor === null) {
        throw new MisconfigurationException(
          "`configure_optimizers` must include a monitor when a `ReduceLROnPlateau`" +
            " scheduler is used. For example:" +
            ' {"optimizer": optimizer, "lr_scheduler": scheduler, "monitor": "metric_to_track"}',
        );
      }
      return makeSchedulerConfig(scheduler, { reduceOnPlateau: true, monitor });
    }
    return makeSchedulerConfig(scheduler);
  });
}

/** Lightning's `_configure_schedulers_manual_opt`: the stepping keys are dropped with a warning. */
export function configureSchedulersManual(schedulers: any[]): LRSchedulerConfig[] {
  const invalid = new Set(["frequency", "reduce_on_plateau", "reduceOnPlateau", "monitor", "strict"]);
  return schedulers.map((scheduler) => {
    if (!isDict(scheduler)) return makeSchedulerConfig(scheduler);
    const toWarn = Object.keys(scheduler).filter((k) => invalid.has(k));
    if (toWarn.length) {
      rankZeroWarn(
        `The lr scheduler dict contains the key(s) [${toWarn.map((k) => `'${k}'`).join(", ")}], but the keys will be ignored.` +
          " You need to call `lr_scheduler.step()` manually in manual optimization.",
      );
    }
    const kept = Object.fromEntries(Object.entries(scheduler).filter(([k]) => !invalid.has(k)));
    return makeSchedulerConfig(kept.scheduler, readSchedulerDict(kept).fields);
  });
}

/** The raw optimizer behind a LightningOptimizer (or the optimizer itself). */
const rawOptimizer = (o: any) => (o && o.optimizer && isOptimizable(o.optimizer) ? o.optimizer : o);

function setSchedulerOptIdx(optimizers: any[], configs: LRSchedulerConfig[]): void {
  for (const config of configs) {
    const target = config.scheduler?.optimizer;
    const optIdx = optimizers.findIndex((o) => o === target || rawOptimizer(o) === target);
    if (optIdx < 0) {
      throw new MisconfigurationException(
        "Some schedulers are attached with an optimizer that wasn't returned from `configure_optimizers`.",
      );
    }
    if (config.optIdx !== null && config.optIdx !== optIdx) {
      throw new MisconfigurationException(
        "`opt_idx` set inside scheduler config does not match with the index" +
          " of the respective optimizer returned from `configure_optimizers`.",
      );
    }
    config.optIdx = optIdx;
  }
}

function validateSchedulerApi(configs: LRSchedulerConfig[], lrSchedulerStepOverridden: boolean): void {
  for (const { scheduler } of configs) {
    const name = scheduler?.constructor?.name ?? typeof scheduler;
    if (typeof scheduler?.stateDict !== "function" || typeof scheduler?.loadStateDict !== "function") {
      throw new FulgurTypeError(
        `The provided lr scheduler \`${name}\` is invalid. It should have \`stateDict\` and \`loadStateDict\` methods defined.`,
      );
    }
    if (!(scheduler instanceof LRScheduler) && !isPlateau(scheduler) && !lrSchedulerStepOverridden) {
      throw new MisconfigurationException(
        `The provided lr scheduler \`${name}\` doesn't follow PyTorch's LRScheduler` +
          " API. You should override the `LightningModule.lrSchedulerStep` hook with your own logic if" +
          " you are using a custom LR scheduler.",
      );
    }
  }
}

/**
 * Lightning's `_init_optimizers_and_lr_schedulers` after the hook ran: `optimConf` is what
 * `configureOptimizers()` returned.
 */
export function initOptimizersAndSchedulers(
  optimConf: unknown,
  automaticOptimization: boolean,
  lrSchedulerStepOverridden: boolean,
): OptimizerSetup {
  if (optimConf === null || optimConf === undefined) {
    rankZeroWarn("`LightningModule.configure_optimizers` returned `None`, this fit will run with no optimizer");
    optimConf = new MockOptimizer();
  }
  const { optimizers, lrSchedulers, optimizerFrequencies, monitor } = parseOptimConf(optimConf);
  validateOptimizerSetup(optimizers, optimizerFrequencies, [], isOptimizable);
  const lrSchedulerConfigs = automaticOptimization
    ? configureSchedulersAutomatic(lrSchedulers, monitor)
    : configureSchedulersManual(lrSchedulers);
  setSchedulerOptIdx(optimizers, lrSchedulerConfigs);
  validateSchedulerApi(lrSchedulerConfigs, lrSchedulerStepOverridden);
  validateOptimizerSetup([], [], lrSchedulerConfigs, isOptimizable);
  return { optimizers: optimizers.map(rawOptimizer), lrSchedulerConfigs, optimizerFrequencies };
}
