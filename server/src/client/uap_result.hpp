#pragma once
// What uap-core's rules say about a User-Agent, in the shape of its
// specification's "Parser Output" (uap-core specification.md, version 0.2):
// a family that is "Other" when no rule matched, and values that are absent
// (nullopt) when the matching rule gave none.
#include <optional>
#include <string>

namespace twofold::server {

struct uap_agent {  // user_agent_parsers: the browser or app
  std::string family = "Other";
  std::optional<std::string> major, minor, patch;
};

struct uap_os {  // os_parsers
  std::string family = "Other";
  std::optional<std::string> major, minor, patch, patch_minor;
};

struct uap_device {  // device_parsers
  std::string family = "Other";
  std::optional<std::string> brand, model;
};

struct uap_result {
  uap_agent agent;
  uap_os os;
  uap_device device;
};

}  // namespace twofold::server
