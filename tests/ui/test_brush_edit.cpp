// Brush, eraser and "accept this frame" through the main window with the fixture SAM 2 model:
// a stroke becomes the object's mask prompt on the frame (the document shows what the tracker
// computed for it), undo brings the previous mask back exactly, and an accepted mask is final
// (Edited): later tracking runs leave it byte for byte as it was.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QDir>

#include "ui/files/project_controller.h"

#include <opencv2/core.hpp>

#include <QSignalSpy>
#include <QTemporaryDir>

#include "dataset/rle.h"
#include "fixture_gui.h"
#include "ui/canvas/frame_view.h"
#include "ui/canvas/mask_images.h"
#include "ui/window/main_window.h"
#include "ui/workers/session_controller.h"
#include "ui/workers/tracker_worker.h"

using masklet::project::MaskSource;
using masklet::project::ObjectMask;
using masklet::ui::FrameView;
using masklet::ui::MainWindow;
using masklet::ui::PromptOutcome;
using masklet::ui::SessionController;
using masklet::ui::TrackerWorker;

namespace {

constexpr int kFrames = 20;

bool maskSet(const masklet::dataset::Rle& rle, int x, int y) {
  return masklet::dataset::decodeRle(rle).at<uchar>(y, x) != 0;
}

double iou(const masklet::dataset::Rle& a, const masklet::dataset::Rle& b) {
  const cv::Mat ma = masklet::dataset::decodeRle(a);
  const cv::Mat mb = masklet::dataset::decodeRle(b);
  const double both = cv::countNonZero(ma & mb);
  const double either = cv::countNonZero(ma | mb);
  return either > 0 ? both / either : 1.0;
}

// Drags the current tool from `from` to `to` (frame px) on the window's frame view; returns the
// painted mask once the tracker has answered the stroke's prompt (and that answer).
std::pair<QImage, PromptOutcome> stroke(MainWindow& window, QPointF from, QPointF to) {
  auto* view = window.findChild<FrameView*>();
  QSignalSpy painted(view, &FrameView::maskPainted);
  QSignalSpy applied(window.controller()->tracker(), &TrackerWorker::promptApplied);
  QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, view->toWidget(from).toPoint());
  for (int i = 1; i <= 8; ++i) {
    const QPointF pos = view->toWidget(from + (to - from) * (i / 8.0));
    QMouseEvent move(QEvent::MouseMove, pos, view->mapToGlobal(pos), Qt::NoButton, Qt::LeftButton,
                     Qt::NoModifier);
    QApplication::sendEvent(view, &move);
  }
  QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, view->toWidget(to).toPoint());
  if (painted.count() != 1) return {};
  if (!QTest::qWaitFor([&] { return applied.count() == 1; }, 120000)) return {};
  return {painted.at(0).at(1).value<QImage>(), applied.at(0).at(0).value<PromptOutcome>()};
}

}  // namespace

