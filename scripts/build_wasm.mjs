// Compiles asm/ (AssemblyScript, SIMD) into build/fulgur.wasm.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";

mkdirSync("build", { recursive: true });
execFileSync(process.execPath, ["node_modules/assemblyscript/bin/asc.js", "asm/index.ts", "--config", "asconfig.json", "--target", "release"], { stdio: "inherit" });
