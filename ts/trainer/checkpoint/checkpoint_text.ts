// A trainer's checkpoint as text, taken exactly where `trainer.saveCheckpoint` would take it
// (during fit: at the end of the running batch / epoch), without writing it anywhere.
import type { Trainer } from "../trainer.ts";
import { dumpCheckpoint, prefetchCheckpointData, type SavePoint } from "./checkpoint_connector.ts";
import { serializeCheckpoint } from "./format.ts";

export function checkpointText(trainer: Trainer, weightsOnly = false): Promise<string> {
  let text = "";
  return trainer
    .enqueueIO(async () => {
      await prefetchCheckpointData(trainer);
      // The save point is the trainer's private bookkeeping (set while queued IO runs);
      // saveCheckpoint reads the same field.
      const at = (trainer as unknown as { savePoint: SavePoint }).savePoint;
      text = serializeCheckpoint(dumpCheckpoint(trainer, at, weightsOnly));
    })
    .then(() => text);
}
