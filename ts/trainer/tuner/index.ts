// The Tuner: Lightning's learning-rate finder.
export { Tuner, type TunerLRFindOptions } from "./tuning.ts";
export { LearningRateFinder } from "./learning_rate_finder.ts";
export { lrFind, LRFinderResult, LRFinderCallback, type LRFindOptions, type LRFindMode } from "./lr_finder.ts";
export type { PlotOptions } from "./lr_plot.ts";
