// crm routes: the REST route table (method, path, tier).
#include <cstdio>

#include "adapters/rest/api.hpp"
#include "commands.hpp"

namespace crm::cli {

void add_routes_command(CLI::App& app, Action& selected) {
  app.add_subcommand("routes", "Print the REST route table")->callback([&selected] {
    selected = [](CliContext& ctx) {
      const auto routes = rest::Api::routes();
      if (ctx.json()) {
        boost::json::array out;
        for (const auto& r : routes)
          out.push_back(
              {{"method", r.method}, {"path", r.pattern}, {"tier", rest::to_string(r.tier)}});
        return ctx.print_json(out);
      }
      for (const auto& r : routes)
        std::printf("%-7s %-50s %s\n", std::string(r.method).c_str(),
                    std::string(r.pattern).c_str(), std::string(rest::to_string(r.tier)).c_str());
    };
  });
}

}  // namespace crm::cli
