// Format `fulgur.conformance/3` (FORMAT.md, last section): the real-layer kinds with their
// options and parameter shapes, integer and nested data, `init: {torch_seed}`, `seed`,
// `expect.init_params` and `expect.final.buffers`. scenario.ts calls in here for these keys.

export type V3Options = Record<string, unknown>;

export type V3Layer =
  | ["conv2d", number, number, number | number[], V3Options?]
  | ["conv1d", number, number, number, V3Options?]
  | ["conv_transpose2d", number, number, number | number[], V3Options?]
  | ["max_pool2d", number | number[], V3Options?] | ["avg_pool2d", number | number[], V3Options?]
  | ["adaptive_avg_pool2d", number[]]
  | ["batch_norm1d", number, V3Options?] | ["batch_norm2d", number, V3Options?]
  | ["layer_norm", number[], V3Options?]
  | ["group_norm", number, number]
  | ["dropout", number]
  | ["flatten"] | ["unflatten", number[]]
  | ["embedding", number, number, V3Options?]
  | ["lstm", number, number, V3Options?] | ["gru", number, number, V3Options?]
  | ["self_attention", number, number, V3Options?]
  | ["transformer_encoder_layer", number, number, V3Options?]
  | ["select_last"] | ["mean_dim", number];

/** [min, max] entries per kind (the options object is the optional last entry). */
const ARITY: Record<string, [number, number]> = {
  conv2d: [4, 5], conv1d: [4, 5], conv_transpose2d: [4, 5], max_pool2d: [2, 3], avg_pool2d: [2, 3],
  adaptive_avg_pool2d: [2, 2], batch_norm1d: [2, 3], batch_norm2d: [2, 3], layer_norm: [2, 3], group_norm: [3, 3],
  dropout: [2, 2], flatten: [1, 1], unflatten: [2, 2], embedding: [3, 4], lstm: [3, 4], gru: [3, 4],
  self_attention: [3, 4], transformer_encoder_layer: [3, 4], select_last: [1, 1], mean_dim: [2, 2],
};

/** Option keys each kind accepts (torch's keyword names). */
const OPTIONS: Record<string, string[]> = {
  conv2d: ["stride", "padding", "dilation", "groups", "bias", "padding_mode"],
  conv1d: ["stride", "padding", "dilation", "groups", "bias", "padding_mode"],
  conv_transpose2d: ["stride", "padding", "output_padding", "groups", "bias", "dilation"],
  max_pool2d: ["stride", "padding", "dilation", "ceil_mode"], avg_pool2d: ["stride", "padding", "ceil_mode", "count_include_pad", "divisor_override"],
  batch_norm1d: ["momentum", "eps", "affine", "track_running_stats"], batch_norm2d: ["momentum", "eps", "affine", "track_running_stats"],
  layer_norm: ["eps", "elementwise_affine"], embedding: ["padding_idx"],
  lstm: ["num_layers", "dropout", "bidirectional", "bias"], gru: ["num_layers", "dropout", "bidirectional", "bias"],
  self_attention: ["causal", "dropout", "bias"],
  transformer_encoder_layer: ["dim_feedforward", "dropout", "activation", "norm_first", "layer_norm_eps", "causal"],
};

export const isV3LayerKind = (kind: unknown): boolean => typeof kind === "string" && kind in ARITY;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isPosInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;
const pair = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : [v as number, v as number]);

/** The layer's options object (the optional last entry), or {}. */
export function layerOptions(l: readonly unknown[]): V3Options {
  const last = l[l.length - 1];
  return l.length > 1 && isObj(last) ? last : {};
}

/**
 * Checks a `/3` layer and returns its parameters' shapes by torch name, or null where the
 * shapes are not listed here (recurrent, attention and transformer layers: loadStateDict checks them).
 */
