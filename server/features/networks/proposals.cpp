#include "features/networks/proposals.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/asio/post.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <set>
#include <stop_token>

#include "features/common/staff_time.hpp"
#include "features/networks/waiting_pool.hpp"
#include "features/profiles/profile.hpp"
#include "kreds/matching/engine.hpp"
#include "kreds/matching/explain.hpp"
#include "platform/context.hpp"
#include "platform/json_input.hpp"
#include "platform/json_output.hpp"
#include "platform/logging.hpp"
#include "platform/message_router.hpp"
#include "platform/storage_calls.hpp"
#include "storage/binding.hpp"

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
  return {{"objective", r.objective},
          {"mean_network_score", r.mean_network_score},
          {"worst_network_score", r.worst_network_score},
          {"hard_violations", r.hard_violations},
          {"networks", r.networks},
          {"placed", r.placed},
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

proposal_manager::proposal_manager(context& ctx) : ctx_(ctx) {}

proposal_manager::~proposal_manager() { stop(); }

void proposal_manager::stop() {
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, proposal] : proposals_) proposal->stop.request_stop();
  }
  runner_.join();
}

matching::options proposal_manager::engine_options(std::int64_t municipality_id, std::uint64_t seed) const {
  const auto settings = ctx_.pilot(municipality_id);
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
  const std::vector<matching::anchored_network> anchored{
      {static_cast<matching::network_id>(network.key), network.members, true}};
  auto evaluated = matching::form(members, options, anchored);
  if (!evaluated.networks.empty()) network.computed = evaluated.networks.front();
  for (auto& problem : matching::check(members, options, evaluated, anchored).problems) {
    network.warnings.push_back(std::move(problem));
  }
  if (static_cast<int>(network.members.size()) < options.min_size ||
      static_cast<int>(network.members.size()) > options.max_size) {
    network.warnings.push_back("size " + std::to_string(network.members.size()) + " is outside " +
                               std::to_string(options.min_size) + "-" + std::to_string(options.max_size));
  }
}

}  // namespace

json::object proposal_json(const proposal_manager::state& p, const taxonomy::taxonomy& taxonomy,
                           const std::string& language);

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
  ctx_.writer().submit(
      {[proposal_id, actor, kind, detail = json_text(detail),
        now = to_iso(ctx_.now())](SQLite::Database& db) -> result<void> {
         SQLite::Statement insert(db,
                                  "INSERT INTO matching_proposal_event (proposal_id, at, actor_id, kind, "
                                  "detail) VALUES (?, ?, ?, ?, ?)");
         storage::bind_all(insert, proposal_id, now, actor, kind, detail);
         insert.exec();
         return {};
       },
       [proposal_id](result<void> outcome) {
         if (!outcome) log_error({}, "proposal {}: cannot record an event: {}", proposal_id, outcome.err().message());
       }});
}

namespace {

// The engine's input, copied under the proposal's lock: the pool without the
// seekers the caseworker excluded, and the networks they locked or pinned
// people to (anchored, so the engine keeps them).
struct engine_input {
  std::vector<matching::seeker> pool;
  std::vector<matching::anchored_network> anchored;
};

engine_input take_engine_input(proposal_manager::state& proposal) {
  engine_input input;
  for (const auto& s : proposal.pool.seekers) {
    if (!proposal.excluded.count(s.id)) input.pool.push_back(s);
  }
  for (const auto& network : proposal.networks) {
    const auto key = static_cast<matching::network_id>(network.key);
    if (network.locked) {
      input.anchored.push_back({key, network.members, true});
    } else if (!network.pinned.empty()) {
      input.anchored.push_back({key, {network.pinned.begin(), network.pinned.end()}, false});
    }
  }
  proposal.done = 0;
  proposal.total = 0;
  return input;
}

// Replaces the proposal's networks with the engine's, keeping each locked or
// pinned network's key and marks; returns the new status's name. Called under
// the proposal's lock.
std::string apply_outcome(proposal_manager::state& proposal, const matching::result& outcome) {
  std::map<matching::network_id, proposed_network> kept;
  for (auto& network : proposal.networks) {
    if (network.locked || !network.pinned.empty()) kept[static_cast<matching::network_id>(network.key)] = network;
  }
  proposal.networks.clear();
  if (outcome.state == matching::status::invalid_options) {
    proposal.status = proposal_manager::state::failed;
    proposal.message = outcome.message;
  } else {
    proposal.status = outcome.state == matching::status::cancelled ? proposal_manager::state::cancelled
                                                                   : proposal_manager::state::ready;
    proposal.message = outcome.state == matching::status::ok ? std::string() : outcome.message;
    for (const auto& computed : outcome.networks) {
      proposed_network network;
      if (computed.id != 0 && kept.count(computed.id)) {
        network = kept[computed.id];
      } else {
        network.key = proposal.next_key++;
      }
      network.members = computed.members;
      network.computed = computed;
      network.warnings.clear();
      proposal.networks.push_back(std::move(network));
    }
    proposal.left_out = outcome.left_out;
    proposal.summary = outcome.summary;
  }
  proposal.done = proposal.total;
  return status_name(proposal.status);
}

}  // namespace

