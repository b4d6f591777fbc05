// The whole GUI path with a real (fixture) SAM 2 model: open a video, click an object, get its
// mask from the worker thread, track forward, cancel, and keep every frame already tracked,
// while the GUI thread keeps serving events.
#include <QtTest/QtTest>

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>

#include "project/project_file.h"
#include "shared_data.h"
#include "ui/frame_view.h"
#include "ui/main_window.h"
#include "ui/session_controller.h"

using masklet::ui::MainWindow;
using masklet::ui::SessionController;

class TestAnnotationWorkflow : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  QString m_video;
  std::vector<int> m_savedMaskFrames;

 private Q_SLOTS:
  void initTestCase() {
    MASKLET_REQUIRE_SHARED("fixtures/sam2.1-mini/checkpoint.pt");
    QVERIFY(m_dir.isValid());
    // The fixture model (image size 256) with its config next to it, as a user would install
    // a custom model.
    const QString fixture =
        QString::fromStdString(masklet::test::sharedPath("fixtures/sam2.1-mini"));
    QDir().mkpath(m_dir.filePath("models"));
    QVERIFY(QFile::copy(fixture + "/checkpoint.pt", m_dir.filePath("models/mini.pt")));
    QVERIFY(QFile::copy(fixture + "/config.yaml", m_dir.filePath("models/mini.yaml")));
    qputenv("MASKLET_MODEL_DIR", m_dir.filePath("models").toUtf8());
    qputenv("XDG_DATA_HOME", m_dir.filePath("data").toUtf8());
    // A 40-frame 160x96 test video.
    m_video = m_dir.filePath("clip.mp4");
    QProcess ffmpeg;
    ffmpeg.start("ffmpeg",
                 {"-v", "error", "-f", "lavfi", "-i", "testsrc=size=160x96:rate=10:duration=4",
                  "-pix_fmt", "yuv420p", m_video});
    QVERIFY(ffmpeg.waitForFinished(60000));
    QCOMPARE(ffmpeg.exitCode(), 0);
  }

  void clickTrackCancelKeepsFinishedFrames() {
    MainWindow window;
    SessionController* controller = window.controller();
    QSignalSpy modelSpy(controller, &SessionController::modelLoaded);
    QSignalSpy failures(controller, &SessionController::failed);
    QSignalSpy sessionSpy(controller, &SessionController::sessionReady);
    window.show();
    window.openMedia(m_video);
    QTRY_VERIFY_WITH_TIMEOUT(modelSpy.count() == 1, 120000);
    QTRY_VERIFY_WITH_TIMEOUT(sessionSpy.count() == 1, 120000);
    QCOMPARE(sessionSpy.at(0).at(0).toInt(), 40);
    QCOMPARE(failures.count(), 0);

    // A click on frame 0 gives a mask of the video's size for object 1.
    auto* view = window.findChild<masklet::ui::FrameView*>();
    QVERIFY(view != nullptr);
    QSignalSpy masks(controller, &SessionController::masksReady);
    Q_EMIT view->pointClicked(QPointF(80, 48), true);
    QTRY_VERIFY_WITH_TIMEOUT(masks.count() >= 1, 120000);
    const auto first = masks.at(0).at(0).value<masklet::ui::FrameResult>();
    QCOMPARE(first.frame, 0);
    QCOMPARE(int(first.masks.size()), 1);
    QCOMPARE(first.masks[0].first, 1);
    QCOMPARE(first.masks[0].second.height, 96);
    QCOMPARE(first.masks[0].second.width, 160);
    QCOMPARE(window.project().prompts.at(0).at(1).points.size(), size_t(1));

    // Track forward, cancel after a few frames: the frames done so far are kept.
    QSignalSpy finished(controller, &SessionController::propagationFinished);
    masks.clear();
    QTest::keyClick(&window, Qt::Key_F);
    int ticks = 0;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, [&ticks] { ++ticks; });
    ticker.start(10);
    QTRY_VERIFY_WITH_TIMEOUT(masks.count() >= 3, 120000);
    controller->cancelPropagation();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 120000);
    const int framesDone = finished.at(0).at(0).toInt();
    const bool cancelled = finished.at(0).at(1).toBool();
    QVERIFY2(cancelled, "propagation ran to the end before the cancel arrived");
    QVERIFY(framesDone >= 3 && framesDone < 40);
    QCoreApplication::processEvents();
    QCOMPARE(masks.count(), framesDone);
    for (const auto& emitted : masks) {
      const auto result = emitted.at(0).value<masklet::ui::FrameResult>();
      const auto found = window.project().annotation.frames.find(result.frame);
      const bool nonEmpty = masklet::dataset::rleArea(result.masks[0].second) > 0;
      QCOMPARE(found != window.project().annotation.frames.end() && found->second.count(1) > 0,
               nonEmpty);
    }
    QVERIFY2(ticks > 5, "the GUI thread did not serve its timer while the model ran");
    QCOMPARE(failures.count(), 0);
    masklet::project::saveProject(window.project(), m_dir.filePath("saved.masklet").toStdString());
    m_savedMaskFrames = window.project().framesWithMask(1);
  }

  void reopenedProjectRestoresObjectsMasksAndPrompts() {
    QVERIFY2(QFile::exists(m_dir.filePath("saved.masklet")), "the previous test saves it");
    MainWindow window;
    SessionController* controller = window.controller();
    QSignalSpy sessionSpy(controller, &SessionController::sessionReady);
    QSignalSpy masks(controller, &SessionController::masksReady);
    QSignalSpy failures(controller, &SessionController::failed);
    window.show();
    window.openProject(m_dir.filePath("saved.masklet"));
    QTRY_VERIFY_WITH_TIMEOUT(sessionSpy.count() == 1, 120000);
    // The prompt on frame 0 is replayed into the tracker, which answers with its mask.
    QTRY_VERIFY_WITH_TIMEOUT(masks.count() >= 1, 120000);
    QCOMPARE(failures.count(), 0);
    QCOMPARE(window.project().annotation.objects.size(), size_t(1));
    QCOMPARE(window.project().framesWithMask(1), m_savedMaskFrames);
    QCOMPARE(window.project().prompts.at(0).at(1).points.size(), size_t(1));
  }

  void undoAndRedoAClick() {
    MainWindow window;
    SessionController* controller = window.controller();
    QSignalSpy sessionSpy(controller, &SessionController::sessionReady);
    QSignalSpy failures(controller, &SessionController::failed);
    window.show();
    window.openMedia(m_video);
    QTRY_VERIFY_WITH_TIMEOUT(sessionSpy.count() == 1, 120000);
    auto* view = window.findChild<masklet::ui::FrameView*>();
    Q_EMIT view->pointClicked(QPointF(80, 48), true);
    Q_EMIT view->pointClicked(QPointF(20, 20), false);
    const auto& points = [&window]() -> const auto& {
      return window.project().prompts.at(0).at(1).points;
    };
    QCOMPARE(points().size(), size_t(2));
    QTest::keySequence(&window, QKeySequence::Undo);
    QCOMPARE(points().size(), size_t(1));
    QCOMPARE(points()[0].label, 1);
    QTest::keySequence(&window, QKeySequence::Redo);
    QCOMPARE(points().size(), size_t(2));
    QCOMPARE(points()[1].label, 0);
    QTRY_VERIFY_WITH_TIMEOUT(!controller->isBusy(), 120000);
    QCOMPARE(failures.count(), 0);
  }
};

QTEST_MAIN(TestAnnotationWorkflow)
#include "test_annotation_workflow.moc"
