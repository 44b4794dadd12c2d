#pragma once
// The live client connections: so a graceful shutdown can reach every one
// (idle connections are closed, busy ones finish their request first), and
// so that no client and no crowd can hold more connections than the caps.
// Safe to use from any thread. No Boost header: sessions implement
// `connection`.
//
// Caps: at most `total` connections, and at most `per_client` with one client
// key (the throttle_key of the connection's address, client/network_prefix.hpp;
// connections of a trusted proxy carry many clients and have no key). A new
// connection over a cap takes the place of the oldest idle connection that
// counts towards that cap (idle: waiting for the client, between requests
// or for a request still arriving); without one it is refused. So slow or
// forgotten connections cannot crowd out new clients, and a busy request is
// never cut.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace twofold::server {

// A client connection the registry can ask to wind down.
class connection {
 public:
  virtual ~connection() = default;
  // Thread-safe. Closes the connection now if it is between requests;
  // otherwise lets the current request finish and closes after its answer.
  virtual void begin_shutdown() = 0;
};

struct connection_limits {
  std::size_t total = 8192;
  std::size_t per_client = 128;
};

enum class admission { admitted, over_limit, shutting_down };

class connection_registry {
 public:
  explicit connection_registry(connection_limits limits = {});

  // Registers a new connection, idle, with its client key ("" counts towards
  // the total only). Over a cap, the oldest idle connection in the way is
  // asked to close (begin_shutdown) and no longer counts. Anything but
  // `admitted`: the caller closes the new connection.
  [[nodiscard]] admission add(const std::shared_ptr<connection>& live, std::string client_key);
  // Called from the connection's destructor; an unknown connection is ignored.
  void remove(const connection* gone);
  // Waiting for the client (true) or working on a request (false).
  void set_idle(const connection* which, bool idle);

  // Asks every live connection to wind down; `on_drained` runs once, on
  // whichever thread removes the last connection (at once if none is left).
  void begin_shutdown(std::function<void()> on_drained);
  // Forgets `on_drained`: after a forced stop nobody may be told any more.
  void forget_drain_callback();

  [[nodiscard]] std::size_t size() const;

 private:
  struct entry {
    std::weak_ptr<connection> live;
    std::string client_key;
    std::uint64_t idle_since = 0;  // a sequence number, not a time; 0: busy
    bool evicted = false;          // asked to close: counts towards no cap
  };
  using entries = std::map<const connection*, entry>;

  // The oldest idle counted connection, among those of `client_key` unless
  // it is null; end() if none.
  [[nodiscard]] entries::iterator oldest_idle(const std::string* client_key);
  [[nodiscard]] std::size_t counted(const std::string* client_key) const;
  [[nodiscard]] std::function<void()> take_drain_callback_if_empty();

  connection_limits limits_;
  mutable std::mutex mutex_;
  entries connections_;
  std::uint64_t next_idle_ = 1;
  bool shutting_down_ = false;
  std::function<void()> on_drained_;
};

}  // namespace twofold::server
