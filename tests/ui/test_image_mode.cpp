// Image mode in the main window with the fixture model: a folder of three PNGs of different
// sizes opens as an image set (tracking off), each image is annotated on its own with the image
// predictor, a first click shows its three candidates and key 2 makes candidate 2 the image's
// mask (undoable), SA-1B export writes one JSON per image and COCO one image entry per image at
// its own size, and a saved project reopens with its images, prompts and masks.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QAction>
#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <nlohmann/json.hpp>

#include <fstream>

#include "fixture_gui.h"
#include "shared_data.h"
#include "ui/canvas/frame_view.h"
#include "ui/files/project_controller.h"
#include "ui/tracking/candidate_picker.h"
#include "ui/window/main_window.h"
#include "ui/workers/session_controller.h"
#include "ui/workers/tracker_worker.h"

using masklet::ui::MainWindow;
using masklet::ui::SessionController;
using masklet::ui::TrackerWorker;
using nlohmann::json;

namespace {

struct ImageSpec {
  const char* name;
  int width;
  int height;
};
const ImageSpec kImages[] = {{"a.png", 160, 96}, {"b.png", 120, 80}, {"c.png", 200, 120}};

// A picture with a few shapes, so the model has something to segment.
void writeImage(const QString& path, int width, int height, int seed) {
  QImage image(width, height, QImage::Format_RGB888);
  image.fill(QColor(40 + 30 * seed, 90, 160));
  QPainter painter(&image);
  painter.setBrush(QColor(230, 200, 40));
  painter.drawEllipse(QRect(width / 4, height / 4, width / 2, height / 2));
  painter.setBrush(QColor(20, 160, 60));
  painter.drawRect(QRect(4, 4, width / 6, height / 5));
  painter.end();
  QVERIFY(image.save(path));
}

json readJson(const QString& path) {
  std::ifstream in(path.toStdString());
  return json::parse(in);
}

}  // namespace

class TestImageMode : public QObject {
  Q_OBJECT

  QTemporaryDir m_dir;
  QString m_folder;

  static void clickAndWait(MainWindow& window, QPointF point) {
    QSignalSpy applied(window.controller()->tracker(), &TrackerWorker::promptApplied);
    Q_EMIT window.findChild<masklet::ui::FrameView*>()->pointClicked(point, true);
    QTRY_VERIFY_WITH_TIMEOUT(applied.count() == 1, 120000);
  }

  static bool waitFor(const std::function<void(std::function<void(const QString&)>)>& start,
                      QString& result) {
    bool done = false;
    start([&](const QString& text) {
      result = text;
      done = true;
    });
    return QTest::qWaitFor([&] { return done; }, 60000);
  }

 private Q_SLOTS:
  void initTestCase() {
    MASKLET_REQUIRE_SHARED("fixtures/sam2.1-mini/checkpoint.pt");
    QVERIFY(m_dir.isValid());
    QVERIFY(masklet::test::installFixtureModel(m_dir));
    m_folder = m_dir.filePath("photos");
    QDir().mkpath(m_folder);
    int seed = 0;
    for (const auto& spec : kImages)
      writeImage(m_folder + "/" + spec.name, spec.width, spec.height, seed++);
  }

