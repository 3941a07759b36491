#include "body_budget.hpp"

#include <utility>

namespace crm::server {

std::shared_ptr<BodyBudget> BodyBudget::create(std::size_t capacity) {
  return std::shared_ptr<BodyBudget>(new BodyBudget(capacity));
}

bool BodyBudget::take(std::size_t bytes) {
  std::size_t used = used_.load(std::memory_order_relaxed);
  do {
    if (bytes > capacity_ - used) return false;
  } while (!used_.compare_exchange_weak(used, used + bytes, std::memory_order_relaxed));
  return true;
}

BodyBudget::Reservation::Reservation(Reservation&& other) noexcept
    : budget_(std::move(other.budget_)), bytes_(std::exchange(other.bytes_, 0)) {}

BodyBudget::Reservation& BodyBudget::Reservation::operator=(Reservation&& other) noexcept {
  if (this != &other) {
    release();
    budget_ = std::move(other.budget_);
    bytes_ = std::exchange(other.bytes_, 0);
  }
  return *this;
}

bool BodyBudget::Reservation::grow(std::size_t bytes) {
  if (budget_ && !budget_->take(bytes)) return false;
  bytes_ += bytes;
  return true;
}

void BodyBudget::Reservation::release() {
  if (budget_ && bytes_ > 0) budget_->give(bytes_);
  bytes_ = 0;
}

}  // namespace crm::server
