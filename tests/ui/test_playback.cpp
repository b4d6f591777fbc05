// Playback and tracking as the annotator sees them, in the real window: Space plays at the
// video's frame rate (frames dropped, not queued, when decoding cannot keep up), pauses, stops
// at the end, and any seek stops it; with the fixture SAM 2 model the view follows the newest
// tracked frame, "track both ways" tracks before and after the start frame as one undo step,
// the status bar shows the prompt time and the tracking progress, and the frames a garbled
// packet damaged reach the timeline's markers.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QDir>

#include "ui/files/project_controller.h"

#include <QAction>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <algorithm>

#include "../video/damaged_media.h"
#include "child_process.h"
#include "shared_data.h"
#include "ui/canvas/frame_view.h"
#include "ui/timeline/playback_controller.h"
#include "ui/timeline/timeline.h"
#include "ui/tracking/prompt_controller.h"
#include "ui/tracking/tracking_status.h"
#include "ui/window/main_window.h"
#include "ui/workers/session_controller.h"
#include "ui/workers/tracker_worker.h"

using masklet::ui::MainWindow;
using masklet::ui::PlaybackController;
using masklet::ui::PromptController;
using masklet::ui::SessionController;
using masklet::ui::Timeline;
using masklet::ui::TrackerWorker;

namespace {

QString makeClip(const QString& path, const QString& source) {
  masklet::test::ChildProcess ffmpeg;
  if (!ffmpeg.start("ffmpeg", {"-v", "error", "-y", "-f", "lavfi", "-i", source, "-g", "10",
                               "-pix_fmt", "yuv420p", path}))
    return "ffmpeg could not be started";
  if (!ffmpeg.waitForFinished(60000) || ffmpeg.exitCode() != 0)
    return QString::fromUtf8(ffmpeg.readStderr());
  return {};
}

QAction* actionNamed(MainWindow& window, const QString& text) {
  for (QAction* action : window.findChildren<QAction*>())
    if (action->text().remove('&') == text) return action;
  return nullptr;
}

}  // namespace

