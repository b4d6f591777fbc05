#include "ui/tracking/tracking_progress.h"

#include <QCoreApplication>
#include <algorithm>
#include <cmath>

namespace masklet::ui {
namespace {
// The rate forgets a sample within a few seconds: it follows a change of speed (a slower part
// of the video, another program taking the CPU) without jumping with each frame.
constexpr double kSmoothingSeconds = 4.0;
}  // namespace

void TrackingProgress::start(double nowSeconds) {
  *this = TrackingProgress();
  m_started = true;
  m_lastTime = nowSeconds;
}

void TrackingProgress::update(double nowSeconds, int done, int total) {
  if (!m_started) start(nowSeconds);
  m_total = total;
  if (done <= m_sampleDone) {
    m_done = std::max(m_done, done);
    return;
  }
  const double elapsed = nowSeconds - m_lastTime;
  m_done = done;
  if (elapsed <= 0.0) return;  // same instant: counted with the next sample that has a duration
  const double rate = (done - m_sampleDone) / elapsed;
  if (m_haveRate) {
    const double weight = 1.0 - std::exp(-elapsed / kSmoothingSeconds);
    m_rate += weight * (rate - m_rate);
  } else {
    m_rate = rate;
    m_haveRate = true;
  }
  m_sampleDone = done;
  m_lastTime = nowSeconds;
}

std::optional<double> TrackingProgress::framesPerSecond() const {
  if (!m_haveRate) return std::nullopt;
  return m_rate;
}

std::optional<double> TrackingProgress::secondsLeft() const {
  if (!m_haveRate || m_rate <= 0.0 || m_total <= 0) return std::nullopt;
  return std::max(0, m_total - m_done) / m_rate;
}

QString TrackingProgress::text() const {
  const auto tr = [](const char* text) {
    return QCoreApplication::translate("masklet::ui::TrackingProgress", text);
  };
  QString line =
      m_total > 0 ? tr("%1/%2 frames").arg(m_done).arg(m_total) : tr("%1 frames").arg(m_done);
  if (const auto rate = framesPerSecond())
    line += tr(" · %1 frames/s").arg(*rate, 0, 'f', *rate < 10 ? 1 : 0);
  if (const auto left = secondsLeft()) line += tr(" · %1 left").arg(formatDuration(*left));
  return line;
}

QString formatDuration(double seconds) {
  const long long total = std::max(0LL, static_cast<long long>(std::ceil(seconds)));
  const long long hours = total / 3600;
  const long long minutes = (total / 60) % 60;
  const long long secs = total % 60;
  const auto two = [](long long value) { return QString::number(value).rightJustified(2, '0'); };
  if (hours > 0) return QString("%1:%2:%3").arg(hours).arg(two(minutes), two(secs));
  return QString("%1:%2").arg(minutes).arg(two(secs));
}

}  // namespace masklet::ui
