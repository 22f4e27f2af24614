// Every fulgur-wasm kernel; register.ts registers this list.
import type { KernelConfig } from "@tensorflow/tfjs-core";
import { AbsConfig } from "./Abs.ts";
import { AddConfig } from "./Add.ts";
import { AddNConfig } from "./AddN.ts";
import { ArgMaxConfig } from "./ArgMax.ts";
import { ArgMinConfig } from "./ArgMin.ts";
import { BatchMatMulConfig } from "./BatchMatMul.ts";
import { CastConfig } from "./Cast.ts";
import { CeilConfig } from "./Ceil.ts";
import { ClipByValueConfig } from "./ClipByValue.ts";
import { ConcatConfig } from "./Concat.ts";
import { CosConfig } from "./Cos.ts";
import { EluConfig } from "./Elu.ts";
import { EqualConfig } from "./Equal.ts";
import { ErfConfig } from "./Erf.ts";
import { ExpConfig } from "./Exp.ts";
import { ExpandDimsConfig } from "./ExpandDims.ts";
import { Expm1Config } from "./Expm1.ts";
import { FillConfig } from "./Fill.ts";
import { FloorConfig } from "./Floor.ts";
import { GatherV2Config } from "./GatherV2.ts";
import { GreaterConfig } from "./Greater.ts";
import { GreaterEqualConfig } from "./GreaterEqual.ts";
import { IdentityConfig } from "./Identity.ts";
import { IsFiniteConfig } from "./IsFinite.ts";
import { IsInfConfig } from "./IsInf.ts";
import { IsNanConfig } from "./IsNan.ts";
import { LeakyReluConfig } from "./LeakyRelu.ts";
import { LessConfig } from "./Less.ts";
import { LessEqualConfig } from "./LessEqual.ts";
import { LogConfig } from "./Log.ts";
import { Log1pConfig } from "./Log1p.ts";
import { LogicalAndConfig } from "./LogicalAnd.ts";
import { LogicalNotConfig } from "./LogicalNot.ts";
import { LogicalOrConfig } from "./LogicalOr.ts";
import { MaxConfig } from "./Max.ts";
import { MaximumConfig } from "./Maximum.ts";
import { MeanConfig } from "./Mean.ts";
import { MinConfig } from "./Min.ts";
import { MinimumConfig } from "./Minimum.ts";
import { MultiplyConfig } from "./Multiply.ts";
import { NegConfig } from "./Neg.ts";
import { NotEqualConfig } from "./NotEqual.ts";
import { OneHotConfig } from "./OneHot.ts";
import { OnesLikeConfig } from "./OnesLike.ts";
import { PackConfig } from "./Pack.ts";
import { PadV2Config } from "./PadV2.ts";
import { PowConfig } from "./Pow.ts";
import { ProdConfig } from "./Prod.ts";
import { RangeConfig } from "./Range.ts";
import { RealDivConfig } from "./RealDiv.ts";
import { ReciprocalConfig } from "./Reciprocal.ts";
import { ReluConfig } from "./Relu.ts";
import { Relu6Config } from "./Relu6.ts";
import { ReshapeConfig } from "./Reshape.ts";
import { ReverseConfig } from "./Reverse.ts";
import { RoundConfig } from "./Round.ts";
import { RsqrtConfig } from "./Rsqrt.ts";
import { SelectConfig } from "./Select.ts";
import { SigmoidConfig } from "./Sigmoid.ts";
import { SignConfig } from "./Sign.ts";
import { SinConfig } from "./Sin.ts";
import { SliceConfig } from "./Slice.ts";
import { SoftmaxConfig } from "./Softmax.ts";
import { SoftplusConfig } from "./Softplus.ts";
import { SplitVConfig } from "./SplitV.ts";
import { SqrtConfig } from "./Sqrt.ts";
import { SquareConfig } from "./Square.ts";
import { SquaredDifferenceConfig } from "./SquaredDifference.ts";
import { StepConfig } from "./Step.ts";
import { StridedSliceConfig } from "./StridedSlice.ts";
import { SubConfig } from "./Sub.ts";
import { SumConfig } from "./Sum.ts";
import { TanhConfig } from "./Tanh.ts";
import { TileConfig } from "./Tile.ts";
import { TransposeConfig } from "./Transpose.ts";
import { UnpackConfig } from "./Unpack.ts";
import { ZerosLikeConfig } from "./ZerosLike.ts";
import { FulgurIm2ColConfig } from "./FulgurIm2Col.ts";
import { FulgurCol2ImConfig } from "./FulgurCol2Im.ts";
import { FulgurCol2ImTConfig, FulgurIm2ColTConfig } from "./FulgurIm2ColT.ts";
import { FulgurMaxPoolConfig } from "./FulgurMaxPool.ts";
import { FulgurConvDirectConfig, FulgurConvInputGradConfig, FulgurConvWeightGradConfig } from "./FulgurConvDirect.ts";
import { FulgurReluBackwardConfig } from "./FulgurReluBackward.ts";
import { FulgurNCHWToRowsConfig, FulgurRowsToNCHWConfig } from "./FulgurConvLayout.ts";
import { FulgurBatchNormTrainConfig, FulgurBatchNormTrainGradConfig, FulgurRowNormConfig, FulgurRowNormGradConfig } from "./FulgurNorm.ts";
import { UnsortedSegmentSumConfig } from "./UnsortedSegmentSum.ts";
// data-movement kernels (asm/kernels/movement)
import { GatherNdConfig } from "./GatherNd.ts";
import { ScatterNdConfig } from "./ScatterNd.ts";
import { MirrorPadConfig } from "./MirrorPad.ts";
import { CumsumConfig } from "./Cumsum.ts";
import { TopKConfig } from "./TopK.ts";
import { AllConfig } from "./All.ts";
import { AnyConfig } from "./Any.ts";
import { LinSpaceConfig } from "./LinSpace.ts";
// trigonometric / hyperbolic (tensor API B)
import { TanConfig } from "./Tan.ts";
import { AsinConfig } from "./Asin.ts";
import { AcosConfig } from "./Acos.ts";
import { AtanConfig } from "./Atan.ts";
import { SinhConfig } from "./Sinh.ts";
import { CoshConfig } from "./Cosh.ts";
import { Atan2Config } from "./Atan2.ts";

