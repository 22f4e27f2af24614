// The scenario file format `fulgur.conformance/1` (/work/shared/conformance/FORMAT.md) as
// types, plus a validator that names the offending key so a malformed file is easy to fix.
import { isNumberTree, isV3LayerKind, torchSeedOf, v3LayerParams, validateV3Keys, type V3Layer } from "./scenario_v3.ts";

export type Layer =
  | ["linear", number, number]
  | ["linear", number, number, boolean]
  | ["tanh"] | ["relu"] | ["sigmoid"] | ["gelu"] | ["softplus"]
  | ["leaky_relu", number]
  | V3Layer;

export type SupervisedFn = "mse" | "l1" | "smooth_l1" | "bce_with_logits" | "cross_entropy" | "cross_entropy_seq";

export type LossTerm =
  | { supervised: { module: string; input: string; target: string; fn: SupervisedFn } }
  | { gan_d: { G: string; D: string; real: string; noise: string } }
  | { gan_g: { G: string; D: string; noise: string } };

export interface GroupSpec { params: string[]; [option: string]: unknown }

export interface OptimizerSpec {
  type: string;
  args: Record<string, unknown>;
  modules?: string[] | null;
  groups?: GroupSpec[] | null;
  loss: string;
  frequency?: number | null;
}

export type LambdaSpec = { kind: "exp"; gamma: number } | { kind: "linear_warmup"; steps: number };

export interface SchedulerSpec {
  type: string;
  optimizer?: number;          // absent on SequentialLR/ChainedScheduler children
  args: Record<string, unknown>;
  schedulers?: SchedulerSpec[];
  lambda?: LambdaSpec;
  interval?: string | null;
  frequency?: number | null;
  monitor?: string | null;
}

export interface TrainerSpec {
  max_epochs: number;
  /** `/2`: an object `{ "<epoch>": factor }` is Lightning's GradientAccumulationScheduler. */
  accumulate_grad_batches: number | Record<string, number>;
  gradient_clip_val: number | null;
  gradient_clip_algorithm: string | null;
  // format /2
  check_val_every_n_epoch?: number | null;
  val_check_interval?: number;
  num_sanity_val_steps?: number;
  limit_train_batches?: number;
  limit_val_batches?: number;
  max_steps?: number;
}

/** `/2`: validation data, batched like `data`; validation_step logs `val_loss` = this loss term. */
export interface ValSpec { fields: Record<string, Array<number[] | number>>; batch_size: number; loss: string }

/** `/2`: a Lightning callback with its constructor arguments (torch names). */
export interface CallbackSpec { type: "StochasticWeightAveraging"; args: Record<string, unknown> }

export interface ValRecord { epoch: number; batch: number; sanity: boolean; global_step: number; val_loss: number }

export interface BatchRecord {
  epoch: number;
  batch: number;
  losses: number[];
  lrs: number[][];
  global_step: number;
  params: Record<string, number[]>;
}

export type EventRecord = [string, number, number, number | null];

export interface FinalRecord {
  global_step: number;
  lrs: number[][];
  params: Record<string, number[]>;
  callback_metrics: Record<string, number>;
  /** `/3`: every buffer at the end ("net.1.running_mean", ...). */
  buffers?: Record<string, number[]>;
}

export interface Expect {
  lightning: string;
  torch: string;
  tolerance?: { rtol: number; atol: number };
  batches?: BatchRecord[];
  events?: EventRecord[];
  final?: FinalRecord;
  /** `/2`: one entry per validation run (on_validation_end). */
  vals?: ValRecord[];
  /** `/3` with `init: {torch_seed}`: the parameters torch's default init gave. */
  init_params?: Record<string, number[]>;
  error?: string;
}

/** The formats this runner reads (each a superset of the one before). */
export const SCENARIO_FORMATS = ["fulgur.conformance/1", "fulgur.conformance/2", "fulgur.conformance/3"];

