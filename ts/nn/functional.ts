// torch.nn.functional: losses (reduction "mean") and activations.
import { Tensor } from "../autograd/tensor.ts";
import { bceWithLogitsOp, l1LossOp, logSoftmax, mseLossOp, nllLossOp, smoothL1LossOp } from "../autograd/ops/index.ts";
import { ValueError } from "../errors.ts";

export { tanh, sigmoid, relu, leakyRelu, gelu, softplus, logSoftmax, softmax, linear } from "../autograd/ops/index.ts";

export const mseLoss = (input: Tensor, target: Tensor): Tensor => mseLossOp(input, target);
export const l1Loss = (input: Tensor, target: Tensor): Tensor => l1LossOp(input, target);
export const smoothL1Loss = (input: Tensor, target: Tensor, beta = 1): Tensor => smoothL1LossOp(input, target, beta);
export const binaryCrossEntropyWithLogits = (input: Tensor, target: Tensor): Tensor => bceWithLogitsOp(input, target);

/** Class indices from an array or a Tensor of whole numbers. */
function classIndices(targets: ArrayLike<number> | Tensor): ArrayLike<number> {
  return targets instanceof Tensor ? targets.value.dataSync() : targets;
}

export const nllLoss = (logProbs: Tensor, targets: ArrayLike<number> | Tensor, ignoreIndex = -100): Tensor =>
  nllLossOp(logProbs, classIndices(targets), ignoreIndex);

/** torch cross_entropy with class-index targets: nll_loss(log_softmax(logits, 1), targets). */
export function crossEntropy(logits: Tensor, targets: ArrayLike<number> | Tensor, ignoreIndex = -100): Tensor {
  if (logits.rank !== 2) throw new ValueError(`cross_entropy: expected logits of shape [N, C], got [${logits.shape.join(", ")}]`);
  return nllLossOp(logSoftmax(logits, 1), classIndices(targets), ignoreIndex);
}

// convolution and pooling (ts/autograd/ops/conv.ts, pooling.ts, unfold.ts)
export {
  conv1d, conv2d, convTranspose2d, unfold, fold,
  maxPool1d, maxPool2d, avgPool1d, avgPool2d, adaptiveAvgPool2d, adaptiveMaxPool2d,
} from "../autograd/ops/index.ts";
