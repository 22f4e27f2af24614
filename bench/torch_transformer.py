"""Case 9 reference row: one training step of a TransformerEncoderLayer (d_model 128, nhead 4,
dim_feedforward 512, dropout 0.1, batch_first; input [16, 64, 128]; MSE to a fixed target; Adam 1e-3)
in torch eager on CPU, one thread. Figures: median wall ms per step, CPU ms per step (mean over the
timed steps) and the fastest step. Prints one BENCH_RESULT JSON line."""
import sys

import torch
import torch.nn as nn

from torch_timing import report, time_steps

BATCH, SEQ, D, HEADS, FF = 16, 64, 128, 4, 512


def main() -> None:
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    layer = nn.TransformerEncoderLayer(D, HEADS, dim_feedforward=FF, dropout=0.1, batch_first=True)
    layer.train()
    x = torch.randn(4, BATCH, SEQ, D)
    target = torch.randn(BATCH, SEQ, D)
    opt = torch.optim.Adam(layer.parameters(), lr=1e-3)

    def step(i: int) -> None:
        opt.zero_grad()
        loss = nn.functional.mse_loss(layer(x[i % 4]), target)
        loss.backward()
        opt.step()
        loss.item()

    t = time_steps(step, 3)
    result = {**t, "torch": torch.__version__, "threads": threads, "stepsPerS": 1e3 / t["msPerStep"],
              "samplesPerS": BATCH * 1e3 / t["msPerStep"]}
    report(f"torch {torch.__version__} eager TransformerEncoderLayer, {threads} thread(s)", result)


if __name__ == "__main__":
    main()
