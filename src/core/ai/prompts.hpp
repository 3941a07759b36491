#pragma once
// The chat messages of POST /api/ai, built from a lead's record and recent timeline. Pure.

#include <optional>
#include <string>
#include <vector>

#include "crm/ai.hpp"
#include "crm/companies.hpp"
#include "crm/ports/providers.hpp"
#include "crm/records.hpp"

namespace crm::ai_prompts {

struct TimelineEntry {
  std::string type;
  std::string data;  // JSON text
  TimeMs at = 0;
};

struct Note {
  std::string body;
  TimeMs at = 0;
};

// What the model may know about the lead: nothing else reaches it.
struct LeadFacts {
  Lead lead;
  Contact contact;
  std::optional<Company> company;
  std::vector<TimelineEntry> timeline;  // newest first
  std::vector<Note> notes;              // newest first
  std::string rep_name;                 // the user asking, who signs drafts
};

// A system message with the task (draft for the channel, summarize, suggest) and the rules
// (use only the facts given, no invented prices or promises), then a user message with the
// facts. Long texts are cut so a prompt stays small.
std::vector<providers::ChatMessage> build(AiAction action, AiChannel channel,
                                          const LeadFacts& facts);

}  // namespace crm::ai_prompts
