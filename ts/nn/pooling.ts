// torch.nn pooling modules: thin wrappers holding torch's arguments over the functional ops.
import type { Tensor } from "../autograd/tensor.ts";
import { adaptiveAvgPool2d, adaptiveMaxPool2d, avgPool1d, avgPool2d, maxPool1d, maxPool2d } from "../autograd/ops/index.ts";
import { Module } from "./module.ts";
import { FulgurRuntimeError } from "../errors.ts";
import { kwargs, type PositionalOr } from "./args.ts";
import { validateAdaptivePool, validatePool } from "../validation/layer_options.ts";

const MAXPOOL_ARGS = ["stride", "padding", "dilation", "returnIndices", "ceilMode"] as const;
const AVGPOOL_ARGS = ["stride", "padding", "ceilMode", "countIncludePad", "divisorOverride"] as const;

type Pair = number | [number, number];
const show = (v: Pair | null) => (v === null ? "None" : typeof v === "number" ? String(v) : `(${v.join(", ")})`);
const pyBool = (b: boolean) => (b ? "True" : "False");

export interface MaxPoolModuleOptions<P> {
  stride?: P | null;
  padding?: P;
  dilation?: P;
  returnIndices?: boolean;
  ceilMode?: boolean;
}

abstract class MaxPoolNd<P extends Pair> extends Module {
  readonly stride: P | null;
  readonly padding: P;
  readonly dilation: P;
  readonly ceilMode: boolean;

  constructor(readonly kernelSize: P, opts: MaxPoolModuleOptions<P>) {
    super();
    validatePool(new.target.name, this instanceof MaxPool1d ? 1 : 2, kernelSize, opts, MAXPOOL_ARGS);
    if (opts.returnIndices) throw new FulgurRuntimeError(`${new.target.name}: return_indices=True is not supported by fulgur`);
    this.stride = opts.stride ?? null;
    this.padding = opts.padding ?? (0 as P);
    this.dilation = opts.dilation ?? (1 as P);
    this.ceilMode = opts.ceilMode ?? false;
  }

