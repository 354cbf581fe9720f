#include "features/network_life/buddies.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

#include <algorithm>
#include <limits>
#include <random>

#include "features/common/network_access.hpp"
#include "features/common/network_messages.hpp"
#include "features/network_life/routes.hpp"
#include "platform/context.hpp"
#include "platform/json_input.hpp"
#include "platform/message_router.hpp"
#include "platform/storage_calls.hpp"
#include "storage/binding.hpp"

namespace kreds::features {
namespace {

using boost::asio::awaitable;
namespace json = boost::json;

constexpr std::int64_t nobody = 0;  // the stand-in partner when the count is odd

// Never paired: free. A repeat costs far more than any recency difference,
// and a recent repeat more than an old one.
std::int64_t pair_cost(const buddy_history& history, std::int64_t a, std::int64_t b) {
  if (a == nobody || b == nobody) return 0;
  const auto found = history.find(a < b ? std::pair{a, b} : std::pair{b, a});
  if (found == history.end()) return 0;
  return found->second.times * 1000 + std::max(0, 500 - found->second.periods_ago);
}

// Branch and bound over the perfect matchings of `members` (an even count),
// cheapest partner first; stops at a matching without repeats or after a
// bounded number of steps with the best found.
class matching_search {
 public:
  matching_search(const std::vector<std::int64_t>& members, const buddy_history& history)
      : members_(members), history_(history), used_(members.size(), false) {}

  std::vector<std::pair<std::int64_t, std::int64_t>> run() {
    step();
    return best_;
  }

