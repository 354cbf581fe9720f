#include "features/networks/proposals.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/asio/post.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <set>
#include <stop_token>

#include "platform/context.hpp"
#include "platform/json_input.hpp"
#include "platform/logging.hpp"
#include "platform/message_router.hpp"
#include "features/profiles/profile.hpp"
#include "features/common/staff_time.hpp"
#include "platform/storage_calls.hpp"
#include "features/networks/waiting_pool.hpp"
#include "kreds/matching/engine.hpp"
#include "kreds/matching/explain.hpp"

namespace kreds::features {
namespace {

namespace json = boost::json;
using matching::seeker_id;

struct proposed_network {
  int key = 0;
  bool locked = false;
  std::vector<seeker_id> members;
  std::set<seeker_id> pinned;
  matching::network computed;  // score, language, slots, explanations of the last evaluation
  std::vector<std::string> warnings;
};

json::array slot_names(const matching::week_slots& slots) {
  json::array out;
  for (int slot = 0; slot < matching::slot_count; ++slot) {
    if (slots.test(static_cast<std::size_t>(slot))) out.push_back(json::string(slot_name(slot)));
  }
  return out;
}

json::object report_json(const matching::report& r) {
  return {{"objective", r.objective},         {"mean_network_score", r.mean_network_score},
          {"worst_network_score", r.worst_network_score}, {"hard_violations", r.hard_violations},
          {"networks", r.networks},           {"placed", r.placed},
          {"unplaced", r.unplaced}};
}

std::string status_name(int code) {
  static const char* names[] = {"running", "ready", "cancelled", "failed", "confirmed"};
  return names[code];
}

}  // namespace

struct proposal_manager::state {
  enum phase { running, ready, cancelled, failed, confirmed };

  std::mutex mutex;
  std::int64_t id = 0;
  std::int64_t municipality_id = 0;
  std::int64_t caseworker_id = 0;
  std::string created_at;
  std::uint64_t seed = 1;
  phase status = running;
  std::string message;
  int done = 0, total = 0;
  std::stop_source stop;
  waiting_pool pool;
  std::vector<proposed_network> networks;
  std::vector<matching::unplaced> left_out;
  std::set<seeker_id> excluded;
  matching::report summary;
  int next_key = 1;

  const matching::seeker* seeker(seeker_id who) const {
    auto it = std::find_if(pool.seekers.begin(), pool.seekers.end(), [&](const auto& s) { return s.id == who; });
    return it == pool.seekers.end() ? nullptr : &*it;
  }
  std::string name(seeker_id who) const {
    auto it = pool.details.find(who);
    return it == pool.details.end() ? std::string() : it->second.display_name;
  }
};

proposal_manager::proposal_manager(context& ctx) : app_(ctx) {}

proposal_manager::~proposal_manager() { stop(); }

void proposal_manager::stop() {
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, proposal] : proposals_) proposal->stop.request_stop();
  }
  runner_.join();
}

matching::options proposal_manager::engine_options(std::int64_t municipality_id, std::uint64_t seed) const {
  const auto settings = app_.pilot(municipality_id);
  const auto& m = settings->matching;
  matching::options o;
  o.min_size = m.min_size;
  o.max_size = m.max_size;
  o.min_shared_slots = m.min_shared_slots;
  o.target_shared_slots = m.target_shared_slots;
  o.max_travel_km = m.max_travel_km;
  o.weight.goal = m.weight_goal;
  o.weight.skill = m.weight_skill;
  o.weight.schedule = m.weight_schedule;
  o.weight.place = m.weight_place;
  o.weight.lonely = m.weight_lonely;
  o.weight.repeat = m.weight_repeat;
  o.threads = m.threads;
  o.seed = seed;
  return o;
}

