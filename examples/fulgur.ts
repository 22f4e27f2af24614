// Stands in for the package name: a user writes `import { Trainer } from "fulgur"`; inside
// this repository the examples import the same public entry through this one file.
export * from "../ts/index.node.ts";
