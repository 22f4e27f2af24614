// torch.optim.SGD (1.13): momentum, dampening, Nesterov, weight decay, maximize.
import { ValueError } from "../errors.ts";
import type { Parameter } from "../autograd/tensor.ts";
import { runFused } from "./fused_step.ts";
import { SGD_FLAGS, flags } from "./kernels.ts";
import { Optimizer, required, type ParamGroup, type ParamsArg } from "./optimizer.ts";
import { num } from "./group_options.ts";
import { StateBuffer } from "./state_buffer.ts";

/** SGD's options (torch's keyword arguments in camelCase). */
export interface SGDOptions {
  lr?: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
  maximize?: boolean;
  foreach?: boolean | null;
  differentiable?: boolean;
}

/** torch.optim.SGD (momentum, dampening, Nesterov, weight decay, maximize). */
export class SGD extends Optimizer {
  constructor(params: ParamsArg, opts: SGDOptions = {}) {
    const lr: number | typeof required = opts.lr ?? required;
    const { momentum = 0, dampening = 0, weightDecay = 0, nesterov = false } = opts;
    if (lr !== required && lr < 0) throw new ValueError(`Invalid learning rate: ${lr}`);
    if (momentum < 0) throw new ValueError(`Invalid momentum value: ${momentum}`);
    if (weightDecay < 0) throw new ValueError(`Invalid weight_decay value: ${weightDecay}`);
    if (nesterov && (momentum <= 0 || dampening !== 0)) throw new ValueError("Nesterov momentum requires a momentum and zero dampening");
    super(params, {
      lr, momentum, dampening, weightDecay, nesterov,
      maximize: opts.maximize ?? false, foreach: opts.foreach ?? null, differentiable: opts.differentiable ?? false,
    }, opts);
  }

  protected updateGroup(group: ParamGroup, params: Parameter[]): void {
    const momentum = num(group, "momentum");
    const weightDecay = num(group, "weightDecay");
    const entries = params.map((p) => {
      const s = this.stateOf(p);
      let buf = (s.momentumBuffer as StateBuffer | null | undefined) ?? null;
      const first = momentum !== 0 && buf === null;
      if (first) buf = new StateBuffer(p.shape); // torch clones d_p into a new buffer
      // torch stores the buffer list back after the update: None while momentum is 0.
      s.momentumBuffer = momentum !== 0 ? buf : (s.momentumBuffer ?? null);
      return { param: p, slots: [momentum !== 0 ? buf : null], coefs: [first ? 1 : 0] };
    });
    const f = flags([
      [group.maximize === true, SGD_FLAGS.maximize],
      [group.nesterov === true, SGD_FLAGS.nesterov],
      [momentum !== 0, SGD_FLAGS.momentum],
      [weightDecay !== 0, SGD_FLAGS.weightDecay],
    ]);
    runFused(entries, "optim_sgd", [-group.lr, momentum, 1 - num(group, "dampening"), weightDecay, f]);
  }
}
