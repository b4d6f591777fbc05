// The tracking-progress estimator: frames/s and time left from synthetic timings (no model, no
// clock), smoothing of a change of speed, and a new run forgetting the old one.
#include <QtTest/QtTest>

#include "test_registry.h"

#include "ui/tracking/tracking_progress.h"

using masklet::ui::formatDuration;
using masklet::ui::TrackingProgress;

class TestTrackingProgress : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void steadyRateGivesFramesPerSecondAndTimeLeft() {
    TrackingProgress progress;
    progress.start(100.0);
    QVERIFY(!progress.framesPerSecond().has_value());
    QVERIFY(!progress.secondsLeft().has_value());
    // 4 frames/s: a frame every 0.25 s, 200 frames in all.
    for (int done = 1; done <= 40; ++done) progress.update(100.0 + 0.25 * done, done, 200);
    QCOMPARE(progress.done(), 40);
    QCOMPARE(progress.total(), 200);
    QVERIFY(qAbs(*progress.framesPerSecond() - 4.0) < 1e-6);
    QVERIFY(qAbs(*progress.secondsLeft() - 160 / 4.0) < 1e-6);
    QCOMPARE(progress.text(), QString("40/200 frames · 4.0 frames/s · 0:40 left"));
  }

  void aChangeOfSpeedIsFollowedSmoothly() {
    TrackingProgress progress;
    progress.start(0.0);
    int done = 0;
    double now = 0.0;
    for (; done < 20; ++done) progress.update(now += 0.1, done + 1, 1000);  // 10 frames/s
    QVERIFY(qAbs(*progress.framesPerSecond() - 10.0) < 1e-6);
    // Slows to 2 frames/s: one slow frame moves the estimate only part of the way...
    progress.update(now += 0.5, ++done, 1000);
    const double afterOne = *progress.framesPerSecond();
    QVERIFY2(afterOne < 10.0 && afterOne > 5.0, qPrintable(QString::number(afterOne)));
    // ...and 10 s of slow frames bring it close to the new speed.
    for (int i = 0; i < 20; ++i) progress.update(now += 0.5, ++done, 1000);
    const double settled = *progress.framesPerSecond();
    QVERIFY2(qAbs(settled - 2.0) < 0.7, qPrintable(QString::number(settled)));
    const double left = *progress.secondsLeft();
    QVERIFY(qAbs(left - (1000 - done) / settled) < 1e-6);
  }

  void framesReportedAtTheSameInstantCountWithTheNext() {
    TrackingProgress progress;
    progress.start(0.0);
    progress.update(1.0, 1, 10);
    progress.update(1.0, 2, 10);  // no time passed: no rate from this sample alone
    QCOMPARE(progress.done(), 2);
    QVERIFY(qAbs(*progress.framesPerSecond() - 1.0) < 1e-6);
    progress.update(2.0, 4, 10);  // 3 frames since t = 1
    QVERIFY(*progress.framesPerSecond() > 1.0);
  }

  void aNewRunStartsOver() {
    TrackingProgress progress;
    progress.start(0.0);
    for (int done = 1; done <= 10; ++done) progress.update(done * 1.0, done, 10);
    QVERIFY(qAbs(*progress.framesPerSecond() - 1.0) < 1e-6);
    progress.start(50.0);
    QCOMPARE(progress.done(), 0);
    QCOMPARE(progress.total(), 0);
    QVERIFY(!progress.framesPerSecond().has_value());
    QCOMPARE(progress.text(), QString("0 frames"));
    // The first frame of the new run measures from its start, not from the old run.
    progress.update(50.5, 1, 30);
    QVERIFY(qAbs(*progress.framesPerSecond() - 2.0) < 1e-6);
    QVERIFY(qAbs(*progress.secondsLeft() - 14.5) < 1e-6);
  }

  void unknownTotalHasNoTimeLeft() {
    TrackingProgress progress;
    progress.start(0.0);
    progress.update(2.0, 5, 0);
    QVERIFY(progress.framesPerSecond().has_value());
    QVERIFY(!progress.secondsLeft().has_value());
    QCOMPARE(progress.text(), QString("5 frames · 2.5 frames/s"));
  }

  void durationsRoundUpToWholeSeconds() {
    QCOMPARE(formatDuration(0.0), QString("0:00"));
    QCOMPARE(formatDuration(8.2), QString("0:09"));
    QCOMPARE(formatDuration(65.0), QString("1:05"));
    QCOMPARE(formatDuration(3723.0), QString("1:02:03"));
    QCOMPARE(formatDuration(-3.0), QString("0:00"));
  }
};

MASKLET_TEST_MAIN(TestTrackingProgress)
#include "test_tracking_progress.moc"
