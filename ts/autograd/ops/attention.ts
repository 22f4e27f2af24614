// Attention: scaled dot-product attention (torch 2.0's F.scaled_dot_product_attention) and
// torch 1.13's F.multi_head_attention_forward, composed from differentiable fulgur ops, so their
// gradients (and gradients of gradients) come from those ops. Masks are constants: a bool mask
// becomes an additive float mask (0 / -inf) before it meets the scores, as torch converts it.
import * as tf from "@tensorflow/tfjs-core";
import { Tensor } from "../tensor.ts";
import { FulgurRuntimeError, ValueError } from "../../errors.ts";
import { fmtShape } from "./broadcast.ts";
import * as ops from "./index.ts";

/**
 * An additive float mask from a bool or float one. `trueMasks`: true where a true entry hides the
 * position (MultiheadAttention's convention), false where it lets it take part (scaled_dot_product_attention's).
 * A float mask is returned as it is (it may carry a gradient, as torch's baddbmm gives it one).
 */
export function additiveMask(mask: Tensor, trueMasks: boolean): Tensor {
  if (mask.dtype === "float32") return mask;
  if (mask.dtype !== "bool") {
    throw new FulgurRuntimeError(`Only float and bool types are supported for attn_mask, not ${mask.dtype}`);
  }
  const ninf = tf.fill(mask.shape, -Infinity, "float32");
  const zero = tf.zeros(mask.shape, "float32");
  return new Tensor(trueMasks ? tf.where(mask.value, ninf, zero) : tf.where(mask.value, zero, ninf));
}

/** The float causal mask [L, S]: 0 on and below the diagonal, -inf above (torch's generate_square_subsequent_mask). */
export function causalMask(l: number, s = l): Tensor {
  const data = new Float32Array(l * s);
  for (let i = 0; i < l; i++) for (let j = i + 1; j < s; j++) data[i * s + j] = -Infinity;
  return new Tensor(tf.tensor(data, [l, s], "float32"));
}

export interface SdpaOptions {
  /** bool: true = take part (torch 2.0); float: added to the scores. Broadcast against [..., L, S]. */
  attnMask?: Tensor | null;
  /** dropout on the attention weights (applied whenever > 0, as the functional form does). */
  dropoutP?: number;
  /** a lower-triangular mask; attnMask must then be null. */
  isCausal?: boolean;
  /** defaults to 1/√E. */
  scale?: number | null;
}

