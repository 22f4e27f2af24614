/// <reference types="@webgpu/types" />
// The total p-norm of a flat float32 tensor and torch's clip coefficient, reduced on the GPU in
// two dispatches: every workgroup folds a strided share of the elements into one partial, then
// one workgroup folds the partials and writes [total_norm, clip_coef] to a 2-element tensor.
// clip_coef = min((1 / (total + 1e-6)) * max_norm, 1) in float32, as torch's
// `max_norm / (total_norm + 1e-6)` (reciprocal, then multiply) clamped to 1; NaN propagates.
import * as tf from "@tensorflow/tfjs-core";
import { webgpuBackend, type WebGPUBackendInternals } from "./backend_access.ts";
import { uninitializedGpuTensor } from "./buffer_copy.ts";
import { cachedPipeline, recordDispatch } from "./inplace_program.ts";
import { IS_NAN, MAX_NAN, MIN_NAN } from "./optim/wgsl_helpers.ts";

const THREADS = 256;
const MAX_PARTIALS = 256;
/** Elements per workgroup before another workgroup is added. */
const PER_GROUP = 4096;

type Kind = "l2" | "l1" | "inf" | "p";
const kindOf = (p: number): Kind => (p === 2 ? "l2" : p === 1 ? "l1" : p === Infinity ? "inf" : "p");

/** f(x) folded per element, the fold, and the final map from the folded value to the norm. */
function pieces(kind: Kind): { term: string; fold: string; finish: string } {
  const fold = kind === "inf" ? "maxNan(a, b)" : "a + b";
  const term = { l2: "x * x", l1: "abs(x)", inf: "abs(x)", p: "select(pow(abs(x), u.p), 0.0, x == 0.0)" }[kind];
  const finish = { l2: "sqrt(s)", l1: "s", inf: "s", p: "pow(s, 1.0 / u.p)" }[kind];
  return { term, fold, finish };
}

function header(kind: Kind): string[] {
  const { fold } = pieces(kind);
  return [
    "struct U { n: u32, groups: u32, p: f32, maxNorm: f32 };",
    IS_NAN, MAX_NAN, MIN_NAN,
    `fn combine(a: f32, b: f32) -> f32 { return ${fold}; }`,
    `var<workgroup> part: array<f32, ${THREADS}>;`,
    // tree fold of part[] into part[0]
    `fn foldWorkgroup(lid: u32) { var w = ${THREADS / 2}u; loop { if (w == 0u) { break; } workgroupBarrier(); if (lid < w) { part[lid] = combine(part[lid], part[lid + w]); } w = w / 2u; } workgroupBarrier(); }`,
  ];
}

function partialsShader(kind: Kind): string {
  const { term } = pieces(kind);
  return [
    ...header(kind),
    "@group(0) @binding(0) var<storage, read> g: array<f32>;",
    "@group(0) @binding(1) var<storage, read_write> partials: array<f32>;",
    "@group(0) @binding(2) var<uniform> u: U;",
    `@compute @workgroup_size(${THREADS})`,
    "fn main(@builtin(local_invocation_id) l: vec3<u32>, @builtin(workgroup_id) w: vec3<u32>) {",
    "  var acc = 0.0;",
    `  var i = w.x * ${THREADS}u + l.x;`,
    `  let stride = u.groups * ${THREADS}u;`,
    `  loop { if (i >= u.n) { break; } let x = g[i]; acc = combine(acc, ${term}); i = i + stride; }`,
    "  part[l.x] = acc;",
    "  foldWorkgroup(l.x);",
    "  if (l.x == 0u) { partials[w.x] = part[0]; }",
    "}",
  ].join("\n");
}

function finalShader(kind: Kind): string {
  const { finish } = pieces(kind);
  return [
    ...header(kind),
    "@group(0) @binding(0) var<storage, read> partials: array<f32>;",
    "@group(0) @binding(1) var<storage, read_write> out: array<f32>;",
    "@group(0) @binding(2) var<uniform> u: U;",
    `@compute @workgroup_size(${THREADS})`,
    "fn main(@builtin(local_invocation_id) l: vec3<u32>) {",
    "  part[l.x] = select(0.0, partials[l.x], l.x < u.groups);",
    "  foldWorkgroup(l.x);",
    "  if (l.x == 0u) {",
    "    let s = part[0];",
    `    let total = ${finish};`,
    "    out[0] = total;",
    "    out[1] = minNan((1.0 / (total + 1e-6)) * u.maxNorm, 1.0);",
    "  }",
    "}",
  ].join("\n");
}

/**
 * [total p-norm of `flat`, clip coefficient for `maxNorm`] as a new 2-element float32 tensor,
 * without reading anything back. `p` is 2, 1, Infinity or any positive number.
 */
export function gradNormAndCoef(flat: tf.Tensor, p: number, maxNorm: number): tf.Tensor {
  const b: WebGPUBackendInternals = webgpuBackend();
  const kind = kindOf(p);
  const n = flat.size;
  const groups = Math.max(1, Math.min(MAX_PARTIALS, Math.ceil(n / PER_GROUP)));
  const uniforms = () => b.makeUniforms([
    { type: "uint32", data: [n] }, { type: "uint32", data: [groups] },
    { type: "float32", data: [kind === "p" ? p : 0] }, { type: "float32", data: [maxNorm] },
  ]);
  const partials = uninitializedGpuTensor(b, [groups]);
  const out = uninitializedGpuTensor(b, [2]);
  recordDispatch(b, cachedPipeline(b, `norm_partials_${kind}`, () => partialsShader(kind)), [flat, partials], [false, true], uniforms(), groups, 1);
  recordDispatch(b, cachedPipeline(b, `norm_final_${kind}`, () => finalShader(kind)), [partials, out], [false, true], uniforms(), 1, 1);
  partials.dispose();
  return out;
}
