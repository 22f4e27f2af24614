// torch.optim.ASGD (1.13): averaged SGD; eta and mu are float32 tensors in torch's state.
import type { Parameter } from "../autograd/tensor.ts";
import { pow } from "../backend/scalar_math.ts";
import { runFused } from "./fused_step.ts";
import { SIMPLE_FLAGS, flags } from "./kernels.ts";
import { advanceStep, Optimizer, type ParamGroup, type ParamsArg } from "./optimizer.ts";
import { num } from "./group_options.ts";
import { StateBuffer } from "./state_buffer.ts";
import { checkLr, checkWeightDecay } from "./validate.ts";

/** ASGD's options (torch's keyword arguments in camelCase). */
export interface ASGDOptions {
  lr?: number; lambd?: number; alpha?: number; t0?: number; weightDecay?: number; foreach?: boolean | null; maximize?: boolean;
}

/** torch.optim.ASGD: averaged stochastic gradient descent. */
export class ASGD extends Optimizer {
  constructor(params: ParamsArg, opts: ASGDOptions = {}) {
    const { lr = 1e-2, lambd = 1e-4, alpha = 0.75, t0 = 1e6, weightDecay = 0 } = opts;
    checkLr(lr);
    checkWeightDecay(weightDecay);
    super(params, { lr, lambd, alpha, t0, weightDecay, foreach: opts.foreach ?? null, maximize: opts.maximize ?? false }, opts);
  }

  protected updateGroup(group: ParamGroup, params: Parameter[]): void {
    const lr = group.lr, lambd = num(group, "lambd"), alpha = num(group, "alpha"), t0 = num(group, "t0");
    const weightDecay = num(group, "weightDecay");
    const states = params.map((p) => {
      const s = this.stateOf(p);
      if (Object.keys(s).length === 0) {
        s.step = 0;
        s.eta = Math.fround(lr);
        s.mu = 1;
        s.ax = new StateBuffer(p.shape);
      }
      return s;
    });
    const entries = params.map((p, i) => {
      const s = states[i];
      const eta = s.eta as number;
      return { param: p, slots: [s.ax as StateBuffer], coefs: [1 - lambd * eta, -eta, s.mu as number] };
    });
    const f = flags([[group.maximize === true, SIMPLE_FLAGS.maximize], [weightDecay !== 0, SIMPLE_FLAGS.weightDecay]]);
    runFused(entries, "optim_asgd", [weightDecay, f]);
    for (const s of states) {
      const step = advanceStep(s);
      s.eta = Math.fround(lr / pow(1 + lambd * lr * step, alpha));
      s.mu = Math.fround(1 / Math.max(1, step - t0));
    }
  }
}
