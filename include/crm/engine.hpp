#pragma once
// The engine: one open database plus the per-area services that work on it.

#include <memory>

#include "crm/options.hpp"
#include "crm/ports/sql.hpp"

namespace crm {

class AuthService;
class UserService;
class CompanyService;
class ContactService;
class LeadService;
class ActivityService;
class PipelineService;
class JobService;
class InvoiceService;
class FulfillmentService;
class InventoryService;
class ReferenceService;
class SettingsService;
class TagService;
class TemplateService;
class SequenceService;
class TaskService;
class ImportService;
class EnrichmentService;
class AiService;

namespace detail {
struct Runtime;
}

// Thread-safe: one Engine serves every thread of a server; its services may be called
// concurrently.
class Engine {
 public:
  // Runs pending migrations on `database` (see crm/storage.hpp to open one from a URL) and
  // serves from it. Several engines, in one process or many, may share one database. Throws
  // crm::Error(kInvalidArgument) on bad options, kUnavailable/kInternal on storage errors.
  static std::unique_ptr<Engine> open(std::shared_ptr<sql::Database> database,
                                      EngineOptions options);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  const EngineOptions& options() const;
  const Clock& clock() const;
  Logger& logger() const;
  sql::Database& database() const;

  AuthService& auth();
  UserService& users();
  CompanyService& companies();
  ContactService& contacts();
  LeadService& leads();
  ActivityService& activities();
  PipelineService& pipeline();
  JobService& jobs();
  InvoiceService& invoices();
  FulfillmentService& fulfillment();
  InventoryService& inventory();
  ReferenceService& reference();
  SettingsService& settings();
  TagService& tags();
  TemplateService& templates();
  SequenceService& sequences();
  TaskService& tasks();
  ImportService& imports();
  EnrichmentService& enrichment();
  AiService& ai();

  // For adapters inside this project (e.g. the CLI's raw listing); not part of the stable API.
  detail::Runtime& runtime();

 private:
  struct Impl;
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace crm
