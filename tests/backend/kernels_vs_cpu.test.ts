// Every fulgur-wasm kernel against @tensorflow/tfjs-backend-cpu on seeded random inputs,
// including broadcasting, transposed and batched matmuls, and non-float dtypes.
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { before, test } from "node:test";
import { init } from "../../ts/index.node.ts";
import { assertMatchesCpu, randomArray, rng } from "./helpers.ts";

before(async () => { await init(); });

const rand = rng(1234);
const t = (shape: number[], lo = -3, hi = 3) => {
  const data = randomArray(shape.reduce((a, b) => a * b, 1), rand, lo, hi);
  return () => tf.tensor(data, shape);
};

const broadcastCases: [number[], number[]][] = [
  [[5], [5]], [[3, 4], [3, 4]], [[3, 4], [4]], [[3, 4], [3, 1]], [[1, 4], [3, 1]],
  [[2, 3, 4], [3, 1]], [[2, 1, 4], [1, 3, 1]], [[], [2, 3]], [[2, 3], []], [[7, 9], [1, 9]], [[4, 1, 6], [4, 5, 6]],
];

const binaryOps: [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor][] = [
  ["add", tf.add], ["sub", tf.sub], ["mul", tf.mul], ["div", tf.div], ["maximum", tf.maximum],
  ["minimum", tf.minimum], ["squaredDifference", tf.squaredDifference],
  ["greater", tf.greater], ["greaterEqual", tf.greaterEqual], ["less", tf.less],
  ["lessEqual", tf.lessEqual], ["equal", tf.equal], ["notEqual", tf.notEqual],
];

test("binary kernels broadcast like the cpu backend", async () => {
  for (const [sa, sb] of broadcastCases) {
    const a = t(sa), b = t(sb);
    for (const [name, op] of binaryOps) {
      await assertMatchesCpu(() => op(a(), b()), `${name}(${sa}, ${sb})`);
    }
    // equality needs equal values to be meaningful
    await assertMatchesCpu(() => tf.equal(a(), tf.round(a())), `equal(round) ${sa}`);
  }
});

test("pow on positive bases and integer exponents", async () => {
  const base = t([3, 4], 0.1, 3), ex = t([4], -2, 2);
  await assertMatchesCpu(() => tf.pow(base(), ex()), "pow", 1e-5, 1e-6);
  const g1 = t([6]);
  await assertMatchesCpu(() => tf.pow(g1(), tf.scalar(2)), "pow(x, 2)");
  const g2 = t([6]);
  await assertMatchesCpu(() => tf.pow(g2(), tf.scalar(3)), "pow(x, 3)");
});

test("int32 and bool elementwise paths", async () => {
  const ai = () => tf.tensor([1, -2, 3, 40000, -5, 6], [2, 3], "int32");
  const bi = () => tf.tensor([3, 0, -1], [3], "int32");
  for (const [name, op] of binaryOps) {
    if (name === "div") continue; // tf.div on int32 is FloorDiv
    await assertMatchesCpu(() => op(ai(), bi()), `${name} int32`);
  }
  await assertMatchesCpu(() => tf.neg(ai()), "neg int32");
  await assertMatchesCpu(() => tf.abs(ai()), "abs int32");
  await assertMatchesCpu(() => tf.square(ai()), "square int32");
  await assertMatchesCpu(() => tf.relu(ai()), "relu int32");
  await assertMatchesCpu(() => tf.cast(tf.greater(ai(), bi()), "float32"), "cast bool→float32");
  await assertMatchesCpu(() => tf.cast(tf.tensor([1.7, -1.7, 0, 2.5]), "int32"), "cast float32→int32");
  await assertMatchesCpu(() => tf.cast(tf.tensor([1.7, 0, -0.5]), "bool"), "cast float32→bool");
  await assertMatchesCpu(() => tf.sum(ai(), 1), "sum int32");
  await assertMatchesCpu(() => tf.max(ai(), 0), "max int32");
});

