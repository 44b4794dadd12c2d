#pragma once
// A throwaway PostgreSQL cluster for this test process (tests/support/postgresql),
// started when a test first asks for a database and stopped when the tests
// end (a GoogleTest global environment); or, under ctest, the one its fixture
// started for every test process, named by the file in
// TWOFOLD_TEST_POSTGRESQL_URL_FILE. Tests that need PostgreSQL fail when it
// cannot start: they are never skipped.
#include <gtest/gtest.h>

#include <string>

namespace twofold::server::testing {

// The cluster's URL: a superuser on its database `twofold`.
[[nodiscard]] std::string postgresql_cluster_url();

// The URL of a new, empty database of the cluster, for one test.
[[nodiscard]] std::string fresh_postgresql_database();

// Stops the cluster, if one was started, after the last test.
class postgresql_environment final : public ::testing::Environment {
 public:
  void TearDown() override;
};

}  // namespace twofold::server::testing