class TestPlayback : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  QString m_clip;      // 40 frames at 10 fps
  QString m_fastClip;  // 400 frames at 2000 fps: no decoder keeps up
  bool m_haveModel = false;

  // Points the window at the fixture model (or at none) before it is made.
  void useModel(bool model) {
    qputenv("MASKLET_MODEL_DIR", m_dir.filePath(model ? "models" : "no-models").toUtf8());
  }

  static void openAndWait(MainWindow& window, const QString& video, int frames, bool session) {
    QSignalSpy sessionSpy(window.controller()->tracker(), &TrackerWorker::sessionReady);
    window.show();
    window.openMedia(video);
    if (session) QTRY_VERIFY_WITH_TIMEOUT(sessionSpy.count() == 1, 120000);
    QTRY_VERIFY_WITH_TIMEOUT(window.document().video().frameCount == frames, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(window.currentFrame(), 0, 10000);
  }

  static void clickAndWait(MainWindow& window, QPointF point) {
    QSignalSpy applied(window.controller()->tracker(), &TrackerWorker::promptApplied);
    Q_EMIT window.findChild<masklet::ui::FrameView*>()->pointClicked(point, true);
    QTRY_VERIFY_WITH_TIMEOUT(applied.count() == 1, 120000);
  }

  static void goTo(MainWindow& window, int frame) {
    QTest::keyClick(&window, Qt::Key_Home);
    for (int i = 0; i < frame / 10; ++i) QTest::keyClick(&window, Qt::Key_Right, Qt::ShiftModifier);
    for (int i = 0; i < frame % 10; ++i) QTest::keyClick(&window, Qt::Key_Right);
    QCOMPARE(window.currentFrame(), frame);
  }

 private Q_SLOTS:
  // Each test starts without the autosave the previous one left (its window was destroyed, not
  // closed), so no recovery offer comes up in front of the window.
  void cleanup() { QDir(masklet::ui::ProjectController::autosaveFolder()).removeRecursively(); }

  void initTestCase() {
    QVERIFY(m_dir.isValid());
    qputenv("XDG_DATA_HOME", m_dir.filePath("data").toUtf8());
    qputenv("XDG_STATE_HOME", m_dir.filePath("state").toUtf8());
    qputenv("XDG_CONFIG_HOME", m_dir.filePath("config").toUtf8());
    QDir().mkpath(m_dir.filePath("no-models"));
    m_clip = m_dir.filePath("clip.mp4");
    QString error = makeClip(m_clip, "testsrc=size=160x96:rate=10:duration=4");
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_fastClip = m_dir.filePath("fast.mp4");
    error = makeClip(m_fastClip, "testsrc=size=160x96:rate=2000:duration=0.2");
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const std::string fixture = masklet::test::sharedPath("fixtures/sam2.1-mini");
    if (!fixture.empty()) {
      QDir().mkpath(m_dir.filePath("models"));
      const QString from = QString::fromStdString(fixture);
      QVERIFY(QFile::copy(from + "/checkpoint.pt", m_dir.filePath("models/mini.pt")));
      QVERIFY(QFile::copy(from + "/config.yaml", m_dir.filePath("models/mini.yaml")));
      m_haveModel = true;
    }
  }

  void spacePlaysAtTheFrameRateAndPauses() {
    useModel(false);
    MainWindow window;
    openAndWait(window, m_clip, 40, false);
    auto* playback = window.findChild<PlaybackController*>();
    QVERIFY(playback != nullptr);
    QCOMPARE(playback->fps(), 10.0);
    QSignalSpy shown(playback, &PlaybackController::frameReady);
    QElapsedTimer clock;
    clock.start();  // before the key: playback may start while the key event is still delivered
    QTest::keyClick(&window, Qt::Key_Space);
    QVERIFY(playback->isPlaying());
    QVERIFY(actionNamed(window, "Pause") != nullptr);  // the action says what it does now
    QTest::qWait(1500);
    const double seconds = clock.elapsed() / 1000.0;
    const int frame = window.currentFrame();
    // Never ahead of the clock, and moving (10 frames/s for 1.5 s is 15 frames).
    QVERIFY2(frame <= int(seconds * 10) + 1 && frame >= 3,
             qPrintable(QString("frame %1 after %2 s").arg(frame).arg(seconds)));
    for (int i = 1; i < shown.count(); ++i)
      QVERIFY(shown.at(i).at(0).toInt() > shown.at(i - 1).at(0).toInt());
    QCOMPARE(shown.last().at(0).toInt(), frame);
    QTest::keyClick(&window, Qt::Key_Space);
    QVERIFY(!playback->isPlaying());
    const int paused = window.currentFrame();
    QTest::qWait(400);
    QCOMPARE(window.currentFrame(), paused);
    QVERIFY(actionNamed(window, "Play") != nullptr);
  }

  // A click in the frame box gives it the keyboard; Space still plays and pauses, and Enter on a
  // typed frame goes there and hands the keys back to the view.
  void spacePlaysWhileTheFrameBoxHasTheFocus() {
    useModel(false);
    MainWindow window;
    openAndWait(window, m_clip, 40, false);
    auto* playback = window.findChild<PlaybackController*>();
    auto* box = window.findChild<QSpinBox*>("frameSpin");
    QVERIFY(box != nullptr);
    QTest::mouseClick(box, Qt::LeftButton, Qt::NoModifier, QPoint(8, box->height() / 2));
    QTRY_VERIFY(box->hasFocus());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
    QVERIFY(playback->isPlaying());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
    QVERIFY(!playback->isPlaying());
    QVERIFY(box->hasFocus());
    box->selectAll();
    QTest::keyClicks(box, "12");
    QTest::keyClick(box, Qt::Key_Return);
    QTRY_COMPARE(window.currentFrame(), 12);
    QVERIFY(!box->hasFocus());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Right);
    QTRY_COMPARE(window.currentFrame(), 13);
  }

  void playbackStopsAtTheEndAndASeekStopsIt() {
    useModel(false);
    MainWindow window;
    openAndWait(window, m_clip, 40, false);
    auto* playback = window.findChild<PlaybackController*>();
    goTo(window, 35);
    QTest::keyClick(&window, Qt::Key_Space);
    QTRY_VERIFY_WITH_TIMEOUT(!playback->isPlaying(), 10000);
    QCOMPARE(window.currentFrame(), 39);
    // At the end, play starts over from the first frame; an arrow key (a seek) stops it.
    QTest::keyClick(&window, Qt::Key_Space);
    QVERIFY(playback->isPlaying());
    QTRY_VERIFY_WITH_TIMEOUT(window.currentFrame() < 39, 5000);
    QTest::keyClick(&window, Qt::Key_Right);
    QVERIFY(!playback->isPlaying());
    const int stopped = window.currentFrame();
    QTest::qWait(300);
    QCOMPARE(window.currentFrame(), stopped);
    // A click on the timeline is a seek too.
    QTest::keyClick(&window, Qt::Key_Space);
    QVERIFY(playback->isPlaying());
    auto* timeline = window.findChild<Timeline*>();
    QTest::mouseClick(timeline, Qt::LeftButton, Qt::NoModifier,
                      QPoint(int(timeline->xOfFrame(5)) + 1, timeline->laneRect(0).center().y()));
    QVERIFY(!playback->isPlaying());
    QCOMPARE(window.currentFrame(), 5);
  }

  void framesAreDroppedWhenDecodingIsSlowerThanTheFrameRate() {
    useModel(false);
    MainWindow window;
    openAndWait(window, m_fastClip, 400, false);
    auto* playback = window.findChild<PlaybackController*>();
    QCOMPARE(playback->fps(), 2000.0);
    QSignalSpy shown(playback, &PlaybackController::frameReady);
    QTest::keyClick(&window, Qt::Key_Space);
    QTRY_VERIFY_WITH_TIMEOUT(!playback->isPlaying(), 20000);
    QCOMPARE(window.currentFrame(), 399);
    // 0.5 ms per frame: frames were skipped to keep up with the clock, none queued.
    QVERIFY2(
        playback->droppedFrames() > 0 && shown.count() < 399,
        qPrintable(
            QString("%1 shown, %2 dropped").arg(shown.count()).arg(playback->droppedFrames())));
    QCOMPARE(shown.count() + playback->droppedFrames(), 399);
  }

  void viewFollowsTrackingUnlessTurnedOff() {
    if (!m_haveModel) QSKIP("needs the shared fixtures (fixtures/sam2.1-mini); not found");
    useModel(true);
    MainWindow window;
    openAndWait(window, m_clip, 40, true);
    clickAndWait(window, QPointF(80, 48));
    auto* prompts = window.findChild<PromptController*>();
    QSignalSpy ended(prompts, &PromptController::propagationEnded);
    // Where the window is each time a frame comes back from the tracker.
    QList<int> seen;
    connect(window.controller()->tracker(), &TrackerWorker::framesTracked, this,
            [&] { seen.append(window.currentFrame()); });
    auto* status = window.findChild<masklet::ui::TrackingStatus*>();
    QVERIFY(status != nullptr);
    QVERIFY2(status->promptTimeText().contains("ms"), qPrintable(status->promptTimeText()));
    QVERIFY2(status->promptTimeText().contains("image encode"),
             qPrintable(status->promptTimeText()));
    QString progressLine;
    connect(window.controller()->tracker(), &TrackerWorker::progress, this,
            [&] { progressLine = status->progressText(); });
    QTest::keyClick(&window, Qt::Key_F);
    QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 1, 300000);
    QVERIFY(!seen.isEmpty());
    QVERIFY2(std::any_of(seen.begin(), seen.end(), [](int frame) { return frame > 0; }),
             "the view stayed on the start frame while tracking");
    QCOMPARE(window.currentFrame(), 39);  // the last tracked frame
    QVERIFY2(progressLine.contains("/40 frames") && progressLine.contains("frames/s"),
             qPrintable(progressLine));

    // Turned off, the view stays where it is.
    QAction* follow = actionNamed(window, "Follow Tracking");
    QVERIFY(follow != nullptr && follow->isChecked());
    follow->setChecked(false);
    goTo(window, 10);
    QTest::keyClick(&window, Qt::Key_B);
    QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 2, 300000);
    QCOMPARE(window.currentFrame(), 10);
  }

  void bothWaysTracksBeforeAndAfterTheStartFrameAsOneStep() {
    if (!m_haveModel) QSKIP("needs the shared fixtures (fixtures/sam2.1-mini); not found");
    useModel(true);
    MainWindow window;
    openAndWait(window, m_clip, 40, true);
    goTo(window, 20);
    clickAndWait(window, QPointF(80, 48));
    auto* prompts = window.findChild<PromptController*>();
    QSignalSpy started(prompts, &PromptController::propagationStarted);
    QSignalSpy ended(prompts, &PromptController::propagationEnded);
    QTest::keyClick(&window, Qt::Key_G);
    QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 1, 300000);
    QCOMPARE(started.count(), 2);
    QCOMPARE(started.at(0).at(0).toBool(), false);  // forward first
    QCOMPARE(started.at(1).at(0).toBool(), true);   // then backward
    QCOMPARE(ended.at(0).at(0).toInt(), 20 + 21);   // 20..39, then 20..0
    QCOMPARE(ended.at(0).at(1).toBool(), false);
    const auto& document = window.document();
    for (const int frame : {0, 5, 19, 21, 39})
      QVERIFY2(document.mask(frame, 1) != nullptr, qPrintable(QString("frame %1").arg(frame)));
    QCOMPARE(document.undoText(), std::string("Track both ways"));
    // One undo takes back both directions; the click stays.
    QVERIFY(document.canUndo());
    window.document().undo();
    for (const int frame : {0, 19, 21, 39}) QVERIFY(document.mask(frame, 1) == nullptr);
    QVERIFY(document.mask(20, 1) != nullptr);
    QTRY_VERIFY_WITH_TIMEOUT(!window.controller()->tracker()->isBusy(), 120000);
  }

  void damagedFramesReachTheTimeline() {
    if (!m_haveModel) QSKIP("needs the shared fixtures (fixtures/sam2.1-mini); not found");
    // Garble the middle of three non-key packets inside the second group of pictures.
    const auto packets = masklet::test::videoPackets(m_clip.toStdString());
    QCOMPARE(int(packets.size()), 40);
    std::vector<masklet::test::VideoPacket> garbled;
    for (const auto& packet : packets)
      if (!packet.key && packet.decodeIndex >= 12 && garbled.size() < 3) garbled.push_back(packet);
    const QString damaged = m_dir.filePath("garbled.mp4");
    QVERIFY(masklet::test::writeGarbled(m_clip.toStdString(), damaged, garbled, false));
    const auto byFrame = masklet::test::packetsByFrame(packets);
    const std::set<int64_t> expected =
        masklet::test::referenceDamagedFrames(damaged.toStdString(), byFrame);
    QVERIFY2(!expected.empty(), "the garbled packets decode without errors");

    useModel(true);
    MainWindow window;
    openAndWait(window, damaged, 40, true);
    auto* timeline = window.findChild<Timeline*>();
    clickAndWait(window, QPointF(80, 48));
    auto* prompts = window.findChild<PromptController*>();
    QSignalSpy ended(prompts, &PromptController::propagationEnded);
    actionNamed(window, "Follow Tracking")->setChecked(false);
    QTest::keyClick(&window, Qt::Key_F);
    QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 1, 300000);
    QList<int> want;
    for (const int64_t frame : expected) want.append(int(frame));
    QTRY_COMPARE_WITH_TIMEOUT(timeline->damagedFrames(), want, 5000);
    const int first = want.first();
    const QPoint at(int(timeline->xOfFrame(first)) + 1, timeline->damageStrip().center().y());
    QCOMPARE(timeline->toolTipAt(at), QString("frame %1: damaged in the video file").arg(first));
  }
};

MASKLET_TEST_MAIN(TestPlayback)
#include "test_playback.moc"
