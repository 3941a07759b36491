#pragma once
// The port's `?` placeholders rewritten to PostgreSQL's `$1, $2, ...`.

#include <string>
#include <string_view>

namespace crm::postgres {

// Replaces each `?` outside string literals, quoted identifiers and comments with `$n`,
// numbering from 1 in order. `count` receives the number of placeholders.
std::string number_placeholders(std::string_view sql, int& count);

}  // namespace crm::postgres
