// Public API of the trainer layer.
export { LightningModule, isOverridden } from "./lightning_module.ts";
export { LightningOptimizer } from "./lightning_optimizer.ts";
export { Trainer } from "./trainer.ts";
export { LightningDataModule, type Stage } from "./datamodule.ts";
export type { TrainerOptions } from "./trainer_options.ts";
export { DataLoader, type DataLoaderOptions } from "./data_loader.ts";
export { FulgurError, MisconfigurationException } from "./errors.ts";
export { Closure, ClosureResult } from "./closure.ts";
export { initOptimizersAndSchedulers, parseOptimConf } from "./configure_optimizers.ts";
export type { LRSchedulerConfig } from "./scheduler_config.ts";
export type {
  OptimizerConfig, OptimizerDict, LRSchedulerDict, OptimizersAndSchedulers, Optimizable, SchedulerLike,
  InferredOptimizerConfig, InferredOptimizerDict, InferredLRSchedulerDict,
} from "./optimizer_config.ts";
export { activeOptimizerIndices } from "./active_optimizers.ts";
export { setWarningSink } from "./warnings.ts";
export { SeededRandom } from "./seeded_random.ts";
export * from "./callbacks/index.ts";
export * from "./checkpoint/index.ts";
export { AnomalyDetectedError, FulgurTypeError, FulgurRuntimeError, ValueError as TrainerValueError } from "./errors.ts";
export * from "./tuner/index.ts";
export { seedEverything } from "./seed_everything.ts";
