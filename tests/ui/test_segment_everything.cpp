// Segment everything in the GUI with the fixture SAM 2 model: Tracking ▸
// Segment Everything runs the automatic mask generator on the worker thread with progress,
// the masks show as outlines, a click selects one, Keep makes one object per kept mask with
// that mask as its prompt on the frame, all undone by one undo; Cancel stops a run.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QAction>
#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>

#include "fixture_gui.h"
#include "shared_data.h"
#include "ui/canvas/frame_view.h"
#include "ui/canvas/mask_images.h"
#include "ui/files/project_controller.h"
#include "ui/tracking/everything_picker.h"
#include "ui/window/main_window.h"
#include "ui/window/shortcut_help.h"
#include "ui/workers/session_controller.h"
#include "ui/workers/tracker_worker.h"

using masklet::ui::EverythingPicker;
using masklet::ui::MainWindow;
using masklet::ui::SessionController;
using masklet::ui::TrackerWorker;

class TestSegmentEverything : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  QString m_video;

  // Random weights: thresholds off so the generator's masks come through.
  static masklet::tracker::AmgOptions looseOptions(int pointsPerSide, int batch) {
    masklet::tracker::AmgOptions options;
    options.points_per_side = pointsPerSide;
    options.points_per_batch = batch;
    options.pred_iou_thresh = 0.0;
    options.stability_score_thresh = 0.0;
    return options;
  }

  void open(MainWindow& window) {
    masklet::test::openAndWait(window, m_video, 20);
    auto* view = window.findChild<masklet::ui::FrameView*>();
    QTRY_VERIFY_WITH_TIMEOUT(view->hasFrame(), 60000);
  }

  // Runs the action and waits for its end; returns the picker.
  static EverythingPicker* run(MainWindow& window, const masklet::tracker::AmgOptions& options) {
    auto* picker = window.findChild<EverythingPicker*>();
    if (!picker) return nullptr;
    picker->setOptions(options);
    QSignalSpy finished(picker, &EverythingPicker::finished);
    picker->action()->trigger();
    if (!picker->isRunning()) return nullptr;
    if (!QTest::qWaitFor([&] { return finished.count() == 1; }, 300000)) return nullptr;
    return picker;
  }

 private Q_SLOTS:
  void cleanup() { QDir(masklet::ui::ProjectController::autosaveFolder()).removeRecursively(); }

  void initTestCase() {
    MASKLET_REQUIRE_SHARED("fixtures/sam2.1-mini/checkpoint.pt");
    QVERIFY(m_dir.isValid());
    QVERIFY(masklet::test::installFixtureModel(m_dir));
    m_video = m_dir.filePath("clip.mp4");
    QVERIFY(masklet::test::makeTestClip(m_video, 2));
  }

  void actionHasItsOwnShortcut() {
    MainWindow window;
    auto* picker = window.findChild<EverythingPicker*>();
    QVERIFY(picker);
    QCOMPARE(picker->action()->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    QVERIFY2(masklet::ui::shortcutCollisions(&window).isEmpty(),
             qPrintable(masklet::ui::shortcutCollisions(&window).join("; ")));
  }

  void keepAllMakesObjectsWithTheFoundMasksInOneUndoStep() {
    MainWindow window;
    open(window);
    QSignalSpy progress(window.controller()->tracker(), &TrackerWorker::everythingProgress);
    QSignalSpy failures(window.controller()->tracker(), &TrackerWorker::failed);
    EverythingPicker* picker = run(window, looseOptions(4, 4));
    QVERIFY(picker);
    QCOMPARE(failures.count(), 0);
    QVERIFY(progress.count() >= 4);  // 16 clicks in batches of 4
    QCOMPARE(progress.last().at(0).toInt(), progress.last().at(1).toInt());
    const auto found = picker->found();
    QVERIFY2(!found.empty(), "the generator found no masks with its thresholds off");
    QCOMPARE(picker->foundFrame(), 0);
    if (const QByteArray dir = qgetenv("MASKLET_SCREENSHOT_DIR"); !dir.isEmpty())
      window.grab().save(QString::fromUtf8(dir) + "/everything.png");

    auto& document = window.document();
    const uint64_t before = document.revision();
    QCOMPARE(picker->keepAll(), int(found.size()));
    QCOMPARE(document.objects().size(), found.size());
    for (size_t i = 0; i < found.size(); ++i) {
      const int id = document.objects()[i].id;
      const auto* mask = document.mask(0, id);
      QVERIFY(mask);
      QVERIFY(mask->rle == found[i].rle);
      const auto prompts = document.prompts(0, id);
      QCOMPARE(prompts.inputs.size(), size_t(1));
      QVERIFY(prompts.inputs[0].mask && *prompts.inputs[0].mask == found[i].rle);
    }
    QVERIFY(picker->found().empty());  // the outlines went
    QVERIFY(document.revision() > before);
    QCOMPARE(QString::fromStdString(document.undoText()), QString("Segment everything"));

    // The new objects are ready to track: the tracker has their mask prompts.
    QTRY_VERIFY_WITH_TIMEOUT(!window.controller()->tracker()->isBusy(), 120000);
    QSignalSpy tracked(window.controller()->tracker(), &TrackerWorker::propagationFinished);
    for (QAction* action : window.findChildren<QAction*>())
      if (action->text().startsWith("Track forward")) action->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(tracked.count() == 1, 300000);
    QCOMPARE(tracked.at(0).at(0).toInt(), 20);  // every frame, the prompted one included
    QCOMPARE(failures.count(), 0);
    if (const QByteArray dir = qgetenv("MASKLET_SCREENSHOT_DIR"); !dir.isEmpty())
      window.grab().save(QString::fromUtf8(dir) + "/everything-tracked.png");
    document.undo();  // the run
    QCOMPARE(QString::fromStdString(document.undoText()), QString("Segment everything"));
    document.undo();  // one step takes every object back
    QVERIFY(document.objects().empty());
    QTRY_VERIFY_WITH_TIMEOUT(!window.controller()->tracker()->isBusy(), 120000);
    QCOMPARE(failures.count(), 0);
  }

  void aClickSelectsAnOutlineAndKeepSelectedKeepsIt() {
    MainWindow window;
    open(window);
    EverythingPicker* picker = run(window, looseOptions(4, 16));
    QVERIFY(picker);
    const auto found = picker->found();
    QVERIFY(!found.empty());
    // A pixel of the smallest mask: the click selects that one.
    size_t smallest = 0;
    for (size_t i = 1; i < found.size(); ++i)
      if (found[i].area < found[smallest].area) smallest = i;
    const QImage mask = masklet::ui::maskImage(found[smallest].rle);
    QPoint inside(-1, -1);
    for (int y = 0; y < mask.height() && inside.x() < 0; ++y)
      for (int x = 0; x < mask.width(); ++x)
        if (mask.constScanLine(y)[x] != 0) {
          inside = {x, y};
          break;
        }
    QVERIFY(inside.x() >= 0);
    // A real click on the outlines drawn over the view, at that pixel's centre.
    auto* view = window.findChild<masklet::ui::FrameView*>();
    auto* outlines = view->findChild<QWidget*>("everythingOutlines");
    QVERIFY(outlines && outlines->isVisible());
    QTest::mouseClick(outlines, Qt::LeftButton, {},
                      view->toWidget(QPointF(inside) + QPointF(0.5, 0.5)).toPoint());
    QCOMPARE(picker->selected().size(), size_t(1));
    QCOMPARE(picker->keepSelected(), 1);
    QCOMPARE(window.document().objects().size(), size_t(1));
    QVERIFY(window.document().mask(0, window.document().objects()[0].id)->rle ==
            found[smallest].rle);
    QTRY_VERIFY_WITH_TIMEOUT(!window.controller()->tracker()->isBusy(), 120000);
  }

  void imageModeSegmentsTheShownImage() {
    const QString folder = m_dir.filePath("photos");
    QDir().mkpath(folder);
    QImage picture(120, 80, QImage::Format_RGB32);
    picture.fill(Qt::darkBlue);
    for (int y = 20; y < 60; ++y)
      for (int x = 30; x < 90; ++x) picture.setPixel(x, y, qRgb(240, 200, 40));
    QVERIFY(picture.save(folder + "/a.png"));
    MainWindow window;
    QSignalSpy sessionSpy(window.controller()->tracker(), &TrackerWorker::sessionReady);
    QSignalSpy failures(window.controller()->tracker(), &TrackerWorker::failed);
    window.show();
    window.openImages(folder);
    QTRY_VERIFY_WITH_TIMEOUT(sessionSpy.count() == 1, 120000);
    QTRY_VERIFY_WITH_TIMEOUT(window.findChild<masklet::ui::FrameView*>()->hasFrame(), 60000);
    EverythingPicker* picker = run(window, looseOptions(4, 16));
    QVERIFY(picker);
    QCOMPARE(failures.count(), 0);
    const auto found = picker->found();
    QVERIFY(!found.empty());
    QCOMPARE(found[0].rle.width, 120);
    QCOMPARE(found[0].rle.height, 80);
    QCOMPARE(picker->keepAtLeast(0), int(found.size()));
    QCOMPARE(window.document().objects().size(), found.size());
    QVERIFY(window.document().mask(0, window.document().objects()[0].id)->rle == found[0].rle);
    QTRY_VERIFY_WITH_TIMEOUT(!window.controller()->tracker()->isBusy(), 120000);
    QCOMPARE(failures.count(), 0);
  }

  void cancelStopsTheRunAndKeepsNothing() {
    MainWindow window;
    open(window);
    auto* picker = window.findChild<EverythingPicker*>();
    picker->setOptions(looseOptions(16, 1));  // 256 batches: time to cancel
    QSignalSpy finished(picker, &EverythingPicker::finished);
    connect(window.controller()->tracker(), &TrackerWorker::everythingProgress,
            window.controller()->tracker(), &TrackerWorker::cancelEverything);
    picker->action()->trigger();
    QVERIFY(picker->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 300000);
    QCOMPARE(finished.first().at(0).toBool(), true);
    QVERIFY(picker->found().empty());
    QVERIFY(window.document().objects().empty());
    QVERIFY(picker->action()->isEnabled());
  }
};

MASKLET_TEST_MAIN(TestSegmentEverything)
#include "test_segment_everything.moc"
