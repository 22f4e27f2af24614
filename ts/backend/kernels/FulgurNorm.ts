// Custom kernels for the fused normalisations (asm/kernels/norm/): BatchNorm in training mode on
// x [N, C, S] and the row normalisation behind LayerNorm / GroupNorm on x [R, D], forward and
// backward. Optional weight / bias are passed to WASM as pointer 0.
import type { TensorInfo } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import type { BackendFulgur } from "../backend_fulgur.ts";
import { BATCH_NORM_TRAIN, BATCH_NORM_TRAIN_GRAD, ROW_NORM, ROW_NORM_GRAD } from "./norm_names.ts";

type Fn = (...args: number[]) => void;
const ptr = (backend: BackendFulgur, t: TensorInfo | undefined) => (t === undefined ? 0 : backend.ptrOf(t));

/** inputs x [N, C, S], weight?, bias? → [y, mean [C], invstd [C], unbiased variance [C]]. */
export const FulgurBatchNormTrainConfig = kernel(BATCH_NORM_TRAIN, ({ x, weight, bias }, backend, attrs) => {
  const [N, C, S] = x.shape;
  const y = backend.makeOutput(x.shape.slice(), "float32");
  const stats = [0, 1, 2].map(() => backend.makeOutput([C], "float32"));
  (backend.wasm.batchnorm_train_f32 as Fn)(backend.ptrOf(x), ptr(backend, weight), ptr(backend, bias), backend.ptrOf(y),
    backend.ptrOf(stats[0]), backend.ptrOf(stats[1]), backend.ptrOf(stats[2]), N, C, S, attrs.eps as number);
  return [y, ...stats];
});

/** inputs x, dy [N, C, S], mean, invstd [C], weight? → [dx, dweight [C], dbias [C]]. */
export const FulgurBatchNormTrainGradConfig = kernel(BATCH_NORM_TRAIN_GRAD, ({ x, dy, mean, invstd, weight }, backend) => {
  const [N, C, S] = x.shape;
  const dx = backend.makeOutput(x.shape.slice(), "float32");
  const dw = backend.makeOutput([C], "float32"), db = backend.makeOutput([C], "float32");
  (backend.wasm.batchnorm_train_grad_f32 as Fn)(backend.ptrOf(x), backend.ptrOf(dy), backend.ptrOf(mean), backend.ptrOf(invstd),
    ptr(backend, weight), backend.ptrOf(dx), backend.ptrOf(dw), backend.ptrOf(db), N, C, S);
  return [dx, dw, db];
});

/** inputs x [R, D], weight?, bias? [P] (attrs G, S, eps, groupOrder) → [y, mean [R], rstd [R]]. */
export const FulgurRowNormConfig = kernel(ROW_NORM, ({ x, weight, bias }, backend, attrs) => {
  const [R, D] = x.shape;
  const y = backend.makeOutput(x.shape.slice(), "float32");
  const mean = backend.makeOutput([R], "float32"), rstd = backend.makeOutput([R], "float32");
  (backend.wasm.rownorm_f32 as Fn)(backend.ptrOf(x), ptr(backend, weight), ptr(backend, bias), backend.ptrOf(y),
    backend.ptrOf(mean), backend.ptrOf(rstd), R, D, attrs.G as number, attrs.S as number, attrs.eps as number,
    attrs.groupOrder ? 1 : 0);
  return [y, mean, rstd];
});

/** inputs x, dy [R, D], mean, rstd [R], weight? (attrs G, S, P) → [dx, dweight [P], dbias [P]]. */
export const FulgurRowNormGradConfig = kernel(ROW_NORM_GRAD, ({ x, dy, mean, rstd, weight }, backend, attrs) => {
  const [R, D] = x.shape;
  const P = attrs.P as number;
  const dx = backend.makeOutput(x.shape.slice(), "float32");
  const dw = backend.makeOutput([P], "float32"), db = backend.makeOutput([P], "float32");
  (backend.wasm.rownorm_grad_f32 as Fn)(backend.ptrOf(x), backend.ptrOf(dy), backend.ptrOf(mean), backend.ptrOf(rstd),
    ptr(backend, weight), backend.ptrOf(dx), backend.ptrOf(dw), backend.ptrOf(db), R, D, attrs.G as number, attrs.S as number, P);
  return [dx, dw, db];
});
