#pragma once
// Attaching child rows to a page of parents loaded by one statement (no N+1): the parents' ids
// for an IN list, then each child appended to its parent's vector.

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace crm::rows {

// The `id` of every parent, in order.
template <class Parent>
std::vector<std::string> ids_of(const std::vector<Parent>& parents) {
  std::vector<std::string> ids;
  ids.reserve(parents.size());
  for (const auto& p : parents) ids.push_back(p.id);
  return ids;
}

// Appends each (parent id, child) to `member` of the parent with that id, keeping the children's
// order; children of unknown parents are dropped.
template <class Parent, class Child>
void attach(std::vector<Parent>& parents, std::vector<std::pair<std::string, Child>> children,
            std::vector<Child> Parent::*member) {
  std::map<std::string, Parent*> by_id;
  for (auto& p : parents) by_id[p.id] = &p;
  for (auto& [parent_id, child] : children)
    if (auto it = by_id.find(parent_id); it != by_id.end())
      (it->second->*member).push_back(std::move(child));
}

}  // namespace crm::rows
