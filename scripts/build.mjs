// npm run build: the WASM module, then the bundles in dist/.
import "./build_wasm.mjs";
import { bundle } from "./bundle.mjs";

await bundle({ "fulgur.node": "ts/index.node.ts" }, "dist");
