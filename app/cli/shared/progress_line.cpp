#include "cli/shared/progress_line.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace masklet::cli {

ProgressLine::ProgressLine(bool quiet) : m_quiet(quiet), m_terminal(::isatty(2) == 1) {}

void ProgressLine::begin(const std::string& task, int64_t total) {
  if (m_open) finish();
  m_task = task;
  m_total = std::max<int64_t>(total, 0);
  m_done = 0;
  m_nextLine = 0;
  m_open = true;
  m_started = std::chrono::steady_clock::now();
  draw(0);
}

void ProgressLine::update(int64_t done) {
  if (!m_open) return;
  m_done = done;
  draw(done);
}

void ProgressLine::finish(const std::string& summary) {
  if (!m_open) return;
  m_open = false;
  if (m_quiet) return;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - m_started).count();
  if (m_terminal) std::fprintf(stderr, "\r\033[K");
  std::fprintf(stderr, "%s: %lld/%lld frames, %.1f s%s%s\n", m_task.c_str(),
               static_cast<long long>(m_done), static_cast<long long>(m_total), seconds,
               summary.empty() ? "" : ", ", summary.c_str());
}

void ProgressLine::note(const std::string& text) {
  if (m_quiet) return;
  if (m_open && m_terminal) std::fprintf(stderr, "\r\033[K");
  std::fprintf(stderr, "%s\n", text.c_str());
  if (m_open) draw(m_done);
}

void ProgressLine::draw(int64_t done) {
  if (m_quiet) return;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - m_started).count();
  const double rate = seconds > 0 ? done / seconds : 0.0;
  if (m_terminal) {
    constexpr int kWidth = 30;
    const int filled = m_total > 0 ? static_cast<int>(kWidth * done / m_total) : 0;
    std::fprintf(stderr, "\r\033[K%s [%s%s] %lld/%lld frames %.2f fps", m_task.c_str(),
                 std::string(filled, '#').c_str(), std::string(kWidth - filled, ' ').c_str(),
                 static_cast<long long>(done), static_cast<long long>(m_total), rate);
    std::fflush(stderr);
    return;
  }
  // Plain lines: at the start and at every tenth (at least every frame of short runs).
  if (done < m_nextLine || done == 0 || done >= m_total) return;
  std::fprintf(stderr, "%s: %lld/%lld frames, %.2f fps\n", m_task.c_str(),
               static_cast<long long>(done), static_cast<long long>(m_total), rate);
  m_nextLine = done + std::max<int64_t>(1, m_total / 10);
}

}  // namespace masklet::cli
