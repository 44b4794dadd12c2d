#include "support/recording_pool.hpp"

#include <utility>

namespace twofold::server::testing {

namespace {

// The inner pool's connection, held for as long as the lease on this one.
class recording_connection final : public sql_connection {
 public:
  recording_connection(sql_pool::lease inner, recording_pool& pool) : inner_(std::move(inner)), pool_(pool) {}

  [[nodiscard]] sql_dialect dialect() const override { return inner_->dialect(); }
  void execute(std::string_view sql) override { inner_->execute(sql); }
  [[nodiscard]] sql_statement prepare(std::string_view sql) override {
    pool_.prepared(sql);
    return inner_->prepare(sql);
  }
  [[nodiscard]] std::int64_t changed_rows() const override { return inner_->changed_rows(); }
  void begin(sql_isolation isolation) override { inner_->begin(isolation); }
  void commit() override {
    inner_->commit();
    pool_.committed();
  }
  void rollback() noexcept override { inner_->rollback(); }

 private:
  sql_pool::lease inner_;
  recording_pool& pool_;
};

}  // namespace

sql_pool::lease recording_pool::acquire() {
  auto inner = inner_->acquire();
  {
    const std::lock_guard lock(mutex_);
    ++record_.write_leases;
  }
  return wrapped(std::move(inner));
}

sql_pool::lease recording_pool::acquire_read() {
  auto inner = inner_->acquire_read();
  {
    const std::lock_guard lock(mutex_);
    ++record_.read_leases;
  }
  return wrapped(std::move(inner));
}

sql_pool::lease recording_pool::wrapped(lease inner) {
  const std::lock_guard lock(mutex_);
  auto& connection = leased_.emplace_back(std::make_unique<recording_connection>(std::move(inner), *this));
  return lease(*this, *connection);
}

void recording_pool::release(sql_connection& connection) noexcept {
  std::unique_ptr<sql_connection> ended;  // ends the inner lease after the lock
  const std::lock_guard lock(mutex_);
  for (auto it = leased_.begin(); it != leased_.end(); ++it) {
    if (it->get() == &connection) {
      ended = std::move(*it);
      leased_.erase(it);
      return;
    }
  }
}

sql_record recording_pool::taken() {
  const std::lock_guard lock(mutex_);
  return std::exchange(record_, {});
}

void recording_pool::prepared(std::string_view sql) {
  const std::lock_guard lock(mutex_);
  record_.statements.emplace_back(sql);
}

void recording_pool::committed() {
  const std::lock_guard lock(mutex_);
  ++record_.commits;
}

}  // namespace twofold::server::testing