namespace {

matching::title_lookup titles_of(const taxonomy::taxonomy& taxonomy) {
  return [&taxonomy](std::uint16_t isco, std::string_view language) -> std::string {
    char code[8];
    std::snprintf(code, sizeof code, "%04u", static_cast<unsigned>(isco));
    const auto* group = taxonomy.isco_group(code);
    return group ? std::string(taxonomy.preferred_label(*group, language)) : std::string(code);
  };
}

// The "only one of their kind" kinds (waiting_pool.cpp) in words.
std::string kind_label(const std::string& kind, std::string_view language) {
  const bool da = language == "da";
  if (kind == "young") return da ? "under 30 år" : "under 30";
  if (kind == "needs_english") return da ? "engelsk som arbejdssprog" : "English as working language";
  return kind;
}

std::string explain(matching::member_explanation explanation, std::string_view language,
                    const matching::title_lookup& titles) {
  for (auto& f : explanation.facts) {
    if (!f.kind_name.empty()) f.kind_name = kind_label(f.kind_name, language);
  }
  return matching::render_explanation(explanation, language, titles);
}

// Recomputes a network's score, explanations and hard-rule warnings as it
// stands now (after the caseworker's changes): evaluated as a locked network.
void evaluate(proposed_network& network, const waiting_pool& pool, const matching::options& options) {
  std::vector<matching::seeker> members;
  for (auto id : network.members) {
    auto it = std::find_if(pool.seekers.begin(), pool.seekers.end(), [&](const auto& s) { return s.id == id; });
    if (it != pool.seekers.end()) members.push_back(*it);
  }
  network.warnings.clear();
  network.computed = {};
  if (members.empty()) return;
  const std::vector<matching::anchored_network> anchored{{static_cast<matching::network_id>(network.key), network.members, true}};
  auto evaluated = matching::form(members, options, anchored);
  if (!evaluated.networks.empty()) network.computed = evaluated.networks.front();
  for (auto& problem : matching::check(members, options, evaluated, anchored).problems) {
    network.warnings.push_back(std::move(problem));
  }
  if (static_cast<int>(network.members.size()) < options.min_size || static_cast<int>(network.members.size()) > options.max_size) {
    network.warnings.push_back("size " + std::to_string(network.members.size()) + " is outside " +
                               std::to_string(options.min_size) + "-" + std::to_string(options.max_size));
  }
}

}  // namespace

json::object proposal_json(const proposal_manager::state& p, const taxonomy::taxonomy& taxonomy, const std::string& language);

std::shared_ptr<proposal_manager::state> proposal_manager::find(const caller& who, std::int64_t id) const {
  std::lock_guard lock(mutex_);
  auto it = proposals_.find(id);
  // Another caseworker's proposal does not exist for this one.
  if (it == proposals_.end() || it->second->caseworker_id != who.account_id ||
      it->second->municipality_id != who.municipality_id) {
    return nullptr;
  }
  return it->second;
}

void proposal_manager::record(std::int64_t proposal_id, std::int64_t actor, std::string kind, json::object detail) {
  app_.writer().submit({[proposal_id, actor, kind, detail = json::serialize(detail), now = to_iso(app_.now())](
                            SQLite::Database& db) -> result<void> {
                          SQLite::Statement insert(db,
                                                   "INSERT INTO matching_proposal_event (proposal_id, at, actor_id, kind, "
                                                   "detail) VALUES (?, ?, ?, ?, ?)");
                          insert.bind(1, proposal_id);
                          insert.bind(2, now);
                          insert.bind(3, actor);
                          insert.bind(4, kind);
                          insert.bind(5, detail);
                          insert.exec();
                          return {};
                        },
                        [proposal_id](result<void> outcome) {
                          if (!outcome) log_error({}, "proposal {}: cannot record an event: {}", proposal_id, outcome.err().message());
                        }});
}

