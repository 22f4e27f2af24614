// torch.nn.TransformerEncoderLayer / TransformerEncoder (torch/nn/modules/transformer.py, 1.13):
// torch's submodule names and construction order (self_attn, linear1, dropout, linear2, norm1,
// norm2, dropout1, dropout2), so a seeded construction draws what torch draws and a forward in
// training mode draws dropout masks in torch's order (attention weights, dropout1, dropout, dropout2).
import type { Tensor } from "../autograd/tensor.ts";
import * as ops from "../autograd/ops/index.ts";
import { Module } from "./module.ts";
import { Linear } from "./linear.ts";
import { MultiheadAttention } from "./multihead_attention.ts";
import { LayerNorm } from "./normalization.ts";
import { Dropout } from "./dropout.ts";
import { ModuleList } from "./container.ts";
import { getRngState, setRngState } from "../random/index.ts";
import { FulgurRuntimeError, ValueError } from "../errors.ts";
import { causalMask } from "../autograd/ops/attention.ts";
import { validateTransformerEncoder, validateTransformerEncoderLayer } from "../validation/layer_options.ts";

/** torch's nn.Transformer.generate_square_subsequent_mask: [sz, sz] float, -inf above the diagonal, 0 elsewhere. */
export function generateSquareSubsequentMask(sz: number): Tensor {
  if (!Number.isInteger(sz) || sz < 0) throw new ValueError(`generate_square_subsequent_mask: sz must be a non-negative integer, got ${sz}`);
  return causalMask(sz);
}

export type TransformerActivation = "relu" | "gelu" | ((x: Tensor) => Tensor);

/** TransformerEncoderLayer's options: dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst. */
export interface TransformerEncoderLayerOptions {
  dimFeedforward?: number;
  dropout?: number;
  activation?: TransformerActivation;
  layerNormEps?: number;
  batchFirst?: boolean;
  normFirst?: boolean;
}

/** TransformerEncoderLayer's call options: srcMask, srcKeyPaddingMask, isCausal. */
export interface TransformerEncoderForwardOptions {
  /** [L, L] or [N·heads, L, L]: bool (true = not allowed) or float (added). */
  srcMask?: Tensor | null;
  /** [N, L]: true marks padding. */
  srcKeyPaddingMask?: Tensor | null;
  /** a causal mask when srcMask is null. */
  isCausal?: boolean;
}

function activationFn(a: TransformerActivation): (x: Tensor) => Tensor {
  if (typeof a === "function") return a;
  if (a === "relu") return ops.relu;
  if (a === "gelu") return (x) => ops.gelu(x);
  throw new FulgurRuntimeError(`activation should be relu/gelu, not ${String(a)}`);
}

/** torch.nn.TransformerEncoderLayer: self-attention then a feed-forward block, each with residual and LayerNorm (normFirst optional). */
export class TransformerEncoderLayer extends Module {
  self_attn: MultiheadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  norm1: LayerNorm;
  norm2: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;
  readonly normFirst: boolean;
  readonly batchFirst: boolean;
  private readonly _activation: (x: Tensor) => Tensor;
  /** the constructor's arguments, for TransformerEncoder's copies. */
  readonly config: { dModel: number; nhead: number; opts: TransformerEncoderLayerOptions };

  constructor(dModel: number, nhead: number, opts: TransformerEncoderLayerOptions = {}) {
    super();
    validateTransformerEncoderLayer(dModel, nhead, opts);
    const { dimFeedforward = 2048, dropout = 0.1, activation = "relu", layerNormEps = 1e-5, batchFirst = false, normFirst = false } = opts;
    if (!(dropout >= 0 && dropout <= 1)) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${dropout}`);
    this.config = { dModel, nhead, opts: { ...opts } };
    this.self_attn = new MultiheadAttention(dModel, nhead, { dropout, batchFirst });
    this.linear1 = new Linear(dModel, dimFeedforward);
    this.dropout = new Dropout(dropout);
    this.linear2 = new Linear(dimFeedforward, dModel);
    this.normFirst = normFirst;
    this.norm1 = new LayerNorm([dModel], { eps: layerNormEps });
    this.norm2 = new LayerNorm([dModel], { eps: layerNormEps });
    this.dropout1 = new Dropout(dropout);
    this.dropout2 = new Dropout(dropout);
    this.batchFirst = batchFirst;
    this._activation = activationFn(activation);
  }

  forward(src: Tensor, opts: TransformerEncoderForwardOptions = {}): Tensor {
    const { srcMask = null, srcKeyPaddingMask = null, isCausal = false } = opts;
    let x = src;
    if (this.normFirst) {
      x = ops.add(x, this.saBlock(this.norm1.call(x), srcMask, srcKeyPaddingMask, isCausal));
      x = ops.add(x, this.ffBlock(this.norm2.call(x)));
    } else {
      x = this.norm1.call(ops.add(x, this.saBlock(x, srcMask, srcKeyPaddingMask, isCausal)));
      x = this.norm2.call(ops.add(x, this.ffBlock(x)));
    }
    return x;
  }

  private saBlock(x: Tensor, attnMask: Tensor | null, keyPaddingMask: Tensor | null, isCausal: boolean): Tensor {
    const [y] = this.self_attn.call(x, x, x, { attnMask, keyPaddingMask, needWeights: false, isCausal });
    return this.dropout1.call(y);
  }

  private ffBlock(x: Tensor): Tensor {
    return this.dropout2.call(this.linear2.call(this.dropout.call(this._activation(this.linear1.call(x)))));
  }
}

/**
 * torch.nn.TransformerEncoder: `numLayers` copies of `encoderLayer` (torch deep-copies it: every
 * copy starts with the given layer's weights, and copying draws nothing), then an optional norm.
 */
export class TransformerEncoder extends Module {
  layers: ModuleList;
  norm: Module | null;
  readonly numLayers: number;

  constructor(encoderLayer: TransformerEncoderLayer, numLayers: number, opts: { norm?: Module | null } = {}) {
    super();
    validateTransformerEncoder(encoderLayer, numLayers, opts, encoderLayer instanceof TransformerEncoderLayer);
    if (!Number.isInteger(numLayers) || numLayers < 0) throw new ValueError(`num_layers must be a non-negative integer, got ${numLayers}`);
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => copyLayer(encoderLayer)));
    this.numLayers = numLayers;
    this.norm = opts.norm ?? null;
  }

  forward(src: Tensor, opts: { mask?: Tensor | null; srcKeyPaddingMask?: Tensor | null; isCausal?: boolean } = {}): Tensor {
    let out = src;
    for (let i = 0; i < this.layers.length; i++) {
      out = (this.layers.at(i) as TransformerEncoderLayer).call(out, {
        srcMask: opts.mask ?? null, srcKeyPaddingMask: opts.srcKeyPaddingMask ?? null, isCausal: opts.isCausal ?? false,
      });
    }
    return this.norm ? this.norm.call(out) : out;
  }
}

/** A deep copy of a layer: the same construction with the generator's state restored after it, then its values. */
function copyLayer(layer: TransformerEncoderLayer): TransformerEncoderLayer {
  const state = getRngState();
  const copy = new TransformerEncoderLayer(layer.config.dModel, layer.config.nhead, layer.config.opts);
  setRngState(state);
  copy.loadStateDict(layer.stateDict());
  copy.train(layer.training);
  return copy;
}
