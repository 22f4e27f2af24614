// The runner core, runtime-agnostic: a parsed scenario JSON object in, a PASS/FAIL/SKIP
// result out. Each runtime's main only reads files, calls this and prints.
import * as tf from "@tensorflow/tfjs-core";
import { validateScenario, type Scenario } from "./scenario.ts";
import type { FulgurLib } from "./lib.ts";
import { missingExports } from "./requirements.ts";
import { bufferValues, buildModules, namedParameters } from "./build_modules.ts";
import { buildDataLoader } from "./build_data.ts";
import { buildLosses } from "./losses.ts";
import { buildOptimizers } from "./build_optimizers.ts";
import { Recorder } from "./record.ts";
import { firstMismatch } from "./compare.ts";
import { errorMismatch } from "./error_match.ts";
import { digestRecording } from "./digest.ts";
import { loadRecipe, recipeNames } from "./recipes/index.ts";
import type { ScenarioResult } from "./report.ts";
import { isLrFindReference, lrFindName, runLrFind, scenarioCandidates, type LrFindReference } from "./run_lr_find.ts";

const describe = (e: unknown): string => {
  const err = e as { name?: string; message?: string; stack?: string };
  const where = err?.stack?.split("\n").find((l) => l.trim().startsWith("at "))?.trim();
  return `${err?.name ?? "Error"}: ${err?.message ?? String(e)}${where ? ` (${where})` : ""}`;
};

function trainerFlags(s: Scenario, lib: FulgurLib): Record<string, unknown> {
  const t = s.trainer;
  const acc = t.accumulate_grad_batches;
  const flags: Record<string, unknown> = {
    maxEpochs: t.max_epochs,
    // JSON keys are strings; Lightning's dict has int epochs
    accumulateGradBatches: typeof acc === "number" ? acc : Object.fromEntries(Object.entries(acc).map(([k, v]) => [Number(k), v])),
    gradientClipVal: t.gradient_clip_val,
    gradientClipAlgorithm: t.gradient_clip_algorithm,
    numSanityValSteps: t.num_sanity_val_steps ?? 0,
    // stay on webgpu when the run was started there (--backend webgpu); "cpu" keeps fulgur-wasm / cpu
    accelerator: tf.getBackend() === "webgpu" ? "webgpu" : "cpu",
  };
  const optional: Array<[keyof typeof t, string]> = [
    ["check_val_every_n_epoch", "checkValEveryNEpoch"], ["val_check_interval", "valCheckInterval"],
    ["limit_train_batches", "limitTrainBatches"], ["limit_val_batches", "limitValBatches"], ["max_steps", "maxSteps"],
  ];
  for (const [key, flag] of optional) if (t[key] !== undefined) flags[flag] = t[key];
  if (s.callbacks?.length) flags.callbacks = s.callbacks.map((c) => buildCallback(c, lib));
  return flags;
}

/** A `/2` callback spec → the trainer's callback (torch argument names → camelCase options). */
function buildCallback(spec: NonNullable<Scenario["callbacks"]>[number], lib: FulgurLib): unknown {
  const a = spec.args;
  const opts: Record<string, unknown> = { swaLrs: a.swa_lrs };
  if (a.swa_epoch_start !== undefined) opts.swaEpochStart = a.swa_epoch_start;
  if (a.annealing_epochs !== undefined) opts.annealingEpochs = a.annealing_epochs;
  if (a.annealing_strategy !== undefined) opts.annealingStrategy = a.annealing_strategy;
  return new lib.trainer.StochasticWeightAveraging(opts);
}


const metricNumber = (v: unknown): number => (typeof v === "number" ? v : (v as { item(): number }).item());

