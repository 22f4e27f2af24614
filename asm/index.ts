// The one WASM module: every exported kernel is listed here, one line per file.
export * from "./memory";
export * from "./scalar";
export * from "./kernels/matmul";
export * from "./kernels/binary";
export * from "./kernels/unary";
export * from "./kernels/reduce";
export * from "./kernels/softmax";
export * from "./optim/sgd";
export * from "./optim/adam";
export * from "./optim/rmsprop";
export * from "./optim/adagrad";
export * from "./optim/adadelta";
export * from "./optim/adamax";
export * from "./optim/nadam";
export * from "./optim/radam";
export * from "./optim/asgd";
export * from "./optim/rprop";
export * from "./optim/clip";
export * from "./optim/finite"; // hardening: detectNonFinite
export * from "./kernels/conv/im2col";
export * from "./kernels/movement/index";
export * from "./random/index";
export * from "./kernels/conv/maxpool";
export * from "./kernels/conv/layout";
export * from "./kernels/conv/direct"; // conv forward / weight gradient without columns
export * from "./kernels/relu";
export * from "./kernels/trig";
export * from "./kernels/norm/index"; // fused BatchNorm / LayerNorm / GroupNorm
