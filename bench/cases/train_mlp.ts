// Case 2: training-step throughput of the 784-256-128-10 MLP (batch 128, Adam, CE):
// fulgur Trainer on fulgur-wasm vs tfjs-layers model.fit on tfjs-backend-wasm and -cpu,
// and a plain tfjs-core loop on tfjs-backend-wasm.
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { init } from "../../ts/index.node.ts";
import { budgetMs, emit } from "../lib/emit.ts";
import { benchFulgurMlp } from "../lib/mlp_fulgur.ts";
import { benchCoreLoop, benchLayersFit } from "../lib/mlp_tfjs.ts";
import { useTfjsWasm } from "../lib/tfjs_wasm.ts";

async function main(): Promise<void> {
  await init();
  const budget = 3 * budgetMs();
  const fulgur = await benchFulgurMlp(budget);
  console.error(`fulgur Trainer (fulgur-wasm): ${fulgur.msPerStep.toFixed(2)} ms/step`);
  await useTfjsWasm();
  const layersWasm = await benchLayersFit(budget);
  console.error(`tfjs-layers fit (tfjs-wasm): ${layersWasm.msPerStep.toFixed(2)} ms/step`);
  const coreWasm = benchCoreLoop(budget);
  console.error(`tfjs-core minimize loop (tfjs-wasm): ${coreWasm.msPerStep.toFixed(2)} ms/step`);
  await tf.setBackend("cpu");
  const layersCpu = await benchLayersFit(budget);
  console.error(`tfjs-layers fit (tfjs-cpu): ${layersCpu.msPerStep.toFixed(2)} ms/step`);
  emit({ fulgur, layersWasm, coreWasm, layersCpu });
}

await main();
