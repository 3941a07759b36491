// InvoiceService::view_public and sign: the token-protected pay page and e-signature.
#include "core/activity/activity_log.hpp"
#include "core/companies/address_rows.hpp"
#include "core/contacts/contact_store.hpp"
#include "core/invoices/agreement.hpp"
#include "core/invoices/billing_jobs.hpp"
#include "core/invoices/invoice_rows.hpp"
#include "core/invoices/markdown.hpp"
#include "core/leads/lead_store.hpp"
#include "core/reference/reference_tables.hpp"
#include "core/reference/settings_store.hpp"
#include "core/runtime.hpp"
#include "core/templates/recipient_values.hpp"
#include "core/util/text.hpp"
#include "core/util/validate.hpp"
#include "crm/error.hpp"
#include "crm/invoices.hpp"

namespace crm {
namespace {

// Views of one invoice notify (Slack, email) at most once per window.
constexpr TimeMs kViewNotifyWindow = 60 * kSecondMs;
constexpr std::size_t kMinSignedNameChars = 3;

// "$1,234.56"
std::string dollars(Cents cents) {
  const bool negative = cents < 0;
  const unsigned long long abs = negative ? 0ULL - static_cast<unsigned long long>(cents)
                                          : static_cast<unsigned long long>(cents);
  std::string whole = std::to_string(abs / 100);
  for (int i = static_cast<int>(whole.size()) - 3; i > 0; i -= 3) whole.insert(i, ",");
  const unsigned rest = abs % 100;
  return std::string(negative ? "-$" : "$") + whole + "." + char('0' + rest / 10) +
         char('0' + rest % 10);
}

std::string date_of(TimeMs t) { return format_iso(t).substr(0, 10); }

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

PublicAddress public_address(const Address& a) {
  return {a.address_line1, a.address_line2, a.city, a.state, a.zip, a.country};
}

// Who the agreement speaks to (the lead's contact, else the company's primary one) and who it
// comes from (the lead's owner, else the company's rep, else the invoice's creator).
recipient::Facts load_party(sql::Connection& conn, const Invoice& inv, std::string company_name,
                            const std::optional<std::string>& company_rep) {
  recipient::Facts p;
  p.company_name = std::move(company_name);
  std::optional<std::string> rep_id;
  if (inv.lead_id)
    if (auto lead = lead_store::find(conn, *inv.lead_id)) {
      p.contact = contact_store::find(conn, lead->contact_id);
      rep_id = lead->owner_id;
    }
  if (!p.contact) {
    auto contacts = contact_store::of_company(conn, inv.company_id);
    if (!contacts.empty()) p.contact = std::move(contacts.front());
  }
  if (!rep_id) rep_id = company_rep;
  if (!rep_id) rep_id = inv.created_by_id;
  if (rep_id) p.rep = recipient::load_rep(conn, *rep_id);
  return p;
}

agreement::Values agreement_values(const Invoice& inv, const recipient::Facts& p,
                                   const std::optional<std::string>& signed_name,
                                   std::optional<TimeMs> signed_at) {
  agreement::Values v = recipient::values(p);
  v["invoiceNumber"] = inv.number;
  v["invoiceTotal"] = dollars(inv.total);
  v["invoiceDate"] = date_of(inv.sent_at.value_or(inv.created_at));
  v["signedName"] = signed_name.value_or("");
  v["signedDate"] = signed_at ? date_of(*signed_at) : "";
  return v;
}

struct CompanyFacts {
  std::string name;
  std::optional<std::string> rep_id;
};

CompanyFacts company_facts(sql::Connection& conn, std::string_view company_id) {
  const auto res =
      conn.query("SELECT name, assigned_rep_id FROM companies WHERE id = ?", company_id);
  return {res.first().text("name"), res.first().opt_text("assigned_rep_id")};
}

// The agreement as it reads now (not yet signed): the template with today's values.
std::optional<RenderedAgreement> render_agreement(sql::Connection& conn, const Invoice& inv,
                                                  const CompanyFacts& company,
                                                  const std::optional<std::string>& signed_name,
                                                  std::optional<TimeMs> signed_at) {
  if (!inv.agreement_template_id) return std::nullopt;
  const auto tmpl = reference_tables::find(conn, reference_tables::kAgreementTemplates,
                                           *inv.agreement_template_id);
  if (!tmpl) return std::nullopt;
  const recipient::Facts party = load_party(conn, inv, company.name, company.rep_id);
  RenderedAgreement out;
  out.name = tmpl->name;
  out.markdown = agreement::fill(tmpl->body, agreement_values(inv, party, signed_name, signed_at));
  out.html = markdown::to_html(out.markdown);
  return out;
}

PublicInvoice build_view(sql::Connection& conn, const Invoice& inv) {
  PublicInvoice v;
  v.number = inv.number;
  v.status = inv.status;
  v.issued_at = inv.created_at;
  v.due_date = inv.due_date;
  v.sent_at = inv.sent_at;
  v.paid_at = inv.paid_at;
  v.line_items = inv.line_items;
  v.subtotal = inv.subtotal;
  v.tax = inv.tax;
  v.tax_rate = inv.tax_rate;
  v.shipping_cost = inv.shipping_cost;
  v.total = inv.total;
  v.amount_paid = inv.amount_paid;
  v.balance = inv.balance();
  v.payable = (inv.status == InvoiceStatus::kSent || inv.status == InvoiceStatus::kPartial) &&
              inv.balance() > 0;
  const CompanyFacts company = company_facts(conn, inv.company_id);
  v.company_name = company.name;
  for (const Address& a : address_rows::list(conn, inv.company_id)) {
    const bool billing = a.type != AddressType::kShipping;
    const bool shipping = a.type != AddressType::kBilling;
    if (billing && (!v.billing_address || a.is_default_billing))
      v.billing_address = public_address(a);
    if (shipping && (!v.shipping_address || a.is_default_shipping))
      v.shipping_address = public_address(a);
  }
  v.is_signed = inv.signed_at.has_value();
  v.signed_name = inv.signed_name;
  v.signed_at = inv.signed_at;
  if (v.is_signed) {
    const auto res = conn.query(
        "SELECT i.signed_agreement_markdown, i.signed_agreement_snapshot, t.name FROM invoices i "
        "LEFT JOIN agreement_templates t ON t.id = i.agreement_template_id WHERE i.id = ?",
        inv.id);
    const auto& r = res.first();
    v.agreement = RenderedAgreement{r.opt_text("name").value_or("Agreement"),
                                    r.opt_text("signed_agreement_markdown").value_or(""),
                                    r.opt_text("signed_agreement_snapshot").value_or("")};
  } else {
    v.agreement = render_agreement(conn, inv, company, std::nullopt, std::nullopt);
  }
  return v;
}

}  // namespace

PublicInvoice InvoiceService::view_public(std::string_view token, const PublicViewer& viewer) {
  if (viewer.user) {  // a CRM user previewing the page: not a customer view
    auto tx = rt_.db->read();
    return build_view(tx->connection(), invoice_rows::require_by_token(tx->connection(), token));
  }
  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    const Invoice inv = invoice_rows::require_by_token(conn, token);
    const TimeMs now = rt_.now();
    activity::append(conn, rt_,
                     {"invoice_viewed", inv.lead_id, inv.company_id, std::nullopt,
                      boost::json::object{{"invoiceId", inv.id},
                                          {"number", inv.number},
                                          {"ip", viewer.ip},
                                          {"userAgent", viewer.user_agent}}});
    // One statement decides, on any number of servers, whether this view is the first of its
    // window: only the view that moves view_notified_at notifies.
    const auto claimed = conn.query(
        "UPDATE invoices SET view_notified_at = ? WHERE id = ? AND (view_notified_at IS NULL OR "
        "view_notified_at <= ?)",
        now, inv.id, now - kViewNotifyWindow);
    if (claimed.changes == 1) {
      activity::append(conn, rt_,
                       {"invoice_viewed_notified", inv.lead_id, inv.company_id, std::nullopt,
                        boost::json::object{{"invoiceId", inv.id}, {"number", inv.number}}});
      billing_jobs::invoice_viewed(tx, rt_, inv.id, now,
                                   validate::optional_trimmed(settings_store::get(
                                       conn, rt_.secrets, billing_jobs::kAlertEmailSetting)));
    }
    return build_view(conn, inv);
  });
}