export interface Scenario {
  format: string;
  name: string;
  doc: string;
  modules: Record<string, Layer[]>;
  /** explicit values, or `/3` `{ torch_seed: s }` (torch's default init after manual_seed(s)). */
  init: Record<string, number[] | number[][]> | { torch_seed: number };
  /** `/3`: int_fields hold integer (token id) fields; rows may be nested ([C][H][W]). */
  data: { fields: Record<string, Array<number[] | number>>; batch_size: number; int_fields?: string[] };
  /** `/3`: torch.manual_seed(seed) just before fit. */
  seed?: number;
  losses: Record<string, LossTerm>;
  optimizers: OptimizerSpec[];
  schedulers: SchedulerSpec[];
  trainer: TrainerSpec;
  recipe: { name: string; args: Record<string, unknown> };
  val?: ValSpec;
  callbacks?: CallbackSpec[];
  expect?: Expect;
}

/** A scenario file that does not follow the format; the message names the key. */
export class ScenarioError extends Error {
  constructor(source: string, key: string, problem: string) {
    super(`${source}: \`${key}\` ${problem}`);
    this.name = "ScenarioError";
  }
}

const LAYER_ARITY: Record<string, number[]> = {
  linear: [3, 4], tanh: [1], relu: [1], sigmoid: [1], gelu: [1], softplus: [1], leaky_relu: [2],
};
const SUPERVISED_FNS = ["mse", "l1", "smooth_l1", "bce_with_logits", "cross_entropy", "cross_entropy_seq"];

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isInt = (v: unknown): v is number => Number.isInteger(v);

