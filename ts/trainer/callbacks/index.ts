// Public callbacks and loggers.
export { Callback } from "./callback.ts";
export { ModelCheckpoint, type ModelCheckpointOptions } from "./model_checkpoint.ts";
export { EarlyStopping, type EarlyStoppingOptions } from "./early_stopping.ts";
export { LearningRateMonitor, type LearningRateMonitorOptions } from "./lr_monitor.ts";
export { ProgressBar, type ProgressBarOptions } from "./progress_bar.ts";
export { CSVLogger, type CSVLoggerOptions } from "./csv_logger.ts";
export { MetricsStream, type StepMetrics } from "./metrics_stream.ts";
export type { Logger } from "./logger.ts";
export { GradientAccumulationScheduler, type AccumulationSchedule } from "./gradient_accumulation_scheduler.ts";
export { StochasticWeightAveraging, type StochasticWeightAveragingOptions } from "./stochastic_weight_averaging.ts";
export { ModelSummary, summarizeModel, humanReadableCount, type ModelSummaryOptions } from "./model_summary.ts";
