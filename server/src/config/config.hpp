#pragma once
// Server configuration. Sources, strongest first: command line, environment
// (TWOFOLD_<OPTION> with '-' as '_', e.g. TWOFOLD_DATA_DIR), a JSON file
// (--config FILE; keys are the option names), built-in defaults.
// `twofold-server --help` lists every option.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/ip_address.hpp"
#include "twofold/result.hpp"

namespace twofold::server {

struct config {
  std::string listen_address = "127.0.0.1";
  std::uint16_t port = 8080;                // 0 picks a free port (tests)
  std::string public_url;                   // e.g. "https://twofold.example.com"; empty: derived from listen address
  std::string data_dir = "data";            // SQLite database and generated keys
  std::string www_dir = "www";              // the web app
  std::string core_dir;                     // built wasm core (twofold_core.js/.wasm), served at /core/
  std::optional<std::string> tls_cert_file; // PEM; TLS is on when both are set
  std::optional<std::string> tls_key_file;
  bool allow_plain_http = false;            // plain HTTP off loopback (only behind a TLS proxy)

  unsigned io_threads = 1;
  unsigned worker_threads = 0;              // 0: one per CPU (on SQLite, less the I/O threads)
  // Requests that may hash a password wait for one of the hashing threads
  // (one per CPU); beyond this many waiting, they are refused with 503.
  unsigned password_queue = 64;

  // Argon2id (libsodium crypto_pwhash_str). OWASP minimum: m=19 MiB, t=2, p=1.
  std::size_t argon2_memory_kib = 19 * 1024;
  unsigned long long argon2_iterations = 2;

  std::chrono::minutes session_idle_timeout{30};
  std::chrono::hours session_absolute_timeout{12};
  // Sensitive changes (2FA off, new backup codes) within this time of signing
  // in need no password; later they do. 0: always ask (auth/step_up.hpp).
  std::chrono::seconds step_up_window{5 * 60};

  std::size_t max_body_bytes = 16 * 1024;     // larger bodies: 413
  std::chrono::seconds header_timeout{10};    // whole request must arrive within this
  std::string log_level = "info";

  // Outgoing mail (mail/configured_transport.hpp).
  std::string mail_transport = "file";                  // "file": <data_dir>/outbox/*.eml; "smtp"
  std::string smtp_url;                                 // smtp://host:port or smtps://host:port
  bool smtp_starttls = false;                           // smtp:// only: require STARTTLS
  std::string smtp_username;                            // empty: no SMTP AUTH
  std::string smtp_password;                            // best from TWOFOLD_SMTP_PASSWORD
  std::string smtp_ca_file;                             // PEM CAs trusted for the relay; empty: the system's store
  std::string mail_from = "Twofold <no-reply@localhost>";  // From header and envelope sender

  // Several servers sending one outbox (mail/outbox_sender.hpp): an SMTP
  // conversation ends by this, and a claimed mail is leased for it and a
  // margin, so a dead server's mail goes out from another that much later.
  std::chrono::seconds smtp_timeout{60};

  // Who is knocking (client/): the rules that name browsers and devices, and
  // a location database; both must exist at start.
  std::string user_agent_rules = "/usr/share/uap-core/regexes.yaml";  // uap-core's (Debian package uap-core)
  std::optional<std::string> geoip_database;  // MaxMind DB, GeoLite2-City layout; none: places are networks only

  // Text messages for SMS codes (sms/configured_sms_transport.hpp).
  std::string sms_transport = "file";             // "file": <data_dir>/outbox/sms/*.txt; "http": a gateway
  std::string sms_gateway_url;                    // https://..., or http:// to this machine
  std::string sms_gateway_content_type = "json";  // "json" | "form"
  std::string sms_gateway_body;                   // template with {to} and {text}; filled in for the content type
  std::string sms_gateway_auth_header = "Authorization";
  std::string sms_gateway_auth;                   // that header's value: TWOFOLD_SMS_GATEWAY_AUTH or the file, never the command line

  // Behind a reverse proxy, and how many connections (http/forwarded_client.hpp,
  // http/connection_registry.hpp).
  std::vector<ip_network> trusted_proxies;     // their X-Forwarded-For / Forwarded name the client
  std::size_t max_connections = 8192;          // in total; over it the oldest idle one is closed
  std::size_t max_connections_per_client = 128;  // per client address (IPv6: per /64)
  // Watching it (app/watch_api.hpp): /metrics answers only a request with
  // "Authorization: Bearer <metrics_token>"; without a token it is off.
  std::string metrics_token;                      // TWOFOLD_METRICS_TOKEN or the file, never the command line
  // Passwords nobody may choose (auth/password_blocklist.hpp): every file must
  // exist at start. Debian's john-data and cracklib-runtime install these.
  std::vector<std::string> password_blocklist = {"/usr/share/john/password.lst", "/usr/share/dict/cracklib-small"};
  // Audit events older than this are deleted once a day (account/audit_retention.hpp).
  std::chrono::days audit_retention{400};
  // Several servers on one database: the same server key for all
  // (two_factor/server_key_check.hpp); a file each can read, or a copy.
  std::string server_key_file;  // empty: <data_dir>/server.key

  // The database: SQLite in data_dir unless a PostgreSQL URL is given
  // (several servers on one database; storage/postgresql_pool.hpp).
  std::optional<std::string> database;        // postgresql://user@host:port/name?...
  std::size_t database_pool_size = 8;         // PostgreSQL connections per server

  [[nodiscard]] bool tls_enabled() const { return tls_cert_file && tls_key_file; }
  // --server-key-file, or <data_dir>/server.key.
  [[nodiscard]] std::string server_key_path() const;
  // Whether browsers reach Twofold over HTTPS: TLS here, or at a proxy in
  // front (--public-url https://...). Decides Secure `__Host-` cookies and HSTS.
  [[nodiscard]] bool served_over_https() const;
  // The origin browsers send in the Origin header, e.g. "http://127.0.0.1:8080".
  [[nodiscard]] std::string public_origin() const;
};

enum class config_action { run, show_help, list_routes };

struct config_load {
  config_action action = config_action::run;
  config cfg;
  std::string help_text;  // filled for show_help
};

// Never throws: a bad option or file is an error message for the user.
[[nodiscard]] result<config_load, std::string> load_config(int argc, const char* const argv[],
                                                            const std::vector<std::string>& environment);

}  // namespace twofold::server
