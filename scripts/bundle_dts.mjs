// One self-contained declaration file per public entry (dist/fulgur.d.ts, dist/fulgur.browser.d.ts):
// rollup-plugin-dts follows the sources' imports and inlines tfjs's types (respectExternal), so a
// consumer needs no @tensorflow package; @internal members are stripped.
import { rollup } from "rollup";
import { dts } from "rollup-plugin-dts";
import { readFileSync, writeFileSync } from "node:fs";

const STAND_INS = {
  GPUBuffer: "/** WebGPU's GPUBuffer (@webgpu/types), opaque here. */\ntype GPUBuffer = object;",
  WebGLTexture: "/** WebGL's texture, opaque here. */\ntype WebGLTexture = object;",
  IDBFactory: "/** IndexedDB's factory (globalThis.indexedDB), opaque here. */\ntype IDBFactory = object;",
  BufferSource: "type BufferSource = ArrayBuffer | ArrayBufferView;",
};

export async function bundleDts(entry, outFile) {
  const build = await rollup({
    input: entry,
    // Node's own modules stay imports (@types/node, which a Node project has); everything else is inlined.
    external: (id) => id.startsWith("node:"),
    plugins: [
      dts({
        respectExternal: true,
        tsconfig: "scripts/tsconfig.dts.json",
        compilerOptions: { stripInternal: true, noCheck: true },
      }),
    ],
    onwarn(w, warn) {
      if (w.code !== "CIRCULAR_DEPENDENCY" && w.code !== "UNUSED_EXTERNAL_IMPORT") warn(w);
    },
  });
  await build.write({ file: outFile, format: "es" });
  await build.close();
  // A few web types the declarations name (tfjs's GPUData, IndexedDB checkpoints, init's bytes)
  // get local stand-ins, so the file type-checks without lib "dom" or @webgpu/types (Node and
  // Deno projects, `deno publish`); the reference to @webgpu/types would not resolve in an install.
  let text = readFileSync(outFile, "utf8").replace(/^\/\/\/ <reference types="@webgpu\/types[^"]*" \/>\n/m, "");
  for (const [name, decl] of Object.entries(STAND_INS)) {
    if (new RegExp(`\\b${name}\\b`).test(text) && !new RegExp(`(interface|type|class) ${name}\\b`).test(text)) text += `${decl}\n`;
  }
  writeFileSync(outFile, text);
}
