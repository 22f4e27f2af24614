// torch.nn.Embedding: a [numEmbeddings, embeddingDim] table looked up by index; default init
// N(0, 1), the paddingIdx row zeroed and never given a gradient.
import * as tf from "@tensorflow/tfjs-core";
import { Parameter, Tensor } from "../autograd/tensor.ts";
import { embedding } from "../autograd/ops/index.ts";
import { Module } from "./module.ts";
import { defaultGenerator } from "./init.ts";
import { ValueError } from "../errors.ts";

export interface EmbeddingOptions {
  paddingIdx?: number | null;
  /** An initial table (torch's _weight); default N(0, 1). */
  weight?: Tensor | null;
}

export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | null;
  weight: Parameter;

  constructor(numEmbeddings: number, embeddingDim: number, opts: EmbeddingOptions = {}) {
    super();
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
      this.weight = new Parameter(normalInit([numEmbeddings, embeddingDim]));
      if (pad !== null) {
        // torch's _fill_padding_idx_with_zero
        const row = tf.tidy(() => tf.where(
          tf.equal(tf.reshape(tf.range(0, numEmbeddings, 1, "int32"), [numEmbeddings, 1]), pad),
          tf.zeros([numEmbeddings, embeddingDim]), this.weight.value));
        const old = this.weight.value;
        this.weight.value = tf.keep(row);
        old.dispose();
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

/** N(0, 1) by Box-Muller from the default generator. TODO(RNG): nn.init.normal_ (torch's stream) once it lands. */
function normalInit(shape: number[]): tf.Tensor {
  const n = shape[0] * shape[1];
  const u = new Float64Array(2 * n);
  for (let i = 0; i < u.length; i++) u[i] = defaultGenerator.next();
  return tf.tidy(() => {
    const u1 = tf.tensor1d(Float32Array.from(u.subarray(0, n), (v) => 1 - v));
    const u2 = tf.tensor1d(Float32Array.from(u.subarray(n)));
    const r = tf.sqrt(tf.mul(-2, tf.log(u1)));
    return tf.reshape(tf.mul(r, tf.cos(tf.mul(2 * Math.PI, u2))), shape);
  });
}
