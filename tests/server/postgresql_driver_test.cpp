// The PostgreSQL driver against a real server (a throwaway cluster): the
// storage's ?N parameters, typed NULLs, bytea, booleans, rows changed, a
// serialization failure as a storage_conflict, and the pool's limits and
// recovery when a connection dies.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/server_metrics.hpp"
#include "storage/postgresql_connection.hpp"
#include "storage/postgresql_placeholders.hpp"
#include "storage/postgresql_pool.hpp"
#include "support/poll_until.hpp"
#include "support/test_postgresql.hpp"

namespace twofold::server::testing {
namespace {

postgresql_options options_for(std::string url) { return postgresql_options{.url = std::move(url)}; }

// The process's count of database errors of one kind, read from /metrics' text.
std::int64_t database_errors(std::string_view kind) {
  const std::string text = server_metrics::process().render();
  const std::string series = "twofold_database_errors_total{kind=\"" + std::string(kind) + "\"} ";
  const auto at = text.find(series);
  if (at == std::string::npos) return -1;
  return std::stoll(text.substr(at + series.size()));
}

TEST(postgresql_placeholders, become_dollar_parameters_outside_quotes_and_comments) {
  EXPECT_EQ(postgresql_placeholders("SELECT ?1, ?10 FROM t WHERE a = ?2"), "SELECT $1, $10 FROM t WHERE a = $2");
  EXPECT_EQ(postgresql_placeholders("SELECT '?1', 'it''s ?2', \"col?3\", ?4"),
            "SELECT '?1', 'it''s ?2', \"col?3\", $4");
  EXPECT_EQ(postgresql_placeholders("SELECT ?1 -- not ?2\n, /* nor ?3 */ ?4"), "SELECT $1 -- not ?2\n, /* nor ?3 */ $4");
  EXPECT_EQ(postgresql_placeholders("SELECT detail::jsonb ? 'key'"), "SELECT detail::jsonb ? 'key'");
}

class postgresql_driver : public ::testing::Test {
 protected:
  std::string url_ = fresh_postgresql_database();
  postgresql_connection connection_{options_for(url_)};

