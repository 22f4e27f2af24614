// esbuild helpers shared by the build, the test runner and the conformance runner.
import * as esbuild from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";

export const commonOptions = {
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  mainFields: ["module", "main"],
  // node: builtins are resolved by each runtime (Node, Deno and Bun all provide them).
  external: ["node:*"],
  logLevel: "warning",
  // tfjs-core reads process.env when it exists; keep it out of the browser path.
  define: {},
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
