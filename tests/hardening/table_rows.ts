// The rows of the hardening table (issue 22): one user mistake each — what was done, the error
// class, a fragment of the message — shared by tests/hardening/table.test.ts (Node, Deno, Bun) and
// tests/browser/hardening_chromium.test.ts (Chromium). No row touches a file system: every row
// can run in a browser page. runTable also checks that nothing the user had changed: the model's
// parameters, the global generator's state (a refused layer draws nothing) and Object.prototype.
import { init } from "../../ts/index.node.ts";
import {
  AdaptiveAvgPool2d, AvgPool1d, AvgPool2d, BatchNorm1d, BatchNorm2d, Conv1d, Conv2d, ConvTranspose2d, CosineSimilarity, CrossEntropyLoss,
  Dropout, Embedding, Flatten, GRU, GroupNorm, Hardtanh, HuberLoss, LSTM, LayerNorm, LeakyReLU, Linear, MSELoss, MaxPool1d, MaxPool2d, MultiheadAttention,
  RNN, Sequential, Softmax, Tanh, TransformerEncoder, TransformerEncoderLayer, Unflatten,
} from "../../ts/nn/index.ts";
import { mseLoss } from "../../ts/nn/functional.ts";
import { Adam, AdamW, Adagrad, RMSprop, SGD, clipGradNorm } from "../../ts/optim/index.ts";
import { CosineAnnealingLR, ExponentialLR, MultiStepLR, OneCycleLR, ReduceLROnPlateau, StepLR } from "../../ts/optim/lr_scheduler/index.ts";
import {
  CSVLogger, DataLoader, EarlyStopping, GradientAccumulationScheduler, LearningRateMonitor, LightningModule, ModelCheckpoint, ModelSummary,
  StochasticWeightAveraging, Trainer,
} from "../../ts/index.ts";
import { getRngState } from "../../ts/random/index.ts";

export const data = () => new DataLoader({ x: [[0, 1], [1, 0], [1, 1], [0, 0]], y: [[1], [0], [1], [0]] }, { batchSize: 2 });

export class Tiny extends LightningModule {
  net = new Sequential(new Linear(2, 3), new Tanh(), new Linear(3, 1));
  constructor(private readonly conf: (m: Tiny) => unknown = (m) => new SGD(m.parameters(), { lr: 0.1 })) { super(); }
  trainingStep(batch: any): any { return mseLoss(this.net.call(batch.x), batch.y); }
  configureOptimizers(): any { return this.conf(this); }
}

export const hash = (m: LightningModule) => m.parameters().map((p) => Array.from(p.dataSync() as Float32Array).join(",")).join(";");

export type Row = [mistake: string, run: (m: Tiny) => unknown, errorName: string, message: RegExp];

const fitWith = (conf: (m: Tiny) => unknown, trainer: Record<string, unknown> = {}) => async (m: Tiny) => {
  // no logger or checkpoint files: the rows run in a browser page too
  const t = new Trainer({ maxEpochs: 1, enableProgressBar: false, enableModelSummary: false, logger: false, enableCheckpointing: false, ...trainer });
  await t.fit(Object.assign(m, { conf }), data());
};