void proposal_manager::launch(const std::shared_ptr<state>& proposal) {
  boost::asio::post(runner_, [this, proposal] { run_engine(proposal); });
}

// Runs on the runner thread: the engine, then the outcome into the proposal,
// the database and the caseworker's screen.
void proposal_manager::run_engine(const std::shared_ptr<state>& proposal) {
  engine_input input;
  matching::options options;
  {
    std::lock_guard lock(proposal->mutex);
    options = engine_options(proposal->municipality_id, proposal->seed);
    input = take_engine_input(*proposal);
  }
  options.stop = proposal->stop.get_token();
  const auto topic = "account:" + std::to_string(proposal->caseworker_id);
  options.progress = [this, proposal, topic](int done, int total) {
    {
      std::lock_guard lock(proposal->mutex);
      proposal->done = done;
      proposal->total = total;
    }
    ctx_.hub().publish(
        topic, std::make_shared<const std::string>(serialize_message(
                   "proposal.progress", {}, json::object{{"id", proposal->id}, {"done", done}, {"total", total}})));
  };
  const auto outcome = matching::form(input.pool, options, input.anchored);
  std::string status;
  {
    std::lock_guard lock(proposal->mutex);
    status = apply_outcome(*proposal, outcome);
  }
  ctx_.writer().submit({[id = proposal->id, status,
                         report = json_text(report_json(outcome.summary))](SQLite::Database& db) -> result<void> {
                          SQLite::Statement update(db,
                                                   "UPDATE matching_proposal SET status = ?, report = ? WHERE id = ?");
                          storage::bind_all(update, status, report, id);
                          update.exec();
                          return {};
                        },
                        [](result<void>) {}});
  log_info({}, "proposal {}: {} ({} networks, objective {:.1f}, {} hard violations)", proposal->id, status,
           outcome.summary.networks, outcome.summary.objective, outcome.summary.hard_violations);
  ctx_.hub().publish(topic, std::make_shared<const std::string>(serialize_message(
                                "proposal.ready", {}, json::object{{"id", proposal->id}, {"status", status}})));
}

boost::asio::awaitable<result<json::object>> proposal_manager::start(const caller& who,
                                                                     std::optional<std::uint64_t> seed,
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
  proposal->created_at = to_iso(ctx_.now());
  proposal->seed = seed.value_or(
      static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count()) & 0x7fffffff);
  auto loading = read_db<waiting_pool>(
      ctx_.readers(), [municipality = who.municipality_id](SQLite::Database& db) -> result<waiting_pool> {
        return load_waiting_pool(db, municipality);
      });
  auto pool = co_await std::move(loading);
  KREDS_CO_RETURN_IF_ERROR(pool);
  proposal->pool = std::move(*pool);
  auto storing = write_db<std::int64_t>(
      ctx_.writer(),
      [p = proposal.get(),
       size = static_cast<std::int64_t>(proposal->pool.seekers.size())](SQLite::Database& db) -> result<std::int64_t> {
        SQLite::Statement insert(db,
                                 "INSERT INTO matching_proposal (municipality_id, caseworker_id, created_at, seed, "
                                 "pool_size, status) VALUES (?, ?, ?, ?, ?, 'running')");
        storage::bind_all(insert, p->municipality_id, p->caseworker_id, p->created_at,
                          static_cast<std::int64_t>(p->seed), size);
        insert.exec();
        return db.getLastInsertRowid();
      });
  auto id = co_await std::move(storing);
  KREDS_CO_RETURN_IF_ERROR(id);
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
  co_return proposal_json(*proposal, ctx_.taxonomy(), language);
}

