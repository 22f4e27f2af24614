// The one place the trainer imports from the layers above it (autograd, nn, optim), so a
// moved file there is fixed here once.
export { Tensor, Parameter, noGrad, enableGrad, scope, scopeAsync, keep, tensor, liveTensorCount, AnomalyError, setDetectAnomaly } from "../autograd/index.ts";
export { Module } from "../nn/index.ts";
export { Optimizer, LBFGS, clipGradNorm, clipGradNormTensor, clipGradValue } from "../optim/index.ts";
export { isWebGPUActive } from "../gpu/webgpu.ts";
export { isFulgurWasmActive } from "../backend/memory.ts";
export { LRScheduler, ReduceLROnPlateau } from "../optim/lr_scheduler/index.ts";
export { setDetectNonFinite, nameParameters, NonFiniteGradientError } from "../optim/non_finite.ts";
