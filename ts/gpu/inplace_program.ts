/// <reference types="@webgpu/types" />
// Runs an elementwise WGSL program that reads and writes several float32 tensors in place
// (one dispatch, one thread per element), recorded into tfjs-backend-webgpu's own command
// encoder so it is ordered with every tfjs op before and after it. No readback, no sync.
import { FulgurRuntimeError } from "../errors.ts";
import * as tf from "@tensorflow/tfjs-core";
import { gpuBufferOf, webgpuBackend, type WebGPUBackendInternals } from "./backend_access.ts";

export interface InPlaceProgram {
  /** Unique per generated shader text (pipeline cache key). */
  key: string;
  /** Storage bindings in order: `name` is the WGSL array name, `write` makes it read_write. */
  buffers: Array<{ name: string; write: boolean }>;
  /** f32 uniforms, read in the body as `u.<name>`. */
  uniforms: string[];
  /** WGSL statements for element `i` (a u32 below u.n). */
  body: string;
  /** WGSL functions the body calls (ts/gpu/optim/wgsl_helpers.ts), emitted before main. */
  functions?: string[];
}

const WORKGROUP = 64;
const MAX_GROUPS_X = 65535; // WebGPU's minimum maxComputeWorkgroupsPerDimension

const pipelines = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

function bindingLines(p: InPlaceProgram): string[] {
  return p.buffers.map((b, k) =>
    `@group(0) @binding(${k}) var<storage, ${b.write ? "read_write" : "read"}> ${b.name}: array<f32>;`);
}

function mainLines(p: InPlaceProgram, prologue: string[]): string[] {
  return [
    ...(p.functions ?? []),
    `@compute @workgroup_size(${WORKGROUP})`,
    "fn main(@builtin(global_invocation_id) gid: vec3<u32>) {",
    ...prologue,
    p.body,
    "}",
  ];
}

/** Uniforms shared by every element. */
function shaderText(p: InPlaceProgram): string {
  const fields = ["n: u32", "rowStride: u32", ...p.uniforms.map((u) => `${u}: f32`)].join(", ");
  return [
    `struct U { ${fields} };`,
    ...bindingLines(p),
    `@group(0) @binding(${p.buffers.length}) var<uniform> u: U;`,
    ...mainLines(p, ["  let i = gid.y * u.rowStride + gid.x;", "  if (i >= u.n) { return; }"]),
  ].join("\n");
}

/**
 * Uniforms per segment: elements [segEnd[s-1], segEnd[s]) read row s of `coef` as `u` (one
 * row per parameter of a flat param group; the segment is found by binary search).
 */
function segmentedShaderText(p: InPlaceProgram): string {
  const k = p.buffers.length;
  const fields = p.uniforms.length ? p.uniforms.map((u) => `${u}: f32`).join(", ") : "unused: f32";
  const row = p.uniforms.length ? p.uniforms.map((_, j) => `coef[r + ${j}u]`).join(", ") : "0.0";
  return [
    `struct U { ${fields} };`,
    "struct Dims { n: u32, rowStride: u32, segments: u32, width: u32 };",
    ...bindingLines(p),
    `@group(0) @binding(${k}) var<storage, read> segEnd: array<u32>;`,
    `@group(0) @binding(${k + 1}) var<storage, read> coef: array<f32>;`,
    `@group(0) @binding(${k + 2}) var<uniform> dims: Dims;`,
    ...mainLines(p, [
      "  let i = gid.y * dims.rowStride + gid.x;",
      "  if (i >= dims.n) { return; }",
      "  var lo = 0u;",
      "  var hi = dims.segments - 1u;",
      "  loop { if (lo >= hi) { break; } let mid = (lo + hi) / 2u; if (segEnd[mid] > i) { hi = mid; } else { lo = mid + 1u; } }",
      "  let r = lo * dims.width;",
      `  let u = U(${row});`,
    ]),
  ].join("\n");
}

/** The compute pipeline for `key`, compiled from `code()` once per device. */
export function cachedPipeline(b: WebGPUBackendInternals, key: string, code: () => string): GPUComputePipeline {
  let cache = pipelines.get(b.device);
  if (!cache) pipelines.set(b.device, (cache = new Map()));
  let pipe = cache.get(key);
  if (!pipe) {
    const module = b.device.createShaderModule({ code: code(), label: `fulgur:${key}` });
    pipe = b.device.createComputePipeline({ layout: "auto", compute: { module, entryPoint: "main" }, label: `fulgur:${key}` });
    cache.set(key, pipe);
  }
  return pipe;
}

function pipelineFor(b: WebGPUBackendInternals, p: InPlaceProgram, segmented: boolean): GPUComputePipeline {
  return segmented ? cachedPipeline(b, `${p.key}/segmented`, () => segmentedShaderText(p)) : cachedPipeline(b, p.key, () => shaderText(p));
}

