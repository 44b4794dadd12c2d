// The connection caps (http/connection_registry.hpp): per client key and in
// total, the oldest idle connection in the way asked to close, refusal when
// none is idle; shutdown reaches everyone.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "http/connection_registry.hpp"

namespace twofold::server::testing {
namespace {

class fake_connection final : public connection {
 public:
  void begin_shutdown() override { ++asked_to_close; }
  int asked_to_close = 0;
};

struct fixture {
  explicit fixture(connection_limits limits) : registry(limits) {}

  std::shared_ptr<fake_connection> open(const std::string& client, admission expected = admission::admitted) {
    auto made = std::make_shared<fake_connection>();
    EXPECT_EQ(registry.add(made, client), expected) << client;
    if (expected == admission::admitted) live.push_back(made);
    return made;
  }

  connection_registry registry;
  std::vector<std::shared_ptr<fake_connection>> live;
};

TEST(connection_registry, closes_the_clients_oldest_idle_connection_over_its_cap) {
  fixture f({.total = 100, .per_client = 3});
  auto first = f.open("198.51.100.1");
  auto second = f.open("198.51.100.1");
  auto third = f.open("198.51.100.1");
  auto other = f.open("198.51.100.2");
  EXPECT_EQ(first->asked_to_close, 0);

  auto fourth = f.open("198.51.100.1");
  EXPECT_EQ(first->asked_to_close, 1) << "the oldest";
  EXPECT_EQ(second->asked_to_close + third->asked_to_close + other->asked_to_close, 0);

  f.open("198.51.100.1");
  EXPECT_EQ(second->asked_to_close, 1) << "the next oldest; the first no longer counts";
  EXPECT_EQ(first->asked_to_close, 1) << "asked once";
}

TEST(connection_registry, idle_means_since_the_last_request_not_since_opening) {
  fixture f({.total = 100, .per_client = 2});
  auto first = f.open("198.51.100.1");
  auto second = f.open("198.51.100.1");
  f.registry.set_idle(first.get(), false);  // a request arrives on the first
  f.registry.set_idle(first.get(), true);   // answered: idle again, now the younger
  f.open("198.51.100.1");
  EXPECT_EQ(second->asked_to_close, 1);
  EXPECT_EQ(first->asked_to_close, 0);
}

TEST(connection_registry, never_closes_a_busy_connection_and_refuses_instead) {
  fixture f({.total = 100, .per_client = 2});
  auto first = f.open("198.51.100.1");
  auto second = f.open("198.51.100.1");
  f.registry.set_idle(first.get(), false);
  f.registry.set_idle(second.get(), false);
  f.open("198.51.100.1", admission::over_limit);
  EXPECT_EQ(first->asked_to_close + second->asked_to_close, 0);
  f.open("198.51.100.2");
}

TEST(connection_registry, the_total_cap_closes_the_oldest_idle_of_anyone) {
  fixture f({.total = 3, .per_client = 100});
  auto first = f.open("198.51.100.1");
  auto second = f.open("198.51.100.2");
  auto third = f.open("");
  f.open("198.51.100.3");
  EXPECT_EQ(first->asked_to_close, 1);
  EXPECT_EQ(second->asked_to_close + third->asked_to_close, 0);
}

TEST(connection_registry, connections_without_a_client_key_count_only_in_total) {
  fixture f({.total = 100, .per_client = 1});
  auto first = f.open("");
  auto second = f.open("");
  auto third = f.open("");
  EXPECT_EQ(first->asked_to_close + second->asked_to_close + third->asked_to_close, 0) << "a trusted proxy's";
}

TEST(connection_registry, a_removed_connection_frees_its_place) {
  fixture f({.total = 100, .per_client = 1});
  auto first = f.open("198.51.100.1");
  f.registry.set_idle(first.get(), false);
  f.open("198.51.100.1", admission::over_limit);
  f.registry.remove(first.get());
  auto second = f.open("198.51.100.1");
  EXPECT_EQ(f.registry.size(), 1U);
}

TEST(connection_registry, shutdown_reaches_everyone_and_refuses_newcomers) {
  fixture f({.total = 100, .per_client = 10});
  auto first = f.open("198.51.100.1");
  auto second = f.open("198.51.100.2");
  bool drained = false;
  f.registry.begin_shutdown([&] { drained = true; });
  EXPECT_EQ(first->asked_to_close, 1);
  EXPECT_EQ(second->asked_to_close, 1);
  f.open("198.51.100.3", admission::shutting_down);
  f.registry.remove(first.get());
  EXPECT_FALSE(drained);
  f.registry.remove(second.get());
  EXPECT_TRUE(drained);
}

}  // namespace
}  // namespace twofold::server::testing
