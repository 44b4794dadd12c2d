#include "twofold/api/messages.hpp"

#include "api/wire_json.hpp"
#include "twofold/text/json_string.hpp"

namespace twofold::api {
namespace {

// Reads one optional string field: absent is "", anything but a string is wrong.
bool read_string_field(const nlohmann::json& object, const char* name, std::string& out) {
  const auto found = object.find(name);
  if (found == object.end()) return true;
  if (!found->is_string()) return false;
  out = found->get<std::string>();
  return true;
}

}  // namespace

std::string to_json(const error_body& body) {
  json error = {{"code", body.code}, {"message_key", body.message_key}, {"message", body.message}};
  for (const auto& [name, count] : body.counts) error[name] = count;
  if (!body.fields.empty()) error["fields"] = to_json_value(body.fields);
  return dump({{"error", std::move(error)}});
}

result<sign_in_form, body_error> parse_sign_in_request(std::string_view body) {
  const auto parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_discarded()) return failure{body_error::malformed_json};
  if (!parsed.is_object()) return failure{body_error::not_an_object};
  sign_in_form form;
  const bool strings_only = read_string_field(parsed, "company", form.company) &&
                            read_string_field(parsed, "account", form.account) &&
                            read_string_field(parsed, "password", form.password);
  if (!strings_only) return failure{body_error::wrong_type};
  return form;
}

// Written without a JSON tree: every signed-in page asks for it
// (GET /api/me), and the tree cost a sixth of the request's time.
std::string to_json(const user_view& user) {
  std::string out = R"({"user":{"id":)" + std::to_string(user.id);
  const auto member = [&out](std::string_view name, std::string_view value) {
    out.append(",\"").append(name).append("\":");
    text::append_json_string(out, value);
  };
  member("company", user.company);
  member("username", user.username);
  member("email", user.email);
  member("display_name", user.display_name);
  member("role", user.role);
  member("language", user.language);
  if (user.time_zone) {
    member("time_zone", *user.time_zone);
  } else {
    out.append(R"(,"time_zone":null)");
  }
  out.append(R"(},"home":)");
  text::append_json_string(out, home_path(user.role));
  out += '}';
  return out;
}

std::string_view home_path(std::string_view role) {
  if (role == "admin") return "/admin/";
  if (role == "agent") return "/agent/";
  return "/";  // an unknown role gets the sign-in page, never a console
}

}  // namespace twofold::api
