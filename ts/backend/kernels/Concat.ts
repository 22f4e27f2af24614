import { util, type TensorInfo } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { concatImpl } from "./util/concat.ts";

export const ConcatConfig = kernel("Concat", (inputs, backend, attrs) => {
  const list = inputs as unknown as TensorInfo[];
  const axis = util.parseAxisParam(attrs.axis as number, list[0].shape)[0];
  return concatImpl(backend, list, axis);
});
