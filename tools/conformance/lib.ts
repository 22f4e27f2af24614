// The one place the runner imports fulgur. Layers are imported as namespaces so that a class
// another engineer has not exported yet is seen as missing (a SKIP naming it), not a crash.
import * as autograd from "../../ts/autograd/index.ts";
import * as nn from "../../ts/nn/index.ts";
import * as functional from "../../ts/nn/functional.ts";
import * as optim from "../../ts/optim/index.ts";
import * as optimFactory from "../../ts/optim/factory.ts";
import * as lrScheduler from "../../ts/optim/lr_scheduler/index.ts";
import * as schedulerFactory from "../../ts/optim/lr_scheduler/factory.ts";
import * as trainer from "../../ts/trainer/index.ts";
import * as scalarMath from "../../ts/backend/scalar_math.ts";

type Namespace = Record<string, any>;

export interface FulgurLib {
  autograd: Namespace; nn: Namespace; functional: Namespace; optim: Namespace; optimFactory: Namespace;
  lrScheduler: Namespace; schedulerFactory: Namespace; trainer: Namespace; scalarMath: Namespace;
}

export const fulgur: FulgurLib = {
  autograd, nn, functional, optim, optimFactory, lrScheduler, schedulerFactory, trainer, scalarMath,
};

/** Where each namespace lives, for SKIP messages. */
export const LIB_PATHS: Record<keyof FulgurLib, string> = {
  autograd: "ts/autograd/index.ts", nn: "ts/nn/index.ts", functional: "ts/nn/functional.ts",
  optim: "ts/optim/index.ts", optimFactory: "ts/optim/factory.ts", lrScheduler: "ts/optim/lr_scheduler/index.ts",
  schedulerFactory: "ts/optim/lr_scheduler/factory.ts", trainer: "ts/trainer/index.ts", scalarMath: "ts/backend/scalar_math.ts",
};
