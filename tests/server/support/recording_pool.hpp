#pragma once
// A pool that hands out another pool's connections and records what the
// storage does on them: the text of every statement it prepares, each
// commit, and how many leases were for reads alone. So tests read the
// exact SQL the storage runs (its query plans) and count its transactions,
// without a copy of either in the test.
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "storage/sql_database.hpp"

namespace twofold::server::testing {

// What a recording_pool saw since it was last taken.
struct sql_record {
  std::vector<std::string> statements;  // in the order prepared, repeats kept
  int commits = 0;
  int read_leases = 0;
  int write_leases = 0;
};

class recording_pool final : public sql_pool {
 public:
  explicit recording_pool(std::unique_ptr<sql_pool> inner) : inner_(std::move(inner)) {}

  [[nodiscard]] sql_dialect dialect() const override { return inner_->dialect(); }
  [[nodiscard]] lease acquire() override;
  [[nodiscard]] lease acquire_read() override;
  [[nodiscard]] std::optional<std::string> readiness_problem() override { return inner_->readiness_problem(); }

  // What was recorded since the last call, and a fresh start.
  [[nodiscard]] sql_record taken();

  // Called by the connections it hands out.
  void prepared(std::string_view sql);
  void committed();

 protected:
  void release(sql_connection& connection) noexcept override;

 private:
  lease wrapped(lease inner);

  std::unique_ptr<sql_pool> inner_;
  std::mutex mutex_;
  std::list<std::unique_ptr<sql_connection>> leased_;
  sql_record record_;
};

}  // namespace twofold::server::testing
