// Bundles the browser demo (examples/browser/main.ts) into dist/demo/main.mjs. The library
// itself is not bundled in: "fulgur" stays an import of dist/fulgur.browser.mjs, which loads
// fulgur.wasm from beside itself.
import * as esbuild from "esbuild";
import { browserOptions } from "../bundle.mjs";

const fulgurExternal = {
  name: "fulgur-external",
  setup(build) {
    build.onResolve({ filter: /^fulgur$/ }, () => ({ path: "../fulgur.browser.mjs", external: true }));
  },
};

export async function buildDemo(outdir = "dist/demo") {
  await esbuild.build({
    ...browserOptions,
    entryPoints: { main: "examples/browser/main.ts" },
    outdir,
    outExtension: { ".js": ".mjs" },
    plugins: [fulgurExternal],
  });
}