export const ROWS: Row[] = [
  // optimizer options: unknown keys (closest name, camelCase hint), values
  ["Adam weight_decay", (m) => new Adam(m.parameters(), { weight_decay: 5 } as any), "TypeError", /Adam\(\) got an unexpected keyword argument 'weight_decay'\. Did you mean 'weightDecay'\? fulgur's options are camelCase\./],
  ["Adam learningRate", (m) => new Adam(m.parameters(), { learningRate: 0.1 } as any), "TypeError", /Adam\(\) got an unexpected keyword argument 'learningRate'\. Did you mean 'lr'\?/],
  ["SGD momentom", (m) => new SGD(m.parameters(), { lr: 0.1, momentom: 0.9 } as any), "TypeError", /SGD\(\) got an unexpected keyword argument 'momentom'\. Did you mean 'momentum'\?/],
  ["AdamW amsGrad", (m) => new AdamW(m.parameters(), { amsGrad: true } as any), "TypeError", /Did you mean 'amsgrad'\?/],
  ["RMSprop Alpha", (m) => new RMSprop(m.parameters(), { Alpha: 0.9 } as any), "TypeError", /Did you mean 'alpha'\?/],
  ["Adagrad lr_decay", (m) => new Adagrad(m.parameters(), { lr_decay: 0.1 } as any), "TypeError", /Did you mean 'lrDecay'\?/],
  ["Adam lr NaN", (m) => new Adam(m.parameters(), { lr: NaN }), "ValueError", /Invalid learning rate: (nan|NaN)/],
  ["SGD lr string", (m) => new SGD(m.parameters(), { lr: "0.1" as any }), "TypeError", /SGD\(\): 'lr' must be a number, got string/],
  ["SGD momentum NaN", (m) => new SGD(m.parameters(), { lr: 0.1, momentum: NaN }), "ValueError", /Invalid momentum value: (nan|NaN)/],
  ["Adam options an array", (m) => new Adam(m.parameters(), [0.1] as any), "TypeError", /Adam\(\) takes its options as an object/],
  // schedulers
  ["StepLR without stepSize", (m) => new StepLR(new SGD(m.parameters(), { lr: 0.1 }), {} as any), "TypeError", /StepLR\.__init__\(\) missing 1 required positional argument: 'step_size'/],
  ["StepLR no options", (m) => new StepLR(new SGD(m.parameters(), { lr: 0.1 }), undefined as any), "TypeError", /StepLR\.__init__\(\) missing required argument: 'step_size'/],
  ["StepLR stepSize 0", (m) => new StepLR(new SGD(m.parameters(), { lr: 0.1 }), { stepSize: 0 }), "ValueError", /'stepSize' must be a positive integer, got 0/],
  ["StepLR stepSize -1", (m) => new StepLR(new SGD(m.parameters(), { lr: 0.1 }), { stepSize: -1 }), "ValueError", /'stepSize' must be a positive integer, got -1/],
  ["StepLR stepSize 1.5", (m) => new StepLR(new SGD(m.parameters(), { lr: 0.1 }), { stepSize: 1.5 }), "ValueError", /'stepSize' must be an integer, got 1.5/],
  ["StepLR step_size", (m) => new StepLR(new SGD(m.parameters(), { lr: 0.1 }), { step_size: 2 } as any), "TypeError", /Did you mean 'stepSize'\?/],
  ["CosineAnnealingLR tMax 0", (m) => new CosineAnnealingLR(new SGD(m.parameters(), { lr: 0.1 }), { tMax: 0 }), "ValueError", /'tMax' must not be 0/],
  ["CosineAnnealingLR T_max", (m) => new CosineAnnealingLR(new SGD(m.parameters(), { lr: 0.1 }), { T_max: 5 } as any), "TypeError", /unexpected keyword argument 'T_max'\. Did you mean 'tMax'\?/],
  ["ExponentialLR gamma NaN", (m) => new ExponentialLR(new SGD(m.parameters(), { lr: 0.1 }), { gamma: NaN }), "ValueError", /'gamma' must be a finite number, got NaN/],
  ["ExponentialLR no gamma", (m) => new ExponentialLR(new SGD(m.parameters(), { lr: 0.1 }), {} as any), "TypeError", /missing 1 required positional argument: 'gamma'/],
  ["MultiStepLR gama", (m) => new MultiStepLR(new SGD(m.parameters(), { lr: 0.1 }), { milestones: [1], gama: 0.5 } as any), "TypeError", /Did you mean 'gamma'\?/],
  ["OneCycleLR max_lr", (m) => new OneCycleLR(new SGD(m.parameters(), { lr: 0.1 }), { max_lr: 1, totalSteps: 4 } as any), "TypeError", /unexpected keyword argument 'max_lr'/],
  ["ReduceLROnPlateau patiense", (m) => new ReduceLROnPlateau(new SGD(m.parameters(), { lr: 0.1 }), { patiense: 2 } as any), "TypeError", /Did you mean 'patience'\?/],
  // clip_grad_norm_: torch's float(norm_type)
  ["clipGradNorm 'fro'", (m) => clipGradNorm(m.parameters(), 0.1, "fro"), "ValueError", /could not convert string to float: 'fro'/],
  ["clipGradNorm null norm", (m) => clipGradNorm(m.parameters(), 0.1, null as any), "TypeError", /norm_type must be a number/],
  // DataLoader
  ["DataLoader batchsize", () => new DataLoader({ x: [[1]] }, { batchsize: 16 } as any), "TypeError", /DataLoader\(\) got an unexpected keyword argument 'batchsize'\. Did you mean 'batchSize'\?/],
  ["DataLoader batch_size", () => new DataLoader({ x: [[1]] }, { batch_size: 16 } as any), "TypeError", /Did you mean 'batchSize'\? fulgur's options are camelCase/],
  ["DataLoader shuffle 'yes'", () => new DataLoader({ x: [[1]] }, { shuffle: "yes" } as any), "TypeError", /'shuffle' must be true or false/],
  // callbacks
  ["EarlyStopping monitr", () => new EarlyStopping({ monitor: "loss", monitr: "x" } as any), "TypeError", /EarlyStopping\(\) got an unexpected keyword argument 'monitr'\. Did you mean 'monitor'\?/],
  ["ModelCheckpoint save_top_k", () => new ModelCheckpoint({ save_top_k: 2 } as any), "TypeError", /Did you mean 'saveTopK'\? fulgur's options are camelCase/],
  ["LearningRateMonitor interval", () => new LearningRateMonitor({ logging_interval: "step" } as any), "TypeError", /Did you mean 'loggingInterval'\?/],
  // init
  ["init bakend", async () => init({ bakend: "webgpu" } as any), "TypeError", /init\(\) got an unexpected keyword argument 'bakend'\. Did you mean 'backend'\?/],
  // Trainer
  ["new Trainer(null)", () => new Trainer(null as any), "TypeError", /Trainer takes its options as an object/],
  ["Trainer max_epochs", () => new Trainer({ max_epochs: 3 } as any), "TypeError", /unexpected option 'max_epochs' \(did you mean 'maxEpochs'\?\)/],
  ["gradientClipAlgorithm 5", () => new Trainer({ gradientClipAlgorithm: 5 as any }), "MisconfigurationException", /`gradient_clip_algorithm` 5 is invalid/],
  ["gradientClipVal NaN", () => new Trainer({ gradientClipVal: NaN }), "MisconfigurationException", /`gradient_clip_val` must be a finite number >= 0. Got NaN/],
  ["gradientClipVal -1", () => new Trainer({ gradientClipVal: -1 }), "MisconfigurationException", /`gradient_clip_val` must be a finite number >= 0/],
  ["minEpochs -1", () => new Trainer({ minEpochs: -1 }), "MisconfigurationException", /`min_epochs` must be an integer >= 0/],
  ["minEpochs > maxEpochs", () => new Trainer({ minEpochs: 5, maxEpochs: 3 }), "MisconfigurationException", /at most `max_epochs` \(3\)\. You passed in 5/],
  ["limitTrainBatches NaN", () => new Trainer({ limitTrainBatches: NaN }), "MisconfigurationException", /`limit_train_batches` must be an int >= 0 or a float in \[0\.0, 1\.0\]\. Got NaN/],
  ["detectNonFinite 1", () => new Trainer({ detectNonFinite: 1 as any }), "TypeError", /`detectNonFinite` must be true or false/],
  // configureOptimizers returns
  ["configureOptimizers {}", fitWith(() => ({})), "MisconfigurationException", /returned an invalid optimizer: undefined \(no "optimizer" key\?\)/],
  ["configureOptimizers {optimizer: null}", fitWith(() => ({ optimizer: null })), "MisconfigurationException", /returned an invalid optimizer: null/],
  ["configureOptimizers {optimizer: 'adam'}", fitWith(() => ({ optimizer: "adam" })), "MisconfigurationException", /the string "adam"/],
  ["configureOptimizers [null]", fitWith(() => [null]), "MisconfigurationException", /Unknown configuration for model optimizers|invalid optimizer/],
  ...[-2, 0, 1.5, NaN].map((f): Row => [`optimizer frequency ${f}`,
    fitWith((m) => [{ optimizer: new SGD(m.parameters(), { lr: 0.1 }), frequency: f }, { optimizer: new SGD(m.parameters(), { lr: 0.1 }), frequency: 1 }]),
    "MisconfigurationException", new RegExp(`"frequency" of optimizer 0 must be a positive integer .*got ${f}`)]),
  ...[0, NaN, -1, 1.5].map((f): Row => [`scheduler frequency ${f}`,
    fitWith((m) => { const o = new SGD(m.parameters(), { lr: 0.1 }); return { optimizer: o, lr_scheduler: { scheduler: new StepLR(o, { stepSize: 1 }), frequency: f } }; }),
    "MisconfigurationException", new RegExp(`"frequency" of lr scheduler 0 must be a positive integer .*got ${f}`)]),
  // data of the wrong shape
  ["fit with rows", async (m) => new Trainer({ maxEpochs: 1, enableProgressBar: false }).fit(m, [[0, 1], [1, 0]]), "TypeError", /fit\(\) expects train_dataloaders as a DataLoader .* got an array of 2 rows of numbers/],
  // @ts-expect-error: fit's type takes a DataLoader, not columns (the mistake is a compile error too)
  ["fit with a columns object", async (m) => new Trainer({ maxEpochs: 1, enableProgressBar: false }).fit(m, { x: [[0, 1]], y: [[1]] }), "TypeError", /Pass it through a DataLoader/],
  // @ts-expect-error: not a loader
  ["fit with a number", async (m) => new Trainer({ maxEpochs: 1, enableProgressBar: false }).fit(m, 5), "TypeError", /got number 5/],
];

/** nn layer constructors: unknown keys, missing arguments, wrong types, out-of-range values (torch's words where it has them). */
export const LAYER_ROWS: Row[] = [
  // Linear
  ["Linear without outFeatures", () => new (Linear as any)(2), "TypeError", /Linear\.__init__\(\) missing 1 required positional argument: 'out_features'/],
  ["Linear(-1, 2)", () => new Linear(-1, 2), "ValueError", /Linear: 'inFeatures' must be a non-negative integer, got -1/],
  ["Linear(2.5, 2)", () => new Linear(2.5, 2), "TypeError", /Linear: 'inFeatures' must be an integer, got 2\.5/],
  ["Linear(NaN, 2)", () => new Linear(NaN, 2), "ValueError", /'inFeatures' must be a finite integer, got NaN/],
  ["Linear bias 'no'", () => new Linear(2, 3, "no" as any), "TypeError", /Linear: 'bias' must be true or false, got string/],
  ["Linear { bais }", () => new Linear(2, 3, { bais: false } as any), "TypeError", /Linear\(\) got an unexpected keyword argument 'bais'\. Did you mean 'bias'\?/],
  // convolutions
  ["Conv2d padding_mode", () => new Conv2d(1, 2, 3, { padding_mode: "zeros" } as any), "TypeError", /Conv2d\(\) got an unexpected keyword argument 'padding_mode'\. Did you mean 'paddingMode'\? fulgur's options are camelCase\./],
  ["Conv2d without kernelSize", () => new (Conv2d as any)(1, 2), "TypeError", /Conv2d\.__init__\(\) missing 1 required positional argument: 'kernel_size'/],
  ["Conv2d inChannels 1.5", () => new Conv2d(1.5, 2, 3), "TypeError", /Conv2d: 'inChannels' must be an integer, got 1\.5/],
  ["Conv2d outChannels 0", () => new Conv2d(1, 0, 3), "ValueError", /'outChannels' must be a positive integer, got 0/],
  ["Conv2d stride 0", () => new Conv2d(1, 2, 3, { stride: 0 }), "ValueError", /Conv2d: 'stride' must be a positive integer, got 0/],
  ["Conv2d padding -1", () => new Conv2d(1, 2, 3, 1, -1), "ValueError", /'padding' must be a non-negative integer, got -1/],
  ["Conv2d kernelSize [3, 3, 3]", () => new Conv2d(1, 2, [3, 3, 3] as any), "ValueError", /'kernelSize' must be an integer or a list of 2 integers/],
  ["Conv2d groups 0", () => new Conv2d(1, 2, 3, { groups: 0 }), "ValueError", /^groups must be a positive integer$/],
  ["Conv2d in_channels not divisible by groups", () => new Conv2d(4, 4, 3, { groups: 3 }), "ValueError", /^in_channels must be divisible by groups$/],
  ["Conv2d bias 'yes'", () => new Conv2d(1, 2, 3, { bias: "yes" as any }), "TypeError", /Conv2d: 'bias' must be true or false/],
  ["Conv2d padding 'full'", () => new Conv2d(1, 2, 3, { padding: "full" as any }), "ValueError", /Invalid padding string 'full', should be one of \{'valid', 'same'\}/],
  ["Conv2d paddingMode 'x'", () => new Conv2d(1, 2, 3, { paddingMode: "x" as any }), "ValueError", /padding_mode must be one of .*but got padding_mode='x'/],
  ["Conv1d kernelSize [3, 3]", () => new Conv1d(1, 2, [3, 3] as any), "ValueError", /Conv1d: 'kernelSize' must be an integer or a list of 1 integers/],
  ["Conv1d generator 5", () => new Conv1d(1, 2, 3, { generator: 5 as any }), "TypeError", /Conv1d: 'generator' must be a Generator/],
  ["ConvTranspose2d output_padding", () => new ConvTranspose2d(1, 2, 3, { output_padding: 1 } as any), "TypeError", /Did you mean 'outputPadding'\?/],
  ["ConvTranspose2d outputPadding 3", () => new ConvTranspose2d(1, 2, 3, { outputPadding: 3 }), "ValueError", /output padding must be smaller than either stride or dilation/],
  // pooling
  ["MaxPool2d without kernelSize", () => new (MaxPool2d as any)(), "TypeError", /MaxPool2d\.__init__\(\) missing 1 required positional argument: 'kernel_size'/],
  ["MaxPool2d stride 0", () => new MaxPool2d(2, 0), "ValueError", /stride should not be zero/],
  ["MaxPool2d padding 2 of kernel 2", () => new MaxPool2d(2, { padding: 2 }), "ValueError", /pad should be at most half of kernel size, but got pad=2 and kernel_size=2/],
  ["MaxPool2d ceil_mode", () => new MaxPool2d(2, { ceil_mode: true } as any), "TypeError", /MaxPool2d\(\) got an unexpected keyword argument 'ceil_mode'\. Did you mean 'ceilMode'\?/],
  ["MaxPool2d ceilMode 1", () => new MaxPool2d(2, { ceilMode: 1 as any }), "TypeError", /'ceilMode' must be true or false/],
  ["MaxPool1d kernelSize [2, 2]", () => new MaxPool1d([2, 2] as any), "ValueError", /MaxPool1d: 'kernelSize' must be an integer or a list of 1 integers/],
  ["AvgPool2d padding 2 of kernel 3", () => new AvgPool2d(3, 1, 2), "ValueError", /pad should be at most half of kernel size, but got pad=2 and kernel_size=3/],
  ["AvgPool2d divisorOverride 0", () => new AvgPool2d(2, { divisorOverride: 0 }), "ValueError", /divisor must be not zero/],
  ["AvgPool1d count_include_pad", () => new AvgPool1d(2, { count_include_pad: false } as any), "TypeError", /Did you mean 'countIncludePad'\?/],
  ["AdaptiveAvgPool2d(-1)", () => new AdaptiveAvgPool2d(-1), "ValueError", /elements of output_size must be greater than or equal to 0/],
  // normalization
  ["BatchNorm1d(0)", () => new BatchNorm1d(0), "ValueError", /'numFeatures' must be a positive integer, got 0/],
  ["BatchNorm1d momentum 1.5", () => new BatchNorm1d(3, { momentum: 1.5 }), "ValueError", /BatchNorm1d: 'momentum' must be <= 1, got 1\.5/],
  ["BatchNorm2d eps NaN", () => new BatchNorm2d(3, NaN), "ValueError", /BatchNorm2d: 'eps' must be a finite number, got NaN/],
  ["BatchNorm1d track_running_stats", () => new BatchNorm1d(3, { track_running_stats: false } as any), "TypeError", /Did you mean 'trackRunningStats'\? fulgur's options are camelCase/],
  ["BatchNorm1d affine 'no'", () => new BatchNorm1d(3, { affine: "no" as any }), "TypeError", /'affine' must be true or false/],
  ["LayerNorm(-1)", () => new LayerNorm(-1), "ValueError", /LayerNorm: 'normalizedShape' must be a non-negative integer, got -1/],
  ["LayerNorm elementwise_affine", () => new LayerNorm(4, { elementwise_affine: false } as any), "TypeError", /Did you mean 'elementwiseAffine'\?/],
  ["LayerNorm eps -1", () => new LayerNorm(4, -1), "ValueError", /LayerNorm: 'eps' must be >= 0, got -1/],
  ["GroupNorm(0, 4)", () => new GroupNorm(0, 4), "ValueError", /'numGroups' must be a positive integer, got 0/],
  ["GroupNorm(2, 3)", () => new GroupNorm(2, 3), "ValueError", /^num_channels must be divisible by num_groups$/],
  // dropout, embedding
  ["Dropout(1.5)", () => new Dropout(1.5), "ValueError", /^dropout probability has to be between 0 and 1, but got 1\.5$/],
  ["Dropout('0.5')", () => new Dropout("0.5" as any), "TypeError", /Dropout: 'p' must be a number, got string/],
  ["Dropout inplace 'yes'", () => new Dropout(0.5, { inplace: "yes" as any }), "TypeError", /'inplace' must be true or false/],
  ["Dropout { P }", () => new Dropout(0.5, { P: 0.1 } as any), "TypeError", /Dropout\(\) got an unexpected keyword argument 'P'/],
  ["Embedding paddingIdx 10 of 10", () => new Embedding(10, 3, { paddingIdx: 10 }), "ValueError", /Padding_idx must be within num_embeddings/],
  ["Embedding padding_idx", () => new Embedding(10, 3, { padding_idx: 0 } as any), "TypeError", /Did you mean 'paddingIdx'\?/],
  ["Embedding(-1, 3)", () => new Embedding(-1, 3), "ValueError", /'numEmbeddings' must be a non-negative integer, got -1/],
  // attention, transformer
  ["MultiheadAttention(5, 2)", () => new MultiheadAttention(5, 2), "ValueError", /embed_dim must be divisible by num_heads/],
  ["MultiheadAttention dropout 1.5", () => new MultiheadAttention(4, 2, { dropout: 1.5 }), "ValueError", /^dropout probability has to be between 0 and 1, but got 1\.5$/],
  ["MultiheadAttention batch_first", () => new MultiheadAttention(4, 2, { batch_first: true } as any), "TypeError", /MultiheadAttention\(\) got an unexpected keyword argument 'batch_first'\. Did you mean 'batchFirst'\?/],
  ["MultiheadAttention kdim 0", () => new MultiheadAttention(4, 2, { kdim: 0 }), "ValueError", /'kdim' must be a positive integer, got 0/],
  ["TransformerEncoderLayer dropout 1.5", () => new TransformerEncoderLayer(4, 2, { dropout: 1.5 }), "ValueError", /^dropout probability has to be between 0 and 1, but got 1\.5$/],
  ["TransformerEncoderLayer activation 'tanh'", () => new TransformerEncoderLayer(4, 2, { activation: "tanh" as any }), "RuntimeError", /activation should be relu\/gelu, not tanh/],
  ["TransformerEncoderLayer dim_feedforward", () => new TransformerEncoderLayer(4, 2, { dim_feedforward: 8 } as any), "TypeError", /Did you mean 'dimFeedforward'\?/],
  ["TransformerEncoderLayer nhead 0", () => new TransformerEncoderLayer(4, 0), "ValueError", /'nhead' must be a positive integer, got 0/],
  ["TransformerEncoder of a Sequential", (m) => new TransformerEncoder(m.net as any, 2), "TypeError", /'encoderLayer' must be a TransformerEncoderLayer, got Sequential/],
  // recurrent
  ["LSTM dropout 1.5", () => new LSTM(3, 4, { dropout: 1.5 }), "ValueError", /dropout should be a number in range \[0, 1\] representing the probability of an element being zeroed/],
  ["GRU num_layer", () => new GRU(3, 4, { num_layer: 2 } as any), "TypeError", /GRU\(\) got an unexpected keyword argument 'num_layer'\. Did you mean 'numLayers'\?/],
  ["LSTM hiddenSize 4.5", () => new LSTM(3, 4.5), "TypeError", /hidden_size should be of type int/],
  ["LSTM numLayers 1.5", () => new LSTM(3, 4, { numLayers: 1.5 }), "TypeError", /LSTM: 'numLayers' must be an integer, got 1\.5/],
  ["LSTM batchFirst 'yes'", () => new LSTM(3, 4, { batchFirst: "yes" as any }), "TypeError", /'batchFirst' must be true or false/],
  ["RNN nonlinearity 'sigmoid'", () => new RNN(3, 4, { nonlinearity: "sigmoid" as any }), "ValueError", /Unknown nonlinearity 'sigmoid'/],
  ["LSTM without hiddenSize", () => new (LSTM as any)(3), "TypeError", /LSTM\.__init__\(\) missing 1 required positional argument: 'hidden_size'/],
  // reshapes, activations
  ["Flatten(1.5)", () => new Flatten(1.5), "TypeError", /Flatten: 'startDim' must be an integer, got 1\.5/],
  ["Unflatten(1, 'a')", () => new Unflatten(1, "a" as any), "TypeError", /unflattened_size must be a tuple of ints, but found type string/],
  ["Unflatten(1, [2, 0])", () => new Unflatten(1, [2, 0]), "ValueError", /Unflatten: sizes must be positive/],
  ["LeakyReLU({ negativeSlope })", () => new LeakyReLU({ negativeSlope: 0.2 } as any), "TypeError", /LeakyReLU: 'negativeSlope' must be a number, got an options object; pass it positionally/],
  ["LeakyReLU(NaN)", () => new LeakyReLU(NaN), "ValueError", /'negativeSlope' must be a finite number, got NaN/],
  ["Softmax(1.5)", () => new Softmax(1.5), "TypeError", /Softmax: 'dim' must be an integer, got 1\.5/],
  ["Hardtanh(1, -1)", () => new Hardtanh(1, -1), "ValueError", /max_val \(-1\) must be greater than min_val \(1\)/],
  // losses
  ["MSELoss reduction 'meen'", () => new MSELoss({ reduction: "meen" as any }), "ValueError", /^meen is not a valid value for reduction$/],
  ["CrossEntropyLoss labelSmoothing 2", () => new CrossEntropyLoss({ labelSmoothing: 2 }), "ValueError", /label_smoothing must be between 0\.0 and 1\.0\. Got: 2/],
  ["CrossEntropyLoss ignore_index", () => new CrossEntropyLoss({ ignore_index: -1 } as any), "TypeError", /Did you mean 'ignoreIndex'\?/],
  ["HuberLoss delta 0", () => new HuberLoss({ delta: 0 }), "ValueError", /HuberLoss: 'delta' must be > 0, got 0/],
  ["CosineSimilarity eps NaN", () => new CosineSimilarity(1, NaN), "ValueError", /'eps' must be a finite number, got NaN/],
];

/** Callbacks and loggers: value types and ranges beyond the unknown keys (Lightning's / torch's words where they have them). */
export const CALLBACK_ROWS: Row[] = [
  ["EarlyStopping without monitor", () => new EarlyStopping({} as any), "MisconfigurationException", /EarlyStopping needs a `monitor`/],
  ["EarlyStopping patience '3'", () => new EarlyStopping({ monitor: "loss", patience: "3" as any }), "TypeError", /EarlyStopping: 'patience' must be an integer, got string/],
  ["EarlyStopping patience -1", () => new EarlyStopping({ monitor: "loss", patience: -1 }), "MisconfigurationException", /`patience` must be a non-negative integer, got -1/],
  ["EarlyStopping verbose 'yes'", () => new EarlyStopping({ monitor: "loss", verbose: "yes" as any }), "TypeError", /'verbose' must be true or false/],
  ["EarlyStopping stoppingThreshold NaN", () => new EarlyStopping({ monitor: "loss", stoppingThreshold: NaN }), "ValueError", /'stoppingThreshold' must be a finite number, got NaN/],
  ["EarlyStopping mode 'mn'", () => new EarlyStopping({ monitor: "loss", mode: "mn" as any }), "MisconfigurationException", /`mode` can be min, max, got mn|`mode` can min, max, got mn/],
  ["EarlyStopping min_delta", () => new EarlyStopping({ monitor: "loss", min_delta: 0.1 } as any), "TypeError", /Did you mean 'minDelta'\? fulgur's options are camelCase/],
  ["ModelCheckpoint dirpath 5", () => new ModelCheckpoint({ dirpath: 5 as any }), "TypeError", /ModelCheckpoint: 'dirpath' must be a string \(or null\), got number/],
  ["ModelCheckpoint saveLast 'yes'", () => new ModelCheckpoint({ saveLast: "yes" as any }), "TypeError", /'saveLast' must be true or false/],
  ["ModelCheckpoint saveTopK -2", () => new ModelCheckpoint({ saveTopK: -2 }), "MisconfigurationException", /Invalid value for save_top_k=-2\. Must be >= -1/],
  ["ModelCheckpoint saveTopK 3 without monitor", () => new ModelCheckpoint({ saveTopK: 3 }), "MisconfigurationException", /You can save the top-k checkpoints only if you provide a monitor/],
  ["ModelCheckpoint mode 'maximum'", () => new ModelCheckpoint({ mode: "maximum" as any }), "MisconfigurationException", /`mode` can be min, max but got maximum/],
  ["ModelCheckpoint every_n_epochs", () => new ModelCheckpoint({ every_n_epochs: 2 } as any), "TypeError", /Did you mean 'everyNEpochs'\?/],
  ["ModelCheckpoint everyNTrainSteps '5'", () => new ModelCheckpoint({ everyNTrainSteps: "5" as any }), "TypeError", /'everyNTrainSteps' must be an integer, got string/],
  ["LearningRateMonitor logMomentum 1", () => new LearningRateMonitor({ logMomentum: 1 as any }), "TypeError", /LearningRateMonitor: 'logMomentum' must be true or false/],
  ["LearningRateMonitor loggingInterval 'batch'", () => new LearningRateMonitor({ loggingInterval: "batch" as any }), "MisconfigurationException", /logging_interval should be `step` or `epoch` or `None`/],
  ["SWA swa_lrs", () => new StochasticWeightAveraging({ swa_lrs: 0.1 } as any), "TypeError", /Did you mean 'swaLrs'\?/],
  ["SWA swaLrs 0", () => new StochasticWeightAveraging({ swaLrs: 0 }), "MisconfigurationException", /The `swa_lrs` should a positive float, or a list of positive floats/],
  ["SWA annealingEpochs -1", () => new StochasticWeightAveraging({ swaLrs: 0.1, annealingEpochs: -1 }), "ValueError", /anneal_epochs must be equal or greater than 0, got -1/],
  ["SWA annealingStrategy 'cosine'", () => new StochasticWeightAveraging({ swaLrs: 0.1, annealingStrategy: "cosine" as any }), "ValueError", /anneal_strategy must by one of 'cos' or 'linear', instead got cosine/],
  ["SWA swaEpochStart 0", () => new StochasticWeightAveraging({ swaLrs: 0.1, swaEpochStart: 0 }), "MisconfigurationException", /swa_epoch_start should be a >0 integer or a float between 0 and 1/],
  ["ModelSummary max_depth", () => new ModelSummary({ max_depth: 2 } as any), "TypeError", /ModelSummary\(\) got an unexpected keyword argument 'max_depth'\. Did you mean 'maxDepth'\?/],
  ["ModelSummary maxDepth 2", () => new ModelSummary({ maxDepth: 2 as any }), "ValueError", /only maxDepth 1 \(direct children\) or 0 \(off\) is supported, got 2/],
  ["GradientAccumulationScheduler factor 0", () => new GradientAccumulationScheduler({ 0: 0 }), "MisconfigurationException", /Accumulation factor should be an int greater than 0/],
  ["CSVLogger save_dir", () => new CSVLogger({ save_dir: "logs" } as any), "TypeError", /CSVLogger\(\) got an unexpected keyword argument 'save_dir'\. Did you mean 'saveDir'\?/],
  ["Trainer callbacks [{ monitor }]", () => new Trainer({ callbacks: [{ monitor: "val_loss" } as any] }), "TypeError", /`callbacks` must be a list of Callback objects: item 0 is a plain object \(monitor\); pass an instance/],
  ["Trainer callbacks [EarlyStopping] (the class)", () => new Trainer({ callbacks: [EarlyStopping as any] }), "TypeError", /`callbacks` must be a list of Callback objects/],
  ["Trainer callbacks with a bad EarlyStopping", () => new Trainer({ callbacks: [new EarlyStopping({ monitor: "loss", patience: 1.5 })] }), "MisconfigurationException", /`patience` must be a non-negative integer, got 1\.5/],
];

export interface TableResult {
  checked: number;
  failures: string[];
}

/** Runs each row on a fresh model: the error's class and message, and that nothing the user had changed. */
export async function runTable(rows: readonly Row[]): Promise<TableResult> {
  const failures: string[] = [];
  const protoKeys = () => Object.getOwnPropertyNames(Object.prototype).sort().join(",");
  const protoBefore = protoKeys();
  for (const [mistake, run, errorName, message] of rows) {
    const m = new Tiny();
    const params = hash(m);
    const rng = JSON.stringify(getRngState());
    let threw: unknown = null;
    try {
      await run(m);
    } catch (e) {
      threw = e;
    }
    if (!(threw instanceof Error)) failures.push(`${mistake}: no error`);
    else if (threw.name !== errorName) failures.push(`${mistake}: expected ${errorName}, got ${threw.name}: ${threw.message}`);
    else if (!message.test(threw.message)) failures.push(`${mistake}: message ${JSON.stringify(threw.message)} does not match ${message}`);
    if (hash(m) !== params) failures.push(`${mistake}: the parameters changed`);
    if (JSON.stringify(getRngState()) !== rng) failures.push(`${mistake}: the global generator's state changed`);
    if (protoKeys() !== protoBefore) failures.push(`${mistake}: Object.prototype changed`);
  }
  return { checked: rows.length, failures };
}

/** Every row: the Trainer/optimizer/scheduler/data ones, the layers', the callbacks'. */
export const ALL_ROWS: Row[] = [...ROWS, ...LAYER_ROWS, ...CALLBACK_ROWS];
export { init };
