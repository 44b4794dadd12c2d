#pragma once
// Who holds a claim on an outbox message (storage::claim_due_mail): a name
// per sending process, written into the message's row with its lease.
//
// A server is named by its host and the address and port it listens on,
// taken once the port is bound: two processes running at once can never hold
// one address and port, so their names differ, and a server restarted on the
// same address and port is the same claimer again, which frees at start what
// its previous life held (storage::release_unsent_mail) and nothing of
// another server's. Machines sharing a database need distinct host names.
// An operator's command, which listens on nothing, is named by its process.
#include <cstdint>
#include <string>
#include <string_view>

namespace twofold::server {

// "<host name> <listen address>:<port>", e.g. "web-1 0.0.0.0:8080".
[[nodiscard]] std::string server_claimer(std::string_view listen_address, std::uint16_t port);
// "<host name> command <process id>", e.g. "web-1 command 4711".
[[nodiscard]] std::string command_claimer();

}  // namespace twofold::server
