// `masklet --screenshot FILE [VIDEO|PROJECT]` writes a PNG of the main window at the window's
// size once the media is open (and, with a model, its session ready; for a project, its masks
// drawn), then exits 0; bad arguments are one line and exit code 2.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <opencv2/core.hpp>

#include "project/document.h"
#include "project/project_file.h"
#include "shared_data.h"
#include "ui/window/main_window.h"

namespace {

struct Run {
  int exitCode = -1;
  QString err;
};

}  // namespace

class TestScreenshotCli : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  QString m_video;
  QProcessEnvironment m_env = QProcessEnvironment::systemEnvironment();

  Run runMasklet(const QStringList& args, const QProcessEnvironment& env) {
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(QString::fromStdString(masklet::test::binDir()) + "/masklet", args);
    Run run;
    if (!process.waitForFinished(180000)) {
      process.kill();
      process.waitForFinished();
      run.err = "masklet did not finish";
      return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
  }

  // The size the main window has on this platform (what the PNG must be).
  static QSize windowSize() {
    masklet::ui::MainWindow window;
    window.show();
    if (!QTest::qWaitForWindowExposed(&window)) return {};
    return window.size() * window.devicePixelRatio();
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    m_env.insert("XDG_DATA_HOME", m_dir.filePath("data"));
    m_env.insert("XDG_CONFIG_HOME", m_dir.filePath("config"));
    m_env.insert("XDG_STATE_HOME", m_dir.filePath("state"));
    m_env.insert("QT_QPA_PLATFORM", "offscreen");
    m_env.remove("MASKLET_MODEL_DIR");
    qputenv("XDG_DATA_HOME", m_dir.filePath("data").toUtf8());
    qunsetenv("MASKLET_MODEL_DIR");
    m_video = m_dir.filePath("clip.mp4");
    QProcess ffmpeg;
    ffmpeg.start("ffmpeg",
                 {"-v", "error", "-f", "lavfi", "-i", "testsrc=size=160x96:rate=10:duration=2",
                  "-pix_fmt", "yuv420p", m_video});
    QVERIFY(ffmpeg.waitForFinished(60000));
    QCOMPARE(ffmpeg.exitCode(), 0);
  }

  void videoAndProjectScreenshots() {
    const QString videoShot = m_dir.filePath("video.png");
    Run run = runMasklet({"--screenshot", videoShot, m_video}, m_env);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QImage video(videoShot);
    QVERIFY(!video.isNull());
    QCOMPARE(video.size(), windowSize());

    // A project whose object covers the left half of every frame: its overlay must be in the
    // picture, so the two screenshots differ.
    masklet::project::Document document;
    masklet::project::VideoRef ref;
    ref.path = m_video.toStdString();
    ref.name = "clip";
    ref.width = 160;
    ref.height = 96;
    ref.frameCount = 20;
    ref.fps = 10;
    document.reset(ref);
    const int id = document.addObject("left half");
    cv::Mat pixels(96, 160, CV_8UC1, cv::Scalar(0));
    pixels(cv::Rect(0, 0, 80, 96)).setTo(1);
    masklet::project::ObjectMask mask;
    mask.rle = masklet::dataset::encodeMask(pixels);
    mask.source = masklet::project::MaskSource::Edited;
    document.setMask("Paint", 0, id, mask);
    const QString projectPath = m_dir.filePath("clip.masklet");
    masklet::project::saveDocument(document, projectPath.toStdString());
    const QString projectShot = m_dir.filePath("project.png");
    run = runMasklet({"--screenshot", projectShot, projectPath}, m_env);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QImage withMask(projectShot);
    QCOMPARE(withMask.size(), video.size());
    QVERIFY(withMask != video);
  }

  void withAModelItWaitsForTheSession() {
    MASKLET_REQUIRE_SHARED("fixtures/sam2.1-mini/checkpoint.pt");
    const QString fixture =
        QString::fromStdString(masklet::test::sharedPath("fixtures/sam2.1-mini"));
    QDir().mkpath(m_dir.filePath("models"));
    QFile::copy(fixture + "/checkpoint.pt", m_dir.filePath("models/mini.pt"));
    QFile::copy(fixture + "/config.yaml", m_dir.filePath("models/mini.yaml"));
    QProcessEnvironment env = m_env;
    env.insert("MASKLET_MODEL_DIR", m_dir.filePath("models"));
    const QString shot = m_dir.filePath("model.png");
    const Run run = runMasklet({"--screenshot", shot, m_video}, env);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY(!QImage(shot).isNull());
  }

  void badArgumentsExit2WithOneLine_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("no file name") << QStringList{"--screenshot"} << "Missing value";
    QTest::newRow("not png") << QStringList{"--screenshot", "shot.txt"} << "not a .png";
    QTest::newRow("no folder") << QStringList{"--screenshot", "/no/such/folder/shot.png"}
                               << "does not exist";
    QTest::newRow("no media") << QStringList{"--screenshot", "shot.png", "/no/such/clip.mp4"}
                              << "no such file";
    QTest::newRow("two files") << QStringList{"--screenshot", "shot.png", "a.mp4", "b.mp4"}
                               << "one file";
    QTest::newRow("unknown option") << QStringList{"--screenshoot", "shot.png"} << "Unknown";
  }
  void badArgumentsExit2WithOneLine() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    for (QString& arg : args)
      if (arg == "shot.png" || arg == "shot.txt") arg = m_dir.filePath(arg);
    const Run run = runMasklet(args, m_env);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    // One line from Masklet; Qt's own platform notices (XDG_RUNTIME_DIR, offscreen plugin)
    // are not ours.
    int ours = 0;
    for (const QString& line : run.err.split('\n', Qt::SkipEmptyParts))
      ours += line.startsWith("QStandardPaths:") || line.contains("propagateSizeHints") ? 0 : 1;
    QCOMPARE(ours, 1);
    QVERIFY(!QFileInfo::exists(m_dir.filePath("shot.png")));
  }
};

MASKLET_TEST_MAIN(TestScreenshotCli)
#include "test_screenshot_cli.moc"
