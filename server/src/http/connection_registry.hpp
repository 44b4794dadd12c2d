#pragma once
// The live client connections, so a graceful shutdown can reach every one:
// idle connections are closed, busy ones finish their request first. Safe to
// use from any thread. No Boost header: sessions implement `connection`.
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

namespace twofold::server {

// A client connection the registry can ask to wind down.
class connection {
 public:
  virtual ~connection() = default;
  // Thread-safe. Closes the connection now if it is between requests;
  // otherwise lets the current request finish and closes after its answer.
  virtual void begin_shutdown() = 0;
};

class connection_registry {
 public:
  // False once shutdown has begun: the caller closes the new connection.
  [[nodiscard]] bool add(const std::shared_ptr<connection>& live);
  // Called from the connection's destructor; an unknown connection is ignored.
  void remove(const connection* gone);

  // Asks every live connection to wind down; `on_drained` runs once, on
  // whichever thread removes the last connection (at once if none is left).
  void begin_shutdown(std::function<void()> on_drained);
  // Forgets `on_drained`: after a forced stop nobody may be told any more.
  void forget_drain_callback();

  [[nodiscard]] std::size_t size() const;

 private:
  [[nodiscard]] std::function<void()> take_drain_callback_if_empty();

  mutable std::mutex mutex_;
  std::map<const connection*, std::weak_ptr<connection>> connections_;
  bool shutting_down_ = false;
  std::function<void()> on_drained_;
};

}  // namespace twofold::server
