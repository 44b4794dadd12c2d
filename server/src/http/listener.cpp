#include "http/listener.hpp"

#include <chrono>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include "config/config.hpp"
#include "http/http_session.hpp"
#include "http/transport_context.hpp"
#include "runtime/logger.hpp"

namespace twofold::server {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// Pause after a failed accept so that running out of file descriptors does
// not become a busy loop.
constexpr std::chrono::milliseconds accept_retry_delay{100};

}  // namespace

listener::listener(net::io_context& io, transport_context& context)
    : io_(io), context_(context), acceptor_(net::make_strand(io)), retry_timer_(acceptor_.get_executor()) {}

result<std::shared_ptr<listener>, std::string> listener::open(net::io_context& io, transport_context& context) {
  boost::system::error_code ec;
  auto address = net::ip::make_address(context.cfg.listen_address, ec);
  if (ec) return failure{"invalid listen address '" + context.cfg.listen_address + "': " + ec.message()};

  std::shared_ptr<listener> opened(new listener(io, context));  // the constructor is private
  auto problem = opened->bind(tcp::endpoint{address, context.cfg.port});
  if (!problem.empty()) return failure{std::move(problem)};
  return opened;
}

std::string listener::bind(const tcp::endpoint& endpoint) {
  boost::system::error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (!ec) return {};
  return "cannot listen on " + endpoint.address().to_string() + ":" + std::to_string(endpoint.port()) +
         ": " + ec.message();
}

std::uint16_t listener::port() const {
  boost::system::error_code ec;
  return acceptor_.local_endpoint(ec).port();
}

void listener::run() {
  net::dispatch(acceptor_.get_executor(), [self = shared_from_this()] { self->do_accept(); });
}

void listener::stop() {
  net::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
    self->retry_timer_.cancel();
  });
}

void listener::do_accept() {
  if (!acceptor_.is_open()) return;
  acceptor_.async_accept(connection_executor(), [self = shared_from_this()](auto ec, auto socket) {
    self->on_accept(ec, std::move(socket));
  });
}

// A connection's handlers must never run concurrently. With one I/O thread
// they cannot, and the io_context's own executor spares each handler the
// strand's lock and type-erased copies; with more, each connection gets a
// strand.
net::any_io_executor listener::connection_executor() {
  if (context_.cfg.io_threads <= 1) return io_.get_executor();
  return net::make_strand(io_);
}

void listener::on_accept(boost::system::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec) {
    context_.log.warn("http.accept_failed", {{"error", ec.message()}});
    retry_timer_.expires_after(accept_retry_delay);
    retry_timer_.async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
      if (!wait_ec) self->do_accept();
    });
    return;
  }
  // Answers are written as header and body; without TCP_NODELAY the body can
  // wait for the client's delayed ACK (about 40 ms on Linux).
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  launch_session(std::move(socket), context_);
  do_accept();
}

}  // namespace twofold::server
