// The tfjs backends every autograd/nn test runs on: the reference CPU backend and our WASM one.
import "@tensorflow/tfjs-backend-cpu";
import { init } from "../../ts/index.node.ts";

export const BACKENDS = ["cpu", "fulgur-wasm"] as const;

export async function useBackend(name: (typeof BACKENDS)[number]): Promise<void> {
  await init({ backend: name });
}
