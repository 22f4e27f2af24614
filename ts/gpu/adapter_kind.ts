/// <reference types="@webgpu/types" />
// What kind of WebGPU adapter the backend runs on, recorded when webgpu starts. A software
// adapter (SwiftShader, lavapipe/llvmpipe) computes correctly, but in Chromium its canvas
// interop — the path tfjs-backend-webgpu's synchronous reads take — returns zeros and loses
// the GPU process (seen with Chromium 156 headless + SwiftShader), so sync reads are refused there.

let software = false;
let description = "";

const SOFTWARE_NAMES = /swiftshader|llvmpipe|lavapipe|software|warp|basic render/i;

/** True for a CPU-emulated adapter (the fallback flag, or a known software driver's name). */
export function isSoftwareAdapter(adapter: GPUAdapter): boolean {
  const a = adapter as GPUAdapter & { isFallbackAdapter?: boolean; info?: GPUAdapterInfo & { isFallbackAdapter?: boolean } };
  if (a.isFallbackAdapter === true || a.info?.isFallbackAdapter === true) return true;
  const info = a.info;
  return info !== undefined && SOFTWARE_NAMES.test(`${info.vendor} ${info.architecture} ${info.device} ${info.description}`);
}

export function recordAdapter(adapter: GPUAdapter): void {
  software = isSoftwareAdapter(adapter);
  const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo }).info;
  description = info ? [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(" / ") : "";
}

/** The adapter's vendor / architecture / device / description, as it reported them (for bench figures). */
export function adapterDescription(): string {
  return description || "unknown adapter";
}

/** True when the webgpu backend was started on a software adapter. */
export function onSoftwareAdapter(): boolean {
  return software;
}
