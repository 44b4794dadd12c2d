#pragma once
// Expected failures are values: result<T, E> holds either a value or an error
// (a small stand-in for C++23 std::expected, which C++20 lacks).
#include <utility>
#include <variant>

namespace twofold {

template <class E>
struct failure {
  E error;
};

template <class E>
failure(E) -> failure<E>;

template <class T, class E>
class result {
 public:
  result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  result(failure<E> f) : state_(std::in_place_index<1>, std::move(f.error)) {}  // NOLINT

  [[nodiscard]] bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  [[nodiscard]] T& value() & { return std::get<0>(state_); }
  [[nodiscard]] const T& value() const& { return std::get<0>(state_); }
  [[nodiscard]] T&& value() && { return std::get<0>(std::move(state_)); }
  [[nodiscard]] const E& error() const { return std::get<1>(state_); }

  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, E> state_;
};

}  // namespace twofold
