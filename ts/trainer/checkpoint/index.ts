// Public checkpoint API.
export { type CheckpointIO, MemoryCheckpointIO } from "./checkpoint_io.ts";
export { FsCheckpointIO } from "./fs_checkpoint_io.ts";
export { IndexedDBCheckpointIO, type IndexedDBCheckpointIOOptions } from "./indexeddb_checkpoint_io.ts";
export { CheckpointFormatError, CheckpointIOError, CheckpointMismatchError, CheckpointNotFoundError } from "./errors.ts";
export { CHECKPOINT_FORMAT, CHECKPOINT_FORMAT_VERSION, FULGUR_VERSION, parseCheckpoint, serializeCheckpoint, type Checkpoint } from "./format.ts";
