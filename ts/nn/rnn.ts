// torch.nn.RNN / LSTM / GRU (torch/nn/modules/rnn.py): torch's parameter names and order
// (weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, then *_reverse), gate order (LSTM i,f,g,o;
// GRU r,z,n), init U(±1/√hidden) drawn for every parameter in that order, and the cell formulas
// of ATen's RNN.cpp (the input projection of a whole sequence computed once, then one step at a
// time), composed from differentiable ops.
import { Parameter, type Tensor } from "../autograd/tensor.ts";
import * as ops from "../autograd/ops/index.ts";
import { zeros } from "../autograd/factory.ts";
import { Module } from "./module.ts";
import { uniform_, wasmSqrt } from "./init.ts";
import { FulgurRuntimeError, FulgurTypeError, ValueError } from "../errors.ts";
import { validateRnn } from "../validation/layer_options.ts";

/** Options of the recurrent layers: numLayers, bias, batchFirst, dropout, bidirectional (torch's names in camelCase). */
export interface RNNOptions {
  numLayers?: number;
  bias?: boolean;
  /** input and output [N, L, features] instead of [L, N, features] (hidden states stay [layers, N, H]). */
  batchFirst?: boolean;
  /** dropout on every layer's output but the last, in training mode. */
  dropout?: number;
  bidirectional?: boolean;
}

type Mode = "LSTM" | "GRU" | "RNN_TANH" | "RNN_RELU";
const GATES: Record<Mode, number> = { LSTM: 4, GRU: 3, RNN_TANH: 1, RNN_RELU: 1 };
const pyShape = (s: readonly number[]): string => `(${s.join(", ")}${s.length === 1 ? "," : ""})`;

/** One direction of one layer's weights. */
interface CellParams { wIh: Parameter; wHh: Parameter; bIh: Parameter | null; bHh: Parameter | null }

/** torch's RNNBase: parameters, checks and the layer/direction loop; the cell is the subclass's. */
export abstract class RNNBase extends Module {
  readonly mode: Mode;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  private readonly _cells: CellParams[] = [];

  constructor(mode: Mode, inputSize: number, hiddenSize: number, opts: RNNOptions = {}) {
    super();
    validateRnn(new.target.name, inputSize, hiddenSize, opts);
    const { numLayers = 1, bias = true, batchFirst = false, dropout = 0, bidirectional = false } = opts;
    if (typeof dropout !== "number" || !(dropout >= 0 && dropout <= 1)) {
      throw new ValueError("dropout should be a number in range [0, 1] representing the probability of an element being zeroed");
    }
    if (!Number.isInteger(hiddenSize)) throw new FulgurTypeError(`hidden_size should be of type int, got: ${typeof hiddenSize}`);
    if (hiddenSize <= 0) throw new ValueError("hidden_size must be greater than zero");
    if (!Number.isInteger(numLayers) || numLayers <= 0) throw new ValueError("num_layers must be greater than zero");
    if (!Number.isInteger(inputSize) || inputSize < 0) throw new ValueError(`input_size must be a non-negative integer, got ${inputSize}`);
    this.mode = mode;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.bias = bias;
    this.batchFirst = batchFirst;
    this.dropout = dropout;
    this.bidirectional = bidirectional;
    const gate = GATES[mode] * hiddenSize, dirs = bidirectional ? 2 : 1;
    // torch creates every parameter empty, then reset_parameters draws them in parameter order
    const draw = (shape: number[]) => new Parameter(zeros(shape).value);
    for (let layer = 0; layer < numLayers; layer++) {
      for (let d = 0; d < dirs; d++) {
        const inF = layer === 0 ? inputSize : hiddenSize * dirs;
        const sfx = `_l${layer}${d === 1 ? "_reverse" : ""}`;
        const cell: CellParams = {
          wIh: draw([gate, inF]), wHh: draw([gate, hiddenSize]),
          bIh: bias ? draw([gate]) : null, bHh: bias ? draw([gate]) : null,
        };
        this.registerParameter(`weight_ih${sfx}`, cell.wIh);
        this.registerParameter(`weight_hh${sfx}`, cell.wHh);
        if (bias) {
          this.registerParameter(`bias_ih${sfx}`, cell.bIh);
          this.registerParameter(`bias_hh${sfx}`, cell.bHh);
        }
        this._cells.push(cell);
      }
    }
    this.resetParameters();
  }

