#pragma once
// A JSON-in/JSON-out door to the core, for the wasm bindings and for the
// native differential test tool. Both builds answer through this one function,
// so the browser and the server can be diffed byte for byte.
//
// Functions (name -> request -> response):
//   "validate_sign_in" {"company","account","password"}
//        -> {"ok":bool,"errors":[{"field","code","message_key"}],
//            "normalized":{"company","account","password"}|null,
//            "account_kind":"username"|"email"|null}
//   "validate_new_password" {"password","field"?="password","username"?,"email"?,"company"?}
//        -> {"ok":bool,"errors":[{"field","code","message_key"}]}
//        twofold/validation/new_password.hpp without the blocklist (the
//        server's); the account's words when given.
//   "catalog"          {"language":"zh-CN"}
//        -> {"language":"zh-CN","messages":{key:text,...}}
//        An unknown or missing language gets the default; the answer names it.
//   "languages"        {}
//        -> {"languages":[{"tag":"en","native_name":"English"},...],"default":"en"}
//   "format_message"   {"language"?:tag,"key":string,"args"?:{name:string|integer}}
//                   or {"language"?:tag,"pattern":string,"args"?:{...}}
//        -> {"language":tag,"text":string}
//        The catalog text for "key", or "pattern", formatted by
//        twofold/i18n/message_format.hpp; integers in int64 range. Exactly
//        one of key and pattern. Language as for "catalog".
//   "qr_encode"        {"text":string,"ecc":"L"|"M"|"Q"|"H","min_version"?:1-40,
//                       "max_version"?:1-40,"mask"?:0-7,"boost_ecc"?:bool}
//        -> {"version":1-40,"ecc":"L"|"M"|"Q"|"H","mask":0-7,"size":21-177,
//            "modules":["0101...",...]}   (rows top to bottom, '1' = dark)
//        The text's UTF-8 bytes in byte mode, smallest fitting version in
//        [min_version, max_version] (default 1-40), mask by lowest penalty
//        unless given; boost_ecc raises the level while the version holds
//        (twofold/qr/qr_code.hpp). Too much text for max_version at that level
//        -> {"error":{"code":"data_too_long","message_key":"error.bad_request"}}.
//
// One-time passwords (twofold/otp/*.hpp). Bytes travel as hex (either case
// in, lower case out); times as Unix seconds in [0, 253402300799]. A request
// the function cannot carry out answers {"ok":false,"error":code}, the code
// being the header's error name (e.g. "invalid_character", "issuer_mismatch").
//   "base32_encode"    {"hex","padding"?:bool=false} -> {"ok":true,"base32"}
//   "base32_decode"    {"base32"} -> {"ok":true,"hex"}
//   "otpauth_uri"      {"issuer","account","secret_hex","algorithm"?="SHA1",
//                       "digits"?=6,"period"?=30}
//        -> {"ok":true,"uri","secret":base32,"secret_text":"ABCD EFGH ..."}
//   "otpauth_parse"    {"uri"}
//        -> {"ok":true,"issuer","account","secret_hex","secret","algorithm","digits","period"}
//   "hotp_truncate"    {"hmac_hex","digits"?=6} -> {"ok":true,"code"}
//        The core computes no HMAC: the caller passes HMAC(key, message_hex).
//   "totp_counter"     {"unix_time","period"?=30} -> {"ok":true,"step","message_hex"}
//   "normalize_code"   {"code"} -> {"ok":bool,"errors":[...],"code":"123456"|null}
//   "normalize_backup_code" {"code"}
//        -> {"ok":bool,"errors":[...],"code":canonical|null,"display":"XXXX-XXXX-XXXX-XX"|null}
//   "format_backup_code" {"random_hex"} (9 bytes) -> {"ok":true,"code":"XXXX-XXXX-XXXX-XX"}
//   "backup_codes_file" {"language"?,"product"?=app.name,"company","account","unix_time",
//                       "utc_offset_minutes"?=0 (|x| < 1440),"codes":[string,...]}
//        -> {"ok":true,"language","text"}
//   "backup_codes_status" {"language"?,"unused","total"} (0 <= unused <= total <= 2^31 - 1)
//        -> {"language","running_low":bool,"text":"3 of 10 codes unused"}
//        running_low by backup_codes_running_low (twofold/otp/backup_codes.hpp);
//        text is "backup_codes.ui_status".
//   "resend_countdown" {"last_sent":unix_time|null,"now"}
//        -> {"phase":"never_sent"|"waiting"|"ready","seconds_left":0-60,"can_resend":bool}
//
// Phone numbers for SMS codes (twofold/phone/*.hpp). A missing string reads as "".
//   "normalize_phone"  {"country":"GB","phone":"07700 900123"}
//        -> {"ok":bool,"errors":[{"field":"phone"|"country","code","message_key"}],
//            "phone":"+447700900123"|null,"masked":"+44 ••• ••• 0123"|null}
//   "mask_phone"       {"phone":"+447700900123"} -> {"masked":"+44 ••• ••• 0123"}
//   "phone_countries"  {} -> {"countries":[{"region":"AC","dial_code":"247"},...]}  (by region)
// A malformed request (for qr_encode also a field out of range, or
// min_version > max_version), unknown function or input over max_request_bytes yields
// {"error":{"code":"bad_request"|"unknown_function"|"too_large","message_key":"error.bad_request"}}.
#include <cstddef>
#include <string>
#include <string_view>

namespace twofold::api {

inline constexpr std::size_t max_request_bytes = 64 * 1024;

[[nodiscard]] std::string call_core(std::string_view function, std::string_view request_json);

}  // namespace twofold::api
