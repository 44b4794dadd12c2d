#include "runtime/thread_priority.hpp"

#include <cerrno>

#include <sys/resource.h>
#include <unistd.h>

namespace twofold::server {

void lower_this_thread_priority(int niceness) {
  thread_local bool lowered = false;
  if (lowered) return;
  lowered = true;
  // PRIO_PROCESS with a thread id names that thread alone on Linux.
  const auto thread = static_cast<id_t>(gettid());
  errno = 0;
  const int current = getpriority(PRIO_PROCESS, thread);
  if (errno != 0) return;
  static_cast<void>(setpriority(PRIO_PROCESS, thread, current + niceness));
}

}  // namespace twofold::server
