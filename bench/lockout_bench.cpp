// What the lockout adds to every code attempt: claiming the attempt in
// SQLite (one transaction: clear an expired timed lock, count the attempt,
// read its number back) before the code is looked at, on one account, with
// a right code's reset after every fifth claim so the account never locks.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>

#include "storage/sqlite_storage.hpp"
#include "twofold/security/lockout.hpp"

namespace {

using namespace twofold;
using namespace twofold::server;

const timestamp bench_now{std::chrono::seconds{1'795'300'000}};

// A migrated database with one company and one agent, in a fresh folder.
struct bench_database {
  bench_database()
      : dir(std::filesystem::temp_directory_path() / ("twofold-bench-" + std::to_string(std::random_device{}()))),
        store(open_sqlite_storage(dir)) {
    store->migrate(bench_now);
    company_record company;
    company.name = "Bench";
    company.key = "bench";
    company.default_language = "en";
    company.created_at = bench_now;
    user_record agent;
    agent.username = "agent";
    agent.email = "agent@bench.example";
    agent.display_name = "Agent";
    agent.role = "agent";
    agent.password_hash = "$argon2id$unused";
    agent.created_at = bench_now;
    if (!store->create_first_company(company, {agent})) throw std::runtime_error("seeding the bench database");
    const auto seeded = store->find_company_by_key("bench");
    user_id = store->find_user_by_username(seeded->id, "agent")->id;
  }
  ~bench_database() { std::filesystem::remove_all(dir); }

  std::filesystem::path dir;
  std::unique_ptr<sql_storage> store;
  row_id user_id = 0;
};

void bm_claim_code_attempt(benchmark::State& state) {
  bench_database db;
  const code_attempt claim{.user_id = db.user_id, .max_failures = max_code_failures, .now = bench_now};
  change_set reset;
  reset.lockout.resets.push_back(db.user_id);
  for (auto _ : state) {
    const auto number = db.store->claim_code_attempt(claim);
    if (number == max_code_failures) {
      state.PauseTiming();
      db.store->apply(reset);
      state.ResumeTiming();
    }
    benchmark::DoNotOptimize(number);
  }
}
BENCHMARK(bm_claim_code_attempt);

}  // namespace
