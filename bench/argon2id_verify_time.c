// The anchor of bench/multi_server.mjs and of bench/run's sign-in flood
// (bench/harness/sign_in_flood.mjs): how long one password check takes
// with the server's Argon2id parameters, measured by the same libsodium call
// the server makes at sign-in (crypto_pwhash_str_verify on a string that
// crypto_pwhash_str_alg wrote, server/src/auth/password_hasher.cpp), on one
// thread. Built and run by the benchmark itself, so the figure comes from the
// same machine, minute and load as the sign-ins it bounds.
//
// Usage: argon2id_verify_time MEMORY_KIB ITERATIONS COUNT
// Prints COUNT lines, each check's seconds of wall time and of CPU time (the
// two differ when other work shares the core).
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double seconds_on(clockid_t clock) {
  struct timespec now;
  clock_gettime(clock, &now);
  return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

int main(int argc, char** argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s MEMORY_KIB ITERATIONS COUNT\n", argv[0]);
    return 2;
  }
  const unsigned long long memory_kib = strtoull(argv[1], NULL, 10);
  const unsigned long long iterations = strtoull(argv[2], NULL, 10);
  const long count = strtol(argv[3], NULL, 10);
  if (sodium_init() < 0 || memory_kib == 0 || iterations == 0 || count <= 0) return 2;

  const char password[] = "correct horse battery staple";
  char stored[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(stored, password, strlen(password), iterations, (size_t)memory_kib * 1024,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    fprintf(stderr, "out of memory for %llu KiB\n", memory_kib);
    return 1;
  }
  for (long i = 0; i < count; ++i) {
    const double started = seconds_on(CLOCK_MONOTONIC);
    const double cpu_started = seconds_on(CLOCK_THREAD_CPUTIME_ID);
    if (crypto_pwhash_str_verify(stored, password, strlen(password)) != 0) return 1;
    printf("%.6f %.6f\n", seconds_on(CLOCK_MONOTONIC) - started, seconds_on(CLOCK_THREAD_CPUTIME_ID) - cpu_started);
  }
  return 0;
}
