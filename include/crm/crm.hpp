#pragma once
// Umbrella header for embedders.

#include "crm/activity.hpp"
#include "crm/clock.hpp"
#include "crm/companies.hpp"
#include "crm/contacts.hpp"
#include "crm/engine.hpp"
#include "crm/error.hpp"
#include "crm/leads.hpp"
#include "crm/money.hpp"
#include "crm/options.hpp"
#include "crm/pagination.hpp"
#include "crm/pipeline.hpp"
#include "crm/records.hpp"
#include "crm/time.hpp"
#include "crm/user.hpp"
#include "crm/users.hpp"
