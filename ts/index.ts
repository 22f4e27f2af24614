// The runtime-agnostic public API.
export { initWith } from "./init.ts";
export type { InitOptions, BackendName } from "./init.ts";
export { BACKEND_NAMES } from "./init.ts";
export type { Accelerator } from "./gpu/accelerator.ts";
export * from "./autograd/index.ts";
export * from "./nn/index.ts";
export * from "./random/index.ts";
/** torch.nn as a namespace too (`nn.Linear`, `nn.init.kaimingUniform_(...)`): the layers, functional forms and inits. */
export * as nn from "./nn/index.ts";
export * from "./trainer/index.ts";
export * from "./optim/index.ts";
export * from "./optim/lr_scheduler/index.ts";
// PyTorch interop: safetensors, torch.save files, Lightning .ckpt (ts/interop)
export * from "./interop/index.ts";
export { fulgurThreads as getNumThreads, shutdownThreads } from "./backend/threads/start.ts"; // init({ threads })
