// torch.optim.RMSprop (1.13): alpha, eps, centered, momentum, weight decay, maximize.
import { FulgurRuntimeError } from "../errors.ts";
import type { Parameter } from "../autograd/tensor.ts";
import { runFused } from "./fused_step.ts";
import { RMSPROP_FLAGS, flags } from "./kernels.ts";
import { Optimizer, type ParamGroup, type ParamsArg } from "./optimizer.ts";
import { num } from "./group_options.ts";
import { StateBuffer } from "./state_buffer.ts";
import { checkEps, checkLr, checkValue, checkWeightDecay } from "./validate.ts";

/** RMSprop's options (torch's keyword arguments in camelCase). */
export interface RMSpropOptions {
  lr?: number; alpha?: number; eps?: number; weightDecay?: number; momentum?: number;
  centered?: boolean; maximize?: boolean; foreach?: boolean | null; differentiable?: boolean;
}

/** torch.optim.RMSprop. */
export class RMSprop extends Optimizer {
  constructor(params: ParamsArg, opts: RMSpropOptions = {}) {
    const { lr = 1e-2, alpha = 0.99, eps = 1e-8, weightDecay = 0, momentum = 0, centered = false } = opts;
    checkLr(lr);
    checkEps(eps);
    checkValue("momentum", 0 <= momentum, momentum);
    checkWeightDecay(weightDecay);
    checkValue("alpha", 0 <= alpha, alpha);
    super(params, {
      lr, momentum, alpha, eps, centered, weightDecay,
      foreach: opts.foreach ?? null, maximize: opts.maximize ?? false, differentiable: opts.differentiable ?? false,
    }, opts);
  }

  protected updateGroup(group: ParamGroup, params: Parameter[]): void {
    const momentum = num(group, "momentum"), centered = group.centered === true;
    const alpha = num(group, "alpha"), weightDecay = num(group, "weightDecay");
    const entries = params.map((p) => {
      const s = this.stateOf(p);
      if (Object.keys(s).length === 0) {
        s.step = 0;
        s.squareAvg = new StateBuffer(p.shape);
        if (momentum > 0) s.momentumBuffer = new StateBuffer(p.shape);
        if (centered) s.gradAvg = new StateBuffer(p.shape);
      }
      if ((momentum > 0 && !(s.momentumBuffer instanceof StateBuffer)) || (centered && !(s.gradAvg instanceof StateBuffer))) {
        throw new FulgurRuntimeError("RMSprop: momentum or centered was turned on after the state was created");
      }
      s.step = (s.step as number) + 1; // a Python int in torch 1.13 RMSprop
      const slots = [s.squareAvg as StateBuffer, momentum > 0 ? (s.momentumBuffer as StateBuffer) : null, centered ? (s.gradAvg as StateBuffer) : null];
      return { param: p, slots };
    });
    const f = flags([
      [group.maximize === true, RMSPROP_FLAGS.maximize],
      [centered, RMSPROP_FLAGS.centered],
      [momentum > 0, RMSPROP_FLAGS.momentum],
      [weightDecay !== 0, RMSPROP_FLAGS.weightDecay],
    ]);
    runFused(entries, "optim_rmsprop", [-group.lr, alpha, 1 - alpha, num(group, "eps"), weightDecay, momentum, f], { coefTable: false });
  }
}
