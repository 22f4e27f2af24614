// LR-finder references (FORMAT.md, "LR-finder references"): Lightning 1.9.5's
// `Tuner(trainer).lr_find(model, train_dataloaders=...)` on a /1 scenario's model, data and
// optimizer. Runs fulgur's Tuner the same way and compares the lr sequence (exactly), the
// smoothed losses (the scenario's tolerance), the suggestion and its index (exactly) and the
// parameters after the search (the initial ones, restored).
import * as tf from "@tensorflow/tfjs-core";
import { validateScenario, type Scenario } from "./scenario.ts";
import type { FulgurLib } from "./lib.ts";
import { missingExports } from "./requirements.ts";
import { buildModules, namedParameters } from "./build_modules.ts";
import { buildDataLoader } from "./build_data.ts";
import { buildLosses } from "./losses.ts";
import { buildOptimizers } from "./build_optimizers.ts";
import { Recorder } from "./record.ts";
import { loadRecipe } from "./recipes/index.ts";
import type { ScenarioResult } from "./report.ts";

export interface LrFindReference {
  scenario: string;
  lightning?: string;
  torch?: string;
  lr_find: { min_lr?: number; max_lr?: number; num_training?: number; mode?: string; early_stop_threshold?: number | null };
  expect: { lr: number[]; loss: number[]; suggestion: number | null; suggestion_index: number | null; params_after: Record<string, number[]> };
}

/** An lr_find file names a scenario and has an `lr_find` block instead of a `format`. */
export function isLrFindReference(raw: unknown): raw is LrFindReference {
  const r = raw as Record<string, unknown> | null;
  return typeof r === "object" && r !== null && typeof r.scenario === "string" && typeof r.lr_find === "object" && r.format === undefined;
}

/** `dir/lr_find_x.json` → its name (the file name without `.json`). */
export const lrFindName = (source: string): string => source.replace(/^.*[\\/]/, "").replace(/\.json$/, "");

const close = (got: number, want: number, t: { rtol: number; atol: number }): boolean =>
  Number.isFinite(got) && Math.abs(got - want) <= t.atol + t.rtol * Math.abs(want);

/** Runs one reference; `scenarioRaw` is the parsed scenario it names (null when not found). */
export async function runLrFind(raw: LrFindReference, scenarioRaw: unknown, lib: FulgurLib, source: string): Promise<ScenarioResult> {
  const name = lrFindName(source);
  const fail = (detail: string): ScenarioResult => ({ name, status: "FAIL", detail });
  if (scenarioRaw === null || scenarioRaw === undefined) {
    return fail(`its scenario "${raw.scenario}" was found neither beside it nor in the sibling scenarios/ folder`);
  }
  let s: Scenario;
  try {
    s = validateScenario(scenarioRaw, `${raw.scenario}.json`);
  } catch (e) {
    return fail((e as Error).message);
  }
  const missing = missingExports(s, lib) ?? (lib.trainer.Tuner === undefined ? "not exported yet: Tuner (ts/trainer/index.ts)" : null);
  if (missing) return { name, status: "SKIP", detail: missing };
  const a = raw.lr_find;
  const opts: Record<string, unknown> = {};
  if (a.min_lr !== undefined) opts.minLr = a.min_lr;
  if (a.max_lr !== undefined) opts.maxLr = a.max_lr;
  if (a.num_training !== undefined) opts.numTraining = a.num_training;
  if (a.mode !== undefined) opts.mode = a.mode;
  if (a.early_stop_threshold !== undefined) opts.earlyStopThreshold = a.early_stop_threshold;

  let result: any, model: any;
  try {
    const Recipe = await loadRecipe(s.recipe.name);
    if (!Recipe) return fail(`unknown recipe "${s.recipe.name}"`);
    const modules = buildModules(s, lib);
    const params = namedParameters(modules);
    const losses = buildLosses(s, modules, lib);
    model = new Recipe({ scenario: s, modules, params, losses, recorder: new Recorder(), buildOptimizers: () => buildOptimizers(s, params, modules, lib) });
    // the reference's Trainer: Lightning's defaults but max_epochs=1000 and no sanity check
    const trainer = new lib.trainer.Trainer({
      maxEpochs: 1000, numSanityValSteps: 0, enableProgressBar: false,
      accelerator: tf.getBackend() === "webgpu" ? "webgpu" : "cpu",
    });
    result = await new lib.trainer.Tuner(trainer).lrFind(model, buildDataLoader(s, lib), opts);
  } catch (e) {
    const err = e as Error;
    return fail(`lrFind threw: ${err?.name ?? "Error"}: ${err?.message ?? String(e)}`);
  }
  const want = raw.expect;
  const tol = s.expect?.tolerance ?? { rtol: 1e-4, atol: 1e-6 };
  const lrs: number[] = result.results.lr, losses: number[] = result.results.loss;
  if (lrs.length !== want.lr.length) return fail(`lr: ${lrs.length} steps recorded, want ${want.lr.length}`);
  // "exact to float64 rounding": equal, or within 2 ulps where the exponential mode's pow rounds
  // differently from glibc's in the last bit (1 case in ~3000 for WASM's f64 pow)
  const ulpClose = (a: number, b: number) => a === b || Math.abs(a - b) <= 2 * Number.EPSILON * Math.abs(b);
  for (let i = 0; i < want.lr.length; i++) if (!ulpClose(lrs[i]!, want.lr[i]!)) return fail(`lr[${i}]: got ${lrs[i]}, want ${want.lr[i]} (exact to float64 rounding)`);
  if (losses.length !== want.loss.length) return fail(`loss: ${losses.length} entries, want ${want.loss.length}`);
  for (let i = 0; i < want.loss.length; i++) if (!close(losses[i]!, want.loss[i]!, tol)) return fail(`loss[${i}]: got ${losses[i]}, want ${want.loss[i]}`);
  const suggestion = result.suggestion();
  if (result.optimalIdx !== want.suggestion_index) return fail(`suggestion_index: got ${result.optimalIdx}, want ${want.suggestion_index}`);
  if (suggestion === null || want.suggestion === null ? suggestion !== want.suggestion : !ulpClose(suggestion, want.suggestion)) {
    return fail(`suggestion: got ${suggestion}, want ${want.suggestion}`);
  }
  const after: Record<string, number[]> = await model.paramValues();
  for (const [p, values] of Object.entries(want.params_after)) {
    const got = after[p];
    if (!got || got.length !== values.length) return fail(`params_after["${p}"]: ${got?.length ?? 0} values, want ${values.length}`);
    for (let i = 0; i < values.length; i++) if (!close(got[i]!, values[i]!, tol)) return fail(`params_after["${p}"][${i}]: got ${got[i]}, want ${values[i]}`);
  }
  const recorder = new Recorder();
  recorder.final = { global_step: result.optimalIdx ?? -1, lrs: [lrs, losses], params: after, callback_metrics: {} };
  const { digestRecording } = await import("./digest.ts");
  return { name, status: "PASS", digest: digestRecording(recorder) };
}

/** Where an lr_find file's scenario is: beside it, then in the sibling `scenarios/` folder (paths as given). */
export function scenarioCandidates(source: string, scenario: string): string[] {
  const dir = source.includes("/") ? source.replace(/[\\/][^\\/]*$/, "") : ".";
  return [`${dir}/${scenario}.json`, `${dir}/../scenarios/${scenario}.json`];
}
