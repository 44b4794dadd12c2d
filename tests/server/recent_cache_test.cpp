// The parser's memo (client/recent_cache.hpp): bounded, and what is asked
// for again stays.
#include "client/recent_cache.hpp"

#include <gtest/gtest.h>

#include <string>

namespace twofold::server::testing {
namespace {

TEST(recent_cache, finds_what_was_inserted) {
  recent_cache<int> cache(4);
  EXPECT_EQ(cache.find("a"), std::nullopt);
  cache.insert("a", 1);
  EXPECT_EQ(cache.find("a"), 1);
}

TEST(recent_cache, keeps_at_most_two_generations) {
  recent_cache<int> cache(4);
  for (int i = 0; i < 100; ++i) cache.insert(std::to_string(i), i);
  EXPECT_LE(cache.size(), 8U);
  EXPECT_EQ(cache.find("99"), 99);
  EXPECT_EQ(cache.find("0"), std::nullopt);
}

TEST(recent_cache, keeps_a_key_that_is_asked_for_again) {
  recent_cache<int> cache(4);
  cache.insert("hot", 7);
  for (int i = 0; i < 100; ++i) {
    cache.insert(std::to_string(i), i);
    ASSERT_EQ(cache.find("hot"), 7) << "after " << i << " others";
  }
}

}  // namespace
}  // namespace twofold::server::testing