  void annotateImagesPickCandidateExportSaveAndReopen() {
    MainWindow window;
    SessionController* controller = window.controller();
    QSignalSpy sessionSpy(controller->tracker(), &TrackerWorker::sessionReady);
    QSignalSpy failures(controller->tracker(), &TrackerWorker::failed);
    window.show();
    window.openImages(m_folder);
    QTRY_VERIFY_WITH_TIMEOUT(sessionSpy.count() == 1, 120000);
    const auto& document = window.document();
    QTRY_VERIFY_WITH_TIMEOUT(document.video().images.size() == 3, 60000);
    for (size_t i = 0; i < 3; ++i) {
      QCOMPARE(document.video().images[i].name, std::string(kImages[i].name));
      QCOMPARE(document.video().images[i].width, kImages[i].width);
      QCOMPARE(document.video().images[i].height, kImages[i].height);
    }
    QCOMPARE(document.video().frameCount, 3);
    for (QAction* action : window.findChildren<QAction*>())
      if (action->text().startsWith("Track forward"))
        QVERIFY2(!action->isEnabled(), "tracking stays off in image mode");

    // Image 0: a first click; its three candidates are shown, the best is the mask.
    clickAndWait(window, QPointF(80, 48));
    const auto* strip = window.candidates()->strip();
    QTRY_VERIFY(strip->isVisible());
    QCOMPARE(strip->count(), 3);
    QCOMPARE(strip->frame(), 0);
    QVERIFY(document.mask(0, 1) != nullptr);
    QCOMPARE(document.mask(0, 1)->rle.width, 160);
    QVERIFY(*strip->candidate(strip->chosen()) == document.mask(0, 1)->rle);

    // Next image (PageDown): the strip goes; a click there, at that image's size.
    QTest::keyClick(&window, Qt::Key_PageDown);
    QCOMPARE(window.currentFrame(), 1);
    QVERIFY(!strip->isVisible());
    clickAndWait(window, QPointF(60, 40));
    QTRY_VERIFY(strip->isVisible() && strip->frame() == 1);
    QCOMPARE(document.mask(1, 1)->rle.width, 120);
    QCOMPARE(document.mask(1, 1)->rle.height, 80);
    const auto best = document.mask(1, 1)->rle;
    const auto second = *strip->candidate(1);

    // Key 2: candidate 2 becomes the image's prompt and mask.
    QSignalSpy applied(controller->tracker(), &TrackerWorker::promptApplied);
    QTest::keyClick(&window, Qt::Key_2);
    QTRY_VERIFY_WITH_TIMEOUT(applied.count() == 1, 60000);
    QVERIFY(document.mask(1, 1)->rle == second);
    QCOMPARE(document.prompts(1, 1).inputs.size(), size_t(2));
    QVERIFY(document.prompts(1, 1).inputs.back().mask.has_value());
    QCOMPARE(strip->chosen(), 1);
    // Undo takes the pick back: the best candidate is the mask again.
    window.document().undo();
    QVERIFY(document.mask(1, 1)->rle == best);
    QCOMPARE(document.prompts(1, 1).inputs.size(), size_t(1));
    QTRY_VERIFY_WITH_TIMEOUT(!controller->tracker()->isBusy(), 60000);
    window.document().redo();
    QVERIFY(document.mask(1, 1)->rle == second);
    QTRY_VERIFY_WITH_TIMEOUT(!controller->tracker()->isBusy(), 60000);
    QCOMPARE(failures.count(), 0);

    // SA-1B: one JSON per image, named after it, each with the image's size.
    QString result;
    const QString sa1b = m_dir.filePath("export_sa1b");
    QVERIFY(
        waitFor([&](auto done) { window.projects()->exportImagesTo(sa1b, "sa1b", done); }, result));
    QVERIFY2(result.startsWith("Exported"), qPrintable(result));
    QCOMPARE(QDir(sa1b).entryList({"*.json"}, QDir::Files),
             QStringList({"a.json", "b.json", "c.json"}));
    const json b = readJson(sa1b + "/b.json");
    QCOMPARE(b["image"]["file_name"].get<std::string>(), std::string("b.png"));
    QCOMPARE(b["image"]["width"].get<int>(), 120);
    QCOMPARE(b["image"]["height"].get<int>(), 80);
    QCOMPARE(int(b["annotations"].size()), masklet::dataset::rleArea(second) > 0 ? 1 : 0);
    QCOMPARE(int(readJson(sa1b + "/c.json")["annotations"].size()), 0);

    // COCO: one file, one image entry per image at its own size.
    const QString coco = m_dir.filePath("export.json");
    QVERIFY(
        waitFor([&](auto done) { window.projects()->exportImagesTo(coco, "coco", done); }, result));
    QVERIFY2(result.startsWith("Exported"), qPrintable(result));
    const json cocoJson = readJson(coco);
    QCOMPARE(int(cocoJson["images"].size()), 3);
    for (int i = 0; i < 3; ++i) {
      QCOMPARE(cocoJson["images"][i]["file_name"].get<std::string>(), std::string(kImages[i].name));
      QCOMPARE(cocoJson["images"][i]["width"].get<int>(), kImages[i].width);
      QCOMPARE(cocoJson["images"][i]["height"].get<int>(), kImages[i].height);
    }

    // Save, then reopen in a new window: images, prompts and masks come back.
    const QString project = m_dir.filePath("photos.masklet");
    QVERIFY(waitFor([&](auto done) { window.projects()->saveTo(project, done); }, result));
    QVERIFY2(result.isEmpty(), qPrintable(result));
    MainWindow reopened;
    QSignalSpy reopenedSession(reopened.controller()->tracker(), &TrackerWorker::sessionReady);
    QSignalSpy reopenedFailures(reopened.controller()->tracker(), &TrackerWorker::failed);
    reopened.show();
    reopened.openProject(project);
    QTRY_VERIFY_WITH_TIMEOUT(reopened.document().hasObject(1), 120000);
    QTRY_VERIFY_WITH_TIMEOUT(reopenedSession.count() == 1, 120000);
    QVERIFY(reopened.document().video().images == document.video().images);
    QVERIFY(reopened.document().mask(1, 1)->rle == second);
    QVERIFY(reopened.document().mask(0, 1)->rle == document.mask(0, 1)->rle);
    QVERIFY(reopened.document().prompts(1, 1) == document.prompts(1, 1));
    // Prompting goes on there: a click on the third image, at its size.
    QTest::keyClick(&reopened, Qt::Key_End);
    QCOMPARE(reopened.currentFrame(), 2);
    clickAndWait(reopened, QPointF(100, 60));
    QCOMPARE(reopened.document().mask(2, 1)->rle.width, 200);
    QCOMPARE(reopenedFailures.count(), 0);
  }
};

MASKLET_TEST_MAIN(TestImageMode)
#include "test_image_mode.moc"
