#pragma once
// JSON shapes of invoices, payments, the public pay page, fulfillment, inventory and reference
// data (camelCase, ISO times, money in dollars, quantities and rates as plain numbers).

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <map>

#include "crm/fulfillment.hpp"
#include "crm/invoices.hpp"
#include "crm/reference.hpp"

namespace crm::rest::codec {

// 1500 thousandths -> 1.5; whole numbers as integers.
boost::json::value quantity(Quantity q);
// A tax rate in percent: 8875 -> 8.875.
boost::json::value rate(RateMilli r);

boost::json::object line_item(const LineItem& l);
boost::json::object payment(const Payment& p);
// The invoice with its line items and balance.
boost::json::object invoice(const Invoice& i);
boost::json::object invoice_list_item(const InvoiceListItem& item);
boost::json::object invoice_detail(const InvoiceDetail& d);
boost::json::object public_invoice(const PublicInvoice& p);

boost::json::object fulfillment_item(const FulfillmentItem& i);
boost::json::object fulfillment_order(const FulfillmentOrder& o);
boost::json::object fulfillment_list_item(const FulfillmentListItem& item);

boost::json::object device(const Device& d);
boost::json::object device_list_item(const DeviceListItem& item);
boost::json::object sim(const Sim& s);
boost::json::object sim_list_item(const SimListItem& item);
boost::json::object product(const Product& p);
boost::json::object bulk_report(const BulkReport& r);
boost::json::object counts(const std::map<std::string, std::int64_t>& counts);

boost::json::object taxonomy(const Taxonomy& t);
boost::json::object taxonomy_value(const TaxonomyValue& v);
boost::json::object agreement_template(const AgreementTemplate& t);
boost::json::object tax_rate(const TaxRate& t);
boost::json::object payment_term(const PaymentTerm& t);
boost::json::object contract_term(const ContractTerm& t);
boost::json::object form_options(const FormOptions& o);

}  // namespace crm::rest::codec
