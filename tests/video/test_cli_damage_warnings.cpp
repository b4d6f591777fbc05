// masklet-cli info and frame-hash on a damaged video: they read through the damage and print one
// warning line per kind of damage, naming the frames (the frames a single-threaded libavcodec
// flags; the frames no decoder produces); an undamaged video gets no warning.
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include "test_registry.h"

#include "damaged_media.h"
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

QString warningLine(const QString& err, const QString& kind) {
  for (const QString& line : err.split('\n'))
    if (line.startsWith("warning: ") && line.contains(kind)) return line;
  return {};
}

// The frame numbers after the colon of a warning line ("3, 5-7" -> 3,5,6,7).
std::set<int64_t> framesOf(const QString& line) {
  std::set<int64_t> frames;
  for (const QString& item : line.section(": ", 2).split(", ", Qt::SkipEmptyParts)) {
    const QStringList range = item.split('-');
    for (int64_t f = range.first().toLongLong(); f <= range.last().toLongLong(); ++f)
      frames.insert(f);
  }
  return frames;
}

}  // namespace

class CliDamageWarningsTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  QString m_video;
  QString m_skip;
  std::vector<masklet::test::VideoPacket> m_packets;

 private Q_SLOTS:
  void initTestCase() {
    if (!QFileInfo::exists(QString::fromStdString(masklet::test::binDir() + "/masklet-cli")))
      m_skip = "masklet-cli is not built in " + QString::fromStdString(masklet::test::binDir());
    else if (!masklet::test::ffmpegAvailable() || !masklet::test::ffmpegHasEncoder("libx264"))
      m_skip = "the ffmpeg command-line tool with libx264 is not installed";
    if (!m_skip.isEmpty()) return;
    m_video = m_dir.filePath("clip.mp4");
    const QString error = masklet::test::runFfmpeg(
        {"-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=1.6", "-c:v", "libx264",
         "-bf", "2", "-g", "20", "-pix_fmt", "yuv420p", m_video});
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_packets = masklet::test::videoPackets(m_video.toStdString());
    QCOMPARE(m_packets.size(), size_t{40});
  }

  void undamagedVideoHasNoWarning() {
    if (!m_skip.isEmpty()) QSKIP(qPrintable(m_skip));
    const Run info = runCli({"info", m_video});
    QCOMPARE(info.exitCode, 0);
    QVERIFY2(!info.err.contains("warning"), qPrintable(info.err));
    QVERIFY(info.out.contains("frames: 40"));
  }

  void concealedFramesAreNamed() {
    if (!m_skip.isEmpty()) QSKIP(qPrintable(m_skip));
    const QString damaged = m_dir.filePath("garbled.mp4");
    QVERIFY(masklet::test::writeGarbled(m_video.toStdString(), damaged,
                                        {m_packets[5], m_packets[6], m_packets[11]}, false));
    const auto byFrame = masklet::test::packetsByFrame(m_packets);
    const std::set<int64_t> expected =
        masklet::test::referenceDamagedFrames(damaged.toStdString(), byFrame);
    QVERIFY(!expected.empty());
    for (const QStringList& args :
         {QStringList{"info", damaged}, QStringList{"frame-hash", damaged}}) {
      const Run run = runCli(args);
      QCOMPARE(run.exitCode, 0);
      const QString line = warningLine(run.err, "decoded with errors (concealed)");
      QVERIFY2(!line.isEmpty(), qPrintable(run.err));
      QVERIFY2(line.startsWith(QString("warning: %1 frame").arg(expected.size())),
               qPrintable(line));
      QVERIFY2(framesOf(line) == expected, qPrintable(line));
    }
    const Run hashes = runCli({"frame-hash", damaged});
    QCOMPARE(hashes.out.split('\n', Qt::SkipEmptyParts).size(), 40);  // none missing
  }

  void undecodableFramesAreNamedAndSkipped() {
    if (!m_skip.isEmpty()) QSKIP(qPrintable(m_skip));
    const QString damaged = m_dir.filePath("no_first_keyframe.mp4");
    QVERIFY(masklet::test::writeGarbled(m_video.toStdString(), damaged, {m_packets[0]}, true));
    const int64_t produced =
        static_cast<int64_t>(masklet::test::ffmpegFrameMd5s(damaged.toStdString()).size());
    QVERIFY(produced > 0 && produced < 40);
    const Run hashes = runCli({"frame-hash", damaged});
    QCOMPARE(hashes.exitCode, 0);
    QCOMPARE(hashes.out.split('\n', Qt::SkipEmptyParts).size(), static_cast<int>(produced));
    const QString line = warningLine(hashes.err, "cannot be decoded");
    QVERIFY2(line.contains("the file is damaged there"), qPrintable(hashes.err));
    QCOMPARE(static_cast<int64_t>(framesOf(line).size()), 40 - produced);
    QCOMPARE(*framesOf(line).begin(), int64_t{0});
    QVERIFY2(!hashes.err.contains("Error"), qPrintable(hashes.err));  // no failure line
  }
};

MASKLET_TEST_APPLESS_MAIN(CliDamageWarningsTest)
#include "test_cli_damage_warnings.moc"
