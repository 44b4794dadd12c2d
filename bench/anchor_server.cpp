// The anchor of bench/run: the least an HTTP server on Boost.Beast can do.
// One I/O thread (as Twofold runs by default), HTTP/1.1 keep-alive, every
// request answered with {"status":"ok"} as application/json, except GET of
// the one static file it was given, answered from memory. No router, no log,
// no database: what Twofold's figures are held against, measured in the same
// run on the same machine.
//
// With --session-db, GET /api/me also does the one thing a signed-in request
// cannot skip: the session cookie's token hashed (SHA-256) and its session,
// user and company read in one statement from Twofold's SQLite database, as
// storage::find_session reads them, prepared once, on the I/O thread. The
// floor under Twofold's /api/me: Beast plus that read, nothing else.
//
// Usage: twofold-bench-anchor-server PORT [URL_PATH FILE CONTENT_TYPE] [--session-db PATH]
// Prints "listening PORT" on standard output once it accepts connections
// (PORT 0: a free port, the one printed). Runs until SIGTERM or SIGINT.
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <sodium.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

struct static_file {
  std::string url_path;
  std::string body;
  std::string content_type;
};

const std::string json_body = R"({"status":"ok"})";

// The session read of --session-db: one read-only connection, one statement.
class session_reader {
 public:
  explicit session_reader(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK ||
        sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement_, nullptr) != SQLITE_OK) {
      std::cerr << "cannot read sessions from " << path << ": " << sqlite3_errmsg(db_) << "\n";
      std::exit(2);
    }
  }
  ~session_reader() {
    sqlite3_finalize(statement_);
    sqlite3_close(db_);
  }
  session_reader(const session_reader&) = delete;
  session_reader& operator=(const session_reader&) = delete;

  // {"user":{...}} of the session whose cookie token is `token`, if any.
  std::optional<std::string> user_json(std::string_view token) {
    std::array<unsigned char, 64> bytes{};
    std::size_t length = 0;
    if (sodium_base642bin(bytes.data(), bytes.size(), token.data(), token.size(), nullptr, &length, nullptr,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
      return std::nullopt;
    }
    std::array<unsigned char, crypto_hash_sha256_BYTES> hash{};
    crypto_hash_sha256(hash.data(), bytes.data(), length);
    sqlite3_bind_blob(statement_, 1, hash.data(), static_cast<int>(hash.size()), SQLITE_STATIC);
    std::optional<std::string> json;
    if (sqlite3_step(statement_) == SQLITE_ROW) {
      json = R"({"user":{"id":)" + std::to_string(sqlite3_column_int64(statement_, 0)) + R"(,"username":")" +
             text(1) + R"(","email":")" + text(2) + R"(","display_name":")" + text(3) + R"(","role":")" + text(4) +
             R"(","company":")" + text(5) + R"("}})";
    }
    sqlite3_reset(statement_);
    return json;
  }

 private:
  static constexpr const char* sql =
      "SELECT u.id, u.username, u.email, u.display_name, u.role, c.name, s.*, u.*, c.*"
      " FROM sessions s JOIN users u ON u.id = s.user_id JOIN companies c ON c.id = u.company_id"
      " WHERE s.token_hash = ?1";

  std::string text(int column) { return reinterpret_cast<const char*>(sqlite3_column_text(statement_, column)); }

  sqlite3* db_ = nullptr;
  sqlite3_stmt* statement_ = nullptr;
};

// The value of the cookie `name` in the Cookie field, if sent.
std::string_view cookie_value(std::string_view cookies, std::string_view name) {
  for (std::size_t at = 0; at < cookies.size();) {
    const auto end = std::min(cookies.find(';', at), cookies.size());
    auto pair = cookies.substr(at, end - at);
    pair.remove_prefix(std::min(pair.find_first_not_of(' '), pair.size()));
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name && pair[name.size()] == '=') {
      return pair.substr(name.size() + 1);
    }
    at = end + 1;
  }
  return {};
}

http::response<http::string_body> answer_to(const http::request<http::string_body>& request, const static_file& file,
                                            session_reader* sessions) {
  const bool is_file = request.method() == http::verb::get && !file.url_path.empty() && request.target() == file.url_path;
  http::response<http::string_body> response{http::status::ok, request.version()};
  response.set(http::field::content_type, is_file ? file.content_type : "application/json");
  response.body() = is_file ? file.body : json_body;
  if (sessions != nullptr && request.target() == "/api/me") {
    auto user = sessions->user_json(cookie_value(request[http::field::cookie], "twofold_session"));
    response.result(user ? http::status::ok : http::status::unauthorized);
    response.body() = user ? std::move(*user) : R"({"error":"signed_out"})";
  }
  response.keep_alive(request.keep_alive());
  response.prepare_payload();
  return response;
}

// One connection: read a request, write its answer, again until the client
// closes or asks to close.
class connection : public std::enable_shared_from_this<connection> {
 public:
  connection(tcp::socket socket, const static_file& file, session_reader* sessions)
      : stream_(std::move(socket)), file_(file), sessions_(sessions) {}

  void start() { read(); }

 private:
  void read() {
    request_ = {};
    http::async_read(stream_, buffer_, request_, [self = shared_from_this()](beast::error_code error, std::size_t) {
      if (error) return self->close();
      self->write();
    });
  }

  void write() {
    response_ = answer_to(request_, file_, sessions_);
    http::async_write(stream_, response_, [self = shared_from_this()](beast::error_code error, std::size_t) {
      if (error || !self->response_.keep_alive()) return self->close();
      self->read();
    });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  const static_file& file_;
  session_reader* sessions_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
};

void accept(tcp::acceptor& acceptor, const static_file& file, session_reader* sessions) {
  acceptor.async_accept([&acceptor, &file, sessions](beast::error_code error, tcp::socket socket) {
    if (!error) {
      socket.set_option(tcp::no_delay(true));
      std::make_shared<connection>(std::move(socket), file, sessions)->start();
    }
    accept(acceptor, file, sessions);
  });
}

std::string contents_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "cannot read " << path << "\n";
    std::exit(2);
  }
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::optional<session_reader> sessions;
  if (args.size() >= 3 && args[args.size() - 2] == "--session-db") {
    sessions.emplace(args.back());
    args.resize(args.size() - 2);
  }
  if (args.size() != 1 && args.size() != 4) {
    std::cerr << "usage: " << argv[0] << " PORT [URL_PATH FILE CONTENT_TYPE] [--session-db PATH]\n";
    return 2;
  }
  const static_file file = args.size() == 4 ? static_file{args[1], contents_of(args[2]), args[3]} : static_file{};
  asio::io_context io{1};
  tcp::acceptor acceptor{io, {asio::ip::make_address("127.0.0.1"), static_cast<asio::ip::port_type>(std::atoi(args[0].c_str()))}};
  asio::signal_set stop{io, SIGTERM, SIGINT};
  stop.async_wait([&io](beast::error_code, int) { io.stop(); });
  accept(acceptor, file, sessions ? &*sessions : nullptr);
  std::cout << "listening " << acceptor.local_endpoint().port() << std::endl;
  io.run();
  return 0;
}
