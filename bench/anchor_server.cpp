// The anchor of bench/run: the least an HTTP server on Boost.Beast can do.
// One I/O thread (as Twofold runs by default), HTTP/1.1 keep-alive, every
// request answered with {"status":"ok"} as application/json, except GET of
// the one static file it was given, answered from memory. No router, no log,
// no database: what Twofold's figures are held against, measured in the same
// run on the same machine.
//
// Usage: twofold-bench-anchor-server PORT [URL_PATH FILE CONTENT_TYPE]
// Prints "listening PORT" on standard output once it accepts connections
// (PORT 0: a free port, the one printed). Runs until SIGTERM or SIGINT.
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <utility>

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

http::response<http::string_body> answer_to(const http::request<http::string_body>& request, const static_file& file) {
  const bool is_file = request.method() == http::verb::get && !file.url_path.empty() && request.target() == file.url_path;
  http::response<http::string_body> response{http::status::ok, request.version()};
  response.set(http::field::content_type, is_file ? file.content_type : "application/json");
  response.body() = is_file ? file.body : json_body;
  response.keep_alive(request.keep_alive());
  response.prepare_payload();
  return response;
}

// One connection: read a request, write its answer, again until the client
// closes or asks to close.
class connection : public std::enable_shared_from_this<connection> {
 public:
  connection(tcp::socket socket, const static_file& file) : stream_(std::move(socket)), file_(file) {}

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
    response_ = answer_to(request_, file_);
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
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
};

void accept(tcp::acceptor& acceptor, const static_file& file) {
  acceptor.async_accept([&acceptor, &file](beast::error_code error, tcp::socket socket) {
    if (!error) {
      socket.set_option(tcp::no_delay(true));
      std::make_shared<connection>(std::move(socket), file)->start();
    }
    accept(acceptor, file);
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
  if (argc != 2 && argc != 5) {
    std::cerr << "usage: " << argv[0] << " PORT [URL_PATH FILE CONTENT_TYPE]\n";
    return 2;
  }
  const static_file file = argc == 5 ? static_file{argv[2], contents_of(argv[3]), argv[4]} : static_file{};
  asio::io_context io{1};
  tcp::acceptor acceptor{io, {asio::ip::make_address("127.0.0.1"), static_cast<asio::ip::port_type>(std::atoi(argv[1]))}};
  asio::signal_set stop{io, SIGTERM, SIGINT};
  stop.async_wait([&io](beast::error_code, int) { io.stop(); });
  accept(acceptor, file);
  std::cout << "listening " << acceptor.local_endpoint().port() << std::endl;
  io.run();
  return 0;
}