/** Checks the shape of a parsed scenario and returns it typed; throws ScenarioError naming the first bad key. */
export function validateScenario(raw: unknown, source = "scenario"): Scenario {
  const fail = (key: string, problem: string): never => { throw new ScenarioError(source, key, problem); };
  if (!isObj(raw)) fail("(top level)", "must be a JSON object");
  const s = raw as Record<string, unknown>;
  if (!SCENARIO_FORMATS.includes(s.format as string)) fail("format", `must be one of ${SCENARIO_FORMATS.map((f) => JSON.stringify(f)).join(", ")}, got ${JSON.stringify(s.format)}`);
  if (typeof s.name !== "string" || s.name === "") fail("name", "must be a non-empty string");
  const src = `${source} (${s.name})`;
  const bad = (key: string, problem: string): never => { throw new ScenarioError(src, key, problem); };

  if (!isObj(s.modules) || Object.keys(s.modules).length === 0) bad("modules", "must map module names to layer lists");
  const paramShapes = new Map<string, number[]>();
  const v3 = s.format === "fulgur.conformance/3";
  /** `/3` layers whose parameter shapes are left to loadStateDict ("net.1."). */
  const uncheckedPrefixes: string[] = [];
  for (const [m, layers] of Object.entries(s.modules as Record<string, unknown>)) {
    if (!Array.isArray(layers) || layers.length === 0) bad(`modules.${m}`, "must be a non-empty list of layers");
    (layers as unknown[]).forEach((layer, i) => {
      const key = `modules.${m}[${i}]`;
      if (!Array.isArray(layer) || typeof layer[0] !== "string") bad(key, "must be a list starting with the layer kind");
      const l = layer as unknown[];
      if (v3 && isV3LayerKind(l[0])) {
        const shapes = v3LayerParams(l, key, bad);
        if (shapes === null) uncheckedPrefixes.push(`${m}.${i}.`);
        else for (const [n, shape] of shapes) paramShapes.set(`${m}.${i}.${n}`, shape);
        return;
      }
      const arity = LAYER_ARITY[l[0] as string];
      if (!arity) bad(key, `has unknown layer kind "${l[0]}" (known: ${Object.keys(LAYER_ARITY).join(", ")})`);
      if (!arity.includes(l.length)) bad(key, `must have ${arity.join(" or ")} entries, has ${l.length}`);
      if (l[0] === "linear") {
        if (!isInt(l[1]) || !isInt(l[2]) || (l[1] as number) < 1 || (l[2] as number) < 1) bad(key, "needs positive integer in/out sizes");
        if (l.length === 4 && typeof l[3] !== "boolean") bad(key, "bias flag must be a boolean");
        paramShapes.set(`${m}.${i}.weight`, [l[2] as number, l[1] as number]);
        if (l.length === 3 || l[3] === true) paramShapes.set(`${m}.${i}.bias`, [l[2] as number]);
      }
      if (l[0] === "leaky_relu" && !isNum(l[1])) bad(key, "negative slope must be a number");
    });
  }

  if (!isObj(s.init)) bad("init", "must map parameter names to values");
  const init = (torchSeedOf(s.init) === null ? s.init : {}) as Record<string, unknown>;
  const unchecked = (name: string) => uncheckedPrefixes.some((p) => name.startsWith(p));
  for (const name of Object.keys(init)) if (unchecked(name) && !paramShapes.has(name)) paramShapes.set(name, [-1]);
  for (const [name, shape] of torchSeedOf(s.init) === null ? paramShapes : []) {
    if (shape[0] === -1) continue;
    if (!(name in init)) bad(`init.${name}`, "is missing");
    const v = init[name];
    const flat = Array.isArray(v) ? (v as unknown[]).flat(Infinity as 1) : [];
    const want = shape.reduce((a, b) => a * b, 1);
    if (!Array.isArray(v) || flat.length !== want || !flat.every(isNum)) bad(`init.${name}`, `must hold ${want} numbers (shape [${shape}])`);
    if (shape.length === 2 && ((v as unknown[]).length !== shape[0] || !(v as unknown[]).every((r) => Array.isArray(r) && r.length === shape[1])))
      bad(`init.${name}`, `must be ${shape[0]} rows of ${shape[1]}`);
  }
  for (const name of Object.keys(init)) if (!paramShapes.has(name)) bad(`init.${name}`, "names no parameter of `modules`");

  if (!isObj(s.data) || !isObj((s.data as Record<string, unknown>).fields)) bad("data.fields", "must map field names to rows");
  const data = s.data as { fields: Record<string, unknown>; batch_size: unknown };
  if (!isInt(data.batch_size) || (data.batch_size as number) < 1) bad("data.batch_size", "must be a positive integer");
  let rows = -1;
  for (const [f, v] of Object.entries(data.fields)) {
    if (!Array.isArray(v) || v.length === 0) bad(`data.fields.${f}`, "must be a non-empty list of rows");
    if (rows >= 0 && (v as unknown[]).length !== rows) bad(`data.fields.${f}`, `has ${(v as unknown[]).length} rows, other fields have ${rows}`);
    rows = (v as unknown[]).length;
    if (!(v as unknown[]).every((r) => isNum(r) || (Array.isArray(r) && (v3 ? isNumberTree(r) : r.every(isNum))))) bad(`data.fields.${f}`, "rows must be numbers or lists of numbers");
  }

  if (!isObj(s.losses)) bad("losses", "must map loss names to loss terms");
  for (const [n, t] of Object.entries(s.losses as Record<string, unknown>)) {
    const key = `losses.${n}`;
    if (!isObj(t) || Object.keys(t).length !== 1) bad(key, "must have exactly one of supervised / gan_d / gan_g");
    const [kind, spec] = Object.entries(t as Record<string, unknown>)[0];
    if (!isObj(spec)) bad(`${key}.${kind}`, "must be an object");
    const sp = spec as Record<string, unknown>;
    const needModule = (k: string) => { if (typeof sp[k] !== "string" || !(sp[k] as string in (s.modules as object))) bad(`${key}.${kind}.${k}`, "must name a module"); };
    const needField = (k: string) => { if (typeof sp[k] !== "string" || !(sp[k] as string in data.fields)) bad(`${key}.${kind}.${k}`, "must name a data field"); };
    if (kind === "supervised") {
      needModule("module"); needField("input"); needField("target");
      if (!SUPERVISED_FNS.includes(sp.fn as string)) bad(`${key}.supervised.fn`, `must be one of ${SUPERVISED_FNS.join(", ")}`);
    } else if (kind === "gan_d") {
      needModule("G"); needModule("D"); needField("real"); needField("noise");
    } else if (kind === "gan_g") {
      needModule("G"); needModule("D"); needField("noise");
    } else bad(key, `has unknown loss kind "${kind}"`);
  }

  if (!Array.isArray(s.optimizers) || s.optimizers.length === 0) bad("optimizers", "must be a non-empty list");
  (s.optimizers as unknown[]).forEach((o, i) => {
    const key = `optimizers[${i}]`;
    if (!isObj(o)) bad(key, "must be an object");
    const op = o as Record<string, unknown>;
    if (typeof op.type !== "string") bad(`${key}.type`, "must be a torch.optim class name");
    if (!isObj(op.args)) bad(`${key}.args`, "must be an object of constructor arguments");
    if (typeof op.loss !== "string" || !(op.loss in (s.losses as object))) bad(`${key}.loss`, "must name a loss term");
    const hasModules = op.modules != null, hasGroups = op.groups != null;
    if (hasModules === hasGroups) bad(key, "needs exactly one of `modules` and `groups`");
    if (hasModules && (!Array.isArray(op.modules) || !(op.modules as unknown[]).every((m) => typeof m === "string" && m in (s.modules as object))))
      bad(`${key}.modules`, "must list module names");
    if (hasGroups) {
      if (!Array.isArray(op.groups) || op.groups.length === 0) bad(`${key}.groups`, "must be a non-empty list");
      (op.groups as unknown[]).forEach((g, j) => {
        if (!isObj(g) || !Array.isArray(g.params) || !g.params.every((p) => paramShapes.has(p as string) || unchecked(p as string)))
          bad(`${key}.groups[${j}].params`, "must list parameter names like \"net.0.weight\"");
      });
    }
    if (op.frequency != null && (!isInt(op.frequency) || (op.frequency as number) < 1)) bad(`${key}.frequency`, "must be a positive integer or null");
  });

  if (!Array.isArray(s.schedulers)) bad("schedulers", "must be a list (may be empty)");
  const checkSched = (sc: unknown, key: string, child: boolean) => {
    if (!isObj(sc)) bad(key, "must be an object");
    const c = sc as Record<string, unknown>;
    if (typeof c.type !== "string") bad(`${key}.type`, "must be a torch.optim.lr_scheduler class name");
    if (!isObj(c.args)) bad(`${key}.args`, "must be an object");
    if (!child && (!isInt(c.optimizer) || (c.optimizer as number) < 0 || (c.optimizer as number) >= (s.optimizers as unknown[]).length))
      bad(`${key}.optimizer`, "must be an index into `optimizers`");
    if (c.type === "SequentialLR" || c.type === "ChainedScheduler") {
      if (!Array.isArray(c.schedulers) || c.schedulers.length === 0) bad(`${key}.schedulers`, `must list the ${c.type} children`);
      (c.schedulers as unknown[]).forEach((cc, j) => checkSched(cc, `${key}.schedulers[${j}]`, true));
    }
    if (c.type === "LambdaLR" || c.type === "MultiplicativeLR") {
      const l = c.lambda as Record<string, unknown> | undefined;
      if (!isObj(l) || !((l.kind === "exp" && isNum(l.gamma)) || (l.kind === "linear_warmup" && isInt(l.steps))))
        bad(`${key}.lambda`, "must be {kind: \"exp\", gamma} or {kind: \"linear_warmup\", steps}");
    }
    if (c.frequency != null && !isInt(c.frequency)) bad(`${key}.frequency`, "must be an integer or null");
  };
  (s.schedulers as unknown[]).forEach((sc, i) => checkSched(sc, `schedulers[${i}]`, false));

  if (!isObj(s.trainer)) bad("trainer", "must be an object of trainer flags");
  const t = s.trainer as Record<string, unknown>;
  if (!isInt(t.max_epochs) || (t.max_epochs as number) < 1) bad("trainer.max_epochs", "must be a positive integer");
  const acc = t.accumulate_grad_batches;
  if (isObj(acc)) {
    // an empty or out-of-range schedule is left to the trainer, whose error an error_ scenario expects
    if (!Object.entries(acc).every(([k, v]) => /^-?\d+$/.test(k) && isNum(v)))
      bad("trainer.accumulate_grad_batches", "as an object must map epoch numbers to factors");
  } else if (!isNum(acc)) bad("trainer.accumulate_grad_batches", "must be a number or an {epoch: factor} object");
  for (const k of ["check_val_every_n_epoch", "num_sanity_val_steps", "max_steps"]) {
    if (t[k] != null && !isInt(t[k])) bad(`trainer.${k}`, "must be an integer");
  }
  for (const k of ["val_check_interval", "limit_train_batches", "limit_val_batches"]) {
    if (t[k] != null && !isNum(t[k])) bad(`trainer.${k}`, "must be a number");
  }
  if (s.val !== undefined) {
    const v = s.val as Record<string, unknown>;
    if (!isObj(v) || !isObj(v.fields)) bad("val.fields", "must map field names to rows");
    if (!isInt(v.batch_size) || (v.batch_size as number) < 1) bad("val.batch_size", "must be a positive integer");
    if (typeof v.loss !== "string" || !(v.loss in (s.losses as object))) bad("val.loss", "must name a loss term");
  }
  if (s.callbacks !== undefined) {
    if (!Array.isArray(s.callbacks)) bad("callbacks", "must be a list");
    (s.callbacks as unknown[]).forEach((c, i) => {
      if (!isObj(c) || c.type !== "StochasticWeightAveraging" || !isObj(c.args)) bad(`callbacks[${i}]`, "must be {type: \"StochasticWeightAveraging\", args}");
    });
  }
  if (t.gradient_clip_val != null && !isNum(t.gradient_clip_val)) bad("trainer.gradient_clip_val", "must be a number or null");
  if (t.gradient_clip_algorithm != null && typeof t.gradient_clip_algorithm !== "string") bad("trainer.gradient_clip_algorithm", "must be a string or null");

  if (!isObj(s.recipe) || typeof (s.recipe as Record<string, unknown>).name !== "string") bad("recipe.name", "must be a recipe name");
  if (!isObj((s.recipe as Record<string, unknown>).args)) bad("recipe.args", "must be an object");

  if (v3) validateV3Keys(s, bad);
  if (s.expect !== undefined) validateExpect(s.expect, s.name as string, bad);
  return raw as Scenario;
}

