// torch.nn.Conv1d, Conv2d, ConvTranspose2d: torch's constructor arguments, parameter shapes and
// default init (kaiming_uniform_(a=√5) on the weight, bias U(±1/√fan_in), weight drawn first).
import { Parameter, type Tensor } from "../autograd/tensor.ts";
import { conv1d, conv2d, convTranspose2d } from "../autograd/ops/index.ts";
import { Module } from "./module.ts";
import * as tf from "@tensorflow/tfjs-core";
import { kaimingUniform_, linearBound, uniform_, wasmSqrt, type Generator } from "./init.ts";
import { FulgurError, ValueError } from "../errors.ts";
import { kwargs, type PositionalOr } from "./args.ts";
import { validateConv } from "../validation/layer_options.ts";

const CONV_ARGS = ["stride", "padding", "dilation", "groups", "bias", "paddingMode"] as const;
const CONVT_ARGS = ["stride", "padding", "outputPadding", "groups", "bias", "dilation", "paddingMode"] as const;

type Size<N extends number> = number | (N extends 1 ? [number] : [number, number]);

function tuple(v: number | readonly number[], n: number, what: string): number[] {
  const out = typeof v === "number" ? Array<number>(n).fill(v) : [...v];
  if (out.length !== n || out.some((d) => !Number.isInteger(d))) throw new ValueError(`${what} must be an integer or a list of ${n} integers, got ${JSON.stringify(v)}`);
  return out;
}

/** Conv1d / Conv2d options: stride, padding, dilation, groups, bias, paddingMode (torch's names in camelCase). */
export interface ConvNdOptions<N extends number> {
  stride?: Size<N>;
  padding?: Size<N> | "same" | "valid";
  dilation?: Size<N>;
  groups?: number;
  bias?: boolean;
  paddingMode?: "zeros" | "reflect" | "replicate" | "circular";
  /** Generator for the default init (default: the global one). */
  generator?: Generator;
}