void proposal_manager::launch(const std::shared_ptr<state>& proposal) {
  boost::asio::post(runner_, [this, proposal] {
    std::vector<matching::seeker> pool;
    std::vector<matching::anchored_network> anchored;
    matching::options options;
    std::map<matching::network_id, bool> was_locked;
    {
      std::lock_guard lock(proposal->mutex);
      options = engine_options(proposal->municipality_id, proposal->seed);
      for (const auto& s : proposal->pool.seekers) {
        if (!proposal->excluded.count(s.id)) pool.push_back(s);
      }
      for (const auto& network : proposal->networks) {
        if (network.locked) {
          anchored.push_back({static_cast<matching::network_id>(network.key), network.members, true});
        } else if (!network.pinned.empty()) {
          anchored.push_back({static_cast<matching::network_id>(network.key),
                              {network.pinned.begin(), network.pinned.end()}, false});
        }
      }
      proposal->done = 0;
      proposal->total = 0;
    }
    options.stop = proposal->stop.get_token();
    const auto topic = "account:" + std::to_string(proposal->caseworker_id);
    options.progress = [this, proposal, topic](int done, int total) {
      {
        std::lock_guard lock(proposal->mutex);
        proposal->done = done;
        proposal->total = total;
      }
      app_.hub().publish(topic, std::make_shared<const std::string>(serialize_message(
                                    "proposal.progress", {}, json::object{{"id", proposal->id}, {"done", done}, {"total", total}})));
    };
    auto outcome = matching::form(pool, options, anchored);

    std::string status;
    {
      std::lock_guard lock(proposal->mutex);
      std::map<matching::network_id, proposed_network> kept;
      for (auto& network : proposal->networks) {
        if (network.locked || !network.pinned.empty()) kept[static_cast<matching::network_id>(network.key)] = network;
      }
      proposal->networks.clear();
      if (outcome.state == matching::status::invalid_options) {
        proposal->status = state::failed;
        proposal->message = outcome.message;
      } else {
        proposal->status = outcome.state == matching::status::cancelled ? state::cancelled : state::ready;
        proposal->message = outcome.state == matching::status::ok ? std::string() : outcome.message;
        for (auto& computed : outcome.networks) {
          proposed_network network;
          if (computed.id != 0 && kept.count(computed.id)) {
            network = kept[computed.id];
          } else {
            network.key = proposal->next_key++;
          }
          network.members = computed.members;
          network.computed = computed;
          network.warnings.clear();
          proposal->networks.push_back(std::move(network));
        }
        proposal->left_out = outcome.left_out;
        proposal->summary = outcome.summary;
      }
      status = status_name(proposal->status);
      proposal->done = proposal->total;
    }
    app_.writer().submit({[id = proposal->id, status, report = json::serialize(report_json(outcome.summary))](
                              SQLite::Database& db) -> result<void> {
                            SQLite::Statement update(db, "UPDATE matching_proposal SET status = ?, report = ? WHERE id = ?");
                            update.bind(1, status);
                            update.bind(2, report);
                            update.bind(3, id);
                            update.exec();
                            return {};
                          },
                          [](result<void>) {}});
    log_info({}, "proposal {}: {} ({} networks, objective {:.1f}, {} hard violations)", proposal->id, status,
             outcome.summary.networks, outcome.summary.objective, outcome.summary.hard_violations);
    app_.hub().publish(topic, std::make_shared<const std::string>(serialize_message(
                                  "proposal.ready", {}, json::object{{"id", proposal->id}, {"status", status}})));
  });
}

boost::asio::awaitable<result<json::object>> proposal_manager::start(const caller& who, std::optional<std::uint64_t> seed,
                                                                    std::string language) {
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, p] : proposals_) {
      std::lock_guard inner(p->mutex);
      if (p->caseworker_id == who.account_id && p->status == state::running) {
        co_return kreds::error{errc::conflict, "you already have a proposal running (" + std::to_string(id) + ")"};
      }
    }
  }
  auto proposal = std::make_shared<state>();
  proposal->municipality_id = who.municipality_id;
  proposal->caseworker_id = who.account_id;
  proposal->created_at = to_iso(app_.now());
  proposal->seed = seed.value_or(static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count()) & 0x7fffffff);
  auto loading = read_db<waiting_pool>(app_.readers(), [municipality = who.municipality_id](SQLite::Database& db)
                                                             -> result<waiting_pool> { return load_waiting_pool(db, municipality); });
  auto pool = co_await std::move(loading);
  if (!pool) co_return std::move(pool).err();
  proposal->pool = std::move(*pool);
  auto storing = write_db<std::int64_t>(
      app_.writer(), [p = proposal.get(), size = static_cast<std::int64_t>(proposal->pool.seekers.size())](
                         SQLite::Database& db) -> result<std::int64_t> {
        SQLite::Statement insert(db,
                                 "INSERT INTO matching_proposal (municipality_id, caseworker_id, created_at, seed, "
                                 "pool_size, status) VALUES (?, ?, ?, ?, ?, 'running')");
        insert.bind(1, p->municipality_id);
        insert.bind(2, p->caseworker_id);
        insert.bind(3, p->created_at);
        insert.bind(4, static_cast<std::int64_t>(p->seed));
        insert.bind(5, size);
        insert.exec();
        return db.getLastInsertRowid();
      });
  auto id = co_await std::move(storing);
  if (!id) co_return std::move(id).err();
  proposal->id = *id;
  {
    std::lock_guard lock(mutex_);
    // Memory holds a caseworker's latest proposal only (its record stays in the database).
    std::erase_if(proposals_, [&](const auto& entry) {
      std::lock_guard inner(entry.second->mutex);
      return entry.second->caseworker_id == who.account_id && entry.second->status != state::running;
    });
    proposals_[proposal->id] = proposal;
  }
  record(proposal->id, who.account_id, "run", {{"seed", proposal->seed}, {"pool", proposal->pool.seekers.size()}});
  launch(proposal);
  std::lock_guard lock(proposal->mutex);
  co_return proposal_json(*proposal, app_.taxonomy(), language);
}

