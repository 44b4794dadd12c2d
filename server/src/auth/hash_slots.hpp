#pragma once
// At most `limit` password hashes at once. One Argon2id run takes 19 MiB and
// a core for some 20 ms: more at once than there are cores only adds memory
// and makes each slower, so with more worker threads than cores the rest
// wait their turn here. How many wait, and how long each waited, is the
// password-hash queue /metrics shows (runtime/server_metrics.hpp).
#include <condition_variable>
#include <mutex>

namespace twofold::server {

class hash_slots {
 public:
  // `limit`: at least 1.
  explicit hash_slots(unsigned limit);

  // A slot held until destroyed.
  class slot {
   public:
    explicit slot(hash_slots& owner) : owner_(&owner) {}
    ~slot() { owner_->release(); }
    slot(const slot&) = delete;
    slot& operator=(const slot&) = delete;

   private:
    hash_slots* owner_;
  };

  // Blocks until a slot is free.
  [[nodiscard]] slot acquire();

 private:
  void release();

  std::mutex mutex_;
  std::condition_variable freed_;
  unsigned free_;
};

}  // namespace twofold::server
