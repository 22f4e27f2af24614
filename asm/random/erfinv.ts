// torch 1.13's calc_erfinv<float> (ATen/native/Math.h: a rational first guess, two Newton steps)
// for nn.init.trunc_normal_, and float64 erf for its bounds (Python's math.erf).
import { erf64 } from "../kernels/erf";

const CENTRAL_RANGE: f32 = 0.7;

function erfinvF32(y: f32): f32 {
  const yAbs = abs(y);
  if (yAbs > 1) return NaN;
  if (yAbs == 1) return y > 0 ? Infinity : -Infinity;
  let x: f32;
  if (yAbs <= CENTRAL_RANGE) {
    const z = y * y;
    const num = (((<f32>-0.140543331 * z + <f32>0.914624893) * z + <f32>-1.645349621) * z + <f32>0.886226899);
    const dem = ((((<f32>0.012229801 * z + <f32>-0.329097515) * z + <f32>1.442710462) * z + <f32>-2.118377725) * z + <f32>1);
    x = y * num / dem;
  } else {
    const z = Mathf.sqrt(-Mathf.log((<f32>1 - yAbs) / <f32>2));
    const num = ((<f32>1.641345311 * z + <f32>3.429567803) * z + <f32>-1.624906493) * z + <f32>-1.970840454;
    const dem = (<f32>1.637067800 * z + <f32>3.543889200) * z + <f32>1;
    x = copysign<f32>(num, y) / dem;
  }
  const k = <f32>2 / <f32>Math.sqrt(Math.PI);
  x = x - (<f32>erf64(<f64>x) - y) / (k * Mathf.exp(-x * x));
  x = x - (<f32>erf64(<f64>x) - y) / (k * Mathf.exp(-x * x));
  return x;
}

/** erfinv_ in place on n float32 values. */
export function rng_erfinv_f32(p: usize, n: i32): void {
  for (let i: i32 = 0; i < n; i++) {
    const a = p + (<usize>i << 2);
    store<f32>(a, erfinvF32(load<f32>(a)));
  }
}

export function rng_erf64(x: f64): f64 {
  return erf64(x);
}
