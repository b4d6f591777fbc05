#pragma once
// Measures how long the GUI thread's event loop goes without running a timer: a precise 5 ms
// timer records the gap between its ticks, so any handler, paint or wait on the GUI thread that
// holds the loop shows up as a long gap, labelled with the phase the test was in. Work the test
// itself does on the GUI thread (decoding masks to check them, saving screenshots) is excluded
// with pause() / resume(). Waiting must run a real event loop (waitUntil below): QTest's
// qWait / qWaitFor / QTRY_* sleep 10 ms between rounds of events, which would be measured too.
#include <QElapsedTimer>
#include <QEventLoop>
#include <QObject>
#include <QString>
#include <QTimer>
#include <algorithm>
#include <functional>
#include <utility>
#include <vector>

namespace masklet::test {

// Runs the event loop (blocking in it between events, as the application does) until `done`
// holds or `timeoutMs` passed; returns `done()`.
inline bool waitUntil(const std::function<bool()>& done, int timeoutMs) {
  if (done()) return true;
  QEventLoop loop;
  QTimer poll;
  poll.setTimerType(Qt::PreciseTimer);
  QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
    if (done()) loop.quit();
  });
  poll.start(2);
  QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
  loop.exec();
  return done();
}

// Runs the event loop for `ms` milliseconds.
inline void runEventsFor(int ms) {
  QEventLoop loop;
  QTimer::singleShot(ms, Qt::PreciseTimer, &loop, &QEventLoop::quit);
  loop.exec();
}

class EventLoopMonitor : public QObject {
 public:
  EventLoopMonitor() {
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(5);
    connect(&m_timer, &QTimer::timeout, this, [this] { tick(); });
  }

  void start() {
    m_clock.start();
    m_timer.start();
  }
  void setPhase(const QString& phase) { m_phase = phase; }
  void pause() {
    tick();
    m_paused = true;
  }
  void resume() {
    m_paused = false;
    m_clock.restart();
  }

  qint64 longestGapMs() const { return m_longest; }
  QString longestGapPhase() const { return m_longestPhase; }
  // "longest 23 ms (tracking), 99th percentile 7 ms, 4210 ticks; by phase: opening 12 ms, ..."
  QString summary() const {
    std::vector<qint64> gaps = m_gaps;
    qint64 p99 = 0;
    if (!gaps.empty()) {
      const size_t at = gaps.size() * 99 / 100;
      std::nth_element(gaps.begin(), gaps.begin() + at, gaps.end());
      p99 = gaps[at];
    }
    return QString("longest %1 ms (%2), 99th percentile %3 ms, %4 ticks")
               .arg(m_longest)
               .arg(m_longestPhase)
               .arg(p99)
               .arg(m_gaps.size()) +
           phases();
  }

 private:
  QString phases() const {
    QString text;
    for (const auto& [phase, longest] : m_longestByPhase)
      text += QString("%1%2 %3 ms").arg(text.isEmpty() ? "; by phase: " : ", ", phase).arg(longest);
    return text;
  }

  void tick() {
    if (m_paused) return;
    const qint64 gap = m_clock.restart();
    m_gaps.push_back(gap);
    auto at = std::find_if(m_longestByPhase.begin(), m_longestByPhase.end(),
                           [&](const auto& entry) { return entry.first == m_phase; });
    if (at == m_longestByPhase.end()) at = m_longestByPhase.insert(at, {m_phase, 0});
    at->second = std::max(at->second, gap);
    if (gap > m_longest) {
      m_longest = gap;
      m_longestPhase = m_phase;
    }
  }

  QTimer m_timer;
  QElapsedTimer m_clock;
  QString m_phase;
  QString m_longestPhase;
  std::vector<qint64> m_gaps;
  std::vector<std::pair<QString, qint64>> m_longestByPhase;  // in the order the phases came
  qint64 m_longest = 0;
  bool m_paused = false;
};

}  // namespace masklet::test
