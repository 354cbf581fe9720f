#include "application/application.hpp"

#include "features/accounts/routes.hpp"
#include "features/chat/routes.hpp"
#include "features/common/routes.hpp"
#include "features/dashboard/routes.hpp"
#include "features/followup/alerts.hpp"
#include "features/followup/routes.hpp"
#include "features/network_life/routes.hpp"
#include "features/networks/proposals.hpp"
#include "features/networks/routes.hpp"
#include "features/privacy/retention.hpp"
#include "features/privacy/routes.hpp"
#include "features/profiles/routes.hpp"
#include "features/settings/routes.hpp"
#include "platform/context.hpp"
#include "platform/periodic_task.hpp"

namespace kreds {

result<std::unique_ptr<application>> application::open(platform::config settings,
                                                       std::shared_ptr<const taxonomy::taxonomy> loaded,
                                                       kreds::clock now) {
  std::unique_ptr<application> app(new application());
  auto ctx = platform::context::open(std::move(settings), std::move(loaded), std::move(now));
  KREDS_RETURN_IF_ERROR(ctx);
  app->context_ = std::move(*ctx);
  app->proposals_ = std::make_unique<features::proposal_manager>(*app->context_);
  app->register_features();

  auto& context = *app->context_;
  app->signals_ =
      std::make_unique<platform::periodic_task>(std::chrono::seconds(context.settings().signals.evaluate_every_seconds),
                                                [&context] { features::evaluate_signals_now(context).wait(); });
  app->retention_ =
      std::make_unique<platform::periodic_task>(std::chrono::hours(context.settings().retention.run_every_hours),
                                                [&context] { features::run_retention_now(context).wait(); });
  app->sessions_ =
      std::make_unique<platform::periodic_task>(context.settings().limits.session_sweep_interval, [&context] {
        context.sessions().sweep([&context](std::vector<platform::token_hash> ended) {
          for (const auto& session : ended) context.connections().close_session(session);
        });
      });
  return app;
}

application::~application() { stop(); }

void application::stop() {
  if (signals_) signals_->stop();
  if (retention_) retention_->stop();
  if (sessions_) sessions_->stop();
  if (proposals_) proposals_->stop();
  if (context_) context_->stop();
}

// Every feature, in the order of the README's feature list.
void application::register_features() {
  using namespace features;
  auto& ctx = *context_;
  auto& api = ctx.api();
  auto& messages = ctx.messages();

  register_account_routes(ctx, api);
  register_password_routes(ctx, api);
  register_profile_routes(ctx, api);
  register_taxonomy_routes(ctx, api);
  register_network_routes(ctx, api, *proposals_);
  register_membership_messages(ctx, messages);
  register_chat_messages(ctx, messages);
  register_chat_connection_hooks(ctx, ctx.hooks());
  register_visit_messages(ctx, messages);
  register_lead_messages(ctx, messages);
  register_goal_messages(ctx, messages);
  register_buddy_messages(ctx, messages);
  register_meeting_messages(ctx, messages);
  register_meeting_routes(ctx, api);
  register_outcome_messages(ctx, messages);
  register_help_messages(ctx, messages);
  register_triage_routes(ctx, api);
  register_case_outcome_routes(ctx, api);
  register_alert_routes(ctx, api);
  register_portfolio_routes(ctx, api);
  register_staff_time_routes(ctx, api);
  register_privacy_routes(ctx, api);
  register_pilot_settings_routes(ctx, api);
  register_dashboard_routes(ctx, api);
}

}  // namespace kreds
