// The server tests' entry point: libsodium must be initialised before any
// password hash or session token is made, as twofold-server's main does; the
// PostgreSQL cluster the tests start is stopped after the last.
#include <gtest/gtest.h>
#include <sodium.h>

#include "support/test_postgresql.hpp"

int main(int argc, char** argv) {
  if (sodium_init() < 0) return 1;
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new twofold::server::testing::postgresql_environment);
  return RUN_ALL_TESTS();
}
