#pragma once
// A one-line progress bar for long commands: "[#####.....]  12000/50000 rows  2400 rows/s  ETA
// 16s", redrawn in place on a terminal (stderr), silent otherwise.

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>

namespace crm::cli {

// The bar's text for `done` of `total` after `elapsed`. Pure (tested through the CLI).
std::string progress_line(std::size_t done, std::size_t total,
                          std::chrono::duration<double> elapsed);

class ProgressBar {
 public:
  // Draws on `out` only when it is a terminal.
  explicit ProgressBar(std::FILE* out = stderr);
  ~ProgressBar();

  // Redraws at most ten times a second, and always for the last step.
  void update(std::size_t done, std::size_t total);
  // Clears the line.
  void finish();

 private:
  std::FILE* out_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace crm::cli
