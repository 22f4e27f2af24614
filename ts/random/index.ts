// torch's CPU random generator and the random tensor API (torch.manual_seed, torch.rand, ...).
export {
  Generator, defaultGenerator, manualSeed, initialSeed, getRngState, setRngState, DEFAULT_SEED, type GeneratorState,
} from "./generator.ts";
export {
  rand, randn, randint, randperm, bernoulli, bernoulliScalar, normal, randLike, randnLike, randintLike, type RandomOptions,
} from "./factories.ts";
export { randomInt64 } from "./sample.ts";
export { multinomial, type MultinomialOptions } from "./multinomial.ts";
