// The file habits of the main window, offscreen and without a model: File ▸ Open Recent keeps
// the last files and drops vanished ones; a dropped video or project opens; the Save / Discard
// / Cancel prompt comes exactly when there are unsaved changes; an autosave newer than the
// project is offered for recovery; the export dialog writes exactly the frames and objects
// chosen (read back with the dataset readers) and a cancelled export writes nothing.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QTemporaryDir>
#include <opencv2/core.hpp>

#include "child_process.h"
#include "dataset/dataset_format.h"
#include "project/project_file.h"
#include "ui/files/export_dialog.h"
#include "ui/files/export_job.h"
#include "ui/files/file_workflow.h"
#include "ui/files/project_controller.h"
#include "ui/files/recent_files.h"
#include "ui/window/main_window.h"

using masklet::ui::FileWorkflow;
using masklet::ui::MainWindow;
using masklet::ui::UnsavedChoice;
namespace project = masklet::project;
namespace dataset = masklet::dataset;

namespace {

constexpr int kFrames = 20, kWidth = 160, kHeight = 96;

// Object `id`'s mask on `frame`: one pixel whose place says both.
project::ObjectMask markerMask(int frame, int id) {
  cv::Mat pixels(kHeight, kWidth, CV_8UC1, cv::Scalar(0));
  pixels.at<std::uint8_t>(id, frame) = 1;
  project::ObjectMask mask;
  mask.rle = dataset::encodeMask(pixels);
  mask.source = project::MaskSource::Edited;
  return mask;
}

void dropOn(QWidget* window, const QString& path) {
  QMimeData mime;
  mime.setUrls({QUrl::fromLocalFile(path)});
  const QPoint where(window->width() / 2, window->height() / 2);
  QDragEnterEvent enter(where, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(window, &enter);
  QVERIFY(enter.isAccepted());
  QDropEvent drop(QPointF(where), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(window, &drop);
  QVERIFY(drop.isAccepted());
}

}  // namespace

class TestFileWorkflow : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  QString m_video;
  int m_prompts = 0;
  UnsavedChoice m_answer = UnsavedChoice::Cancel;

  // A shown window whose unsaved-changes prompt is counted and answered with m_answer.
  void prepare(MainWindow& window) {
    window.files()->setUnsavedChangesPrompt([this](QWidget*, const QString&) {
      ++m_prompts;
      return m_answer;
    });
    window.show();
  }

  static void openAndWait(MainWindow& window, const QString& video) {
    QSignalSpy ready(window.projects(), &masklet::ui::ProjectController::mediaReady);
    window.openMedia(video);
    QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 1, 60000);
  }

  // Two objects with a marker mask on every frame: the document is modified.
  static void annotate(MainWindow& window) {
    auto& document = window.document();
    for (const int id : {document.addObject("first"), document.addObject("second")})
      for (int frame = 0; frame < kFrames; ++frame)
        document.setMask("Paint", frame, id, markerMask(frame, id));
  }

  // Saves the document to `path` and waits for it.
  static void saveAndWait(MainWindow& window, const QString& path) {
    QSignalSpy saved(window.projects(), &masklet::ui::ProjectController::saved);
    window.projects()->saveTo(path);
    QTRY_VERIFY_WITH_TIMEOUT(saved.count() == 1, 30000);
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    qputenv("XDG_DATA_HOME", m_dir.filePath("data").toUtf8());
    qputenv("XDG_CONFIG_HOME", m_dir.filePath("config").toUtf8());
    qputenv("XDG_STATE_HOME", m_dir.filePath("state").toUtf8());
    qunsetenv("MASKLET_MODEL_DIR");
    QCoreApplication::setOrganizationName("MaskletFileWorkflowTest");
    QCoreApplication::setApplicationName("Masklet");
    m_video = m_dir.filePath("clip.mp4");
    const QString pattern =
        QString("testsrc=size=%1x%2:rate=10:duration=2").arg(kWidth).arg(kHeight);
    QCOMPARE(masklet::test::runToEnd("ffmpeg", {"-v", "error", "-f", "lavfi", "-i", pattern,
                                                "-pix_fmt", "yuv420p", m_video}),
             0);
  }

  void init() {
    m_prompts = 0;
    m_answer = UnsavedChoice::Cancel;
    QSettings().remove("files/recent");
    QDir(masklet::ui::ProjectController::autosaveFolder()).removeRecursively();
  }

