// torch.optim.Rprop (1.13): sign-based steps with per-element adaptive step sizes.
import { ValueError } from "../errors.ts";
import type { Parameter } from "../autograd/tensor.ts";
import { runFused } from "./fused_step.ts";
import { Optimizer, type ParamGroup, type ParamsArg } from "./optimizer.ts";
import { pair } from "./group_options.ts";
import { StateBuffer } from "./state_buffer.ts";
import { checkLr } from "./validate.ts";

/** Rprop's options (torch's keyword arguments in camelCase). */
export interface RpropOptions {
  lr?: number; etas?: [number, number]; stepSizes?: [number, number]; foreach?: boolean | null; maximize?: boolean;
}

/** torch.optim.Rprop: resilient backpropagation. */
export class Rprop extends Optimizer {
  constructor(params: ParamsArg, opts: RpropOptions = {}) {
    const { lr = 1e-2, etas = [0.5, 1.2], stepSizes = [1e-6, 50] } = opts;
    checkLr(lr);
    if (!(0 < etas[0] && etas[0] < 1 && 1 < etas[1])) throw new ValueError(`Invalid eta values: ${etas[0]}, ${etas[1]}`);
    super(params, {
      lr, etas: [etas[0], etas[1]], stepSizes: [stepSizes[0], stepSizes[1]], foreach: opts.foreach ?? null, maximize: opts.maximize ?? false,
    }, opts);
  }

  protected updateGroup(group: ParamGroup, params: Parameter[]): void {
    const [etaminus, etaplus] = pair(group, "etas");
    const [stepMin, stepMax] = pair(group, "stepSizes");
    const entries = params.map((p) => {
      const s = this.stateOf(p);
      if (Object.keys(s).length === 0) {
        s.step = 0;
        s.prev = new StateBuffer(p.shape);
        s.stepSize = new StateBuffer(p.shape, Math.fround(group.lr));
      }
      s.step = (s.step as number) + 1; // a Python int in torch 1.13 Rprop
      return { param: p, slots: [s.prev as StateBuffer, s.stepSize as StateBuffer] };
    });
    runFused(entries, "optim_rprop", [etaminus, etaplus, stepMin, stepMax, group.maximize === true ? 1 : 0], { coefTable: false });
  }
}
