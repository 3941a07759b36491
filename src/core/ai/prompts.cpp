#include "core/ai/prompts.hpp"

#include <cstdio>

#include "crm/money.hpp"
#include "crm/time.hpp"

namespace crm::ai_prompts {
namespace {

constexpr std::size_t kMaxNote = 500;
constexpr std::size_t kMaxEntryData = 300;

std::string cut(std::string_view s, std::size_t max) {
  if (s.size() <= max) return std::string(s);
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;  // whole UTF-8
  return std::string(s.substr(0, end)) + "...";
}

void line(std::string& out, std::string_view label, const std::optional<std::string>& value) {
  if (value && !value->empty())
    out.append("  ").append(label).append(": ").append(*value).append("\n");
}

std::string task(AiAction action, AiChannel channel) {
  switch (action) {
    case AiAction::kDraft:
      return channel == AiChannel::kSms
                 ? "Draft the next text message (SMS) from the rep to the contact. Plain text, at "
                   "most 300 characters, friendly and direct, one clear call to action, no links "
                   "that are not in the facts. Reply with the message only."
                 : "Draft the next email from the rep to the contact. First line \"Subject: ...\", "
                   "then the body: under 150 words, friendly and direct, one clear call to action, "
                   "signed with the rep's name. Reply with the email only.";
    case AiAction::kSummarize:
      return "Summarize this lead for a sales rep in 3 to 5 short bullet points: who they are, "
             "where the deal stands, what happened last, and what is still open.";
    case AiAction::kSuggest:
      return "Suggest the single best next action for this lead (call, email, text, a task, or "
             "closing it), when to do it, and one sentence of reasoning.";
  }
  return "";
}

}  // namespace

std::vector<providers::ChatMessage> build(AiAction action, AiChannel channel, const LeadFacts& f) {
  std::string system =
      "You are a sales assistant inside a CRM used by a small B2B sales team. Use only the facts "
      "you are given; never invent prices, discounts, dates, names or commitments. If a fact you "
      "need is missing, say so briefly. ";
  system += task(action, channel);

  std::string facts = "Lead:\n";
  line(facts, "stage", std::string(to_string(f.lead.stage)));
  if (f.lead.stage_changed_at) line(facts, "stage since", format_iso(*f.lead.stage_changed_at));
  line(facts, "source", f.lead.source);
  line(facts, "campaign", f.lead.source_campaign);
  if (f.lead.estimated_revenue)
    line(facts, "estimated revenue", "$" + format_money(*f.lead.estimated_revenue));
  if (f.lead.estimated_units)
    line(facts, "estimated units", std::to_string(*f.lead.estimated_units));
  line(facts, "lost reason", f.lead.lost_reason);
  if (f.lead.is_dnc) line(facts, "do not contact", std::string("yes"));
  line(facts, "created", format_iso(f.lead.created_at));

  facts += "Contact:\n";
  line(facts, "name", f.contact.full_name);
  line(facts, "title", f.contact.title);
  line(facts, "email", f.contact.email);
  if (f.contact.email) line(facts, "email status", f.contact.email_status);
  line(facts, "phone", f.contact.phone_e164);
  if (f.contact.phone_e164) line(facts, "phone type", f.contact.phone_type);

  if (f.company) {
    const Company& c = *f.company;
    facts += "Company:\n";
    line(facts, "name", c.name);
    line(facts, "business", c.business_label ? c.business_label : c.industry);
    line(facts, "status", std::string(to_string(c.status)));
    line(facts, "website", c.website);
    line(facts, "description",
         c.description ? std::optional(cut(*c.description, kMaxNote)) : std::nullopt);
    if (c.google_rating) {
      char rating[16];
      std::snprintf(rating, sizeof rating, "%.1f", *c.google_rating);
      line(facts, "Google rating",
           rating + (c.google_review_count
                         ? " (" + std::to_string(*c.google_review_count) + " reviews)"
                         : std::string()));
    }
  }
  if (!f.timeline.empty()) {
    facts += "Recent timeline (newest first):\n";
    for (const auto& e : f.timeline)
      facts += "  - " + format_iso(e.at) + " " + e.type + " " + cut(e.data, kMaxEntryData) + "\n";
  }
  if (!f.notes.empty()) {
    facts += "Notes (newest first):\n";
    for (const auto& n : f.notes)
      facts += "  - " + format_iso(n.at) + " " + cut(n.body, kMaxNote) + "\n";
  }
  if (!f.rep_name.empty()) facts += "Rep: " + f.rep_name + "\n";
  return {{"system", system}, {"user", facts}};
}

}  // namespace crm::ai_prompts
