// How every browser test and the Chromium conformance run start Debian's Chromium: its own
// binary (never a downloaded browser), headless, WebGPU through SwiftShader, and no
// background traffic (the machine has no network beyond the npm and Debian registries).
export const CHROMIUM = "/usr/bin/chromium";

export const CHROMIUM_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--enable-unsafe-webgpu",
  "--use-webgpu-adapter=swiftshader",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];