const unaryOps: [string, (x: tf.Tensor) => tf.Tensor, number, number][] = [
  ["neg", tf.neg, -3, 3], ["abs", tf.abs, -3, 3], ["sign", tf.sign, -3, 3], ["exp", tf.exp, -10, 10],
  ["log", tf.log, 0.01, 10], ["log1p", tf.log1p, -0.9, 10], ["sqrt", tf.sqrt, 0, 10], ["rsqrt", tf.rsqrt, 0.01, 10],
  ["square", tf.square, -3, 3], ["tanh", tf.tanh, -5, 5], ["sigmoid", tf.sigmoid, -10, 10], ["relu", tf.relu, -3, 3],
  ["leakyRelu", (x) => tf.leakyRelu(x, 0.1), -3, 3], ["softplus", tf.softplus, -10, 10], ["erf", tf.erf, -4, 4],
  ["floor", tf.floor, -3, 3], ["ceil", tf.ceil, -3, 3], ["round", tf.round, -3, 3], ["reciprocal", tf.reciprocal, 0.1, 3],
  ["step", (x) => tf.step(x, 0.25), -3, 3], ["clipByValue", (x) => tf.clipByValue(x, -1, 0.5), -3, 3],
  ["elu", tf.elu, -3, 3], ["expm1", tf.expm1, -3, 3], ["sin", tf.sin, -3, 3], ["cos", tf.cos, -3, 3], ["relu6", tf.relu6, -3, 9],
];

test("unary kernels match the cpu backend", async () => {
  for (const [name, op, lo, hi] of unaryOps) {
    for (const shape of [[1], [7], [3, 5], [2, 3, 17]]) {
      const x = t(shape, lo, hi);
      // cpu computes transcendentals in float64 JS Math; ours are float32 musl: allow a few ulp
      await assertMatchesCpu(() => op(x()), `${name}${JSON.stringify(shape)}`, 2e-6, 1e-6);
    }
  }
});

test("batched matmul with transposes matches the cpu backend", async () => {
  const cases: [number[], number[], boolean, boolean][] = [
    [[2, 3], [3, 4], false, false], [[1, 1], [1, 1], false, false], [[5, 7], [7, 9], false, false],
    [[7, 5], [7, 9], true, false], [[5, 7], [9, 7], false, true], [[7, 5], [9, 7], true, true],
    [[3, 4, 6], [3, 6, 5], false, false], [[3, 6, 4], [6, 5], true, false], [[4, 6], [2, 5, 6], false, true],
    [[33, 65], [65, 17], false, false], [[64, 64], [64, 64], false, true], [[2, 0], [0, 3], false, false],
  ];
  for (const [sa, sb, ta, tb] of cases) {
    const a = t(sa), b = t(sb);
    await assertMatchesCpu(() => tf.matMul(a(), b(), ta, tb), `matMul(${sa}, ${sb}, ${ta}, ${tb})`, 1e-5, 1e-5);
  }
});

test("reductions over every axis combination", async () => {
  const x = t([3, 4, 5]);
  const axes: (number | number[] | undefined)[] = [undefined, 0, 1, 2, -1, [0, 2], [1, 2], [0, 1, 2]];
  for (const axis of axes) {
    for (const keep of [false, true]) {
      const tag = `${JSON.stringify(axis)} keepDims=${keep}`;
      await assertMatchesCpu(() => tf.sum(x(), axis, keep), `sum ${tag}`, 1e-5, 1e-5);
      await assertMatchesCpu(() => tf.mean(x(), axis, keep), `mean ${tag}`, 1e-5, 1e-5);
      await assertMatchesCpu(() => tf.max(x(), axis, keep), `max ${tag}`);
      await assertMatchesCpu(() => tf.min(x(), axis, keep), `min ${tag}`);
      const g3 = t([3, 4, 5], 0.5, 1.5);
      await assertMatchesCpu(() => tf.prod(g3(), axis, keep), `prod ${tag}`, 1e-5, 1e-6);
    }
  }
  for (const axis of [0, 1, 2]) {
    await assertMatchesCpu(() => tf.argMax(x(), axis), `argMax ${axis}`);
    await assertMatchesCpu(() => tf.argMin(x(), axis), `argMin ${axis}`);
  }
});