 private:
  void step() {
    if (best_cost_ == 0 || ++steps_ > 200000) return;
    const auto first = std::find(used_.begin(), used_.end(), false);
    if (first == used_.end()) {
      if (cost_ < best_cost_) {
        best_cost_ = cost_;
        best_ = pairs_;
      }
      return;
    }
    const auto i = static_cast<std::size_t>(first - used_.begin());
    used_[i] = true;
    std::vector<std::pair<std::int64_t, std::size_t>> options;
    for (std::size_t j = i + 1; j < members_.size(); ++j) {
      if (!used_[j]) options.emplace_back(pair_cost(history_, members_[i], members_[j]), j);
    }
    std::stable_sort(options.begin(), options.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    for (const auto& [cost, j] : options) {
      if (cost_ + cost >= best_cost_) break;
      used_[j] = true;
      pairs_.emplace_back(members_[i], members_[j]);
      cost_ += cost;
      step();
      cost_ -= cost;
      pairs_.pop_back();
      used_[j] = false;
    }
    used_[i] = false;
  }

  const std::vector<std::int64_t>& members_;
  const buddy_history& history_;
  std::vector<bool> used_;
  std::vector<std::pair<std::int64_t, std::int64_t>> pairs_, best_;
  std::int64_t cost_ = 0;
  std::int64_t best_cost_ = std::numeric_limits<std::int64_t>::max();
  long steps_ = 0;
};

std::uint64_t days_since_epoch(std::chrono::sys_days day) {
  return static_cast<std::uint64_t>(day.time_since_epoch().count());
}

}  // namespace

std::vector<std::vector<std::int64_t>> pair_buddies(std::vector<std::int64_t> members, const buddy_history& history,
                                                    std::uint64_t seed) {
  std::sort(members.begin(), members.end());
  members.erase(std::unique(members.begin(), members.end()), members.end());
  if (members.empty()) return {};
  if (members.size() == 1) return {members};
  std::mt19937_64 random(seed);
  for (std::size_t i = members.size() - 1; i > 0; --i) {
    std::swap(members[i], members[std::uniform_int_distribution<std::size_t>(0, i)(random)]);
  }
  const bool odd = members.size() % 2 == 1;
  if (odd) members.push_back(nobody);
  std::vector<std::vector<std::int64_t>> groups;
  std::int64_t left_over = nobody;
  for (const auto& [a, b] : matching_search(members, history).run()) {
    if (a == nobody || b == nobody) {
      left_over = a == nobody ? b : a;
    } else {
      groups.push_back({a, b});
    }
  }
  if (odd) {  // the one without a partner joins the pair it has been with least
    auto cheapest = std::min_element(groups.begin(), groups.end(), [&](const auto& x, const auto& y) {
      return pair_cost(history, left_over, x[0]) + pair_cost(history, left_over, x[1]) <
             pair_cost(history, left_over, y[0]) + pair_cost(history, left_over, y[1]);
    });
    cheapest->push_back(left_over);
  }
  for (auto& group : groups) std::sort(group.begin(), group.end());
  std::sort(groups.begin(), groups.end());
  return groups;
}

buddy_period period_containing(SQLite::Database& db, std::int64_t network_id, std::chrono::sys_days day,
                               int rotation_weeks) {
  SQLite::Statement created(db, "SELECT created_at FROM network WHERE id = ?");
  created.bind(1, network_id);
  auto anchor = monday_of(day);
  if (created.executeStep()) {
    if (const auto at = parse_iso_time(created.getColumn(0).getString())) anchor = monday_of(day_of(*at));
  }
  const auto length = std::chrono::days(7 * rotation_weeks);
  const auto index = day < anchor ? 0 : (day - anchor) / length;
  const auto start = anchor + index * length;
  return {start, start + length - std::chrono::days(1)};
}

void ensure_buddy_groups(SQLite::Database& db, std::int64_t network_id, const buddy_period& period) {
  const auto start = to_iso_date(period.start);
  std::map<std::int64_t, std::int64_t> group_of;  // account -> group_no, this period
  {
    SQLite::Statement existing(
        db, "SELECT account_id, group_no FROM buddy_group WHERE network_id = ? AND period_start = ?");
    storage::bind_all(existing, network_id, start);
    while (existing.executeStep()) group_of[existing.getColumn(0).getInt64()] = existing.getColumn(1).getInt64();
  }
  std::vector<std::int64_t> members;
  for (const auto& m : current_members(db, network_id)) members.push_back(m.account_id);
  SQLite::Statement insert(
      db, "INSERT INTO buddy_group (network_id, period_start, account_id, group_no) VALUES (?, ?, ?, ?)");
  auto add = [&](std::int64_t account, std::int64_t group) {
    insert.reset();
    storage::bind_all(insert, network_id, start, account, group);
    insert.exec();
    group_of[account] = group;
  };
  if (group_of.empty()) {
    buddy_history history;
    SQLite::Statement earlier(
        db,
        "SELECT b1.account_id, b2.account_id, count(*), max(b1.period_start) FROM buddy_group b1 "
        "JOIN buddy_group b2 ON b2.network_id = b1.network_id AND b2.period_start = b1.period_start "
        "AND b2.group_no = b1.group_no AND b2.account_id > b1.account_id "
        "WHERE b1.network_id = ? AND b1.period_start < ? GROUP BY b1.account_id, b2.account_id");
    storage::bind_all(earlier, network_id, start);
    while (earlier.executeStep()) {
      const auto last = parse_iso_date(earlier.getColumn(3).getString());
      const int weeks_ago = last ? static_cast<int>((period.start - *last).count() / 7) : 0;
      history[{earlier.getColumn(0).getInt64(), earlier.getColumn(1).getInt64()}] = {earlier.getColumn(2).getInt(),
                                                                                     weeks_ago};
    }
    const auto seed = static_cast<std::uint64_t>(network_id) * 1000003u + days_since_epoch(period.start);
    std::int64_t number = 0;
    for (const auto& group : pair_buddies(members, history, seed)) {
      ++number;
      for (auto account : group) add(account, number);
    }
    return;
  }
  // Members who joined during the period join the smallest group of members
  // still here (a new group when nobody else has one).
  for (auto account : members) {
    if (group_of.contains(account)) continue;
    std::map<std::int64_t, int> sizes;
    for (auto other : members) {
      if (const auto found = group_of.find(other); found != group_of.end()) ++sizes[found->second];
    }
    std::int64_t chosen = 0;
    int smallest = std::numeric_limits<int>::max();
    for (const auto& [group, size] : sizes) {
      if (size < smallest) {
        smallest = size;
        chosen = group;
      }
    }
    if (chosen == 0) {
      for (const auto& [other, group] : group_of) chosen = std::max(chosen, group);
      ++chosen;
    }
    add(account, chosen);
  }
}

std::vector<std::vector<std::int64_t>> buddy_groups(SQLite::Database& db, std::int64_t network_id,
                                                    const buddy_period& period) {
  SQLite::Statement query(db,
                          "SELECT b.group_no, b.account_id FROM buddy_group b JOIN network_member m ON "
                          "m.network_id = b.network_id AND m.account_id = b.account_id AND m.left_at IS NULL "
                          "WHERE b.network_id = ? AND b.period_start = ? ORDER BY b.group_no, b.account_id");
  storage::bind_all(query, network_id, to_iso_date(period.start));
  std::vector<std::vector<std::int64_t>> groups;
  std::int64_t current = -1;
  while (query.executeStep()) {
    if (query.getColumn(0).getInt64() != current) {
      current = query.getColumn(0).getInt64();
      groups.emplace_back();
    }
    groups.back().push_back(query.getColumn(1).getInt64());
  }
  return groups;
}

std::vector<std::int64_t> buddies_of(const std::vector<std::vector<std::int64_t>>& groups, std::int64_t account_id) {
  for (const auto& group : groups) {
    if (std::find(group.begin(), group.end(), account_id) == group.end()) continue;
    std::vector<std::int64_t> others;
    std::copy_if(group.begin(), group.end(), std::back_inserter(others), [&](auto id) { return id != account_id; });
    return others;
  }
  return {};
}

namespace {

// buddy.current {network_id}
awaitable<result<reply>> current(context& ctx, connection& from, const envelope& message) {
  const auto& p = message.payload.as_object();
  KREDS_CO_CHECK(only_fields(p, {"network_id"}));
  auto network = id_field(p, "network_id");
  KREDS_CO_RETURN_IF_ERROR(network);
  auto pairing = write_db<json::object>(ctx.writer(),
                                        [who = from.who(), network = *network, today = day_of(ctx.now()),
                                         weeks = ctx.pilot(from.who().municipality_id)->network.buddy_rotation_weeks](
                                            SQLite::Database& db) -> result<json::object> {
                                          if (!in_network(db, who, network)) return not_in_network();
                                          const auto period = period_containing(db, network, today, weeks);
                                          ensure_buddy_groups(db, network, period);
                                          const auto groups = buddy_groups(db, network, period);
                                          json::array all;
                                          for (const auto& group : groups) {
                                            json::array people;
                                            for (auto id : group) people.push_back(member_json(db, id));
                                            all.push_back(std::move(people));
                                          }
                                          json::array mine;
                                          for (auto id : buddies_of(groups, who.account_id))
                                            mine.push_back(member_json(db, id));
                                          return json::object{{"network_id", network},
                                                              {"period_start", to_iso_date(period.start)},
                                                              {"period_end", to_iso_date(period.end)},
                                                              {"buddies", std::move(mine)},
                                                              {"groups", std::move(all)}};
                                        });
  auto found = co_await std::move(pairing);
  KREDS_CO_RETURN_IF_ERROR(found);
  co_return reply{"buddy.pairing", std::move(*found)};
}

}  // namespace

void register_buddy_messages(context& ctx, message_router& messages) {
  messages.add("buddy.current", permission::use_session, effect::reads,
               shows_people("read_buddies", "facilitating: buddy pairs", "account_id"), ctx, current);
}

}  // namespace kreds::features
