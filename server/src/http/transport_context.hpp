#pragma once
// What every listener and session shares for the server's lifetime. Owned by
// serve(), which outlives them all.
#include "app/http_types.hpp"
#include "http/hashing_pool.hpp"
#include "http/connection_registry.hpp"
#include "http/server.hpp"

namespace boost::asio {
class thread_pool;
namespace ssl {
class context;
}  // namespace ssl
}  // namespace boost::asio

namespace twofold::server {

struct config;
class logger;

struct transport_context {
  const config& cfg;
  const request_handler& handler;
  logger& log;
  boost::asio::thread_pool& workers;           // request_lane::workers
  hashing_pool& password_hashing;              // request_lane::password_hashing
  boost::asio::ssl::context* tls;     // null: plain HTTP
  connection_registry& connections;
};

}  // namespace twofold::server
