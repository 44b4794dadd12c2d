#pragma once
// The transport the configuration asks for: --mail-transport file (default)
// or smtp, with the --smtp-* and --mail-from options.
#include <memory>

#include "config/config.hpp"
#include "mail/mail_transport.hpp"
#include "runtime/logger.hpp"

namespace twofold::server {

[[nodiscard]] std::unique_ptr<mail_transport> configured_transport(const config& cfg, logger& log);

}  // namespace twofold::server
