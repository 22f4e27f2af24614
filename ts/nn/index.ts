// torch.nn: modules, layers, initialisation and functional losses.
export { Module, type StateDict, type StateDictValue, type IncompatibleKeys } from "./module.ts";
export { Linear } from "./linear.ts";
export {
  Tanh, ReLU, Sigmoid, LeakyReLU, GELU, Softplus, LogSoftmax, Softmax, ELU, SiLU, Mish, Softsign, Hardtanh, ReLU6,
} from "./activations.ts";
export { Sequential } from "./sequential.ts";
export { Generator, defaultGenerator, manualSeed, uniform, linearBound } from "./init.ts";
// torch.nn.init: nn.init.kaimingUniform_(...) and the same names at the top level
export * as init from "./init.ts";
export {
  calculateGain, calculateFanInAndFanOut, uniform_, normal_, constant_, zeros_, ones_, eye_,
  xavierUniform_, xavierNormal_, kaimingUniform_, kaimingNormal_, truncNormal_, orthogonal_, type FanMode,
} from "./init.ts";
export {
  mseLoss, l1Loss, smoothL1Loss, binaryCrossEntropyWithLogits, crossEntropy, nllLoss,
  huberLoss, binaryCrossEntropy, klDiv, cosineSimilarity,
} from "./functional.ts";
// layers part A (Module buffers, norm, dropout, embedding, containers)
export { BatchNorm1d, BatchNorm2d, BatchNormBase, type BatchNormOptions } from "./batchnorm.ts";
export { LayerNorm, GroupNorm } from "./normalization.ts";
export { Dropout } from "./dropout.ts";
export { Embedding, type EmbeddingOptions } from "./sparse.ts";
export { Flatten, Unflatten } from "./flatten.ts";
export { Identity } from "./identity.ts";
export { ModuleList, ModuleDict } from "./container.ts";
export {
  MSELoss, L1Loss, SmoothL1Loss, HuberLoss, BCELoss, BCEWithLogitsLoss, NLLLoss, CrossEntropyLoss, KLDivLoss, CosineSimilarity,
} from "./loss.ts";
export { Conv1d, Conv2d, ConvTranspose2d, type ConvNdOptions, type ConvTranspose2dOptions } from "./conv.ts";
export { MaxPool1d, MaxPool2d, AvgPool1d, AvgPool2d, AdaptiveAvgPool2d, AdaptiveMaxPool2d } from "./pooling.ts";
// functional convolution and pooling (ts/autograd/ops/conv.ts, pooling.ts, unfold.ts)
export {
  conv1d, conv2d, convTranspose2d, unfold, fold,
  maxPool1d, maxPool2d, avgPool1d, avgPool2d, adaptiveAvgPool2d, adaptiveMaxPool2d,
} from "./functional.ts";
export type { ConvOptions, ConvTransposeOptions, MaxPoolOptions, AvgPoolOptions, UnfoldOptions } from "../autograd/ops/index.ts";
// layers part B (recurrent, attention, transformer)
export { RNNBase, RNN, LSTM, GRU, type RNNOptions, type ElmanOptions } from "./rnn.ts";
export { MultiheadAttention, type MultiheadAttentionOptions, type MultiheadAttentionForwardOptions } from "./multihead_attention.ts";
export {
  TransformerEncoderLayer, TransformerEncoder, generateSquareSubsequentMask,
  type TransformerEncoderLayerOptions, type TransformerEncoderForwardOptions,
} from "./transformer.ts";
export { scaledDotProductAttention, multiHeadAttentionForward } from "../autograd/ops/index.ts";
