#include "crm/engine.hpp"

#include <filesystem>

#include "core/runtime.hpp"
#include "core/storage/migrations.hpp"
#include "crm/activity.hpp"
#include "crm/ai.hpp"
#include "crm/companies.hpp"
#include "crm/contacts.hpp"
#include "crm/enrichment.hpp"
#include "crm/error.hpp"
#include "crm/fulfillment.hpp"
#include "crm/imports.hpp"
#include "crm/invoices.hpp"
#include "crm/jobs.hpp"
#include "crm/leads.hpp"
#include "crm/message_templates.hpp"
#include "crm/pipeline.hpp"
#include "crm/reference.hpp"
#include "crm/sequences.hpp"
#include "crm/tags.hpp"
#include "crm/tasks.hpp"
#include "crm/users.hpp"

namespace crm {

inline constexpr std::size_t kMinJwtSecretBytes = 32;

struct Engine::Impl {
  explicit Impl(std::unique_ptr<detail::Runtime> runtime)
      : rt(std::move(runtime)),
        auth(*rt),
        users(*rt),
        companies(*rt),
        contacts(*rt),
        leads(*rt),
        activities(*rt),
        pipeline(*rt),
        jobs(*rt),
        invoices(*rt),
        fulfillment(*rt),
        inventory(*rt),
        reference(*rt),
        settings(*rt),
        tags(*rt),
        templates(*rt),
        sequences(*rt),
        tasks(*rt),
        imports(*rt),
        enrichment(*rt),
        ai(*rt) {}

  std::unique_ptr<detail::Runtime> rt;
  AuthService auth;
  UserService users;
  CompanyService companies;
  ContactService contacts;
  LeadService leads;
  ActivityService activities;
  PipelineService pipeline;
  JobService jobs;
  InvoiceService invoices;
  FulfillmentService fulfillment;
  InventoryService inventory;
  ReferenceService reference;
  SettingsService settings;
  TagService tags;
  TemplateService templates;
  SequenceService sequences;
  TaskService tasks;
  ImportService imports;
  EnrichmentService enrichment;
  AiService ai;
};

std::unique_ptr<Engine> Engine::open(std::shared_ptr<sql::Database> db, EngineOptions options) {
  if (!db) throw Error::invalid("Engine::open needs a database");
  if (options.jwt_secret.size() < kMinJwtSecretBytes)
    throw Error::invalid("JWT_SECRET must be at least 32 bytes");
  if (options.bcrypt_cost < 4 || options.bcrypt_cost > 31)
    throw Error::invalid("bcrypt cost must be between 4 and 31");
  if (options.principal_cache_ttl_ms < 0)
    throw Error::invalid("principal cache TTL must not be negative");
  std::shared_ptr<const Clock> clock =
      options.clock ? options.clock : std::make_shared<SystemClock>();
  if (!options.logger) options.logger = stderr_logger();
  storage::migrate(*db, clock->now_ms());
  auto rt = std::make_unique<detail::Runtime>(std::move(options), std::move(clock), std::move(db));
  return std::unique_ptr<Engine>(new Engine(std::make_unique<Impl>(std::move(rt))));
}

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

const EngineOptions& Engine::options() const { return impl_->rt->options; }
const Clock& Engine::clock() const { return *impl_->rt->clock; }
Logger& Engine::logger() const { return *impl_->rt->options.logger; }
sql::Database& Engine::database() const { return *impl_->rt->db; }
AuthService& Engine::auth() { return impl_->auth; }
UserService& Engine::users() { return impl_->users; }
CompanyService& Engine::companies() { return impl_->companies; }
ContactService& Engine::contacts() { return impl_->contacts; }
LeadService& Engine::leads() { return impl_->leads; }
ActivityService& Engine::activities() { return impl_->activities; }
PipelineService& Engine::pipeline() { return impl_->pipeline; }
JobService& Engine::jobs() { return impl_->jobs; }
InvoiceService& Engine::invoices() { return impl_->invoices; }
FulfillmentService& Engine::fulfillment() { return impl_->fulfillment; }
InventoryService& Engine::inventory() { return impl_->inventory; }
ReferenceService& Engine::reference() { return impl_->reference; }
SettingsService& Engine::settings() { return impl_->settings; }
TagService& Engine::tags() { return impl_->tags; }
TemplateService& Engine::templates() { return impl_->templates; }
SequenceService& Engine::sequences() { return impl_->sequences; }
TaskService& Engine::tasks() { return impl_->tasks; }
ImportService& Engine::imports() { return impl_->imports; }
EnrichmentService& Engine::enrichment() { return impl_->enrichment; }
AiService& Engine::ai() { return impl_->ai; }
detail::Runtime& Engine::runtime() { return *impl_->rt; }

}  // namespace crm
