#include "http/http_session.hpp"

#include <chrono>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "app/request_language.hpp"
#include "client/network_prefix.hpp"
#include "config/config.hpp"
#include "http/beast_messages.hpp"
#include "http/forwarded_client.hpp"
#include "http/request_log.hpp"
#include "http/transport_answers.hpp"
#include "http/transport_context.hpp"
#include "runtime/logger.hpp"

namespace twofold::server {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// Long enough for a slow link to fetch the wasm core; a client that stops
// reading is cut off.
constexpr std::chrono::seconds write_timeout{60};
// How long, after a final error answer, the rest of the client's request
// (say an oversized body) is read and discarded before the socket closes.
constexpr std::chrono::seconds linger_timeout{5};
constexpr std::size_t discard_chunk_bytes = 4096;

using clock_type = std::chrono::steady_clock;

// Errors from Beast's HTTP parser other than the ones that only mean "the
// client went away": the bytes received are not HTTP/1.1.
bool is_malformed_request(const beast::error_code& ec) {
  static const auto& parser_errors = http::make_error_code(http::error::end_of_stream).category();
  return ec.category() == parser_errors && ec != http::error::end_of_stream &&
         ec != http::error::partial_message;
}

// What happens once an answer is written.
enum class then { read_next, close, linger };

// Shared by the plain and TLS sessions (curiously recurring template pattern,
// as in Beast's advanced "flex" server): Derived provides stream(), start(),
// close_gracefully() and stop_sending().
template <class Derived>
class http_session : public connection {
 public:
  void begin_shutdown() override {
    net::post(derived().stream().get_executor(),
              [self = derived().shared_from_this()] { self->on_shutdown_requested(); });
  }

 protected:
  enum class phase { handshake, reading, handling, writing, closing };

  http_session(transport_context& context, std::string peer_ip)
      : context_(context), peer_ip_(std::move(peer_ip)), https_(context.cfg.served_over_https()) {}
  ~http_session() override { context_.connections.remove(this); }

  http_session(const http_session&) = delete;
  http_session& operator=(const http_session&) = delete;

  void run() {
    // During shutdown, or over the caps with no idle connection to close,
    // a newly accepted connection is simply closed.
    const auto& proxies = context_.cfg.trusted_proxies;
    auto client_key = is_trusted_proxy(peer_ip_, proxies) ? std::string() : throttle_key(peer_ip_);
    const auto admitted = context_.connections.add(derived().shared_from_this(), std::move(client_key));
    if (admitted == admission::over_limit) context_.log.warn("http.connection_refused", {{"ip", peer_ip_}});
    if (admitted != admission::admitted) return;
    net::dispatch(derived().stream().get_executor(),
                  beast::bind_front_handler(&Derived::start, derived().shared_from_this()));
  }

  void do_read() {
    phase_ = phase::reading;
    if (stopping_ && !request_begun()) return;
    parser_.emplace();
    parser_->body_limit(context_.cfg.max_body_bytes);
    context_.connections.set_idle(this, true);
    // One deadline for the whole request; it also ends idle keep-alive connections.
    lowest_layer().expires_after(context_.cfg.header_timeout);
    http::async_read(derived().stream(), buffer_, *parser_,
                     beast::bind_front_handler(&http_session::on_read, derived().shared_from_this()));
  }

  [[nodiscard]] beast::tcp_stream& lowest_layer() { return beast::get_lowest_layer(derived().stream()); }

  transport_context& context_;
  phase phase_ = phase::handshake;

 private:
  Derived& derived() { return static_cast<Derived&>(*this); }

  void on_read(beast::error_code ec, std::size_t /*bytes*/) {
    request_read_at_ = clock_type::now();
    context_.connections.set_idle(this, false);
    if (ec == http::error::end_of_stream) return derived().close_gracefully();
    if (ec == http::error::body_limit) return reject(transport_failure::body_too_large);
    if (is_malformed_request(ec)) return reject(transport_failure::bad_request);
    if (ec) return;  // timeout, shutdown of an idle connection, connection lost: close.

    auto request = parser_->release();
    framing_ = {request.version(), request.keep_alive(), request.method() == http::verb::head, https_};
    auto converted = to_http_request(std::move(request), peer_ip_, https_);
    converted.remote_ip = forwarded_client(peer_ip_, converted.header("x-forwarded-for"),
                                           converted.header("forwarded"), context_.cfg.trusted_proxies);
    summary_ = {converted.method, converted.target, converted.remote_ip};
    phase_ = phase::handling;
    switch (context_.handler.lane_of(converted)) {
      case request_lane::io_thread: return answer(call_handler(converted));
      case request_lane::workers: return net::post(context_.workers, handle_elsewhere(std::move(converted)));
      case request_lane::password_hashing: {
        const auto language = answer_language(std::nullopt, converted.header("accept-language"));
        if (context_.password_hashing.try_post(handle_elsewhere(std::move(converted)))) return;
        return answer(transport_answer(transport_failure::overloaded, language));
      }
    }
  }

  // The handler may block (password hashing, the database): the work to run
  // it on another thread, then come back to this connection's executor to
  // write. The work guard keeps the I/O threads running meanwhile.
  auto handle_elsewhere(http_request request) {
    return [self = derived().shared_from_this(), work = net::make_work_guard(derived().stream().get_executor()),
            request = std::move(request)] {
      auto response = self->call_handler(request);
      net::post(self->stream().get_executor(),
                [self, response = std::move(response)]() mutable { self->answer(std::move(response)); });
    };
  }

