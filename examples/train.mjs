// Runs examples/train.ts on Node 20, which cannot execute TypeScript: esbuild strips the
// types, "fulgur" is pointed at the built Node bundle, and the result runs as a module.
//   npm run build && node examples/train.mjs
import { readFile } from "node:fs/promises";
import { transform } from "esbuild";

const source = await readFile(new URL("./train.ts", import.meta.url), "utf8");
const { code } = await transform(source, { loader: "ts", format: "esm", target: "es2022" });
const bundle = new URL("../dist/fulgur.node.mjs", import.meta.url).href;
const program = code.replace(/from\s*["']fulgur["']/g, `from ${JSON.stringify(bundle)}`);
await import("data:text/javascript;charset=utf-8," + encodeURIComponent(program));
