// torch.optim.Adamax (1.13): the infinity-norm variant of Adam.
import type { Parameter } from "../autograd/tensor.ts";
import { pow } from "../backend/scalar_math.ts";
import { runFused } from "./fused_step.ts";
import { SIMPLE_FLAGS, flags } from "./kernels.ts";
import { advanceStep, Optimizer, type ParamGroup, type ParamsArg } from "./optimizer.ts";
import { num, pair } from "./group_options.ts";
import { StateBuffer } from "./state_buffer.ts";
import { checkBetas, checkEps, checkLr, checkWeightDecay } from "./validate.ts";

/** Adamax's options (torch's keyword arguments in camelCase). */
export interface AdamaxOptions {
  lr?: number; betas?: [number, number]; eps?: number; weightDecay?: number; foreach?: boolean | null; maximize?: boolean;
}

/** torch.optim.Adamax. */
export class Adamax extends Optimizer {
  constructor(params: ParamsArg, opts: AdamaxOptions = {}) {
    const { lr = 2e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0 } = opts;
    checkLr(lr);
    checkEps(eps);
    checkBetas(betas);
    checkWeightDecay(weightDecay);
    super(params, { lr, betas: [betas[0], betas[1]], eps, weightDecay, foreach: opts.foreach ?? null, maximize: opts.maximize ?? false }, opts);
  }

  protected updateGroup(group: ParamGroup, params: Parameter[]): void {
    const [beta1, beta2] = pair(group, "betas");
    const weightDecay = num(group, "weightDecay");
    const entries = params.map((p) => {
      const s = this.stateOf(p);
      if (Object.keys(s).length === 0) {
        s.step = 0;
        s.expAvg = new StateBuffer(p.shape);
        s.expInf = new StateBuffer(p.shape);
      }
      const step = advanceStep(s);
      const clr = group.lr / (1 - pow(beta1, step));
      return { param: p, slots: [s.expAvg as StateBuffer, s.expInf as StateBuffer], coefs: [-clr] };
    });
    const f = flags([[group.maximize === true, SIMPLE_FLAGS.maximize], [weightDecay !== 0, SIMPLE_FLAGS.weightDecay]]);
    runFused(entries, "optim_adamax", [beta1, beta2, 1 - beta1, num(group, "eps"), weightDecay, f]);
  }
}
