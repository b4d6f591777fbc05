// The timeline: one lane per object in its colour (tracked, prompted and edited frames), seeking
// by click and drag at any zoom, zooming around the mouse, the cursor kept in view, damaged
// frames marked with their tooltip, and a 10k-frame, 3-object timeline drawn correctly. Pixel
// colours are read from QWidget::grab.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QSignalSpy>
#include <QToolTip>
#include <QWheelEvent>

#include "ui/timeline/timeline.h"

using masklet::ui::Timeline;

namespace {

const QColor kRed(200, 30, 30);
const QColor kGreen(30, 160, 30);
const QColor kBlue(30, 30, 200);
const QColor kDamage(245, 150, 0);
const QColor kCursor(230, 40, 40);

std::vector<int> range(int begin, int end, int step = 1) {
  std::vector<int> frames;
  for (int frame = begin; frame < end; frame += step) frames.push_back(frame);
  return frames;
}

// The x in the middle of frame `frame`'s cell.
int middleOf(const Timeline& timeline, int frame) {
  return int((timeline.xOfFrame(frame) + timeline.xOfFrame(frame + 1)) / 2);
}

// The lane's colour where it is tracked: its upper half (the edited stripe is at the bottom).
QColor laneColor(const QImage& image, const Timeline& timeline, int lane, int frame) {
  const QRect rect = timeline.laneRect(lane);
  return image.pixelColor(middleOf(timeline, frame), rect.top() + rect.height() / 4);
}

void wheel(Timeline& timeline, QPoint pos, QPoint angle, Qt::KeyboardModifiers modifiers) {
  QWheelEvent event(QPointF(pos), QPointF(timeline.mapToGlobal(pos)), QPoint(), angle, Qt::NoButton,
                    modifiers, Qt::NoScrollPhase, false);
  QApplication::sendEvent(&timeline, &event);
}

}  // namespace

class TestTimeline : public QObject {
  Q_OBJECT

 private:
  // A shown timeline of `frames` frames with three objects.
  static void setUp(Timeline& timeline, int frames, int width = 600) {
    timeline.resize(width, timeline.sizeHint().height());
    timeline.setFrameCount(frames);
    timeline.setObject(1, "dog", kRed);
    timeline.setObject(2, "ball", kGreen);
    timeline.setObject(3, "", kBlue);
    timeline.resize(width, timeline.sizeHint().height());
    timeline.show();
    QVERIFY(QTest::qWaitForWindowExposed(&timeline));
  }

 private Q_SLOTS:
  void clickSeeksToTheFrameUnderTheMouse() {
    Timeline timeline;
    setUp(timeline, 101);
    const QRect area = timeline.frameArea();
    const double cell = area.width() / 101.0;
    QSignalSpy spy(&timeline, &Timeline::frameRequested);
    const int y = timeline.laneRect(0).center().y();
    QTest::mouseClick(&timeline, Qt::LeftButton, Qt::NoModifier,
                      QPoint(int(area.left() + 40.5 * cell), y));
    QTest::mouseClick(&timeline, Qt::LeftButton, Qt::NoModifier, QPoint(area.left() + 1, y));
    QTest::mouseClick(&timeline, Qt::LeftButton, Qt::NoModifier, QPoint(area.right() + 3, y));
    QCOMPARE(spy.count(), 3);
    QCOMPARE(spy.at(0).at(0).toInt(), 40);
    QCOMPARE(spy.at(1).at(0).toInt(), 0);
    QCOMPARE(spy.at(2).at(0).toInt(), 100);
  }

  void dragSeeksAlong() {
    Timeline timeline;
    setUp(timeline, 100);
    QSignalSpy spy(&timeline, &Timeline::frameRequested);
    const int y = timeline.laneRect(1).center().y();
    QTest::mousePress(&timeline, Qt::LeftButton, Qt::NoModifier, QPoint(middleOf(timeline, 10), y));
    QMouseEvent move(QEvent::MouseMove, QPointF(middleOf(timeline, 60), y),
                     timeline.mapToGlobal(QPointF(middleOf(timeline, 60), y)), Qt::NoButton,
                     Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&timeline, &move);
    QTest::mouseRelease(&timeline, Qt::LeftButton, Qt::NoModifier,
                        QPoint(middleOf(timeline, 60), y));
    QVERIFY(spy.count() >= 2);
    QCOMPARE(spy.first().at(0).toInt(), 10);
    QCOMPARE(spy.last().at(0).toInt(), 60);
  }

