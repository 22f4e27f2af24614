// Worker instances of the threads build share one memory with the main instance but have their
// own globals, so they must never touch the main heap's allocator: a worker's kernel calls
// allocate from a per-worker arena (a block the main thread allocated for it), reset per task.
// An arena that is too small traps; the pool then grows it and runs that piece on the main thread.

let arenaBase: usize = 0;
let arenaEnd: usize = 0;
let arenaTop: usize = 0;
let arenaNeed: usize = 0;

/** Puts this instance in arena mode over [base, base + size) (size 0: back to the heap). */
export function thread_arena(base: usize, size: usize): void {
  arenaBase = base;
  arenaEnd = base + size;
  arenaTop = base;
  arenaNeed = 0;
}

/** Bytes the last failed arena allocation wanted in all (0 when none failed). */
export function thread_arena_need(): usize {
  return arenaNeed;
}

export function arenaActive(): bool {
  return arenaBase != 0;
}

export function arenaAlloc(bytes: usize): usize {
  const ptr = (arenaTop + 15) & ~(<usize>15);
  const end = ptr + bytes;
  if (end > arenaEnd) {
    arenaNeed = end - arenaBase;
    unreachable();
  }
  arenaTop = end;
  return ptr;
}

// Moving to a shared memory (init({ threads })): the JS side copies the whole memory into the
// new one, then the new instance adopts the old instance's allocator state (its root pointer).
import { ROOT } from "rt/tlsf";

export function heapRoot(): usize {
  return changetype<usize>(ROOT);
}

// The root's class is not exported: its type is taken from the global itself.
@inline function sameType<T>(_like: T, ptr: usize): T {
  return changetype<T>(ptr);
}

export function heapAdopt(root: usize): void {
  ROOT = sameType(ROOT, root);
}