result<json::object> proposal_manager::view(const caller& who, std::int64_t id, const std::string& language) {
  auto proposal = find(who, id);
  if (!proposal) return kreds::error{errc::not_found, "no such proposal (proposals end with a server restart)"};
  std::lock_guard lock(proposal->mutex);
  return proposal_json(*proposal, ctx_.taxonomy(), language);
}

result<json::object> proposal_manager::cancel(const caller& who, std::int64_t id, const std::string& language) {
  auto proposal = find(who, id);
  if (!proposal) return kreds::error{errc::not_found, "no such proposal"};
  proposal->stop.request_stop();
  record(id, who.account_id, "cancel", {});
  std::lock_guard lock(proposal->mutex);
  return proposal_json(*proposal, ctx_.taxonomy(), language);
}

namespace {

proposed_network* network_by_key(proposal_manager::state& proposal, std::int64_t key) {
  auto it =
      std::find_if(proposal.networks.begin(), proposal.networks.end(), [&](const auto& n) { return n.key == key; });
  return it == proposal.networks.end() ? nullptr : &*it;
}

proposed_network* network_of(proposal_manager::state& proposal, seeker_id who) {
  for (auto& n : proposal.networks) {
    if (std::find(n.members.begin(), n.members.end(), who) != n.members.end()) return &n;
  }
  return nullptr;
}

// Takes a seeker out of wherever the proposal has them (a network, the left
// out, the excluded); returns the network they left, if any.
proposed_network* take_out(proposal_manager::state& proposal, seeker_id who) {
  auto* from = network_of(proposal, who);
  if (from) {
    std::erase(from->members, who);
    from->pinned.erase(who);
  }
  std::erase_if(proposal.left_out, [&](const auto& u) { return u.seeker == who; });
  proposal.excluded.erase(who);
  return from;
}

// "lock" / "unlock": {"network": key}.
result<void> change_lock(proposal_manager::state& proposal, const std::string& action, const json::object& body,
                         json::object& detail) {
  auto key = integer_field(body, "network", 1, 1'000'000);
  KREDS_RETURN_IF_ERROR(key);
  auto* network = network_by_key(proposal, *key);
  if (!network)
    return kreds::error{errc::not_found, "no network " + std::to_string(*key) + " in this proposal", "network"};
  network->locked = action == "lock";
  detail["network"] = *key;
  return {};
}

// "move": {"seeker_id", "to_network"}; the seeker leaves their network.
result<void> move_member(proposal_manager::state& proposal, seeker_id who, proposed_network* current,
                         const json::object& body, const matching::options& options, json::object& detail) {
  auto key = integer_field(body, "to_network", 1, 1'000'000);
  KREDS_RETURN_IF_ERROR(key);
  auto* target = network_by_key(proposal, *key);
  if (!target)
    return kreds::error{errc::not_found, "no network " + std::to_string(*key) + " in this proposal", "to_network"};
  if (target->locked) return kreds::error{errc::conflict, "unlock the network first: it is locked", "to_network"};
  if (target == current) return kreds::error{errc::conflict, "the seeker is already in that network", "to_network"};
  auto* from = take_out(proposal, who);
  target->members.push_back(who);
  evaluate(*target, proposal.pool, options);
  if (from) evaluate(*from, proposal.pool, options);
  detail["to_network"] = *key;
  return {};
}

// "move", "exclude", "include", "pin", "unpin": {"seeker_id", ...}.
result<void> change_member(proposal_manager::state& proposal, const std::string& action, const json::object& body,
                           const matching::options& options, json::object& detail) {
  auto seeker = integer_field(body, "seeker_id", 1, std::numeric_limits<std::int64_t>::max());
  KREDS_RETURN_IF_ERROR(seeker);
  const auto who = static_cast<seeker_id>(*seeker);
  if (!proposal.seeker(who))
    return kreds::error{errc::not_found, "this seeker is not in the proposal's pool", "seeker_id"};
  detail["seeker_id"] = *seeker;
  auto* current = network_of(proposal, who);
  if ((action == "move" || action == "exclude") && current && current->locked) {
    return kreds::error{errc::conflict, "unlock the network first: it is locked", "seeker_id"};
  }
  if (action == "move") return move_member(proposal, who, current, body, options, detail);
  if (action == "exclude") {
    auto* from = take_out(proposal, who);
    proposal.excluded.insert(who);
    if (from) evaluate(*from, proposal.pool, options);
  } else if (action == "include") {
    if (!proposal.excluded.count(who)) return kreds::error{errc::conflict, "the seeker is not excluded", "seeker_id"};
    proposal.excluded.erase(who);
    proposal.left_out.push_back({who, matching::unplaced_reason::no_fitting_network,
                                 "included again by the caseworker; not placed until a move or a re-run", 0});
  } else {
    if (!current) return kreds::error{errc::conflict, "only members of a proposed network can be pinned", "seeker_id"};
    if (action == "pin") {
      current->pinned.insert(who);
    } else {
      current->pinned.erase(who);
    }
  }
  return {};
}

}  // namespace