result<json::object> proposal_manager::view(const caller& who, std::int64_t id, const std::string& language) {
  auto proposal = find(who, id);
  if (!proposal) return kreds::error{errc::not_found, "no such proposal (proposals end with a server restart)"};
  std::lock_guard lock(proposal->mutex);
  return proposal_json(*proposal, app_.taxonomy(), language);
}

result<json::object> proposal_manager::cancel(const caller& who, std::int64_t id, const std::string& language) {
  auto proposal = find(who, id);
  if (!proposal) return kreds::error{errc::not_found, "no such proposal"};
  proposal->stop.request_stop();
  record(id, who.account_id, "cancel", {});
  std::lock_guard lock(proposal->mutex);
  return proposal_json(*proposal, app_.taxonomy(), language);
}

result<json::object> proposal_manager::change(const caller& who, std::int64_t id, const json::object& body,
                                              const std::string& language) {
  auto proposal = find(who, id);
  if (!proposal) return kreds::error{errc::not_found, "no such proposal"};
  if (auto known = only_fields(body, {"action", "seeker_id", "to_network", "network"}); !known) return std::move(known).err();
  auto action = string_field(body, "action", 1, 20);
  if (!action) return std::move(action).err();
  std::lock_guard lock(proposal->mutex);
  if (proposal->status != state::ready && proposal->status != state::cancelled) {
    return kreds::error{errc::conflict, "the proposal can be changed only when it is ready (it is " +
                                            status_name(proposal->status) + ")"};
  }
  const auto options = engine_options(proposal->municipality_id, proposal->seed);
  auto network_by_key = [&](std::int64_t key) -> proposed_network* {
    auto it = std::find_if(proposal->networks.begin(), proposal->networks.end(), [&](const auto& n) { return n.key == key; });
    return it == proposal->networks.end() ? nullptr : &*it;
  };
  auto network_of = [&](seeker_id who_id) -> proposed_network* {
    for (auto& n : proposal->networks) {
      if (std::find(n.members.begin(), n.members.end(), who_id) != n.members.end()) return &n;
    }
    return nullptr;
  };
  auto take_out = [&](seeker_id who_id) -> proposed_network* {
    auto* from = network_of(who_id);
    if (from) {
      std::erase(from->members, who_id);
      from->pinned.erase(who_id);
    }
    std::erase_if(proposal->left_out, [&](const auto& u) { return u.seeker == who_id; });
    proposal->excluded.erase(who_id);
    return from;
  };

  static const std::set<std::string> actions{"move", "exclude", "include", "lock", "unlock", "pin", "unpin"};
  if (!actions.count(*action)) {
    return kreds::error{errc::invalid_field, "action must be move, exclude, include, lock, unlock, pin or unpin", "action"};
  }
  json::object detail{{"action", *action}};
  if (*action == "lock" || *action == "unlock") {
    auto key = integer_field(body, "network", 1, 1'000'000);
    if (!key) return std::move(key).err();
    auto* network = network_by_key(*key);
    if (!network) return kreds::error{errc::not_found, "no network " + std::to_string(*key) + " in this proposal", "network"};
    network->locked = *action == "lock";
    detail["network"] = *key;
  } else {
    auto seeker = integer_field(body, "seeker_id", 1, std::numeric_limits<std::int64_t>::max());
    if (!seeker) return std::move(seeker).err();
    const auto who_id = static_cast<seeker_id>(*seeker);
    if (!proposal->seeker(who_id)) return kreds::error{errc::not_found, "this seeker is not in the proposal's pool", "seeker_id"};
    detail["seeker_id"] = *seeker;
    auto* current = network_of(who_id);
    if ((*action == "move" || *action == "exclude") && current && current->locked) {
      return kreds::error{errc::conflict, "unlock the network first: it is locked", "seeker_id"};
    }
    if (*action == "move") {
      auto key = integer_field(body, "to_network", 1, 1'000'000);
      if (!key) return std::move(key).err();
      auto* target = network_by_key(*key);
      if (!target) return kreds::error{errc::not_found, "no network " + std::to_string(*key) + " in this proposal", "to_network"};
      if (target->locked) return kreds::error{errc::conflict, "unlock the network first: it is locked", "to_network"};
      if (target == current) return kreds::error{errc::conflict, "the seeker is already in that network", "to_network"};
      auto* from = take_out(who_id);
      target->members.push_back(who_id);
      evaluate(*target, proposal->pool, options);
      if (from) evaluate(*from, proposal->pool, options);
      detail["to_network"] = *key;
    } else if (*action == "exclude") {
      auto* from = take_out(who_id);
      proposal->excluded.insert(who_id);
      if (from) evaluate(*from, proposal->pool, options);
    } else if (*action == "include") {
      if (!proposal->excluded.count(who_id)) return kreds::error{errc::conflict, "the seeker is not excluded", "seeker_id"};
      proposal->excluded.erase(who_id);
      proposal->left_out.push_back({who_id, matching::unplaced_reason::no_fitting_network,
                                    "included again by the caseworker; not placed until a move or a re-run", 0});
    } else {
      if (!current) return kreds::error{errc::conflict, "only members of a proposed network can be pinned", "seeker_id"};
      if (*action == "pin") {
        current->pinned.insert(who_id);
      } else {
        current->pinned.erase(who_id);
      }
    }
  }
  std::erase_if(proposal->networks, [](const auto& n) { return n.members.empty(); });
  record(id, who.account_id, *action, detail);
  return proposal_json(*proposal, app_.taxonomy(), language);
}

