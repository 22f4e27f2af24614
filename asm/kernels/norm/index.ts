// Fused normalisation kernels (BatchNorm training, LayerNorm, GroupNorm), forward and backward.
export * from "./batch_norm";
export * from "./row_norm";
