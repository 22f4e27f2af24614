// A few small torch 1.13 fixture cases on tfjs-backend-webgpu (Dawn; software Vulkan in CI):
// the generic path (index tables: GatherV2 / UnsortedSegmentSum) with forward, gradients and
// double backward, including pooling ties.
import { test } from "node:test";
import fixture from "./fixtures/conv.json" with { type: "json" };
import { setupGpu } from "../gpu/gpu_setup.ts";
import { checkCase, type ConvCase } from "./cases.ts";

const skip = (await setupGpu()) ?? false;
const NAMES = [
  "conv2d groups 2", "conv2d same, even kernel", "conv1d groups, dilation, same", "conv_transpose2d stride 2 output_padding 1",
  "unfold", "fold stride 2 dilation", "max_pool2d 2x2 with ties", "max_pool2d ceil_mode", "avg_pool2d ceil exclude pad",
  "adaptive_avg_pool2d 7x9 -> 3x4", "adaptive_max_pool2d 7x9 -> 3x4", "max_pool2d 2x2 ceil_mode, odd sizes",
];

for (const name of NAMES) {
  test(`webgpu matches torch 1.13: ${name}`, { skip }, async () => {
    const c = (fixture.cases as ConvCase[]).find((k) => k.name === name);
    if (c === undefined) throw new Error(`no fixture case "${name}"`);
    await checkCase(c, 1e-3);
  });
}
