#include "core/ingest/ingest_lead.hpp"

#include <boost/json/array.hpp>

#include <algorithm>
#include <mutex>
#include <tuple>

#include "core/activity/activity_log.hpp"
#include "core/companies/address_rows.hpp"
#include "core/companies/company_keys.hpp"
#include "core/companies/company_repo.hpp"
#include "core/contacts/contact_writer.hpp"
#include "core/leads/lead_score_store.hpp"
#include "core/leads/lead_writer.hpp"
#include "core/records/record_rows.hpp"
#include "core/runtime.hpp"
#include "core/storage/assignments.hpp"
#include "core/storage/per_dialect.hpp"
#include "core/util/text.hpp"

namespace crm::ingest {
namespace {

// Every ingest, in every process, takes this lock first: matching then creating must not race
// with another ingest of the same business (no unique constraint can say "same company").
constexpr std::string_view kIngestLock = "crm:ingest-lead";

struct CompanyRow {
  Company company;
  std::optional<std::string> place_id;
};

CompanyRow to_company_row(const sql::Row& row) {
  return {rows::row_to_company(row, ""), row.opt_text("google_place_id")};
}

// Statement texts are built once per dialect (storage::per_dialect; the row-lock clause
// differs): ingest runs them for every row of a 50,000-row import.
using storage::per_dialect;

// Place id, then website domain, then phone: one indexed statement, ranked; then name + zip.
// The best of the candidates a lookup found: lowest rank, then oldest, then smallest id. Picked
// here rather than by ORDER BY, which costs each lookup a sort of its own; lookups by key find
// one candidate or a handful.
template <class Rank>
const sql::Row* best(const sql::Result& res, Rank rank) {
  const sql::Row* chosen = nullptr;
  std::tuple<int, TimeMs, std::string> chosen_key;
  for (const sql::Row& row : res.rows) {
    auto key = std::make_tuple(rank(row), row.integer("created_at"), row.text("id"));
    if (!chosen || key < chosen_key) {
      chosen = &row;
      chosen_key = std::move(key);
    }
  }
  return chosen;
}

// Place id, then website domain, then phone (one indexed statement), then name + zip.
std::optional<CompanyRow> find_company(sql::Connection& conn, const Normalized& n) {
  if (n.place_id || n.website_domain || n.company_phone_e164) {
    const auto& text = per_dialect(conn, [](sql::Connection& c) {
      return "SELECT " + rows::company_columns("c", "") +
             ", c.google_place_id AS google_place_id, c.website_domain AS website_domain "
             "FROM companies c "
             "WHERE c.google_place_id = ? OR c.website_domain = ? OR c.phone_e164 = ?" +
             c.lock_clause(sql::Lock::kForUpdate, "c");
    });
    const auto res = conn.query(text, n.place_id, n.website_domain, n.company_phone_e164);
    const auto* row = best(res, [&](const sql::Row& r) {
      if (n.place_id && r.opt_text("google_place_id") == n.place_id) return 0;
      if (n.website_domain && r.opt_text("website_domain") == n.website_domain) return 1;
      return 2;
    });
    if (row) return to_company_row(*row);
  }
  if (n.company_name && n.zip) {
    const auto& text = per_dialect(conn, [](sql::Connection& c) {
      return "SELECT " + rows::company_columns("c", "") +
             ", c.google_place_id AS google_place_id FROM companies c JOIN addresses a ON "
             "a.company_id = c.id WHERE lower(c.name) = lower(?) AND a.zip = ?" +
             c.lock_clause(sql::Lock::kForUpdate, "c");
    });
    const auto res = conn.query(text, *n.company_name, *n.zip);
    if (const auto* row = best(res, [](const sql::Row&) { return 0; })) return to_company_row(*row);
  }
  return std::nullopt;
}

// Email, then E.164 phone.
std::optional<Contact> find_contact(sql::Connection& conn, const Normalized& n) {
  const std::optional<std::string> email =
      n.email ? std::optional(n.email->normalized) : std::nullopt;
  const std::optional<std::string> phone = n.phone ? std::optional(n.phone->e164) : std::nullopt;
  const auto& text = per_dialect(conn, [](sql::Connection& c) {
    return "SELECT " + rows::contact_columns("ct", "") +
           " FROM contacts ct WHERE ct.email_normalized = ? OR ct.phone_e164 = ?" +
           c.lock_clause(sql::Lock::kForUpdate, "ct");
  });
  const auto res = conn.query(text, email, phone);
  const auto* row = best(res, [&](const sql::Row& r) {
    return email && r.opt_text("email_normalized") == email ? 0 : 1;
  });
  if (!row) return std::nullopt;
  return rows::row_to_contact(*row, "");
}

std::vector<Lead> leads_of(sql::Connection& conn, const std::string& contact_id) {
  const auto& text = per_dialect(conn, [](sql::Connection& c) {
    return "SELECT " + rows::lead_columns("l", "") +
           " FROM leads l WHERE l.contact_id = ? ORDER BY l.created_at DESC, l.id DESC" +
           c.lock_clause(sql::Lock::kForUpdate, "l");
  });
  return conn.query(text, contact_id).map([](const sql::Row& row) {
    return rows::row_to_lead(row, "");
  });
}

// A blank-filling merge of one record: the columns to set and the names of the fields filled.
class Fill {
 public:
  explicit Fill(std::string record) : record_(std::move(record)) {}

