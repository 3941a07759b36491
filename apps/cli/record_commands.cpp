// crm companies|contacts|leads list, crm leads stage ID STAGE
#include <cstdio>
#include <iostream>

#include "adapters/rest/codecs/codecs.hpp"
#include "adapters/rest/handler_kit.hpp"
#include "cli_output.hpp"
#include "commands.hpp"

namespace crm::cli {
namespace {

struct ListOptions {
  std::optional<std::string> search;
  std::optional<std::string> status;
  std::optional<std::string> stage;
  std::optional<std::string> source;
  std::optional<std::string> company_id;
  int page = 1;
  int limit = 50;
  PageRequest page_request() const {
    return parse_page_request(std::to_string(page), std::to_string(limit));
  }
};

CLI::App* add_list_options(CLI::App* cmd, ListOptions& o) {
  cmd->add_option("--search", o.search, "Case-insensitive search");
  cmd->add_option("--page", o.page)->capture_default_str();
  cmd->add_option("--limit", o.limit, "1..100")->capture_default_str();
  return cmd;
}

}  // namespace

void add_record_commands(CLI::App& app, Action& selected) {
  auto companies = app.add_subcommand("companies", "Companies")->require_subcommand(1);
  auto company_opts = std::make_shared<ListOptions>();
  auto* cl = add_list_options(companies->add_subcommand("list", "List companies"), *company_opts);
  cl->add_option("--status", company_opts->status,
                 "LEAD, CUSTOMER, PARTNER, CONTACT, INACTIVE, DEAD");
  cl->callback([company_opts, &selected] {
    selected = [o = company_opts](CliContext& ctx) {
      CompanyQuery q;
      q.search = o->search;
      q.status = parse_enum_flag<CompanyStatus>(o->status, "status", parse_company_status);
      q.page = o->page_request();
      const auto page = ctx.engine().companies().list(ctx.actor(), q);
      if (ctx.json())
        return print_page_json(ctx, page, [](const CompanyListItem& i) {
          auto obj = rest::codec::company(i.company);
          obj["lifetimeValue"] = rest::money(i.lifetime_value);
          obj["activeDeals"] = i.active_deals;
          return obj;
        });
      std::printf("%-26s %-36s %-9s %s\n", "ID", "NAME", "STATUS", "ACTIVE DEALS");
      for (const auto& i : page.items)
        std::printf("%-26s %-36.36s %-9s %lld\n", i.company.id.c_str(), i.company.name.c_str(),
                    std::string(to_string(i.company.status)).c_str(),
                    static_cast<long long>(i.active_deals));
      print_page_footer(page.info);
    };
  });

  auto contacts = app.add_subcommand("contacts", "Contacts")->require_subcommand(1);
  auto contact_opts = std::make_shared<ListOptions>();
  auto* ctl = add_list_options(contacts->add_subcommand("list", "List contacts"), *contact_opts);
  ctl->add_option("--company-id", contact_opts->company_id);
  ctl->callback([contact_opts, &selected] {
    selected = [o = contact_opts](CliContext& ctx) {
      ContactQuery q;
      q.search = o->search;
      q.company_id = o->company_id;
      q.page = o->page_request();
      const auto page = ctx.engine().contacts().list(ctx.actor(), q);
      if (ctx.json())
        return print_page_json(
            ctx, page, [](const ContactListItem& i) { return rest::codec::contact(i.contact); });
      std::printf("%-26s %-28s %-32s %s\n", "ID", "NAME", "EMAIL", "PHONE");
      for (const auto& i : page.items)
        std::printf("%-26s %-28.28s %-32.32s %s\n", i.contact.id.c_str(),
                    i.contact.full_name.c_str(), i.contact.email.value_or("").c_str(),
                    i.contact.phone_e164.value_or("").c_str());
      print_page_footer(page.info);
    };
  });

  auto leads = app.add_subcommand("leads", "Leads")->require_subcommand(1);
  auto lead_opts = std::make_shared<ListOptions>();
  auto* ll = add_list_options(leads->add_subcommand("list", "List leads"), *lead_opts);
  ll->add_option("--stage", lead_opts->stage, "NEW_LEAD, CONTACTED, ... BOGUS");
  ll->add_option("--source", lead_opts->source);
  ll->callback([lead_opts, &selected] {
    selected = [o = lead_opts](CliContext& ctx) {
      LeadQuery q;
      q.search = o->search;
      q.stage = parse_enum_flag<LeadStage>(o->stage, "stage", parse_lead_stage);
      q.source = o->source;
      q.page = o->page_request();
      const auto page = ctx.engine().leads().list(ctx.actor(), q);
      if (ctx.json())
        return print_page_json(ctx, page, [](const LeadListItem& i) {
          auto obj = rest::codec::lead(i.lead);
          obj["contact"] = rest::codec::contact(i.contact);
          obj["company"] =
              i.company ? boost::json::value(rest::codec::company_summary(*i.company)) : nullptr;
          return obj;
        });
      std::printf("%-26s %-14s %-28s %s\n", "ID", "STAGE", "CONTACT", "COMPANY");
      for (const auto& i : page.items)
        std::printf("%-26s %-14s %-28.28s %s\n", i.lead.id.c_str(),
                    std::string(to_string(i.lead.stage)).c_str(), i.contact.full_name.c_str(),
                    i.company ? i.company->name.c_str() : "");
      print_page_footer(page.info);
    };
  });

  struct StageOptions {
    std::string lead_id, stage;
    std::optional<std::string> reason;
  };
  auto stage_opts = std::make_shared<StageOptions>();
  auto* st = leads->add_subcommand("stage", "Move a lead to a stage (the same rule as the API)");
  st->add_option("id", stage_opts->lead_id, "Lead id")->required();
  st->add_option("stage", stage_opts->stage, "Target stage")->required();
  st->add_option("--reason", stage_opts->reason, "Reason (stored as lostReason for LOST)");
  st->callback([stage_opts, &selected] {
    selected = [o = stage_opts](CliContext& ctx) {
      const auto stage = parse_enum_flag<LeadStage>(o->stage, "stage", parse_lead_stage);
      const Lead lead =
          ctx.engine().leads().change_stage(ctx.actor(), o->lead_id, *stage, o->reason);
      if (ctx.json())
        ctx.print_json(rest::codec::lead(lead));
      else
        std::cout << lead.id << " -> " << to_string(lead.stage) << "\n";
    };
  });
}

}  // namespace crm::cli