/** softmax(q kᵀ · scale + mask) [dropout] v for q [..., L, E], k [..., S, E], v [..., S, Ev]. */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, opts: SdpaOptions = {}): Tensor {
  const { attnMask = null, dropoutP = 0, isCausal = false, scale = null } = opts;
  if (q.rank < 2 || k.rank < 2 || v.rank < 2) {
    throw new FulgurRuntimeError(
      `scaled_dot_product_attention: query, key and value must have at least 2 dims, got ${fmtShape(q.shape)}, ${fmtShape(k.shape)}, ${fmtShape(v.shape)}`,
    );
  }
  const e = q.shape[q.rank - 1], l = q.shape[q.rank - 2], s = k.shape[k.rank - 2];
  if (k.shape[k.rank - 1] !== e) {
    throw new FulgurRuntimeError(`scaled_dot_product_attention: query's last dim ${e} differs from key's ${k.shape[k.rank - 1]}`);
  }
  if (v.shape[v.rank - 2] !== s) {
    throw new FulgurRuntimeError(`scaled_dot_product_attention: key has ${s} positions, value ${v.shape[v.rank - 2]}`);
  }
  if (isCausal && attnMask !== null) throw new FulgurRuntimeError("scaled_dot_product_attention: attn_mask must be None when is_causal is True");
  if (!(dropoutP >= 0 && dropoutP <= 1)) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${dropoutP}`);
  const mask = isCausal ? causalMask(l, s) : attnMask === null ? null : additiveMask(attnMask, false);
  // torch's math path scales q before the product (as multi_head_attention_forward does)
  const qs = ops.mul(q, scale ?? 1 / Math.sqrt(e));
  let scores = ops.matmul(qs, ops.transpose(k, -2, -1));
  if (mask) scores = ops.add(scores, mask);
  let w = ops.softmax(scores, -1);
  if (dropoutP > 0) w = ops.dropout(w, dropoutP, true);
  return ops.matmul(w, v);
}

export interface MhaForwardOptions {
  training?: boolean;
  dropoutP?: number;
  /** [N, S]: bool (true = padding, ignored) or float (added). */
  keyPaddingMask?: Tensor | null;
  /** [L, S] or [N·heads, L, S]: bool (true = not allowed) or float (added). */
  attnMask?: Tensor | null;
  needWeights?: boolean;
  averageAttnWeights?: boolean;
  /** a causal mask when attnMask is null (torch 2.0's hint; 1.13 has none). */
  isCausal?: boolean;
  /** add_bias_kv: [1, 1, E] each, appended as one more key/value position. */
  biasK?: Tensor | null;
  biasV?: Tensor | null;
  /** a zero key/value position appended after the heads are split. */
  addZeroAttn?: boolean;
  /** separate projections (kdim/vdim ≠ embed_dim): inProjWeight is then null. */
  qProjWeight?: Tensor | null;
  kProjWeight?: Tensor | null;
  vProjWeight?: Tensor | null;
}

const chunk3 = (t: Tensor): Tensor[] => ops.chunk(t, 3, 0);

/** torch's pad(mask, (0, 1)): one more column of 0 (an additive mask: "allowed"). */
function padLastWithZero(m: Tensor): Tensor {
  return ops.cat([m, new Tensor(tf.zeros([...m.shape.slice(0, -1), 1]))], -1);
}

/**
 * torch.nn.functional.multi_head_attention_forward (1.13) for query [L, N, E] (or [L, E] unbatched),
 * key/value [S, N, kdim/vdim]. Returns [output [L, N, E], weights [N, L, S] (averaged) or
 * [N, heads, L, S], or null when needWeights is false].
 */
export function multiHeadAttentionForward(
  query: Tensor, key: Tensor, value: Tensor, embedDimToCheck: number, numHeads: number,
  inProjWeight: Tensor | null, inProjBias: Tensor | null, outProjWeight: Tensor, outProjBias: Tensor | null,
  opts: MhaForwardOptions = {},
): [Tensor, Tensor | null] {
  const { training = true, dropoutP = 0, needWeights = true, averageAttnWeights = true, isCausal = false } = opts;
  let { keyPaddingMask = null, attnMask = null } = opts;
  const batched = query.rank === 3;
  if (!batched && query.rank !== 2) {
    throw new FulgurRuntimeError(`query should be unbatched 2D or batched 3D tensor but received ${query.rank}-D query tensor`);
  }
  if (key.rank !== query.rank || value.rank !== query.rank) {
    throw new FulgurRuntimeError(
      `For ${batched ? "batched (3-D)" : "unbatched (2-D)"} \`query\`, expected \`key\` and \`value\` to be ${query.rank}-D but found ${key.rank}-D and ${value.rank}-D tensors respectively`,
    );
  }
  const packed = query === key && key === value;
  if (!batched) {
    query = ops.reshape(query, [query.shape[0], 1, query.shape[1]]);
    key = packed ? query : ops.reshape(key, [key.shape[0], 1, key.shape[1]]);
    value = packed ? query : ops.reshape(value, [value.shape[0], 1, value.shape[1]]);
    if (keyPaddingMask) keyPaddingMask = new Tensor(tf.reshape(keyPaddingMask.value, [1, -1]));
  }
  const [tgtLen, bsz, embedDim] = query.shape;
  let srcLen = key.shape[0];
  if (embedDim !== embedDimToCheck) throw new FulgurRuntimeError(`was expecting embedding dimension of ${embedDimToCheck}, but got ${embedDim}`);
  const headDim = Math.floor(embedDim / numHeads);
  if (headDim * numHeads !== embedDim) throw new FulgurRuntimeError(`embed_dim ${embedDim} not divisible by num_heads ${numHeads}`);
  if (key.shape[0] !== value.shape[0] || key.shape[1] !== value.shape[1]) {
    throw new FulgurRuntimeError(`key shape ${fmtShape(key.shape)} does not match value shape ${fmtShape(value.shape)}`);
  }
  if (key.shape[1] !== bsz) throw new FulgurRuntimeError(`query has batch size ${bsz}, key ${key.shape[1]}`);

  // in-projection (torch's _in_projection_packed / _in_projection)
  let q: Tensor, k: Tensor, v: Tensor;
  const [bq, bk, bv] = inProjBias ? chunk3(inProjBias) : [null, null, null];
  if (inProjWeight) {
    if (packed) {
      [q, k, v] = ops.chunk(ops.linear(query, inProjWeight, inProjBias), 3, -1);
    } else {
      const [wq, wk, wv] = chunk3(inProjWeight);
      q = ops.linear(query, wq, bq);
      k = ops.linear(key, wk, bk);
      v = ops.linear(value, wv, bv);
    }
  } else {
    const { qProjWeight, kProjWeight, vProjWeight } = opts;
    if (!qProjWeight || !kProjWeight || !vProjWeight) {
      throw new FulgurRuntimeError("use_separate_proj_weight is True but q_proj_weight, k_proj_weight or v_proj_weight is None");
    }
    q = ops.linear(query, qProjWeight, bq);
    k = ops.linear(key, kProjWeight, bk);
    v = ops.linear(value, vProjWeight, bv);
  }

  // masks → one additive float mask of shape [1 or N·heads, L, S]
  if (attnMask === null && isCausal) attnMask = causalMask(tgtLen, srcLen);
  let mask: Tensor | null = null;
  if (attnMask !== null) {
    if (attnMask.rank === 2) {
      if (attnMask.shape[0] !== tgtLen || attnMask.shape[1] !== srcLen) {
        throw new FulgurRuntimeError(`The shape of the 2D attn_mask is ${fmtShape(attnMask.shape)}, but should be ${fmtShape([tgtLen, srcLen])}.`);
      }
      mask = ops.reshape(additiveMask(attnMask, true), [1, tgtLen, srcLen]);
    } else if (attnMask.rank === 3) {
      const want = [bsz * numHeads, tgtLen, srcLen];
      if (attnMask.shape.some((d, i) => d !== want[i])) {
        throw new FulgurRuntimeError(`The shape of the 3D attn_mask is ${fmtShape(attnMask.shape)}, but should be ${fmtShape(want)}.`);
      }
      mask = additiveMask(attnMask, true);
    } else {
      throw new FulgurRuntimeError(`attn_mask's dimension ${attnMask.rank} is not supported`);
    }
  }
  let kpm: Tensor | null = null;
  if (keyPaddingMask !== null) {
    if (keyPaddingMask.rank !== 2 || keyPaddingMask.shape[0] !== bsz || keyPaddingMask.shape[1] !== srcLen) {
      throw new FulgurRuntimeError(`expecting key_padding_mask shape of ${fmtShape([bsz, srcLen])}, but got ${fmtShape(keyPaddingMask.shape)}`);
    }
    kpm = additiveMask(keyPaddingMask, true);
  }

  // add_bias_kv: one more key/value position (the learned bias_k / bias_v), masks padded with 0
  const { biasK = null, biasV = null, addZeroAttn = false } = opts;
  if (biasK !== null && biasV !== null) {
    k = ops.cat([k, ops.expand(biasK, [1, bsz, embedDim])], 0);
    v = ops.cat([v, ops.expand(biasV, [1, bsz, embedDim])], 0);
    if (mask !== null) mask = padLastWithZero(mask);
    if (kpm !== null) kpm = padLastWithZero(kpm);
  }

  // [L, N, E] → [N·heads, L, headDim]
  q = ops.transpose(ops.reshape(q, [tgtLen, bsz * numHeads, headDim]), 0, 1);
  k = ops.transpose(ops.reshape(k, [k.shape[0], bsz * numHeads, headDim]), 0, 1);
  v = ops.transpose(ops.reshape(v, [v.shape[0], bsz * numHeads, headDim]), 0, 1);

  // add_zero_attn: a zero key/value position, masks padded with 0
  if (addZeroAttn) {
    const z = new Tensor(tf.zeros([bsz * numHeads, 1, headDim]));
    k = ops.cat([k, z], 1);
    v = ops.cat([v, z], 1);
    if (mask !== null) mask = padLastWithZero(mask);
    if (kpm !== null) kpm = padLastWithZero(kpm);
  }
  srcLen = k.shape[1];

  if (kpm !== null) {
    // [N, S] → [N·heads, 1, S]; -inf + -inf stays -inf, so adding equals torch's logical_or / masked_fill
    const expanded = new Tensor(tf.reshape(tf.broadcastTo(tf.reshape(kpm.value, [bsz, 1, 1, srcLen]), [bsz, numHeads, 1, srcLen]), [bsz * numHeads, 1, srcLen]));
    mask = mask === null ? expanded : ops.add(mask, expanded);
  }

  const p = training ? dropoutP : 0;
  const qScaled = ops.div(q, Math.sqrt(headDim));
  let weights = ops.bmm(qScaled, ops.transpose(k, -2, -1));
  if (mask !== null) weights = ops.add(mask, weights);
  weights = ops.softmax(weights, -1);
  if (p > 0) weights = ops.dropout(weights, p, true);
  let out = ops.bmm(weights, v);
  out = ops.reshape(ops.transpose(out, 0, 1), [tgtLen * bsz, embedDim]);
  out = ops.reshape(ops.linear(out, outProjWeight, outProjBias), [tgtLen, bsz, embedDim]);
  if (!batched) out = ops.reshape(out, [tgtLen, embedDim]);
  if (!needWeights) return [out, null];
  let w = ops.reshape(weights, [bsz, numHeads, tgtLen, srcLen]);
  if (averageAttnWeights) w = ops.div(ops.sum(w, 1), numHeads);
  if (!batched) w = ops.reshape(w, averageAttnWeights ? [tgtLen, srcLen] : [numHeads, tgtLen, srcLen]);
  return [out, w];
}
