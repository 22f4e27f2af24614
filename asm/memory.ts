// Tensor and optimizer-state memory lives in this module's linear memory.
// The JS side allocates through these two exports; views must be refreshed
// after growth (the backend checks memory.buffer identity).

import { arenaActive, arenaAlloc } from "./threads";

export function alloc(bytes: usize): usize {
  if (arenaActive()) return arenaAlloc(bytes < 16 ? 16 : bytes); // a worker instance (asm/threads.ts)
  // 16-byte alignment keeps v128 loads on natural boundaries.
  return heap.alloc(bytes < 16 ? 16 : bytes);
}

export function dealloc(ptr: usize): void {
  if (arenaActive()) return; // the arena is reset per task
  heap.free(ptr);
}

// Worker instances of the threads build allocate from an arena instead (asm/threads.ts).
export { thread_arena, thread_arena_need, heapRoot as heap_root, heapAdopt as heap_adopt } from "./threads";
