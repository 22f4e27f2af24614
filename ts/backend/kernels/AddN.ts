// tf.addN: summed left to right with the Add kernel's float32 WASM path.
import type { TensorInfo } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { AddConfig } from "./Add.ts";
import { castImpl } from "./util/cast.ts";

export const AddNConfig = kernel("AddN", (inputs, backend) => {
  const list = inputs as unknown as TensorInfo[];
  const add = (a: TensorInfo, b: TensorInfo) =>
    AddConfig.kernelFunc({ inputs: { a, b }, backend, attrs: {} }) as TensorInfo;
  if (list.length === 1) return castImpl(backend, list[0], list[0].dtype);
  let acc = add(list[0], list[1]);
  for (let i = 2; i < list.length; i++) {
    const next = add(acc, list[i]);
    backend.disposeData(acc.dataId);
    acc = next;
  }
  return acc;
});
