#pragma once
// Migration 7: invoicing, payments, public pay and e-sign, fulfillment, devices, SIMs, products,
// reference data (DOMAIN.md §11-§13).
//   invoices            + the reference ids of the invoice form, a tax-rate snapshot, the
//                         recipient chosen at send, the e-signature, the view-notification time
//                         and the SHA-256 of the payment token (public look-ups go by the hash)
//   invoice_line_items  quantity in thousandths of a unit, money in cents
//   counters            per-year invoice numbers (INV-YYYY-NNNN), bumped atomically
//   fulfillment_orders  one per invoice (UNIQUE: "created exactly once"), fulfillment_items
//   sims, products, taxonomies, agreement_templates, tax_rates, payment_terms, contract_terms
// Seeds sensible defaults for every reference table.

#include <string_view>

namespace crm::storage {

inline constexpr std::string_view kSchemaV7 = R"SQL(
CREATE TABLE taxonomies (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL CHECK (type IN ('INDUSTRY', 'SOURCE', 'VENDOR', 'CELLULAR_CARRIER', 'BACKEND',
    'PAYMENT_INTERVAL', 'SHIPPING_TYPE', 'PAYMENT_METHOD')),
  value TEXT NOT NULL,
  sort_order BIGINT NOT NULL DEFAULT 0,
  is_active BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
-- (type, value) unique, case-insensitively: "Verizon" and "verizon" are one carrier.
CREATE UNIQUE INDEX taxonomies_type_value ON taxonomies(type, lower(value));
CREATE INDEX taxonomies_type_order ON taxonomies(type, sort_order);

CREATE TABLE agreement_templates (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  body TEXT NOT NULL,
  is_default BIGINT NOT NULL DEFAULT 0,
  is_active BIGINT NOT NULL DEFAULT 1,
  sort_order BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX agreement_templates_one_default ON agreement_templates(is_default)
  WHERE is_default = 1;

-- rate_milli: thousandths of a percent (8.875 % = 8875), so every real sales-tax rate is exact.
CREATE TABLE tax_rates (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  rate_milli BIGINT NOT NULL CHECK (rate_milli >= 0 AND rate_milli <= 100000),
  is_active BIGINT NOT NULL DEFAULT 1,
  sort_order BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE payment_terms (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  days BIGINT NOT NULL CHECK (days >= 0),
  is_active BIGINT NOT NULL DEFAULT 1,
  sort_order BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE contract_terms (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  months BIGINT NOT NULL CHECK (months >= 0),
  is_active BIGINT NOT NULL DEFAULT 1,
  sort_order BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE products (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  sku TEXT UNIQUE,
  description TEXT,
  unit_price BIGINT NOT NULL DEFAULT 0,
  is_active BIGINT NOT NULL DEFAULT 1,
  qb_item_id TEXT UNIQUE,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX products_name ON products(name);

CREATE TABLE counters (
  name TEXT PRIMARY KEY,
  value BIGINT NOT NULL
);

ALTER TABLE invoices ADD COLUMN payment_token_hash TEXT;
ALTER TABLE invoices ADD COLUMN tax_rate_milli BIGINT;
ALTER TABLE invoices ADD COLUMN tax_rate_id TEXT REFERENCES tax_rates(id);
ALTER TABLE invoices ADD COLUMN agreement_template_id TEXT REFERENCES agreement_templates(id);
ALTER TABLE invoices ADD COLUMN backend_id TEXT REFERENCES taxonomies(id);
ALTER TABLE invoices ADD COLUMN carrier_id TEXT REFERENCES taxonomies(id);
ALTER TABLE invoices ADD COLUMN shipping_type_id TEXT REFERENCES taxonomies(id);
ALTER TABLE invoices ADD COLUMN payment_term_id TEXT REFERENCES payment_terms(id);
ALTER TABLE invoices ADD COLUMN contract_term_id TEXT REFERENCES contract_terms(id);
ALTER TABLE invoices ADD COLUMN recipient_email TEXT;
ALTER TABLE invoices ADD COLUMN voided_at BIGINT;
ALTER TABLE invoices ADD COLUMN qb_invoice_id TEXT;
ALTER TABLE invoices ADD COLUMN view_notified_at BIGINT;
ALTER TABLE invoices ADD COLUMN signed_name TEXT;
ALTER TABLE invoices ADD COLUMN signed_at BIGINT;
ALTER TABLE invoices ADD COLUMN signed_ip_addr TEXT;
ALTER TABLE invoices ADD COLUMN signed_user_agent TEXT;
ALTER TABLE invoices ADD COLUMN signed_agreement_markdown TEXT;
ALTER TABLE invoices ADD COLUMN signed_agreement_snapshot TEXT;
CREATE UNIQUE INDEX invoices_payment_token_hash ON invoices(payment_token_hash);
CREATE INDEX invoices_created ON invoices(created_at);
CREATE INDEX invoices_company_created ON invoices(company_id, created_at);

CREATE TABLE invoice_line_items (
  id TEXT PRIMARY KEY,
  invoice_id TEXT NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
  line_no BIGINT NOT NULL,
  description TEXT NOT NULL,
  quantity_milli BIGINT NOT NULL,
  unit_price BIGINT NOT NULL,
  amount BIGINT NOT NULL,
  product_code TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX invoice_line_items_invoice ON invoice_line_items(invoice_id, line_no);

CREATE INDEX devices_invoice ON devices(invoice_id);
CREATE INDEX devices_created ON devices(created_at);

CREATE TABLE sims (
  id TEXT PRIMARY KEY,
  iccid TEXT NOT NULL UNIQUE,
  carrier TEXT,
  phone_number TEXT,
  status TEXT NOT NULL DEFAULT 'AVAILABLE'
    CHECK (status IN ('AVAILABLE', 'ASSIGNED', 'ACTIVE', 'SUSPENDED', 'DEACTIVATED')),
  device_id TEXT REFERENCES devices(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX sims_status ON sims(status, created_at);
CREATE INDEX sims_created ON sims(created_at);
CREATE INDEX sims_device ON sims(device_id);

CREATE TABLE fulfillment_orders (
  id TEXT PRIMARY KEY,
  invoice_id TEXT NOT NULL UNIQUE REFERENCES invoices(id),
  company_id TEXT NOT NULL REFERENCES companies(id),
  status TEXT NOT NULL DEFAULT 'PENDING'
    CHECK (status IN ('PENDING', 'PICKING', 'SHIPPED', 'DELIVERED', 'CANCELED')),
  tracking_number TEXT,
  carrier TEXT,
  picked_at BIGINT,
  shipped_at BIGINT,
  delivered_at BIGINT,
  canceled_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX fulfillment_orders_status ON fulfillment_orders(status, created_at);
CREATE INDEX fulfillment_orders_created ON fulfillment_orders(created_at);
CREATE INDEX fulfillment_orders_company ON fulfillment_orders(company_id);

CREATE TABLE fulfillment_items (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES fulfillment_orders(id),
  device_id TEXT NOT NULL REFERENCES devices(id),
  sim_id TEXT REFERENCES sims(id),
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX fulfillment_items_order_device ON fulfillment_items(order_id, device_id);
CREATE INDEX fulfillment_items_device ON fulfillment_items(device_id);

INSERT INTO taxonomies (id, type, value, sort_order, created_at, updated_at) VALUES
  ('seed-tx-industry-restaurant', 'INDUSTRY', 'Restaurant', 10, 0, 0),
  ('seed-tx-industry-retail', 'INDUSTRY', 'Retail', 20, 0, 0),
  ('seed-tx-industry-salon', 'INDUSTRY', 'Salon & Spa', 30, 0, 0),
  ('seed-tx-industry-auto', 'INDUSTRY', 'Auto Repair', 40, 0, 0),
  ('seed-tx-industry-other', 'INDUSTRY', 'Other', 90, 0, 0),
  ('seed-tx-source-maps', 'SOURCE', 'Google Maps', 10, 0, 0),
  ('seed-tx-source-referral', 'SOURCE', 'Referral', 20, 0, 0),
  ('seed-tx-source-website', 'SOURCE', 'Website', 30, 0, 0),
  ('seed-tx-source-cold-call', 'SOURCE', 'Cold Call', 40, 0, 0),
  ('seed-tx-source-plusvibe', 'SOURCE', 'PlusVibe', 50, 0, 0),
  ('seed-tx-source-cal', 'SOURCE', 'Cal.com', 60, 0, 0),
  ('seed-tx-vendor-direct', 'VENDOR', 'Direct', 10, 0, 0),
  ('seed-tx-carrier-verizon', 'CELLULAR_CARRIER', 'Verizon', 10, 0, 0),
  ('seed-tx-carrier-att', 'CELLULAR_CARRIER', 'AT&T', 20, 0, 0),
  ('seed-tx-carrier-tmobile', 'CELLULAR_CARRIER', 'T-Mobile', 30, 0, 0),
  ('seed-tx-backend-tsys', 'BACKEND', 'TSYS', 10, 0, 0),
  ('seed-tx-backend-fiserv', 'BACKEND', 'Fiserv', 20, 0, 0),
  ('seed-tx-backend-worldpay', 'BACKEND', 'Worldpay', 30, 0, 0),
  ('seed-tx-interval-monthly', 'PAYMENT_INTERVAL', 'Monthly', 10, 0, 0),
  ('seed-tx-interval-quarterly', 'PAYMENT_INTERVAL', 'Quarterly', 20, 0, 0),
  ('seed-tx-interval-annually', 'PAYMENT_INTERVAL', 'Annually', 30, 0, 0),
  ('seed-tx-shipping-ground', 'SHIPPING_TYPE', 'Ground', 10, 0, 0),
  ('seed-tx-shipping-2day', 'SHIPPING_TYPE', '2-Day', 20, 0, 0),
  ('seed-tx-shipping-overnight', 'SHIPPING_TYPE', 'Overnight', 30, 0, 0),
  ('seed-tx-shipping-pickup', 'SHIPPING_TYPE', 'Local Pickup', 40, 0, 0),
  ('seed-tx-method-card', 'PAYMENT_METHOD', 'Card', 10, 0, 0),
  ('seed-tx-method-ach', 'PAYMENT_METHOD', 'ACH', 20, 0, 0),
  ('seed-tx-method-check', 'PAYMENT_METHOD', 'Check', 30, 0, 0),
  ('seed-tx-method-cash', 'PAYMENT_METHOD', 'Cash', 40, 0, 0),
  ('seed-tx-method-wire', 'PAYMENT_METHOD', 'Wire', 50, 0, 0);

INSERT INTO agreement_templates (id, name, body, is_default, sort_order, created_at, updated_at)
VALUES ('seed-agreement-standard', 'Standard Service Agreement',
'# Service Agreement

This agreement is made between **{{companyName}}** ("Customer") and the Provider, represented
by {{repName}} ({{repEmail}}).

## Order

Invoice **{{invoiceNumber}}** dated {{invoiceDate}}, for a total of **{{invoiceTotal}}**.

## Terms

1. The Provider delivers the equipment and services listed on the invoice.
2. The Customer pays the invoice total by its due date.
3. Equipment remains the property of the Provider until paid in full.

## Signature

Signed by {{signedName}} for {{companyName}} on {{signedDate}}.
', 1, 10, 0, 0);

INSERT INTO tax_rates (id, name, rate_milli, sort_order, created_at, updated_at) VALUES
  ('seed-tax-exempt', 'Tax exempt (0%)', 0, 10, 0, 0),
  ('seed-tax-standard', 'Standard sales tax (6%)', 6000, 20, 0, 0),
  ('seed-tax-high', 'Sales tax (8.875%)', 8875, 30, 0, 0);

INSERT INTO payment_terms (id, name, days, sort_order, created_at, updated_at) VALUES
  ('seed-terms-receipt', 'Due on receipt', 0, 10, 0, 0),
  ('seed-terms-net15', 'Net 15', 15, 20, 0, 0),
  ('seed-terms-net30', 'Net 30', 30, 30, 0, 0),
  ('seed-terms-net60', 'Net 60', 60, 40, 0, 0);

INSERT INTO contract_terms (id, name, months, sort_order, created_at, updated_at) VALUES
  ('seed-contract-monthly', 'Month-to-month', 1, 10, 0, 0),
  ('seed-contract-12', '12 months', 12, 20, 0, 0),
  ('seed-contract-24', '24 months', 24, 30, 0, 0),
  ('seed-contract-36', '36 months', 36, 40, 0, 0);
)SQL";

}  // namespace crm::storage
