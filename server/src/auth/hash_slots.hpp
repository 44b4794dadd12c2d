#pragma once
// At most `limit` password hashes at once. One Argon2id run takes 19 MiB and
// a core for some 20 ms: more at once than there are cores only adds memory
// and makes each slower. The requests that hash run on a pool of one thread
// per core (http/hashing_pool.hpp), whose queue /metrics shows; these slots
// hold the bound for every other caller too (the demo company's seeding).
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
