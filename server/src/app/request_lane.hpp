#pragma once
// Where the HTTP layer runs a request's handler, as the application tells it
// (app::lane_of). Answers read from memory go out on the I/O thread, without
// two hops through a queue; anything that may wait on the database runs on
// the workers; the routes that hash a password run on a pool of their own,
// one thread per hash slot with a bounded queue, so a flood of sign-ins
// queues there and neither /healthz nor a code check waits behind it.
namespace twofold::server {

enum class request_lane {
  io_thread,         // /healthz and the web app's files: memory only
  workers,           // the API, /readyz, /metrics: may wait on the database
  password_hashing,  // routes that may run Argon2id (route.hpp: hashes_password)
};

}  // namespace twofold::server
