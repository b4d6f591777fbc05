// Damaged videos decode through their damage like the ffmpeg tool: garbled packets cost only
// the pictures that use them (later groups of pictures are frame-exact against the undamaged
// file), the damaged frames are named, a truncated file offers its prefix exactly, frames that
// no decoder produces throw FrameUnavailable with one clear line, and nothing hangs.
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include "test_registry.h"

#include <set>

#include "common/error.h"
#include "damaged_media.h"
#include "shared_data.h"
#include "video/cached_frame_source.h"
#include "video/ffmpeg_source.h"
#include "video_test_util.h"

using masklet::test::VideoPacket;
using masklet::video::FfmpegSource;
using masklet::video::FrameUnavailable;

namespace {

constexpr const char* kClip = "media/01_dog.mp4";  // 289 frames, keyframes at 0 and 250

std::set<int64_t> asSet(const std::vector<int>& frames) {
  return std::set<int64_t>(frames.begin(), frames.end());
}

QString describe(const std::set<int64_t>& frames) {
  QStringList items;
  for (const int64_t frame : frames) items << QString::number(frame);
  return items.join(',');
}

// The message of the FrameUnavailable `action` throws, or "" when it throws none.
template <typename Action>
QString unavailableMessage(Action action) {
  try {
    action();
  } catch (const FrameUnavailable& error) {
    return QString::fromUtf8(error.what());
  }
  return {};
}

}  // namespace

class DamagedVideoDecodingTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  std::string m_clip;
  std::vector<VideoPacket> m_packets;  // decode order
  std::vector<VideoPacket> m_byFrame;  // presentation order
  std::vector<std::string> m_reference;

  // The clip, its packets and ffmpeg's md5 of each undamaged frame.
  void requireClip() {
    if (m_clip.empty() && !masklet::test::sharedPath(kClip).empty() &&
        masklet::test::ffmpegAvailable()) {
      m_clip = masklet::test::sharedPath(kClip);
      m_packets = masklet::test::videoPackets(m_clip);
      m_byFrame = masklet::test::packetsByFrame(m_packets);
      m_reference = masklet::test::ffmpegFrameMd5s(m_clip);
    }
  }

  int64_t secondKeyframe() const {
    for (const VideoPacket& packet : m_packets)
      if (packet.key && packet.decodeIndex > 0) return packet.decodeIndex;
    return -1;
  }

 private Q_SLOTS:
  void corruptPacketsAreDecodedThroughAndNamed() {
    MASKLET_REQUIRE_SHARED(kClip);
    if (!masklet::test::ffmpegAvailable()) QSKIP("the ffmpeg command-line tool is not installed");
    requireClip();
    QCOMPARE(m_packets.size(), size_t{289});
    const int64_t key = secondKeyframe();
    QCOMPARE(key, int64_t{250});
    // Three non-key packets in the middle of the first group of pictures.
    const std::vector<VideoPacket> garbled{m_packets[99], m_packets[100], m_packets[101]};
    for (const VideoPacket& packet : garbled) QVERIFY(!packet.key);
    const QString path = m_dir.filePath("dog_garbled.mp4");
    QVERIFY(masklet::test::writeGarbled(m_clip, path, garbled, /*wholePacket=*/false));

    FfmpegSource source(path.toStdString());
    QCOMPARE(source.frameCount(), int64_t{289});
    std::vector<std::string> sequential;
    for (int64_t index = 0; index < source.frameCount(); ++index)
      sequential.push_back(source.nativeFrameMd5(index));  // never stops at the damage

    // Pictures decoded before the damage, and the next group of pictures, are exact.
    for (int64_t index = 0; index < source.frameCount(); ++index) {
      const int64_t packet = m_byFrame[static_cast<size_t>(index)].decodeIndex;
      if (packet < 99 || packet >= key)
        QVERIFY2(sequential[static_cast<size_t>(index)] == m_reference[static_cast<size_t>(index)],
                 qPrintable(QString("frame %1 differs from the undamaged file").arg(index)));
    }
    // The garbled pictures themselves differ, and are the ones named as damaged.
    std::set<int64_t> garbledFrames;
    for (const VideoPacket& packet : garbled)
      garbledFrames.insert(masklet::test::frameOfPacket(m_byFrame, packet.decodeIndex));
    for (const int64_t frame : garbledFrames)
      QVERIFY(sequential[static_cast<size_t>(frame)] != m_reference[static_cast<size_t>(frame)]);
    const std::set<int64_t> expected =
        masklet::test::referenceDamagedFrames(path.toStdString(), m_byFrame);
    QVERIFY(!expected.empty());
    for (const int64_t frame : expected) QVERIFY(garbledFrames.count(frame) != 0);
    const std::set<int64_t> named = asSet(source.damagedFrames());
    QVERIFY2(named == expected, qPrintable("named " + describe(named) + ", single-threaded " +
                                           "libavcodec flags " + describe(expected)));

    // Random access lands on the same pictures, damaged ones included.
    FfmpegSource random(path.toStdString());
    for (const int64_t index : masklet::test::sampledOrder(random.frameCount(), 12, false, 13))
      QVERIFY2(random.nativeFrameMd5(index) == sequential[static_cast<size_t>(index)],
               qPrintable(QString("frame %1 differs from sequential reading").arg(index)));
    for (const int64_t frame : {int64_t{102}, int64_t{100}, int64_t{99}, int64_t{101}})
      QCOMPARE(random.nativeFrameMd5(frame), sequential[static_cast<size_t>(frame)]);
    for (const int64_t frame : asSet(random.damagedFrames()))
      QVERIFY2(expected.count(frame) != 0, qPrintable(QString("frame %1 named").arg(frame)));
  }

  void undamagedClipNamesNoFrame() {
    MASKLET_REQUIRE_SHARED(kClip);
    if (!masklet::test::ffmpegAvailable()) QSKIP("the ffmpeg command-line tool is not installed");
    requireClip();
    FfmpegSource source(m_clip);
    source.scanAllFrames();
    for (const int64_t index : masklet::test::sampledOrder(source.frameCount(), 8, true, 5))
      QCOMPARE(source.nativeFrameMd5(index), m_reference[static_cast<size_t>(index)]);
    QVERIFY2(source.damagedFrames().empty(), qPrintable(describe(asSet(source.damagedFrames()))));
    QVERIFY(!source.endsEarly());
  }

  void damagedKeyframeMakesItsGroupUnavailable() {
    MASKLET_REQUIRE_SHARED(kClip);
    if (!masklet::test::ffmpegAvailable()) QSKIP("the ffmpeg command-line tool is not installed");
    requireClip();
    const int64_t key = secondKeyframe();
    // The first keyframe, lengths and all: the pictures up to the next keyframe have nothing
    // to start from, so no decoder shows them (ffmpeg outputs frames from 250 on).
    const QString path = m_dir.filePath("dog_no_first_keyframe.mp4");
    QVERIFY(masklet::test::writeGarbled(m_clip, path, {m_packets[0]}, /*wholePacket=*/true));
    QCOMPARE(masklet::test::ffmpegFrameMd5s(path.toStdString()).size(), size_t(289 - key));

    FfmpegSource source(path.toStdString());
    QCOMPARE(source.frameCount(), int64_t{289});
    const QString message = unavailableMessage([&] { source.frame(0); });
    QVERIFY2(message.contains("frame 0 of") && message.contains("dog_no_first_keyframe.mp4") &&
                 message.contains("damaged"),
             qPrintable(message));
    for (const int64_t index : {int64_t{1}, int64_t{120}, key - 1, int64_t{7}}) {
      const QString later = unavailableMessage([&] { source.frame(index); });
      QVERIFY2(later.contains(QString("frame %1 of").arg(index)), qPrintable(later));
    }
    for (int64_t index = key; index < source.frameCount(); ++index)
      QCOMPARE(source.nativeFrameMd5(index), m_reference[static_cast<size_t>(index)]);
    std::set<int64_t> expected;
    for (int64_t index = 0; index < key; ++index) expected.insert(index);
    QCOMPARE(describe(asSet(source.damagedFrames())), describe(expected));

    // Read at random behind a cache (prefetch on), the same frames fail the same way.
    masklet::video::CachedFrameSource cached(std::make_unique<FfmpegSource>(path.toStdString()));
    QVERIFY(unavailableMessage([&] { cached.frame(200); }).contains("frame 200 of"));
    QCOMPARE(masklet::test::rgbMd5(cached.frame(key + 3).rgb).size(), size_t{32});
    QVERIFY(unavailableMessage([&] { cached.frame(3); }).contains("frame 3 of"));
    QVERIFY(asSet(cached.damagedFrames()).count(200) != 0);
  }

  void damagedLaterKeyframeIsDecodedAround() {
    MASKLET_REQUIRE_SHARED(kClip);
    if (!masklet::test::ffmpegAvailable()) QSKIP("the ffmpeg command-line tool is not installed");
    requireClip();
    const int64_t key = secondKeyframe();
    const QString path = m_dir.filePath("dog_no_second_keyframe.mp4");
    QVERIFY(masklet::test::writeGarbled(m_clip, path, {m_packets[static_cast<size_t>(key)]},
                                        /*wholePacket=*/true));
    FfmpegSource sequential(path.toStdString());
    std::vector<std::string> hashes;
    for (int64_t index = 0; index < sequential.frameCount(); ++index) {
      try {
        hashes.push_back(sequential.nativeFrameMd5(index));
      } catch (const FrameUnavailable& error) {
        QCOMPARE(error.frameIndex(), index);
        hashes.push_back("unavailable");
      }
    }
    QCOMPARE(hashes[static_cast<size_t>(key)], std::string("unavailable"));
    for (int64_t index = 0; index < key; ++index)
      QCOMPARE(hashes[static_cast<size_t>(index)], m_reference[static_cast<size_t>(index)]);
    QVERIFY(asSet(sequential.damagedFrames()).count(key) != 0);
    // The frames after it decode from the earlier group's pictures; seeking gets the same ones
    // (a seek to the broken keyframe yields nothing, so it is decoded around).
    FfmpegSource random(path.toStdString());
    for (const int64_t index : {key + 20, key + 5, key + 30, key - 2, key + 1}) {
      QCOMPARE(random.nativeFrameMd5(index), hashes[static_cast<size_t>(index)]);
    }
    QVERIFY(unavailableMessage([&] { random.frame(key); }).contains("cannot be decoded"));
  }

  void truncatedFileOffersItsPrefixExactly() {
    MASKLET_REQUIRE_SHARED("media/02_cups.mp4");
    if (!masklet::test::ffmpegAvailable()) QSKIP("the ffmpeg command-line tool is not installed");
    const std::string clip = masklet::test::sharedPath("media/02_cups.mp4");
    const QString path = m_dir.filePath("cups_60_percent.mp4");
    const int64_t size = masklet::test::readAll(clip).size();
    QVERIFY(masklet::test::writePrefix(clip, path, size * 6 / 10));
    const auto reference = masklet::test::ffmpegFrameMd5s(path.toStdString());
    const auto undamaged = masklet::test::ffmpegFrameMd5s(clip);
    QVERIFY(!reference.empty() && reference.size() < undamaged.size());

    FfmpegSource source(path.toStdString());
    QVERIFY(source.endsEarly());
    QCOMPARE(source.declaredFrameCount(), static_cast<int64_t>(undamaged.size()));
    QCOMPARE(source.frameCount(), static_cast<int64_t>(reference.size()));
    for (int64_t index = 0; index < source.frameCount(); ++index)
      QCOMPARE(source.nativeFrameMd5(index), reference[static_cast<size_t>(index)]);
    // All but the cut-off last pictures are the undamaged file's.
    int64_t same = 0;
    while (same < source.frameCount() &&
           reference[static_cast<size_t>(same)] == undamaged[static_cast<size_t>(same)])
      ++same;
    QVERIFY(same >= source.frameCount() - 4);
    for (const int64_t frame : asSet(source.damagedFrames())) QVERIFY(frame >= same);
    const QString beyond = masklet::test::errorOf([&] { source.frame(source.frameCount()); });
    QVERIFY2(beyond.contains("out of range"), qPrintable(beyond));
  }

  void headerOnlyFileIsRefusedClearly() {
    MASKLET_REQUIRE_SHARED(kClip);
    if (!masklet::test::ffmpegAvailable()) QSKIP("the ffmpeg command-line tool is not installed");
    requireClip();
    // Everything before the first picture's data: the index (moov) and no picture.
    const QString path = m_dir.filePath("dog_header_only.mp4");
    QVERIFY(masklet::test::writePrefix(m_clip, path, m_packets.front().pos));
    const QString message =
        masklet::test::errorOf([&] { FfmpegSource source(path.toStdString()); });
    QVERIFY2(message.contains("dog_header_only.mp4") && message.contains("no readable video data"),
             qPrintable(message));
    QVERIFY(!message.contains('\n'));
    // With the first bytes of the first picture: still nothing to show.
    const QString partial = m_dir.filePath("dog_header_and_a_little.mp4");
    QVERIFY(masklet::test::writePrefix(m_clip, partial, m_packets.front().pos + 64));
    const QString second =
        masklet::test::errorOf([&] { FfmpegSource source(partial.toStdString()); });
    QVERIFY2(second.contains("dog_header_and_a_little.mp4") && second.contains("video"),
             qPrintable(second));
  }

  void readsThatTakeTooLongTimeOut() {
    MASKLET_REQUIRE_SHARED(kClip);
    // A limit of zero interrupts the very first read: the error says so, naming the file.
    const std::string clip = masklet::test::sharedPath(kClip);
    const QString message = masklet::test::errorOf([&] { FfmpegSource source(clip, 0.0); });
    QVERIFY2(message.contains("01_dog.mp4") && message.contains("timed out"), qPrintable(message));
  }
};

MASKLET_TEST_APPLESS_MAIN(DamagedVideoDecodingTest)
#include "test_damaged_video_decoding.moc"