export function v3LayerParams(l: unknown[], key: string, bad: (k: string, p: string) => never): Map<string, number[]> | null {
  const kind = l[0] as string;
  const [lo, hi] = ARITY[kind];
  if (l.length < lo || l.length > hi) bad(key, `(${kind}) must have ${lo === hi ? lo : `${lo} to ${hi}`} entries, has ${l.length}`);
  const opts = layerOptions(l);
  if (l.length === hi && hi > lo && !isObj(l[hi - 1])) bad(key, `(${kind}) last entry must be an options object`);
  for (const k of Object.keys(opts)) if (!(OPTIONS[kind] ?? []).includes(k)) bad(`${key}.${k}`, `is not an option of ${kind} (known: ${(OPTIONS[kind] ?? []).join(", ") || "none"})`);
  const out = new Map<string, number[]>();
  const bias = opts.bias !== false;
  switch (kind) {
    case "conv2d": case "conv1d": case "conv_transpose2d": {
      const [, cin, cout, k] = l as [string, number, number, number | number[]];
      if (!isPosInt(cin) || !isPosInt(cout)) bad(key, `(${kind}) needs positive integer channel counts`);
      const g = (opts.groups as number | undefined) ?? 1;
      const ks = kind === "conv1d" ? [k as number] : pair(k);
      out.set("weight", kind === "conv_transpose2d" ? [cin, cout / g, ...ks] : [cout, cin / g, ...ks]);
      if (bias) out.set("bias", [cout]);
      return out;
    }
    case "batch_norm1d": case "batch_norm2d":
      if (!isPosInt(l[1])) bad(key, `(${kind}) needs a positive channel count`);
      if (opts.affine !== false) { out.set("weight", [l[1] as number]); out.set("bias", [l[1] as number]); }
      return out;
    case "layer_norm":
      if (!Array.isArray(l[1]) || !(l[1] as unknown[]).every(isPosInt)) bad(key, "(layer_norm) needs the normalized shape as a list");
      if (opts.elementwise_affine !== false) { out.set("weight", l[1] as number[]); out.set("bias", l[1] as number[]); }
      return out;
    case "group_norm":
      if (!isPosInt(l[1]) || !isPosInt(l[2])) bad(key, "(group_norm) needs positive group and channel counts");
      out.set("weight", [l[2] as number]); out.set("bias", [l[2] as number]);
      return out;
    case "embedding":
      if (!isPosInt(l[1]) || !isPosInt(l[2])) bad(key, "(embedding) needs positive num_embeddings and embedding_dim");
      out.set("weight", [l[1] as number, l[2] as number]);
      return out;
    case "dropout":
      if (typeof l[1] !== "number") bad(key, "(dropout) needs p");
      return out;
    case "unflatten":
      if (!Array.isArray(l[1])) bad(key, "(unflatten) needs the sizes as a list");
      return out;
    case "mean_dim":
      if (!Number.isInteger(l[1])) bad(key, "(mean_dim) needs an integer dim");
      return out;
    case "lstm": case "gru": case "self_attention": case "transformer_encoder_layer":
      if (!isPosInt(l[1]) || !isPosInt(l[2])) bad(key, `(${kind}) needs two positive integer sizes`);
      return null;
    default:
      return out;
  }
}

/** True when every leaf of a (possibly nested) row is a finite number. */
export function isNumberTree(v: unknown): boolean {
  if (typeof v === "number") return Number.isFinite(v);
  return Array.isArray(v) && v.every(isNumberTree);
}

/** `init: {torch_seed}` (else explicit values). */
export const torchSeedOf = (init: unknown): number | null =>
  isObj(init) && "torch_seed" in init ? (init.torch_seed as number) : null;

/** The `/3` top-level and `expect` keys: seed, data/val int_fields, init torch_seed, init_params, final.buffers. */
export function validateV3Keys(s: Record<string, unknown>, bad: (k: string, p: string) => never): void {
  if (s.seed !== undefined && !Number.isInteger(s.seed)) bad("seed", "must be an integer");
  const seed = torchSeedOf(s.init);
  if (seed !== null && (!Number.isInteger(seed) || Object.keys(s.init as object).length !== 1)) bad("init.torch_seed", "must be the only key, an integer");
  for (const where of ["data", "val"]) {
    const d = s[where] as Record<string, unknown> | undefined;
    if (!d || d.int_fields === undefined) continue;
    const fields = d.fields as Record<string, unknown>;
    if (!Array.isArray(d.int_fields) || !d.int_fields.every((f) => typeof f === "string" && f in fields)) bad(`${where}.int_fields`, "must list field names");
    for (const f of d.int_fields as string[]) {
      const flat = (fields[f] as unknown[]).flat(Infinity as 1) as number[];
      if (!flat.every(Number.isInteger)) bad(`${where}.fields.${f}`, "is an int field: must hold integers");
    }
  }
  const ex = s.expect as Record<string, unknown> | undefined;
  if (!isObj(ex)) return;
  if (ex.init_params !== undefined && !isObj(ex.init_params)) bad("expect.init_params", "must map parameter names to values");
  const f = ex.final as Record<string, unknown> | undefined;
  if (isObj(f) && f.buffers !== undefined && !isObj(f.buffers)) bad("expect.final.buffers", "must map buffer names to values");
}
