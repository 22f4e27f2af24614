// torch.nn.Embedding: a [numEmbeddings, embeddingDim] table looked up by index; default init
// N(0, 1), the paddingIdx row zeroed and never given a gradient.
import * as tf from "@tensorflow/tfjs-core";
import { Parameter, Tensor } from "../autograd/tensor.ts";
import { noGrad } from "../autograd/grad_mode.ts";
import { setValue } from "../autograd/memory.ts";
import { embedding } from "../autograd/ops/index.ts";
import { Module } from "./module.ts";
import { normal_, type Generator } from "./init.ts";
import { ValueError } from "../errors.ts";
import { kwargs, type PositionalOr } from "./args.ts";
import { validateEmbedding } from "../validation/layer_options.ts";

/** Embedding's options: paddingIdx, an initial weight, the generator (torch's names in camelCase). */
export interface EmbeddingOptions {
  paddingIdx?: number | null;
  /** An initial table (torch's _weight); default N(0, 1). */
  weight?: Tensor | null;
  /** Generator for the default init (default: the global one). */
  generator?: Generator;
  /** Not supported by fulgur (torch's max_norm renormalisation): must stay null. */
  maxNorm?: number | null;
  normType?: number;
  scaleGradByFreq?: boolean;
  sparse?: boolean;
}

/** torch.nn.Embedding: a lookup table of `numEmbeddings` vectors (paddingIdx; maxNorm is not supported). */
export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | null;
  weight: Parameter;

  /** Embedding(numEmbeddings, embeddingDim, paddingIdx?, maxNorm?, normType?, scaleGradByFreq?, sparse?, weight?, opts?) */
  constructor(
    numEmbeddings: number, embeddingDim: number,
    ...rest: PositionalOr<
      [paddingIdx: number | null, maxNorm: number | null, normType: number, scaleGradByFreq: boolean, sparse: boolean, weight: Tensor | null],
      EmbeddingOptions
    >
  ) {
    super();
    const opts = kwargs<EmbeddingOptions>(rest, ["paddingIdx", "maxNorm", "normType", "scaleGradByFreq", "sparse", "weight"], "Embedding");
    validateEmbedding(numEmbeddings, embeddingDim, opts);
    if (opts.maxNorm != null) throw new ValueError("Embedding: max_norm is not supported by fulgur");
    if (opts.scaleGradByFreq || opts.sparse) throw new ValueError("Embedding: scale_grad_by_freq and sparse gradients are not supported by fulgur");
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    let pad = opts.paddingIdx ?? null;
    if (pad !== null) {
      if (pad >= numEmbeddings || pad < -numEmbeddings) throw new ValueError("Padding_idx must be within num_embeddings");
      if (pad < 0) pad += numEmbeddings;
    }
    this.paddingIdx = pad;
    if (opts.weight) {
      if (opts.weight.shape.length !== 2 || opts.weight.shape[0] !== numEmbeddings || opts.weight.shape[1] !== embeddingDim) {
        throw new ValueError("Shape of weight does not match num_embeddings and embedding_dim");
      }
      this.weight = new Parameter(opts.weight.value);
    } else {
      // torch's reset_parameters: normal_ (N(0, 1)), then the padding row zeroed
      this.weight = new Parameter(tf.zeros([numEmbeddings, embeddingDim]));
      normal_(this.weight, 0, 1, opts.generator);
      if (pad !== null) {
        const zeroed = tf.tidy(() => tf.where(
          tf.equal(tf.reshape(tf.range(0, numEmbeddings, 1, "int32"), [numEmbeddings, 1]), pad),
          tf.zeros([numEmbeddings, embeddingDim]), this.weight.value));
        noGrad(() => setValue(this.weight, zeroed));
      }
    }
  }

  forward(indices: Tensor | ArrayLike<number>): Tensor {
    return embedding(indices, this.weight, this.paddingIdx);
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx !== null ? `, padding_idx=${this.paddingIdx}` : ""}`;
  }
}

