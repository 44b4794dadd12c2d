#pragma once
// The usual visitor helper: std::visit(overloaded{[](const a&) {...}, [](const b&) {...}}, outcome).
namespace twofold::server {

template <class... Handlers>
struct overloaded : Handlers... {
  using Handlers::operator()...;
};

}  // namespace twofold::server