result<json::object> proposal_manager::change(const caller& who, std::int64_t id, const json::object& body,
                                              const std::string& language) {
  auto proposal = find(who, id);
  if (!proposal) return kreds::error{errc::not_found, "no such proposal"};
  if (auto known = only_fields(body, {"action", "seeker_id", "to_network", "network"}); !known)
    return std::move(known).err();
  auto action = string_field(body, "action", 1, 20);
  KREDS_RETURN_IF_ERROR(action);
  std::lock_guard lock(proposal->mutex);
  if (proposal->status != state::ready && proposal->status != state::cancelled) {
    return kreds::error{errc::conflict, "the proposal can be changed only when it is ready (it is " +
                                            status_name(proposal->status) + ")"};
  }
  static const std::set<std::string> actions{"move", "exclude", "include", "lock", "unlock", "pin", "unpin"};
  if (!actions.count(*action)) {
    return kreds::error{errc::invalid_field, "action must be move, exclude, include, lock, unlock, pin or unpin",
                        "action"};
  }
  json::object detail{{"action", *action}};
  auto changed =
      *action == "lock" || *action == "unlock"
          ? change_lock(*proposal, *action, body, detail)
          : change_member(*proposal, *action, body, engine_options(proposal->municipality_id, proposal->seed), detail);
  KREDS_RETURN_IF_ERROR(changed);
  std::erase_if(proposal->networks, [](const auto& n) { return n.members.empty(); });
  record(id, who.account_id, *action, detail);
  return proposal_json(*proposal, ctx_.taxonomy(), language);
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
  co_return proposal_json(*proposal, ctx_.taxonomy(), language);
}

