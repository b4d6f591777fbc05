#pragma once
// Progress of a long command on stderr: a redrawn bar on a terminal, plain lines otherwise (a
// log file or a cluster job's output gets one line per tenth of the work, not a stream of
// carriage returns).
#include <chrono>
#include <cstdint>
#include <string>

namespace masklet::cli {

class ProgressLine {
 public:
  // quiet: print nothing. The terminal test is isatty(stderr).
  explicit ProgressLine(bool quiet = false);

  // Starts a new task ("steps[3] (propagate)") of `total` units.
  void begin(const std::string& task, int64_t total);
  void setTotal(int64_t total) { m_total = total; }
  void update(int64_t done);
  // Ends the task's bar or line with a summary.
  void finish(const std::string& summary = "");
  // A line of its own (between tasks).
  void note(const std::string& text);

 private:
  void draw(int64_t done);

  bool m_quiet;
  bool m_terminal;
  std::string m_task;
  int64_t m_total = 0;
  int64_t m_done = 0;
  int64_t m_nextLine = 0;  // plain mode: the next count to print a line at
  bool m_open = false;
  std::chrono::steady_clock::time_point m_started;
};

}  // namespace masklet::cli