class TestBrushEdit : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  QString m_video;

  void openWithObject(MainWindow& window) {
    masklet::test::openAndWait(window, m_video, kFrames);
    auto* view = window.findChild<FrameView*>();
    QTRY_VERIFY_WITH_TIMEOUT(view->hasFrame(), 60000);
    QSignalSpy applied(window.controller()->tracker(), &TrackerWorker::promptApplied);
    Q_EMIT view->pointClicked(QPointF(80, 48), true);
    QTRY_VERIFY_WITH_TIMEOUT(applied.count() == 1, 120000);
    QVERIFY(window.document().hasObject(1));
  }

  static void trackAndWait(MainWindow& window, const QKeySequence& keys) {
    QSignalSpy finished(window.controller()->tracker(), &TrackerWorker::propagationFinished);
    QTest::keySequence(&window, keys);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 300000);
    QTRY_VERIFY_WITH_TIMEOUT(!window.controller()->tracker()->isBusy(), 120000);
  }

 private Q_SLOTS:
  // Each test starts without the autosave the previous one left (its window was destroyed, not
  // closed), so no recovery offer comes up in front of the window.
  void cleanup() { QDir(masklet::ui::ProjectController::autosaveFolder()).removeRecursively(); }

  void initTestCase() {
    MASKLET_REQUIRE_SHARED("fixtures/sam2.1-mini/checkpoint.pt");
    QVERIFY(m_dir.isValid());
    QVERIFY(masklet::test::installFixtureModel(m_dir));
    m_video = m_dir.filePath("clip.mp4");
    QVERIFY(masklet::test::makeTestClip(m_video, kFrames / 10));
  }

  void brushEraseUndoAcceptAndTrack() {
    MainWindow window;
    QSignalSpy failures(window.controller()->tracker(), &TrackerWorker::failed);
    openWithObject(window);
    auto& document = window.document();
    auto* view = window.findChild<FrameView*>();

    // Brush: a stroke becomes object 1's mask prompt on frame 0, one command "Brush".
    QTest::keyClick(&window, Qt::Key_D);
    QCOMPARE(view->tool(), FrameView::Tool::Brush);
    view->setBrushRadius(12);
    const auto [brushed, brushOutcome] = stroke(window, QPointF(30, 48), QPointF(60, 48));
    QVERIFY2(!brushed.isNull(), "no stroke, or the tracker did not answer it");
    const auto brushedRle = masklet::ui::maskRle(brushed);
    QVERIFY(maskSet(brushedRle, 30, 48) && maskSet(brushedRle, 45, 40));
    QCOMPARE(brushOutcome.frame, 0);
    QCOMPARE(brushOutcome.objectId, 1);
    QVERIFY(brushOutcome.input.mask.has_value() && *brushOutcome.input.mask == brushedRle);
    QCOMPARE(document.undoText(), std::string("Brush"));
    QVERIFY(document.mask(0, 1)->rle == brushOutcome.result.masks.at(1).rle);
    QCOMPARE(document.mask(0, 1)->source, MaskSource::Prompted);
    QCOMPARE(document.prompts(0, 1).inputs.back().mask.value(), brushedRle);
    QVERIFY(document.prompts(0, 1).allPoints().empty());  // the mask replaced the click
    // SAM 2 gives a mask prompt back as the frame's mask (through its low-res grid).
    QVERIFY2(iou(document.mask(0, 1)->rle, brushedRle) > 0.8,
             qPrintable(QString::number(iou(document.mask(0, 1)->rle, brushedRle))));
    const ObjectMask afterBrush = *document.mask(0, 1);
    const auto promptsAfterBrush = document.prompts(0, 1);

    // Eraser: a cut through the painted area, on the mask the document shows.
    QTest::keyClick(&window, Qt::Key_E);
    QCOMPARE(view->tool(), FrameView::Tool::Eraser);
    view->setBrushRadius(3);
    const auto [erased, eraseOutcome] = stroke(window, QPointF(45, 20), QPointF(45, 76));
    QVERIFY2(!erased.isNull(), "no stroke, or the tracker did not answer it");
    const auto erasedRle = masklet::ui::maskRle(erased);
    QVERIFY(!maskSet(erasedRle, 45, 48));
    QCOMPARE(masklet::dataset::decodeRle(erasedRle).at<uchar>(48, 30),
             masklet::dataset::decodeRle(afterBrush.rle).at<uchar>(48, 30));
    QVERIFY(*eraseOutcome.input.mask == erasedRle);
    QCOMPARE(document.undoText(), std::string("Erase"));
    QVERIFY(document.mask(0, 1)->rle == eraseOutcome.result.masks.at(1).rle);
    QVERIFY(document.mask(0, 1)->rle != afterBrush.rle);

    // Undo: exactly the mask and prompts after the brush; the tracker replays them.
    QTest::keySequence(&window, QKeySequence::Undo);
    QVERIFY(*document.mask(0, 1) == afterBrush);
    QVERIFY(document.prompts(0, 1) == promptsAfterBrush);
    QTRY_VERIFY_WITH_TIMEOUT(!window.controller()->tracker()->isBusy(), 120000);

    // Accept: the painted mask itself is final, not the tracker's version of it.
    QTest::keyClick(&window, Qt::Key_A);
    QCOMPARE(document.undoText(), std::string("Accept frame"));
    QCOMPARE(document.mask(0, 1)->source, MaskSource::Edited);
    QVERIFY(document.mask(0, 1)->rle == brushedRle);
    const ObjectMask accepted = *document.mask(0, 1);

    // Tracking from here keeps it byte for byte and fills the other frames.
    trackAndWait(window, QKeySequence(Qt::Key_F));
    QVERIFY(*document.mask(0, 1) == accepted);
    QVERIFY(document.mask(0, 1)->rle.counts == brushedRle.counts);
    QVERIFY(document.mask(kFrames - 1, 1) != nullptr);
    QCOMPARE(document.mask(kFrames - 1, 1)->source, MaskSource::Tracked);
    QCOMPARE(failures.count(), 0);
  }

  void acceptedTrackedFrameSurvivesRetracking() {
    MainWindow window;
    QSignalSpy failures(window.controller()->tracker(), &TrackerWorker::failed);
    openWithObject(window);
    auto& document = window.document();
    trackAndWait(window, QKeySequence(Qt::Key_F));
    QTest::keyClick(&window, Qt::Key_Home);  // the view followed the run to its last frame
    for (int i = 0; i < 5; ++i) QTest::keyClick(&window, Qt::Key_Right);
    QCOMPARE(window.currentFrame(), 5);
    const ObjectMask tracked = *document.mask(5, 1);
    QCOMPARE(tracked.source, MaskSource::Tracked);

    // Accept a tracked frame: the tracker gets the mask as the frame's prompt, the document
    // keeps it as Edited, one undoable command.
    QSignalSpy applied(window.controller()->tracker(), &TrackerWorker::promptApplied);
    QTest::keyClick(&window, Qt::Key_A);
    QTRY_VERIFY_WITH_TIMEOUT(applied.count() == 1, 120000);
    const auto outcome = applied.at(0).at(0).value<PromptOutcome>();
    QCOMPARE(outcome.frame, 5);
    QVERIFY(outcome.input.mask.has_value() && *outcome.input.mask == tracked.rle);
    QCOMPARE(document.undoText(), std::string("Accept frame"));
    QCOMPARE(document.mask(5, 1)->source, MaskSource::Edited);
    QVERIFY(document.mask(5, 1)->rle == tracked.rle);
    QCOMPARE(document.prompts(5, 1).inputs.back().mask.value(), tracked.rle);
    const ObjectMask accepted = *document.mask(5, 1);

    QTest::keySequence(&window, QKeySequence::Undo);
    QVERIFY(*document.mask(5, 1) == tracked);
    QVERIFY(document.prompts(5, 1).empty());
    QTest::keySequence(&window, QKeySequence::Redo);
    QVERIFY(*document.mask(5, 1) == accepted);
    QTRY_VERIFY_WITH_TIMEOUT(!window.controller()->tracker()->isBusy(), 120000);

    // A full re-track from the first frame passes frame 5 and leaves it as accepted.
    QTest::keyClick(&window, Qt::Key_Home);
    trackAndWait(window, QKeySequence(Qt::SHIFT | Qt::Key_F));
    QVERIFY(*document.mask(5, 1) == accepted);
    QCOMPARE(document.mask(6, 1)->source, MaskSource::Tracked);
    // Accepting again changes nothing (no new command).
    for (int i = 0; i < 5; ++i) QTest::keyClick(&window, Qt::Key_Right);
    const std::string undoBefore = document.undoText();
    QTest::keyClick(&window, Qt::Key_A);
    QCOMPARE(document.undoText(), undoBefore);
    QCOMPARE(failures.count(), 0);
  }
};

MASKLET_TEST_MAIN(TestBrushEdit)
#include "test_brush_edit.moc"