namespace {

struct new_member {
  std::int64_t account;
  std::string why_da, why_en;
};

struct new_network {
  int key;
  std::string language;
  std::vector<new_member> members;
};

// The networks a confirmation creates (two members or more), each member with
// the reason they were grouped, in both languages. Called under the lock.
std::vector<new_network> networks_to_create(const proposal_manager::state& proposal,
                                            const matching::title_lookup& titles) {
  std::vector<new_network> creating;
  for (const auto& network : proposal.networks) {
    if (network.members.size() < 2) continue;
    new_network created{
        network.key, network.computed.working_language.empty() ? "da" : network.computed.working_language, {}};
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
  return creating;
}

// On the writer: one network with its members; fails (and the savepoint
// rolls all of the confirmation back) when a member can no longer take part.
result<json::object> store_network(SQLite::Database& db, const new_network& network, const caller& who,
                                   std::int64_t proposal_id, const std::string& now, int minutes) {
  SQLite::Statement insert(db,
                           "INSERT INTO network (municipality_id, facilitator_id, proposal_id, working_language, "
                           "created_at) VALUES (?, ?, ?, ?, ?)");
  storage::bind_all(insert, who.municipality_id, who.account_id, proposal_id, network.language, now);
  insert.exec();
  const auto network_id = db.getLastInsertRowid();
  record_staff_time(db, who, std::nullopt, network_id, "formation", minutes, now);
  json::array members;
  for (const auto& member : network.members) {
    SQLite::Statement join(db,
                           "INSERT INTO network_member (network_id, account_id, municipality_id, joined_at, why_da, "
                           "why_en) SELECT ?, id, municipality_id, ?, ?, ? FROM account WHERE id = ? AND "
                           "municipality_id = ? AND role = 'seeker' AND active = 1");
    storage::bind_all(join, network_id, now, member.why_da, member.why_en, member.account, who.municipality_id);
    if (join.exec() == 0) {
      return kreds::error{errc::conflict, "seeker " + std::to_string(member.account) +
                                              " can no longer take part; exclude them and confirm again"};
    }
    members.push_back(member.account);
  }
  return json::object{{"id", network_id}, {"members", std::move(members)}};
}

// On the writer: every network, then the proposal marked confirmed and the
// event in its history.
result<json::array> store_confirmation(SQLite::Database& db, const std::vector<new_network>& creating,
                                       const caller& who, std::int64_t proposal_id, const std::string& now,
                                       int minutes) {
  json::array out;
  for (const auto& network : creating) {
    auto stored = store_network(db, network, who, proposal_id, now, minutes);
    KREDS_RETURN_IF_ERROR(stored);
    out.push_back(std::move(*stored));
  }
  SQLite::Statement done(db, "UPDATE matching_proposal SET status = 'confirmed', confirmed_at = ? WHERE id = ?");
  storage::bind_all(done, now, proposal_id);
  done.exec();
  SQLite::Statement event(db,
                          "INSERT INTO matching_proposal_event (proposal_id, at, actor_id, kind, detail) "
                          "VALUES (?, ?, ?, 'confirm', ?)");
  storage::bind_all(event, proposal_id, now, who.account_id, json_text(json::object{{"networks", out.size()}}));
  event.exec();
  return out;
}

// After the commit: each member joins their network's topic and is told.
void announce_networks(context& ctx, const std::vector<new_network>& creating, const json::array& stored) {
  for (std::size_t i = 0; i < stored.size(); ++i) {
    const auto network_id = stored[i].as_object().at("id").as_int64();
    for (const auto& member : creating[i].members) {
      ctx.connections().subscribe_account(member.account, "network:" + std::to_string(network_id), ctx.hub());
      ctx.hub().publish("account:" + std::to_string(member.account),
                        std::make_shared<const std::string>(serialize_message(
                            "network.joined", {},
                            json::object{{"network_id", network_id},
                                         {"why", json::object{{"da", member.why_da}, {"en", member.why_en}}}})));
    }
  }
}

}  // namespace

boost::asio::awaitable<result<json::object>> proposal_manager::confirm(const caller& who, std::int64_t id) {
  auto proposal = find(who, id);
  if (!proposal) co_return kreds::error{errc::not_found, "no such proposal"};
  std::vector<new_network> creating;
  {
    std::lock_guard lock(proposal->mutex);
    if (proposal->status != state::ready && proposal->status != state::cancelled) {
      co_return kreds::error{errc::conflict,
                             "only a ready proposal can be confirmed (it is " + status_name(proposal->status) + ")"};
    }
    creating = networks_to_create(*proposal, titles_of(ctx_.taxonomy()));
    proposal->status = state::confirmed;  // no second confirmation while this one is stored
  }
  auto storing = write_db<json::array>(
      ctx_.writer(), [creating, who, id, now = to_iso(ctx_.now()), minutes = ctx_.settings().staff_time.formation](
                         SQLite::Database& db) { return store_confirmation(db, creating, who, id, now, minutes); });
  auto stored = co_await std::move(storing);
  if (!stored) {
    std::lock_guard lock(proposal->mutex);
    proposal->status = state::ready;  // nothing was created; the caseworker can adjust and retry
    co_return std::move(stored).err();
  }
  announce_networks(ctx_, creating, *stored);
  log_info({}, "proposal {}: confirmed by account {}, {} networks created", id, who.account_id, stored->size());
  co_return json::object{{"networks", std::move(*stored)}};
}

json::object proposal_json(const proposal_manager::state& p, const taxonomy::taxonomy& taxonomy,
                           const std::string& language) {
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