PublicInvoice InvoiceService::sign(std::string_view token, const SignInput& input) {
  const std::string name = text::trim(input.signed_name);
  if (utf8_length(name) < kMinSignedNameChars)
    throw Error::invalid("signedName must be at least 3 characters");
  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    Invoice inv = invoice_rows::require_by_token(conn, token, sql::Lock::kForUpdate);
    if (inv.status == InvoiceStatus::kVoid) throw Error::invalid("Invoice is VOID");
    if (inv.signed_at) throw Error::invalid("Agreement is already signed");
    const TimeMs now = rt_.now();
    const auto rendered =
        render_agreement(conn, inv, company_facts(conn, inv.company_id), name, now);
    if (!rendered) throw Error::invalid("Invoice has no agreement to sign");
    conn.query(
        "UPDATE invoices SET signed_name = ?, signed_at = ?, signed_ip_addr = ?, "
        "signed_user_agent = ?, signed_agreement_markdown = ?, signed_agreement_snapshot = ?, "
        "updated_at = ? WHERE id = ?",
        name, now, input.ip, input.user_agent, rendered->markdown, rendered->html, now, inv.id);
    inv.signed_name = name;
    inv.signed_at = now;
    activity::append(conn, rt_,
                     {"agreement_signed", inv.lead_id, inv.company_id, std::nullopt,
                      boost::json::object{{"invoiceId", inv.id},
                                          {"number", inv.number},
                                          {"signedName", name},
                                          {"ip", input.ip}}});
    billing_jobs::proposal_signed(tx, rt_, inv.id);
    return build_view(conn, inv);
  });
}

}  // namespace crm
