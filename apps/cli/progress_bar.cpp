#include "progress_bar.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>

namespace crm::cli {
namespace {

constexpr int kWidth = 30;

std::string duration_text(double seconds) {
  const auto s = static_cast<long>(std::ceil(seconds));
  if (s < 60) return std::to_string(s) + "s";
  return std::to_string(s / 60) + "m" + (s % 60 < 10 ? "0" : "") + std::to_string(s % 60) + "s";
}

}  // namespace

std::string progress_line(std::size_t done, std::size_t total,
                          std::chrono::duration<double> elapsed) {
  const double fraction =
      total == 0 ? 1.0 : std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
  const int filled = static_cast<int>(fraction * kWidth);
  std::string line = "[" + std::string(filled, '#') + std::string(kWidth - filled, '.') + "] ";
  line += std::to_string(done) + "/" + std::to_string(total) + " rows";
  const double seconds = elapsed.count();
  if (seconds > 0 && done > 0) {
    const double rate = static_cast<double>(done) / seconds;
    line += "  " + std::to_string(static_cast<long>(rate)) + " rows/s";
    if (done < total) line += "  ETA " + duration_text(static_cast<double>(total - done) / rate);
  }
  return line;
}

ProgressBar::ProgressBar(std::FILE* out) : out_(out), enabled_(isatty(fileno(out)) != 0) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::update(std::size_t done, std::size_t total) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (done < total && drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  drawn_ = true;
  std::fprintf(out_, "\r\033[K%s", progress_line(done, total, now - start_).c_str());
  std::fflush(out_);
}

void ProgressBar::finish() {
  if (!enabled_ || !drawn_) return;
  std::fprintf(out_, "\r\033[K");
  std::fflush(out_);
  drawn_ = false;
}

}  // namespace crm::cli
