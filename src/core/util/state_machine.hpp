#pragma once
// A status state machine as a table of allowed transitions. Services ask it before every
// status change, so an illegal change is refused before anything is written.

#include <span>
#include <string>
#include <string_view>

#include "crm/error.hpp"

namespace crm {

template <class S>
struct Transition {
  S from;
  S to;
};

template <class S>
class StateMachine {
 public:
  // `noun` names the record in error messages ("Invoice", "Order").
  constexpr StateMachine(std::string_view noun, std::span<const Transition<S>> allowed)
      : noun_(noun), allowed_(allowed) {}

  bool allows(S from, S to) const {
    for (const auto& t : allowed_)
      if (t.from == from && t.to == to) return true;
    return false;
  }

  // Throws kInvalidArgument "<Noun> cannot go from FROM to TO" unless allowed.
  void require(S from, S to) const {
    if (!allows(from, to))
      throw Error::invalid(std::string(noun_) + " cannot go from " + std::string(to_string(from)) +
                           " to " + std::string(to_string(to)));
  }

 private:
  std::string_view noun_;
  std::span<const Transition<S>> allowed_;
};

}  // namespace crm
