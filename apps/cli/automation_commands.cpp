// crm tags list, crm leads tag|untag LEAD_ID SLUG, crm sequences list|show SLUG,
// crm runs list, crm tasks list: sales automation from the command line (DOMAIN.md §7-§9).
#include <cstdio>
#include <iostream>

#include "adapters/rest/codecs/automation_codecs.hpp"
#include "adapters/rest/codecs/codecs.hpp"
#include "adapters/rest/handler_kit.hpp"
#include "cli_output.hpp"
#include "commands.hpp"

namespace crm::cli {
namespace {

struct PageOptions {
  int page = 1;
  int limit = 50;
  PageRequest request() const {
    return parse_page_request(std::to_string(page), std::to_string(limit));
  }
};

void add_page_options(CLI::App* cmd, PageOptions& o) {
  cmd->add_option("--page", o.page)->capture_default_str();
  cmd->add_option("--limit", o.limit, "1..100")->capture_default_str();
}

std::string when(const std::optional<TimeMs>& t) { return t ? format_iso(*t) : "-"; }

void print_tags(CliContext& ctx, const std::vector<TagSummary>& tags) {
  if (ctx.json()) return ctx.print_json(rest::to_array(tags, rest::codec::tag_summary));
  for (const auto& t : tags) std::printf("%-24s %s\n", t.slug.c_str(), t.name.c_str());
}

void add_tag_list(CLI::App& app, Action& selected) {
  struct Options {
    std::optional<std::string> category;
    bool all = false;
  };
  auto o = std::make_shared<Options>();
  auto* tags = app.add_subcommand("tags", "Tags")->require_subcommand(1)->fallthrough();
  auto* list = tags->add_subcommand("list", "List tags by sort order");
  list->add_option("--category", o->category, "ICP, PRECALL, SPOKE, OUTCOME, CUSTOM");
  list->add_flag("--all", o->all, "Inactive tags too");
  list->callback([o, &selected] {
    selected = [o](CliContext& ctx) {
      TagQuery q;
      q.category = parse_enum_flag<TagCategory>(o->category, "category", parse_tag_category);
      q.active = o->all ? ActiveFilter::kAll : ActiveFilter::kActive;
      const auto tags = ctx.engine().tags().list(q);
      if (ctx.json()) return ctx.print_json(rest::to_array(tags, rest::codec::tag));
      std::printf("%-24s %-26s %-8s %-6s %s\n", "SLUG", "NAME", "CATEGORY", "ACTIVE", "SYSTEM");
      for (const Tag& t : tags)
        std::printf("%-24.24s %-26.26s %-8s %-6s %s\n", t.slug.c_str(), t.name.c_str(),
                    std::string(to_string(t.category)).c_str(), t.is_active ? "yes" : "no",
                    t.is_system ? "yes" : "no");
    };
  });
}

// crm leads tag / untag: on the `leads` command of record_commands.cpp.
void add_lead_tagging(CLI::App& app, Action& selected) {
  struct Options {
    std::string lead_id, slug;
  };
  auto* leads = app.get_subcommand("leads");
  auto tag_opts = std::make_shared<Options>();
  auto* tag = leads->add_subcommand("tag", "Apply a tag to a lead, with every side effect");
  tag->add_option("lead_id", tag_opts->lead_id, "Lead id")->required();
  tag->add_option("slug", tag_opts->slug, "Tag slug")->required();
  tag->callback([tag_opts, &selected] {
    selected = [o = tag_opts](CliContext& ctx) {
      const auto r = ctx.engine().tags().apply(ctx.actor(), o->lead_id, o->slug);
      if (ctx.json()) {
        boost::json::object out{{"data", rest::to_array(r.tags, rest::codec::tag_summary)},
                                {"applied", r.applied}};
        if (r.run)
          out["run"] = boost::json::object{{"id", r.run->id},
                                           {"status", r.run->status},
                                           {"nextRunAt", rest::opt_iso(r.run->next_run_at)}};
        return ctx.print_json(out);
      }
      std::cout << (r.applied ? "applied " : "already active: ") << o->slug << "\n";
      if (r.run)
        std::cout << "sequence run " << r.run->id << " next step at " << when(r.run->next_run_at)
                  << "\n";
      print_tags(ctx, r.tags);
    };
  });
  auto untag_opts = std::make_shared<Options>();
  auto* untag = leads->add_subcommand("untag", "Remove an active tag from a lead");
  untag->add_option("lead_id", untag_opts->lead_id, "Lead id")->required();
  untag->add_option("slug", untag_opts->slug, "Tag slug")->required();
  untag->callback([untag_opts, &selected] {
    selected = [o = untag_opts](CliContext& ctx) {
      const auto tags = ctx.engine().tags().remove_from_lead(ctx.actor(), o->lead_id, o->slug);
      if (!ctx.json()) std::cout << "removed " << o->slug << "\n";
      print_tags(ctx, tags);
    };
  });
}

void print_definition(const SequenceDefinition& d) {
  std::printf("%s  %s  (%s, %lld active runs)\n", d.tag_slug.c_str(), d.name.c_str(),
              d.is_active ? "active" : "inactive", static_cast<long long>(d.active_runs));
  if (d.description) std::printf("  %s\n", d.description->c_str());
  for (const SequenceStep& s : d.steps) {
    std::printf("  %d. +%lld min %-11s %s", s.step_number, static_cast<long long>(s.delay_minutes),
                std::string(to_string(s.action)).c_str(),
                s.template_slug ? s.template_slug->c_str()
                : s.task        ? s.task->title.c_str()
                                : "");
    for (const SequenceBranch& b : s.branches)
      std::printf("  [%s -> %s]", std::string(to_string(b.when)).c_str(),
                  b.go_to == 0 ? "end" : std::to_string(b.go_to).c_str());
    std::printf("\n");
  }
}

void add_sequence_commands(CLI::App& app, Action& selected) {
  auto* seqs =
      app.add_subcommand("sequences", "Sequence definitions")->require_subcommand(1)->fallthrough();
  seqs->add_subcommand("list", "List sequences with their active runs")->callback([&selected] {
    selected = [](CliContext& ctx) {
      const auto defs = ctx.engine().sequences().list();
      if (ctx.json()) return ctx.print_json(rest::to_array(defs, rest::codec::sequence_definition));
      std::printf("%-24s %-28s %-8s %-6s %s\n", "TAG", "NAME", "ACTIVE", "STEPS", "ACTIVE RUNS");
      for (const auto& d : defs)
        std::printf("%-24.24s %-28.28s %-8s %-6zu %lld\n", d.tag_slug.c_str(), d.name.c_str(),
                    d.is_active ? "yes" : "no", d.steps.size(),
                    static_cast<long long>(d.active_runs));
    };
  });
  auto slug = std::make_shared<std::string>();
  auto* show = seqs->add_subcommand("show", "Show a sequence and its steps");
  show->add_option("slug", *slug, "Tag slug")->required();
  show->callback([slug, &selected] {
    selected = [slug](CliContext& ctx) {
      const auto d = ctx.engine().sequences().get(*slug);
      if (ctx.json()) return ctx.print_json(rest::codec::sequence_definition(d));
      print_definition(d);
    };
  });
}

void add_run_commands(CLI::App& app, Action& selected) {
  struct Options : PageOptions {
    std::optional<std::string> status, tag, lead;
  };
  auto o = std::make_shared<Options>();
  auto* runs = app.add_subcommand("runs", "Sequence runs")->require_subcommand(1)->fallthrough();
  auto* list = runs->add_subcommand("list", "List runs, newest first");
  list->add_option("--status", o->status, "ACTIVE, PAUSED, COMPLETED, CANCELED");
  list->add_option("--tag", o->tag, "Tag slug of the sequence");
  list->add_option("--lead", o->lead, "Lead id");
  add_page_options(list, *o);
  list->callback([o, &selected] {
    selected = [o](CliContext& ctx) {
      RunQuery q;
      q.status = parse_enum_flag<RunStatus>(o->status, "status", parse_run_status);
      q.tag_slug = o->tag;
      q.lead_id = o->lead;
      q.page = o->request();
      const auto page = ctx.engine().sequences().list_runs(ctx.actor(), q);
      if (ctx.json()) return print_page_json(ctx, page, rest::codec::run_view);
      std::printf("%-26s %-18s %-9s %-4s %-24s %-18s %s\n", "ID", "TAG", "STATUS", "STEP",
                  "NEXT RUN AT", "END REASON", "LEAD");
      for (const auto& v : page.items)
        std::printf("%-26s %-18.18s %-9s %-4d %-24s %-18s %s (%s)\n", v.run.id.c_str(),
                    v.run.tag_slug.c_str(), std::string(to_string(v.run.status)).c_str(),
                    v.run.current_step, when(v.run.next_run_at).c_str(),
                    v.run.end_reason.value_or("").c_str(), v.lead.id.c_str(),
                    v.contact.full_name.c_str());
      print_page_footer(page.info);
    };
  });
}

void add_task_commands(CLI::App& app, Action& selected) {
  struct Options : PageOptions {
    bool mine = false;
    std::optional<std::string> completed;
  };
  auto o = std::make_shared<Options>();
  auto* tasks = app.add_subcommand("tasks", "Tasks")->require_subcommand(1)->fallthrough();
  auto* list = tasks->add_subcommand("list", "List tasks by due date");
  list->add_flag("--mine", o->mine, "Only the acting user's tasks");
  list->add_option("--completed", o->completed, "true or false (default: both)");
  add_page_options(list, *o);
  list->callback([o, &selected] {
    selected = [o](CliContext& ctx) {
      TaskQuery q;
      q.mine = o->mine;
      if (o->completed) {
        if (*o->completed != "true" && *o->completed != "false")
          throw Error::invalid("--completed must be true or false");
        q.completed = *o->completed == "true";
      }
      q.page = o->request();
      const auto page = ctx.engine().tasks().list(ctx.actor(), q);
      if (ctx.json()) return print_page_json(ctx, page, rest::codec::task_view);
      std::printf("%-26s %-24s %-9s %-7s %-4s %-28s %s\n", "ID", "DUE", "TYPE", "PRIO", "DONE",
                  "TITLE", "LEAD");
      for (const auto& v : page.items)
        std::printf("%-26s %-24s %-9s %-7s %-4s %-28.28s %s\n", v.task.id.c_str(),
                    when(v.task.due_at).c_str(), v.task.task_type.c_str(), v.task.priority.c_str(),
                    v.task.is_completed ? "yes" : "no", v.task.title.c_str(),
                    v.lead ? v.lead->contact_name.c_str() : "");
      print_page_footer(page.info);
    };
  });
}

}  // namespace

void add_automation_commands(CLI::App& app, Action& selected) {
  add_tag_list(app, selected);
  add_lead_tagging(app, selected);
  add_sequence_commands(app, selected);
  add_run_commands(app, selected);
  add_task_commands(app, selected);
}

}  // namespace crm::cli
