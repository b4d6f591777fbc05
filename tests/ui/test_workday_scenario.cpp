// An annotator's working day, end to end in the real window with the fixture SAM 2
// model, on ../shared/media/bedroom.mp4 (960x540, 200 frames): zoom into the bed, click it,
// pick a candidate, track both ways while the view follows with a time-left estimate, erase a
// stroke of the mask on one frame, re-track, name and categorise two objects, play the result
// and export COCO; then the same on a folder of images in image mode (SA-1B). Throughout, the
// GUI thread's event loop is measured: it must never go 100 ms without running a timer.
// With MASKLET_SCENARIO_SHOTS=DIR the window is saved as a PNG at each state (for the notes).
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QAction>
#include <QDir>
#include <QPointer>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QWheelEvent>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "dataset/dataset_format.h"
#include "dataset/rle.h"
#include "event_loop_monitor.h"
#include "fixture_gui.h"
#include "ui/canvas/frame_view.h"
#include "ui/canvas/mask_images.h"
#include "ui/files/export_dialog.h"
#include "ui/files/project_controller.h"
#include "ui/objects/object_panel.h"
#include "ui/timeline/playback_controller.h"
#include "ui/tracking/candidate_picker.h"
#include "ui/tracking/candidate_strip.h"
#include "ui/tracking/prompt_controller.h"
#include "ui/tracking/tracking_status.h"
#include "ui/window/main_window.h"
#include "ui/workers/session_controller.h"
#include "ui/workers/tracker_worker.h"

using masklet::project::MaskSource;
using masklet::test::EventLoopMonitor;
using masklet::test::runEventsFor;
using masklet::test::waitUntil;
using masklet::ui::FrameView;
using masklet::ui::MainWindow;
using masklet::ui::PromptController;
using masklet::ui::SessionController;
using masklet::ui::TrackerWorker;

namespace {

constexpr int kFrames = 200;
constexpr qint64 kLongestAllowedGapMs = 100;
const QPointF kBed(450, 470);   // the bed, in bedroom.mp4 frame pixels
const QPointF kGirl(200, 330);  // the girl jumping on it

cv::Mat decoded(const masklet::dataset::Rle& rle) {
  return masklet::dataset::decodeRle(rle);
}

// Turns the mouse wheel one notch over `framePos` of the view.
void wheelOver(FrameView* view, QPointF framePos) {
  const QPointF at = view->toWidget(framePos);
  QWheelEvent wheel(at, view->mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton,
                    Qt::NoModifier, Qt::NoScrollPhase, false);
  QApplication::sendEvent(view, &wheel);
}

// A left click on `framePos` through the view's mouse handling (at the current zoom).
void clickAt(MainWindow& window, QPointF framePos) {
  auto* view = window.findChild<FrameView*>();
  QSignalSpy applied(window.controller()->tracker(), &TrackerWorker::promptApplied);
  QTest::mouseClick(view, Qt::LeftButton, Qt::NoModifier, view->toWidget(framePos).toPoint());
  QVERIFY(waitUntil([&] { return applied.count() == 1; }, 120000));
}

// Drags the current tool along frame pixels `from` -> `to`; returns the painted mask.
QImage drag(FrameView* view, QPointF from, QPointF to) {
  QSignalSpy painted(view, &FrameView::maskPainted);
  QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, view->toWidget(from).toPoint());
  for (int i = 1; i <= 12; ++i) {
    const QPointF pos = view->toWidget(from + (to - from) * (i / 12.0));
    QMouseEvent move(QEvent::MouseMove, pos, view->mapToGlobal(pos), Qt::NoButton, Qt::LeftButton,
                     Qt::NoModifier);
    QApplication::sendEvent(view, &move);
  }
  QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, view->toWidget(to).toPoint());
  return painted.count() == 1 ? painted.at(0).at(1).value<QImage>() : QImage();
}

