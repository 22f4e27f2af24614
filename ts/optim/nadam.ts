// torch.optim.NAdam (1.13): Adam with Nesterov momentum and the momentum-decay schedule.
import type { Parameter } from "../autograd/tensor.ts";
import { pow } from "../backend/scalar_math.ts";
import { runFused } from "./fused_step.ts";
import { advanceStep, Optimizer, type ParamGroup, type ParamsArg } from "./optimizer.ts";
import { num, pair } from "./group_options.ts";
import { StateBuffer } from "./state_buffer.ts";
import { checkBetas, checkEps, checkLr, checkValue, checkWeightDecay } from "./validate.ts";

/** NAdam's options (torch's keyword arguments in camelCase). */
export interface NAdamOptions {
  lr?: number; betas?: [number, number]; eps?: number; weightDecay?: number; momentumDecay?: number; foreach?: boolean | null;
}

/** torch.optim.NAdam: Adam with Nesterov momentum. */
export class NAdam extends Optimizer {
  constructor(params: ParamsArg, opts: NAdamOptions = {}) {
    const { lr = 2e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, momentumDecay = 4e-3 } = opts;
    checkLr(lr);
    checkEps(eps);
    checkBetas(betas);
    checkWeightDecay(weightDecay);
    checkValue("momentum_decay", 0 <= momentumDecay, momentumDecay);
    super(params, { lr, betas: [betas[0], betas[1]], eps, weightDecay, momentumDecay, foreach: opts.foreach ?? null }, opts);
  }

  protected updateGroup(group: ParamGroup, params: Parameter[]): void {
    const [beta1, beta2] = pair(group, "betas");
    const lr = group.lr, weightDecay = num(group, "weightDecay"), momentumDecay = num(group, "momentumDecay");
    const entries = params.map((p) => {
      const s = this.stateOf(p);
      if (Object.keys(s).length === 0) {
        s.step = 0;
        s.muProduct = 1;
        s.expAvg = new StateBuffer(p.shape);
        s.expAvgSq = new StateBuffer(p.shape);
      }
      const step = advanceStep(s);
      const bc2 = 1 - pow(beta2, step);
      const mu = beta1 * (1 - 0.5 * pow(0.96, step * momentumDecay));
      const muNext = beta1 * (1 - 0.5 * pow(0.96, (step + 1) * momentumDecay));
      // mu_product is a float32 tensor: each product rounds, the Python float factor too.
      const muProduct = Math.fround((s.muProduct as number) * Math.fround(mu));
      s.muProduct = muProduct;
      const muProductNext = Math.fround(Math.fround(muProduct * Math.fround(mu)) * Math.fround(muNext));
      const c1 = (-lr * (1 - mu)) / (1 - muProduct);
      const c2 = (-lr * muNext) / (1 - muProductNext);
      return { param: p, slots: [s.expAvg as StateBuffer, s.expAvgSq as StateBuffer], coefs: [bc2, c1, c2] };
    });
    runFused(entries, "optim_nadam", [beta1, beta2, 1 - beta1, 1 - beta2, num(group, "eps"), weightDecay, weightDecay !== 0 ? 1 : 0]);
  }
}