  void recentFilesKeepTenAndDropVanishedOnes() {
    QMenu menu;
    QStringList opened;
    masklet::ui::RecentFiles recent(
        &menu, [&opened](const QString& path) { opened.append(path); }, nullptr);
    QSignalSpy messages(&recent, &masklet::ui::RecentFiles::message);
    QStringList files;
    for (int i = 0; i < 12; ++i) {
      files.append(m_dir.filePath(QString("recent%1.mp4").arg(i)));
      QFile file(files.back());
      QVERIFY(file.open(QIODevice::WriteOnly));
      recent.add(files.back());
    }
    // Newest first, ten at most.
    QCOMPARE(recent.entries().size(), 10);
    QCOMPARE(recent.entries().front(), files.at(11));
    QCOMPARE(recent.entries().back(), files.at(2));
    // Opening one again moves it to the top, once.
    recent.add(files.at(5));
    QCOMPARE(recent.entries().front(), files.at(5));
    QCOMPARE(recent.entries().count(files.at(5)), 1);
    QCOMPARE(recent.entries().size(), 10);
    // Two vanish: showing the menu drops them and says so in one line.
    QVERIFY(QFile::remove(files.at(7)));
    QVERIFY(QFile::remove(files.at(9)));
    Q_EMIT menu.aboutToShow();
    QCOMPARE(recent.entries().size(), 8);
    QVERIFY(!recent.entries().contains(files.at(7)) && !recent.entries().contains(files.at(9)));
    QCOMPARE(messages.count(), 1);
    QVERIFY(messages.at(0).at(0).toString().contains("2 recent files"));
    QCOMPARE(menu.actions().size(), 8);
    // Picking an entry opens it; picking one that vanished meanwhile only tells.
    menu.actions().front()->trigger();
    QCOMPARE(opened, QStringList{files.at(5)});
    QVERIFY(QFile::remove(files.at(11)));
    menu.actions().at(1)->trigger();
    QCOMPARE(opened.size(), 1);
    QTRY_COMPARE(messages.count(), 2);
    QVERIFY(messages.at(1).at(0).toString().contains(files.at(11)));
    QCOMPARE(menu.actions().size(), 7);
    // The list survives: a new menu reads it from the settings.
    QMenu other;
    masklet::ui::RecentFiles again(
        &other, [](const QString&) {}, nullptr);
    QCOMPARE(again.entries(), recent.entries());
  }

  void openingAndSavingFillTheRecentList() {
    MainWindow window;
    prepare(window);
    openAndWait(window, m_video);
    QCOMPARE(window.files()->recentFiles()->entries().front(), m_video);
    annotate(window);
    const QString projectPath = m_dir.filePath("recent.masklet");
    saveAndWait(window, projectPath);
    QCOMPARE(window.files()->recentFiles()->entries(), (QStringList{projectPath, m_video}));
  }

