// Replays recorded Lightning 1.9.5 scenarios through the Trainer and compares the exact event
// order (zero_grad / backward / step / clip / sched), the global step and the final weights.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { runScenario } from "./scenario_model.ts";
import s0 from "../../../shared/conformance/scenarios/auto_accumulate3_short_window_steplr_step.json" with { type: "json" };
import s1 from "../../../shared/conformance/scenarios/auto_adadelta_multiplicativelr_step_freq2.json" with { type: "json" };
import s2 from "../../../shared/conformance/scenarios/auto_adagrad_lambdalr.json" with { type: "json" };
import s3 from "../../../shared/conformance/scenarios/auto_adam_amsgrad_wd_cosine_step.json" with { type: "json" };
import s4 from "../../../shared/conformance/scenarios/auto_adam_exponentiallr.json" with { type: "json" };
import s5 from "../../../shared/conformance/scenarios/auto_adamax_linearlr_step.json" with { type: "json" };
import s6 from "../../../shared/conformance/scenarios/auto_adamw_warm_restarts_step.json" with { type: "json" };
import s7 from "../../../shared/conformance/scenarios/auto_asgd_sequentiallr_step.json" with { type: "json" };
import s8 from "../../../shared/conformance/scenarios/auto_clip_norm.json" with { type: "json" };
import s9 from "../../../shared/conformance/scenarios/auto_clip_per_optimizer_gan.json" with { type: "json" };
import s10 from "../../../shared/conformance/scenarios/auto_clip_value_accumulate2.json" with { type: "json" };
import s11 from "../../../shared/conformance/scenarios/auto_cosine_epoch_freq2.json" with { type: "json" };
import s12 from "../../../shared/conformance/scenarios/auto_gan_two_optimizers.json" with { type: "json" };
import s13 from "../../../shared/conformance/scenarios/auto_lbfgs.json" with { type: "json" };
import s14 from "../../../shared/conformance/scenarios/auto_nadam_constantlr.json" with { type: "json" };
import s15 from "../../../shared/conformance/scenarios/auto_optimizer_frequencies_step_sched.json" with { type: "json" };
import s16 from "../../../shared/conformance/scenarios/auto_param_groups_sgd.json" with { type: "json" };
import s17 from "../../../shared/conformance/scenarios/auto_plateau_epoch_monitor.json" with { type: "json" };
import s18 from "../../../shared/conformance/scenarios/auto_plateau_step_freq2.json" with { type: "json" };
import s19 from "../../../shared/conformance/scenarios/auto_radam_polynomiallr_step.json" with { type: "json" };
import s20 from "../../../shared/conformance/scenarios/auto_rmsprop_centered_momentum_cycliclr.json" with { type: "json" };
import s21 from "../../../shared/conformance/scenarios/auto_rprop_chainedscheduler.json" with { type: "json" };
import s22 from "../../../shared/conformance/scenarios/auto_sgd_cross_entropy_onecyclelr.json" with { type: "json" };
import s23 from "../../../shared/conformance/scenarios/auto_sgd_momentum_dampening_steplr.json" with { type: "json" };
import s24 from "../../../shared/conformance/scenarios/auto_sgd_nesterov_wd_multisteplr_step.json" with { type: "json" };
import s25 from "../../../shared/conformance/scenarios/auto_sgd_plain.json" with { type: "json" };
import s26 from "../../../shared/conformance/scenarios/error_clip_per_optimizer_with_trainer_val.json" with { type: "json" };
import s27 from "../../../shared/conformance/scenarios/error_frequency_missing.json" with { type: "json" };
import s28 from "../../../shared/conformance/scenarios/error_manual_with_trainer_clip.json" with { type: "json" };
import s29 from "../../../shared/conformance/scenarios/error_plateau_missing_metric.json" with { type: "json" };
import s30 from "../../../shared/conformance/scenarios/error_plateau_without_monitor.json" with { type: "json" };
import s31 from "../../../shared/conformance/scenarios/error_unknown_interval.json" with { type: "json" };
import s32 from "../../../shared/conformance/scenarios/manual_basic_two_optimizers.json" with { type: "json" };

before(async () => { await init(); });

function closeTo(a: number[], b: number[], rtol: number, atol: number, what: string): void {
  assert.equal(a.length, b.length, what);
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) <= atol + rtol * Math.abs(b[i]), `${what}[${i}]: ${v} vs ${b[i]}`));
}

const SCENARIOS: any[] = [s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15, s16, s17, s18, s19, s20, s21, s22, s23, s24, s25, s26, s27, s28, s29, s30, s31, s32];

for (const sc of SCENARIOS) {
  if (sc.name.startsWith("error_")) {
    test(`${sc.name}: fails like Lightning 1.9.5`, async () => {
      const [type, ...rest] = sc.expect.error.split(": ");
      await assert.rejects(runScenario(sc), (e: any) => e.name === type && e.message.replace(/\s+/g, " ") === rest.join(": "));
    });
    continue;
  }
  test(`${sc.name}: events, global step and final params match Lightning 1.9.5`, async () => {
    const { model, trainer } = await runScenario(sc);
    assert.deepEqual(model.events, sc.expect.events);
    assert.equal(trainer.globalStep, sc.expect.final.global_step);
    const { rtol, atol } = sc.expect.tolerance;
    for (const [name, net] of Object.entries(model.nets)) {
      for (const [k, p] of (net as any).namedParameters()) {
        closeTo([...p.dataSync()], sc.expect.final.params[`${name}.${k}`], rtol, atol, `${name}.${k}`);
      }
    }
    closeTo([trainer.callbackMetrics.loss], [sc.expect.final.callback_metrics.loss], rtol, atol, "loss");
  });
}