  void currentFrameIsClampedToTheVideo() {
    Timeline timeline;
    timeline.setFrameCount(10);
    timeline.setCurrentFrame(25);
    QCOMPARE(timeline.currentFrame(), 9);
    timeline.setCurrentFrame(-3);
    QCOMPARE(timeline.currentFrame(), 0);
  }

  void eachObjectHasALaneInItsColour() {
    Timeline timeline;
    setUp(timeline, 100);
    timeline.setObjectFrames(1, range(0, 50), {10}, {});
    timeline.setObjectFrames(2, range(50, 100), {}, {70});
    timeline.setObjectFrames(3, range(0, 100), {}, {});
    QCOMPARE(int(timeline.lanes().lanes().size()), 3);
    const QImage image = timeline.grab().toImage();
    const QColor background = laneColor(image, timeline, 0, 80);
    // Lanes in the order the objects came, each in its colour where tracked.
    QCOMPARE(laneColor(image, timeline, 0, 20), kRed);
    QVERIFY(background != kRed);
    QCOMPARE(laneColor(image, timeline, 1, 80), kGreen);
    QCOMPARE(laneColor(image, timeline, 1, 20), background);
    QCOMPARE(laneColor(image, timeline, 2, 5), kBlue);
    QCOMPARE(laneColor(image, timeline, 2, 95), kBlue);
    // The header shows each object's colour swatch and name.
    for (int lane = 0; lane < 3; ++lane) {
      const QColor swatch = image.pixelColor(8, timeline.laneRect(lane).center().y());
      QCOMPARE(swatch, (QList<QColor>{kRed, kGreen, kBlue}[lane]));
    }
    QVERIFY(timeline.toolTipAt(QPoint(40, timeline.laneRect(0).center().y())).contains("dog"));
    QVERIFY(timeline.toolTipAt(QPoint(40, timeline.laneRect(2).center().y())).contains("Object 3"));
    // A prompted frame is a dark tick; an edited frame a dark stripe along the lane's bottom,
    // above which the lane keeps its colour.
    const QColor tick = laneColor(image, timeline, 0, 10);
    QVERIFY2(tick.lightness() < 60, qPrintable(tick.name()));
    const QRect lane2 = timeline.laneRect(1);
    const QColor stripe = image.pixelColor(middleOf(timeline, 70), lane2.bottom());
    QVERIFY2(stripe != kGreen && stripe != background && stripe.lightness() < kGreen.lightness(),
             qPrintable(stripe.name()));
    QCOMPARE(image.pixelColor(middleOf(timeline, 70), lane2.top() + 1), kGreen);
    QCOMPARE(image.pixelColor(middleOf(timeline, 71), lane2.bottom()), kGreen);
    const QString tip = timeline.toolTipAt(QPoint(middleOf(timeline, 70), lane2.center().y()));
    QVERIFY2(tip.contains("ball") && tip.contains("70") && tip.contains("tracked") &&
                 tip.contains("edited"),
             qPrintable(tip));
  }

  void markingOneFrameUpdatesItsLane() {
    Timeline timeline;
    setUp(timeline, 100);
    timeline.markMask(2, 33, true, false);
    QVERIFY(timeline.lanes().hasMark(2, 33, masklet::ui::kTracked));
    QCOMPARE(laneColor(timeline.grab().toImage(), timeline, 1, 33), kGreen);
    timeline.markMask(2, 33, false, true);  // erased to nothing by the brush: edited, empty
    QVERIFY(!timeline.lanes().hasMark(2, 33, masklet::ui::kTracked));
    QVERIFY(timeline.lanes().hasMark(2, 33, masklet::ui::kEdited));
    QVERIFY(laneColor(timeline.grab().toImage(), timeline, 1, 33) != kGreen);
    // A mask for an object without a lane yet gives it one.
    timeline.markMask(7, 3, true, false);
    QCOMPARE(int(timeline.lanes().lanes().size()), 4);
    timeline.removeObject(7);
    QCOMPARE(int(timeline.lanes().lanes().size()), 3);
  }

