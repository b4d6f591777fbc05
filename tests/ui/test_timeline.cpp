// The timeline seeks to the frame under the mouse and clamps the current frame.
#include <QtTest/QtTest>

#include <QSignalSpy>

#include "ui/timeline.h"

using masklet::ui::Timeline;

class TestTimeline : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void clickSeeksToTheFrameUnderTheMouse() {
    Timeline timeline;
    timeline.resize(216, 40);  // 8 px margins: frame f of 101 is at x = 8 + 2 f
    timeline.setFrameCount(101);
    timeline.show();
    QVERIFY(QTest::qWaitForWindowExposed(&timeline));
    QSignalSpy spy(&timeline, &Timeline::frameRequested);
    QTest::mouseClick(&timeline, Qt::LeftButton, Qt::NoModifier, QPoint(8 + 2 * 40, 20));
    QTest::mouseClick(&timeline, Qt::LeftButton, Qt::NoModifier, QPoint(1, 20));
    QTest::mouseClick(&timeline, Qt::LeftButton, Qt::NoModifier, QPoint(215, 20));
    QCOMPARE(spy.count(), 3);
    QCOMPARE(spy.at(0).at(0).toInt(), 40);
    QCOMPARE(spy.at(1).at(0).toInt(), 0);
    QCOMPARE(spy.at(2).at(0).toInt(), 100);
  }

  void currentFrameIsClampedToTheVideo() {
    Timeline timeline;
    timeline.setFrameCount(10);
    timeline.setCurrentFrame(25);
    QCOMPARE(timeline.currentFrame(), 9);
    timeline.setCurrentFrame(-3);
    QCOMPARE(timeline.currentFrame(), 0);
  }
};

QTEST_MAIN(TestTimeline)
#include "test_timeline.moc"
