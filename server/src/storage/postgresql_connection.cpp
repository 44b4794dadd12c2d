#include "storage/postgresql_connection.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <charconv>
#include <string>
#include <utility>

#include "runtime/server_metrics.hpp"
#include "storage/postgresql_placeholders.hpp"
#include "storage/postgresql_statement.hpp"

namespace twofold::server {

namespace {

// PostgreSQL's SQLSTATE classes (Appendix A of its manual), grouped as the
// metrics group SQLite's result codes.
database_error_kind kind_of(std::string_view sqlstate) {
  const std::string_view error_class = sqlstate.substr(0, 2);
  if (error_class == "40") return database_error_kind::busy;        // serialization failure, deadlock
  if (sqlstate == "55P03") return database_error_kind::locked;      // lock not available
  if (error_class == "08" || error_class == "57" || sqlstate.empty()) {
    return database_error_kind::io;                                  // the connection or the server is gone
  }
  if (error_class == "53") return database_error_kind::full;        // disk full, out of memory, too many connections
  if (error_class == "23") return database_error_kind::constraint;  // integrity constraint violation
  if (error_class == "XX") return database_error_kind::corrupt;     // internal error, data corrupted
  return database_error_kind::other;
}

// True when a read from `socket` would not block (data, or the end of the stream).
bool readable(int socket) {
  pollfd watched{.fd = socket, .events = POLLIN, .revents = 0};
  return socket >= 0 && poll(&watched, 1, 0) > 0;
}

bool is_conflict(std::string_view sqlstate) { return sqlstate == "40001" || sqlstate == "40P01"; }

// The message without libpq's trailing newline.
std::string trimmed(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text.empty() ? "unknown error" : text;
}

std::string libpq_value(std::chrono::seconds seconds) {
  // libpq treats 1 as 2 and 0 as forever; ask for at least 2.
  return std::to_string(std::max<std::int64_t>(seconds.count(), 2));
}

}  // namespace

postgresql_result::~postgresql_result() { PQclear(result_); }

postgresql_result::postgresql_result(postgresql_result&& other) noexcept
    : result_(std::exchange(other.result_, nullptr)) {}

postgresql_result& postgresql_result::operator=(postgresql_result&& other) noexcept {
  if (this != &other) {
    PQclear(result_);
    result_ = std::exchange(other.result_, nullptr);
  }
  return *this;
}

postgresql_connection::postgresql_connection(const postgresql_options& options) {
  // Later keywords override what the URL says: the timeouts are the server's.
  const std::string connect_timeout = libpq_value(options.connect_timeout);
  const std::string session_options = "-c statement_timeout=" + std::to_string(options.statement_timeout.count());
  const char* const keywords[] = {"dbname", "connect_timeout", "options", "application_name", nullptr};
  const char* const values[] = {options.url.c_str(), connect_timeout.c_str(), session_options.c_str(),
                                "twofold-server", nullptr};
  connection_ = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (connection_ == nullptr || PQstatus(connection_) != CONNECTION_OK) {
    server_metrics::process().database_error(database_error_kind::io);
    std::string message = connection_ ? trimmed(PQerrorMessage(connection_)) : "out of memory";
    PQfinish(connection_);
    throw storage_unavailable("connect to PostgreSQL: " + message);
  }
  // Notices ("relation already exists, skipping") are not errors, and
  // libpq would print them on standard error.
  PQsetNoticeProcessor(connection_, [](void*, const char*) {}, nullptr);
}

postgresql_connection::~postgresql_connection() { PQfinish(connection_); }

postgresql_result postgresql_connection::checked(pg_result* result, std::string_view what) {
  postgresql_result owned(result);
  const auto status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
    const char* tuples = PQcmdTuples(result);
    std::int64_t changed = 0;
    std::from_chars(tuples, tuples + std::char_traits<char>::length(tuples), changed);
    changed_rows_ = changed;
    return owned;
  }
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string sqlstate = state ? state : "";
  server_metrics::process().database_error(kind_of(sqlstate));
  const std::string message =
      std::string(what) + ": " + trimmed(result ? PQresultErrorMessage(result) : PQerrorMessage(connection_));
  if (is_conflict(sqlstate)) throw storage_conflict(message);
  // The connection itself went (a restart, the network): not the statement's fault.
  if (PQstatus(connection_) == CONNECTION_BAD) throw storage_unavailable(message);
  throw storage_failure(message);
}

void postgresql_connection::execute(std::string_view sql) {
  static_cast<void>(checked(PQexec(connection_, std::string(sql).c_str()), "execute"));
}

sql_statement postgresql_connection::prepare(std::string_view sql) {
  return sql_statement(std::make_unique<postgresql_statement>(*this, sql));
}

void postgresql_connection::begin(sql_isolation isolation) {
  execute(isolation == sql_isolation::serializable ? "BEGIN ISOLATION LEVEL SERIALIZABLE"
                                                   : "BEGIN ISOLATION LEVEL READ COMMITTED");
}

void postgresql_connection::commit() { execute("COMMIT"); }

void postgresql_connection::rollback() noexcept {
  // Nothing to report: a failed ROLLBACK leaves a broken connection, which
  // healthy() then refuses.
  PQclear(PQexec(connection_, "ROLLBACK"));
}

bool postgresql_connection::healthy() const {
  // An idle connection is sent nothing, unless the server is ending the
  // session (restart, pg_terminate_backend): its last message may be
  // waiting before the end of the stream does. Either is reason enough to
  // connect anew, and cheaper to see than a failed statement.
  return PQstatus(connection_) == CONNECTION_OK && PQtransactionStatus(connection_) == PQTRANS_IDLE &&
         !readable(PQsocket(connection_));
}

const std::string& postgresql_connection::prepared(std::string_view sql,
                                                   const std::vector<postgresql_parameter>& parameters) {
  std::string key(sql);
  key += '\0';
  for (const auto& parameter : parameters) key += std::to_string(parameter.type) + ',';
  if (const auto found = statements_.find(key); found != statements_.end()) return found->second;

  std::string name = "s" + std::to_string(statements_.size() + 1);
  std::vector<Oid> types;
  types.reserve(parameters.size());
  for (const auto& parameter : parameters) types.push_back(parameter.type);
  const std::string text = postgresql_placeholders(sql);
  static_cast<void>(checked(PQprepare(connection_, name.c_str(), text.c_str(), static_cast<int>(types.size()),
                                      types.data()),
                            "prepare"));
  return statements_.emplace(std::move(key), std::move(name)).first->second;
}

postgresql_result postgresql_connection::run(std::string_view sql,
                                             const std::vector<postgresql_parameter>& parameters) {
  const std::string& name = prepared(sql, parameters);
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
  for (const auto& parameter : parameters) {
    values.push_back(parameter.is_null ? nullptr : parameter.value.data());
    lengths.push_back(static_cast<int>(parameter.value.size()));
    formats.push_back(parameter.type == postgresql_statement::bytea_type ? 1 : 0);  // bytea in binary
  }
  const int count = static_cast<int>(parameters.size());
  return checked(PQexecPrepared(connection_, name.c_str(), count, values.data(), lengths.data(), formats.data(),
                                /*resultFormat=*/0),
                 "statement");
}

}  // namespace twofold::server