  void clickOnALaneNameActivatesTheObject() {
    Timeline timeline;
    setUp(timeline, 100);
    QSignalSpy activated(&timeline, &Timeline::objectActivated);
    QSignalSpy seeks(&timeline, &Timeline::frameRequested);
    QTest::mouseClick(&timeline, Qt::LeftButton, Qt::NoModifier,
                      QPoint(50, timeline.laneRect(1).center().y()));
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).toInt(), 2);
    QCOMPARE(seeks.count(), 0);
  }

  void wheelZoomKeepsTheFrameUnderTheCursor() {
    Timeline timeline;
    setUp(timeline, 1000);
    QCOMPARE(timeline.visibleFrames(), 1000.0);
    const QPoint at(middleOf(timeline, 300), timeline.laneRect(0).center().y());
    const int under = timeline.frameAtX(at.x());  // about 2 frames per pixel
    QVERIFY(qAbs(under - 300) <= 3);
    wheel(timeline, at, QPoint(0, 120), Qt::NoModifier);
    QVERIFY(timeline.visibleFrames() < 1000.0);
    QCOMPARE(timeline.frameAtX(at.x()), under);
    wheel(timeline, at, QPoint(0, 360), Qt::ControlModifier);
    QVERIFY(timeline.visibleFrames() < 600.0);
    QVERIFY(timeline.visibleStart() > 0.0);
    QCOMPARE(timeline.frameAtX(at.x()), under);
    // Zooming out again around the same point comes back to the whole video.
    wheel(timeline, at, QPoint(0, -2400), Qt::NoModifier);
    QCOMPARE(timeline.visibleFrames(), 1000.0);
    QCOMPARE(timeline.visibleStart(), 0.0);
  }

  void scrollingAndFitAllMoveTheVisibleRange() {
    Timeline timeline;
    setUp(timeline, 1000);
    timeline.setVisibleRange(100, 200);
    QCOMPARE(timeline.visibleStart(), 100.0);
    QCOMPARE(timeline.visibleFrames(), 200.0);
    const QPoint at(300, timeline.laneRect(0).center().y());
    wheel(timeline, at, QPoint(0, -120), Qt::ShiftModifier);  // scroll right
    QVERIFY(timeline.visibleStart() > 100.0);
    QCOMPARE(timeline.visibleFrames(), 200.0);
    wheel(timeline, at, QPoint(240, 0), Qt::NoModifier);  // horizontal wheel: scroll left
    QVERIFY(timeline.visibleStart() < 100.0);
    // Middle-drag pans: dragging left by 100 px shows later frames.
    const double before = timeline.visibleStart();
    const double perFrame = timeline.frameArea().width() / timeline.visibleFrames();
    QTest::mousePress(&timeline, Qt::MiddleButton, Qt::NoModifier, at);
    QMouseEvent move(QEvent::MouseMove, QPointF(at.x() - 100, at.y()),
                     timeline.mapToGlobal(QPointF(at.x() - 100, at.y())), Qt::NoButton,
                     Qt::MiddleButton, Qt::NoModifier);
    QApplication::sendEvent(&timeline, &move);
    QTest::mouseRelease(&timeline, Qt::MiddleButton, Qt::NoModifier, at);
    QVERIFY(qAbs(timeline.visibleStart() - (before + 100 / perFrame)) < 1e-6);
    timeline.fitAll();
    QCOMPARE(timeline.visibleStart(), 0.0);
    QCOMPARE(timeline.visibleFrames(), 1000.0);
    // A double-click on the ruler fits too.
    timeline.setVisibleRange(500, 50);
    QTest::mouseDClick(&timeline, Qt::LeftButton, Qt::NoModifier, QPoint(300, 5));
    QCOMPARE(timeline.visibleFrames(), 1000.0);
  }

  void clickAtZoomSeeksToTheRightFrame() {
    Timeline timeline;
    setUp(timeline, 10000, 800);
    timeline.setVisibleRange(5000, 100);
    QCOMPARE(timeline.visibleStart(), 5000.0);
    const QRect area = timeline.frameArea();
    QSignalSpy spy(&timeline, &Timeline::frameRequested);
    const int y = timeline.laneRect(2).center().y();
    // 37.5 % across a 100-frame window starting at 5000 is inside frame 5037.
    QTest::mouseClick(&timeline, Qt::LeftButton, Qt::NoModifier,
                      QPoint(int(area.left() + 0.375 * area.width()), y));
    QTest::mouseClick(&timeline, Qt::LeftButton, Qt::NoModifier,
                      QPoint(int(area.left() + 0.995 * area.width()), y));
    QCOMPARE(spy.count(), 2);
    QCOMPARE(spy.at(0).at(0).toInt(), 5037);
    QCOMPARE(spy.at(1).at(0).toInt(), 5099);
  }

  void currentFrameCursorStaysVisible() {
    Timeline timeline;
    setUp(timeline, 2000);
    timeline.setVisibleRange(0, 100);
    timeline.setCurrentFrame(50);
    QCOMPARE(timeline.visibleStart(), 0.0);  // inside: nothing moves
    timeline.setCurrentFrame(1234);
    QVERIFY(timeline.visibleStart() <= 1234 && 1234 < timeline.visibleStart() + 100);
    QCOMPARE(timeline.visibleFrames(), 100.0);
    const QImage image = timeline.grab().toImage();
    const int x = int(std::floor(timeline.xOfFrame(1234)));
    QCOMPARE(image.pixelColor(x, timeline.laneRect(0).center().y()), kCursor);
    QCOMPARE(image.pixelColor(x + 1, timeline.laneRect(0).center().y()), kCursor);
    timeline.setCurrentFrame(3);  // backward past the left edge
    QVERIFY(timeline.visibleStart() <= 3 && 3 < timeline.visibleStart() + 100);
  }

  void damagedFramesAreMarkedWithATooltip() {
    Timeline timeline;
    timeline.setDamagedFrames({120, 50, 50, 5000});  // before the length is known
    setUp(timeline, 200);
    QCOMPARE(timeline.damagedFrames(), (QList<int>{50, 120}));
    const QImage image = timeline.grab().toImage();
    const int y = timeline.damageStrip().center().y();
    QCOMPARE(image.pixelColor(middleOf(timeline, 50), y), kDamage);
    QCOMPARE(image.pixelColor(middleOf(timeline, 120), y), kDamage);
    QVERIFY(image.pixelColor(middleOf(timeline, 80), y) != kDamage);
    QCOMPARE(timeline.toolTipAt(QPoint(middleOf(timeline, 50), y)),
             QString("frame 50: damaged in the video file"));
    QCOMPARE(timeline.toolTipAt(QPoint(middleOf(timeline, 80), y)), QString("frame 80"));
    // The tooltip event shows it.
    const QPoint at(middleOf(timeline, 120), y);
    QHelpEvent help(QEvent::ToolTip, at, timeline.mapToGlobal(at));
    QApplication::sendEvent(&timeline, &help);
    QTRY_COMPARE(QToolTip::text(), QString("frame 120: damaged in the video file"));
    // A new list replaces the old one.
    timeline.setDamagedFrames({});
    QVERIFY(timeline.damagedFrames().isEmpty());
    QVERIFY(timeline.grab().toImage().pixelColor(middleOf(timeline, 50), y) != kDamage);
  }

  void tenThousandFramesWithThreeObjectsRender() {
    Timeline timeline;
    setUp(timeline, 10000, 1000);
    // Object 1 tracked on every other frame, marked one by one as a propagation does.
    for (int frame = 0; frame < 10000; frame += 2) timeline.markMask(1, frame, true, false);
    timeline.setObjectFrames(2, range(0, 5000), range(0, 5000, 100), {});
    timeline.setObjectFrames(3, range(5000, 10000), {}, range(9000, 10000));
    timeline.setDamagedFrames({7777});
    timeline.setCurrentFrame(2500);
    const QImage image = timeline.grab().toImage();
    QCOMPARE(image.size(), timeline.size());
    // Ten frames per pixel: the alternating frames read as one tracked lane.
    for (const int frame : {1, 3001, 9999}) QCOMPARE(laneColor(image, timeline, 0, frame), kRed);
    QCOMPARE(laneColor(image, timeline, 1, 4050), kGreen);
    QVERIFY(laneColor(image, timeline, 1, 7050) != kGreen);
    QCOMPARE(laneColor(image, timeline, 2, 7050), kBlue);
    QVERIFY(laneColor(image, timeline, 2, 4050) != kBlue);
    QVERIFY(laneColor(image, timeline, 1, 3000).lightness() < 60);  // a prompt tick
    const QRect lane3 = timeline.laneRect(2);
    QVERIFY(image.pixelColor(middleOf(timeline, 9500), lane3.bottom()) != kBlue);  // edited
    QCOMPARE(image.pixelColor(middleOf(timeline, 7777), timeline.damageStrip().center().y()),
             kDamage);
    QCOMPARE(image.pixelColor(int(std::floor(timeline.xOfFrame(2500))) + 1, lane3.center().y()),
             kCursor);
  }
};

MASKLET_TEST_MAIN(TestTimeline)
#include "test_timeline.moc"
