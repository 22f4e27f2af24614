// torch 1.13's CPU random generator (asm/random): the exports the JS side calls.
export { rng_state_bytes, rng_seed, rng_random, rng_random_fill } from "./engine";
export {
  rng_uniform_f32, rng_normal_f32, rng_random_from_to, rng_random_default, rng_randperm,
  rng_bernoulli_scalar, rng_bernoulli_tensor, rng_exponential_f32,
} from "./sample";
export { rng_erfinv_f32, rng_erf64 } from "./erfinv";
