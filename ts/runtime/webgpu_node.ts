// Node and Bun: a `navigator.gpu` from Dawn (the optional `webgpu` npm package).
// Loaded by a non-literal dynamic import so that bundles for runtimes without it (Deno,
// browsers) neither include nor require it. With no hardware adapter, a software Vulkan
// driver (SwiftShader as shipped with Chromium) is tried, since Dawn's default lavapipe
// lookup fails on machines without a GPU.
import { existsSync } from "node:fs";

const SOFTWARE_VULKAN_ICDS = [
  "/usr/lib/chromium/vk_swiftshader_icd.json",
  "/usr/lib/chromium-browser/vk_swiftshader_icd.json",
  "/usr/share/vulkan/icd.d/lvp_icd.x86_64.json",
];

type DawnModule = { create(options: string[]): GPU; globals: Record<string, unknown> };

async function loadDawn(): Promise<DawnModule | null> {
  const name = "webgpu"; // non-literal: esbuild must not bundle the native addon
  try {
    return (await import(name)) as DawnModule;
  } catch {
    return null;
  }
}

/** Dawn's GPU object with at least one adapter, or null (package missing, no driver). */
export async function nodeWebGPU(): Promise<GPU | null> {
  const dawn = await loadDawn();
  if (!dawn) return null;
  // tfjs-backend-webgpu checks `instanceof GPUBuffer` etc.: Dawn's classes must be global.
  for (const [k, v] of Object.entries(dawn.globals)) {
    if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
  }
  const gpu = dawn.create([]);
  if (await gpu.requestAdapter()) return gpu;
  if (process.env.VK_ICD_FILENAMES) return null; // the user chose a driver; respect it
  for (const icd of SOFTWARE_VULKAN_ICDS) {
    if (!existsSync(icd)) continue;
    // The Vulkan loader reads this when Dawn creates its next instance.
    process.env.VK_ICD_FILENAMES = icd;
    const soft = dawn.create([]);
    if (await soft.requestAdapter()) return soft;
  }
  delete process.env.VK_ICD_FILENAMES;
  return null;
}
