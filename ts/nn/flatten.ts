// torch.nn.Flatten and Unflatten: reshapes (torch.flatten / Tensor.unflatten) as modules.
import type { Tensor } from "../autograd/tensor.ts";
import { reshape } from "../autograd/ops/index.ts";
import { wrapDim } from "../autograd/ops/broadcast.ts";
import { Module } from "./module.ts";
import { FulgurRuntimeError } from "../errors.ts";
import { validateFlatten, validateUnflatten } from "../validation/layer_options.ts";

/** torch.nn.Flatten: flattens dims `startDim`..`endDim` (default 1..-1). */
export class Flatten extends Module {
  constructor(readonly startDim = 1, readonly endDim = -1) {
    super();
    validateFlatten(startDim, endDim);
  }

  forward(x: Tensor): Tensor {
    if (x.rank === 0) return reshape(x, [1]);
    const s = wrapDim(this.startDim, x.rank), e = wrapDim(this.endDim, x.rank);
    if (s > e) throw new FulgurRuntimeError("flatten() has invalid args: start_dim cannot come after end_dim");
    const shape = x.shape;
    const mid = shape.slice(s, e + 1).reduce((a, b) => a * b, 1);
    return reshape(x, [...shape.slice(0, s), mid, ...shape.slice(e + 1)]);
  }

  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

/** torch.nn.Unflatten: splits dim `dim` into `unflattenedSize`. */
export class Unflatten extends Module {
  readonly unflattenedSize: number[];

  constructor(readonly dim: number, unflattenedSize: readonly number[]) {
    super();
    validateUnflatten(dim, unflattenedSize);
    this.unflattenedSize = [...unflattenedSize];
  }

  forward(x: Tensor): Tensor {
    const d = wrapDim(this.dim, x.rank);
    const n = x.shape[d];
    const sizes = this.unflattenedSize;
    const known = sizes.filter((s) => s !== -1).reduce((a, b) => a * b, 1);
    const inferred = sizes.filter((s) => s === -1).length;
    const ok = inferred === 0 ? known === n : inferred === 1 && known > 0 && n % known === 0;
    if (!ok) {
      throw new FulgurRuntimeError(
        `unflatten: Provided sizes [${sizes.join(", ")}] don't multiply up to the size of dim ${this.dim} (${n}) in the input tensor`,
      );
    }
    const resolved = sizes.map((s) => (s === -1 ? n / known : s));
    return reshape(x, [...x.shape.slice(0, d), ...resolved, ...x.shape.slice(d + 1)]);
  }

  override extraRepr(): string {
    return `dim=${this.dim}, unflattened_size=(${this.unflattenedSize.join(", ")})`;
  }
}
