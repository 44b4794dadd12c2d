#include "app/admin_audit_api.hpp"

#include <variant>

#include "admin/audit_log.hpp"
#include "app/app_services.hpp"
#include "app/api_answers.hpp"
#include "app/audit_answers.hpp"
#include "app/query_string.hpp"

namespace twofold::server::admin_audit_api {

http_response list(app_services& services, request_context& context) {
  const auto& target = context.request.target;
  const auto parsed = parse_audit_log_parameters({.user = query_parameter(target, "user"),
                                                  .event = query_parameter(target, "event"),
                                                  .from = query_parameter(target, "from"),
                                                  .to = query_parameter(target, "to"),
                                                  .page = query_parameter(target, "page")});
  if (const auto* errors = std::get_if<field_errors>(&parsed)) {
    return error_answer(400, "validation_failed", context.language, *errors);
  }
  return json_answer(200,
                     audit_page_json(read_audit_log(services.store, context.account(), std::get<audit_log_request>(parsed))));
}

}  // namespace twofold::server::admin_audit_api