  void droppedVideoAndProjectOpen() {
    // A project to drop: one object on every frame.
    const QString projectPath = m_dir.filePath("dropped.masklet");
    {
      MainWindow maker;
      prepare(maker);
      openAndWait(maker, m_video);
      annotate(maker);
      saveAndWait(maker, projectPath);
    }
    MainWindow window;
    prepare(window);
    QSignalSpy ready(window.projects(), &masklet::ui::ProjectController::mediaReady);
    dropOn(&window, m_video);
    QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 1, 60000);
    QCOMPARE(window.document().video().frameCount, kFrames);
    QVERIFY(window.document().objects().empty());
    QVERIFY(window.projects()->projectPath().isEmpty());
    dropOn(&window, projectPath);
    QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 2, 60000);
    QCOMPARE(window.projects()->projectPath(), projectPath);
    QCOMPARE(int(window.document().objects().size()), 2);
    QVERIFY(window.document().mask(7, 2)->rle == markerMask(7, 2).rle);
    QCOMPARE(m_prompts, 0);  // nothing was modified
    // Something that is not a local file is refused at the door.
    QMimeData web;
    web.setUrls({QUrl("https://example.com/clip.mp4")});
    QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &web, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &enter);
    QVERIFY(!enter.isAccepted());
  }

  void unsavedPromptOnlyWhenModified() {
    MainWindow window;
    prepare(window);
    openAndWait(window, m_video);
    // Unmodified: opening another video does not ask.
    QSignalSpy ready(window.projects(), &masklet::ui::ProjectController::mediaReady);
    window.openMedia(m_video);
    QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 1, 60000);
    QCOMPARE(m_prompts, 0);
    // Modified: it asks; Cancel keeps everything.
    annotate(window);
    QVERIFY(window.projects()->hasUnsavedChanges());
    m_answer = UnsavedChoice::Cancel;
    window.openMedia(m_video);
    QCOMPARE(m_prompts, 1);
    QTest::qWait(200);
    QCOMPARE(ready.count(), 1);
    QCOMPARE(int(window.document().objects().size()), 2);
    // Cancel on close: the window stays.
    window.close();
    QCOMPARE(m_prompts, 2);
    QVERIFY(window.isVisible());
    // Discard: the other video opens, empty, and no autosave of the discarded work stays.
    m_answer = UnsavedChoice::Discard;
    window.openMedia(m_video);
    QCOMPARE(m_prompts, 3);
    QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 2, 60000);
    QVERIFY(window.document().objects().empty());
    QVERIFY(!QFileInfo::exists(window.projects()->autosavePath()));
  }

  void saveOnCloseWritesTheProjectThenCloses() {
    MainWindow window;
    prepare(window);
    openAndWait(window, m_video);
    annotate(window);
    const QString projectPath = m_dir.filePath("closing.masklet");
    saveAndWait(window, projectPath);
    QVERIFY(!window.projects()->hasUnsavedChanges());
    window.document().renameObject(1, "renamed");
    m_answer = UnsavedChoice::Save;
    window.close();
    QCOMPARE(m_prompts, 1);
    QTRY_VERIFY_WITH_TIMEOUT(!window.isVisible(), 30000);
    const auto saved = project::loadDocumentState(projectPath.toStdString());
    QCOMPARE(saved.objects.front().name, std::string("renamed"));
    // A clean close leaves no autosave behind to offer next time.
    QVERIFY(!QFileInfo::exists(window.projects()->autosavePath()));
  }

  void recoveryIsOfferedWhenTheAutosaveIsNewer() {
    const QString projectPath = m_dir.filePath("recover.masklet");
    QString autosave;
    {
      MainWindow maker;
      prepare(maker);
      openAndWait(maker, m_video);
      annotate(maker);
      saveAndWait(maker, projectPath);
      // Work after the save that only the autosave has (as after a crash).
      maker.document().addObject("third");
      autosave = maker.projects()->autosavePath();
      QDir().mkpath(QFileInfo(autosave).path());
      project::saveDocument(maker.document(), autosave.toStdString());
    }
    QFile project(projectPath);
    QVERIFY(project.open(QIODevice::ReadWrite));
    QVERIFY(project.setFileTime(QDateTime::currentDateTime().addSecs(-60),
                                QFileDevice::FileModificationTime));
    project.close();

    {  // these windows hold the video's autosave while they are open
      MainWindow window;
      prepare(window);
      window.openProject(projectPath);
      QTRY_VERIFY_WITH_TIMEOUT(window.files()->recoveryOffer() != nullptr, 60000);
      QMessageBox* offer = window.files()->recoveryOffer();
      QTRY_VERIFY(offer->isVisible());
      QVERIFY(offer->text().contains("newer than the project"));
      QCOMPARE(int(window.document().objects().size()), 2);  // the project as saved, so far
      QSignalSpy ready(window.projects(), &masklet::ui::ProjectController::mediaReady);
      offer->findChild<QPushButton*>("recover")->click();
      QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 1, 60000);
      QCOMPARE(int(window.document().objects().size()), 3);
      // Recovered work is unsaved work of the same project (Ctrl+S writes the project).
      QCOMPARE(window.projects()->projectPath(), projectPath);
      QVERIFY(window.projects()->hasUnsavedChanges());
      QTest::qWait(100);
      QVERIFY(window.files()->recoveryOffer() == nullptr);  // not offered again

      // An autosave older than the project is not offered.
      QFile old(autosave);
      QVERIFY(old.open(QIODevice::ReadWrite));
      QVERIFY(old.setFileTime(QDateTime::currentDateTime().addSecs(-3600),
                              QFileDevice::FileModificationTime));
      old.close();
      MainWindow later;
      prepare(later);
      QSignalSpy laterReady(later.projects(), &masklet::ui::ProjectController::mediaReady);
      later.openProject(projectPath);
      QTRY_VERIFY_WITH_TIMEOUT(laterReady.count() == 1, 60000);
      QTest::qWait(100);
      QVERIFY(later.files()->recoveryOffer() == nullptr);
    }
    // On start (no file given), the autosave a session left behind is offered; none, none.
    MainWindow starting;
    prepare(starting);
    starting.files()->offerRecoveryOnStart();
    QVERIFY(starting.files()->recoveryOffer() != nullptr);
    QVERIFY(starting.files()->recoveryOffer()->text().contains("did not close properly"));
    QVERIFY(QFile::remove(autosave));
    MainWindow clean;
    prepare(clean);
    clean.files()->offerRecoveryOnStart();
    QVERIFY(clean.files()->recoveryOffer() == nullptr);
  }

  void exportDialogWritesTheChosenFramesAndObject() {
    MainWindow window;
    prepare(window);
    openAndWait(window, m_video);
    annotate(window);
    const QString out = m_dir.filePath("range.json");
    masklet::ui::ExportDialog dialog(
        &window, [&window] { return window.document().toAnnotation(); }, "coco");
    QCOMPARE(dialog.objects(), (std::set<int>{1, 2}));  // every object checked at first
    dialog.setFrameRange(5, 9);
    dialog.setStride(2);
    dialog.setObjects({2});
    dialog.setOutputPath(out);
    QSignalSpy ended(&dialog, &masklet::ui::ExportDialog::exportEnded);
    dialog.startExport();
    QVERIFY(dialog.isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 1, 30000);
    QVERIFY2(ended.at(0).at(0).toBool(), qPrintable(ended.at(0).at(1).toString()));
    const auto written = dataset::readDataset(out.toStdString(), dataset::DatasetFormat::Coco);
    std::vector<int> frames;
    for (const auto& [frame, masks] : written.frames) {
      frames.push_back(frame);
      QCOMPARE(int(masks.size()), 1);
      QVERIFY(masks.at(2).rle == markerMask(frame, 2).rle);
    }
    QCOMPARE(frames, (std::vector<int>{5, 7, 9}));
    QCOMPARE(int(written.objects.size()), 1);
    QCOMPARE(written.objects.front().trackId, 2);
    QCOMPARE(written.objects.front().name, std::string("second"));
  }

  void exportProblemsAndCancelWriteNothing() {
    MainWindow window;
    prepare(window);
    openAndWait(window, m_video);
    annotate(window);
    // SA-V cannot hold a range that starts between its strides: one line, nothing written.
    masklet::ui::ExportDialog dialog(
        &window, [&window] { return window.document().toAnnotation(); }, "sav");
    const QString sav = m_dir.filePath("range_sav.json");
    dialog.setFrameRange(5, 9);
    dialog.setStride(2);
    dialog.setOutputPath(sav);
    dialog.startExport();
    QVERIFY(!dialog.isRunning());
    QVERIFY(!QFileInfo::exists(sav));
    // A job cancelled before it commits leaves no file (nor its staging file).
    masklet::ui::ExportRequest request;
    request.annotation = window.document().toAnnotation();
    request.path = m_dir.filePath("cancelled.json");
    request.format = "coco";
    auto cancel = std::make_shared<masklet::CancelToken>();
    cancel->requestCancel();
    std::optional<masklet::ui::ExportOutcome> outcome;
    masklet::ui::runExportJob(
        &window, request, cancel,
        [&outcome](masklet::ui::ExportOutcome result, const QString&) { outcome = result; });
    QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 30000);
    QCOMPARE(int(*outcome), int(masklet::ui::ExportOutcome::Cancelled));
    QCOMPARE(QDir(m_dir.path()).entryList({"cancelled*"}), QStringList{});
    // The same for a folder format.
    request.path = m_dir.filePath("cancelled_png");
    request.format = "png";
    outcome.reset();
    masklet::ui::runExportJob(
        &window, request, cancel,
        [&outcome](masklet::ui::ExportOutcome result, const QString&) { outcome = result; });
    QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 30000);
    QCOMPARE(int(*outcome), int(masklet::ui::ExportOutcome::Cancelled));
    QCOMPARE(QDir(m_dir.path()).entryList({"*cancelled*"}, QDir::AllEntries | QDir::Hidden),
             QStringList{});
  }
};

MASKLET_TEST_MAIN(TestFileWorkflow)
#include "test_file_workflow.moc"
