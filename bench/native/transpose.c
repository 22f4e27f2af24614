// Native peer of case 6's transpose goal: how close can a 2048² f32 transpose get to memcpy on
// this machine when the compiler may use everything the CPU has (AVX2/AVX-512, non-temporal
// stores, software prefetch) — none of which WASM offers. Built and run by bench/cases/movement.ts
// with `cc -O3 -march=native` where a C compiler exists; it prints one BENCH_RESULT JSON line.
// Variants alternate in rounds over the same two 16 MiB buffers (4 KiB pages, as WASM memory has);
// the figure per variant is its fastest call, as in the movement case's kernel line.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <immintrin.h>

#define N 2048

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

// fulgur's algorithm in SSE: 64×64 tiles through a 16 KB buffer (4×4 register blocks in,
// whole 256-byte destination rows out), tiles walked in 512×512 groups.
static float tile_buf[64 * 64] __attribute__((aligned(64)));
static void sse_tiles(const float *s, float *d) {
  for (int A = 0; A < N; A += 512)
    for (int B = 0; B < N; B += 512)
      for (int a0 = A; a0 < A + 512; a0 += 64)
        for (int b0 = B; b0 < B + 512; b0 += 64) {
          for (int q = 0; q < 64; q += 4)
            for (int p = 0; p < 64; p += 4) {
              const float *sp = s + (size_t)(b0 + q) * N + a0 + p;
              __m128 r0 = _mm_load_ps(sp), r1 = _mm_load_ps(sp + N), r2 = _mm_load_ps(sp + 2 * N), r3 = _mm_load_ps(sp + 3 * N);
              _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
              float *bp = tile_buf + p * 64 + q;
              _mm_store_ps(bp, r0); _mm_store_ps(bp + 64, r1); _mm_store_ps(bp + 128, r2); _mm_store_ps(bp + 192, r3);
            }
          for (int r = 0; r < 64; r++) memcpy(d + (size_t)(a0 + r) * N + b0, tile_buf + r * 64, 256);
        }
}

// One 8×8 block in AVX registers, stored plainly or with non-temporal stores.
static inline void block8(const float *s, float *d, int nt) {
  __m256 r0 = _mm256_load_ps(s), r1 = _mm256_load_ps(s + N), r2 = _mm256_load_ps(s + 2 * N), r3 = _mm256_load_ps(s + 3 * N);
  __m256 r4 = _mm256_load_ps(s + 4 * N), r5 = _mm256_load_ps(s + 5 * N), r6 = _mm256_load_ps(s + 6 * N), r7 = _mm256_load_ps(s + 7 * N);
  __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1), t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
  __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5), t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
  __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE), u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
  __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE), u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
  __m256 o[8] = {
    _mm256_permute2f128_ps(u0, u4, 0x20), _mm256_permute2f128_ps(u1, u5, 0x20), _mm256_permute2f128_ps(u2, u6, 0x20), _mm256_permute2f128_ps(u3, u7, 0x20),
    _mm256_permute2f128_ps(u0, u4, 0x31), _mm256_permute2f128_ps(u1, u5, 0x31), _mm256_permute2f128_ps(u2, u6, 0x31), _mm256_permute2f128_ps(u3, u7, 0x31)};
  if (nt) for (int k = 0; k < 8; k++) _mm256_stream_ps(d + (size_t)k * N, o[k]);
  else for (int k = 0; k < 8; k++) _mm256_store_ps(d + (size_t)k * N, o[k]);
}

// AVX 8×8 blocks in T×T tiles; within a tile, strips of 16 source columns (one destination line
// per row) walk all of the tile's source rows, so each destination line is finished at once.
// `pf` prefetches the next strip's source lines into L1.
static void avx_tiles(const float *s, float *d, int T, int nt, int pf) {
  for (int i0 = 0; i0 < N; i0 += T)
    for (int j0 = 0; j0 < N; j0 += T)
      for (int j = j0; j < j0 + T; j += 16) {
        if (pf && j + 16 < j0 + T)
          for (int i = i0; i < i0 + T; i++) _mm_prefetch((const char *)(s + (size_t)i * N + j + 16), _MM_HINT_T0);
        for (int i = i0; i < i0 + T; i += 8) {
          block8(s + (size_t)i * N + j, d + (size_t)j * N + i, nt);
          block8(s + (size_t)i * N + j + 8, d + (size_t)(j + 8) * N + i, nt);
        }
      }
  if (nt) _mm_sfence();
}

enum { V_MEMCPY, V_SSE, V_AVX128, V_AVX256, V_AVX512, V_AVX256_NT, V_AVX256_PF_NT, V_COUNT };
static const char *names[V_COUNT] = {"memcpy", "sse4x4_tiles64_buffer", "avx8x8_tiles128", "avx8x8_tiles256",
                                     "avx8x8_tiles512", "avx8x8_tiles256_nt", "avx8x8_tiles256_prefetch_nt"};

static void run(int v, const float *s, float *d) {
  switch (v) {
    case V_MEMCPY: memcpy(d, s, (size_t)N * N * 4); break;
    case V_SSE: sse_tiles(s, d); break;
    case V_AVX128: avx_tiles(s, d, 128, 0, 0); break;
    case V_AVX256: avx_tiles(s, d, 256, 0, 0); break;
    case V_AVX512: avx_tiles(s, d, 512, 0, 0); break;
    case V_AVX256_NT: avx_tiles(s, d, 256, 1, 0); break;
    case V_AVX256_PF_NT: avx_tiles(s, d, 256, 1, 1); break;
  }
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  double budget = argc > 1 ? atof(argv[1]) : 3000;
  size_t bytes = (size_t)N * N * 4;
  float *s = aligned_alloc(64, bytes), *d = aligned_alloc(64, bytes);
  if (!s || !d) { fprintf(stderr, "out of memory\n"); return 1; }
  for (size_t i = 0; i < (size_t)N * N; i++) { s[i] = (float)i; d[i] = 0; }
  enum { MAX_ROUNDS = 400 };
  static double ms[V_COUNT][MAX_ROUNDS];
  int rounds = 0;
  double end = now_ms() + budget;
  for (int v = 0; v < V_COUNT; v++) run(v, s, d); // warm-up: pages mapped, code paged in
  while (rounds < MAX_ROUNDS && (rounds < 10 || now_ms() < end)) {
    for (int v = 0; v < V_COUNT; v++) {
      double t = now_ms();
      run(v, s, d);
      ms[v][rounds] = now_ms() - t;
      // every transpose variant must have produced the transpose (memcpy runs first in a round)
      if (v != V_MEMCPY && (d[1] != s[N] || d[(size_t)5 * N + 2047] != s[(size_t)2047 * N + 5])) {
        fprintf(stderr, "%s: wrong result\n", names[v]);
        return 1;
      }
    }
    rounds++;
  }
  printf("BENCH_RESULT {\"rounds\":%d,\"variants\":[", rounds);
  for (int v = 0; v < V_COUNT; v++) {
    qsort(ms[v], rounds, sizeof(double), cmp);
    printf("%s{\"name\":\"%s\",\"minMs\":%.4f,\"medianMs\":%.4f}", v ? "," : "", names[v], ms[v][0], ms[v][rounds / 2]);
  }
  printf("]}\n");
  return 0;
}