// Home, then Shift+Right (10 frames) and Right: one key at a time, each handled before the
// next arrives, as when a person presses them (keyClick itself delivers the key at once).
void goTo(MainWindow& window, int frame) {
  const auto press = [&](Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
    QTest::keyClick(&window, key, modifiers);
    runEventsFor(2);
  };
  press(Qt::Key_Home);
  for (int i = 0; i < frame / 10; ++i) press(Qt::Key_Right, Qt::ShiftModifier);
  for (int i = 0; i < frame % 10; ++i) press(Qt::Key_Right);
}

}  // namespace

class TestWorkdayScenario : public QObject {
  Q_OBJECT

  QTemporaryDir m_dir;
  QString m_video;
  QString m_photos;
  EventLoopMonitor* m_monitor = nullptr;
  int m_shot = 0;

  // Saves the window for the notes when MASKLET_SCENARIO_SHOTS names a folder.
  void shoot(QWidget& window, const QString& name) {
    const QString folder = qEnvironmentVariable("MASKLET_SCENARIO_SHOTS");
    if (folder.isEmpty()) return;
    m_monitor->pause();  // encoding the PNG is the test's work, not the application's
    QDir().mkpath(folder);
    window.grab().save(
        QString("%1/%2-%3.png").arg(folder).arg(++m_shot, 2, 10, QChar('0')).arg(name));
    m_monitor->resume();
  }

  void phase(const QString& name) { m_monitor->setPhase(name); }

  void finish() {
    qInfo("event loop: %s", qPrintable(m_monitor->summary()));
    QVERIFY2(m_monitor->longestGapMs() < kLongestAllowedGapMs, qPrintable(m_monitor->summary()));
  }

 private Q_SLOTS:
  void initTestCase() {
    MASKLET_REQUIRE_SHARED("fixtures/sam2.1-mini/checkpoint.pt");
    MASKLET_REQUIRE_SHARED("media/bedroom.mp4");
    QVERIFY(m_dir.isValid());
    QVERIFY(masklet::test::installFixtureModel(m_dir));
    m_video = QString::fromStdString(masklet::test::sharedPath("media/bedroom.mp4"));
    // Three frames of the same video as an image folder.
    m_photos = m_dir.filePath("photos");
    QDir().mkpath(m_photos);
    QProcess ffmpeg;
    ffmpeg.start("ffmpeg",
                 {"-v", "error", "-i", m_video, "-vf", "select=eq(n\\,0)+eq(n\\,100)+eq(n\\,199)",
                  "-vsync", "0", m_photos + "/bedroom_%d.png"});
    QVERIFY(ffmpeg.waitForFinished(60000) && ffmpeg.exitCode() == 0);
    QCOMPARE(QDir(m_photos).entryList({"*.png"}).size(), 3);
  }

  void init() {
    m_monitor = new EventLoopMonitor;
    m_monitor->start();
  }
  void cleanup() {
    delete m_monitor;
    QDir(masklet::ui::ProjectController::autosaveFolder()).removeRecursively();
  }

