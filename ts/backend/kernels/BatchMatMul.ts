// tf.matMul → BatchMatMul: [..., M, K]·[..., K, N] with transpose flags and broadcast batch dims.
import { broadcast_util, util } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { asFloat32 } from "./util/cast.ts";
import { FulgurRuntimeError } from "../../errors.ts";

type MatMulFn = (a: number, b: number, o: number, M: number, K: number, N: number,
                 ta: number, tb: number, batch: number, batchA: number, batchB: number) => void;

export const BatchMatMulConfig = kernel("BatchMatMul", ({ a, b }, backend, attrs) => {
  const transposeA = attrs.transposeA as boolean, transposeB = attrs.transposeB as boolean;
  const ra = a.shape.length, rb = b.shape.length;
  const M = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const K = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  const Kb = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
  const N = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  if (K !== Kb) {
    throw new FulgurRuntimeError(`BatchMatMul: inner dimensions must match: ${K} (a ${a.shape}, transposeA=${transposeA}) vs ${Kb} (b ${b.shape}, transposeB=${transposeB})`);
  }
  const batchA = util.sizeFromShape(a.shape.slice(0, -2)), batchB = util.sizeFromShape(b.shape.slice(0, -2));
  const outer = broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batch = util.sizeFromShape(outer);
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) {
    throw new FulgurRuntimeError(`BatchMatMul: batch dims ${a.shape.slice(0, -2)} and ${b.shape.slice(0, -2)} broadcast only when equal or when one side is a single matrix`);
  }
  const [fa, da] = asFloat32(backend, a);
  const [fb, db] = asFloat32(backend, b);
  const out = backend.makeOutput([...outer, M, N], "float32");
  (backend.wasm.matmul_f32 as MatMulFn)(backend.ptrOf(fa), backend.ptrOf(fb), backend.ptrOf(out), M, K, N,
    transposeA ? 1 : 0, transposeB ? 1 : 0, batch, batchA, batchB);
  if (da) backend.disposeData(fa.dataId);
  if (db) backend.disposeData(fb.dataId);
  return out;
});