  // Fills `column` with `value` when the current value is blank and there is a value.
  template <class T>
  void blank(const std::optional<T>& current, const std::optional<T>& value,
             std::string_view column, std::string_view field) {
    if (current || !value) return;
    set(column, value);
    note(field);
  }
  template <class T>
  void set(std::string_view column, const T& value) {
    columns_.set(column, value);
  }
  void note(std::string_view field) { filled_.push_back(record_ + "." + std::string(field)); }

  bool empty() const { return filled_.empty(); }
  const std::vector<std::string>& filled() const { return filled_; }
  void apply(sql::Connection& conn, std::string_view table, const std::string& id, TimeMs now) {
    if (filled_.empty()) return;
    columns_.set("updated_at", now);
    columns_.update_by_id(conn, table, id);
  }

 private:
  std::string record_;
  storage::Assignments columns_;
  std::vector<std::string> filled_;
};

// Whether no company but `id` holds `key` in `column` (a match-key column).
bool company_key_free(sql::Connection& conn, std::string_view column, const std::string& key,
                      const std::string& id) {
  return conn
      .query("SELECT id FROM companies WHERE " + std::string(column) + " = ? AND id <> ? LIMIT 1",
             key, id)
      .empty();
}

// A match key given to a company by a merge must not be one another company holds: ingest keeps
// each key on one company, so a lookup never has to choose between companies it created (their
// ids are random, so the choice would differ between a dry run and its commit). The field is
// still filled; only its key stays empty ("").
std::optional<std::string> free_key(sql::Connection& conn, std::string_view column,
                                    const std::optional<std::string>& key, const std::string& id) {
  if (!key || key->empty()) return key;
  return company_key_free(conn, column, *key, id) ? key : std::optional<std::string>("");
}

Fill company_fill(sql::Connection& conn, const CompanyRow& row, const Normalized& n) {
  const Company& c = row.company;
  Fill f("company");
  if (!c.website && n.website) {
    f.set("website", *n.website);
    f.set("website_domain",
          free_key(conn, "website_domain",
                   company_keys::compute(n.website, std::nullopt).website_domain, c.id));
    f.note("website");
  }
  if (!c.phone && n.company_phone) {
    f.set("phone", *n.company_phone);
    f.set("phone_digits", text::digits(*n.company_phone));
    f.set("phone_e164",
          free_key(conn, "phone_e164",
                   company_keys::compute(std::nullopt, n.company_phone).phone_e164, c.id));
    f.note("phone");
  }
  f.blank(c.industry, n.industry, "industry", "industry");
  f.blank(c.icp_tag, n.icp_tag, "icp_tag", "icpTag");
  f.blank(c.business_label, n.business_label, "business_label", "businessLabel");
  f.blank(c.source, n.source, "source", "source");
  f.blank(c.maps_url, n.maps_url, "maps_url", "mapsUrl");
  // A place id is nothing but a key: another company's is not filled in.
  if (!row.place_id && n.place_id && company_key_free(conn, "google_place_id", *n.place_id, c.id))
    f.blank(row.place_id, n.place_id, "google_place_id", "googlePlaceId");
  f.blank(c.google_rating, n.rating, "google_rating", "googleRating");
  f.blank(c.google_review_count, n.review_count, "google_review_count", "googleReviewCount");
  f.blank(c.assigned_rep_id, n.assigned_rep_id, "assigned_rep_id", "assignedRepId");
  // The first address; not one that would give name + zip to a second company of that name.
  if (n.address &&
      conn.query("SELECT id FROM addresses WHERE company_id = ? LIMIT 1", c.id).empty() &&
      conn.query("SELECT a.id FROM companies o JOIN addresses a ON a.company_id = o.id "
                 "WHERE lower(o.name) = lower(?) AND a.zip = ? AND o.id <> ? LIMIT 1",
                 c.name, n.address->zip, c.id)
          .empty())
    f.note("address");
  return f;
}

Fill contact_fill(sql::Connection& conn, const Contact& c, const Normalized& n,
                  const std::optional<std::string>& company_id) {
  Fill f("contact");
  if (c.first_name.empty() && c.last_name.empty() &&
      (!n.first_name.empty() || !n.last_name.empty())) {
    f.set("first_name", n.first_name);
    f.set("last_name", n.last_name);
    f.set("full_name", contact_fields::full_name(n.first_name, n.last_name));
    f.note("name");
  }
  // Matching tried the email first, so a contact found by phone means no contact holds it.
  if (!c.email_normalized && n.email) {
    f.set("email", n.email->email);
    f.set("email_normalized", n.email->normalized);
    f.note("email");
  }
  // Phones are no unique key of contacts, but ingest keeps them so (see free_key): a phone
  // another contact has is not given to this one.
  if (!c.phone && n.phone &&
      conn.query("SELECT id FROM contacts WHERE phone_e164 = ? AND id <> ? LIMIT 1", n.phone->e164,
                 c.id)
          .empty()) {
    f.set("phone", n.phone->phone);
    f.set("phone_e164", n.phone->e164);
    f.set("phone_digits", n.phone->digits);
    f.note("phone");
  }
  f.blank(c.title, n.title, "title", "title");
  f.blank(c.source, n.source, "source", "source");
  f.blank(c.company_id, company_id, "company_id", "companyId");
  return f;
}

Fill lead_fill(const Lead& l, const Normalized& n, const std::optional<std::string>& company_id) {
  Fill f("lead");
  f.blank(l.source, n.source, "source", "source");
  f.blank(l.source_campaign, n.source_campaign, "source_campaign", "sourceCampaign");
  f.blank(l.company_id, company_id, "company_id", "companyId");
  f.blank(l.owner_id, n.assigned_rep_id, "owner_id", "ownerId");
  return f;
}

void insert_address(sql::Connection& conn, const detail::Runtime& rt, const std::string& company_id,
                    const Address& in) {
  crm::Address a;
  a.id = rt.new_id();
  a.company_id = company_id;
  a.type = AddressType::kBoth;
  a.address_line1 = in.line1;
  a.city = in.city;
  a.state = in.state;
  a.zip = in.zip;
  a.country = in.country;
  a.is_default_billing = a.is_default_shipping = true;
  a.created_at = a.updated_at = rt.now();
  address_rows::insert(conn, a);
}

std::string create_company(sql::Connection& conn, const detail::Runtime& rt, const Normalized& n) {
  Company c;
  c.id = rt.new_id();
  c.name = *n.company_name;
  c.website = n.website;
  c.phone = n.company_phone;
  c.industry = n.industry;
  c.icp_tag = n.icp_tag;
  c.business_label = n.business_label;
  c.source = n.source;
  c.assigned_rep_id = n.assigned_rep_id;
  c.google_rating = n.rating;
  c.google_review_count = n.review_count;
  c.maps_url = n.maps_url;
  c.created_at = c.updated_at = rt.now();
  // normalize() computed the keys already (parsing a phone is the dearest step of a row).
  company_keys::Keys keys;
  if (n.website) keys.website_domain = n.website_domain.value_or("");
  if (n.company_phone) keys.phone_e164 = n.company_phone_e164.value_or("");
  company_repo::insert(conn, c, n.place_id, keys);
  if (n.address) insert_address(conn, rt, c.id, *n.address);
  return c.id;
}

// The normalized fields need no second validation; the company is one ingest matched or made.
std::string create_contact(sql::Connection& conn, const detail::Runtime& rt, const Actor& actor,
                           const Normalized& n, const std::optional<std::string>& company_id) {
  Contact c;
  c.id = rt.new_id();
  c.company_id = company_id;
  c.first_name = n.first_name;
  c.last_name = n.last_name;
  c.full_name = contact_fields::full_name(n.first_name, n.last_name);
  if (n.email) {
    c.email = n.email->email;
    c.email_normalized = n.email->normalized;
  }
  if (n.phone) {
    c.phone = n.phone->phone;
    c.phone_e164 = n.phone->e164;
  }
  c.title = n.title;
  c.source = n.source;
  c.created_at = c.updated_at = rt.now();
  contact_writer::insert_row(conn, rt, actor.user_id, c,
                             n.phone ? std::optional(n.phone->digits) : std::nullopt);
  return c.id;
}

boost::json::array to_json(const std::vector<std::string>& fields) {
  boost::json::array out;
  for (const auto& f : fields) out.emplace_back(f);
  return out;
}

}  // namespace

RowResult merge(sql::Connection& conn, const detail::Runtime& rt, const Actor& actor,
                const Normalized& n) {
  conn.lock_key(kIngestLock);
  RowResult r;

  // Everything is looked up before anything is written: a skipped row writes nothing.
  const auto company = find_company(conn, n);
  const auto contact = find_contact(conn, n);
  const std::vector<Lead> leads = contact ? leads_of(conn, contact->id) : std::vector<Lead>{};
  for (const Lead& l : leads)
    if (l.is_dnc) {
      r.status = RowStatus::kSkipped;
      r.message = "contact is do-not-contact";
      r.contact = RecordAction::kMatched;
      r.contact_id = contact->id;
      return r;
    }
  const Lead* open = nullptr;
  for (const Lead& l : leads)
    if (is_open_stage(l.stage)) {
      open = &l;
      break;
    }

  std::optional<Fill> company_changes;
  if (company) {
    r.company = RecordAction::kMatched;
    r.company_id = company->company.id;
    company_changes = company_fill(conn, *company, n);
  } else if (contact && contact->company_id) {
    r.company = RecordAction::kMatched;
    r.company_id = contact->company_id;
  } else if (n.company_name) {
    r.company = RecordAction::kCreated;
  }
  std::optional<Fill> contact_changes;
  if (contact) {
    r.contact = RecordAction::kMatched;
    r.contact_id = contact->id;
    contact_changes = contact_fill(
        conn, *contact, n, r.company == RecordAction::kCreated ? std::nullopt : r.company_id);
  } else {
    r.contact = RecordAction::kCreated;
  }
  std::optional<Fill> lead_changes;
  if (open) {
    r.lead = RecordAction::kMatched;
    r.lead_id = open->id;
    lead_changes =
        lead_fill(*open, n, r.company == RecordAction::kCreated ? std::nullopt : r.company_id);
  } else {
    r.lead = RecordAction::kCreated;
  }
  for (const auto* fill : {&company_changes, &contact_changes, &lead_changes})
    if (*fill) r.filled.insert(r.filled.end(), (*fill)->filled().begin(), (*fill)->filled().end());

  // A new company is not a blank of the existing contact or lead to fill: it is created for this
  // row and linked below.
  if (r.lead == RecordAction::kMatched && r.filled.empty() && r.company != RecordAction::kCreated) {
    r.status = RowStatus::kSkipped;
    r.message = "duplicate: nothing new to add";
    return r;
  }

  const TimeMs now = rt.now();
  if (r.company == RecordAction::kCreated) {
    r.company_id = create_company(conn, rt, n);
    if (contact && !contact->company_id) {
      contact_changes->set("company_id", *r.company_id);
      contact_changes->note("companyId");
      r.filled.push_back("contact.companyId");
    }
    if (open && !open->company_id) {
      lead_changes->set("company_id", *r.company_id);
      lead_changes->note("companyId");
      r.filled.push_back("lead.companyId");
    }
  } else if (company_changes) {
    company_changes->apply(conn, "companies", *r.company_id, now);
    if (n.address &&
        std::find(r.filled.begin(), r.filled.end(), "company.address") != r.filled.end())
      insert_address(conn, rt, *r.company_id, *n.address);
  }

  if (contact) {
    contact_changes->apply(conn, "contacts", *r.contact_id, now);
  } else {
    r.contact_id = create_contact(conn, rt, actor, n, r.company_id);
  }

  if (open) {
    lead_changes->apply(conn, "leads", *r.lead_id, now);
    lead_score::refresh_fit(conn, rt, *r.lead_id);
    r.status = RowStatus::kMerged;
    activity::append(conn, rt,
                     {"lead_merged", r.lead_id, open->company_id ? open->company_id : r.company_id,
                      actor.user_id,
                      boost::json::object{{"fields", to_json(r.filled)},
                                          {"source", n.source ? boost::json::value(*n.source)
                                                              : boost::json::value(nullptr)}}});
  } else {
    lead_writer::NewLeadRow row;
    row.contact_id = *r.contact_id;
    row.company_id = r.company_id;
    row.owner_id = n.assigned_rep_id;
    row.stage = n.stage;
    row.source = n.source;
    row.source_campaign = n.source_campaign;
    // A contact this row created, at a company whose ICP tag is known here: its fit needs no
    // read-back (the common case of a bulk import).
    std::optional<lead_score::FitInputs> fit;
    if (r.contact == RecordAction::kCreated && (company || r.company != RecordAction::kMatched)) {
      const bool icp = r.company != RecordAction::kNone &&
                       ((company && company->company.icp_tag) || n.icp_tag.has_value());
      fit = lead_score::FitInputs{icp, n.email.has_value(), false, n.phone.has_value(), false};
    }
    r.lead_id = lead_writer::insert(conn, rt, row, actor.user_id, fit);
    r.status = RowStatus::kCreated;
  }
  return r;
}

RowResult ingest_lead(sql::Connection& conn, const detail::Runtime& rt, const Actor& actor,
                      const LeadInput& input, const Defaults& defaults) {
  auto normalized = normalize(input, defaults);
  if (auto* rejected = std::get_if<Rejected>(&normalized)) {
    RowResult r;
    r.status = rejected->status;
    r.message = rejected->message;
    return r;
  }
  return merge(conn, rt, actor, std::get<Normalized>(normalized));
}

}  // namespace crm::ingest
