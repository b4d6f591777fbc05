#include "ui/timeline/confidence_strip.h"

#include <QLocale>
#include <QPainter>
#include <QStringList>

namespace masklet::ui {

using project::ReviewState;

QColor stripColor(StripClass cls) {
  switch (cls) {
    case StripClass::Sure:
      return QColor(0x3f, 0xae, 0x49);
    case StripClass::Doubtful:
      return QColor(0xf0, 0xa3, 0x0a);
    case StripClass::Lost:
      return QColor(0xd9, 0x3b, 0x3b);
    case StripClass::Untracked:
      return QColor(0x55, 0x55, 0x55);
    case StripClass::Checked:
      return QColor(0x4a, 0x90, 0xd9);
  }
  return QColor(0x55, 0x55, 0x55);
}

StripClass stripClass(const project::FrameSignals* signals,
                      const project::ReviewThresholds& thresholds) {
  switch (project::classify(signals, thresholds)) {
    case ReviewState::Sure:
      return StripClass::Sure;
    case ReviewState::Doubtful:
      return signals->checked ? StripClass::Checked : StripClass::Doubtful;
    case ReviewState::Lost:
      return StripClass::Lost;
    case ReviewState::Untracked:
      return StripClass::Untracked;
  }
  return StripClass::Untracked;
}

std::vector<StripRun> stripRuns(const project::SignalSeries& series, int firstFrame, int lastFrame,
                                const project::ReviewThresholds& thresholds) {
  std::vector<StripRun> runs;
  auto entry = series.lower_bound(firstFrame);
  for (int frame = firstFrame; frame <= lastFrame; ++frame) {
    const project::FrameSignals* signals = nullptr;
    if (entry != series.end() && entry->first == frame) signals = &(entry++)->second;
    const StripClass cls = stripClass(signals, thresholds);
    if (!runs.empty() && runs.back().cls == cls && runs.back().last == frame - 1) {
      runs.back().last = frame;
    } else {
      runs.push_back({frame, frame, cls});
    }
    // Jump over an untracked gap in one step (long videos with short tracks).
    if (signals == nullptr) {
      const int gapEnd = entry == series.end() ? lastFrame : std::min(lastFrame, entry->first - 1);
      runs.back().last = gapEnd;
      frame = gapEnd;
    }
  }
  return runs;
}

void paintConfidenceStrip(QPainter& painter, const QRect& rect, const project::SignalSeries& series,
                          int firstFrame, int lastFrame,
                          const project::ReviewThresholds& thresholds) {
  if (lastFrame < firstFrame || rect.isEmpty()) return;
  const qint64 frames = qint64(lastFrame) - firstFrame + 1;
  auto xOf = [&](qint64 frameOffset) {
    return rect.left() + int(frameOffset * rect.width() / frames);
  };
  painter.save();
  painter.setPen(Qt::NoPen);
  // Zoomed out, a run can be narrower than a pixel: it still gets one, and the classes that
  // need a look (lost, then doubtful) are painted last so they are never covered.
  auto rank = [](StripClass cls) {
    return cls == StripClass::Doubtful ? 2 : cls == StripClass::Lost ? 1 : 0;
  };
  const auto runs = stripRuns(series, firstFrame, lastFrame, thresholds);
  for (int pass = 0; pass <= 2; ++pass) {
    for (const StripRun& run : runs) {
      if (rank(run.cls) != pass) continue;
      const int x0 = xOf(run.first - firstFrame);
      const int x1 = xOf(qint64(run.last) - firstFrame + 1);
      painter.fillRect(QRect(x0, rect.top(), std::max(1, x1 - x0), rect.height()),
                       stripColor(run.cls));
    }
  }
  painter.restore();
}

QString confidenceTooltip(const project::SignalSeries& series, int frame,
                          const project::ReviewThresholds& thresholds) {
  const auto found = series.find(frame);
  if (found == series.end()) return QString("Frame %1: not tracked").arg(frame);
  const project::FrameSignals& s = found->second;
  const QLocale locale;
  QStringList lines;
  lines << QString("Frame %1: %2")
               .arg(frame)
               .arg(QString::fromUtf8(project::toString(project::classify(&s, thresholds))));
  auto number = [&](const std::optional<double>& value, int decimals) {
    return value ? locale.toString(*value, 'f', decimals) : QString("none");
  };
  lines << "object score: " + number(s.objectScore, 2);
  lines << "predicted IoU: " + number(s.predictedIou, 3);
  lines << "area: " + locale.toString(qulonglong(s.area)) + " px";
  lines << "IoU with previous: " + number(s.iouWithPrevious, 3);
  if (s.checked) lines << "checked";
  return lines.join('\n');
}

}  // namespace masklet::ui
