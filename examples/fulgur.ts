// What `import ... from "fulgur"` gives a user: the Node entry plus optimizers and schedulers.
// ts/index.ts does not re-export ts/optim yet; once it does, the extra lines are harmless
// (a name star-exported twice from the same module is one binding).
export * from "../ts/index.node.ts";
export * from "../ts/optim/index.ts";
export * from "../ts/optim/lr_scheduler/index.ts";
