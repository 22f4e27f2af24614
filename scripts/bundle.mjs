// esbuild helpers shared by the build, the test runner and the conformance runner.
import * as esbuild from "esbuild";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Inlines build/fulgur.wasm into ts/backend/embedded_wasm.ts as base64, so every bundle
 * (the package's, the tests', the examples') carries its WASM: importing it is enough.
 */
export const embedWasm = {
  name: "fulgur-embed-wasm",
  setup(build) {
    build.onLoad({ filter: /[\\/]ts[\\/]backend[\\/]embedded_wasm\.ts$/ }, () => ({
      contents: `export const EMBEDDED_WASM_BASE64 = ${JSON.stringify(readFileSync("build/fulgur.wasm").toString("base64"))};`,
      loader: "js",
    }));
  },
};

export const commonOptions = {
  plugins: [embedWasm],
  bundle: true,
  format: "esm",
  // Node, Deno and Bun all run "node" bundles. tfjs-core's node platform file calls
  // require("util"), so the ESM bundle gets a require() from createRequire.
  platform: "node",
  banner: { js: 'import { createRequire as __fulgurCreateRequire } from "node:module"; const require = __fulgurCreateRequire(import.meta.url);' },
  target: "es2022",
  mainFields: ["module", "main"],
  logLevel: "warning",
  // Error classes report their own names (MisconfigurationException, ValueError, ...).
  keepNames: true,
};

/** Bundles entry points into outdir and puts fulgur.wasm beside them. */
export async function bundle(entryPoints, outdir, extra = {}) {
  mkdirSync(outdir, { recursive: true });
  await esbuild.build({ ...commonOptions, entryPoints, outdir, outExtension: { ".js": ".mjs" }, ...extra });
  copyFileSync("build/fulgur.wasm", join(outdir, "fulgur.wasm"));
}

export function ensureDir(file) {
  mkdirSync(dirname(file), { recursive: true });
}

/**
 * Options for a browser bundle: platform "browser" makes esbuild honour tfjs-core's
 * "browser" field (util, crypto, node-fetch → empty), so no require() banner is needed.
 */
export const browserOptions = {
  plugins: [embedWasm],
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  mainFields: ["browser", "module", "main"],
  logLevel: "warning",
  // Error classes report their own names (MisconfigurationException, ValueError, ...).
  keepNames: true,
};

/** Bundles entry points for browsers into outdir and puts fulgur.wasm beside them. */
export async function bundleBrowser(entryPoints, outdir, extra = {}) {
  mkdirSync(outdir, { recursive: true });
  await esbuild.build({ ...browserOptions, entryPoints, outdir, outExtension: { ".js": ".mjs" }, ...extra });
  copyFileSync("build/fulgur.wasm", join(outdir, "fulgur.wasm"));
}
