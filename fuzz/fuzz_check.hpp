#pragma once
// What a fuzz target asserts beyond "no crash": an invariant that does not
// hold prints what broke and aborts, which libFuzzer records as a crash and
// saves the input that caused it (crash-<sha1>).
#include <cstdio>
#include <cstdlib>

namespace twofold::fuzz {

inline void require(bool holds, const char* invariant) {
  if (holds) return;
  std::fprintf(stderr, "invariant broken: %s\n", invariant);
  std::abort();
}

}  // namespace twofold::fuzz