/** torch's _ConvNd: argument checks, parameters, reset_parameters. */
abstract class ConvNd<N extends number> extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[] | "same" | "valid";
  readonly dilation: number[];
  readonly groups: number;
  readonly paddingMode: string;
  weight: Parameter;
  bias: Parameter | null;

  constructor(
    n: number, transposed: boolean, inChannels: number, outChannels: number, kernelSize: Size<N>,
    opts: ConvNdOptions<N> & { outputPadding?: Size<N> },
  ) {
    super();
    validateConv(new.target.name, n, transposed, inChannels, outChannels, kernelSize, opts);
    const groups = opts.groups ?? 1;
    if (!Number.isInteger(groups) || groups <= 0) throw new ValueError("groups must be a positive integer");
    if (inChannels % groups !== 0) throw new ValueError("in_channels must be divisible by groups");
    if (outChannels % groups !== 0) throw new ValueError("out_channels must be divisible by groups");
    const padding = opts.padding ?? 0;
    const stride = tuple(opts.stride ?? 1, n, "stride");
    if (typeof padding === "string") {
      if (padding !== "same" && padding !== "valid") {
        throw new ValueError(`Invalid padding string '${padding}', should be one of {'valid', 'same'}`);
      }
      if (padding === "same" && stride.some((s) => s !== 1)) throw new ValueError("padding='same' is not supported for strided convolutions");
    }
    const mode = opts.paddingMode ?? "zeros";
    if (!["zeros", "reflect", "replicate", "circular"].includes(mode)) {
      throw new ValueError(`padding_mode must be one of ['zeros', 'reflect', 'replicate', 'circular'], but got padding_mode='${mode}'`);
    }
    if (mode !== "zeros") throw new ValueError(`${new.target.name}: padding_mode='${mode}' is not supported by fulgur (only 'zeros')`);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = tuple(kernelSize, n, "kernel_size");
    this.stride = stride;
    this.padding = typeof padding === "string" ? padding : tuple(padding, n, "padding");
    this.dilation = tuple(opts.dilation ?? 1, n, "dilation");
    this.groups = groups;
    this.paddingMode = mode;
    const k = this.kernelSize;
    const wShape = transposed ? [inChannels, outChannels / groups, ...k] : [outChannels, inChannels / groups, ...k];
    // torch's reset_parameters: kaiming_uniform_(a=√5) on the weight (fan_in from torch's
    // _calculate_fan_in_and_fan_out: dim 1 times the receptive field), then the bias in ±1/√fan_in
    this.weight = new Parameter(tf.zeros(wShape));
    this.bias = opts.bias ?? true ? new Parameter(tf.zeros([outChannels])) : null;
    kaimingUniform_(this.weight, wasmSqrt(5), "fan_in", "leaky_relu", opts.generator);
    if (this.bias) {
      const b = linearBound(wShape[1] * k.reduce((a, c) => a * c, 1));
      uniform_(this.bias, -b, b, opts.generator);
    }
  }

  protected describe(extra = ""): string {
    const t = (v: number[]) => `(${v.join(", ")}${v.length === 1 ? "," : ""})`;
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${t(this.kernelSize)}, stride=${t(this.stride)}`;
    if (typeof this.padding === "string") s += `, padding=${this.padding}`;
    else if (this.padding.some((p) => p !== 0)) s += `, padding=${t(this.padding)}`;
    if (this.dilation.some((d) => d !== 1)) s += `, dilation=${t(this.dilation)}`;
    s += extra;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ", bias=False";
    return s;
  }

  override extraRepr(): string {
    return this.describe();
  }

  /** Runs the functional op; a bad input's error names this layer. */
  protected run(f: () => Tensor): Tensor {
    try {
      return f();
    } catch (e) {
      if (e instanceof FulgurError) e.message = `${this.constructor.name}(${this.extraRepr()}): ${e.message}`;
      throw e;
    }
  }
}

type ConvPositional<N extends number> = PositionalOr<
  [stride: Size<N>, padding: Size<N> | "same" | "valid", dilation: Size<N>, groups: number, bias: boolean, paddingMode: ConvNdOptions<N>["paddingMode"]],
  ConvNdOptions<N>
>;

/** Conv1d(in, out, kernelSize, stride?, padding?, dilation?, groups?, bias?, paddingMode?, opts?) — or the options object after kernelSize. */
export class Conv1d extends ConvNd<1> {
  constructor(inChannels: number, outChannels: number, kernelSize: Size<1>, ...rest: ConvPositional<1>) {
    super(1, false, inChannels, outChannels, kernelSize, kwargs<ConvNdOptions<1>>(rest, CONV_ARGS, "Conv1d"));
  }
  forward(x: Tensor): Tensor {
    const padding = typeof this.padding === "string" ? this.padding : this.padding[0];
    return this.run(() => conv1d(x, this.weight, this.bias, { stride: this.stride[0], padding, dilation: this.dilation[0], groups: this.groups }));
  }
}

/** Conv2d(in, out, kernelSize, stride?, padding?, dilation?, groups?, bias?, paddingMode?, opts?) — or the options object after kernelSize. */
export class Conv2d extends ConvNd<2> {
  constructor(inChannels: number, outChannels: number, kernelSize: Size<2>, ...rest: ConvPositional<2>) {
    super(2, false, inChannels, outChannels, kernelSize, kwargs<ConvNdOptions<2>>(rest, CONV_ARGS, "Conv2d"));
  }
  forward(x: Tensor): Tensor {
    const pair = (v: number[]) => [v[0], v[1]] as [number, number];
    const padding = typeof this.padding === "string" ? this.padding : pair(this.padding);
    return this.run(() => conv2d(x, this.weight, this.bias, { stride: pair(this.stride), padding, dilation: pair(this.dilation), groups: this.groups }));
  }
}

/** ConvTranspose2d's options: stride, padding, outputPadding, groups, bias, dilation. */
export interface ConvTranspose2dOptions {
  stride?: Size<2>;
  padding?: Size<2>;
  outputPadding?: Size<2>;
  groups?: number;
  bias?: boolean;
  dilation?: Size<2>;
  paddingMode?: "zeros";
  generator?: Generator;
}

/** torch.nn.ConvTranspose2d: the transposed (fractionally strided) 2-d convolution. */
export class ConvTranspose2d extends ConvNd<2> {
  readonly outputPadding: number[];

  /** ConvTranspose2d(in, out, kernelSize, stride?, padding?, outputPadding?, groups?, bias?, dilation?, paddingMode?, opts?). */
  constructor(
    inChannels: number, outChannels: number, kernelSize: Size<2>,
    ...rest: PositionalOr<
      [stride: Size<2>, padding: Size<2>, outputPadding: Size<2>, groups: number, bias: boolean, dilation: Size<2>, paddingMode: "zeros"],
      ConvTranspose2dOptions
    >
  ) {
    const opts = kwargs<ConvTranspose2dOptions>(rest, CONVT_ARGS, "ConvTranspose2d");
    if (typeof opts.padding === "string") throw new ValueError(`padding='${opts.padding}' is not supported for ConvTranspose2d`);
    super(2, true, inChannels, outChannels, kernelSize, opts);
    this.outputPadding = tuple(opts.outputPadding ?? 0, 2, "output_padding");
  }

  /** outputSize ([h, w], or with leading dims as torch allows) picks the output padding, as torch's forward(input, output_size). */
  forward(x: Tensor, outputSize: readonly number[] | null = null): Tensor {
    const pair = (v: number[]) => [v[0], v[1]] as [number, number];
    const outputPadding = outputSize === null ? this.outputPadding : this.outputPaddingFor(x, outputSize);
    return this.run(() => convTranspose2d(x, this.weight, this.bias, {
      stride: pair(this.stride), padding: pair(this.padding as number[]), outputPadding: pair(outputPadding),
      groups: this.groups, dilation: pair(this.dilation),
    }));
  }

  /** torch's _output_padding: the padding that gives `outputSize`, or torch's error naming the valid range. */
  private outputPaddingFor(x: Tensor, outputSize: readonly number[]): number[] {
    const k = 2;
    const size = outputSize.length === k + 2 || (outputSize.length === k + 1 && x.rank === k + 1) ? outputSize.slice(-k) : [...outputSize];
    if (size.length !== k) {
      throw new ValueError(`ConvTranspose2d: output_size must have ${k} or ${k + 2} elements (got ${outputSize.length})`);
    }
    const pad = this.padding as number[];
    const spatial = x.shape.slice(-k);
    const min = spatial.map((n, d) => (n - 1) * this.stride[d] - 2 * pad[d] + this.dilation[d] * (this.kernelSize[d] - 1) + 1);
    const max = min.map((m, d) => m + this.stride[d] - 1);
    size.forEach((s, d) => {
      if (s < min[d] || s > max[d]) {
        throw new ValueError(
          `requested an output size of [${size.join(", ")}], but valid sizes range from [${min.join(", ")}] to [${max.join(", ")}] (for an input of [${spatial.join(", ")}])`,
        );
      }
    });
    return size.map((s, d) => s - min[d]);
  }

  override extraRepr(): string {
    return this.describe(this.outputPadding.some((p) => p !== 0) ? `, output_padding=(${this.outputPadding.join(", ")})` : "");
  }
}
