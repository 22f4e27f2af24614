// torch.nn: modules, layers, initialisation and functional losses.
export { Module, type StateDict } from "./module.ts";
export { Linear } from "./linear.ts";
export { Tanh, ReLU, Sigmoid, LeakyReLU, GELU, Softplus, LogSoftmax, Softmax } from "./activations.ts";
export { Sequential } from "./sequential.ts";
export { Generator, defaultGenerator, manualSeed, uniform, linearBound } from "./init.ts";
export {
  mseLoss, l1Loss, smoothL1Loss, binaryCrossEntropyWithLogits, crossEntropy, nllLoss,
} from "./functional.ts";
