// Review assist in the main window, driven through its menus, keys and docks: "next doubtful
// frame" (U) visits exactly the active object's frames under the thresholds, in order, and
// Shift+U goes back; K marks a frame checked (off the list, Ctrl+Z puts it back); review mode
// makes the frame steps go through the list only and marking go on to the next frame; the
// timeline lanes show the confidence strips with the numbers in their tooltip; the CSV the
// Review menu writes is the document's signals; a click on an event seeks there and makes its
// object active; the thresholds of the Settings dialog apply at once. The document holds a
// synthetic sequence whose doubtful frames and events are known by construction; no model.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QLabel>
#include <QPushButton>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <opencv2/core.hpp>

#include "fixture_gui.h"
#include "project/signals_csv.h"
#include "ui/files/project_controller.h"
#include "ui/objects/object_panel.h"
#include "ui/review/events_panel.h"
#include "ui/review/review_controller.h"
#include "ui/review/review_navigator.h"
#include "ui/settings/app_settings.h"
#include "ui/settings/settings_controller.h"
#include "ui/settings/settings_dialog.h"
#include "ui/timeline/confidence_strip.h"
#include "ui/timeline/timeline.h"

using masklet::project::MaskSource;
using masklet::project::ObjectMask;
using masklet::ui::MainWindow;
using masklet::ui::StripClass;

namespace {

constexpr int kFrames = 20;  // the clip: 2 s at 10 fps, 160x96

// A square of `side` pixels at (20, 20) (side 0: an empty mask) with the engine's signals.
ObjectMask square(int side, double score, double predictedIou) {
  cv::Mat pixels = cv::Mat::zeros(96, 160, CV_8U);
  if (side > 0) pixels(cv::Rect(20, 20, side, side)).setTo(1);
  return {masklet::dataset::encodeMask(pixels), MaskSource::Tracked, {score, predictedIou}};
}

// The "cup"'s predicted IoU per frame; frame 12 is lost (score -3, empty mask) and from frame
// 16 its square is 16 px instead of 8 (area x4, IoU with frame 15 = 64 / 256 = 0.25).
const std::vector<double> kCupIous{0.9, 0.6, 0.8, 0.75, 0.2, 0.65, 0.9, 0.7, 0.1, 0.95,
                                   0.9, 0.9, 0.9, 0.5,  0.9, 0.9,  0.9, 0.9, 0.3, 0.9};
// Doubtful with the default thresholds (predicted IoU < 0.7, IoU with previous < 0.5): the
// IoUs under 0.7 (1, 4, 5, 8, 13, 18) and the jump (16); 7 is at the threshold, 12 is lost.
const std::vector<int> kCupDoubtful{1, 4, 5, 8, 13, 16, 18};

QAction* action(MainWindow& window, const char* name) {
  auto* found = window.findChild<QAction*>(name);
  if (found == nullptr) qFatal("no action %s", name);
  return found;
}

}  // namespace

