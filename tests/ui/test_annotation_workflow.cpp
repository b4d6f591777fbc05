// The whole GUI path with a real (fixture) SAM 2 model: open a video, click an object, get its
// mask from the worker thread into the document, track forward, cancel, and keep every frame
// already tracked, while the GUI thread keeps serving events; undo and redo of clicks; a
// refused prompt; backward tracking through the frame cache.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QDir>

#include "ui/files/project_controller.h"

#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>

#include "fixture_gui.h"
#include "project/project_file.h"
#include "shared_data.h"
#include "ui/canvas/frame_view.h"
#include "ui/tracking/prompt_controller.h"
#include "ui/window/main_window.h"
#include "ui/workers/session_controller.h"
#include "ui/workers/tracker_worker.h"
#include "video/ffmpeg_source.h"
#include "video/open_frame_source.h"

using masklet::tracker::DocumentFrame;
using masklet::ui::MainWindow;
using masklet::ui::PromptOutcome;
using masklet::ui::SessionController;
using masklet::ui::TrackerWorker;

class TestAnnotationWorkflow : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  QString m_video;
  std::vector<int> m_savedMaskFrames;

  // Opens the test video in a shown window and waits for the tracker session.
  void openAndWait(MainWindow& window) {
    QSignalSpy sessionSpy(window.controller()->tracker(), &TrackerWorker::sessionReady);
    window.show();
    window.openMedia(m_video);
    QTRY_VERIFY_WITH_TIMEOUT(sessionSpy.count() == 1, 120000);
    QTRY_VERIFY_WITH_TIMEOUT(window.document().video().frameCount == 40, 60000);
  }

  static void clickAndWait(MainWindow& window, QPointF point, bool positive) {
    QSignalSpy applied(window.controller()->tracker(), &TrackerWorker::promptApplied);
    auto* view = window.findChild<masklet::ui::FrameView*>();
    Q_EMIT view->pointClicked(point, positive);
    QTRY_VERIFY_WITH_TIMEOUT(applied.count() == 1, 120000);
  }

 private Q_SLOTS:
  // Each test starts without the autosave the previous one left (its window was destroyed, not
  // closed), so no recovery offer comes up in front of the window.
  void cleanup() { QDir(masklet::ui::ProjectController::autosaveFolder()).removeRecursively(); }

  void initTestCase() {
    MASKLET_REQUIRE_SHARED("fixtures/sam2.1-mini/checkpoint.pt");
    QVERIFY(m_dir.isValid());
    // The fixture model (image size 256) with its config next to it, as a user would install
    // a custom model.
    QVERIFY(masklet::test::installFixtureModel(m_dir));
    // A 40-frame 160x96 test video, a keyframe every 10 frames.
    m_video = m_dir.filePath("clip.mp4");
    QVERIFY(masklet::test::makeTestClip(m_video, 4));
  }

  void clickTrackCancelKeepsFinishedFrames() {
    MainWindow window;
    SessionController* controller = window.controller();
    QSignalSpy failures(controller->tracker(), &TrackerWorker::failed);
    openAndWait(window);
    QCOMPARE(failures.count(), 0);

    // A click on frame 0 gives object 1 a mask of the video's size, recorded in the document.
    QSignalSpy applied(controller->tracker(), &TrackerWorker::promptApplied);
    clickAndWait(window, QPointF(80, 48), true);
    const auto outcome = applied.at(0).at(0).value<PromptOutcome>();
    QCOMPARE(outcome.frame, 0);
    QCOMPARE(outcome.objectId, 1);
    QCOMPARE(int(outcome.result.masks.size()), 1);
    QCOMPARE(outcome.result.masks.at(1).rle.height, 96);
    QCOMPARE(outcome.result.masks.at(1).rle.width, 160);
    const auto& document = window.document();
    QVERIFY(document.hasObject(1));
    QCOMPARE(document.prompts(0, 1).inputs.size(), size_t(1));
    QVERIFY(document.mask(0, 1)->rle == outcome.result.masks.at(1).rle);
    QVERIFY(document.mask(0, 1)->quality.predictedIou.has_value());

    // Track forward, cancel after a few frames: the frames done so far are kept.
    QSignalSpy finished(controller->tracker(), &TrackerWorker::propagationFinished);
    QSignalSpy tracked(controller->tracker(), &TrackerWorker::framesTracked);
    QTest::keyClick(&window, Qt::Key_F);
    int ticks = 0;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, [&ticks] { ++ticks; });
    ticker.start(10);
    QTRY_VERIFY_WITH_TIMEOUT(tracked.count() >= 3, 120000);
    controller->tracker()->cancelPropagation();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 120000);
    const int framesDone = finished.at(0).at(0).toInt();
    QVERIFY2(finished.at(0).at(1).toBool(), "propagation ran to the end before the cancel");
    QVERIFY(framesDone >= 3 && framesDone < 40);
    QCoreApplication::processEvents();
    QCOMPARE(tracked.count(), framesDone);
    for (const auto& emitted : tracked) {
      const auto frame = emitted.at(0).value<DocumentFrame>();
      const auto* mask = document.mask(frame.frame, 1);
      QVERIFY(mask != nullptr);
      QVERIFY(mask->rle == frame.masks.at(1).rle);
    }
    // The run is one undo step.
    QCOMPARE(document.undoText(), std::string("Track forward"));
    QVERIFY2(ticks > 5, "the GUI thread did not serve its timer while the model ran");
    QCOMPARE(failures.count(), 0);
    masklet::project::saveDocument(document, m_dir.filePath("saved.masklet").toStdString());
    m_savedMaskFrames = document.framesWithMask(1);
  }

  void reopenedProjectRestoresObjectsMasksAndPrompts() {
    QVERIFY2(QFile::exists(m_dir.filePath("saved.masklet")), "the previous test saves it");
    MainWindow window;
    SessionController* controller = window.controller();
    QSignalSpy sessionSpy(controller->tracker(), &TrackerWorker::sessionReady);
    QSignalSpy failures(controller->tracker(), &TrackerWorker::failed);
    window.show();
    window.openProject(m_dir.filePath("saved.masklet"));
    QTRY_VERIFY_WITH_TIMEOUT(sessionSpy.count() == 1, 120000);
    QTRY_VERIFY_WITH_TIMEOUT(window.document().hasObject(1), 60000);
    QTRY_VERIFY_WITH_TIMEOUT(!controller->tracker()->isBusy(),
                             120000);  // prompts given to the tracker
    QCOMPARE(failures.count(), 0);
    QCOMPARE(window.document().objects().size(), size_t(1));
    QCOMPARE(window.document().framesWithMask(1), m_savedMaskFrames);
    QCOMPARE(window.document().prompts(0, 1).inputs.size(), size_t(1));
  }

  void undoAndRedoAClickAndTheTrackerFollows() {
    MainWindow window;
    SessionController* controller = window.controller();
    QSignalSpy failures(controller->tracker(), &TrackerWorker::failed);
    openAndWait(window);
    clickAndWait(window, QPointF(80, 48), true);
    const auto afterFirst = *window.document().mask(0, 1);
    clickAndWait(window, QPointF(20, 20), false);
    const auto inputs = [&window] { return window.document().prompts(0, 1).inputs; };
    QCOMPARE(inputs().size(), size_t(2));
    // Undo: the document is back to one click, and the tracker, given that click again,
    // computes exactly the mask the document shows.
    QSignalSpy synced(controller->tracker(), &TrackerWorker::promptApplied);
    QTest::keySequence(&window, QKeySequence::Undo);
    QCOMPARE(inputs().size(), size_t(1));
    QCOMPARE(inputs()[0].points[0].label, 1);
    QVERIFY(*window.document().mask(0, 1) == afterFirst);
    QTRY_VERIFY_WITH_TIMEOUT(synced.count() == 1, 120000);
    const auto engine = synced.at(0).at(0).value<PromptOutcome>().result.masks.at(1);
    QVERIFY(engine.rle == afterFirst.rle);
    QTest::keySequence(&window, QKeySequence::Redo);
    QCOMPARE(inputs().size(), size_t(2));
    QCOMPARE(inputs()[1].points[0].label, 0);
    QTRY_VERIFY_WITH_TIMEOUT(!controller->tracker()->isBusy(), 120000);
    QCOMPARE(failures.count(), 0);
  }

  void refusedPromptShowsOneLineAndChangesNothing() {
    MainWindow window;
    openAndWait(window);
    const auto before = window.document().state();
    auto* prompts = window.findChild<masklet::ui::PromptController*>();
    QVERIFY(prompts != nullptr);
    QSignalSpy refused(window.controller()->tracker(), &TrackerWorker::promptRefused);
    // Frame 99 of a 40-frame video: the tracker refuses it.
    QVERIFY(prompts->addPoint(99, 0, QPointF(10, 10), true) != 0);
    QTRY_VERIFY_WITH_TIMEOUT(refused.count() == 1, 120000);
    const QString message = refused.at(0).at(1).toString();
    QVERIFY2(!message.contains('\n'), qPrintable(message));
    QVERIFY2(message.contains("99"), qPrintable(message));
    QCoreApplication::processEvents();
    QVERIFY(window.document().state() == before);
    QVERIFY(!window.document().canUndo());
    QCOMPARE(window.statusBar()->currentMessage(), message);
    // The tracker is still usable: the next prompt works and makes object 1.
    clickAndWait(window, QPointF(80, 48), true);
    QVERIFY(window.document().hasObject(1));
  }

  void backwardTrackingDecodesEachGopAboutOnce() {
    MainWindow window;
    masklet::video::FfmpegSource* decoder = nullptr;
    // Queued to the tracker thread ahead of the video's opening.
    window.controller()->tracker()->setSourceOpener([&decoder](const std::string& path) {
      auto source = masklet::video::openFrameSource(path);
      decoder = dynamic_cast<masklet::video::FfmpegSource*>(source.get());
      return source;
    });
    openAndWait(window);
    QVERIFY(decoder != nullptr);
    QTest::keyClick(&window, Qt::Key_End);
    QCOMPARE(window.currentFrame(), 39);
    clickAndWait(window, QPointF(80, 48), true);
    QSignalSpy finished(window.controller()->tracker(), &TrackerWorker::propagationFinished);
    QTest::keyClick(&window, Qt::Key_B);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 300000);
    QCOMPARE(finished.at(0).at(0).toInt(), 40);
    QCOMPARE(window.document().framesWithPrompts(1), std::vector<int>{39});
    // 4 GOPs of 10 frames read backward: one seek per GOP (plus the first reads), not one per
    // frame (about 40 without the cache).
    const auto seeks = decoder->repositionCount();
    QVERIFY2(seeks <= 10, qPrintable(QString("%1 seeks").arg(seeks)));
  }
};

MASKLET_TEST_MAIN(TestAnnotationWorkflow)
#include "test_annotation_workflow.moc"
