// Names of the fused normalisation kernels (ts/backend/kernels/FulgurNorm.ts), shared with ts/autograd/ops/norm.ts.
export const BATCH_NORM_TRAIN = "FulgurBatchNormTrain";
export const BATCH_NORM_TRAIN_GRAD = "FulgurBatchNormTrainGrad";
export const ROW_NORM = "FulgurRowNorm";
export const ROW_NORM_GRAD = "FulgurRowNormGrad";
