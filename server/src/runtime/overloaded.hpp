#pragma once
// The usual visitor helper: std::visit(overloaded{[](const a&) {...}, [](const b&) {...}}, outcome).
namespace twofold::server {

template <class... Handlers>
struct overloaded : Handlers... {
  using Handlers::operator()...;
};

// C++20 deduces this for aggregates by itself, but clang only from version 17
// (the tsan preset builds with clang 14).
template <class... Handlers>
overloaded(Handlers...) -> overloaded<Handlers...>;

}  // namespace twofold::server