boost::asio::awaitable<result<json::object>> proposal_manager::rerun(const caller& who, std::int64_t id,
                                                                    std::string language) {
  auto proposal = find(who, id);
  if (!proposal) co_return kreds::error{errc::not_found, "no such proposal"};
  {
    std::lock_guard lock(proposal->mutex);
    if (proposal->status != state::ready && proposal->status != state::cancelled) {
      co_return kreds::error{errc::conflict, "only a ready or cancelled proposal can run again"};
    }
    proposal->status = state::running;
    proposal->stop = std::stop_source();
  }
  record(id, who.account_id, "rerun", {});
  launch(proposal);
  std::lock_guard lock(proposal->mutex);
  co_return proposal_json(*proposal, app_.taxonomy(), language);
}

boost::asio::awaitable<result<json::object>> proposal_manager::confirm(const caller& who, std::int64_t id) {
  auto proposal = find(who, id);
  if (!proposal) co_return kreds::error{errc::not_found, "no such proposal"};
  struct new_member {
    std::int64_t account;
    std::string why_da, why_en;
  };
  struct new_network {
    int key;
    std::string language;
    std::vector<new_member> members;
  };
  std::vector<new_network> creating;
  {
    std::lock_guard lock(proposal->mutex);
    if (proposal->status != state::ready && proposal->status != state::cancelled) {
      co_return kreds::error{errc::conflict, "only a ready proposal can be confirmed (it is " +
                                                 status_name(proposal->status) + ")"};
    }
    const auto titles = titles_of(app_.taxonomy());
    for (const auto& network : proposal->networks) {
      if (network.members.size() < 2) continue;
      new_network created{network.key, network.computed.working_language.empty() ? "da" : network.computed.working_language, {}};
      for (auto member : network.members) {
        std::string da, en;
        for (const auto& explanation : network.computed.explanations) {
          if (explanation.seeker != member) continue;
          da = explain(explanation, "da", titles);
          en = explain(explanation, "en", titles);
        }
        created.members.push_back({static_cast<std::int64_t>(member), da, en});
      }
      creating.push_back(std::move(created));
    }
    proposal->status = state::confirmed;  // no second confirmation while this one is stored
  }
  auto storing = write_db<json::array>(
      app_.writer(), [creating, who, id, now = to_iso(app_.now()), minutes = app_.settings().staff_time.formation](
                         SQLite::Database& db) -> result<json::array> {
        json::array out;
        for (const auto& network : creating) {
          SQLite::Statement insert(db,
                                   "INSERT INTO network (municipality_id, facilitator_id, proposal_id, working_language, "
                                   "created_at) VALUES (?, ?, ?, ?, ?)");
          insert.bind(1, who.municipality_id);
          insert.bind(2, who.account_id);
          insert.bind(3, id);
          insert.bind(4, network.language);
          insert.bind(5, now);
          insert.exec();
          const auto network_id = db.getLastInsertRowid();
          record_staff_time(db, who, std::nullopt, network_id, "formation", minutes, now);
          json::array members;
          for (const auto& member : network.members) {
            SQLite::Statement join(db,
                                   "INSERT INTO network_member (network_id, account_id, municipality_id, joined_at, why_da, "
                                   "why_en) SELECT ?, id, municipality_id, ?, ?, ? FROM account WHERE id = ? AND "
                                   "municipality_id = ? AND role = 'seeker' AND active = 1");
            join.bind(1, network_id);
            join.bind(2, now);
            join.bind(3, member.why_da);
            join.bind(4, member.why_en);
            join.bind(5, member.account);
            join.bind(6, who.municipality_id);
            if (join.exec() == 0) {
              return kreds::error{errc::conflict, "seeker " + std::to_string(member.account) +
                                                      " can no longer take part; exclude them and confirm again"};
            }
            members.push_back(member.account);
          }
          out.push_back(json::object{{"id", network_id}, {"members", std::move(members)}});
        }
        SQLite::Statement done(db, "UPDATE matching_proposal SET status = 'confirmed', confirmed_at = ? WHERE id = ?");
        done.bind(1, now);
        done.bind(2, id);
        done.exec();
        SQLite::Statement event(db,
                                "INSERT INTO matching_proposal_event (proposal_id, at, actor_id, kind, detail) "
                                "VALUES (?, ?, ?, 'confirm', ?)");
        event.bind(1, id);
        event.bind(2, now);
        event.bind(3, who.account_id);
        event.bind(4, json::serialize(json::object{{"networks", out.size()}}));
        event.exec();
        return out;
      });
  auto stored = co_await std::move(storing);
  if (!stored) {
    std::lock_guard lock(proposal->mutex);
    proposal->status = state::ready;  // nothing was created; the caseworker can adjust and retry
    co_return std::move(stored).err();
  }
  for (std::size_t i = 0; i < stored->size(); ++i) {
    const auto& network = (*stored)[i].as_object();
    for (std::size_t m = 0; m < creating[i].members.size(); ++m) {
      const auto& member = creating[i].members[m];
      app_.connections().subscribe_account(member.account, "network:" + std::to_string(network.at("id").as_int64()),
                                           app_.hub());
      app_.hub().publish("account:" + std::to_string(member.account),
                         std::make_shared<const std::string>(serialize_message(
                             "network.joined", {},
                             json::object{{"network_id", network.at("id")}, {"why", json::object{{"da", member.why_da}, {"en", member.why_en}}}})));
    }
  }
  log_info({}, "proposal {}: confirmed by account {}, {} networks created", id, who.account_id, stored->size());
  co_return json::object{{"networks", std::move(*stored)}};
}

