// Bad input ends in a clear error naming the file, never a crash: a truncated video opens and
// offers exactly the frames that can still be decoded; missing files, folders, text files and
// videos without their index are refused with a message a user can act on.
#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include "test_registry.h"

#include "common/error.h"
#include "shared_data.h"
#include "video/ffmpeg_source.h"
#include "video/open_frame_source.h"
#include "video_test_util.h"

using masklet::video::FfmpegSource;

using masklet::test::errorOf;

namespace {

// Copies the first half of `from` into `to`.
bool writeFirstHalf(const std::string& from, const QString& to) {
  QFile in(QString::fromStdString(from));
  QFile out(to);
  if (!in.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly)) return false;
  const QByteArray data = in.readAll();
  return out.write(data.left(data.size() / 2)) == data.size() / 2;
}

}  // namespace

class DamagedAndMissingInputTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;

 private Q_SLOTS:
  void truncatedVideoOffersTheFramesThatDecode() {
    MASKLET_REQUIRE_SHARED("media/01_dog.mp4");  // index (moov) at the start, data after it
    if (!masklet::test::ffmpegAvailable()) QSKIP("the ffmpeg command-line tool is not installed");
    const QString truncated = m_dir.filePath("dog_first_half.mp4");
    QVERIFY(writeFirstHalf(masklet::test::sharedPath("media/01_dog.mp4"), truncated));
    const auto reference = masklet::test::ffmpegFrameMd5s(truncated.toStdString());
    QVERIFY(!reference.empty());
    QVERIFY(reference.size() < 289);

    FfmpegSource source(truncated.toStdString());
    QCOMPARE(source.frameCount(), static_cast<int64_t>(reference.size()));
    for (int64_t index = 0; index < source.frameCount(); ++index)
      QCOMPARE(source.nativeFrameMd5(index), reference[static_cast<size_t>(index)]);
    // Random access into the damaged file, last frame first.
    for (const int64_t index : {source.frameCount() - 1, int64_t{0}, source.frameCount() / 2})
      QCOMPARE(source.nativeFrameMd5(index), reference[static_cast<size_t>(index)]);
    const QString beyond = errorOf([&] { source.frame(source.frameCount()); });
    QVERIFY2(beyond.contains("out of range"), qPrintable(beyond));
  }

  void truncatedVideoWithoutIndexIsRefusedClearly() {
    MASKLET_REQUIRE_SHARED("media/bedroom.mp4");  // index (moov) at the end: cut away
    const QString truncated = m_dir.filePath("bedroom_first_half.mp4");
    QVERIFY(writeFirstHalf(masklet::test::sharedPath("media/bedroom.mp4"), truncated));
    const QString message = errorOf([&] { FfmpegSource source(truncated.toStdString()); });
    QVERIFY2(message.contains("bedroom_first_half.mp4"), qPrintable(message));
    QVERIFY2(message.contains("cannot open"), qPrintable(message));
  }

  void missingFileIsRefusedClearly() {
    const std::string path = m_dir.filePath("no_such_video.mp4").toStdString();
    QString message = errorOf([&] { FfmpegSource source(path); });
    QVERIFY2(message.contains("no_such_video.mp4") && message.contains("does not exist"),
             qPrintable(message));
    message = errorOf([&] { masklet::video::openFrameSource(path); });
    QVERIFY2(message.contains("no_such_video.mp4") && message.contains("does not exist"),
             qPrintable(message));
  }

  void textFileIsNotAVideo() {
    const QString path = m_dir.filePath("notes.mp4");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("these are meeting notes, not a video\n");
    file.close();
    const QString message = errorOf([&] { FfmpegSource source(path.toStdString()); });
    QVERIFY2(message.contains("notes.mp4") && message.contains("as a video"), qPrintable(message));
  }

  void emptyFileIsNotAVideo() {
    const QString path = m_dir.filePath("empty.avi");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    const QString message = errorOf([&] { FfmpegSource source(path.toStdString()); });
    QVERIFY2(message.contains("empty.avi"), qPrintable(message));
  }

  void audioOnlyFileHasNoVideoStream() {
    if (!masklet::test::ffmpegAvailable()) QSKIP("the ffmpeg command-line tool is not installed");
    const QString path = m_dir.filePath("tone.wav");
    QVERIFY(masklet::test::runFfmpeg({"-f", "lavfi", "-i", "sine=duration=0.5", path}).isEmpty());
    const QString message = errorOf([&] { FfmpegSource source(path.toStdString()); });
    QVERIFY2(message.contains("tone.wav") && message.contains("no video stream"),
             qPrintable(message));
  }

  void folderIsNotAVideoFile() {
    const QString message = errorOf([&] { FfmpegSource source(m_dir.path().toStdString()); });
    QVERIFY2(message.contains("folder"), qPrintable(message));
  }

  void rotatedPixelFormatFfmpegWouldConvertIsRefusedForHashing() {
    if (!masklet::test::ffmpegAvailable()) QSKIP("the ffmpeg command-line tool is not installed");
    const QString plain = m_dir.filePath("yuv422.mp4");
    const QString rotated = m_dir.filePath("yuv422_rotated.mp4");
    QVERIFY(
        masklet::test::runFfmpeg({"-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25:duration=0.4",
                                  "-c:v", "libx264", "-pix_fmt", "yuv422p", plain})
            .isEmpty());
    QVERIFY(masklet::test::runFfmpeg(
                {"-i", plain, "-c", "copy", "-metadata:s:v:0", "rotate=90", rotated})
                .isEmpty());
    FfmpegSource source(rotated.toStdString());
    // The RGB frame is still available, upright.
    QCOMPARE(source.frame(0).rgb.cols, 120);
    QCOMPARE(source.frame(0).rgb.rows, 160);
    const QString message = errorOf([&] { source.nativeFrameMd5(0); });
    QVERIFY2(message.contains("yuv422p") && message.contains("yuv422_rotated.mp4"),
             qPrintable(message));
  }
};

MASKLET_TEST_APPLESS_MAIN(DamagedAndMissingInputTest)
#include "test_damaged_and_missing_input.moc"
