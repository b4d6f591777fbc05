// Reading a video backwards through CachedFrameSource (reverse propagation, scrubbing back)
// returns exactly ffmpeg's frames and decodes each group of pictures about once, instead of
// seeking to the keyframe and decoding forward again for every single frame.
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include "test_registry.h"

#include "video/cached_frame_source.h"
#include "video/ffmpeg_source.h"
#include "video_test_util.h"

using masklet::test::rgbMd5;

class CachedVideoReverseReadingTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void reverseReadingIsExactAndDecodesEachGopOnce_data() {
    QTest::addColumn<int>("prefetch");
    QTest::newRow("with prefetch thread") << 8;
    QTest::newRow("without prefetch thread") << 0;
  }
  void reverseReadingIsExactAndDecodesEachGopOnce() {
    QFETCH(int, prefetch);
    if (!masklet::test::ffmpegAvailable()) QSKIP("the ffmpeg command-line tool is not installed");
    QTemporaryDir dir;
    const QString video = dir.filePath("long_gop.mp4");
    // 90 frames in a single group of pictures, with B-frames.
    const QString error =
        masklet::test::runFfmpeg({"-f", "lavfi", "-i", "testsrc2=size=160x120:rate=30:duration=3",
                                  "-c:v", "libx264", "-bf", "3", "-g", "300", video});
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const auto reference =
        masklet::test::ffmpegFrameMd5s(video.toStdString(), {"-pix_fmt", "rgb24"});
    QCOMPARE(reference.size(), size_t{90});

    auto decoder = std::make_unique<masklet::video::FfmpegSource>(video.toStdString());
    masklet::video::FfmpegSource* inner = decoder.get();
    masklet::video::CachedFrameSource source(std::move(decoder), {size_t{64} << 20, prefetch});
    for (int64_t index = 89; index >= 0; --index)
      QCOMPARE(rgbMd5(source.frame(index).rgb), reference[static_cast<size_t>(index)]);
    source.stopPrefetch();
    qInfo("%lld repositions for 90 frames read backwards",
          static_cast<long long>(inner->repositionCount()));
    // Without keeping the passing frames this would be ~90 seeks (one per frame).
    QVERIFY2(
        inner->repositionCount() <= 6,
        qPrintable(QString("%1 seeks for 90 frames read backwards").arg(inner->repositionCount())));
  }
};

MASKLET_TEST_APPLESS_MAIN(CachedVideoReverseReadingTest)
#include "test_cached_video_reverse_reading.moc"
