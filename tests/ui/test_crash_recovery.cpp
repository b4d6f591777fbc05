// Nothing lost on a crash: the GUI (bin/masklet, made to click and track by --run-steps) is
// killed with SIGKILL in the middle of a tracking run. Its autosave must be a valid project that
// holds the click and a gap-free prefix of the tracked frames, and File ▸ Recover Autosave in a
// new window must restore exactly what that autosave holds.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>

#include "fixture_gui.h"
#include "project/project_file.h"
#include "ui/files/project_controller.h"
#include "ui/window/main_window.h"
#include "ui/workers/session_controller.h"
#include "ui/workers/tracker_worker.h"

using masklet::project::DocumentState;
using masklet::project::MaskSource;
using masklet::ui::MainWindow;
using masklet::ui::SessionController;
using masklet::ui::TrackerWorker;

namespace {

constexpr int kFrames = 600;  // far more than the run gets through before the kill

// Frames with a mask of object 1 in `state`, ascending.
std::vector<int> maskFrames(const DocumentState& state) {
  std::vector<int> frames;
  for (const auto& [key, mask] : state.masks)
    if (key.second == 1) frames.push_back(key.first);
  return frames;
}

}  // namespace

class TestCrashRecovery : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  QString m_video;
  QString m_autosave;
  bool m_killed = false;
  qint64 m_killedPid = 0;

 private Q_SLOTS:
  void initTestCase() {
    MASKLET_REQUIRE_SHARED("fixtures/sam2.1-mini/checkpoint.pt");
    QVERIFY(m_dir.isValid());
    // The child GUI inherits the model and data folders; the recovering window reads the same.
    QVERIFY(masklet::test::installFixtureModel(m_dir));
    m_video = m_dir.filePath("clip.mp4");
    QVERIFY(masklet::test::makeTestClip(m_video, kFrames / 10));
    QFile prompts(m_dir.filePath("prompts.json"));
    QVERIFY(prompts.open(QIODevice::WriteOnly));
    prompts.write(R"([{"op": "points", "frame": 0, "obj": 1, "points": [[80, 48]], "labels": [1]},
                      {"op": "propagate"}])");
    prompts.close();
    m_autosave = m_dir.filePath("data/masklet/autosave/clip.masklet");
  }

  void sigkillDuringTrackingLeavesAValidAutosave() {
    const QString gui = QString::fromStdString(masklet::test::binDir()) + "/masklet";
    QVERIFY2(QFileInfo(gui).isExecutable(), qPrintable(gui + " is not built"));
    QProcess process;
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start(gui, {"--run-steps", m_dir.filePath("prompts.json"), m_video});
    QVERIFY2(process.waitForStarted(30000), qPrintable(process.errorString()));
    m_killedPid = process.processId();
    QByteArray log;
    // Wait for an autosave written during the run that holds at least 3 tracked frames.
    DocumentState autosaved;
    int tracked = 0;
    QElapsedTimer clock;
    clock.start();
    while (tracked < 3) {
      QVERIFY2(clock.elapsed() < 150000, "no autosave with tracked frames within 150 s");
      QVERIFY2(process.state() == QProcess::Running,
               qPrintable("the GUI ended by itself: " + log + process.readAllStandardError()));
      process.waitForReadyRead(200);
      log += process.readAllStandardError();
      if (!QFileInfo::exists(m_autosave)) continue;
      try {  // written by rename(2): always a whole file, never a half-written one
        autosaved = masklet::project::loadDocumentState(m_autosave.toStdString());
      } catch (const std::exception& error) {
        QFAIL(qPrintable(QString("the autosave does not read: ") + error.what()));
      }
      tracked = 0;
      for (const auto& [key, mask] : autosaved.masks) tracked += mask.source == MaskSource::Tracked;
    }
    QVERIFY2(!log.contains("run-steps: done"), "the run ended before the kill");
    process.kill();  // SIGKILL: no close handler, no last autosave
    QVERIFY(process.waitForFinished(30000));
    log += process.readAllStandardError();
    QCOMPARE(process.exitStatus(), QProcess::CrashExit);
    QVERIFY2(log.contains("run-steps: steps[1] (propagate) started"), log.constData());
    QVERIFY2(!log.contains("run-steps: done"), "the run ended before the kill");
    m_killed = true;

    // What the killed GUI left: a project that reads, with the click and the frames tracked
    // from it, without a gap.
    const DocumentState state = masklet::project::loadDocumentState(m_autosave.toStdString());
    QCOMPARE(state.video.frameCount, kFrames);
    QCOMPARE(state.video.width, 160);
    QCOMPARE(int(state.objects.size()), 1);
    QCOMPARE(state.objects[0].id, 1);
    QCOMPARE(int(state.prompts.size()), 1);
    QCOMPARE(state.prompts.begin()->first, (masklet::project::FrameObjectKey{0, 1}));
    QCOMPARE(state.prompts.begin()->second.inputs.size(), size_t(1));
    QCOMPARE(QString(toString(state.masks.at({0, 1}).source)),
             QString(toString(MaskSource::Prompted)));
    const std::vector<int> frames = maskFrames(state);
    QVERIFY2(frames.size() >= 4 && int(frames.size()) < kFrames,
             qPrintable(QString("%1 frames in the autosave").arg(frames.size())));
    for (int i = 0; i < int(frames.size()); ++i) {
      QCOMPARE(frames[i], i);
      const auto& mask = state.masks.at({i, 1});
      QCOMPARE(mask.rle.height, 96);
      QCOMPARE(mask.rle.width, 160);
      if (i > 0) QCOMPARE(QString(toString(mask.source)), QString(toString(MaskSource::Tracked)));
    }
  }

  void recoverAutosaveRestoresEveryAutosavedFrame() {
    if (!m_killed) QSKIP("needs the autosave of the killed GUI (previous test)");
    const DocumentState autosaved = masklet::project::loadDocumentState(m_autosave.toStdString());
    // What an autosave cut short by the kill would have left: its hidden temporary file.
    const QString abandoned =
        QFileInfo(m_autosave).path() + QString("/.clip.masklet.tmp-%1-0").arg(m_killedPid);
    QVERIFY(QFile(abandoned).open(QIODevice::WriteOnly));
    MainWindow window;
    QVERIFY2(!QFileInfo::exists(abandoned), "the window left the killed GUI's temporary file");
    SessionController* controller = window.controller();
    QSignalSpy sessionSpy(controller->tracker(), &TrackerWorker::sessionReady);
    QSignalSpy failures(controller->tracker(), &TrackerWorker::failed);
    masklet::test::openAndWait(window, m_video, kFrames);
    QVERIFY2(window.projects()->hasNewerAutosave(), "the window does not offer the autosave");
    QCOMPARE(window.projects()->autosavePath(), m_autosave);

    window.projects()->recoverAutosave();
    QTRY_VERIFY_WITH_TIMEOUT(window.document().hasObject(1), 60000);
    QTRY_VERIFY_WITH_TIMEOUT(sessionSpy.count() >= 2 && !controller->tracker()->isBusy(), 120000);
    QCOMPARE(failures.count(), 0);
    const DocumentState& restored = window.document().state();
    QCOMPARE(maskFrames(restored), maskFrames(autosaved));
    for (const auto& [key, mask] : autosaved.masks) {
      const auto found = restored.masks.find(key);
      QVERIFY(found != restored.masks.end());
      QVERIFY2(found->second == mask, qPrintable(QString("frame %1 differs").arg(key.first)));
    }
    QVERIFY(restored.prompts == autosaved.prompts);
    QVERIFY(restored.objects == autosaved.objects);
    QCOMPARE(restored.nextObjectId, autosaved.nextObjectId);
  }
};

MASKLET_TEST_MAIN(TestCrashRecovery)
#include "test_crash_recovery.moc"