/** Runs one scenario (already parsed JSON) against fulgur and compares it with its `expect`. */
export async function runScenario(raw: unknown, lib: FulgurLib, source = "scenario", opts: RunOptions = {}): Promise<ScenarioResult> {
  const fallbackName = (raw as { name?: unknown })?.name;
  let s: Scenario;
  try {
    s = validateScenario(raw, source);
  } catch (e) {
    return { name: typeof fallbackName === "string" ? fallbackName : source, status: "FAIL", detail: (e as Error).message };
  }
  const fail = (detail: string): ScenarioResult => ({ name: s.name, status: "FAIL", detail });
  if (!s.expect) return { name: s.name, status: "SKIP", detail: "no `expect` block (not recorded yet)" };
  const missing = missingExports(s, lib);
  if (missing) return { name: s.name, status: "SKIP", detail: missing };
  const recipe = loadRecipe(s.recipe.name);
  if (!recipe) return fail(`unknown recipe "${s.recipe.name}" (known: ${recipeNames().join(", ")})`);

  const recorder = new Recorder();
  let model: any, trainer: any, modules: Map<string, any>;
  /** Where a resumed run starts (--resume-from): only what is recorded from there on is compared. */
  let resumeAt: { epoch: number; batch: number } | null = null;
  try {
    const Recipe = await recipe;
    modules = buildModules(s, lib);
    const params = namedParameters(modules);
    const losses = buildLosses(s, modules, lib);
    model = new Recipe({
      scenario: s, modules, params, losses, recorder,
      buildOptimizers: () => buildOptimizers(s, params, modules, lib),
    });
    // `/3` init {torch_seed}: the parameters the seeded construction gave, compared before training
    if (s.expect.init_params && !opts.resumeFrom) recorder.initParams = await model.paramValues();
  } catch (e) {
    return fail(`could not build the scenario: ${describe(e)}`);
  }

  let thrown: unknown = undefined, threw = false;
  try {
    trainer = new lib.trainer.Trainer(trainerFlags(s, lib));
    const valLoader = s.val ? buildDataLoader({ ...s, data: s.val } as Scenario, lib) : null;
    const trainLoader = buildDataLoader(s, lib);
    // `/3`: torch.manual_seed(seed) just before fit (dropout masks, the DataLoader's per-iterator draw)
    if (s.seed !== undefined) lib.nn.manualSeed(s.seed);
    if (opts.resumeFrom) {
      resumeAt = { epoch: 0, batch: 0 };
      const at = resumeAt;
      // the module's hook sees the checkpoint before its weights load (Lightning's order): the
      // Python recipe kept the networks in `self.nets`, the runner registers them at the top
      model.onLoadCheckpoint = (ckpt: any) => {
        const sd: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(ckpt.stateDict)) sd[k.startsWith("nets.") ? k.slice(5) : k] = v;
        ckpt.stateDict = sd;
        const fit = ckpt.loops?.fitLoop;
        if (fit) Object.assign(at, { epoch: fit.epochsCompleted, batch: fit.midEpoch ? fit.epochLoop.currentReady : 0 });
      };
    }
    await trainer.fit(model, trainLoader, valLoader, opts.resumeFrom ? { ckptPath: opts.resumeFrom } : {});
  } catch (e) {
    thrown = e;
    threw = true;
  }

  if (!threw && opts.saveLightningTo) {
    model.onSaveCheckpoint = (ckpt: any) => {
      ckpt.stateDict = Object.fromEntries(Object.entries(ckpt.stateDict).map(([k, v]) => [`nets.${k}`, v]));
    };
    try {
      await trainer.saveCheckpoint(opts.saveLightningTo, { format: "lightning" });
    } catch (e) {
      return fail(`could not write the Lightning checkpoint: ${describe(e)}`);
    }
  }
  if (s.expect.error !== undefined) {
    if (!threw) return fail(`fit finished without error, want ${s.expect.error}`);
    const m = errorMismatch(s, s.expect.error, thrown, { batchesStarted: recorder.batchesStarted, batchesEnded: recorder.batchesEnded });
    return m ? fail(m) : { name: s.name, status: "PASS" };
  }
  if (threw) {
    return fail(`fit threw at epoch ${trainer?.currentEpoch ?? "?"}, batch ${model.batchIdx} after ${recorder.batchesEnded} batches: ${describe(thrown)}`);
  }
  try {
    recorder.final = {
      global_step: trainer.globalStep,
      lrs: model.lrs(),
      params: await model.paramValues(),
      callback_metrics: Object.fromEntries(Object.entries(trainer.callbackMetrics ?? {}).map(([k, v]) => [k, metricNumber(v)])),
    };
    if (s.expect.final?.buffers) recorder.final.buffers = await bufferValues(modules);
  } catch (e) {
    return fail(`could not read the final state: ${describe(e)}`);
  }
  const m = firstMismatch(recorder, resumeAt ? expectFrom(s.expect, resumeAt) : s.expect);
  const digest = digestRecording(recorder);
  return m ? { ...fail(m), digest } : { name: s.name, status: "PASS", digest };
}

