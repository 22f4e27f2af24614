// The shapes `configureOptimizers()` returns, checked once they are normalised: every optimizer
// is an optimizer (not {}, null or the string "adam"), optimizer frequencies and scheduler
// frequencies are positive integers. Without this, {} or { optimizer: null } failed at the first
// step ("Cannot read properties of undefined (reading 'step')"), a frequency of -2 inside
// toggleOptimizer, and a scheduler frequency of 0 or NaN never stepped.
import { MisconfigurationException } from "../trainer/errors.ts";

const describe = (x: unknown): string => {
  if (x === null) return "null";
  if (x === undefined) return "undefined (no \"optimizer\" key?)";
  if (typeof x === "string") return `the string ${JSON.stringify(x)} (pass an optimizer object: new Adam(this.parameters(), { lr }))`;
  if (typeof x === "object") return `${(x as object).constructor?.name ?? "an object"} ${Array.isArray(x) ? "array" : "object"} without step()/paramGroups`;
  return `${typeof x} ${String(x)}`;
};

const positiveInt = (v: unknown): boolean => typeof v === "number" && Number.isInteger(v) && v >= 1;

export function validateOptimizerSetup(
  optimizers: unknown[], optimizerFrequencies: unknown[], schedulerConfigs: Array<{ frequency: unknown }>,
  isOptimizable: (x: unknown) => boolean,
): void {
  optimizers.forEach((o, i) => {
    if (!isOptimizable(o)) {
      throw new MisconfigurationException(
        `\`configure_optimizers\` returned an invalid optimizer${optimizers.length > 1 ? ` at index ${i}` : ""}: ${describe(o)}.` +
          " Expected a torch.optim.Optimizer (fulgur: an Optimizer such as new SGD(...)), a list of them, ([optimizers], [schedulers])," +
          ' or {"optimizer": Optimizer, "lr_scheduler": ...}.',
      );
    }
  });
  optimizerFrequencies.forEach((f, i) => {
    if (!positiveInt(f)) {
      throw new MisconfigurationException(`The "frequency" of optimizer ${i} must be a positive integer (the number of consecutive batches it is used for), got ${String(f)}.`);
    }
  });
  schedulerConfigs.forEach((c, i) => {
    if (!positiveInt(c.frequency)) {
      throw new MisconfigurationException(`The "frequency" of lr scheduler ${i} must be a positive integer (step it every n intervals), got ${String(c.frequency)}.`);
    }
  });
}
