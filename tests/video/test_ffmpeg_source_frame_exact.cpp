// FfmpegSource returns exactly the frames the ffmpeg tool decodes: same count, same picture for
// every index (native md5 = ffmpeg's framemd5) in sequential, reverse and shuffled order, and the
// same RGB as ffmpeg's rgb24 conversion. Videos are generated at run time with the ffmpeg CLI
// (B-frames with open GOP, VP9, MJPEG, VFR, rotated, 1 frame, odd size, 10-bit) plus the real
// clips in ../shared/media.
#include <QtCore/QDir>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include "test_registry.h"

#include <memory>

#include "shared_data.h"
#include "video/ffmpeg_source.h"
#include "video_test_util.h"

using masklet::video::FfmpegSource;

using masklet::test::rgbMd5;

namespace {

struct Generated {
  const char* name;
  QStringList args;  // ffmpeg arguments producing the file (output name appended)
  int width;         // expected display size
  int height;
};

}  // namespace

class FfmpegSourceFrameExactTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  QString m_setupError;
  QStringList m_generated;

  std::string generatedPath(const char* name) const { return m_dir.filePath(name).toStdString(); }

  // Checks every requested frame's native md5 against ffmpeg's, in the given order.
  void checkOrder(const std::string& path, const std::vector<std::string>& reference,
                  const std::vector<int64_t>& order, const char* orderName) {
    FfmpegSource source(path);
    QCOMPARE(source.frameCount(), static_cast<int64_t>(reference.size()));
    for (const int64_t index : order) {
      const std::string hash = source.nativeFrameMd5(index);
      if (hash != reference[static_cast<size_t>(index)])
        QFAIL(qPrintable(QString("%1: frame %2 (%3 order) has md5 %4, ffmpeg says %5")
                             .arg(QString::fromStdString(path))
                             .arg(index)
                             .arg(orderName)
                             .arg(QString::fromStdString(hash))
                             .arg(QString::fromStdString(reference[static_cast<size_t>(index)]))));
    }
  }

  void addGeneratedRows() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    for (const QString& row : m_generated) {
      const QStringList parts = row.split('|');
      QTest::newRow(qPrintable(parts[0])) << parts[0] << parts[1].toInt() << parts[2].toInt();
    }
  }

 private Q_SLOTS:
  void initTestCase() {
    if (!masklet::test::ffmpegAvailable()) {
      m_setupError = "the ffmpeg command-line tool is not installed";
      return;
    }
    QVERIFY(m_dir.isValid());
    const QString src = "testsrc2=size=320x240:rate=25:duration=3";
    const QString src2 = "testsrc2=size=320x240:rate=25:duration=2";
    std::vector<Generated> videos = {
        {"x264_bframes_open_gop.mp4",
         {"-f", "lavfi", "-i", src, "-c:v", "libx264", "-bf", "3", "-x264-params",
          "open-gop=1:keyint=24:min-keyint=24:scenecut=0", "-pix_fmt", "yuv420p"},
         320,
         240},
        {"x264_bframes_open_gop.mkv",
         {"-f", "lavfi", "-i", src, "-c:v", "libx264", "-bf", "3", "-x264-params",
          "open-gop=1:keyint=24:min-keyint=24:scenecut=0", "-pix_fmt", "yuv420p"},
         320,
         240},
        {"vp9.webm",
         {"-f", "lavfi", "-i", src, "-c:v", "libvpx-vp9", "-g", "20", "-b:v", "300k", "-deadline",
          "realtime", "-cpu-used", "8"},
         320,
         240},
        {"mjpeg.avi", {"-f", "lavfi", "-i", src, "-c:v", "mjpeg", "-q:v", "5"}, 320, 240},
        {"variable_frame_rate.mp4",
         {"-f", "lavfi", "-i",
          src + ",setpts='if(lt(N,20),N*0.04,if(lt(N,40),0.8+(N-20)*0.12,3.2+(N-40)*0.06))/TB'",
          "-fps_mode", "passthrough", "-c:v", "libx264", "-bf", "2", "-g", "30"},
         320,
         240},
        // Intervals that shrink below the B-frame delay make the mp4 muxer write repeated
        // timestamps: frames are then identified by decode order, still frame-exact.
        {"repeated_timestamps.mp4",
         {"-f", "lavfi", "-i",
          src + ",setpts='if(lt(N,20),N*0.04,if(lt(N,40),0.8+(N-20)*0.1,2.8+(N-40)*0.02))/TB'",
          "-fps_mode", "passthrough", "-c:v", "libx264", "-bf", "2", "-g", "30"},
         320,
         240},
        {"one_frame.mp4",
         {"-f", "lavfi", "-i", src, "-frames:v", "1", "-c:v", "libx264"},
         320,
         240},
        {"odd_size_853x479.webm",
         {"-f", "lavfi", "-i", "testsrc2=size=854x480:rate=25:duration=2", "-vf", "scale=853:479",
          "-c:v", "libvpx-vp9", "-g", "15", "-b:v", "400k", "-deadline", "realtime", "-cpu-used",
          "8"},
         853,
         479},
        {"odd_size_853x479_yuv444.mp4",
         {"-f", "lavfi", "-i", "testsrc2=size=854x480:rate=25:duration=1", "-vf", "scale=853:479",
          "-c:v", "libx264", "-pix_fmt", "yuv444p", "-bf", "2"},
         853,
         479},
        {"plain.mp4",
         {"-f", "lavfi", "-i", src2, "-c:v", "libx264", "-bf", "2", "-g", "12"},
         320,
         240},
    };
    // 10-bit: libx264 and libx265 in Debian accept yuv420p10le; skip the row if not.
    if (masklet::test::ffmpegHasEncoder("libx264"))
      videos.push_back({"x264_10bit.mp4",
                        {"-f", "lavfi", "-i", src, "-c:v", "libx264", "-pix_fmt", "yuv420p10le",
                         "-bf", "3", "-g", "24"},
                        320,
                        240});
    for (const Generated& video : videos) {
      const QString error =
          masklet::test::runFfmpeg(video.args + QStringList{m_dir.filePath(video.name)});
      if (!error.isEmpty()) {
        if (QString(video.name).contains("10bit")) continue;  // encoder without 10-bit support
        m_setupError = QString("generating %1: %2").arg(video.name, error);
        return;
      }
      m_generated << QString("%1|%2|%3").arg(video.name).arg(video.width).arg(video.height);
    }
    // Rotation metadata (display matrix) on a stream copy, as phones write it.
    for (const char* degrees : {"90", "180", "270"}) {
      const QString name = QString("rotated_%1.mp4").arg(degrees);
      const QString error = masklet::test::runFfmpeg(
          {"-i", m_dir.filePath("plain.mp4"), "-c", "copy", "-metadata:s:v:0",
           QString("rotate=%1").arg(degrees), m_dir.filePath(name)});
      if (!error.isEmpty()) {
        m_setupError = error;
        return;
      }
      const bool swap = QString(degrees) != "180";
      m_generated << QString("%1|%2|%3").arg(name).arg(swap ? 240 : 320).arg(swap ? 320 : 240);
    }
  }

  void generatedVideoMatchesFfmpegInEveryOrder_data() { addGeneratedRows(); }
  void generatedVideoMatchesFfmpegInEveryOrder() {
    if (!m_setupError.isEmpty()) QSKIP(qPrintable(m_setupError));
    QFETCH(QString, file);
    QFETCH(int, width);
    QFETCH(int, height);
    const std::string path = m_dir.filePath(file).toStdString();
    const auto reference = masklet::test::ffmpegFrameMd5s(path);
    QVERIFY2(!reference.empty(), "ffmpeg produced no framemd5 output");
    {
      FfmpegSource source(path);
      QCOMPARE(source.width(), width);
      QCOMPARE(source.height(), height);
    }
    const auto count = static_cast<int64_t>(reference.size());
    checkOrder(path, reference, masklet::test::sequentialOrder(count), "sequential");
    checkOrder(path, reference, masklet::test::sampledOrder(count, 0, true, 1), "reverse");
    checkOrder(path, reference, masklet::test::sampledOrder(count, 0, false, 2), "shuffled");
  }

  void rgbFramesMatchFfmpegRgb24Conversion_data() { addGeneratedRows(); }
  void rgbFramesMatchFfmpegRgb24Conversion() {
    if (!m_setupError.isEmpty()) QSKIP(qPrintable(m_setupError));
    QFETCH(QString, file);
    QFETCH(int, width);
    QFETCH(int, height);
    const std::string path = m_dir.filePath(file).toStdString();
    const auto reference = masklet::test::ffmpegFrameMd5s(path, {"-pix_fmt", "rgb24"});
    FfmpegSource source(path);
    QCOMPARE(source.frameCount(), static_cast<int64_t>(reference.size()));
    for (int64_t index = 0; index < source.frameCount(); index += 3) {
      const masklet::video::Frame frame = source.frame(index);
      QCOMPARE(frame.index, index);
      QCOMPARE(frame.rgb.type(), CV_8UC3);
      QCOMPARE(frame.rgb.cols, width);
      QCOMPARE(frame.rgb.rows, height);
      QCOMPARE(rgbMd5(frame.rgb), reference[static_cast<size_t>(index)]);
    }
  }

  void sequentialReadingNeverSeeks() {
    if (!m_setupError.isEmpty()) QSKIP(qPrintable(m_setupError));
    FfmpegSource source(generatedPath("x264_bframes_open_gop.mp4"));
    for (int64_t index = 0; index < source.frameCount(); ++index) source.frame(index);
    QCOMPARE(source.repositionCount(), int64_t{0});
    source.frame(10);  // going back must reposition
    QVERIFY(source.repositionCount() > 0);
  }

  void variableFrameRateTimesMatchFfprobe() {
    if (!m_setupError.isEmpty()) QSKIP(qPrintable(m_setupError));
    const std::string path = generatedPath("variable_frame_rate.mp4");
    const std::vector<double> times = masklet::test::ffprobeFrameTimes(path);
    FfmpegSource source(path);
    QVERIFY(source.isVariableFrameRate());
    QCOMPARE(source.frameCount(), static_cast<int64_t>(times.size()));
    for (int64_t index = 0; index < source.frameCount(); ++index) {
      const double expected = times[static_cast<size_t>(index)] - times.front();
      QVERIFY2(std::abs(source.timeOfFrame(index) - expected) < 1e-3,
               qPrintable(QString("frame %1: %2 s vs ffprobe %3 s")
                              .arg(index)
                              .arg(source.timeOfFrame(index))
                              .arg(expected)));
      QCOMPARE(source.frameAtTime(source.timeOfFrame(index)), index);
      QCOMPARE(source.frame(index).timeSeconds, source.timeOfFrame(index));
    }
    // Between frames 20 and 21 there is a 0.12 s gap: 0.05 s after frame 20 still shows it.
    QCOMPARE(source.frameAtTime(source.timeOfFrame(20) + 0.05), int64_t{20});
    QCOMPARE(source.frameAtTime(-1.0), int64_t{0});
    QCOMPARE(source.frameAtTime(1e6), source.frameCount() - 1);
  }

  void rotatedVideoReportsOrientation() {
    if (!m_setupError.isEmpty()) QSKIP(qPrintable(m_setupError));
    FfmpegSource source(generatedPath("rotated_90.mp4"));
    QCOMPARE(source.codedWidth(), 320);
    QCOMPARE(source.codedHeight(), 240);
    QVERIFY(source.orientation().swapsAxes());
    QVERIFY(source.describe().find("rotate") != std::string::npos);
  }

  void realClipMatchesFfmpeg_data() {
    QTest::addColumn<QString>("clip");
    for (const char* clip : {"01_dog.mp4", "02_cups.mp4", "03_blocks.mp4", "04_coffee.mp4",
                             "05_default_juggle.mp4", "bedroom.mp4"})
      QTest::newRow(clip) << clip;
  }
  void realClipMatchesFfmpeg() {
    QFETCH(QString, clip);
    MASKLET_REQUIRE_SHARED("media/" + clip.toStdString());
    if (!masklet::test::ffmpegAvailable()) QSKIP("the ffmpeg command-line tool is not installed");
    const std::string path = masklet::test::sharedPath("media/" + clip.toStdString());
    const auto reference = masklet::test::ffmpegFrameMd5s(path);
    const auto count = static_cast<int64_t>(reference.size());
    // Every frame in order; a sample in reverse and shuffled order (long GOPs make each
    // random access decode up to a few hundred frames).
    checkOrder(path, reference, masklet::test::sequentialOrder(count), "sequential");
    checkOrder(path, reference, masklet::test::sampledOrder(count, 12, true, 3), "reverse");
    checkOrder(path, reference, masklet::test::sampledOrder(count, 12, false, 4), "shuffled");
  }

  void realClipRgbMatchesFfmpegRgb24() {
    MASKLET_REQUIRE_SHARED("media/05_default_juggle.mp4");
    if (!masklet::test::ffmpegAvailable()) QSKIP("the ffmpeg command-line tool is not installed");
    const std::string path = masklet::test::sharedPath("media/05_default_juggle.mp4");
    const auto reference = masklet::test::ffmpegFrameMd5s(path, {"-pix_fmt", "rgb24"});
    FfmpegSource source(path);
    QCOMPARE(source.frameCount(), int64_t{247});
    for (const int64_t index : {int64_t{0}, int64_t{1}, int64_t{100}, int64_t{246}})
      QCOMPARE(rgbMd5(source.frame(index).rgb), reference[static_cast<size_t>(index)]);
  }
};

MASKLET_TEST_APPLESS_MAIN(FfmpegSourceFrameExactTest)
#include "test_ffmpeg_source_frame_exact.moc"
