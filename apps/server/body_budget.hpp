#pragma once
// The bytes of request bodies that all connections together may hold in memory at once, so that
// many clients sending large bodies cannot exhaust the server's memory.

#include <atomic>
#include <cstddef>
#include <memory>

namespace crm::server {

// Thread-safe. Shared (by shared_ptr) with every reservation, which may outlive the server.
class BodyBudget : public std::enable_shared_from_this<BodyBudget> {
 public:
  // A share of the budget held for one request body; released on destruction. Move-only; one
  // reservation is used by one thread at a time.
  class Reservation {
   public:
    Reservation() = default;
    ~Reservation() { release(); }
    Reservation(Reservation&& other) noexcept;
    Reservation& operator=(Reservation&& other) noexcept;
    Reservation(const Reservation&) = delete;
    Reservation& operator=(const Reservation&) = delete;

    // Adds `bytes` to this reservation; false (and nothing taken) when the budget cannot spare
    // them. A default-constructed reservation (no budget) grows without limit.
    bool grow(std::size_t bytes);
    std::size_t size() const { return bytes_; }
    void release();

   private:
    friend class BodyBudget;
    explicit Reservation(std::shared_ptr<BodyBudget> budget) : budget_(std::move(budget)) {}

    std::shared_ptr<BodyBudget> budget_;
    std::size_t bytes_ = 0;
  };

  static std::shared_ptr<BodyBudget> create(std::size_t capacity);

  // An empty reservation on this budget.
  Reservation reserve() { return Reservation(shared_from_this()); }

  std::size_t capacity() const { return capacity_; }
  std::size_t in_use() const { return used_.load(std::memory_order_relaxed); }

 private:
  explicit BodyBudget(std::size_t capacity) : capacity_(capacity) {}
  bool take(std::size_t bytes);
  void give(std::size_t bytes) { used_.fetch_sub(bytes, std::memory_order_relaxed); }

  const std::size_t capacity_;
  std::atomic<std::size_t> used_{0};
};

}  // namespace crm::server