json::object proposal_json(const proposal_manager::state& p, const taxonomy::taxonomy& taxonomy, const std::string& language) {
  const auto titles = titles_of(taxonomy);
  json::array networks;
  for (const auto& network : p.networks) {
    json::array members;
    for (auto member : network.members) {
      std::string why;
      for (const auto& explanation : network.computed.explanations) {
        if (explanation.seeker == member) why = explain(explanation, language, titles);
      }
      members.push_back(json::object{{"seeker_id", static_cast<std::int64_t>(member)},
                                     {"display_name", p.name(member)},
                                     {"pinned", network.pinned.count(member) > 0},
                                     {"explanation", why}});
    }
    json::array warnings;
    for (const auto& w : network.warnings) warnings.push_back(json::string(w));
    networks.push_back(json::object{{"key", network.key},
                                    {"locked", network.locked},
                                    {"score", network.computed.score},
                                    {"working_language", network.computed.working_language},
                                    {"shared_slots", slot_names(network.computed.shared_slots)},
                                    {"warnings", std::move(warnings)},
                                    {"members", std::move(members)}});
  }
  json::array unplaced, excluded;
  for (const auto& u : p.left_out) {
    unplaced.push_back(json::object{{"seeker_id", static_cast<std::int64_t>(u.seeker)},
                                    {"display_name", p.name(u.seeker)},
                                    {"reason", matching::render_unplaced(u, language)}});
  }
  for (auto who : p.excluded) {
    excluded.push_back(json::object{{"seeker_id", static_cast<std::int64_t>(who)}, {"display_name", p.name(who)}});
  }
  return {{"id", p.id},
          {"status", status_name(p.status)},
          {"progress", json::object{{"done", p.done}, {"total", p.total}}},
          {"created_at", p.created_at},
          {"message", p.message},
          {"pool_size", p.pool.seekers.size()},
          {"report", report_json(p.summary)},
          {"networks", std::move(networks)},
          {"unplaced", std::move(unplaced)},
          {"excluded", std::move(excluded)}};
}

}  // namespace kreds::features
