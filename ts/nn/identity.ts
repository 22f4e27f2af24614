// torch.nn.Identity: returns its input (constructor arguments are accepted and ignored, as torch).
import type { Tensor } from "../autograd/tensor.ts";
import { Module } from "./module.ts";

/** torch.nn.Identity: returns its input. */
export class Identity extends Module {
  constructor(..._args: unknown[]) {
    super();
  }
  forward(x: Tensor): Tensor {
    return x;
  }
}