  http_response call_handler(const http_request& request) {
    try {
      return context_.handler.handle(request);
    } catch (const std::exception& e) {
      context_.log.error("http.handler_failed", {{"path", path_without_query(request.target)}, {"error", e.what()}});
    } catch (...) {
      context_.log.error("http.handler_failed", {{"path", path_without_query(request.target)}});
    }
    return transport_answer(transport_failure::internal, i18n::language::en);
  }

  void answer(http_response response) {
    summary_.route = response.route;
    framing_.keep_alive = framing_.keep_alive && !stopping_;
    write(to_wire(std::move(response), framing_), framing_.keep_alive ? then::read_next : then::close);
  }

  // An answer from this layer: the request is unusable, so is the connection.
  void reject(transport_failure failure) {
    // The request line may have been parsed before the failure (always so
    // for an oversized body); the fields stay empty when it was not.
    const auto& partial = parser_->get();
    summary_ = {std::string(partial.method_string()), std::string(partial.target()), peer_ip_};
    write(to_wire(transport_answer(failure, i18n::language::en), {partial.version(), false, false, https_}),
          then::linger);
  }

  void write(wire_answer wire, then next) {
    phase_ = phase::writing;
    summary_.status = wire.status;
    lowest_layer().expires_after(write_timeout);
    outgoing_ = std::move(wire);
    net::async_write(derived().stream(), outgoing_.buffers(),
                     beast::bind_front_handler(&http_session::on_write, derived().shared_from_this(), next));
  }

  void on_write(then next, beast::error_code ec, std::size_t /*bytes*/) {
    summary_.duration = clock_type::now() - request_read_at_;
    log_request(context_.log, summary_);
    if (ec) return;
    if (next == then::linger) return linger();
    if (next == then::close || stopping_) return derived().close_gracefully();
    do_read();
  }

  // Closing a socket with unread input makes the kernel send a reset, which
  // can destroy our answer before the client reads it (RFC 9112 §9.6), so
  // read and discard whatever still arrives, for a bounded time.
  void linger() {
    phase_ = phase::closing;
    derived().stop_sending();
    buffer_.clear();
    lowest_layer().expires_after(linger_timeout);
    do_discard();
  }

  void do_discard() {
    derived().stream().async_read_some(
        buffer_.prepare(discard_chunk_bytes),
        beast::bind_front_handler(&http_session::on_discard, derived().shared_from_this()));
  }

  void on_discard(beast::error_code ec, std::size_t /*bytes*/) {
    if (!ec) do_discard();
  }

  void on_shutdown_requested() {
    stopping_ = true;
    bool idle = phase_ == phase::handshake || (phase_ == phase::reading && !request_begun());
    if (idle) lowest_layer().cancel();
  }

  // Whether a request has started to arrive: then it is served even during
  // shutdown. Bytes still in the kernel's buffer count too.
  bool request_begun() {
    beast::error_code ec;
    return buffer_.size() > 0 || (parser_ && parser_->got_some()) || lowest_layer().socket().available(ec) > 0;
  }

  std::string peer_ip_;  // the connection's; the client's may come from a trusted proxy's header
  bool https_;           // browsers reach us over HTTPS, here or at a proxy
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;  // fresh per request
  answer_framing framing_;
  wire_answer outgoing_;  // being written
  request_summary summary_;
  clock_type::time_point request_read_at_;
  bool stopping_ = false;
};

class plain_session final : public http_session<plain_session>,
                            public std::enable_shared_from_this<plain_session> {
 public:
  plain_session(tcp::socket&& socket, transport_context& context, std::string remote_ip)
      : http_session(context, std::move(remote_ip)), stream_(std::move(socket)) {}

  using http_session::run;
  beast::tcp_stream& stream() { return stream_; }

 private:
  friend class http_session<plain_session>;

  void start() { do_read(); }

  void close_gracefully() {
    phase_ = phase::closing;
    stop_sending();
  }

  void stop_sending() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
};

class tls_session final : public http_session<tls_session>, public std::enable_shared_from_this<tls_session> {
 public:
  tls_session(tcp::socket&& socket, transport_context& context, std::string remote_ip)
      : http_session(context, std::move(remote_ip)), stream_(std::move(socket), *context.tls) {}

  using http_session::run;
  beast::ssl_stream<beast::tcp_stream>& stream() { return stream_; }

 private:
  friend class http_session<tls_session>;

  void start() {
    phase_ = phase::handshake;
    context_.connections.set_idle(this, true);
    lowest_layer().expires_after(context_.cfg.header_timeout);
    stream_.async_handshake(net::ssl::stream_base::server,
                            beast::bind_front_handler(&tls_session::on_handshake, shared_from_this()));
  }

  void on_handshake(beast::error_code ec) {
    if (!ec) do_read();
  }

  // Sends close_notify and waits (bounded) for the client's.
  void close_gracefully() {
    phase_ = phase::closing;
    lowest_layer().expires_after(linger_timeout);
    stream_.async_shutdown(beast::bind_front_handler(&tls_session::on_tls_shutdown, shared_from_this()));
  }

  void on_tls_shutdown(beast::error_code /*ignored: the socket closes either way*/) {}

  // TLS cannot half-close the way TCP can; the answer's "Connection: close"
  // tells the client to end the connection.
  void stop_sending() {}

  beast::ssl_stream<beast::tcp_stream> stream_;
};

std::string peer_address(const tcp::socket& socket) {
  beast::error_code ec;
  auto address = socket.remote_endpoint(ec).address();
  if (ec) return {};
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

}  // namespace

void launch_session(tcp::socket&& socket, transport_context& context) {
  auto remote_ip = peer_address(socket);
  if (context.tls) {
    std::make_shared<tls_session>(std::move(socket), context, std::move(remote_ip))->run();
  } else {
    std::make_shared<plain_session>(std::move(socket), context, std::move(remote_ip))->run();
  }
}

}  // namespace twofold::server
