// torch.nn.init, camelCase, drawing from torch's generator (ts/random): after manualSeed(s) every
// function fills exactly what torch 1.13 fills. Bounds and gains are computed in float64 in
// torch's Python order (math.sqrt in WASM), so uniform_'s bounds are torch's bit for bit.
//
// Usage (layers): create the parameter, then initialise it in torch's reset_parameters order:
//   this.weight = new Parameter(zeros([out, inPerGroup, kh, kw]));   // torch.empty
//   kaimingUniform_(this.weight, Math.sqrt(5));                      // a, mode, nonlinearity, generator
//   const [fanIn] = calculateFanInAndFanOut(this.weight);
//   uniform_(this.bias, -1 / sqrt(fanIn), 1 / sqrt(fanIn));          // use wasmSqrt / fanInBound
// Every function runs under noGrad (so Parameters may be filled), returns its tensor, and takes
// an optional Generator last (default: the global one, seeded by manualSeed / seedEverything).
// Conv weights: fans include the receptive field (fanIn = size(1) * prod(size(2:))).
import * as tf from "@tensorflow/tfjs-core";
import { Tensor } from "../autograd/tensor.ts";
import { noGrad } from "../autograd/grad_mode.ts";
import { setValue } from "../autograd/memory.ts";
import { fulgurWasm } from "../backend/wasm_module.ts";
import { ValueError } from "../errors.ts";
import { defaultGenerator, Generator } from "../random/generator.ts";
import { sampleNormal, sampleUniform } from "../random/sample.ts";

export { Generator, defaultGenerator, manualSeed } from "../random/generator.ts";

/** float64 square root in WASM (IEEE, the same on every engine), as Python's math.sqrt. */
export function wasmSqrt(x: number): number {
  return fulgurWasm().f64_sqrt(x);
}

const erf64 = (x: number) => (fulgurWasm() as unknown as { rng_erf64(x: number): number }).rng_erf64(x);

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());

/** torch.nn.init.calculate_gain (names in torch's snake_case or camelCase: "leaky_relu" / "leakyRelu"). */
export function calculateGain(nonlinearity: string, param?: number | null): number {
  const name = snake(nonlinearity);
  const linearFns = ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d"];
  if (linearFns.includes(name) || name === "sigmoid") return 1;
  if (name === "tanh") return 5.0 / 3;
  if (name === "relu") return wasmSqrt(2.0);
  if (name === "leaky_relu") {
    let slope: number;
    if (param === undefined || param === null) slope = 0.01;
    else if (typeof param === "number") slope = param;
    else throw new ValueError(`negative_slope ${param} not a valid number`);
    return wasmSqrt(2.0 / (1 + slope * slope));
  }
  if (name === "selu") return 3.0 / 4;
  throw new ValueError(`Unsupported nonlinearity ${nonlinearity}`);
}

/** torch.nn.init._calculate_fan_in_and_fan_out: [fanIn, fanOut], conv weights times the receptive field. */
export function calculateFanInAndFanOut(t: Tensor): [number, number] {
  if (t.rank < 2) throw new ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return [t.shape[1] * receptive, t.shape[0] * receptive];
}

/** The fan an init uses (torch's "fan_in" / "fan_out"; camelCase accepted). */
export type FanMode = "fan_in" | "fan_out" | "fanIn" | "fanOut";

function correctFan(t: Tensor, mode: FanMode): number {
  const m = snake(String(mode)).toLowerCase();
  if (m !== "fan_in" && m !== "fan_out") throw new ValueError(`Mode ${mode} not supported, please use one of fan_in, fan_out`);
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  return m === "fan_in" ? fanIn : fanOut;
}

function fill(t: Tensor, data: Float32Array | tf.Tensor): Tensor {
  noGrad(() => setValue(t, data instanceof Float32Array ? tf.tensor(data, t.shape, "float32") : data));
  return t;
}

/** torch.nn.init.uniform_(tensor, a=0, b=1). */
export function uniform_(t: Tensor, a = 0, b = 1, generator?: Generator | null): Tensor {
  noGrad(() => t.uniform_(a, b, generator));
  return t;
}

