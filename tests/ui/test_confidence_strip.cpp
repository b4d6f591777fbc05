// The confidence strip of a timeline lane: the pixels of a strip painted for a synthetic
// series have each frame's class colour, over exactly that frame's share of the rectangle, for
// a frame range and when zoomed out far enough that one frame is less than a pixel; the
// tooltip carries the numbers.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QImage>
#include <QPainter>

#include "ui/timeline/confidence_strip.h"

using masklet::project::FrameSignals;
using masklet::project::ReviewThresholds;
using masklet::project::SignalSeries;
using masklet::ui::StripClass;
using masklet::ui::stripColor;

namespace {

FrameSignals frameSignals(int frame, double score, double iou, uint64_t area,
                          bool checked = false) {
  FrameSignals s;
  s.frame = frame;
  s.objectScore = score;
  s.predictedIou = iou;
  s.area = area;
  s.checked = checked;
  return s;
}

// 0-2 sure, 3 doubtful, 4 lost, 5 doubtful but checked, 6-7 untracked, 8 sure, 9 doubtful.
SignalSeries sample() {
  SignalSeries series;
  for (int f : {0, 1, 2, 8}) series[f] = frameSignals(f, 2.0, 0.9, 100);
  series[3] = frameSignals(3, 1.25, 0.5, 120);
  series[4] = frameSignals(4, -3.0, 0.9, 0);
  series[5] = frameSignals(5, 2.0, 0.4, 90, true);
  series[9] = frameSignals(9, 2.0, 0.6, 100);
  return series;
}

QColor at(const QImage& image, int x, int y) {
  return QColor(image.pixel(x, y));
}

}  // namespace

class TestConfidenceStrip : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { QLocale::setDefault(QLocale::c()); }

  void everyFrameHasItsClassColour() {
    QImage image(100, 8, QImage::Format_RGB32);
    image.fill(Qt::black);
    {
      QPainter painter(&image);
      masklet::ui::paintConfidenceStrip(painter, image.rect(), sample(), 0, 9, ReviewThresholds{});
    }
    const std::vector<StripClass> expected{
        StripClass::Sure, StripClass::Sure,    StripClass::Sure,      StripClass::Doubtful,
        StripClass::Lost, StripClass::Checked, StripClass::Untracked, StripClass::Untracked,
        StripClass::Sure, StripClass::Doubtful};
    for (int f = 0; f < 10; ++f)
      for (int x : {f * 10, f * 10 + 5, f * 10 + 9})
        for (int y : {0, 7})
          QVERIFY2(at(image, x, y) == stripColor(expected[size_t(f)]),
                   qPrintable(
                       QString("frame %1 at x %2: %3").arg(f).arg(x).arg(at(image, x, y).name())));
    // The five classes are told apart.
    QSet<QRgb> colours;
    for (auto cls : {StripClass::Sure, StripClass::Doubtful, StripClass::Lost,
                     StripClass::Untracked, StripClass::Checked})
      colours.insert(stripColor(cls).rgb());
    QCOMPARE(colours.size(), 5);
  }

  void aFrameRangeFillsOnlyItsRectangle() {
    QImage image(50, 10, QImage::Format_RGB32);
    image.fill(Qt::black);
    {
      QPainter painter(&image);
      masklet::ui::paintConfidenceStrip(painter, QRect(10, 2, 30, 4), sample(), 3, 5,
                                        ReviewThresholds{});
    }
    QCOMPARE(at(image, 15, 3), stripColor(StripClass::Doubtful));
    QCOMPARE(at(image, 25, 3), stripColor(StripClass::Lost));
    QCOMPARE(at(image, 35, 5), stripColor(StripClass::Checked));
    QCOMPARE(at(image, 9, 3), QColor(Qt::black));
    QCOMPARE(at(image, 40, 3), QColor(Qt::black));
    QCOMPARE(at(image, 15, 1), QColor(Qt::black));
    QCOMPARE(at(image, 15, 6), QColor(Qt::black));
  }

  void aDoubtfulFrameShowsWhenZoomedOut() {
    SignalSeries series;
    for (int f = 0; f < 1000; ++f) series[f] = frameSignals(f, 2.0, f == 500 ? 0.3 : 0.9, 50);
    QImage image(100, 4, QImage::Format_RGB32);
    image.fill(Qt::black);
    {
      QPainter painter(&image);
      masklet::ui::paintConfidenceStrip(painter, image.rect(), series, 0, 999, ReviewThresholds{});
    }
    QCOMPARE(at(image, 50, 2), stripColor(StripClass::Doubtful));
    QCOMPARE(at(image, 49, 2), stripColor(StripClass::Sure));
    QCOMPARE(at(image, 51, 2), stripColor(StripClass::Sure));
  }

  void runsJoinEqualFrames() {
    const auto runs = masklet::ui::stripRuns(sample(), 0, 12, ReviewThresholds{});
    const std::vector<std::tuple<int, int, StripClass>> expected{
        {0, 2, StripClass::Sure},     {3, 3, StripClass::Doubtful},   {4, 4, StripClass::Lost},
        {5, 5, StripClass::Checked},  {6, 7, StripClass::Untracked},  {8, 8, StripClass::Sure},
        {9, 9, StripClass::Doubtful}, {10, 12, StripClass::Untracked}};
    QCOMPARE(runs.size(), expected.size());
    for (size_t i = 0; i < runs.size(); ++i) {
      QCOMPARE(runs[i].first, std::get<0>(expected[i]));
      QCOMPARE(runs[i].last, std::get<1>(expected[i]));
      QCOMPARE(runs[i].cls, std::get<2>(expected[i]));
    }
    QVERIFY(masklet::ui::stripRuns(sample(), 5, 4, ReviewThresholds{}).empty());
    // Stricter thresholds change the colours, not the series.
    ReviewThresholds strict;
    strict.minPredictedIou = 0.95;
    QCOMPARE(masklet::ui::stripRuns(sample(), 0, 2, strict).front().cls, StripClass::Doubtful);
  }

  void tooltipGivesTheNumbers() {
    const QString doubtful = masklet::ui::confidenceTooltip(sample(), 3, ReviewThresholds{});
    QVERIFY2(doubtful.startsWith("Frame 3: doubtful"), qPrintable(doubtful));
    QVERIFY2(doubtful.contains("object score: 1.25"), qPrintable(doubtful));
    QVERIFY2(doubtful.contains("predicted IoU: 0.500"), qPrintable(doubtful));
    QVERIFY2(doubtful.contains("area: 120 px"), qPrintable(doubtful));
    QVERIFY2(doubtful.contains("IoU with previous: none"), qPrintable(doubtful));
    QVERIFY(!doubtful.contains("checked"));
    QVERIFY(masklet::ui::confidenceTooltip(sample(), 5, ReviewThresholds{}).endsWith("checked"));
    QVERIFY(masklet::ui::confidenceTooltip(sample(), 4, ReviewThresholds{})
                .startsWith("Frame 4: lost"));
    QCOMPARE(masklet::ui::confidenceTooltip(sample(), 6, ReviewThresholds{}),
             QString("Frame 6: not tracked"));
  }
};

MASKLET_TEST_MAIN(TestConfidenceStrip)
#include "test_confidence_strip.moc"
