// npm run build: the WASM module, then dist/:
//   fulgur.mjs          Node, Deno and Bun (one bundle; fulgur.wasm inlined, so no file beside it)
//   fulgur.browser.mjs  browsers and browser bundlers (esbuild, Vite), also importable from a CDN URL
//   *.mjs.map           source maps (names and lines, no sources inlined: 10 MB less): a stack trace
//                       points at ts/… files and lines
//   fulgur.d.ts         one self-contained declaration file for the public API (tfjs types inlined)
// fulgur.node/deno/bun.mjs are one-line re-exports kept for the repository's own scripts; the
// package ships only what package.json's "files" lists.
//
//   node scripts/build.mjs [--no-types] [--demo]
//     --no-types: skip the declarations (quick builds for tests); --demo: also the browser demo (dist/demo/).
import "./build_wasm.mjs";
import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bundle, bundleBrowser, commonOptions } from "./bundle.mjs";

const out = "dist";
const withTypes = !process.argv.includes("--no-types");

for (const f of ["fulgur.node.mjs", "fulgur.deno.mjs", "fulgur.bun.mjs"]) rmSync(join(out, f), { force: true });
// @ts-self-types: Deno (and JSR) take the declarations from the bundle itself.
const selfTypes = (dts) => `/* @ts-self-types="./${dts}" */`;
await bundle({ fulgur: "ts/index.node.ts" }, out, {
  sourcemap: "linked", sourcesContent: false, banner: { js: `${selfTypes("fulgur.d.ts")}\n${commonOptions.banner.js}` },
});
await bundleBrowser({ "fulgur.browser": "ts/index.browser.ts" }, out, {
  sourcemap: "linked", sourcesContent: false, banner: { js: selfTypes("fulgur.browser.d.ts") },
});
for (const f of ["fulgur.node.mjs", "fulgur.deno.mjs", "fulgur.bun.mjs"]) writeFileSync(join(out, f), 'export * from "./fulgur.mjs";\n');
if (process.argv.includes("--demo")) await (await import("./browser/build_demo.mjs")).buildDemo(join(out, "demo"));

if (withTypes) {
  rmSync(join(out, "types"), { recursive: true, force: true });
  // One declaration file per entry with tfjs's types inlined, so an install needs no @tensorflow
  // package; @internal members are stripped (the tsconfig below sets stripInternal).
  const { bundleDts } = await import("./bundle_dts.mjs");
  const dts = (entry, file) => bundleDts(entry, join(out, file));
  await dts("ts/index.node.ts", "fulgur.d.ts");
  await dts("ts/index.browser.ts", "fulgur.browser.d.ts");
  for (const f of ["fulgur.d.ts", "fulgur.browser.d.ts"]) {
    const text = readFileSync(join(out, f), "utf8");
    if (/from\s+["']@tensorflow\//.test(text)) throw new Error(`${f} still imports a tfjs package`);
  }
}

const kb = (f) => (statSync(join(out, f)).size / 1024).toFixed(1);
const files = ["fulgur.mjs", "fulgur.browser.mjs", "fulgur.wasm"];
console.log(files.map((f) => `${join(out, f)}  ${kb(f)} KB`).join("\n"));