/** torch.nn.init.normal_(tensor, mean=0, std=1). */
export function normal_(t: Tensor, mean = 0, std = 1, generator?: Generator | null): Tensor {
  noGrad(() => t.normal_(mean, std, generator));
  return t;
}

/** torch.nn.init.constant_(tensor, val). */
export function constant_(t: Tensor, val: number): Tensor {
  return fill(t, tf.fill(t.shape, val, t.dtype === "int32" ? "int32" : "float32"));
}

/** torch.nn.init.zeros_: fills `t` with zeros in place (no gradient recorded). */
export function zeros_(t: Tensor): Tensor {
  return constant_(t, 0);
}

/** torch.nn.init.ones_: fills `t` with ones in place (no gradient recorded). */
export function ones_(t: Tensor): Tensor {
  return constant_(t, 1);
}

/** torch.nn.init.eye_ (2-D tensors only). */
export function eye_(t: Tensor): Tensor {
  if (t.rank !== 2) throw new ValueError("Only tensors with 2 dimensions are supported");
  const [r, c] = t.shape;
  const d = new Float32Array(r * c);
  for (let i = 0; i < Math.min(r, c); i++) d[i * c + i] = 1;
  return fill(t, d);
}

/** torch.nn.init.xavier_uniform_(tensor, gain=1). */
export function xavierUniform_(t: Tensor, gain = 1, generator?: Generator | null): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const std = gain * wasmSqrt(2.0 / (fanIn + fanOut));
  const a = wasmSqrt(3.0) * std;
  return uniform_(t, -a, a, generator);
}

/** torch.nn.init.xavier_normal_(tensor, gain=1). */
export function xavierNormal_(t: Tensor, gain = 1, generator?: Generator | null): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const std = gain * wasmSqrt(2.0 / (fanIn + fanOut));
  return normal_(t, 0, std, generator);
}

/** torch.nn.init.kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu"). */
export function kaimingUniform_(t: Tensor, a = 0, mode: FanMode = "fan_in", nonlinearity = "leaky_relu", generator?: Generator | null): Tensor {
  if (t.shape.includes(0)) return t; // torch warns "Initializing zero-element tensors is a no-op"
  const fan = correctFan(t, mode);
  const gain = calculateGain(nonlinearity, a);
  const std = gain / wasmSqrt(fan);
  const bound = wasmSqrt(3.0) * std;
  return uniform_(t, -bound, bound, generator);
}

/** torch.nn.init.kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu"). */
export function kaimingNormal_(t: Tensor, a = 0, mode: FanMode = "fan_in", nonlinearity = "leaky_relu", generator?: Generator | null): Tensor {
  if (t.shape.includes(0)) return t;
  const fan = correctFan(t, mode);
  const gain = calculateGain(nonlinearity, a);
  const std = gain / wasmSqrt(fan);
  return normal_(t, 0, std, generator);
}

/**
 * torch.nn.init.trunc_normal_(tensor, mean=0, std=1, a=-2, b=2), torch 1.13's algorithm:
 * uniform_(2l-1, 2u-1) with l, u the normal CDF at the bounds, erfinv_, * std√2, + mean, clamp.
 */
export function truncNormal_(t: Tensor, mean = 0, std = 1, a = -2, b = 2, generator?: Generator | null): Tensor {
  const sqrt2 = wasmSqrt(2.0);
  const normCdf = (x: number) => (1 + erf64(x / sqrt2)) / 2;
  const l = normCdf((a - mean) / std);
  const u = normCdf((b - mean) / std);
  const data = sampleUniform(t.size, 2 * l - 1, 2 * u - 1, generator);
  const w = fulgurWasm() as unknown as { alloc(n: number): number; dealloc(p: number): void; memory: WebAssembly.Memory; rng_erfinv_f32(p: number, n: number): void };
  const p = w.alloc(Math.max(4, data.length * 4));
  try {
    new Float32Array(w.memory.buffer, p, data.length).set(data);
    w.rng_erfinv_f32(p, data.length);
    data.set(new Float32Array(w.memory.buffer, p, data.length));
  } finally {
    w.dealloc(p);
  }
  const scale = Math.fround(std * sqrt2), m = Math.fround(mean), lo = Math.fround(a), hi = Math.fround(b);
  for (let i = 0; i < data.length; i++) {
    const v = Math.fround(Math.fround(data[i] * scale) + m);
    data[i] = v < lo ? lo : v > hi ? hi : v;
  }
  return fill(t, data);
}

