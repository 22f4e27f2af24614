// torch.optim.RAdam (1.13): Adam with the variance rectification term.
import type { Parameter } from "../autograd/tensor.ts";
import { pow } from "../backend/scalar_math.ts";
import { runFused } from "./fused_step.ts";
import { advanceStep, Optimizer, type ParamGroup, type ParamsArg } from "./optimizer.ts";
import { num, pair } from "./group_options.ts";
import { StateBuffer } from "./state_buffer.ts";
import { checkBetas, checkEps, checkLr, checkWeightDecay } from "./validate.ts";

/** RAdam's options (torch's keyword arguments in camelCase). */
export interface RAdamOptions {
  lr?: number; betas?: [number, number]; eps?: number; weightDecay?: number; foreach?: boolean | null;
}

/** torch.optim.RAdam: rectified Adam. */
export class RAdam extends Optimizer {
  constructor(params: ParamsArg, opts: RAdamOptions = {}) {
    const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0 } = opts;
    checkLr(lr);
    checkEps(eps);
    checkBetas(betas);
    checkWeightDecay(weightDecay);
    super(params, { lr, betas: [betas[0], betas[1]], eps, weightDecay, foreach: opts.foreach ?? null }, opts);
  }

  protected updateGroup(group: ParamGroup, params: Parameter[]): void {
    const [beta1, beta2] = pair(group, "betas");
    const weightDecay = num(group, "weightDecay");
    const rhoInf = 2 / (1 - beta2) - 1;
    const entries = params.map((p) => {
      const s = this.stateOf(p);
      if (Object.keys(s).length === 0) {
        s.step = 0;
        s.expAvg = new StateBuffer(p.shape);
        s.expAvgSq = new StateBuffer(p.shape);
      }
      const step = advanceStep(s);
      const bc1 = 1 - pow(beta1, step);
      const bc2 = 1 - pow(beta2, step);
      const rhoT = rhoInf - (2 * step * pow(beta2, step)) / bc2;
      // rect 0 tells the kernel to take the unrectified branch (rho_t <= 5)
      const rect = rhoT > 5 ? Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
      return { param: p, slots: [s.expAvg as StateBuffer, s.expAvgSq as StateBuffer], coefs: [bc1, rect, Math.sqrt(bc2)] };
    });
    runFused(entries, "optim_radam", [group.lr, beta1, beta2, 1 - beta1, 1 - beta2, num(group, "eps"), weightDecay, weightDecay !== 0 ? 1 : 0]);
  }
}
