// torch.nn.Sequential: children named "0", "1", ... applied in order.
import type { Tensor } from "../autograd/tensor.ts";
import { Module } from "./module.ts";
import { FulgurTypeError } from "../errors.ts";
import { IndexError } from "../backend/errors.ts";

/** torch.nn.Sequential: calls its modules in order. */
export class Sequential extends Module {
  private readonly _layers: Module[];

  constructor(...layers: Module[]) {
    super();
    this._layers = layers;
    layers.forEach((m, i) => {
      if (!(m instanceof Module)) throw new FulgurTypeError(`Sequential: argument ${i} is not a Module`);
      this.registerModule(String(i), m);
    });
  }

  /** torch's Sequential.append: the module runs last, named by its position. */
  append(m: Module): this {
    if (!(m instanceof Module)) throw new FulgurTypeError(`Sequential.append: ${(m as object)?.constructor?.name ?? typeof m} is not a Module subclass`);
    this.registerModule(String(this._layers.length), m);
    this._layers.push(m);
    return this;
  }

  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  [Symbol.iterator](): Iterator<Module> {
    return this._layers[Symbol.iterator]();
  }

  get length(): number {
    return this._layers.length;
  }

  at(i: number): Module {
    const m = this._layers.at(i);
    if (!m) throw new IndexError(`index ${i} is out of range`);
    return m;
  }

  forward(x: Tensor): Tensor {
    let y = x;
    for (const m of this._layers) y = m.call(y);
    return y;
  }
}
