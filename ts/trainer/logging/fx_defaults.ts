// Lightning's `_FxValidator` defaults: where `this.log()` is called decides whether the value
// is kept per step, reduced over the epoch, or both. `null` = logging not allowed there.
export interface LogDefaults { onStep: boolean; onEpoch: boolean; allowedOnStep: boolean[]; allowedOnEpoch: boolean[] }

const stepFirst: LogDefaults = { onStep: true, onEpoch: false, allowedOnStep: [false, true], allowedOnEpoch: [false, true] };
const epochFirst: LogDefaults = { onStep: false, onEpoch: true, allowedOnStep: [false, true], allowedOnEpoch: [false, true] };
const epochOnly: LogDefaults = { onStep: false, onEpoch: true, allowedOnStep: [false], allowedOnEpoch: [true] };

const table: Record<string, LogDefaults | null> = {
  onBeforeBackward: stepFirst, backward: stepFirst, onAfterBackward: stepFirst,
  onBeforeOptimizerStep: stepFirst, optimizerStep: stepFirst, configureGradientClipping: stepFirst,
  clipGradients: stepFirst, onBeforeZeroGrad: stepFirst, optimizerZeroGrad: stepFirst,
  lrSchedulerStep: null, onFitStart: null, onFitEnd: null, onSanityCheckStart: null, onSanityCheckEnd: null,
  onTrainStart: epochOnly, onTrainEnd: null, onValidationStart: epochOnly, onValidationEnd: null,
  onTrainEpochStart: epochOnly, onTrainEpochEnd: epochOnly, trainingEpochEnd: epochOnly,
  onValidationEpochStart: epochOnly, onValidationEpochEnd: epochOnly, validationEpochEnd: epochOnly,
  onTrainBatchStart: stepFirst, onTrainBatchEnd: stepFirst, trainingStep: stepFirst, trainingStepEnd: stepFirst,
  onValidationBatchStart: epochFirst, onValidationBatchEnd: epochFirst, validationStep: epochFirst, validationStepEnd: epochFirst,
  configureOptimizers: null, onValidationModelEval: null, onValidationModelTrain: null,
  // test: as validation; predict: no logging (Lightning's _FxValidator)
  onTestStart: epochOnly, onTestEnd: null, onTestEpochStart: epochOnly, onTestEpochEnd: epochOnly, testEpochEnd: epochOnly,
  onTestBatchStart: epochFirst, onTestBatchEnd: epochFirst, testStep: epochFirst, testStepEnd: epochFirst,
  onTestModelEval: null, onTestModelTrain: null,
  predictStep: null, onPredictStart: null, onPredictEnd: null, onPredictEpochStart: null, onPredictEpochEnd: null,
  onPredictBatchStart: null, onPredictBatchEnd: null, onPredictModelEval: null,
  prepareData: null, trainDataloader: null, valDataloader: null, testDataloader: null, predictDataloader: null,
};

export function logDefaults(fx: string): LogDefaults | null | undefined {
  return table[fx];
}
