#pragma once
// One client connection: TLS handshake when configured, then HTTP/1.1
// requests read one at a time (body limit, header timeout), each answered by
// the handler on the worker pool, keep-alive honoured. Registers itself with
// the transport's connection_registry for graceful shutdown.
#include <boost/asio/ip/tcp.hpp>

namespace twofold::server {

struct transport_context;

// Starts a plain or TLS session (as the context says) for an accepted socket.
void launch_session(boost::asio::ip::tcp::socket&& socket, transport_context& context);

}  // namespace twofold::server
