// torch.optim.Adadelta (1.13): rho, eps, weight decay, maximize.
import type { Parameter } from "../autograd/tensor.ts";
import { runFused } from "./fused_step.ts";
import { SIMPLE_FLAGS, flags } from "./kernels.ts";
import { Optimizer, type ParamGroup, type ParamsArg } from "./optimizer.ts";
import { num } from "./group_options.ts";
import { StateBuffer } from "./state_buffer.ts";
import { checkEps, checkLr, checkValue, checkWeightDecay } from "./validate.ts";

/** Adadelta's options (torch's keyword arguments in camelCase). */
export interface AdadeltaOptions {
  lr?: number; rho?: number; eps?: number; weightDecay?: number; foreach?: boolean | null; maximize?: boolean;
}

/** torch.optim.Adadelta. */
export class Adadelta extends Optimizer {
  constructor(params: ParamsArg, opts: AdadeltaOptions = {}) {
    const { lr = 1.0, rho = 0.9, eps = 1e-6, weightDecay = 0 } = opts;
    checkLr(lr);
    checkValue("rho", 0 <= rho && rho <= 1, rho);
    checkEps(eps);
    checkWeightDecay(weightDecay);
    super(params, { lr, rho, eps, weightDecay, maximize: opts.maximize ?? false, foreach: opts.foreach ?? null }, opts);
  }

  protected updateGroup(group: ParamGroup, params: Parameter[]): void {
    const rho = num(group, "rho"), weightDecay = num(group, "weightDecay");
    const entries = params.map((p) => {
      const s = this.stateOf(p);
      if (Object.keys(s).length === 0) {
        s.step = 0;
        s.squareAvg = new StateBuffer(p.shape);
        s.accDelta = new StateBuffer(p.shape);
      }
      s.step = (s.step as number) + 1; // a Python int in torch 1.13 Adadelta
      return { param: p, slots: [s.squareAvg as StateBuffer, s.accDelta as StateBuffer] };
    });
    const f = flags([[group.maximize === true, SIMPLE_FLAGS.maximize], [weightDecay !== 0, SIMPLE_FLAGS.weightDecay]]);
    runFused(entries, "optim_adadelta", [-group.lr, rho, 1 - rho, num(group, "eps"), weightDecay, f], { coefTable: false });
  }
}
