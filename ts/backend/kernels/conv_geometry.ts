// The window geometry shared by the im2col / col2im kernels and ts/autograd/ops/unfold.ts.
// x is [N, C, H, W]; the columns are [G, N, oh*ow, (C/G)*kh*kw] (see asm/kernels/conv/im2col.ts).
export interface WindowGeometry {
  N: number; C: number; H: number; W: number; G: number;
  kh: number; kw: number; sh: number; sw: number; ph: number; pw: number; dh: number; dw: number;
  oh: number; ow: number;
}

export const IM2COL = "FulgurIm2Col";
export const COL2IM = "FulgurCol2Im";
export const IM2COL_T = "FulgurIm2ColT";
export const COL2IM_T = "FulgurCol2ImT";
export const MAXPOOL = "FulgurMaxPool";
export const ROWS_TO_NCHW = "FulgurRowsToNCHW";
export const NCHW_TO_ROWS = "FulgurNCHWToRows";
export const CONV_DIRECT = "FulgurConvDirect";
export const CONV_WGRAD = "FulgurConvWeightGrad";
export const CONV_IGRAD = "FulgurConvInputGrad";

/** The geometry's numbers in the fixed argument order of im2col_f32 / col2im_f32. */
export function geometryArgs(g: WindowGeometry): number[] {
  return [g.N, g.C, g.H, g.W, g.G, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, g.oh, g.ow];
}

export function colsShape(g: WindowGeometry): number[] {
  return [g.G, g.N, g.oh * g.ow, (g.C / g.G) * g.kh * g.kw];
}

/** The transposed columns' shape: [G, Cg*kh*kw, N*oh*ow]. */
export function colsTShape(g: WindowGeometry): number[] {
  return [g.G, (g.C / g.G) * g.kh * g.kw, g.N * g.oh * g.ow];
}
