// Integer op codes passed to the WASM kernels; the numbers are mirrored in asm/kernels/*.ts.

export const BinaryOp = { Add: 0, Sub: 1, Mul: 2, Div: 3, Max: 4, Min: 5, Pow: 6, SquaredDifference: 7 } as const;
export const CompareOp = { Greater: 0, GreaterEqual: 1, Less: 2, LessEqual: 3, Equal: 4, NotEqual: 5 } as const;
export const UnaryOp = {
  Neg: 0, Abs: 1, Sign: 2, Exp: 3, Log: 4, Log1p: 5, Sqrt: 6, Rsqrt: 7, Square: 8, Tanh: 9,
  Sigmoid: 10, Relu: 11, LeakyRelu: 12, Softplus: 13, Erf: 14, Floor: 15, Reciprocal: 16,
  Step: 17, ClipByValue: 18, Elu: 19, Expm1: 20, Ceil: 21, Round: 22, Sin: 23, Cos: 24, Relu6: 25,
} as const;
export const ReduceOp = { Sum: 0, Mean: 1, Max: 2, Min: 3, Prod: 4 } as const;
export const ArgReduceOp = { ArgMax: 0, ArgMin: 1 } as const;