/**
 * torch.nn.init.orthogonal_(tensor, gain=1): normal_ on a [rows, cols] matrix (transposed when
 * rows < cols), QR (Householder in float64; Q made unique by the sign of R's diagonal, as torch),
 * times gain.
 */
export function orthogonal_(t: Tensor, gain = 1, generator?: Generator | null): Tensor {
  if (t.rank < 2) throw new ValueError("Only tensors with 2 or more dimensions are supported");
  if (t.size === 0) return t;
  const rows = t.shape[0];
  const cols = t.size / rows;
  const flat = sampleNormal(rows * cols, 0, 1, generator ?? defaultGenerator);
  const wide = rows < cols;
  const m = wide ? cols : rows, n = wide ? rows : cols; // A is m×n, m >= n
  const A = new Float64Array(m * n);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) {
    if (wide) A[j * n + i] = flat[i * cols + j];
    else A[i * n + j] = flat[i * cols + j];
  }
  const Q = householderQ(A, m, n);
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) {
    out[i * cols + j] = (wide ? Q[j * n + i] : Q[i * n + j]) * gain;
  }
  return fill(t, out);
}

/** Q (m×n, row-major) of A = QR with R's diagonal made non-negative. */
function householderQ(A: Float64Array, m: number, n: number): Float64Array {
  const R = A.slice();
  const vs: Float64Array[] = [];
  const signs = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let norm2 = 0;
    for (let i = k; i < m; i++) norm2 += R[i * n + k] * R[i * n + k];
    const norm = wasmSqrt(norm2);
    const x0 = R[k * n + k];
    const alpha = x0 >= 0 ? -norm : norm; // R[k][k] = alpha
    const v = new Float64Array(m);
    for (let i = k; i < m; i++) v[i] = R[i * n + k];
    v[k] -= alpha;
    let vn2 = 0;
    for (let i = k; i < m; i++) vn2 += v[i] * v[i];
    if (vn2 > 0) {
      for (let j = k; j < n; j++) {
        let dot = 0;
        for (let i = k; i < m; i++) dot += v[i] * R[i * n + j];
        const f = (2 * dot) / vn2;
        for (let i = k; i < m; i++) R[i * n + j] -= f * v[i];
      }
    }
    vs.push(v);
    const d = vn2 > 0 ? alpha : x0;
    signs[k] = d > 0 ? 1 : d < 0 ? -1 : 0; // torch: q *= sign(diag(r))
    if (vn2 === 0) vs[k] = new Float64Array(0);
  }
  // Q = H0 H1 ... H(n-1) applied to the first n columns of the identity
  const Q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) Q[j * n + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k];
    if (v.length === 0) continue;
    let vn2 = 0;
    for (let i = k; i < m; i++) vn2 += v[i] * v[i];
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i] * Q[i * n + j];
      const f = (2 * dot) / vn2;
      for (let i = k; i < m; i++) Q[i * n + j] -= f * v[i];
    }
  }
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) Q[i * n + j] *= signs[j];
  return Q;
}

/**
 * Legacy helper (older layers): a float32 tf.Tensor of `shape` filled by torch's uniform_(low, high)
 * from the generator.
 */
export function uniform(shape: number[], low: number, high: number, gen: Generator = defaultGenerator): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(sampleUniform(n, low, high, gen), shape, "float32");
}

/** torch.nn.Linear's bias bound (and any fan-in bound): 1/√fanIn, 0 for fanIn = 0, in float64 as torch. */
export function linearBound(fanIn: number): number {
  return fanIn > 0 ? 1 / wasmSqrt(fanIn) : 0;
}
