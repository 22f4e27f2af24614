// Value checks of the Lightning callbacks' options (issue 22), beyond the unknown-key check each
// constructor already makes: wrong types (a string patience, a "yes" flag, a numeric dirpath) and
// non-finite thresholds are refused at construction, before fit, in Lightning's / torch's words
// where they have them. Missing `monitor` and bad `mode` keep the callbacks' own messages.
import { FulgurTypeError, ValueError } from "../errors.ts";
import { bool, int, num } from "./layer_options.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Opts = Record<string, any>;

const typeName = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "an array" : typeof v);

function str(callee: string, name: string, v: unknown, nullable: boolean): void {
  if (v === undefined || (nullable && v === null) || typeof v === "string") return;
  throw new FulgurTypeError(`${callee}: '${name}' must be a string${nullable ? " (or null)" : ""}, got ${typeName(v)} (${String(v)})`);
}

function fn(callee: string, name: string, v: unknown): void {
  if (v === undefined || v === null || typeof v === "function") return;
  throw new FulgurTypeError(`${callee}: '${name}' must be a function, got ${typeName(v)}`);
}

export function validateEarlyStopping(o: object): void {
  const c = "EarlyStopping", opts = o as Opts;
  if (opts.patience !== undefined && typeof opts.patience !== "number") int(c, "patience", opts.patience, 0);
  if (opts.minDelta !== undefined) num(c, "minDelta", opts.minDelta);
  for (const k of ["verbose", "strict", "checkFinite"]) bool(c, k, opts[k]);
  bool(c, "checkOnTrainEpochEnd", opts.checkOnTrainEpochEnd, true);
  for (const k of ["stoppingThreshold", "divergenceThreshold"]) if (opts[k] !== null) num(c, k, opts[k]);
  fn(c, "log", opts.log);
}

export function validateModelCheckpoint(o: object): void {
  const c = "ModelCheckpoint", opts = o as Opts;
  for (const k of ["dirpath", "filename", "monitor"]) str(c, k, opts[k], true);
  if (opts.filename === "") throw new ValueError(`${c}: 'filename' must not be empty`);
  for (const k of ["verbose", "saveLast", "saveWeightsOnly", "autoInsertMetricName"]) bool(c, k, opts[k]);
  bool(c, "saveOnTrainEpochEnd", opts.saveOnTrainEpochEnd, true);
  // a string or a fraction gets Lightning's own "Invalid value for save_top_k=..." from the constructor
  for (const k of ["saveTopK", "everyNTrainSteps", "everyNEpochs"]) {
    if (opts[k] !== undefined && opts[k] !== null && typeof opts[k] !== "number") int(c, k, opts[k], 0);
  }
}

export function validateLearningRateMonitor(o: object): void {
  bool("LearningRateMonitor", "logMomentum", (o as Opts).logMomentum);
}

/** StochasticWeightAveraging's annealing options, in torch's SWALR words. */
export function validateSwa(o: object): void {
  const opts = o as Opts;
  const epochs = opts.annealingEpochs;
  if (epochs !== undefined && !(typeof epochs === "number" && Number.isInteger(epochs) && epochs >= 0)) {
    throw new ValueError(`anneal_epochs must be equal or greater than 0, got ${String(epochs)}`);
  }
  const strategy = opts.annealingStrategy;
  if (strategy !== undefined && strategy !== "cos" && strategy !== "linear") {
    throw new ValueError(`anneal_strategy must by one of 'cos' or 'linear', instead got ${String(strategy)}`);
  }
}

export function validateModelSummary(o: object): void {
  const opts = o as Opts;
  if (opts.maxDepth !== undefined && opts.maxDepth !== 0 && opts.maxDepth !== 1) {
    if (typeof opts.maxDepth !== "number") int("ModelSummary", "maxDepth", opts.maxDepth, 0);
    throw new ValueError(`ModelSummary: only maxDepth 1 (direct children) or 0 (off) is supported, got ${opts.maxDepth}`);
  }
  fn("ModelSummary", "write", opts.write);
}

export function validateCsvLogger(o: object): void {
  const opts = o as Opts;
  str("CSVLogger", "name", opts.name, true);
  if (opts.version !== undefined && opts.version !== null && typeof opts.version !== "string") int("CSVLogger", "version", opts.version, 0);
}
