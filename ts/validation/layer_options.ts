// Constructor arguments of the torch.nn layers (issue 22): unknown option keys (with the closest
// valid name and the camelCase spelling of a snake_case key), missing required arguments, wrong
// types and out-of-range or non-finite values, refused at construction — before any parameter
// is drawn, so a refused layer consumed nothing from the generator — in torch's words where
// torch has them. Each layer calls one function here (with its options already merged from
// positionals by nn/args.ts kwargs); a leaf module, like options.ts.
import { FulgurRuntimeError, FulgurTypeError, ValueError } from "../errors.ts";
import { checkKnownKeys, checkNumber } from "./options.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Opts = Record<string, any>;
/** Layer options interfaces (no index signature) as a record. */
const rec = (o: object): Opts => o as Opts;

const typeName = (v: unknown): string =>
  v === null ? "null" : Array.isArray(v) ? "an array" : typeof v === "object" ? (v as object).constructor?.name ?? "object" : typeof v;
const shown = (v: unknown): string => {
  try {
    return typeof v === "string" ? `'${v}'` : typeof v === "function" ? "a function" : JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};

/** torch's TypeError for a missing positional argument: "Conv2d.__init__() missing 1 required positional argument: 'kernel_size'". */
export function required(callee: string, v: unknown, pyName: string): void {
  if (v === undefined) throw new FulgurTypeError(`${callee}.__init__() missing 1 required positional argument: '${pyName}'`);
}

/** An integer >= min (a non-number or a fraction is a TypeError, as torch's "'float' object cannot be interpreted as an integer"). */
export function int(callee: string, name: string, v: unknown, min: number): void {
  if (typeof v !== "number" || !Number.isInteger(v)) {
    if (typeof v === "number" && !Number.isFinite(v)) throw new ValueError(`${callee}: '${name}' must be a finite integer, got ${v}`);
    throw new FulgurTypeError(`${callee}: '${name}' must be an integer, got ${typeof v === "number" ? v : `${typeName(v)} (${shown(v)})`}`);
  }
  if (v < min) throw new ValueError(`${callee}: '${name}' must be ${min === 1 ? "a positive integer" : min === 0 ? "a non-negative integer" : `an integer >= ${min}`}, got ${v}`);
}

/** An integer >= min, or a list of n of them (kernel sizes, strides, paddings). */
export function size(callee: string, name: string, v: unknown, n: number, min: number): void {
  if (Array.isArray(v)) {
    if (v.length !== n) throw new ValueError(`${callee}: '${name}' must be an integer or a list of ${n} integers, got ${shown(v)}`);
    v.forEach((d) => int(callee, name, d, min));
    return;
  }
  if (typeof v !== "number") {
    throw new FulgurTypeError(`${callee}: '${name}' must be an integer or a list of ${n} integers, got ${typeName(v)} (${shown(v)})`);
  }
  int(callee, name, v, min);
}

/** true or false (null too where torch's default is None). */
export function bool(callee: string, name: string, v: unknown, nullable = false): void {
  if (v === undefined || (nullable && v === null) || typeof v === "boolean") return;
  throw new FulgurTypeError(`${callee}: '${name}' must be true or false${nullable ? " (or null)" : ""}, got ${typeName(v)} (${shown(v)})`);
}

/** A finite number (by checkNumber's rules); undefined is left to the default. */
export function num(callee: string, name: string, v: unknown, r: Parameters<typeof checkNumber>[3] = {}): void {
  if (v !== undefined) checkNumber(callee, name, v, r);
}

/** One of a closed list of strings (torch's ValueError wording is the caller's when it has one). */
export function oneOf(callee: string, name: string, v: unknown, values: readonly string[], message?: string): void {
  if (v === undefined || values.includes(v as string)) return;
  if (typeof v !== "string") throw new FulgurTypeError(`${callee}: '${name}' must be one of ${values.map((s) => `'${s}'`).join(", ")}, got ${typeName(v)} (${shown(v)})`);
  throw new ValueError(message ?? `${callee}: '${name}' must be one of ${values.map((s) => `'${s}'`).join(", ")}, got '${v}'`);
}

/** torch.nn.functional dropout's check, for the layers that take a dropout probability. */
export function probability(callee: string, name: string, v: unknown): void {
  if (v === undefined) return;
  if (typeof v !== "number") throw new FulgurTypeError(`${callee}: '${name}' must be a number, got ${typeName(v)} (${shown(v)})`);
  if (!(v >= 0 && v <= 1)) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${v}`);
}

function instance(callee: string, name: string, v: unknown, what: string, ok: (v: unknown) => boolean): void {
  if (v === undefined || v === null || ok(v)) return;
  throw new FulgurTypeError(`${callee}: '${name}' must be ${what}, got ${typeName(v)} (${shown(v)})`);
}

const isGenerator = (v: unknown): boolean => typeof v === "object" && v !== null && typeof (v as any).getState === "function";
const isTensorLike = (v: unknown): boolean => typeof v === "object" && v !== null && Array.isArray((v as any).shape) && "value" in (v as object);

// ---- one function per layer family ----

/** Linear(inFeatures, outFeatures, bias?, generator?). */
export function validateLinear(inF: unknown, outF: unknown, bias: unknown, gen: unknown): void {
  required("Linear", inF, "in_features");
  required("Linear", outF, "out_features");
  int("Linear", "inFeatures", inF, 0);
  int("Linear", "outFeatures", outF, 0);
  bool("Linear", "bias", bias);
  instance("Linear", "generator", gen, "a Generator", isGenerator);
}

/** The options of Linear given as an object: new Linear(2, 3, { bias: false }). */
export function validateLinearOptions(opts: unknown): void {
  checkKnownKeys("Linear", opts, ["bias", "generator"]);
}

/** _ConvNd: channels, kernel, stride, padding, dilation, groups, bias, padding mode, generator. */
export function validateConv(callee: string, n: number, transposed: boolean, inC: unknown, outC: unknown, kernel: unknown, optsIn: object): void {
  const opts = rec(optsIn);
  const keys = transposed
    ? ["stride", "padding", "outputPadding", "groups", "bias", "dilation", "paddingMode", "generator"]
    : ["stride", "padding", "dilation", "groups", "bias", "paddingMode", "generator"];
  checkKnownKeys(callee, opts, keys);
  required(callee, inC, "in_channels");
  required(callee, outC, "out_channels");
  required(callee, kernel, "kernel_size");
  int(callee, "inChannels", inC, 1);
  int(callee, "outChannels", outC, 1);
  size(callee, "kernelSize", kernel, n, 1);
  if (opts.stride !== undefined) size(callee, "stride", opts.stride, n, 1);
  if (opts.padding !== undefined && typeof opts.padding !== "string") size(callee, "padding", opts.padding, n, 0);
  if (opts.dilation !== undefined) size(callee, "dilation", opts.dilation, n, 1);
  if (opts.groups !== undefined) {
    if (typeof opts.groups !== "number" || !Number.isInteger(opts.groups)) int(callee, "groups", opts.groups, 1);
    if (opts.groups <= 0) throw new ValueError("groups must be a positive integer");
  }
  bool(callee, "bias", opts.bias);
  if (opts.paddingMode !== undefined && typeof opts.paddingMode !== "string") oneOf(callee, "paddingMode", opts.paddingMode, ["zeros"]);
  instance(callee, "generator", opts.generator, "a Generator", isGenerator);
  if (transposed && opts.outputPadding !== undefined) {
    size(callee, "outputPadding", opts.outputPadding, n, 0);
    // torch checks this at forward ("output padding must be smaller than either stride or dilation")
    const per = (v: unknown, d: number, dflt: number) => (v === undefined ? dflt : typeof v === "number" ? v : (v as number[])[d]);
    for (let d = 0; d < n; d++) {
      const op = per(opts.outputPadding, d, 0), s = per(opts.stride, d, 1), dil = per(opts.dilation, d, 1);
      if (op >= s && op >= dil) {
        throw new ValueError(`${callee}: output padding must be smaller than either stride or dilation, but got output_padding=${op}, stride=${s}, dilation=${dil}`);
      }
    }
  }
}

/** MaxPool1d/2d, AvgPool1d/2d: kernel, stride (null = kernel), padding at most half the kernel, flags. */
export function validatePool(callee: string, n: number, kernel: unknown, optsIn: object, keys: readonly string[]): void {
  const opts = rec(optsIn);
  checkKnownKeys(callee, opts, keys);
  required(callee, kernel, "kernel_size");
  size(callee, "kernelSize", kernel, n, 1);
  if (opts.stride !== undefined && opts.stride !== null) {
    if (opts.stride === 0 || (Array.isArray(opts.stride) && opts.stride.includes(0))) throw new ValueError(`${callee}: stride should not be zero`);
    size(callee, "stride", opts.stride, n, 1);
  }
  if (opts.padding !== undefined) {
    size(callee, "padding", opts.padding, n, 0);
    const at = (v: unknown, d: number) => (typeof v === "number" ? v : (v as number[])[d]);
    for (let d = 0; d < n; d++) {
      const p = at(opts.padding, d), k = at(kernel, d);
      if (p > k / 2) throw new ValueError(`${callee}: pad should be at most half of kernel size, but got pad=${p} and kernel_size=${k}`);
    }
  }
  if (opts.dilation !== undefined) size(callee, "dilation", opts.dilation, n, 1);
  bool(callee, "returnIndices", opts.returnIndices);
  bool(callee, "ceilMode", opts.ceilMode);
  bool(callee, "countIncludePad", opts.countIncludePad);
  if (opts.divisorOverride !== undefined && opts.divisorOverride !== null) {
    int(callee, "divisorOverride", opts.divisorOverride, -Infinity);
    if (opts.divisorOverride === 0) throw new ValueError(`${callee}: divisor must be not zero`);
  }
}

/** AdaptiveAvgPool2d / AdaptiveMaxPool2d output sizes: an int >= 0 or a pair of (int >= 0 | null). */
export function validateAdaptivePool(callee: string, outputSize: unknown, opts: unknown): void {
  checkKnownKeys(callee, opts, ["returnIndices"]);
  required(callee, outputSize, "output_size");
  const sizes = Array.isArray(outputSize) ? outputSize : [outputSize];
  if (Array.isArray(outputSize) && outputSize.length !== 2) throw new ValueError(`${callee}: 'outputSize' must be an integer or a list of 2, got ${shown(outputSize)}`);
  for (const s of sizes) {
    if (s === null && Array.isArray(outputSize)) continue;
    if (typeof s === "number" && Number.isInteger(s) && s < 0) {
      throw new ValueError(`${callee}: elements of output_size must be greater than or equal to 0 but received ${shown(outputSize)}`);
    }
    int(callee, "outputSize", s, 0);
  }
  if (opts !== undefined && opts !== null) bool(callee, "returnIndices", (opts as Opts).returnIndices);
}

/** BatchNorm1d/2d(numFeatures, eps, momentum, affine, trackRunningStats). */
export function validateBatchNorm(callee: string, numFeatures: unknown, optsIn: object): void {
  const opts = rec(optsIn);
  checkKnownKeys(callee, opts, ["eps", "momentum", "affine", "trackRunningStats"]);
  required(callee, numFeatures, "num_features");
  int(callee, "numFeatures", numFeatures, 1);
  num(callee, "eps", opts.eps, { min: 0 });
  // momentum null = cumulative average; outside [0, 1] the running statistics extrapolate
  if (opts.momentum !== null) num(callee, "momentum", opts.momentum, { min: 0, max: 1 });
  bool(callee, "affine", opts.affine);
  bool(callee, "trackRunningStats", opts.trackRunningStats);
}

/** LayerNorm(normalizedShape, eps, elementwiseAffine). */
export function validateLayerNorm(shape: unknown, optsIn: object): void {
  const opts = rec(optsIn);
  checkKnownKeys("LayerNorm", opts, ["eps", "elementwiseAffine"]);
  required("LayerNorm", shape, "normalized_shape");
  if (Array.isArray(shape)) shape.forEach((d) => int("LayerNorm", "normalizedShape", d, 0));
  else int("LayerNorm", "normalizedShape", shape, 0);
  num("LayerNorm", "eps", opts.eps, { min: 0 });
  bool("LayerNorm", "elementwiseAffine", opts.elementwiseAffine);
}

/** GroupNorm(numGroups, numChannels, eps, affine). */
export function validateGroupNorm(groups: unknown, channels: unknown, optsIn: object): void {
  const opts = rec(optsIn);
  checkKnownKeys("GroupNorm", opts, ["eps", "affine"]);
  required("GroupNorm", groups, "num_groups");
  required("GroupNorm", channels, "num_channels");
  int("GroupNorm", "numGroups", groups, 1);
  int("GroupNorm", "numChannels", channels, 0);
  num("GroupNorm", "eps", opts.eps, { min: 0 });
  bool("GroupNorm", "affine", opts.affine);
}

/** Dropout(p, inplace). */
export function validateDropout(p: unknown, optsIn: object): void {
  const opts = rec(optsIn);
  checkKnownKeys("Dropout", opts, ["inplace"]);
  probability("Dropout", "p", p);
  bool("Dropout", "inplace", opts.inplace);
}

/** Embedding(numEmbeddings, embeddingDim, paddingIdx, maxNorm, normType, scaleGradByFreq, sparse, weight, generator). */
export function validateEmbedding(numEmb: unknown, dim: unknown, optsIn: object): void {
  const opts = rec(optsIn);
  checkKnownKeys("Embedding", opts, ["paddingIdx", "maxNorm", "normType", "scaleGradByFreq", "sparse", "weight", "generator"]);
  required("Embedding", numEmb, "num_embeddings");
  required("Embedding", dim, "embedding_dim");
  int("Embedding", "numEmbeddings", numEmb, 0);
  int("Embedding", "embeddingDim", dim, 0);
  if (opts.paddingIdx !== undefined && opts.paddingIdx !== null) int("Embedding", "paddingIdx", opts.paddingIdx, -Infinity);
  if (opts.maxNorm !== undefined && opts.maxNorm !== null) num("Embedding", "maxNorm", opts.maxNorm);
  num("Embedding", "normType", opts.normType);
  bool("Embedding", "scaleGradByFreq", opts.scaleGradByFreq);
  bool("Embedding", "sparse", opts.sparse);
  instance("Embedding", "weight", opts.weight, "a Tensor", isTensorLike);
  instance("Embedding", "generator", opts.generator, "a Generator", isGenerator);
}

/** MultiheadAttention(embedDim, numHeads, { dropout, bias, batchFirst, kdim, vdim, addBiasKv, addZeroAttn }). */
export function validateMultiheadAttention(embedDim: unknown, numHeads: unknown, opts: unknown): void {
  const c = "MultiheadAttention";
  checkKnownKeys(c, opts, ["dropout", "bias", "batchFirst", "kdim", "vdim", "addBiasKv", "addZeroAttn"]);
  required(c, embedDim, "embed_dim");
  required(c, numHeads, "num_heads");
  if (typeof embedDim !== "number" || !Number.isInteger(embedDim)) int(c, "embedDim", embedDim, 1);
  if (typeof numHeads !== "number" || !Number.isInteger(numHeads)) int(c, "numHeads", numHeads, 1);
  const o = (opts ?? {}) as Opts;
  probability(c, "dropout", o.dropout);
  bool(c, "bias", o.bias);
  bool(c, "batchFirst", o.batchFirst);
  bool(c, "addBiasKv", o.addBiasKv);
  bool(c, "addZeroAttn", o.addZeroAttn);
  if (o.kdim !== undefined && o.kdim !== null) int(c, "kdim", o.kdim, 1);
  if (o.vdim !== undefined && o.vdim !== null) int(c, "vdim", o.vdim, 1);
}

/** TransformerEncoderLayer(dModel, nhead, { dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst }). */
export function validateTransformerEncoderLayer(dModel: unknown, nhead: unknown, opts: unknown): void {
  const c = "TransformerEncoderLayer";
  checkKnownKeys(c, opts, ["dimFeedforward", "dropout", "activation", "layerNormEps", "batchFirst", "normFirst"]);
  required(c, dModel, "d_model");
  required(c, nhead, "nhead");
  int(c, "dModel", dModel, 1);
  int(c, "nhead", nhead, 1);
  const o = (opts ?? {}) as Opts;
  if (o.dimFeedforward !== undefined) int(c, "dimFeedforward", o.dimFeedforward, 1);
  probability(c, "dropout", o.dropout);
  if (o.activation !== undefined && typeof o.activation !== "function" && o.activation !== "relu" && o.activation !== "gelu") {
    if (typeof o.activation !== "string") throw new FulgurTypeError(`${c}: 'activation' must be "relu", "gelu" or a function, got ${typeName(o.activation)}`);
    // torch's words; checked here, before the sublayers draw their weights
    throw new FulgurRuntimeError(`activation should be relu/gelu, not ${o.activation}`);
  }
  num(c, "layerNormEps", o.layerNormEps, { min: 0 });
  bool(c, "batchFirst", o.batchFirst);
  bool(c, "normFirst", o.normFirst);
}

/** TransformerEncoder(encoderLayer, numLayers, { norm }). */
export function validateTransformerEncoder(layer: unknown, numLayers: unknown, opts: unknown, isLayer: boolean): void {
  const c = "TransformerEncoder";
  checkKnownKeys(c, opts, ["norm"]);
  required(c, layer, "encoder_layer");
  required(c, numLayers, "num_layers");
  if (!isLayer) throw new FulgurTypeError(`${c}: 'encoderLayer' must be a TransformerEncoderLayer, got ${typeName(layer)}`);
  int(c, "numLayers", numLayers, 0);
}

/** RNNBase(inputSize, hiddenSize, { numLayers, bias, batchFirst, dropout, bidirectional[, nonlinearity] }). */
export function validateRnn(callee: string, inputSize: unknown, hiddenSize: unknown, opts: unknown): void {
  checkKnownKeys(callee, opts, ["numLayers", "bias", "batchFirst", "dropout", "bidirectional", ...(callee === "RNN" ? ["nonlinearity"] : [])]);
  required(callee, inputSize, "input_size");
  required(callee, hiddenSize, "hidden_size");
  int(callee, "inputSize", inputSize, 0);
  const o = (opts ?? {}) as Opts;
  // a fraction is torch's TypeError; 0 or less gets the layer's own "num_layers must be greater than zero"
  if (o.numLayers !== undefined && !Number.isInteger(o.numLayers)) int(callee, "numLayers", o.numLayers, 1);
  bool(callee, "bias", o.bias);
  bool(callee, "batchFirst", o.batchFirst);
  bool(callee, "bidirectional", o.bidirectional);
}

/** Activation modules' numeric arguments (LeakyReLU(negativeSlope), Softplus(beta, threshold), ...). */
export function validateActivation(callee: string, args: Record<string, unknown>): void {
  for (const [name, v] of Object.entries(args)) {
    if (typeof v === "object" && v !== null && !Array.isArray(v)) {
      throw new FulgurTypeError(`${callee}: '${name}' must be a number, got an options object; pass it positionally: new ${callee}(${Object.keys(args).join(", ")})`);
    }
    if (name === "dim") int(callee, name, v, -Infinity);
    else num(callee, name, v);
  }
}

/** Flatten(startDim, endDim), Unflatten(dim, unflattenedSize). */
export function validateFlatten(startDim: unknown, endDim: unknown): void {
  int("Flatten", "startDim", startDim, -Infinity);
  int("Flatten", "endDim", endDim, -Infinity);
}

export function validateUnflatten(dim: unknown, sizes: unknown): void {
  required("Unflatten", dim, "dim");
  required("Unflatten", sizes, "unflattened_size");
  int("Unflatten", "dim", dim, -Infinity);
  if (!Array.isArray(sizes)) throw new FulgurTypeError(`unflattened_size must be a tuple of ints, but found type ${typeName(sizes)}`);
  for (const s of sizes) {
    if (typeof s !== "number" || !Number.isInteger(s)) throw new FulgurTypeError(`unflattened_size must be a tuple of ints, but found element of type ${typeName(s)}`);
    if (s < -1 || s === 0) throw new ValueError(`Unflatten: sizes must be positive (or one -1 to infer), got [${sizes.join(", ")}]`);
  }
  if (sizes.filter((s) => s === -1).length > 1) throw new ValueError(`Unflatten: only one size can be -1 (inferred), got [${sizes.join(", ")}]`);
}

/** The loss modules' options: reduction (torch: "meen is not a valid value for reduction") and their own keys. */
export function validateLoss(callee: string, opts: unknown, keys: readonly string[]): void {
  checkKnownKeys(callee, opts, keys);
  const o = (opts ?? {}) as Opts;
  const reductions = callee === "KLDivLoss" ? ["none", "mean", "sum", "batchmean"] : ["none", "mean", "sum"];
  if (o.reduction !== undefined && !reductions.includes(o.reduction as string)) {
    if (typeof o.reduction !== "string") throw new FulgurTypeError(`${callee}: 'reduction' must be one of ${reductions.map((r) => `'${r}'`).join(", ")}, got ${typeName(o.reduction)}`);
    throw new ValueError(`${o.reduction} is not a valid value for reduction`);
  }
  if (o.ignoreIndex !== undefined) int(callee, "ignoreIndex", o.ignoreIndex, -Infinity);
  if (o.labelSmoothing !== undefined) {
    num(callee, "labelSmoothing", o.labelSmoothing);
    if (!((o.labelSmoothing as number) >= 0 && (o.labelSmoothing as number) <= 1)) {
      throw new ValueError(`label_smoothing must be between 0.0 and 1.0. Got: ${o.labelSmoothing}`);
    }
  }
  num(callee, "beta", o.beta, { min: 0 });
  num(callee, "delta", o.delta, { min: 0, minExclusive: true });
  bool(callee, "logTarget", o.logTarget);
  instance(callee, "weight", o.weight, "a Tensor", isTensorLike);
  instance(callee, "posWeight", o.posWeight, "a Tensor", isTensorLike);
}