test("structural kernels match the cpu backend", async () => {
  const x = t([2, 3, 4]);
  await assertMatchesCpu(() => tf.reshape(x(), [6, 4]), "reshape");
  await assertMatchesCpu(() => tf.expandDims(x(), 1), "expandDims");
  await assertMatchesCpu(() => tf.clone(x()), "clone");
  await assertMatchesCpu(() => tf.fill([2, 3], 1.5), "fill");
  await assertMatchesCpu(() => tf.fill([2, 2], 3, "int32"), "fill int32");
  await assertMatchesCpu(() => tf.zerosLike(x()), "zerosLike");
  await assertMatchesCpu(() => tf.onesLike(x()), "onesLike");
  for (const perm of [[0, 1, 2], [2, 1, 0], [1, 0, 2], [0, 2, 1], [2, 0, 1]]) {
    await assertMatchesCpu(() => tf.transpose(x(), perm), `transpose ${perm}`);
  }
  const g4 = t([5, 7]);
  await assertMatchesCpu(() => tf.transpose(g4()), "transpose 2d");
  await assertMatchesCpu(() => tf.where(tf.greater(x(), 0), x(), tf.neg(x())), "where");
  const g5 = t([2, 3]);
  const g6 = t([2, 3]);
  await assertMatchesCpu(() => tf.where(tf.tensor([true, false], [2, 1], "bool"), g5(), g6()), "where broadcast");
  const g7 = t([2, 1, 4]);
  const g8 = t([2, 2, 4]);
  await assertMatchesCpu(() => tf.concat([x(), g7(), g8()], 1), "concat axis 1");
  await assertMatchesCpu(() => tf.concat([x(), x()], -1), "concat last");
  const g9 = t([2]);
  const g10 = t([3]);
  await assertMatchesCpu(() => tf.concat([g9(), g10()]), "concat 1d");
  await assertMatchesCpu(() => tf.slice(x(), [1, 0, 1], [1, 2, 3]), "slice");
  await assertMatchesCpu(() => tf.slice(x(), [0, 1], [-1, 2]), "slice -1");
  await assertMatchesCpu(() => tf.stridedSlice(x(), [0, 0, 0], [2, 3, 4], [1, 2, 3]), "stridedSlice steps");
  await assertMatchesCpu(() => tf.stridedSlice(x(), [1, 2, 3], [0, 0, 0], [-1, -1, -2], 0, 0, 0, 0, 0), "stridedSlice reverse");
  await assertMatchesCpu(() => tf.stridedSlice(x(), [1, 0], [2, 3], [1, 1], 0, 0, 0, 0, 1), "stridedSlice shrink");
  const g11 = t([2, 3]);
  await assertMatchesCpu(() => tf.tile(g11(), [2, 3]), "tile");
  const g12 = t([3, 1]);
  await assertMatchesCpu(() => tf.broadcastTo(g12(), [2, 3, 4]), "broadcastTo");
  const g13 = t([2, 3]);
  const g14 = t([2, 3]);
  const g15 = t([2, 3]);
  await assertMatchesCpu(() => tf.stack([g13(), g14(), g15()], 1), "stack");
  await assertMatchesCpu(() => tf.unstack(x(), 1), "unstack");
  await assertMatchesCpu(() => tf.split(x(), [1, 3], 2), "split");
  await assertMatchesCpu(() => tf.gather(x(), tf.tensor1d([2, 0, 2], "int32"), 1), "gather axis 1");
  const g16 = t([5, 3]);
  await assertMatchesCpu(() => tf.gather(g16(), tf.tensor2d([[4, 0], [1, 1]], [2, 2], "int32")), "gather 2d indices");
  await assertMatchesCpu(() => tf.oneHot(tf.tensor1d([0, 3, 1, 7], "int32"), 5), "oneHot");
  await assertMatchesCpu(() => tf.oneHot(tf.tensor1d([2, 0], "int32"), 3, 0.9, 0.05, "float32"), "oneHot float");
  const g17 = t([4, 7]);
  await assertMatchesCpu(() => tf.softmax(g17()), "softmax", 1e-5, 1e-7);
  const g18 = t([4, 7]);
  await assertMatchesCpu(() => tf.logSoftmax(g18()), "logSoftmax", 1e-5, 1e-6);
  const g19 = t([2, 3, 4]);
  await assertMatchesCpu(() => tf.addN([x(), x(), g19()]), "addN");
  await assertMatchesCpu(() => tf.range(0, 10, 3), "range");
  await assertMatchesCpu(() => tf.range(5, -1, -1.5), "range negative");
  await assertMatchesCpu(() => tf.reverse(x(), [0, 2]), "reverse");
  await assertMatchesCpu(() => tf.pad(x(), [[1, 0], [0, 2], [1, 1]], 0.5), "pad");
  const special = () => tf.tensor1d([0, NaN, Infinity, -Infinity, -2]);
  await assertMatchesCpu(() => [tf.isNaN(special()), tf.isInf(special()), tf.isFinite(special())], "isNaN/isInf/isFinite");
  const p = () => tf.tensor1d([true, false, true, false], "bool"), q = () => tf.tensor1d([true, true, false, false], "bool");
  await assertMatchesCpu(() => [tf.logicalAnd(p(), q()), tf.logicalOr(p(), q()), tf.logicalNot(p())], "logical ops");
});