  void videoDay() {
    MainWindow window;
    window.resize(1300, 840);
    QSignalSpy failures(window.controller()->tracker(), &TrackerWorker::failed);
    phase("opening the video");
    QSignalSpy ready(window.controller()->tracker(), &TrackerWorker::sessionReady);
    window.show();
    window.openMedia(m_video);
    QVERIFY(waitUntil([&] { return ready.count() == 1; }, 120000));
    QVERIFY(waitUntil([&] { return window.document().video().frameCount == kFrames; }, 60000));
    auto& document = window.document();
    auto* view = window.findChild<FrameView*>();
    QVERIFY(waitUntil([&] { return view->hasFrame(); }, 60000));

    phase("seeking");
    goTo(window, 100);
    QCOMPARE(window.currentFrame(), 100);
    phase("zooming");
    const double fit = view->zoom();
    const QPointF bedOnScreen = view->toWidget(kBed);
    wheelOver(view, kBed);
    wheelOver(view, kBed);
    QVERIFY(view->zoom() > fit * 1.2);
    QVERIFY((view->toWidget(kBed) - bedOnScreen).manhattanLength() < 2);  // zoomed around it
    shoot(window, "zoomed");

    phase("first click");
    clickAt(window, kBed);
    QVERIFY(document.mask(100, 1) != nullptr);
    const auto* strip = window.candidates()->strip();
    QVERIFY(waitUntil([&] { return strip->isVisible(); }, 5000));
    QCOMPARE(strip->count(), 3);
    shoot(window, "candidates");
    phase("picking candidate 2");
    QSignalSpy applied(window.controller()->tracker(), &TrackerWorker::promptApplied);
    QTest::keyClick(&window, Qt::Key_2);
    QVERIFY(waitUntil([&] { return applied.count() == 1; }, 60000));
    // The pick is the frame's mask prompt; SAM 2 gives it back through its low-res mask grid.
    QVERIFY(document.prompts(100, 1).inputs.back().mask == *strip->candidate(1));
    QVERIFY(document.mask(100, 1)->rle ==
            applied.at(0).at(0).value<masklet::ui::PromptOutcome>().result.masks.at(1).rle);

    phase("tracking both ways");
    auto* prompts = window.findChild<PromptController*>();
    auto* status = window.findChild<masklet::ui::TrackingStatus*>();
    QVERIFY(status != nullptr);
    QSignalSpy ended(prompts, &PromptController::propagationEnded);
    std::set<int> framesShown;
    bool timeLeftShown = false;
    QTimer watch;
    connect(&watch, &QTimer::timeout, [&] {
      framesShown.insert(window.currentFrame());
      timeLeftShown = timeLeftShown || status->progressText().contains(" left");
    });
    watch.start(20);
    bool shotMidRun = false;
    QTest::keyClick(&window, Qt::Key_G);
    QVERIFY(waitUntil(
        [&] {
          if (!shotMidRun && timeLeftShown && window.currentFrame() > 120) {
            shotMidRun = true;
            shoot(window, "tracking-follows");
          }
          return ended.count() == 1;
        },
        600000));
    watch.stop();
    QCOMPARE(ended.at(0).at(1).toBool(), false);  // not cancelled
    QVERIFY2(framesShown.size() > 20, "the view did not follow the tracked frames");
    QVERIFY2(timeLeftShown, "no time-left estimate was shown while tracking");
    for (int frame = 0; frame < kFrames; ++frame)
      QVERIFY2(document.mask(frame, 1) != nullptr, qPrintable(QString("frame %1").arg(frame)));
    QCOMPARE(document.undoText(), std::string("Track both ways"));
    shoot(window, "tracked");

    phase("erasing");
    goTo(window, 150);
    m_monitor->pause();
    const cv::Mat before = decoded(document.mask(150, 1)->rle);
    const cv::Rect box = cv::boundingRect(before);
    m_monitor->resume();
    QVERIFY2(box.area() > 0, "the tracked mask on frame 150 is empty; nothing to erase");
    QTest::keyClick(&window, Qt::Key_E);
    view->setBrushRadius(std::max(4, box.height / 8));
    const int row = box.y + box.height / 2;
    const QPointF from(box.x - 10, row), to(box.x + box.width + 10, row);
    QSignalSpy erasedApplied(window.controller()->tracker(), &TrackerWorker::promptApplied);
    const QImage erased = drag(view, from, to);
    QVERIFY2(!erased.isNull(), "the eraser stroke painted nothing");
    QVERIFY(waitUntil([&] { return erasedApplied.count() == 1; }, 60000));
    QCOMPARE(document.undoText(), std::string("Erase"));
    m_monitor->pause();
    const cv::Mat painted = decoded(masklet::ui::maskRle(erased));
    const cv::Mat after = decoded(document.mask(150, 1)->rle);
    QCOMPARE(cv::countNonZero(painted.row(row)), 0);  // the stroke's line is cleared
    QVERIFY(cv::countNonZero(painted) < cv::countNonZero(before));
    QVERIFY(document.mask(150, 1)->rle ==
            erasedApplied.at(0).at(0).value<masklet::ui::PromptOutcome>().result.masks.at(1).rle);
    // SAM 2 gives the erased mask back through its low-res grid: the stroke stays mostly empty.
    QVERIFY2(cv::countNonZero(after.row(row)) <= cv::countNonZero(before.row(row)) / 2,
             "the erased stroke is back in the frame's mask");
    m_monitor->resume();
    QCOMPARE(document.mask(150, 1)->source, MaskSource::Prompted);
    shoot(window, "erased");

    phase("re-tracking");
    QTest::keyClick(&window, Qt::Key_Home);  // the run followed; come back to frame 150
    goTo(window, 150);
    QSignalSpy retracked(prompts, &PromptController::propagationEnded);
    QTest::keyClick(&window, Qt::Key_F);
    QVERIFY(waitUntil([&] { return retracked.count() == 1; }, 600000));
    QCOMPARE(document.undoText(), std::string("Track forward"));
    QCOMPARE(document.mask(150, 1)->source, MaskSource::Prompted);
    QCOMPARE(document.mask(199, 1)->source, MaskSource::Tracked);

    phase("seeking back");
    goTo(window, 150);
    phase("second object");
    QTest::keyClick(&window, Qt::Key_N);
    QTest::keyClick(&window, Qt::Key_P);  // back to the points tool from the eraser
    phase("clicking the second object");
    clickAt(window, kGirl);
    phase("naming");
    QVERIFY(document.mask(150, 2) != nullptr);
    auto* panel = window.findChild<masklet::ui::ObjectPanel*>();
    const int furniture = document.addCategory("furniture");
    const int person = document.addCategory("person");
    panel->renameObject(1, "bed");
    panel->setObjectCategory(1, furniture);
    panel->renameObject(2, "girl");
    panel->setObjectCategory(2, person);
    QCOMPARE(document.object(1)->name, std::string("bed"));
    QCOMPARE(document.object(2)->categoryId, person);
    // The panel's frame counts catch up (they are refreshed at most a few times a second).
    auto* girlRow = panel->findChild<QTreeWidget*>()->topLevelItem(1);
    QVERIFY(waitUntil(
        [&] { return girlRow->text(masklet::ui::ObjectPanel::FramesColumn) == "1 / 1"; }, 5000));
    shoot(window, "two-objects");

    phase("playing");
    auto* playback = window.findChild<masklet::ui::PlaybackController*>();
    QTest::keyClick(&window, Qt::Key_Home);
    QTest::keyClick(&window, Qt::Key_Space);
    QVERIFY(playback->isPlaying());
    QVERIFY(waitUntil([&] { return window.currentFrame() >= 30; }, 30000));
    shoot(window, "playing");
    QTest::keyClick(&window, Qt::Key_Space);
    QVERIFY(!playback->isPlaying());

    phase("exporting COCO");
    QTest::keySequence(&window, QKeySequence(Qt::CTRL | Qt::Key_E));
    QPointer<masklet::ui::ExportDialog> dialog;
    QVERIFY(waitUntil(
        [&] {
          return (dialog = window.findChild<masklet::ui::ExportDialog*>()) && dialog->isVisible();
        },
        5000));
    shoot(*dialog, "export-dialog");
    const QString coco = m_dir.filePath("bedroom_coco.json");
    dialog->setOutputPath(coco);
    QSignalSpy exported(dialog, &masklet::ui::ExportDialog::exportEnded);
    dialog->startExport();
    QVERIFY(waitUntil([&] { return exported.count() == 1; }, 60000));
    QVERIFY2(exported.at(0).at(0).toBool(), qPrintable(exported.at(0).at(1).toString()));
    QVERIFY(waitUntil([&] { return dialog.isNull(); },
                      5000));  // a written export closes the dialog (deleted on close)

    m_monitor->pause();
    const auto written =
        masklet::dataset::readDataset(coco.toStdString(), masklet::dataset::DatasetFormat::Coco);
    int bedFrames = 0, bedInDocument = 0;
    for (int frame = 0; frame < kFrames; ++frame) {
      const auto* mask = document.mask(frame, 1);
      if (mask && masklet::dataset::rleArea(mask->rle) > 0) ++bedInDocument;
      const auto at = written.frames.find(frame);
      if (at == written.frames.end() || !at->second.count(1)) continue;
      ++bedFrames;
      QVERIFY(at->second.at(1).rle == mask->rle);
    }
    QCOMPARE(bedFrames, bedInDocument);
    QCOMPARE(int(written.objects.size()), 2);
    for (const auto& object : written.objects)
      QCOMPARE(object.name, std::string(object.trackId == 1 ? "bed" : "girl"));
    m_monitor->resume();
    QCOMPARE(failures.count(), 0);
    finish();
  }

