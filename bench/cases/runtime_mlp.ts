// Case 4: case 2's fulgur figure (Trainer, 784-256-128-10 MLP, batch 128, Adam) on whatever
// runtime runs this bundle: bench/run.mjs starts it under Node, Deno and Bun.
import { init } from "../../ts/index.node.ts";
import { budgetMs, emit } from "../lib/emit.ts";
import { benchFulgurMlp } from "../lib/mlp_fulgur.ts";

function runtimeName(): string {
  const g = globalThis as { Deno?: { version: { deno: string } }; Bun?: { version: string }; process?: { version: string } };
  if (g.Deno) return `deno ${g.Deno.version.deno}`;
  if (g.Bun) return `bun ${g.Bun.version}`;
  return `node ${g.process?.version.slice(1)}`;
}

await init();
const r = await benchFulgurMlp(3 * budgetMs());
console.error(`${runtimeName()}: ${r.msPerStep.toFixed(2)} ms/step`);
emit({ runtime: runtimeName(), ...r });
