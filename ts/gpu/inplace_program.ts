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

function shaderText(p: InPlaceProgram): string {
  const fields = ["n: u32", "rowStride: u32", ...p.uniforms.map((u) => `${u}: f32`)].join(", ");
  const bindings = p.buffers.map((b, k) =>
    `@group(0) @binding(${k}) var<storage, ${b.write ? "read_write" : "read"}> ${b.name}: array<f32>;`);
  return [
    `struct U { ${fields} };`,
    ...bindings,
    `@group(0) @binding(${p.buffers.length}) var<uniform> u: U;`,
    ...(p.functions ?? []),
    `@compute @workgroup_size(${WORKGROUP})`,
    "fn main(@builtin(global_invocation_id) gid: vec3<u32>) {",
    "  let i = gid.y * u.rowStride + gid.x;",
    "  if (i >= u.n) { return; }",
    p.body,
    "}",
  ].join("\n");
}

function pipelineFor(b: WebGPUBackendInternals, p: InPlaceProgram): GPUComputePipeline {
  let cache = pipelines.get(b.device);
  if (!cache) pipelines.set(b.device, (cache = new Map()));
  let pipe = cache.get(p.key);
  if (!pipe) {
    const module = b.device.createShaderModule({ code: shaderText(p), label: `fulgur:${p.key}` });
    pipe = b.device.createComputePipeline({ layout: "auto", compute: { module, entryPoint: "main" }, label: `fulgur:${p.key}` });
    cache.set(p.key, pipe);
  }
  return pipe;
}

/**
 * Dispatches `program` over `n` elements. `tensors[k]` is bound to `program.buffers[k]`;
 * every tensor must hold at least n floats, and a written tensor must not share its data
 * with another tensor (the caller gives it a private copy first).
 */
export function runInPlace(program: InPlaceProgram, tensors: tf.Tensor[], n: number, uniforms: number[]): void {
  if (tensors.length !== program.buffers.length) {
    throw new FulgurRuntimeError(`GPU program ${program.key}: ${program.buffers.length} tensors expected, got ${tensors.length}`);
  }
  if (uniforms.length !== program.uniforms.length) {
    throw new FulgurRuntimeError(`GPU program ${program.key}: ${program.uniforms.length} uniforms expected, got ${uniforms.length}`);
  }
  if (n === 0) return;
  const b = webgpuBackend();
  // uploads (copy commands) must be recorded before our compute pass opens
  const buffers = tensors.map((t, k) => gpuBufferOf(b, t, program.buffers[k].write));
  const pipeline = pipelineFor(b, program);
  const groups = Math.ceil(n / WORKGROUP);
  const gx = Math.min(groups, MAX_GROUPS_X);
  const gy = Math.ceil(groups / gx);
  const uniform = b.makeUniforms([
    { type: "uint32", data: [n] },
    { type: "uint32", data: [gx * WORKGROUP] },
    ...uniforms.map((v) => ({ type: "float32" as const, data: [v] })),
  ]);
  const bindGroup = b.device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [...buffers.map((buffer, k) => ({ binding: k, resource: { buffer } })), { binding: buffers.length, resource: uniform }],
  });
  for (const t of tensors) b.commandQueueOwnedIds.add(t.dataId);
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
