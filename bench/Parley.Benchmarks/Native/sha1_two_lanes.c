// How much faster SHA-1 gets on this CPU when two independent messages are hashed interleaved (multi-buffer), the
// one lever left below the per-packet HMAC-SHA1 floor (docs/benchmarks/srtp.md, "HMAC-SHA1 and the AES_CM floor").
// .NET has no x86 SHA intrinsics, so this is C with the SHA-NI intrinsics; it checks itself against OpenSSL first.
// Not built with Parley. Build and run:
//   gcc -O2 -msha -msse4.1 -mssse3 -Wno-deprecated-declarations sha1_two_lanes.c -o /tmp/sha1_two_lanes -lcrypto
//   /tmp/sha1_two_lanes
// Times are the minimum over 300 rounds of 2,000 calls, so a loaded machine still shows undisturbed rounds.
#include <immintrin.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <openssl/sha.h>

#define FUNC(i) ((i) / 5)
// One group of 4 rounds (i = 0..19) for lane L: message schedule with SHA1MSG1/SHA1MSG2, E with SHA1NEXTE, rounds
// with SHA1RNDS4. The ABCD chain through SHA1RNDS4 is serial within a lane; a second lane fills its latency.
#define GROUP(L, i) do { \
    if ((i) < 4) { m##L[(i)] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i*)(blk##L + 16 * (i))), mask); } \
    if ((i) == 0) { e##L[0] = _mm_add_epi32(e##L[0], m##L[0]); } \
    else { e##L[(i) & 1] = _mm_sha1nexte_epu32(e##L[(i) & 1], m##L[(i) & 3]); } \
    e##L[((i) + 1) & 1] = abcd##L; \
    if ((i) >= 3 && (i) <= 18) { m##L[((i) + 1) & 3] = _mm_sha1msg2_epu32(m##L[((i) + 1) & 3], m##L[(i) & 3]); } \
    abcd##L = _mm_sha1rnds4_epu32(abcd##L, e##L[(i) & 1], FUNC(i)); \
    if ((i) >= 1 && (i) <= 16) { m##L[((i) + 3) & 3] = _mm_sha1msg1_epu32(m##L[((i) + 3) & 3], m##L[(i) & 3]); } \
    if ((i) >= 2 && (i) <= 17) { m##L[((i) + 2) & 3] = _mm_xor_si128(m##L[((i) + 2) & 3], m##L[(i) & 3]); } \
} while (0)

#define ALL(L) GROUP(L,0);GROUP(L,1);GROUP(L,2);GROUP(L,3);GROUP(L,4);GROUP(L,5);GROUP(L,6);GROUP(L,7);GROUP(L,8);GROUP(L,9); \
               GROUP(L,10);GROUP(L,11);GROUP(L,12);GROUP(L,13);GROUP(L,14);GROUP(L,15);GROUP(L,16);GROUP(L,17);GROUP(L,18);GROUP(L,19);
#define ALL2 GROUP(A,0);GROUP(B,0);GROUP(A,1);GROUP(B,1);GROUP(A,2);GROUP(B,2);GROUP(A,3);GROUP(B,3);GROUP(A,4);GROUP(B,4); \
  GROUP(A,5);GROUP(B,5);GROUP(A,6);GROUP(B,6);GROUP(A,7);GROUP(B,7);GROUP(A,8);GROUP(B,8);GROUP(A,9);GROUP(B,9); \
  GROUP(A,10);GROUP(B,10);GROUP(A,11);GROUP(B,11);GROUP(A,12);GROUP(B,12);GROUP(A,13);GROUP(B,13);GROUP(A,14);GROUP(B,14); \
  GROUP(A,15);GROUP(B,15);GROUP(A,16);GROUP(B,16);GROUP(A,17);GROUP(B,17);GROUP(A,18);GROUP(B,18);GROUP(A,19);GROUP(B,19);

__attribute__((noinline)) static void one(uint32_t st[5], const uint8_t *data, size_t blocks) {
    const __m128i mask = _mm_set_epi64x(0x0001020304050607ULL, 0x08090a0b0c0d0e0fULL);
    __m128i abcdA = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i*)st), 0x1B);
    __m128i eA0 = _mm_set_epi32(st[4], 0, 0, 0);
    for (size_t b = 0; b < blocks; b++) {
        const uint8_t *blkA = data + 64 * b;
        __m128i mA[4], eA[2]; eA[0] = eA0; __m128i sa = abcdA, se = eA0;
        ALL(A)
        eA[0] = _mm_sha1nexte_epu32(eA[0], se); abcdA = _mm_add_epi32(abcdA, sa); eA0 = eA[0];
    }
    _mm_storeu_si128((__m128i*)st, _mm_shuffle_epi32(abcdA, 0x1B)); st[4] = _mm_extract_epi32(eA0, 3);
}
__attribute__((noinline)) static void two(uint32_t s1[5], uint32_t s2[5], const uint8_t *d1, const uint8_t *d2, size_t blocks) {
    const __m128i mask = _mm_set_epi64x(0x0001020304050607ULL, 0x08090a0b0c0d0e0fULL);
    __m128i abcdA = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i*)s1), 0x1B), eA0 = _mm_set_epi32(s1[4], 0, 0, 0);
    __m128i abcdB = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i*)s2), 0x1B), eB0 = _mm_set_epi32(s2[4], 0, 0, 0);
    for (size_t b = 0; b < blocks; b++) {
        const uint8_t *blkA = d1 + 64 * b, *blkB = d2 + 64 * b;
        __m128i mA[4], eA[2], mB[4], eB[2]; eA[0] = eA0; eB[0] = eB0;
        __m128i sa = abcdA, se = eA0, sb = abcdB, sf = eB0;
        ALL2
        eA[0] = _mm_sha1nexte_epu32(eA[0], se); abcdA = _mm_add_epi32(abcdA, sa); eA0 = eA[0];
        eB[0] = _mm_sha1nexte_epu32(eB[0], sf); abcdB = _mm_add_epi32(abcdB, sb); eB0 = eB[0];
    }
    _mm_storeu_si128((__m128i*)s1, _mm_shuffle_epi32(abcdA, 0x1B)); s1[4] = _mm_extract_epi32(eA0, 3);
    _mm_storeu_si128((__m128i*)s2, _mm_shuffle_epi32(abcdB, 0x1B)); s2[4] = _mm_extract_epi32(eB0, 3);
}
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e9 + t.tv_nsec; }
int main(void) {
    enum { BLOCKS = 20 };
    static uint8_t d1[64 * BLOCKS], d2[64 * BLOCKS];
    for (int i = 0; i < (int)sizeof d1; i++) { d1[i] = (uint8_t)(i * 7 + 1); d2[i] = (uint8_t)(i * 13 + 5); }
    SHA_CTX ref, ref2; SHA1_Init(&ref); SHA1_Init(&ref2);
    for (int b = 0; b < BLOCKS; b++) { SHA1_Transform(&ref, d1 + 64 * b); SHA1_Transform(&ref2, d2 + 64 * b); }
    uint32_t s[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0}, t[5], u[5];
    memcpy(t, s, 20); memcpy(u, s, 20);
    one(s, d1, BLOCKS); two(t, u, d1, d2, BLOCKS);
    printf("matches OpenSSL: one lane %d, two lanes A %d B %d\n", !memcmp(s, &ref.h0, 20), !memcmp(t, &ref.h0, 20), !memcmp(u, &ref2.h0, 20));
    double best1 = 1e18, best2 = 1e18, bestO = 1e18;
    for (int r = 0; r < 300; r++) {
        double a = now(); for (int k = 0; k < 2000; k++) one(s, d1, BLOCKS); double b = now();
        for (int k = 0; k < 2000; k++) two(t, u, d1, d2, BLOCKS); double c = now();
        for (int k = 0; k < 2000; k++) for (int q = 0; q < 1; q++) { SHA_CTX x = ref; SHA1_Update(&x, d1, 64 * BLOCKS); } double d = now();
        if (b - a < best1) best1 = b - a; if (c - b < best2) best2 = c - b; if (d - c < bestO) bestO = d - c;
    }
    printf("openssl SHA1_Update, 20 blocks: %.1f ns\n", bestO / 2000);
    printf("SHA-NI one lane, 20 blocks:     %.1f ns (%.1f ns/block)\n", best1 / 2000, best1 / 2000 / BLOCKS);
    printf("SHA-NI two lanes, 2x20 blocks:  %.1f ns (%.1f ns/block/lane-pair)\n", best2 / 2000, best2 / 2000 / BLOCKS);
    return 0;
}
