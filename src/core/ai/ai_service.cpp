// AiService: read the lead's facts, call the chat model outside any transaction, return its text.
#include "core/ai/prompts.hpp"
#include "core/companies/company_repo.hpp"
#include "core/contacts/contact_store.hpp"
#include "core/leads/lead_store.hpp"
#include "core/runtime.hpp"
#include "core/util/text.hpp"
#include "crm/ai.hpp"
#include "crm/error.hpp"

namespace crm {
namespace {

constexpr int kTimelineEntries = 20;
constexpr int kNotes = 5;

ai_prompts::LeadFacts load(detail::Runtime& rt, const Actor& actor, std::string_view lead_id) {
  auto tx = rt.db->read();
  auto& conn = tx->connection();
  ai_prompts::LeadFacts f{lead_store::require_visible(conn, actor, lead_id), {}, {}, {}, {}, {}};
  const auto contact = contact_store::find(conn, f.lead.contact_id);
  if (!contact) throw Error::internal("lead without contact");
  f.contact = *contact;
  if (f.lead.company_id) f.company = company_repo::require_visible(conn, actor, *f.lead.company_id);
  f.timeline = conn.query(
                       "SELECT type, data, created_at FROM activities WHERE lead_id = ? "
                       "ORDER BY created_at DESC, id DESC LIMIT " +
                           std::to_string(kTimelineEntries),
                       f.lead.id)
                   .map([](const sql::Row& r) {
                     return ai_prompts::TimelineEntry{r.text("type"), r.text("data"),
                                                      r.integer("created_at")};
                   });
  if (f.lead.company_id)
    f.notes = conn.query(
                      "SELECT body, created_at FROM notes WHERE company_id = ? "
                      "ORDER BY created_at DESC, id DESC LIMIT " +
                          std::to_string(kNotes),
                      *f.lead.company_id)
                  .map([](const sql::Row& r) {
                    return ai_prompts::Note{r.text("body"), r.integer("created_at")};
                  });
  const auto rep =
      conn.query("SELECT first_name, last_name FROM users WHERE id = ?", actor.user_id);
  if (!rep.empty())
    f.rep_name = text::trim(rep.first().text("first_name") + " " + rep.first().text("last_name"));
  return f;
}

}  // namespace

std::string_view to_string(AiAction a) {
  switch (a) {
    case AiAction::kDraft:
      return "draft";
    case AiAction::kSummarize:
      return "summarize";
    case AiAction::kSuggest:
      return "suggest";
  }
  return "summarize";
}

std::optional<AiAction> parse_ai_action(std::string_view text) {
  for (AiAction a : {AiAction::kDraft, AiAction::kSummarize, AiAction::kSuggest})
    if (to_string(a) == text) return a;
  return std::nullopt;
}

std::string_view to_string(AiChannel c) { return c == AiChannel::kSms ? "SMS" : "EMAIL"; }

std::optional<AiChannel> parse_ai_channel(std::string_view text) {
  const std::string key = text::lower(text);
  if (key == "sms") return AiChannel::kSms;
  if (key == "email") return AiChannel::kEmail;
  return std::nullopt;
}

AiService::AiService(detail::Runtime& rt) : rt_(rt) {}

std::string AiService::assist(const Actor& actor, const AiRequest& request) {
  const auto& model = rt_.options.providers.chat;
  if (!model) throw Error(ErrorCode::kNotConfigured, "AI is not configured (AI_API_KEY)");
  const auto facts = load(rt_, actor, request.lead_id);
  const auto messages =
      ai_prompts::build(request.action, request.channel.value_or(AiChannel::kEmail), facts);
  std::string text = text::trim(model->complete(messages));
  if (text.empty()) throw Error(ErrorCode::kUpstream, "AI: the model returned no text");
  return text;
}

}  // namespace crm