  // Ends a server session as a restart or an administrator would; true once it is gone.
  bool terminate_backend(std::int64_t pid) {
    connection_.prepare("SELECT pg_terminate_backend(CAST(?1 AS integer))").bind(1, pid).run();
    return poll_until(std::chrono::seconds{10}, [&] {
      auto gone = connection_.prepare("SELECT count(*) FROM pg_stat_activity WHERE pid = ?1");
      gone.bind(1, pid);
      gone.step();
      return gone.column_int(0) == 0;
    });
  }
};

TEST_F(postgresql_driver, binds_numbered_parameters_in_any_order_up_to_ten_and_beyond) {
  auto row = connection_.prepare("SELECT ?10, ?2, '?1', ?1 || '!'");
  row.bind(1, "one");
  row.bind(2, std::int64_t{-9'000'000'000});
  for (int unused = 3; unused <= 9; ++unused) row.bind(unused, std::int64_t{unused});
  row.bind(10, "ten");
  ASSERT_TRUE(row.step());
  EXPECT_EQ(row.column_text(0), "ten");
  EXPECT_EQ(row.column_int(1), -9'000'000'000);
  EXPECT_EQ(row.column_text(2), "?1");
  EXPECT_EQ(row.column_text(3), "one!");
  EXPECT_FALSE(row.step());
}

TEST_F(postgresql_driver, typed_nulls_need_no_cast) {
  auto row = connection_.prepare("SELECT ?1 IS NULL, coalesce(?2, 'none'), ?3, coalesce(?1, 7)");
  row.bind_optional(1, std::optional<std::int64_t>{});
  row.bind_optional(2, std::optional<std::string>{});
  row.bind_optional_blob(3, std::optional<std::vector<std::uint8_t>>{});
  ASSERT_TRUE(row.step());
  EXPECT_EQ(row.column_int(0), 1);
  EXPECT_EQ(row.column_text(1), "none");
  EXPECT_EQ(row.column_optional_text(2), std::nullopt);
  EXPECT_EQ(row.column_optional_int(3), 7);
}

TEST_F(postgresql_driver, the_same_text_prepares_again_for_other_parameter_types) {
  for (const bool null : {false, true, false}) {
    auto row = connection_.prepare("SELECT coalesce(?1, 'empty')");
    if (null) {
      row.bind_null(1, sql_type::text);
    } else {
      row.bind(1, "value");
    }
    ASSERT_TRUE(row.step());
    EXPECT_EQ(row.column_text(0), null ? "empty" : "value");
  }
}

TEST_F(postgresql_driver, bytea_round_trips_every_byte_value) {
  connection_.execute("CREATE TABLE blobs (id BIGINT PRIMARY KEY, bytes BYTEA NOT NULL)");
  std::vector<std::uint8_t> bytes;
  for (int value = 0; value < 256; ++value) bytes.push_back(static_cast<std::uint8_t>(value));
  bytes.push_back(0);
  connection_.prepare("INSERT INTO blobs (id, bytes) VALUES (?1, ?2)").bind(1, std::int64_t{1}).bind_blob(2, bytes).run();

  auto row = connection_.prepare("SELECT bytes, octet_length(bytes) FROM blobs WHERE bytes = ?1");
  row.bind_blob(1, bytes);
  ASSERT_TRUE(row.step());
  EXPECT_EQ(row.column_blob(0), bytes);
  EXPECT_EQ(row.column_int(1), 257);
}

TEST_F(postgresql_driver, booleans_read_as_one_and_zero) {
  auto row = connection_.prepare("SELECT true, false, ?1 > 3, EXISTS (SELECT 1 WHERE false)");
  row.bind(1, std::int64_t{4});
  ASSERT_TRUE(row.step());
  EXPECT_EQ(row.column_int(0), 1);
  EXPECT_EQ(row.column_int(1), 0);
  EXPECT_EQ(row.column_int(2), 1);
  EXPECT_EQ(row.column_int(3), 0);
}

TEST_F(postgresql_driver, counts_the_rows_a_statement_changed) {
  connection_.execute("CREATE TABLE items (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, n BIGINT)");
  connection_.execute("INSERT INTO items (n) VALUES (1), (2), (3)");
  EXPECT_EQ(connection_.changed_rows(), 3);
  connection_.prepare("UPDATE items SET n = n + 10 WHERE n >= ?1").bind(1, std::int64_t{2}).run();
  EXPECT_EQ(connection_.changed_rows(), 2);
  connection_.prepare("DELETE FROM items WHERE n = ?1").bind(1, std::int64_t{99}).run();
  EXPECT_EQ(connection_.changed_rows(), 0);
  auto returning = connection_.prepare("INSERT INTO items (n) VALUES (?1) RETURNING id");
  returning.bind(1, std::int64_t{4});
  ASSERT_TRUE(returning.step());
  EXPECT_EQ(returning.column_int(0), 4);
  EXPECT_EQ(connection_.changed_rows(), 1);
}

TEST_F(postgresql_driver, a_constraint_error_is_a_counted_storage_failure_with_the_servers_message) {
  connection_.execute("CREATE TABLE once (id BIGINT PRIMARY KEY)");
  connection_.execute("INSERT INTO once VALUES (1)");
  const auto before = database_errors("constraint");
  try {
    connection_.prepare("INSERT INTO once VALUES (?1)").bind(1, std::int64_t{1}).run();
    FAIL() << "a duplicate key was inserted";
  } catch (const storage_conflict&) {
    FAIL() << "a constraint error is no conflict";
  } catch (const storage_failure& failure) {
    EXPECT_NE(std::string(failure.what()).find("duplicate key value violates unique constraint"), std::string::npos)
        << failure.what();
  }
  EXPECT_EQ(database_errors("constraint"), before + 1);
}

TEST_F(postgresql_driver, a_transaction_rolled_back_leaves_nothing) {
  connection_.execute("CREATE TABLE kept (id BIGINT PRIMARY KEY)");
  {
    sql_transaction transaction(connection_);
    connection_.execute("INSERT INTO kept VALUES (1)");
  }
  {
    sql_transaction transaction(connection_);
    connection_.execute("INSERT INTO kept VALUES (2)");
    transaction.commit();
  }
  auto count = connection_.prepare("SELECT count(*), max(id) FROM kept");
  ASSERT_TRUE(count.step());
  EXPECT_EQ(count.column_int(0), 1);
  EXPECT_EQ(count.column_int(1), 2);
  EXPECT_TRUE(connection_.healthy());
}

// Two transactions read the same row and both write it: the second to write
// cannot be serialized after the first, and learns it as a storage_conflict.
TEST_F(postgresql_driver, a_serialization_failure_is_a_storage_conflict) {
  connection_.execute("CREATE TABLE counter (id BIGINT PRIMARY KEY, n BIGINT NOT NULL); INSERT INTO counter VALUES (1, 0)");
  postgresql_connection other(options_for(url_));
  const auto read = [](sql_connection& connection) {
    auto row = connection.prepare("SELECT n FROM counter WHERE id = 1");
    row.step();
    return row.column_int(0);
  };
  const auto before = database_errors("busy");
  sql_transaction first(connection_);
  sql_transaction second(other);
  const auto seen_first = read(connection_);
  const auto seen_second = read(other);
  connection_.prepare("UPDATE counter SET n = ?1 WHERE id = 1").bind(1, seen_first + 1).run();
  first.commit();

  EXPECT_THROW(other.prepare("UPDATE counter SET n = ?1 WHERE id = 1").bind(1, seen_second + 1).run(), storage_conflict);
  EXPECT_EQ(database_errors("busy"), before + 1);
  EXPECT_EQ(read(connection_), 1);
}

TEST_F(postgresql_driver, an_unreachable_server_is_a_storage_failure) {
  // The cluster's port in a database that does not exist, then a closed port.
  EXPECT_THROW(postgresql_connection(options_for(url_ + "_missing")), storage_failure);
  EXPECT_THROW(postgresql_connection(options_for("postgresql://twofold@127.0.0.1:1/twofold")), storage_failure);
}

TEST_F(postgresql_driver, the_statement_timeout_cancels_a_long_statement) {
  postgresql_connection impatient(postgresql_options{.url = url_, .statement_timeout = std::chrono::milliseconds{50}});
  EXPECT_THROW(impatient.execute("SELECT pg_sleep(30)"), storage_failure);
  EXPECT_TRUE(impatient.healthy());
}

std::int64_t backend_pid(sql_connection& connection) {
  auto row = connection.prepare("SELECT pg_backend_pid()");
  row.step();
  return row.column_int(0);
}

TEST_F(postgresql_driver, a_pool_with_every_connection_leased_times_out_as_a_storage_failure) {
  postgresql_pool pool({.connection = options_for(url_), .size = 2, .acquire_timeout = std::chrono::milliseconds{20}});
  auto first = pool.acquire();
  auto second = pool.acquire();
  EXPECT_NE(backend_pid(*first), backend_pid(*second));
  EXPECT_THROW(static_cast<void>(pool.acquire()), storage_failure);
}

TEST_F(postgresql_driver, a_released_connection_is_handed_out_again) {
  postgresql_pool pool({.connection = options_for(url_), .size = 1, .acquire_timeout = std::chrono::milliseconds{20}});
  std::int64_t pid = 0;
  {
    auto leased = pool.acquire();
    pid = backend_pid(*leased);
  }
  EXPECT_EQ(backend_pid(*pool.acquire()), pid);
}

TEST_F(postgresql_driver, a_pool_that_cannot_connect_fails_each_acquire_and_stays_usable) {
  postgresql_pool pool({.connection = options_for("postgresql://twofold@127.0.0.1:1/twofold"), .size = 1,
                        .acquire_timeout = std::chrono::milliseconds{20}});
  EXPECT_THROW(static_cast<void>(pool.acquire()), storage_failure);
  // The failed connect gave its place back: the next acquire tries again instead of timing out.
  try {
    static_cast<void>(pool.acquire());
    FAIL() << "connected to a closed port";
  } catch (const storage_failure& failure) {
    EXPECT_NE(std::string(failure.what()).find("connect to PostgreSQL"), std::string::npos) << failure.what();
  }
}

// The server ends the session (as a restart or an administrator would): the
// statement on it fails, and the next acquire connects anew.
TEST_F(postgresql_driver, a_terminated_session_is_replaced_on_the_next_acquire) {
  postgresql_pool pool({.connection = options_for(url_), .size = 1, .acquire_timeout = std::chrono::milliseconds{20}});
  std::int64_t killed = 0;
  {
    auto leased = pool.acquire();
    killed = backend_pid(*leased);
  }
  ASSERT_TRUE(terminate_backend(killed));

  auto replaced = pool.acquire();
  const auto pid = backend_pid(*replaced);
  EXPECT_NE(pid, killed);
}

// The session dies while leased: its statement fails, and the connection
// is replaced when next handed out.
TEST_F(postgresql_driver, a_connection_that_broke_while_leased_is_replaced) {
  postgresql_pool pool({.connection = options_for(url_), .size = 1, .acquire_timeout = std::chrono::milliseconds{20}});
  std::int64_t killed = 0;
  {
    auto leased = pool.acquire();
    killed = backend_pid(*leased);
    ASSERT_TRUE(terminate_backend(killed));
    EXPECT_THROW(static_cast<void>(backend_pid(*leased)), storage_failure);
  }
  EXPECT_NE(backend_pid(*pool.acquire()), killed);
}

}  // namespace
}  // namespace twofold::server::testing