function checkTensors(program: InPlaceProgram, tensors: tf.Tensor[], n: number): void {
  if (tensors.length !== program.buffers.length) {
    throw new FulgurRuntimeError(`GPU program ${program.key}: ${program.buffers.length} tensors expected, got ${tensors.length}`);
  }
  tensors.forEach((t, k) => {
    if (program.buffers[k].write && t.size < n) throw new FulgurRuntimeError(`GPU program ${program.key}: ${program.buffers[k].name} has ${t.size} values, ${n} needed`);
  });
}

/** Grid for n elements, one thread each (2-D past WebGPU's 65535 workgroups per dimension). */
function grid(n: number): { gx: number; gy: number } {
  const groups = Math.ceil(n / WORKGROUP);
  const gx = Math.min(groups, MAX_GROUPS_X);
  return { gx, gy: Math.ceil(groups / gx) };
}

/**
 * Records one dispatch of `pipeline` into tfjs's command encoder, as its recordAndSubmit does:
 * `bound` tensors at bindings 0.., then the uniform buffer.
 */
export function recordDispatch(b: WebGPUBackendInternals, pipeline: GPUComputePipeline, bound: tf.Tensor[], writes: boolean[], uniform: GPUBufferBinding, gx: number, gy: number): void {
  // uploads (copy commands) must be recorded before our compute pass opens
  const buffers = bound.map((t, k) => gpuBufferOf(b, t, writes[k]));
  const bindGroup = b.device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [...buffers.map((buffer, k) => ({ binding: k, resource: { buffer } })), { binding: buffers.length, resource: uniform }],
  });
  for (const t of bound) b.commandQueueOwnedIds.add(t.dataId);
  b.ensureCommandEncoderReady();
  if (!b.computePassEncoder) b.computePassEncoder = b.commandEncoder!.beginComputePass({});
  b.computePassEncoder.setPipeline(pipeline);
  b.computePassEncoder.setBindGroup(0, bindGroup);
  b.computePassEncoder.dispatchWorkgroups(gx, gy, 1);
  b.dispatchCountInPass++;
  if (b.dispatchCountInPass >= (tf.env().get("WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE") as number)) {
    b.endComputePassEncoder();
    b.submitQueue();
  }
}

/**
 * Dispatches `program` over `n` elements. `tensors[k]` is bound to `program.buffers[k]`;
 * every tensor must hold at least n floats, and a written tensor must not share its data
 * with another tensor (the caller gives it a private copy first).
 */
export function runInPlace(program: InPlaceProgram, tensors: tf.Tensor[], n: number, uniforms: number[]): void {
  checkTensors(program, tensors, n);
  if (uniforms.length !== program.uniforms.length) {
    throw new FulgurRuntimeError(`GPU program ${program.key}: ${program.uniforms.length} uniforms expected, got ${uniforms.length}`);
  }
  if (n === 0) return;
  const b = webgpuBackend();
  const pipeline = pipelineFor(b, program, false);
  const { gx, gy } = grid(n);
  const uniform = b.makeUniforms([
    { type: "uint32", data: [n] },
    { type: "uint32", data: [gx * WORKGROUP] },
    ...uniforms.map((v) => ({ type: "float32" as const, data: [v] })),
  ]);
  recordDispatch(b, pipeline, tensors, program.buffers.map((x) => x.write), uniform, gx, gy);
}

/**
 * Dispatches `program` once over consecutive segments of `sizes` elements (a flat param group):
 * element i of segment s reads `uniforms[s]` as `u`. Same tensor rules as runInPlace.
 */
export function runSegmented(program: InPlaceProgram, tensors: tf.Tensor[], sizes: number[], uniforms: number[][]): void {
  const n = sizes.reduce((a, x) => a + x, 0);
  checkTensors(program, tensors, n);
  if (uniforms.length !== sizes.length) throw new FulgurRuntimeError(`GPU program ${program.key}: one uniform row per segment expected`);
  for (const row of uniforms) {
    if (row.length !== program.uniforms.length) {
      throw new FulgurRuntimeError(`GPU program ${program.key}: ${program.uniforms.length} uniforms expected, got ${row.length}`);
    }
  }
  if (n === 0) return;
  const b = webgpuBackend();
  const pipeline = pipelineFor(b, program, true);
  const { gx, gy } = grid(n);
  const ends = new Int32Array(sizes.length);
  let end = 0;
  sizes.forEach((x, s) => (ends[s] = end += x));
  const width = Math.max(program.uniforms.length, 1);
  const coef = new Float32Array(Math.max(sizes.length * width, 1));
  uniforms.forEach((row, s) => coef.set(row, s * width));
  const segEnd = tf.tensor1d(ends, "int32");
  const table = tf.tensor1d(coef, "float32");
  const dims = b.makeUniforms([{ type: "uint32", data: [n, gx * WORKGROUP, sizes.length, width] }]);
  recordDispatch(b, pipeline, [...tensors, segEnd, table], [...program.buffers.map((x) => x.write), false, false], dims, gx, gy);
  segEnd.dispose();
  table.dispose();
}