  override extraRepr(): string {
    return `kernel_size=${show(this.kernelSize)}, stride=${show(this.stride ?? this.kernelSize)}, padding=${show(this.padding)}, dilation=${show(this.dilation)}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}

type MaxPoolPositional<P> = PositionalOr<[stride: P | null, padding: P, dilation: P, returnIndices: boolean, ceilMode: boolean], MaxPoolModuleOptions<P>>;

/** MaxPool1d(kernelSize, stride?, padding?, dilation?, returnIndices?, ceilMode?, opts?). */
export class MaxPool1d extends MaxPoolNd<number> {
  constructor(kernelSize: number, ...rest: MaxPoolPositional<number>) {
    super(kernelSize, kwargs<MaxPoolModuleOptions<number>>(rest, MAXPOOL_ARGS, "MaxPool1d"));
  }
  forward(x: Tensor): Tensor {
    return maxPool1d(x, this.kernelSize, { stride: this.stride, padding: this.padding, dilation: this.dilation, ceilMode: this.ceilMode });
  }
}

/** MaxPool2d(kernelSize, stride?, padding?, dilation?, returnIndices?, ceilMode?, opts?). */
export class MaxPool2d extends MaxPoolNd<Pair> {
  constructor(kernelSize: Pair, ...rest: MaxPoolPositional<Pair>) {
    super(kernelSize, kwargs<MaxPoolModuleOptions<Pair>>(rest, MAXPOOL_ARGS, "MaxPool2d"));
  }
  forward(x: Tensor): Tensor {
    return maxPool2d(x, this.kernelSize, { stride: this.stride, padding: this.padding, dilation: this.dilation, ceilMode: this.ceilMode });
  }
}

export interface AvgPoolModuleOptions<P> {
  stride?: P | null;
  padding?: P;
  ceilMode?: boolean;
  countIncludePad?: boolean;
  divisorOverride?: number | null;
}

/** torch.nn.AvgPool1d: the mean over each window along the last dimension of (N, C, L). */
export class AvgPool1d extends Module {
  readonly stride: number | null;
  readonly padding: number;
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;

  /** AvgPool1d(kernelSize, stride?, padding?, ceilMode?, countIncludePad?, opts?). */
  constructor(
    readonly kernelSize: number,
    ...rest: PositionalOr<[stride: number | null, padding: number, ceilMode: boolean, countIncludePad: boolean], AvgPoolModuleOptions<number>>
  ) {
    super();
    const opts = kwargs<AvgPoolModuleOptions<number>>(rest, AVGPOOL_ARGS.slice(0, 4), "AvgPool1d");
    validatePool("AvgPool1d", 1, kernelSize, opts, AVGPOOL_ARGS.slice(0, 4));
    this.stride = opts.stride ?? null;
    this.padding = opts.padding ?? 0;
    this.ceilMode = opts.ceilMode ?? false;
    this.countIncludePad = opts.countIncludePad ?? true;
  }
  forward(x: Tensor): Tensor {
    return avgPool1d(x, this.kernelSize, { stride: this.stride, padding: this.padding, ceilMode: this.ceilMode, countIncludePad: this.countIncludePad });
  }
  override extraRepr(): string {
    return `kernel_size=(${this.kernelSize},), stride=(${this.stride ?? this.kernelSize},), padding=(${this.padding},)`;
  }
}

/** torch.nn.AvgPool2d: the mean over each 2-D window of (N, C, H, W). */
export class AvgPool2d extends Module {
  readonly stride: Pair | null;
  readonly padding: Pair;
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;

  /** AvgPool2d(kernelSize, stride?, padding?, ceilMode?, countIncludePad?, divisorOverride?, opts?). */
  constructor(
    readonly kernelSize: Pair,
    ...rest: PositionalOr<[stride: Pair | null, padding: Pair, ceilMode: boolean, countIncludePad: boolean, divisorOverride: number | null], AvgPoolModuleOptions<Pair>>
  ) {
    super();
    const opts = kwargs<AvgPoolModuleOptions<Pair>>(rest, AVGPOOL_ARGS, "AvgPool2d");
    validatePool("AvgPool2d", 2, kernelSize, opts, AVGPOOL_ARGS);
    this.stride = opts.stride ?? null;
    this.padding = opts.padding ?? 0;
    this.ceilMode = opts.ceilMode ?? false;
    this.countIncludePad = opts.countIncludePad ?? true;
    this.divisorOverride = opts.divisorOverride ?? null;
  }
  forward(x: Tensor): Tensor {
    return avgPool2d(x, this.kernelSize, {
      stride: this.stride, padding: this.padding, ceilMode: this.ceilMode,
      countIncludePad: this.countIncludePad, divisorOverride: this.divisorOverride,
    });
  }
  override extraRepr(): string {
    return `kernel_size=${show(this.kernelSize)}, stride=${show(this.stride ?? this.kernelSize)}, padding=${show(this.padding)}`;
  }
}

type AdaptiveSize = number | [number | null, number | null];

/** torch.nn.AdaptiveAvgPool2d: averages (N, C, H, W) down to outputSize, windows as torch chooses them. */
export class AdaptiveAvgPool2d extends Module {
  constructor(readonly outputSize: AdaptiveSize) {
    super();
    validateAdaptivePool("AdaptiveAvgPool2d", outputSize, undefined);
  }
  forward(x: Tensor): Tensor {
    return adaptiveAvgPool2d(x, this.outputSize as any);
  }
  override extraRepr(): string {
    return `output_size=${typeof this.outputSize === "number" ? this.outputSize : `(${this.outputSize.map((v) => v ?? "None").join(", ")})`}`;
  }
}

/** torch.nn.AdaptiveMaxPool2d: the maximum of each adaptive window (returnIndices is not supported). */
export class AdaptiveMaxPool2d extends Module {
  constructor(readonly outputSize: AdaptiveSize, opts: { returnIndices?: boolean } = {}) {
    super();
    validateAdaptivePool("AdaptiveMaxPool2d", outputSize, opts);
    if (opts.returnIndices) throw new FulgurRuntimeError("AdaptiveMaxPool2d: return_indices=True is not supported by fulgur");
  }
  forward(x: Tensor): Tensor {
    return adaptiveMaxPool2d(x, this.outputSize as any);
  }
  override extraRepr(): string {
    return `output_size=${typeof this.outputSize === "number" ? this.outputSize : `(${this.outputSize.map((v) => v ?? "None").join(", ")})`}`;
  }
}
