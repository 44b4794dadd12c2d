#include "app/query_string.hpp"

#include <boost/url/parse.hpp>
// Boost.URL compiled into this one file: Debian ships its headers without
// the compiled library.
#include <boost/url/src.hpp>

namespace twofold::server {

std::optional<std::string> query_parameter(std::string_view target, std::string_view name) {
  const auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) return std::nullopt;
  const auto params = parsed->params(boost::urls::encoding_opts(true, false, false));
  const auto found = params.find(name);
  if (found == params.end() || !(*found).has_value) return std::nullopt;
  return std::string((*found).value);
}

}  // namespace twofold::server
