// torch.optim for fulgur: the Optimizer base, every torch 1.13 optimizer, gradient clipping.
export * from "./optimizer.ts";
export * from "./sgd.ts";
export * from "./adam.ts";
export * from "./rmsprop.ts";
export * from "./adagrad.ts";
export * from "./adadelta.ts";
export * from "./adamax.ts";
export * from "./nadam.ts";
export * from "./radam.ts";
export * from "./asgd.ts";
export * from "./rprop.ts";
export * from "./lbfgs.ts";
export * from "./clip_grad.ts";
export * from "./factory.ts";
export { StateBuffer } from "./state_buffer.ts";
export { SWALR, AveragedModel, updateBn, type SWALROptions, type AveragedModelOptions, type AvgFn } from "./swa_utils.ts";
