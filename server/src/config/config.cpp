#include "config/config.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <utility>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include "config/database_url.hpp"
#include "config/operator_command_line.hpp"
#include "runtime/bounded_json.hpp"
#include "runtime/http_fetch.hpp"

namespace twofold::server {

namespace po = boost::program_options;

namespace {

constexpr std::string_view environment_prefix = "TWOFOLD_";

struct option_spec {
  const char* name;
  const char* value_name;
  const char* description;
};

// Options that every source (command line, environment, file) may set.
constexpr option_spec settable_options[] = {
    {"listen-address", "ADDRESS", "address to listen on (default 127.0.0.1)"},
    {"port", "PORT", "TCP port, 0 for any free port (default 8080)"},
    {"public-url", "URL",
     "address people use, e.g. https://twofold.example.com; checked against the Origin header, required to listen "
     "beyond loopback; https:// with plain HTTP here means TLS at a proxy in front: Secure __Host- cookies and HSTS "
     "(default: the request's Host, on loopback only)"},
    {"data-dir", "DIR", "database and generated keys (default data)"},
    {"www-dir", "DIR", "the web app's files (default www)"},
    {"core-dir", "DIR", "the built wasm core (twofold_core.js and .wasm), served at /core/"},
    {"tls-cert-file", "FILE", "PEM certificate chain; TLS is on when this and --tls-key-file are set"},
    {"tls-key-file", "FILE", "PEM private key"},
    {"allow-plain-http", "BOOL",
     "serve plain HTTP on an address other than loopback, only behind a TLS-terminating proxy (with an https:// "
     "--public-url): true or false (default false)"},
    {"io-threads", "N", "threads doing network I/O, 1..64 (default 1)"},
    {"worker-threads", "N", "threads handling requests, 0..256; 0: one per CPU, less the I/O threads on SQLite (default 0)"},
    {"password-queue", "N",
     "requests that may hash a password waiting beyond one per CPU, 0..100000; more are answered 503 with "
     "Retry-After (default 64)"},
    {"argon2-memory-kib", "KIB", "Argon2id memory per password hash in KiB, 8..4194304 (default 19456)"},
    {"argon2-iterations", "N", "Argon2id passes, 1..100 (default 2)"},
    {"session-idle-timeout", "MINUTES", "sign out after this much inactivity, 1..1440 (default 30)"},
    {"session-absolute-timeout", "HOURS", "sign out this long after sign-in, 1..720 (default 12)"},
    {"step-up-window", "SECONDS",
     "turning 2FA off or making new backup codes needs the password again this long after sign-in, "
     "0..3600; 0: always (default 300)"},
    {"max-body-bytes", "BYTES", "larger request bodies are refused with 413, 1024..16777216 (default 16384)"},
    {"header-timeout", "SECONDS", "a request must arrive completely within this, 1..3600 (default 10)"},
    {"log-level", "LEVEL", "debug, info, warn or error (default info)"},
    {"mail-transport", "KIND",
     "file: write outgoing mail to <data-dir>/outbox/*.eml; smtp: send it to --smtp-url (default file)"},
    {"smtp-url", "URL", "mail server, smtp://host:port or smtps://host:port (TLS from the start, usually 465)"},
    {"smtp-starttls", "BOOL", "with smtp://, require STARTTLS before sending: true or false (default false)"},
    {"smtp-username", "NAME", "SMTP AUTH user name; empty: no authentication"},
    {"smtp-password", "SECRET",
     "SMTP AUTH password; prefer the environment variable TWOFOLD_SMTP_PASSWORD, as a command line "
     "is visible to every user of the machine"},
    {"smtp-ca-file", "FILE",
     "PEM file of the certificate authorities to trust for the mail server's certificate, instead of the "
     "system's (default: the system's)"},
    {"mail-from", "MAILBOX", "sender of outgoing mail (default \"Twofold <no-reply@localhost>\")"},
    // Several servers sending one outbox.
    {"smtp-timeout", "SECONDS",
     "an SMTP conversation (one mail) gives up after this, 1..3600; each mail is claimed for this and a short "
     "margin, so a mail held by a server that dies goes out from another server that much later (default 60)"},
    {"user-agent-rules", "FILE",
     "uap-core's regexes.yaml, naming the browser and device of a sign-in "
     "(default /usr/share/uap-core/regexes.yaml)"},
    {"geoip-database", "FILE",
     "MaxMind DB file in the GeoLite2-City layout (GeoLite2 City, DB-IP IP to City Lite) naming the place of a "
     "sign-in; without one a place is its network (default none)"},
    {"sms-transport", "KIND",
     "file: write SMS codes to <data-dir>/outbox/sms/*.txt; http: post them to --sms-gateway-url (default file)"},
    {"sms-gateway-url", "URL", "the SMS gateway's endpoint: https, or http to this machine"},
    {"sms-gateway-content-type", "TYPE",
     "json or form (application/x-www-form-urlencoded): how the body is encoded (default json)"},
    {"sms-gateway-body", "TEMPLATE",
     "the body, with {to} (the number, +447700900123) and {text} filled in, e.g. "
     "'{\"to\":\"{to}\",\"text\":\"{text}\"}' or 'To={to}&From=%2B15005550006&Body={text}' "
     "(default: the json or form one with fields to and text)"},
    {"sms-gateway-auth-header", "NAME", "the header that carries the gateway's secret (default Authorization)"},
    {"trusted-proxy", "CIDR",
     "a reverse proxy whose X-Forwarded-For or Forwarded header names the client, e.g. 127.0.0.1/32 or "
     "2001:db8::/64; repeat the option (or separate with commas) for several (default none: those headers are "
     "ignored)"},
    {"max-connections", "N",
     "simultaneous client connections in total, 16..1048576; over it the oldest idle one is closed (default 8192)"},
    {"max-connections-per-client", "N",
     "simultaneous connections from one client address (IPv6: one /64), 1..65536, trusted proxies exempt; over "
     "it that client's oldest idle one is closed (default 128)"},
    {"sms-gateway-auth", "SECRET",
     "that header's value, e.g. \"Bearer ...\": only from the environment variable TWOFOLD_SMS_GATEWAY_AUTH "
     "or the --config file, never the command line, which every user of the machine can see"},
    // Watching it
    {"metrics-token", "SECRET",
     "serve /metrics (Prometheus text format) on the main port to requests with \"Authorization: Bearer SECRET\", "
     "at least 32 characters: only from the environment variable TWOFOLD_METRICS_TOKEN or the --config file "
     "(default none: /metrics is off; /healthz and /readyz are always on)"},
    // Passwords.
    {"password-blocklist", "FILES",
     "files of passwords nobody may choose, one a line, compared ignoring case; several joined with ':' "
     "(default /usr/share/john/password.lst:/usr/share/dict/cracklib-small, Debian's john-data and "
     "cracklib-runtime)"},
    // Keeping the audit log.
    {"audit-retention-days", "DAYS",
     "audit events older than this are deleted, checked once a day, 1..36500 (default 400)"},
    // The database.
    {"database", "URL",
     "a PostgreSQL database shared by several servers, postgresql://user@host:port/name (libpq's URL; its "
     "password best in ~/.pgpass or the environment variable TWOFOLD_DATABASE, never on the command line); "
     "the data directory still holds the server's keys (default: SQLite in the data directory)"},
    {"database-pool-size", "N", "connections to PostgreSQL per server, 1..1000 (default 8)"},
    // Several servers on one database.
    {"server-key-file", "FILE",
     "the server key (32 bytes, created when missing), which seals secrets and hashes codes: every server on one "
     "database needs the same one, a copy or a shared file; a server whose key is not the database's refuses to "
     "start (default <data-dir>/server.key)"},
};

// Settable options that may be given more than once.
constexpr std::string_view repeatable_options[] = {"trusted-proxy"};

bool is_repeatable(std::string_view name) {
  return std::find(std::begin(repeatable_options), std::end(repeatable_options), name) != std::end(repeatable_options);
}

// Settable options that are secrets: refused on the command line.
constexpr std::string_view secret_options[] = {"sms-gateway-auth", "metrics-token"};

po::options_description settable_description() {
  po::options_description description("Options");
  for (const auto& spec : settable_options) {
    if (is_repeatable(spec.name)) {
      description.add_options()(spec.name, po::value<std::vector<std::string>>()->value_name(spec.value_name),
                                spec.description);
    } else {
      description.add_options()(spec.name, po::value<std::string>()->value_name(spec.value_name), spec.description);
    }
  }
  return description;
}

po::options_description command_line_description() {
  po::options_description description;
  // clang-format off
  description.add_options()
      ("help", "show this help and exit")
      ("list-routes", "print the API routes as JSON and exit")
      ("config", po::value<std::string>()->value_name("FILE"), "read options from a JSON file");
  // clang-format on
  description.add(settable_description());
  return description;
}

std::string help_text(const po::options_description& description) {
  std::ostringstream text;
  text << "Usage: twofold-server [options]\n\n"
       << "Twofold's server: the sign-in API, the web app and its wasm core.\n\n"
       << description << '\n'
       << "Every option can also come from the environment as TWOFOLD_<OPTION> (upper case, '-' as '_',\n"
       << "e.g. TWOFOLD_DATA_DIR) or from the JSON file given with --config (keys are option names,\n"
       << "e.g. {\"port\": 8443}). The command line wins over the environment, which wins over the file.\n"
       // Operator commands (config/operator_command_line.hpp).
       << '\n' << operator_commands_summary();
  return text.str();
}

// sms-gateway-auth -> TWOFOLD_SMS_GATEWAY_AUTH
std::string environment_name(std::string_view option) {
  std::string name(environment_prefix);
  for (const char c : option) name += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

bool is_settable(std::string_view name) {
  return std::any_of(std::begin(settable_options), std::end(settable_options),
                     [&](const option_spec& spec) { return name == spec.name; });
}

// TWOFOLD_DATA_DIR -> data-dir. Variables that name no option (TWOFOLD_SERVER_BIN,
// used by the test tools) are not ours and are ignored.
po::parsed_options environment_options(const std::vector<std::string>& environment,
                                       const po::options_description& description) {
  po::parsed_options parsed(&description);
  for (const auto& entry : environment) {
    const auto equals = entry.find('=');
    if (equals == std::string::npos || !entry.starts_with(environment_prefix)) continue;
    std::string name = entry.substr(environment_prefix.size(), equals - environment_prefix.size());
    std::transform(name.begin(), name.end(), name.begin(), [](char c) {
      return c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    });
    if (name == "config" || is_settable(name)) {
      parsed.options.emplace_back(name, std::vector<std::string>{entry.substr(equals + 1)});
    }
  }
  return parsed;
}

result<po::parsed_options, std::string> file_options(const std::string& path,
                                                     const po::options_description& description) {
  std::ifstream in(path);
  if (!in) return failure{std::string("cannot read config file ") + path};
  const std::string file_text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto read = parse_bounded_json(file_text);
  if (!read && read.error() == json_refusal::too_complex) {
    return failure{std::string("config file ") + path + " is nested too deeply or holds too many values"};
  }
  if (!read || !read->is_object()) return failure{std::string("config file ") + path + " is not a JSON object"};
  const auto& document = *read;
  po::parsed_options parsed(&description);
  for (const auto& [name, value] : document.items()) {
    if (!is_settable(name)) return failure{"config file " + path + ": unknown option \"" + name + "\""};
    std::string text;
    if (value.is_string()) {
      text = value.get<std::string>();
    } else if (value.is_number_integer() || value.is_boolean()) {
      text = value.dump();
    } else {
      return failure{"config file " + path + ": \"" + name + "\" must be a string, a whole number or a boolean"};
    }
    parsed.options.emplace_back(name, std::vector<std::string>{text});
  }
  return parsed;
}

// Reads the options into a config, collecting every problem rather than
// stopping at the first, so one run tells the operator everything.
class config_reader {
 public:
  explicit config_reader(const po::variables_map& values) : values_(values) {}

  void text(const char* name, std::string& field) const {
    if (values_.count(name)) field = values_[name].as<std::string>();
  }

  void optional_text(const char* name, std::optional<std::string>& field) const {
    if (values_.count(name)) field = values_[name].as<std::string>();
  }

  template <class Field>
  void number(const char* name, Field& field, unsigned long long min, unsigned long long max) {
    if (const auto value = whole_number(name, min, max)) field = static_cast<Field>(*value);
  }

  template <class Duration>
  void duration(const char* name, Duration& field, unsigned long long min, unsigned long long max) {
    if (const auto value = whole_number(name, min, max)) field = Duration{static_cast<typename Duration::rep>(*value)};
  }

  // Every value of a repeatable option, each split at commas and spaces.
  [[nodiscard]] std::vector<std::string> list(const char* name) const {
    std::vector<std::string> items;
    if (!values_.count(name)) return items;
    for (const auto& value : values_[name].as<std::vector<std::string>>()) {
      std::string item;
      for (const char c : value + ",") {
        if (c != ',' && c != ' ' && c != '\t') {
          item += c;
        } else if (!item.empty()) {
          items.push_back(std::exchange(item, {}));
        }
      }
    }
    return items;
  }

  void boolean(const char* name, bool& field) {
    if (!values_.count(name)) return;
    const auto& text = values_[name].as<std::string>();
    if (text == "true" || text == "1" || text == "yes") {
      field = true;
    } else if (text == "false" || text == "0" || text == "no") {
      field = false;
    } else {
      add_error("--" + std::string(name) + " must be true or false, not \"" + text + "\"");
    }
  }

  void add_error(std::string message) { errors_.push_back(std::move(message)); }
  [[nodiscard]] const std::vector<std::string>& errors() const { return errors_; }

 private:
  std::optional<unsigned long long> whole_number(const char* name, unsigned long long min, unsigned long long max) {
    if (!values_.count(name)) return std::nullopt;
    const auto& text = values_[name].as<std::string>();
    unsigned long long value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
      add_error("--" + std::string(name) + " must be a whole number from " + std::to_string(min) + " to " +
                std::to_string(max) + ", not \"" + text + "\"");
      return std::nullopt;
    }
    return value;
  }

  const po::variables_map& values_;
  std::vector<std::string> errors_;
};

std::string lower_case(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  return text;
}

// "HTTPS://Example.com:8443/" -> "https://example.com:8443": browsers send the
// Origin header in exactly this serialisation (RFC 6454 §6.1).
std::optional<std::string> normalized_public_url(const std::string& url) {
  const std::string lower = lower_case(url);
  const std::string_view scheme = lower.starts_with("https://")  ? "https://"
                                  : lower.starts_with("http://") ? "http://"
                                                                 : "";
  if (scheme.empty()) return std::nullopt;
  std::string authority = lower.substr(scheme.size());
  if (authority.ends_with('/')) authority.pop_back();
  const bool well_formed = !authority.empty() && authority.find_first_of("/?#@ \t") == std::string::npos;
  if (!well_formed) return std::nullopt;
  return std::string(scheme) + authority;
}

// A mistyped path is reported at start rather than when the file is first needed.
std::optional<std::string> file_problem(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return "does not exist";
  if (!std::filesystem::is_regular_file(path, error)) return "is not a file";
  if (!std::ifstream(path)) return "cannot be read";
  return std::nullopt;
}

// A mistyped path would otherwise show only as failed deliveries, much later.
std::optional<std::string> ca_file_problem(const std::string& path) {
  if (auto problem = file_problem(path)) return problem;
  std::ifstream in(path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
    return "holds no PEM certificate (-----BEGIN CERTIFICATE-----)";
  }
  return std::nullopt;
}

void check_mail(config_reader& reader, const config& cfg) {
  if (cfg.mail_transport != "file" && cfg.mail_transport != "smtp") {
    reader.add_error("--mail-transport must be file or smtp, not \"" + cfg.mail_transport + "\"");
  }
  const std::string url = lower_case(cfg.smtp_url);
  const bool smtps = url.starts_with("smtps://");
  if (cfg.mail_transport == "smtp" && !smtps && !url.starts_with("smtp://")) {
    reader.add_error("--mail-transport smtp needs --smtp-url smtp://host:port or smtps://host:port, not \"" +
                     cfg.smtp_url + "\"");
  }
  if (cfg.smtp_starttls && smtps) reader.add_error("--smtp-starttls is for smtp:// URLs; smtps:// is TLS already");
  if (!cfg.smtp_ca_file.empty()) {
    if (const auto problem = ca_file_problem(cfg.smtp_ca_file)) {
      reader.add_error("--smtp-ca-file \"" + cfg.smtp_ca_file + "\" " + *problem);
    }
    // Without TLS there is no certificate to check: a CA file would only look like protection.
    if (cfg.mail_transport == "smtp" && url.starts_with("smtp://") && !cfg.smtp_starttls) {
      reader.add_error("--smtp-ca-file is for TLS: use an smtps:// URL or --smtp-starttls true");
    }
  }
  if (cfg.mail_from.find('@') == std::string::npos || cfg.mail_from.find_first_of("\r\n") != std::string::npos) {
    reader.add_error("--mail-from must be an address such as \"Twofold <no-reply@example.com>\", not \"" +
                     cfg.mail_from + "\"");
  }
}

// RFC 9110 §5.1: a header's name is a token.
bool is_header_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

// The body a JSON or form gateway gets when the operator names none.
std::string default_gateway_body(std::string_view content_type) {
  return content_type == "form" ? "to={to}&text={text}" : R"({"to":"{to}","text":"{text}"})";
}

// Whether `body` is a JSON object once {to} and {text} are filled: a
// placeholder outside a string ({"to": {to}}) is not.
bool json_template_ok(std::string body) {
  for (const auto& [placeholder, sample] : {std::pair{std::string_view("{to}"), std::string_view("+447700900123")},
                                           std::pair{std::string_view("{text}"), std::string_view("Code 123456")}}) {
    for (auto at = body.find(placeholder); at != std::string::npos; at = body.find(placeholder, at + sample.size())) {
      body.replace(at, placeholder.size(), sample);
    }
  }
  const auto parsed = parse_bounded_json(body);
  return parsed && parsed->is_object();
}

// Whether `body` is name=value pairs joined by '&', with nothing a form
// encoding would have escaped but the placeholders' braces.
bool form_template_ok(std::string_view body) {
  if (body.find_first_of(" \t\r\n\"") != std::string_view::npos) return false;
  for (std::size_t start = 0; start <= body.size();) {
    const auto end = std::min(body.find('&', start), body.size());
    const auto pair = body.substr(start, end - start);
    if (pair.find('=') == std::string_view::npos || pair.starts_with('=')) return false;
    start = end + 1;
  }
  return true;
}

void check_sms(config_reader& reader, config& cfg) {
  if (cfg.sms_transport != "file" && cfg.sms_transport != "http") {
    reader.add_error("--sms-transport must be file or http, not \"" + cfg.sms_transport + "\"");
  }
  if (cfg.sms_gateway_content_type != "json" && cfg.sms_gateway_content_type != "form") {
    reader.add_error("--sms-gateway-content-type must be json or form, not \"" + cfg.sms_gateway_content_type + "\"");
    return;
  }
  if (cfg.sms_gateway_body.empty()) cfg.sms_gateway_body = default_gateway_body(cfg.sms_gateway_content_type);
  if (cfg.sms_transport != "http") return;
  // The gateway's secret and the people's numbers must not cross a network in clear text.
  if (!fetchable_url(cfg.sms_gateway_url)) {
    reader.add_error("--sms-transport http needs --sms-gateway-url https://host/path (http only to 127.0.0.1, ::1 or "
                     "localhost), not \"" + cfg.sms_gateway_url + "\"");
  }
  const auto& body = cfg.sms_gateway_body;
  if (body.find("{to}") == std::string::npos || body.find("{text}") == std::string::npos) {
    reader.add_error("--sms-gateway-body must contain {to} and {text}, not \"" + body + "\"");
  } else if (cfg.sms_gateway_content_type == "json" && !json_template_ok(body)) {
    reader.add_error("--sms-gateway-body must be a JSON object with {to} and {text} inside strings, e.g. "
                     "{\"to\":\"{to}\",\"text\":\"{text}\"}, not \"" + body + "\"");
  } else if (cfg.sms_gateway_content_type == "form" && !form_template_ok(body)) {
    reader.add_error("--sms-gateway-body must be a form such as To={to}&Body={text} (name=value pairs joined by &, "
                     "no spaces), not \"" + body + "\"");
  }
  if (!is_header_name(cfg.sms_gateway_auth_header)) {
    reader.add_error("--sms-gateway-auth-header must be a header name such as Authorization, not \"" +
                     cfg.sms_gateway_auth_header + "\"");
  }
  if (cfg.sms_gateway_auth.find_first_of("\r\n") != std::string::npos) {
    reader.add_error("TWOFOLD_SMS_GATEWAY_AUTH must be one line");
  }
}

// A guessable token would open the counters to anyone who can reach the port.
void check_metrics(config_reader& reader, const config& cfg) {
  constexpr std::size_t min_token_length = 32;
  if (cfg.metrics_token.empty()) return;
  if (cfg.metrics_token.size() < min_token_length) {
    reader.add_error("TWOFOLD_METRICS_TOKEN must be at least 32 characters, e.g. from `openssl rand -hex 32`");
  }
  if (cfg.metrics_token.find_first_of(" \t\r\n") != std::string::npos) {
    reader.add_error("TWOFOLD_METRICS_TOKEN must not contain spaces or line breaks");
  }
}

// "a:b" -> {"a", "b"}, as PATH lists folders.
std::vector<std::string> colon_list(std::string_view text) {
  std::vector<std::string> items;
  for (std::size_t start = 0; start <= text.size();) {
    const auto end = std::min(text.find(':', start), text.size());
    if (end > start) items.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return items;
}

void check_password_blocklist(config_reader& reader, const config& cfg) {
  if (cfg.password_blocklist.empty()) reader.add_error("--password-blocklist must name at least one file");
  for (const auto& file : cfg.password_blocklist) {
    if (const auto problem = file_problem(file)) {
      reader.add_error("--password-blocklist \"" + file + "\" " + *problem +
                       " (Debian's packages john-data and cracklib-runtime install the default lists)");
    }
  }
}

bool is_loopback(std::string_view address) {
  return address == "localhost" || address == "::1" || address.starts_with("127.");
}

void read_trusted_proxies(config_reader& reader, config& cfg) {
  for (const auto& text : reader.list("trusted-proxy")) {
    if (const auto network = parse_ip_network(text)) {
      cfg.trusted_proxies.push_back(*network);
    } else {
      reader.add_error("--trusted-proxy must be an IP address or a network in CIDR notation with no host bits "
                       "set, e.g. 127.0.0.1/32, 10.0.0.0/8 or 2001:db8::/64, not \"" + text + "\"");
    }
  }
}

// Browsers' Origin is checked against --public-url; without it the request's
// own Host header would be trusted, which a DNS-rebinding page controls. On
// loopback only this machine can connect.
void check_listening(config_reader& reader, const config& cfg) {
  if (is_loopback(cfg.listen_address)) return;
  if (cfg.public_url.empty()) {
    reader.add_error("--public-url is required when listening on an address other than loopback: the address "
                     "people use, e.g. https://twofold.example.com (listen address \"" + cfg.listen_address + "\")");
  }
  // Passwords and session cookies must not cross a network in clear text.
  if (cfg.tls_enabled()) return;
  if (!cfg.allow_plain_http) {
    reader.add_error("plain HTTP is served on loopback only: give --tls-cert-file and --tls-key-file, or "
                     "--allow-plain-http true behind a TLS-terminating proxy (listen address \"" +
                     cfg.listen_address + "\")");
  } else if (!cfg.public_url.empty() && !cfg.served_over_https()) {
    reader.add_error("--allow-plain-http is for a TLS-terminating proxy in front: --public-url must start with "
                     "https://, not \"" + cfg.public_url + "\"");
  }
}

void check_consistency(config_reader& reader, config& cfg) {
  if (cfg.tls_cert_file.has_value() != cfg.tls_key_file.has_value()) {
    reader.add_error("--tls-cert-file and --tls-key-file must be given together");
  }
  if (!cfg.public_url.empty()) {
    if (!normalized_public_url(cfg.public_url))
      reader.add_error("--public-url must look like https://host[:port], not \"" + cfg.public_url + "\"");
  }
  check_listening(reader, cfg);
  check_mail(reader, cfg);
  if (const auto problem = file_problem(cfg.user_agent_rules)) {
    reader.add_error("--user-agent-rules \"" + cfg.user_agent_rules + "\" " + *problem +
                     " (Debian's package uap-core installs /usr/share/uap-core/regexes.yaml)");
  }
  if (cfg.geoip_database) {
    if (const auto problem = file_problem(*cfg.geoip_database)) {
      reader.add_error("--geoip-database \"" + *cfg.geoip_database + "\" " + *problem);
    }
  }
  check_sms(reader, cfg);
  check_metrics(reader, cfg);
  check_password_blocklist(reader, cfg);
  if (cfg.database) {
    if (const auto problem = database_url_problem(*cfg.database)) reader.add_error(*problem);
  }
  const std::string_view levels[] = {"debug", "info", "warn", "error"};
  if (std::find(std::begin(levels), std::end(levels), cfg.log_level) == std::end(levels)) {
    reader.add_error("--log-level must be debug, info, warn or error, not \"" + cfg.log_level + "\"");
  }
}

result<config, std::string> to_config(const po::variables_map& values) {
  config cfg;
  config_reader reader(values);
  reader.text("listen-address", cfg.listen_address);
  reader.number("port", cfg.port, 0, 65535);
  reader.text("public-url", cfg.public_url);
  reader.text("data-dir", cfg.data_dir);
  reader.text("www-dir", cfg.www_dir);
  reader.text("core-dir", cfg.core_dir);
  reader.optional_text("tls-cert-file", cfg.tls_cert_file);
  reader.optional_text("tls-key-file", cfg.tls_key_file);
  reader.boolean("allow-plain-http", cfg.allow_plain_http);
  reader.number("io-threads", cfg.io_threads, 1, 64);
  reader.number("worker-threads", cfg.worker_threads, 0, 256);
  reader.number("password-queue", cfg.password_queue, 0, 100000);
  reader.number("argon2-memory-kib", cfg.argon2_memory_kib, 8, 4 * 1024 * 1024);
  reader.number("argon2-iterations", cfg.argon2_iterations, 1, 100);
  reader.duration("session-idle-timeout", cfg.session_idle_timeout, 1, 24 * 60);
  reader.duration("session-absolute-timeout", cfg.session_absolute_timeout, 1, 30 * 24);
  reader.duration("step-up-window", cfg.step_up_window, 0, 3600);
  reader.number("max-body-bytes", cfg.max_body_bytes, 1024, 16 * 1024 * 1024);
  reader.duration("header-timeout", cfg.header_timeout, 1, 3600);
  reader.text("log-level", cfg.log_level);
  reader.text("mail-transport", cfg.mail_transport);
  reader.text("smtp-url", cfg.smtp_url);
  reader.boolean("smtp-starttls", cfg.smtp_starttls);
  reader.text("smtp-username", cfg.smtp_username);
  reader.text("smtp-password", cfg.smtp_password);
  reader.text("smtp-ca-file", cfg.smtp_ca_file);
  reader.text("mail-from", cfg.mail_from);
  reader.duration("smtp-timeout", cfg.smtp_timeout, 1, 3600);
  reader.text("user-agent-rules", cfg.user_agent_rules);
  reader.optional_text("geoip-database", cfg.geoip_database);
  reader.text("sms-transport", cfg.sms_transport);
  reader.text("sms-gateway-url", cfg.sms_gateway_url);
  reader.text("sms-gateway-content-type", cfg.sms_gateway_content_type);
  reader.text("sms-gateway-body", cfg.sms_gateway_body);
  reader.text("sms-gateway-auth-header", cfg.sms_gateway_auth_header);
  reader.text("sms-gateway-auth", cfg.sms_gateway_auth);
  read_trusted_proxies(reader, cfg);
  reader.number("max-connections", cfg.max_connections, 16, 1024 * 1024);
  reader.number("max-connections-per-client", cfg.max_connections_per_client, 1, 65536);
  reader.text("metrics-token", cfg.metrics_token);
  std::optional<std::string> blocklist;
  reader.optional_text("password-blocklist", blocklist);
  if (blocklist) cfg.password_blocklist = colon_list(*blocklist);
  reader.duration("audit-retention-days", cfg.audit_retention, 1, 36500);
  reader.optional_text("database", cfg.database);
  reader.number("database-pool-size", cfg.database_pool_size, 1, 1000);
  reader.text("server-key-file", cfg.server_key_file);
  check_consistency(reader, cfg);
  if (reader.errors().empty()) return cfg;
  std::string message;
  for (const auto& error : reader.errors()) message += (message.empty() ? "" : "\n") + error;
  return failure{message};
}

result<config_load, std::string> load(int argc, const char* const argv[], const std::vector<std::string>& environment) {
  const auto command_line = command_line_description();
  po::variables_map values;
  // store() keeps the first value it sees for an option, so storing the
  // sources strongest first gives command line > environment > file.
  const auto parsed = po::command_line_parser(argc, argv).options(command_line).run();
  if (const auto extra = po::collect_unrecognized(parsed.options, po::include_positional); !extra.empty()) {
    return failure{"unexpected argument \"" + extra.front() + "\" (see --help)"};
  }
  po::store(parsed, values);
  if (values.count("database") && database_url_has_password(values["database"].as<std::string>())) {
    return failure{std::string("--database must not carry a password on the command line, which every user of the "
                               "machine can see: put it in ~/.pgpass, or give the URL as the environment variable "
                               "TWOFOLD_DATABASE or in the --config file")};
  }
  for (const auto secret : secret_options) {
    if (values.count(std::string(secret))) {
      return failure{"--" + std::string(secret) + " is a secret: give it as the environment variable " +
                     environment_name(secret) + " or in the --config file, not on the command line, which every "
                     "user of the machine can see"};
    }
  }
  if (values.count("help"))
    return config_load{.action = config_action::show_help, .cfg = {}, .help_text = help_text(command_line)};
  if (values.count("list-routes")) return config_load{.action = config_action::list_routes, .cfg = {}, .help_text = {}};
  po::store(environment_options(environment, command_line), values);
  if (values.count("config")) {
    auto from_file = file_options(values["config"].as<std::string>(), command_line);
    if (!from_file) return failure{from_file.error()};
    po::store(from_file.value(), values);
  }
  auto cfg = to_config(values);
  if (!cfg) return failure{cfg.error()};
  return config_load{.action = config_action::run, .cfg = std::move(cfg).value(), .help_text = {}};
}

std::string host_for_url(const std::string& address) {
  if (address == "0.0.0.0" || address.empty()) return "127.0.0.1";  // any IPv4 address: the local one answers
  if (address == "::") return "[::1]";
  if (address.find(':') != std::string::npos) return "[" + address + "]";
  return address;
}

}  // namespace

std::string config::server_key_path() const {
  if (!server_key_file.empty()) return server_key_file;
  return (std::filesystem::path(data_dir) / "server.key").string();
}

bool config::served_over_https() const {
  return tls_enabled() || lower_case(public_url).starts_with("https://");
}

std::string config::public_origin() const {
  if (!public_url.empty()) return normalized_public_url(public_url).value_or(public_url);
  return std::string(tls_enabled() ? "https://" : "http://") + host_for_url(listen_address) + ":" +
         std::to_string(port);
}

result<config_load, std::string> load_config(int argc, const char* const argv[],
                                             const std::vector<std::string>& environment) {
  try {
    return load(argc, argv, environment);
  } catch (const po::error& error) {
    return failure{std::string(error.what()) + " (see --help)"};
  } catch (const std::exception& error) {
    return failure{std::string(error.what())};
  }
}

}  // namespace twofold::server