  /** torch: every parameter ~ U(-1/√hidden, 1/√hidden), in parameter order. */
  resetParameters(): void {
    const stdv = 1 / wasmSqrt(this.hiddenSize);
    for (const p of this.parameters()) uniform_(p, -stdv, stdv);
  }

  /** The parameters of one layer and direction (direction 1 = reverse). */
  cellParams(layer: number, direction = 0): CellParams {
    return this._cells[layer * (this.bidirectional ? 2 : 1) + direction];
  }

  /** One step: (input projection at t [N, G], state) → new state; state[0] is the output h. */
  protected abstract step(xProj: Tensor, state: Tensor[], p: CellParams): Tensor[];

  /** Checks the input and state, runs every layer and direction; states are [layers·dirs, N, H] each. */
  protected run(input: Tensor, init: Tensor[] | null, name: string): [Tensor, Tensor[]] {
    if (input.rank !== 2 && input.rank !== 3) {
      throw new ValueError(`${name}: Expected input to be 2-D or 3-D but received ${input.rank}-D tensor`);
    }
    if (input.shape[input.rank - 1] !== this.inputSize) {
      throw new FulgurRuntimeError(`input.size(-1) must be equal to input_size. Expected ${this.inputSize}, got ${input.shape[input.rank - 1]}`);
    }
    const batched = input.rank === 3;
    const dirs = this.bidirectional ? 2 : 1;
    // time-major [L, N, F] inside
    let x = batched ? (this.batchFirst ? ops.transpose(input, 0, 1) : input) : ops.reshape(input, [input.shape[0], 1, input.shape[1]]);
    const [, n] = x.shape;
    const stateShape = [this.numLayers * dirs, n, this.hiddenSize];
    const nStates = this.mode === "LSTM" ? 2 : 1;
    let states: Tensor[];
    if (init) {
      states = init.map((h, i) => {
        if (h.rank !== (batched ? 3 : 2)) {
          throw new FulgurRuntimeError(
            `For ${batched ? "batched 3-D" : "unbatched 2-D"} input, hx${nStates === 2 ? " and cx" : ""} should also be ${batched ? "3-D" : "2-D"} but got ${h.rank}-D tensor${nStates === 2 ? ` (hidden[${i}])` : ""}`,
          );
        }
        const s = batched ? h : ops.reshape(h, [h.shape[0], 1, h.shape[1]]);
        if (s.shape.some((d, j) => d !== stateShape[j])) {
          const which = nStates === 2 ? `hidden[${i}] size` : "hidden size";
          throw new FulgurRuntimeError(`Expected ${which} ${pyShape(batched ? stateShape : [stateShape[0], stateShape[2]])}, got ${pyShape(h.shape)}`);
        }
        return s;
      });
    } else {
      states = Array.from({ length: nStates }, () => zeros(stateShape));
    }
    const perLayerState = states.map((s) => ops.unbind(s, 0));
    const finals: Tensor[][] = Array.from({ length: nStates }, () => []);
    for (let layer = 0; layer < this.numLayers; layer++) {
      const outs: Tensor[] = [];
      for (let d = 0; d < dirs; d++) {
        const p = this.cellParams(layer, d);
        const steps = ops.unbind(ops.linear(x, p.wIh, p.bIh), 0);
        let state = perLayerState.map((s) => s[layer * dirs + d]);
        const hs: Tensor[] = new Array(steps.length);
        for (let i = 0; i < steps.length; i++) {
          const t = d === 0 ? i : steps.length - 1 - i;
          state = this.step(steps[t], state, p);
          hs[t] = state[0];
        }
        state.forEach((s, j) => finals[j].push(s));
        outs.push(ops.stack(hs, 0));
      }
      x = dirs === 1 ? outs[0] : ops.cat(outs, 2);
      if (this.dropout > 0 && this.training && layer < this.numLayers - 1) x = ops.dropout(x, this.dropout, true);
    }
    const out = batched ? (this.batchFirst ? ops.transpose(x, 0, 1) : x) : ops.reshape(x, [x.shape[0], x.shape[2]]);
    const hn = finals.map((f) => {
      const s = ops.stack(f, 0);
      return batched ? s : ops.reshape(s, [s.shape[0], s.shape[2]]);
    });
    return [out, hn];
  }

  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.numLayers !== 1) s += `, num_layers=${this.numLayers}`;
    if (!this.bias) s += ", bias=False";
    if (this.batchFirst) s += ", batch_first=True";
    if (this.dropout !== 0) s += `, dropout=${this.dropout}`;
    if (this.bidirectional) s += ", bidirectional=True";
    return s;
  }
}