function validateExpect(e: unknown, name: string, bad: (k: string, p: string) => never): void {
  if (!isObj(e)) bad("expect", "must be an object");
  const ex = e as Record<string, unknown>;
  if (name.startsWith("error_")) {
    if (typeof ex.error !== "string" || !/^\w+: /.test(ex.error)) bad("expect.error", "must be \"<ExceptionType>: <message>\" in an error_ scenario");
    return;
  }
  const tol = ex.tolerance as Record<string, unknown> | undefined;
  if (!isObj(tol) || !isNum(tol.rtol) || !isNum(tol.atol)) bad("expect.tolerance", "must be {rtol, atol}");
  if (!Array.isArray(ex.batches)) bad("expect.batches", "must be a list");
  (ex.batches as unknown[]).forEach((b, i) => {
    if (!isObj(b)) bad(`expect.batches[${i}]`, "must be an object");
    for (const k of ["epoch", "batch", "global_step"]) if (!isInt((b as Record<string, unknown>)[k])) bad(`expect.batches[${i}].${k}`, "must be an integer");
    for (const k of ["losses", "lrs"]) if (!Array.isArray((b as Record<string, unknown>)[k])) bad(`expect.batches[${i}].${k}`, "must be a list");
    if (!isObj((b as Record<string, unknown>).params)) bad(`expect.batches[${i}].params`, "must be an object");
  });
  if (!Array.isArray(ex.events) || !ex.events.every((ev) => Array.isArray(ev) && ev.length === 4)) bad("expect.events", "must be a list of [name, epoch, batch, optimizer_idx]");
  const f = ex.final as Record<string, unknown>;
  if (!isObj(f)) bad("expect.final", "must be an object");
  if (!isInt(f.global_step)) bad("expect.final.global_step", "must be an integer");
  if (!Array.isArray(f.lrs)) bad("expect.final.lrs", "must be a list");
  if (!isObj(f.params)) bad("expect.final.params", "must be an object");
  if (!isObj(f.callback_metrics)) bad("expect.final.callback_metrics", "must be an object");
  if (ex.vals !== undefined && (!Array.isArray(ex.vals) || !ex.vals.every((v) => isObj(v) && isInt(v.epoch) && isInt(v.batch) && isNum(v.val_loss))))
    bad("expect.vals", "must be a list of {epoch, batch, sanity, global_step, val_loss}");
}
