// torch.nn.MultiheadAttention (torch/nn/modules/activation.py, 1.13): in_proj_weight [3E, E]
// (or q/k/v_proj_weight when kdim/vdim differ), in_proj_bias [3E], out_proj (a Linear), in torch's
// construction order: out_proj draws its own init first, then _reset_parameters draws
// xavier_uniform_(in_proj_weight) and zeroes both biases.
import { Parameter, type Tensor } from "../autograd/tensor.ts";
import { zeros } from "../autograd/factory.ts";
import * as ops from "../autograd/ops/index.ts";
import { Module } from "./module.ts";
import { Linear } from "./linear.ts";
import { xavierNormal_, xavierUniform_, zeros_ } from "./init.ts";
import { ValueError } from "../errors.ts";
import { validateMultiheadAttention } from "../validation/layer_options.ts";

/** MultiheadAttention's options: dropout, bias, kdim / vdim, batchFirst (torch's names in camelCase). */
export interface MultiheadAttentionOptions {
  /** dropout on the attention weights in training mode. */
  dropout?: number;
  bias?: boolean;
  /** inputs and output [N, L, E] instead of [L, N, E]. */
  batchFirst?: boolean;
  kdim?: number | null;
  vdim?: number | null;
  /** learned bias_k / bias_v [1, 1, E]: one more key/value position. */
  addBiasKv?: boolean;
  /** a zero key/value position. */
  addZeroAttn?: boolean;
}

/** MultiheadAttention's call options: keyPaddingMask, needWeights, attnMask, averageAttnWeights, isCausal. */
export interface MultiheadAttentionForwardOptions {
  /** [N, S]: true (or -inf) marks a padding key to ignore. */
  keyPaddingMask?: Tensor | null;
  needWeights?: boolean;
  /** [L, S] or [N·heads, L, S]: bool (true = not allowed to attend) or float (added to the scores). */
  attnMask?: Tensor | null;
  averageAttnWeights?: boolean;
  /** a causal mask when attnMask is null. */
  isCausal?: boolean;
}

/** A new parameter filled by torch's xavier_uniform_ (drawn from the default generator). */
const xavier = (shape: [number, number]): Parameter => xavierUniform_(new Parameter(zeros(shape).value)) as Parameter;

/** torch.nn.MultiheadAttention: scaled dot-product attention over `numHeads` heads (masks, batchFirst). */
export class MultiheadAttention extends Module {
  readonly embedDim: number;
  readonly numHeads: number;
  readonly headDim: number;
  readonly kdim: number;
  readonly vdim: number;
  readonly dropout: number;
  readonly batchFirst: boolean;
  readonly addZeroAttn: boolean;
  out_proj: Linear;

  constructor(embedDim: number, numHeads: number, opts: MultiheadAttentionOptions = {}) {
    super();
    validateMultiheadAttention(embedDim, numHeads, opts);
    const { dropout = 0, bias = true, batchFirst = false } = opts;
    if (!Number.isInteger(embedDim) || embedDim <= 0 || !Number.isInteger(numHeads) || numHeads <= 0) {
      throw new ValueError(`embed_dim and num_heads must be greater than 0, got embed_dim=${embedDim} and num_heads=${numHeads} instead`);
    }
    if (!(dropout >= 0 && dropout <= 1)) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${dropout}`);
    this.embedDim = embedDim;
    this.numHeads = numHeads;
    this.kdim = opts.kdim ?? embedDim;
    this.vdim = opts.vdim ?? embedDim;
    this.dropout = dropout;
    this.batchFirst = batchFirst;
    this.headDim = Math.floor(embedDim / numHeads);
    if (this.headDim * numHeads !== embedDim) throw new ValueError("embed_dim must be divisible by num_heads");
    const same = this.kdim === embedDim && this.vdim === embedDim;
    // torch creates the projection weights empty (no draws), then out_proj (a Linear, which draws
    // its weight and bias), then _reset_parameters draws xavier_uniform_ for the projection weights
    // and zeroes both biases. Own parameters come before out_proj's in the state dict either way.
    this.out_proj = new Linear(embedDim, embedDim, bias);
    if (same) this.registerParameter("in_proj_weight", xavier([3 * embedDim, embedDim]));
    else {
      this.registerParameter("q_proj_weight", xavier([embedDim, embedDim]));
      this.registerParameter("k_proj_weight", xavier([embedDim, this.kdim]));
      this.registerParameter("v_proj_weight", xavier([embedDim, this.vdim]));
    }
    if (bias) {
      this.registerParameter("in_proj_bias", new Parameter(zeros([3 * embedDim]).value));
      zeros_(this.out_proj.bias!);
    }
    // torch: bias_k/bias_v are created after out_proj and drawn last (xavier_normal_)
    if (opts.addBiasKv) {
      this.registerParameter("bias_k", xavierNormal_(new Parameter(zeros([1, 1, embedDim]).value)) as Parameter);
      this.registerParameter("bias_v", xavierNormal_(new Parameter(zeros([1, 1, embedDim]).value)) as Parameter);
    }
    this.addZeroAttn = opts.addZeroAttn ?? false;
  }

  get inProjWeight(): Parameter | null { return (this as any).in_proj_weight ?? null; }
  get inProjBias(): Parameter | null { return (this as any).in_proj_bias ?? null; }

  /** query [N, L, E] (batchFirst) / [L, N, E] / [L, E]; key, value alike with S positions → [output, weights | null]. */
  forward(query: Tensor, key: Tensor, value: Tensor, opts: MultiheadAttentionForwardOptions = {}): [Tensor, Tensor | null] {
    const { keyPaddingMask = null, needWeights = true, attnMask = null, averageAttnWeights = true, isCausal = false } = opts;
    const batched = query.rank === 3;
    let q = query, k = key, v = value;
    if (this.batchFirst && batched) {
      // keep self-attention recognisable (one tensor): torch's packed in-projection path
      q = ops.transpose(query, 1, 0);
      k = key === query ? q : ops.transpose(key, 1, 0);
      v = value === key ? k : ops.transpose(value, 1, 0);
    }
    const own = this as any;
    const [out, w] = ops.multiHeadAttentionForward(
      q, k, v, this.embedDim, this.numHeads, this.inProjWeight, this.inProjBias, this.out_proj.weight, this.out_proj.bias, {
        training: this.training, dropoutP: this.dropout, keyPaddingMask, attnMask, needWeights, averageAttnWeights, isCausal,
        qProjWeight: own.q_proj_weight ?? null, kProjWeight: own.k_proj_weight ?? null, vProjWeight: own.v_proj_weight ?? null,
        biasK: own.bias_k ?? null, biasV: own.bias_v ?? null, addZeroAttn: this.addZeroAttn,
      },
    );
    return [this.batchFirst && batched ? ops.transpose(out, 1, 0) : out, w];
  }

  override extraRepr(): string {
    return `embed_dim=${this.embedDim}, num_heads=${this.numHeads}${this.batchFirst ? ", batch_first=True" : ""}`;
  }
}
