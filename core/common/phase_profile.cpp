#include "common/phase_profile.h"

#include <atomic>
#include <chrono>
#include <mutex>

namespace masklet::common {
namespace {

std::atomic<bool> g_enabled{false};
std::mutex g_mutex;
std::map<std::string, PhaseTotal> g_totals;

long long nowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void setPhaseProfiling(bool enabled) {
  std::lock_guard lock(g_mutex);
  if (enabled) g_totals.clear();
  g_enabled.store(enabled, std::memory_order_relaxed);
}

bool phaseProfilingEnabled() {
  return g_enabled.load(std::memory_order_relaxed);
}

std::map<std::string, PhaseTotal> phaseTotals() {
  std::lock_guard lock(g_mutex);
  return g_totals;
}

PhaseScope::PhaseScope(const char* name) {
  if (!g_enabled.load(std::memory_order_relaxed)) return;
  m_name = name;
  m_startNs = nowNs();
}

PhaseScope::~PhaseScope() {
  if (!m_name) return;
  const double seconds = double(nowNs() - m_startNs) * 1e-9;
  std::lock_guard lock(g_mutex);
  auto& total = g_totals[m_name];
  total.seconds += seconds;
  ++total.calls;
}

}  // namespace masklet::common