  void imageFolderDay() {
    MainWindow window;
    window.resize(1300, 840);
    QSignalSpy failures(window.controller()->tracker(), &TrackerWorker::failed);
    QSignalSpy ready(window.controller()->tracker(), &TrackerWorker::sessionReady);
    phase("opening the image folder");
    window.show();
    window.openImages(m_photos);
    QVERIFY(waitUntil([&] { return ready.count() == 1; }, 120000));
    auto& document = window.document();
    QVERIFY(waitUntil([&] { return document.video().images.size() == 3; }, 60000));
    auto* view = window.findChild<FrameView*>();
    QVERIFY(waitUntil([&] { return view->hasFrame(); }, 60000));

    phase("zooming");
    const double fit = view->zoom();
    wheelOver(view, kBed);
    QVERIFY(view->zoom() > fit);
    phase("clicking image 1");
    clickAt(window, kBed);
    const auto* strip = window.candidates()->strip();
    QVERIFY(waitUntil([&] { return strip->isVisible() && strip->count() == 3; }, 5000));
    QSignalSpy picked(window.controller()->tracker(), &TrackerWorker::promptApplied);
    QTest::keyClick(&window, Qt::Key_3);
    QVERIFY(waitUntil([&] { return picked.count() == 1; }, 60000));
    QVERIFY(document.mask(0, 1)->rle == *strip->candidate(2));
    shoot(window, "image-mode");

    phase("image 2");
    QTest::keyClick(&window, Qt::Key_PageDown);
    QCOMPARE(window.currentFrame(), 1);
    clickAt(window, kBed);
    QTest::keyClick(&window, Qt::Key_N);
    clickAt(window, kGirl);
    QVERIFY(document.mask(1, 1) != nullptr && document.mask(1, 2) != nullptr);
    QVERIFY(document.mask(0, 2) == nullptr);  // each image on its own
    auto* panel = window.findChild<masklet::ui::ObjectPanel*>();
    panel->renameObject(1, "bed");
    panel->setObjectCategory(1, document.addCategory("furniture"));
    panel->renameObject(2, "girl");
    panel->setObjectCategory(2, document.addCategory("person"));
    shoot(window, "image-mode-two-objects");

    phase("exporting SA-1B");
    const QString sa1b = m_dir.filePath("photos_sa1b");
    bool done = false;
    QString result;
    window.projects()->exportImagesTo(sa1b, "sa1b", [&](const QString& text) {
      result = text;
      done = true;
    });
    QVERIFY(waitUntil([&] { return done; }, 60000));
    QVERIFY2(result.startsWith("Exported"), qPrintable(result));
    QCOMPARE(QDir(sa1b).entryList({"*.json"}, QDir::Files).size(), 3);
    QCOMPARE(failures.count(), 0);
    finish();
  }
};

MASKLET_TEST_MAIN(TestWorkdayScenario)
#include "test_workday_scenario.moc"
