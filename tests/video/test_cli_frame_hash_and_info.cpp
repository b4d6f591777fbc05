// masklet-cli frame-hash prints ffmpeg's framemd5 per requested frame in the requested order,
// and masklet-cli info prints codec, size, fps and the exact frame count; bad input exits 1 with
// a message naming the file.
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include "test_registry.h"

#include "shared_data.h"
#include "video_test_util.h"

namespace {

struct Run {
  int exitCode = -1;
  QString out;
  QString err;
};

Run runCli(const QStringList& args) {
  QProcess process;
  process.start(QString::fromStdString(masklet::test::binDir() + "/masklet-cli"), args);
  Run run;
  if (!process.waitForFinished(300000)) return run;
  run.exitCode = process.exitCode();
  run.out = QString::fromUtf8(process.readAllStandardOutput());
  run.err = QString::fromUtf8(process.readAllStandardError());
  return run;
}

}  // namespace

class CliFrameHashAndInfoTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  QString m_video;
  QString m_skip;

 private Q_SLOTS:
  void initTestCase() {
    if (!QFileInfo::exists(QString::fromStdString(masklet::test::binDir() + "/masklet-cli")))
      m_skip = "masklet-cli is not built in " + QString::fromStdString(masklet::test::binDir());
    else if (!masklet::test::ffmpegAvailable())
      m_skip = "the ffmpeg command-line tool is not installed";
    if (!m_skip.isEmpty()) return;
    m_video = m_dir.filePath("clip.mp4");
    const QString error =
        masklet::test::runFfmpeg({"-f", "lavfi", "-i", "testsrc2=size=176x144:rate=25:duration=1.2",
                                  "-c:v", "libx264", "-bf", "3", "-g", "10", m_video});
    QVERIFY2(error.isEmpty(), qPrintable(error));
  }

  void frameHashPrintsFfmpegMd5InRequestedOrder() {
    if (!m_skip.isEmpty()) QSKIP(qPrintable(m_skip));
    const auto reference = masklet::test::ffmpegFrameMd5s(m_video.toStdString());
    QCOMPARE(reference.size(), size_t{30});
    Run run = runCli({"frame-hash", m_video});
    QCOMPARE(run.exitCode, 0);
    QStringList lines = run.out.split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 30);
    for (int i = 0; i < 30; ++i)
      QCOMPARE(lines[i], QString("%1 %2").arg(i).arg(QString::fromStdString(reference[i])));

    run = runCli({"frame-hash", m_video, "--frames", "29,3,17-14,0"});
    QCOMPARE(run.exitCode, 0);
    lines = run.out.split('\n', Qt::SkipEmptyParts);
    const std::vector<int> expected = {29, 3, 17, 16, 15, 14, 0};
    QCOMPARE(lines.size(), static_cast<int>(expected.size()));
    for (size_t i = 0; i < expected.size(); ++i)
      QCOMPARE(
          lines[static_cast<int>(i)],
          QString("%1 %2").arg(expected[i]).arg(QString::fromStdString(reference[expected[i]])));
  }

  void frameHashRejectsBadFrameList() {
    if (!m_skip.isEmpty()) QSKIP(qPrintable(m_skip));
    Run run = runCli({"frame-hash", m_video, "--frames", "30"});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("out of range"), qPrintable(run.err));
    run = runCli({"frame-hash", m_video, "--frames", "2,x"});
    QCOMPARE(run.exitCode, 2);  // not a frame list at all: a usage error
    QVERIFY2(run.err.contains("'x'"), qPrintable(run.err));
  }

  void infoPrintsExactFrameCount() {
    if (!m_skip.isEmpty()) QSKIP(qPrintable(m_skip));
    const Run run = runCli({"info", m_video});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains("codec: h264"), qPrintable(run.out));
    QVERIFY2(run.out.contains("size: 176x144"), qPrintable(run.out));
    QVERIFY2(run.out.contains("fps: 25"), qPrintable(run.out));
    QVERIFY2(run.out.contains("frames: 30\n"), qPrintable(run.out));
  }

  void infoOnRealClip() {
    if (!m_skip.isEmpty()) QSKIP(qPrintable(m_skip));
    MASKLET_REQUIRE_SHARED("media/01_dog.mp4");
    const Run run =
        runCli({"info", QString::fromStdString(masklet::test::sharedPath("media/01_dog.mp4"))});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains("size: 1280x720") && run.out.contains("frames: 289\n") &&
                 run.out.contains("fps: 29.97"),
             qPrintable(run.out));
  }

  void infoOnMissingFileFailsClearly() {
    if (!m_skip.isEmpty()) QSKIP(qPrintable(m_skip));
    const Run run = runCli({"info", m_dir.filePath("missing.mp4")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("missing.mp4") && run.err.contains("does not exist"),
             qPrintable(run.err));
  }
};

MASKLET_TEST_APPLESS_MAIN(CliFrameHashAndInfoTest)
#include "test_cli_frame_hash_and_info.moc"
