// `manual_gan`: the guide's SimpleGAN.training_step — D is optimized on real vs detached fake,
// then G through the updated D, with g_X = G(z) computed once.
import { binaryCrossEntropyWithLogits } from "../../../ts/nn/functional.ts";
import { ones, zeros } from "../../../ts/autograd/index.ts";
import { ManualModule } from "./manual_base.ts";
import type { Batch } from "../build_data.ts";

export class ManualGan extends ManualModule {
  trainingStep(batch: Batch): void {
    const { optimizers, losses } = this.parts.scenario;
    const gIdx = optimizers.findIndex((o) => "gan_g" in losses[o.loss]);
    const dIdx = optimizers.findIndex((o) => "gan_d" in losses[o.loss]);
    const dSpec = (losses[optimizers[dIdx].loss] as { gan_d: { G: string; D: string; real: string; noise: string } }).gan_d;
    const G = this.module(dSpec.G), D = this.module(dSpec.D);
    const opts = this.optimizerList();
    const gOpt = opts[gIdx], dOpt = opts[dIdx];
    const X = batch[dSpec.real];

    const gX = G.call(batch[dSpec.noise]);

    // Optimize Discriminator
    const dX = D.call(X);
    const errDReal = binaryCrossEntropyWithLogits(dX, ones(dX.shape));
    const dZ = D.call(gX.detach());
    const errDFake = binaryCrossEntropyWithLogits(dZ, zeros(dZ.shape));
    const errD = errDReal.add(errDFake);
    this.recordedZeroGrad(dOpt);
    this.manualBackward(errD);
    dOpt.step();

    // Optimize Generator
    const dGz = D.call(gX);
    const errG = binaryCrossEntropyWithLogits(dGz, ones(dGz.shape));
    this.recordedZeroGrad(gOpt);
    this.manualBackward(errG);
    gOpt.step();

    this.logDict({ g_loss: errG, d_loss: errD });
  }
}