export interface RunOptions {
  /** A checkpoint (Lightning `.ckpt` or fulgur's) every scenario resumes from. */
  resumeFrom?: string;
  /** After fit, write a Lightning 1.9.5 `.ckpt` here (state_dict keys as the Python recipe's `self.nets`). */
  saveLightningTo?: string;
}

/** The part of `expect` recorded at or after (epoch, batch): what a run resumed there must reproduce. */
function expectFrom(expect: NonNullable<Scenario["expect"]>, at: { epoch: number; batch: number }): NonNullable<Scenario["expect"]> {
  const after = (epoch: number, batch: number) => epoch > at.epoch || (epoch === at.epoch && batch >= at.batch);
  return {
    ...expect,
    init_params: undefined,
    batches: expect.batches?.filter((b) => after(b.epoch, b.batch)),
    events: expect.events?.filter((e) => after(e[1], e[2])),
    // a resumed fit runs no sanity check
    vals: expect.vals?.filter((v) => !v.sanity && after(v.epoch, v.batch)),
  };
}

export interface ScenarioSource {
  source: string;
  raw: unknown;
  /** Set when the file could not be parsed (raw is then unused). */
  parseError?: string;
  /** Only there for an lr_find file to find its scenario: not run itself. */
  auxiliary?: boolean;
}

/** The scenario an lr_find file names: by path beside it / in ../scenarios, else by name among the sources. */
function findScenario(ref: LrFindReference, source: string, sources: ScenarioSource[]): unknown {
  const norm = (p: string) => p.split(/[\\/]/).reduce<string[]>((acc, part) => {
    if (part === "..") acc.pop();
    else if (part !== "." && part !== "") acc.push(part);
    return acc;
  }, []).join("/");
  for (const candidate of scenarioCandidates(source, ref.scenario)) {
    const hit = sources.find((x) => x.parseError === undefined && norm(x.source) === norm(candidate));
    if (hit) return hit.raw;
  }
  return sources.find((x) => (x.raw as { name?: unknown } | null)?.name === ref.scenario)?.raw ?? null;
}

/** Runs scenarios in order (optionally those whose name contains `filter`), reporting each as it finishes. */
export async function runScenarios(
  sources: ScenarioSource[], lib: FulgurLib, opts: RunOptions & { filter?: string; onResult?: (r: ScenarioResult) => void } = {},
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const { source, raw, parseError, auxiliary } of sources) {
    if (auxiliary) continue;
    const name = isLrFindReference(raw) ? lrFindName(source) : (raw as { name?: unknown })?.name;
    if (opts.filter && !(typeof name === "string" ? name : source).includes(opts.filter)) continue;
    let r: ScenarioResult;
    try {
      r = parseError !== undefined
        ? { name: source, status: "FAIL", detail: `not valid JSON: ${parseError}` }
        : isLrFindReference(raw)
          ? await runLrFind(raw, findScenario(raw, source, sources), lib, source)
          : await runScenario(raw, lib, source, { resumeFrom: opts.resumeFrom, saveLightningTo: opts.saveLightningTo });
    } catch (e) {
      // A runner bug must not hide the remaining scenarios.
      r = { name: typeof name === "string" ? name : source, status: "FAIL", detail: `runner error: ${describe(e)}` };
    }
    results.push(r);
    opts.onResult?.(r);
  }
  return results;
}
