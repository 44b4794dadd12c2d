#pragma once
// Accepts TCP connections and hands each to a new session whose handlers
// never run concurrently.
#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "twofold/result.hpp"

namespace twofold::server {

struct transport_context;

class listener : public std::enable_shared_from_this<listener> {
 public:
  // Opens, binds and listens; a failure (address in use, bad address) is a
  // message for the operator, never an exception.
  [[nodiscard]] static result<std::shared_ptr<listener>, std::string> open(
      boost::asio::io_context& io, transport_context& context);

  [[nodiscard]] std::uint16_t port() const;
  void run();
  // Thread-safe: stops accepting; connections already accepted carry on.
  void stop();

 private:
  listener(boost::asio::io_context& io, transport_context& context);
  [[nodiscard]] std::string bind(const boost::asio::ip::tcp::endpoint& endpoint);
  void do_accept();
  [[nodiscard]] boost::asio::any_io_executor connection_executor();
  void on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& io_;
  transport_context& context_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;  // after a failed accept (e.g. out of file descriptors)
};

}  // namespace twofold::server
