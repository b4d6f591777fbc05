// The Tracking menu: "re-track until converged" (on by default) and the precision choice
// persist with QSettings; with the fixture model a session reports the precision it runs in
// and why, a second "track forward" over unchanged prompts stops where the masks agree with
// the first run (and says so), and the full re-track action tracks every frame again.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QDir>

#include "ui/files/project_controller.h"

#include <QAction>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>

#include "fixture_gui.h"
#include "shared_data.h"
#include "ui/canvas/frame_view.h"
#include "ui/tracking/tracking_settings.h"
#include "ui/window/main_window.h"
#include "ui/workers/session_controller.h"
#include "ui/workers/tracker_worker.h"

using masklet::ui::MainWindow;
using masklet::ui::SessionController;
using masklet::ui::TrackerWorker;
using masklet::ui::TrackingSettings;

class TestTrackingMenu : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;

 private Q_SLOTS:
  // Each test starts without the autosave the previous one left (its window was destroyed, not
  // closed), so no recovery offer comes up in front of the window.
  void cleanup() { QDir(masklet::ui::ProjectController::autosaveFolder()).removeRecursively(); }

  void initTestCase() {
    QVERIFY(m_dir.isValid());
    // The user's real settings stay untouched.
    qputenv("XDG_CONFIG_HOME", m_dir.filePath("config").toUtf8());
    qputenv("XDG_DATA_HOME", m_dir.filePath("data").toUtf8());
    qunsetenv("MASKLET_MODEL_DIR");
    QCoreApplication::setOrganizationName("MaskletTest");
    QCoreApplication::setApplicationName("TrackingMenu");
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath("config"));
  }

  void init() { QSettings().clear(); }

  void settingsPersistAndFallBack() {
    const TrackingSettings defaults = TrackingSettings::load();
    QCOMPARE(defaults.precision, QString("auto"));
    QVERIFY(defaults.retrackUntilConverged);
    QCOMPARE(defaults.convergenceIoU, 0.99);
    QCOMPARE(defaults.convergenceFrames, 5);
    TrackingSettings changed;
    changed.precision = "fp32";
    changed.retrackUntilConverged = false;
    changed.convergenceFrames = 3;
    changed.save();
    const TrackingSettings loaded = TrackingSettings::load();
    QCOMPARE(loaded.precision, QString("fp32"));
    QVERIFY(!loaded.retrackUntilConverged);
    QCOMPARE(loaded.convergenceFrames, 3);
    // Values no build understands fall back to the defaults.
    QSettings().setValue("tracking/precision", "fp8");
    QSettings().setValue("tracking/convergenceFrames", 0);
    QCOMPARE(TrackingSettings::load().precision, QString("auto"));
    QCOMPARE(TrackingSettings::load().convergenceFrames, 5);
  }

  void menuChangesPersist() {
    MainWindow window;
    auto* untilConverged = window.findChild<QAction*>("retrackUntilConvergedAction");
    QVERIFY(untilConverged != nullptr);
    QVERIFY(untilConverged->isChecked());
    QVERIFY(window.controller()->tracker()->trackingSettings().retrackUntilConverged);
    untilConverged->setChecked(false);
    QVERIFY(!TrackingSettings::load().retrackUntilConverged);
    QVERIFY(!window.controller()->tracker()->trackingSettings().retrackUntilConverged);
    auto* bf16 = window.findChild<QAction*>("precision_bf16");
    QVERIFY(bf16 != nullptr);
    bf16->trigger();
    QCOMPARE(TrackingSettings::load().precision, QString("bf16"));
    QVERIFY(window.findChild<QAction*>("fullRetrackForwardAction") != nullptr);
    auto* label = window.findChild<QLabel*>("precisionLabel");
    QVERIFY(label != nullptr);
    QVERIFY2(label->text().contains("precision"), qPrintable(label->text()));
  }

  void retrackStopsWhereMasksAgree() {
    MASKLET_REQUIRE_SHARED("fixtures/sam2.1-mini/checkpoint.pt");
    const QString fixture =
        QString::fromStdString(masklet::test::sharedPath("fixtures/sam2.1-mini"));
    QDir().mkpath(m_dir.filePath("models"));
    QFile::copy(fixture + "/checkpoint.pt", m_dir.filePath("models/mini.pt"));
    QFile::copy(fixture + "/config.yaml", m_dir.filePath("models/mini.yaml"));
    qputenv("MASKLET_MODEL_DIR", m_dir.filePath("models").toUtf8());
    const QString video = m_dir.filePath("clip.mp4");
    if (!QFile::exists(video)) QVERIFY(masklet::test::makeTestClip(video, 2));
    TrackingSettings settings;
    settings.precision = "fp32";
    settings.save();

    MainWindow window;
    SessionController* controller = window.controller();
    QSignalSpy sessionSpy(controller->tracker(), &TrackerWorker::sessionReady);
    QSignalSpy precisionSpy(controller->tracker(), &TrackerWorker::precisionChosen);
    QSignalSpy failures(controller->tracker(), &TrackerWorker::failed);
    window.show();
    window.openMedia(video);
    QTRY_VERIFY_WITH_TIMEOUT(sessionSpy.count() == 1, 120000);
    QCOMPARE(sessionSpy.at(0).at(0).toInt(), 20);
    // The session runs in the saved precision and says why.
    QCOMPARE(precisionSpy.count(), 1);
    const QString precision = precisionSpy.at(0).at(0).toString();
    QVERIFY2(precision.startsWith("fp32 (") && precision.contains("fp32"), qPrintable(precision));
    auto* label = window.findChild<QLabel*>("precisionLabel");
    // The label names the precision; why it was chosen is its tooltip.
    QCOMPARE(label->text(), QString("precision: fp32"));
    QCOMPARE(label->toolTip(), precision);

    QSignalSpy masks(controller->tracker(), &TrackerWorker::promptApplied);
    Q_EMIT window.findChild<masklet::ui::FrameView*>()->pointClicked(QPointF(80, 48), true);
    QTRY_VERIFY_WITH_TIMEOUT(masks.count() >= 1, 120000);
    QSignalSpy finished(controller->tracker(), &TrackerWorker::propagationFinished);
    QSignalSpy converged(controller->tracker(), &TrackerWorker::propagationConverged);
    QTest::keyClick(&window, Qt::Key_F);  // first run: nothing to agree with, all 20 frames
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 300000);
    QCOMPARE(finished.at(0).at(0).toInt(), 20);
    QCOMPARE(converged.count(), 0);
    // Same prompts again: frame 0 is the prompted frame, frames 1..5 agree, so it stops on 5.
    QTest::keyClick(&window, Qt::Key_Home);  // the view followed the first run to its end
    QTest::keyClick(&window, Qt::Key_F);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 2, 300000);
    QCOMPARE(converged.count(), 1);
    QCOMPARE(converged.at(0).at(0).toInt(), 5);
    QCOMPARE(finished.at(1).at(0).toInt(), 6);
    const QString message = window.statusBar()->currentMessage();
    QVERIFY2(message.contains("Stopped at frame 5"), qPrintable(message));
    // The full re-track is one shortcut away and tracks every frame.
    QTest::keyClick(&window, Qt::Key_Home);  // the view followed the run to frame 5
    QTest::keyClick(&window, Qt::Key_F, Qt::ShiftModifier);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 3, 300000);
    QCOMPARE(finished.at(2).at(0).toInt(), 20);
    QCOMPARE(converged.count(), 1);
    QCOMPARE(failures.count(), 0);
  }
};

MASKLET_TEST_MAIN(TestTrackingMenu)
#include "test_tracking_menu.moc"
