// `/3` layer specs → fulgur's public nn classes, with the small wrappers FORMAT.md names:
// a recurrent layer's parameters live under `.rnn.`, self-attention's under `.attn.`, a
// transformer encoder layer's under `.layer.`, as the recording script wrapped torch's modules.
import type { FulgurLib } from "./lib.ts";
import { layerOptions } from "./scenario_v3.ts";

type NN = FulgurLib["nn"];

/** torch keyword → camelCase option, only the keys present. */
function pick(opts: Record<string, unknown>, names: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(opts)) if (k in names) out[names[k]] = v;
  return out;
}

const CONV = { stride: "stride", padding: "padding", dilation: "dilation", groups: "groups", bias: "bias", padding_mode: "paddingMode", output_padding: "outputPadding" };
const POOL = { stride: "stride", padding: "padding", dilation: "dilation", ceil_mode: "ceilMode", count_include_pad: "countIncludePad", divisor_override: "divisorOverride" };
const BN = { momentum: "momentum", eps: "eps", affine: "affine", track_running_stats: "trackRunningStats" };

const wrappers = new WeakMap<object, ReturnType<typeof defineWrappers>>();

function defineWrappers(nn: NN) {
  const Module = nn.Module as new () => any;
  /** `<i>.rnn.<torch name>`: the output sequence (torch's tuple's first element). */
  class RecurrentLayer extends Module {
    rnn: any;
    constructor(rnn: unknown) { super(); this.rnn = rnn; }
    forward(x: any) { return this.rnn.call(x)[0]; }
  }
  /** `<i>.attn.<torch name>`: attn(x, x, x, attn_mask=M, need_weights=False)[0]. */
  class SelfAttentionLayer extends Module {
    attn: any;
    readonly _causal: boolean;
    constructor(attn: unknown, causal: boolean) { super(); this.attn = attn; this._causal = causal; }
    forward(x: any) {
      const mask = this._causal ? nn.generateSquareSubsequentMask(x.shape[1]) : null;
      return this.attn.call(x, x, x, { attnMask: mask, needWeights: false })[0];
    }
  }
  /** `<i>.layer.<torch name>`: layer(x, src_mask=M). */
  class EncoderLayer extends Module {
    layer: any;
    readonly _causal: boolean;
    constructor(layer: unknown, causal: boolean) { super(); this.layer = layer; this._causal = causal; }
    forward(x: any) {
      const mask = this._causal ? nn.generateSquareSubsequentMask(x.shape[1]) : null;
      return this.layer.call(x, { srcMask: mask });
    }
  }
  /** x[:, -1] */
  class SelectLast extends Module {
    forward(x: any) { return x.select(1, -1); }
  }
  /** x.mean(d) */
  class MeanDim extends Module {
    readonly _dim: number;
    constructor(dim: number) { super(); this._dim = dim; }
    forward(x: any) { return x.mean(this._dim); }
  }
  return { RecurrentLayer, SelfAttentionLayer, EncoderLayer, SelectLast, MeanDim };
}

/** The fulgur module for one `/3` layer spec (constructing it draws torch's default init). */
export function makeLayerV3(nn: NN, l: unknown[]): unknown {
  let w = wrappers.get(nn);
  if (!w) wrappers.set(nn, (w = defineWrappers(nn)));
  const o = layerOptions(l);
  const n = (i: number) => l[i] as number;
  switch (l[0]) {
    case "conv2d": return new nn.Conv2d(n(1), n(2), l[3], pick(o, CONV));
    case "conv1d": return new nn.Conv1d(n(1), n(2), l[3], pick(o, CONV));
    case "conv_transpose2d": return new nn.ConvTranspose2d(n(1), n(2), l[3], pick(o, CONV));
    case "max_pool2d": return new nn.MaxPool2d(l[1], pick(o, POOL));
    case "avg_pool2d": return new nn.AvgPool2d(l[1], pick(o, POOL));
    case "adaptive_avg_pool2d": return new nn.AdaptiveAvgPool2d(l[1]);
    case "batch_norm1d": return new nn.BatchNorm1d(n(1), pick(o, BN));
    case "batch_norm2d": return new nn.BatchNorm2d(n(1), pick(o, BN));
    case "layer_norm": return new nn.LayerNorm(l[1], pick(o, { eps: "eps", elementwise_affine: "elementwiseAffine" }));
    case "group_norm": return new nn.GroupNorm(n(1), n(2));
    case "dropout": return new nn.Dropout(n(1));
    case "flatten": return new nn.Flatten();
    case "unflatten": return new nn.Unflatten(1, l[1]);
    case "embedding": return new nn.Embedding(n(1), n(2), pick(o, { padding_idx: "paddingIdx" }));
    case "lstm": case "gru": {
      const Rnn = l[0] === "lstm" ? nn.LSTM : nn.GRU;
      const opts = { batchFirst: true, ...pick(o, { num_layers: "numLayers", dropout: "dropout", bidirectional: "bidirectional", bias: "bias" }) };
      return new w.RecurrentLayer(new Rnn(n(1), n(2), opts));
    }
    case "self_attention":
      return new w.SelfAttentionLayer(
        new nn.MultiheadAttention(n(1), n(2), { batchFirst: true, ...pick(o, { dropout: "dropout", bias: "bias" }) }), o.causal === true,
      );
    case "transformer_encoder_layer":
      return new w.EncoderLayer(
        new nn.TransformerEncoderLayer(n(1), n(2), {
          batchFirst: true,
          ...pick(o, { dim_feedforward: "dimFeedforward", dropout: "dropout", activation: "activation", norm_first: "normFirst", layer_norm_eps: "layerNormEps" }),
        }),
        o.causal === true,
      );
    case "select_last": return new w.SelectLast();
    case "mean_dim": return new w.MeanDim(n(1));
  }
  throw new Error(`unknown /3 layer kind "${String(l[0])}"`);
}

/** The nn export each `/3` layer kind needs (requirements.ts: SKIP naming what is missing). */
export const V3_LAYER_CLASSES: Record<string, string[]> = {
  conv2d: ["Conv2d"], conv1d: ["Conv1d"], conv_transpose2d: ["ConvTranspose2d"], max_pool2d: ["MaxPool2d"], avg_pool2d: ["AvgPool2d"],
  adaptive_avg_pool2d: ["AdaptiveAvgPool2d"], batch_norm1d: ["BatchNorm1d"], batch_norm2d: ["BatchNorm2d"], layer_norm: ["LayerNorm"],
  group_norm: ["GroupNorm"], dropout: ["Dropout"], flatten: ["Flatten"], unflatten: ["Unflatten"], embedding: ["Embedding"],
  lstm: ["LSTM"], gru: ["GRU"], self_attention: ["MultiheadAttention", "generateSquareSubsequentMask"],
  transformer_encoder_layer: ["TransformerEncoderLayer", "generateSquareSubsequentMask"], select_last: ["Module"], mean_dim: ["Module"],
};
