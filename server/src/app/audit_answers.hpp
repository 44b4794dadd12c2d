#pragma once
// A page of audit events as the API shows it (docs/openapi.yaml:
// AuditEventPage): the company's log and a person's own.
#include <string>

#include "admin/audit_log.hpp"

namespace twofold::server {

[[nodiscard]] std::string audit_page_json(const audit_log_page& page);

}  // namespace twofold::server
