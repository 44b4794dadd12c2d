#include "runtime/periodic_prune.hpp"

#include <exception>
#include <utility>

namespace twofold::server {

periodic_prune::periodic_prune(std::string what, logger& log, background_worker::duration interval,
                               std::function<std::int64_t()> prune)
    : what_(std::move(what)), log_(log), interval_(interval), prune_(std::move(prune)),
      worker_([this] { return prune_now(); }) {}

background_worker::duration periodic_prune::prune_now() {
  try {
    if (const auto deleted = prune_(); deleted > 0) log_.info(what_ + ".pruned", {{"deleted", deleted}});
  } catch (const std::exception& error) {
    // The database may be back by the next interval; the server goes on.
    log_.error(what_ + ".prune_failed", {{"error", error.what()}});
  }
  return interval_;
}

}  // namespace twofold::server