export const allKernels: KernelConfig[] = [
  AbsConfig,
  AddConfig,
  AddNConfig,
  ArgMaxConfig,
  ArgMinConfig,
  BatchMatMulConfig,
  CastConfig,
  CeilConfig,
  ClipByValueConfig,
  ConcatConfig,
  CosConfig,
  EluConfig,
  EqualConfig,
  ErfConfig,
  ExpConfig,
  ExpandDimsConfig,
  Expm1Config,
  FillConfig,
  FloorConfig,
  GatherV2Config,
  GreaterConfig,
  GreaterEqualConfig,
  IdentityConfig,
  IsFiniteConfig,
  IsInfConfig,
  IsNanConfig,
  LeakyReluConfig,
  LessConfig,
  LessEqualConfig,
  LogConfig,
  Log1pConfig,
  LogicalAndConfig,
  LogicalNotConfig,
  LogicalOrConfig,
  MaxConfig,
  MaximumConfig,
  MeanConfig,
  MinConfig,
  MinimumConfig,
  MultiplyConfig,
  NegConfig,
  NotEqualConfig,
  OneHotConfig,
  OnesLikeConfig,
  PackConfig,
  PadV2Config,
  PowConfig,
  ProdConfig,
  RangeConfig,
  RealDivConfig,
  ReciprocalConfig,
  ReluConfig,
  Relu6Config,
  ReshapeConfig,
  ReverseConfig,
  RoundConfig,
  RsqrtConfig,
  SelectConfig,
  SigmoidConfig,
  SignConfig,
  SinConfig,
  SliceConfig,
  SoftmaxConfig,
  SoftplusConfig,
  SplitVConfig,
  SqrtConfig,
  SquareConfig,
  SquaredDifferenceConfig,
  StepConfig,
  StridedSliceConfig,
  SubConfig,
  SumConfig,
  TanhConfig,
  TileConfig,
  TransposeConfig,
  UnpackConfig,
  ZerosLikeConfig,
  FulgurIm2ColConfig,
  FulgurCol2ImConfig,
  FulgurIm2ColTConfig,
  FulgurCol2ImTConfig,
  FulgurMaxPoolConfig,
  FulgurRowsToNCHWConfig,
  FulgurNCHWToRowsConfig,
  FulgurConvDirectConfig,
  FulgurConvWeightGradConfig,
  FulgurConvInputGradConfig,
  FulgurReluBackwardConfig,
  UnsortedSegmentSumConfig,
  GatherNdConfig,
  ScatterNdConfig,
  MirrorPadConfig,
  CumsumConfig,
  TopKConfig,
  AllConfig,
  AnyConfig,
  LinSpaceConfig,
  TanConfig,
  AsinConfig,
  AcosConfig,
  AtanConfig,
  SinhConfig,
  CoshConfig,
  Atan2Config,
  FulgurBatchNormTrainConfig,
  FulgurBatchNormTrainGradConfig,
  FulgurRowNormConfig,
  FulgurRowNormGradConfig,
];