class TestReviewWindow : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  QString m_clip;
  int m_cup = 0;
  int m_dog = 0;

  void openVideo(MainWindow& window) {
    window.show();
    window.openMedia(m_clip);
    QTRY_VERIFY_WITH_TIMEOUT(window.document().video().frameCount == kFrames, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(window.currentFrame(), 0, 10000);
  }

  // Opens the clip and fills the document: the cup as above, the dog sure except frame 6.
  void open(MainWindow& window) {
    openVideo(window);
    fill(window);
  }

  void fill(MainWindow& window) {
    auto& doc = window.document();
    m_cup = doc.addObject("cup");
    m_dog = doc.addObject("dog");
    doc.beginGroup("Track");
    for (int f = 0; f < kFrames; ++f) {
      const int side = f == 12 ? 0 : f >= 16 ? 16 : 8;
      doc.setMasks("frame", f,
                   {{m_cup, square(side, f == 12 ? -3.0 : 4.0, kCupIous[size_t(f)])},
                    {m_dog, square(8, 4.0, f == 6 ? 0.5 : 0.9)}});
    }
    doc.endGroup();
  }

  static void activate(MainWindow& window, int objectId) {
    window.findChild<masklet::ui::ObjectPanel*>()->setActiveObject(objectId);
    QCOMPARE(window.review()->navigator()->activeObject(), objectId);
  }

  // Presses `key` until the frame stops changing; the frames it went to.
  static std::vector<int> visit(MainWindow& window, Qt::Key key, Qt::KeyboardModifiers mods = {}) {
    std::vector<int> frames;
    for (int i = 0; i < kFrames; ++i) {
      const int before = window.currentFrame();
      QTest::keyClick(&window, key, mods);
      if (window.currentFrame() == before) break;
      frames.push_back(window.currentFrame());
    }
    return frames;
  }

  static std::vector<int> reviewList(MainWindow& window) {
    return window.review()->navigator()->reviewList();
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    masklet::test::isolateUserFolders(m_dir);
    QDir().mkpath(m_dir.filePath("no-models"));
    qputenv("MASKLET_MODEL_DIR", m_dir.filePath("no-models").toUtf8());
    m_clip = m_dir.filePath("clip.mp4");
    QVERIFY(masklet::test::makeTestClip(m_clip, 2));
  }

  // The window was destroyed, not closed: its autosave would be offered to the next one.
  void cleanup() { QDir(masklet::ui::ProjectController::autosaveFolder()).removeRecursively(); }

  void nextDoubtfulVisitsExactlyTheFramesUnderTheThreshold() {
    MainWindow window;
    openVideo(window);
    QTest::keyClick(&window, Qt::Key_U);  // no object yet: stays, and says why
    QCOMPARE(window.currentFrame(), 0);
    QVERIFY(window.statusBar()->currentMessage().contains("Pick an object"));
    fill(window);
    activate(window, m_cup);
    QCOMPARE(reviewList(window), kCupDoubtful);
    QCOMPARE(visit(window, Qt::Key_U), kCupDoubtful);
    QVERIFY(window.statusBar()->currentMessage().contains("No frame to review after frame 18"));
    QCOMPARE(visit(window, Qt::Key_U, Qt::ShiftModifier), (std::vector<int>{16, 13, 8, 5, 4, 1}));
    // The dog's list is its own.
    activate(window, m_dog);
    QTest::keyClick(&window, Qt::Key_Home);
    QCOMPARE(visit(window, Qt::Key_U), (std::vector<int>{6}));
  }

  void timelineLanesShowTheConfidenceStrips() {
    MainWindow window;
    open(window);
    auto* timeline = window.findChild<masklet::ui::Timeline*>();
    QVERIFY(timeline->stripRect(0).height() > 0);
    // Two lanes with their strips: the layout gives the timeline its new height.
    QTRY_COMPARE(timeline->height(), timeline->sizeHint().height());
    const QImage image = timeline->grab().toImage();
    const auto colourAt = [&](int lane, int frame) {
      const QRect strip = timeline->stripRect(lane);
      const int x = int(timeline->xOfFrame(frame) + timeline->xOfFrame(frame + 1)) / 2;
      return QColor(image.pixel(x * image.width() / timeline->width(),
                                strip.center().y() * image.height() / timeline->height()));
    };
    QCOMPARE(colourAt(0, 0), masklet::ui::stripColor(StripClass::Sure));
    QCOMPARE(colourAt(0, 4), masklet::ui::stripColor(StripClass::Doubtful));
    QCOMPARE(colourAt(0, 12), masklet::ui::stripColor(StripClass::Lost));
    QCOMPARE(colourAt(0, 16), masklet::ui::stripColor(StripClass::Doubtful));
    QCOMPARE(colourAt(1, 4), masklet::ui::stripColor(StripClass::Sure));
    QCOMPARE(colourAt(1, 6), masklet::ui::stripColor(StripClass::Doubtful));
    const QRect lane = timeline->laneRect(0);
    const QString tip =
        timeline->toolTipAt(QPoint(int(timeline->xOfFrame(4)) + 1, lane.center().y()));
    QVERIFY2(tip.contains("cup, frame 4") && tip.contains("doubtful") &&
                 tip.contains("predicted IoU: 0.200") && tip.contains("object score: 4.00"),
             qPrintable(tip));
    // Checked frames change colour at once.
    activate(window, m_cup);
    QTest::keyClick(&window, Qt::Key_U);
    QTest::keyClick(&window, Qt::Key_U);
    QCOMPARE(window.currentFrame(), 4);
    QTest::keyClick(&window, Qt::Key_K);
    const QImage after = timeline->grab().toImage();
    const QRect strip = timeline->stripRect(0);
    const int x = int(timeline->xOfFrame(4) + timeline->xOfFrame(5)) / 2;
    QCOMPARE(QColor(after.pixel(x * after.width() / timeline->width(),
                                strip.center().y() * after.height() / timeline->height())),
             masklet::ui::stripColor(StripClass::Checked));
  }

  void markCheckedTakesTheFrameOffTheListUndoably() {
    MainWindow window;
    open(window);
    activate(window, m_cup);
    QTest::keyClick(&window, Qt::Key_U);
    QTest::keyClick(&window, Qt::Key_U);
    QCOMPARE(window.currentFrame(), 4);
    QTest::keyClick(&window, Qt::Key_K);
    QVERIFY(window.document().isChecked(4, m_cup));
    QCOMPARE(window.currentFrame(), 4);  // not in review mode: the view stays
    QCOMPARE(reviewList(window), (std::vector<int>{1, 5, 8, 13, 16, 18}));
    QTest::keySequence(&window, QKeySequence::Undo);
    QVERIFY(!window.document().isChecked(4, m_cup));
    QCOMPARE(reviewList(window), kCupDoubtful);
    QTest::keySequence(&window, QKeySequence::Redo);
    QVERIFY(window.document().isChecked(4, m_cup));
    QTest::keyClick(&window, Qt::Key_K, Qt::ShiftModifier);  // unmark
    QVERIFY(!window.document().isChecked(4, m_cup));
    QCOMPARE(reviewList(window), kCupDoubtful);
    // Frame 12 has an (empty) mask: it can be marked, but it was never on the list.
    QTest::keyClick(&window, Qt::Key_End);
    action(window, "markCheckedAction")->trigger();
    QVERIFY(window.document().isChecked(19, m_cup));
    QCOMPARE(reviewList(window), kCupDoubtful);
  }

  void reviewModeStepsOnlyThroughTheList() {
    MainWindow window;
    open(window);
    activate(window, m_cup);
    QTest::keyClick(&window, Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(window.review()->reviewMode());
    QCOMPARE(window.currentFrame(), 1);  // entering goes to the first frame to review
    auto* progress = window.findChild<QLabel*>("reviewProgressLabel");
    QVERIFY(progress->isVisible());
    QCOMPARE(progress->text(), QString("Review (cup): 7 of 7 doubtful frames left"));
    QCOMPARE(visit(window, Qt::Key_Right), (std::vector<int>{4, 5, 8, 13, 16, 18}));
    QCOMPARE(visit(window, Qt::Key_Left), (std::vector<int>{16, 13, 8, 5, 4, 1}));
    QTest::keyClick(&window, Qt::Key_PageDown);
    QCOMPARE(window.currentFrame(), 4);
    // Marking goes on to the next frame to review; the list and the count follow.
    QTest::keyClick(&window, Qt::Key_K);
    QVERIFY(window.document().isChecked(4, m_cup));
    QCOMPARE(window.currentFrame(), 5);
    QTest::keyClick(&window, Qt::Key_K);
    QCOMPARE(window.currentFrame(), 8);
    QCOMPARE(progress->text(), QString("Review (cup): 5 of 7 doubtful frames left"));
    QCOMPARE(visit(window, Qt::Key_Left), (std::vector<int>{1}));
    QCOMPARE(visit(window, Qt::Key_Right), (std::vector<int>{8, 13, 16, 18}));
    // Ten-frame jumps stay ordinary; leaving the mode makes the arrows step frames again.
    QTest::keyClick(&window, Qt::Key_Home);
    QTest::keyClick(&window, Qt::Key_Right, Qt::ShiftModifier);
    QCOMPARE(window.currentFrame(), 10);
    action(window, "reviewModeAction")->trigger();
    QVERIFY(!progress->isVisible());
    QTest::keyClick(&window, Qt::Key_Right);
    QCOMPARE(window.currentFrame(), 11);
  }

  void signalsCsvFromTheMenuIsTheDocuments() {
    MainWindow window;
    open(window);
    activate(window, m_cup);
    const QString path = m_dir.filePath("cup.csv");
    action(window, "exportSignalsAction")->trigger();
    QFileDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<QFileDialog*>("signalsCsvDialog")) != nullptr);
    dialog->selectFile(path);
    QMetaObject::invokeMethod(dialog, "accept");  // the Save button
    QTRY_VERIFY(QFileInfo::exists(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray written = file.readAll();
    const auto& doc = window.document();
    QCOMPARE(written.toStdString(),
             masklet::project::signalsCsv(doc.state(), window.review()->navigator()->thresholds(),
                                          m_cup));
    // And the rows say what the document holds: one per frame, in order.
    const QList<QByteArray> lines = written.trimmed().split('\n');
    QCOMPARE(lines.size(), kFrames + 1);
    QCOMPARE(lines[0], QByteArray(masklet::project::kSignalsCsvHeader));
    for (int f = 0; f < kFrames; ++f) {
      const QList<QByteArray> cells = lines[f + 1].split(',');
      QCOMPARE(cells.size(), 8);
      QCOMPARE(cells[0].toInt(), f);
      QCOMPARE(cells[1].toInt(), m_cup);
      QCOMPARE(cells[2].toDouble(), f == 12 ? -3.0 : 4.0);
      QCOMPARE(cells[3].toDouble(), kCupIous[size_t(f)]);
      QCOMPARE(cells[4].toInt(), f == 12 ? 0 : f >= 16 ? 256 : 64);
      const bool doubtful =
          std::find(kCupDoubtful.begin(), kCupDoubtful.end(), f) != kCupDoubtful.end();
      QCOMPARE(cells[6], QByteArray(f == 12 ? "lost" : doubtful ? "doubtful" : "sure"));
    }
    // A file that cannot be written: one line, nothing else.
    QVERIFY(!window.review()->exportSignals(m_dir.filePath("missing/folder/cup.csv")));
    const QString message = window.statusBar()->currentMessage();
    QVERIFY2(message.startsWith("Signals CSV not written: cannot write") && !message.contains('\n'),
             qPrintable(message));
  }

  void clickingAnEventSeeksAndActivatesItsObject() {
    MainWindow window;
    open(window);
    auto* dock = window.findChild<QDockWidget*>("eventsDock");
    QVERIFY(dock != nullptr);
    QCOMPARE(window.dockWidgetArea(dock), Qt::RightDockWidgetArea);
    auto* events = window.review()->eventsPanel();
    // Disappears at 12, reappears at 13, the area jump and the shape change at 16; the dog's
    // track is smooth.
    QTRY_COMPARE(events->rowCount(), 4);
    using Kind = masklet::project::ReviewEvent::Kind;
    const std::vector<std::pair<int, Kind>> expected{
        {12, Kind::Disappears}, {13, Kind::Reappears}, {16, Kind::AreaJump}, {16, Kind::IouDrop}};
    for (size_t i = 0; i < expected.size(); ++i) {
      QCOMPARE(events->events()[i].frame, expected[i].first);
      QCOMPARE(events->events()[i].kind, expected[i].second);
      QCOMPARE(events->events()[i].objectId, m_cup);
    }
    QCOMPARE(events->events()[2].value, 4.0);
    activate(window, m_dog);
    QTest::keyClick(&window, Qt::Key_Home);
    QTreeWidget* list = events->list();
    QTreeWidgetItem* item = list->topLevelItem(2);
    QCOMPARE(item->text(1), QString("cup"));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(item).center());
    QCOMPARE(window.currentFrame(), 16);
    QCOMPARE(window.findChild<masklet::ui::ObjectPanel*>()->activeObject(), m_cup);
    QCOMPARE(window.review()->navigator()->activeObject(), m_cup);
    // The list follows the document: undoing the run leaves no events.
    window.document().undo();
    QTRY_COMPARE(events->rowCount(), 0);
    // Closed, the dock comes back from the Review menu.
    dock->close();
    QVERIFY(!dock->isVisible());
    action(window, "showEventsAction")->trigger();
    QVERIFY(dock->isVisible());
  }

  void settingsThresholdsApplyAtOnce() {
    MainWindow window;
    open(window);
    activate(window, m_cup);
    masklet::ui::SettingsDialog* dialog =
        window.findChild<masklet::ui::SettingsController*>()->openSettings();
    auto* predictedIou = dialog->findChild<QDoubleSpinBox*>("reviewPredictedIouSpin");
    auto* consecutiveIou = dialog->findChild<QDoubleSpinBox*>("reviewConsecutiveIouSpin");
    QVERIFY(predictedIou != nullptr && consecutiveIou != nullptr);
    QCOMPARE(predictedIou->value(), 0.7);
    predictedIou->setValue(0.3);
    consecutiveIou->setValue(0.2);  // the jump at 16 (IoU 0.25) is no longer doubtful
    dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Apply)->click();
    QCOMPARE(window.review()->navigator()->thresholds().minPredictedIou, 0.3);
    QCOMPARE(reviewList(window), (std::vector<int>{4, 8}));
    QCOMPARE(masklet::ui::AppSettings::load().review.minConsecutiveIou, 0.2);
    // The next window starts with the saved thresholds.
    dialog->close();
    {
      MainWindow second;
      QCOMPARE(second.review()->navigator()->thresholds().minPredictedIou, 0.3);
    }
    masklet::ui::AppSettings defaults = masklet::ui::AppSettings::load();
    defaults.review = {};
    defaults.save();
  }
};

MASKLET_TEST_MAIN(TestReviewWindow)
#include "test_review_window.moc"