const proj = (h: Tensor, w: Tensor, b: Tensor | null): Tensor => ops.linear(h, w, b);

/** torch.nn.LSTM: forward(input, [h0, c0]?) → [output, [h_n, c_n]]. */
export class LSTM extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, opts: RNNOptions = {}) {
    super("LSTM", inputSize, hiddenSize, opts);
  }

  protected step(xProj: Tensor, [h, c]: Tensor[], p: CellParams): Tensor[] {
    const gates = ops.add(proj(h, p.wHh, p.bHh), xProj);
    const [gi, gf, gg, go] = ops.chunk(gates, 4, 1);
    const i = ops.sigmoid(gi), f = ops.sigmoid(gf), g = ops.tanh(gg), o = ops.sigmoid(go);
    const cy = ops.add(ops.mul(f, c), ops.mul(i, g));
    return [ops.mul(o, ops.tanh(cy)), cy];
  }

  forward(input: Tensor, hx: [Tensor, Tensor] | null = null): [Tensor, [Tensor, Tensor]] {
    const [out, [h, c]] = this.run(input, hx, "LSTM");
    return [out, [h, c]];
  }
}

/** torch.nn.GRU: forward(input, h0?) → [output, h_n]; n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)). */
export class GRU extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, opts: RNNOptions = {}) {
    super("GRU", inputSize, hiddenSize, opts);
  }

  protected step(xProj: Tensor, [h]: Tensor[], p: CellParams): Tensor[] {
    const [ir, iz, inn] = ops.chunk(xProj, 3, 1);
    const [hr, hz, hn] = ops.chunk(proj(h, p.wHh, p.bHh), 3, 1);
    const r = ops.sigmoid(ops.add(hr, ir));
    const z = ops.sigmoid(ops.add(hz, iz));
    const nGate = ops.tanh(ops.add(inn, ops.mul(hn, r)));
    // ATen: (h - n) * z + n
    return [ops.add(ops.mul(ops.sub(h, nGate), z), nGate)];
  }

  forward(input: Tensor, hx: Tensor | null = null): [Tensor, Tensor] {
    const [out, [h]] = this.run(input, hx ? [hx] : null, "GRU");
    return [out, h];
  }
}

/** RNN's options: the recurrent layers' options plus nonlinearity (tanh or relu). */
export interface ElmanOptions extends RNNOptions {
  nonlinearity?: "tanh" | "relu";
}

/** torch.nn.RNN (Elman): h' = act(W_ih x + b_ih + W_hh h + b_hh), act tanh or relu. */
export class RNN extends RNNBase {
  readonly nonlinearity: "tanh" | "relu";

  constructor(inputSize: number, hiddenSize: number, opts: ElmanOptions = {}) {
    const nl = opts.nonlinearity ?? "tanh";
    if (nl !== "tanh" && nl !== "relu") throw new ValueError(`Unknown nonlinearity '${nl}'. Select from 'tanh' or 'relu'.`);
    super(nl === "tanh" ? "RNN_TANH" : "RNN_RELU", inputSize, hiddenSize, opts);
    this.nonlinearity = nl;
  }

  protected step(xProj: Tensor, [h]: Tensor[], p: CellParams): Tensor[] {
    const pre = ops.add(proj(h, p.wHh, p.bHh), xProj);
    return [this.mode === "RNN_TANH" ? ops.tanh(pre) : ops.relu(pre)];
  }

  forward(input: Tensor, hx: Tensor | null = null): [Tensor, Tensor] {
    const [out, [h]] = this.run(input, hx ? [hx] : null, "RNN");
    return [out, h];
  }
}
