// The real SA-V annotation file (../shared/media/sav_000001_manual.json): every mask decodes
// and re-encodes to the same compressed counts, and SA-V -> SA-V reproduces every field.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <fstream>
#include <sstream>

#include "dataset/json_util.h"
#include "dataset/rle_json.h"
#include "dataset/rle_string.h"
#include "dataset/sav_reader.h"
#include "dataset/sav_writer.h"
#include "shared_data.h"

using namespace masklet::dataset;

namespace {

const char* kSavFile = "media/sav_000001_manual.json";

std::string fileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

class TestSavRealFile : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void everyMaskReencodesToIdenticalCounts() {
    MASKLET_REQUIRE_SHARED(kSavFile);
    const Json root = readJsonFile(masklet::test::sharedPath(kSavFile));
    const Json& masklet = root["masklet"];
    QCOMPARE(masklet.size(), std::size_t(121));
    std::size_t checked = 0, nonEmpty = 0;
    for (std::size_t f = 0; f < masklet.size(); ++f) {
      QCOMPARE(masklet[f].size(), std::size_t(5));
      for (std::size_t o = 0; o < masklet[f].size(); ++o) {
        const Json& original = masklet[f][o];
        const Rle rle = rleFromJson(original, "test");
        const cv::Mat mask = decodeRle(rle);
        QCOMPARE(mask.rows, 848);
        QCOMPARE(mask.cols, 480);
        const Rle again = encodeMask(mask);
        const std::string counts = countsToString(again.counts);
        if (counts != original["counts"].get<std::string>())
          QFAIL(qPrintable(
              QString("masklet[%1][%2]: counts differ after decode/encode").arg(f).arg(o)));
        QCOMPARE(rleToJson(again), original);  // size [h, w] too
        nonEmpty += rleArea(again) > 0 ? 1 : 0;
        ++checked;
      }
    }
    QCOMPARE(checked, std::size_t(121 * 5));
    // Visible masks per object, counted separately with Python: 120 + 121 + 110 + 8 + 121.
    QCOMPARE(nonEmpty, std::size_t(480));
  }

  void readsVideoFactsObjectsAndStride() {
    MASKLET_REQUIRE_SHARED(kSavFile);
    const VideoAnnotation annotation = readSav(masklet::test::sharedPath(kSavFile));
    QCOMPARE(annotation.video.name, std::string("sav_000001"));
    QCOMPARE(annotation.video.width, 480);
    QCOMPARE(annotation.video.height, 848);
    QCOMPARE(annotation.video.frameCount, 483);
    QCOMPARE(annotation.video.fps, 24.0);
    QCOMPARE(annotation.objects.size(), std::size_t(5));
    QCOMPARE(annotation.frames.size(), std::size_t(121));
    QCOMPARE(annotation.frames.begin()->first, 0);
    QCOMPARE(std::next(annotation.frames.begin())->first, 4);  // every 4th frame (6 of 24 fps)
    QCOMPARE(annotation.frames.rbegin()->first, 480);
    QCOMPARE(annotation.objects[3].editedFrameCount.value_or(-1), 4);
    QCOMPARE(annotation.objects[0].origin, std::string("manual"));
  }

  void savToSavIsIdenticalInEveryField() {
    MASKLET_REQUIRE_SHARED(kSavFile);
    const std::string path = masklet::test::sharedPath(kSavFile);
    const Json original = readJsonFile(path);
    const Json written = savToJson(readSav(path));
    QCOMPARE(written.size(), original.size());
    for (auto it = original.begin(); it != original.end(); ++it) {
      QVERIFY2(written.contains(it.key()), it.key().c_str());
      // dumpJson distinguishes 0 from 0.0, which Json equality does not.
      if (dumpJson(written[it.key()]) != dumpJson(it.value()))
        QFAIL(qPrintable(
            QString("%1 differs: wrote %2")
                .arg(QString::fromStdString(it.key()),
                     QString::fromStdString(dumpJson(written[it.key()]).substr(0, 300)))));
    }
    // Same key order and Python json.dumps layout: the whole file comes back byte for byte.
    QTemporaryDir dir;
    const std::string out = dir.filePath("sav_000001_manual.json").toStdString();
    writeSav(readSav(path), out);
    QVERIFY(fileBytes(out) == fileBytes(path));
  }

  void frameStrideKeepsEveryNthFrame() {
    MASKLET_REQUIRE_SHARED(kSavFile);
    const std::string path = masklet::test::sharedPath(kSavFile);
    const Json original = readJsonFile(path);
    // Stride 8 on a file annotated every 4th frame: frames 0, 8, ..., 480 = every 2nd entry.
    const Json written = savToJson(readSav(path), SavWriteOptions{8});
    QCOMPARE(written["masklet"].size(), std::size_t(61));
    for (std::size_t f = 0; f < 61; ++f)
      QCOMPARE(written["masklet"][f], original["masklet"][2 * f]);
    QCOMPARE(written["masklet_frame_count"][0].get<int>(), 61);
    QCOMPARE(written["video_frame_count"].get<double>(), 483.0);
    // Read with an explicit stride of 2, the 121 entries sit on frames 0, 2, ..., 240.
    const VideoAnnotation halfway = readSav(path, SavReadOptions{2});
    QCOMPARE(halfway.frames.rbegin()->first, 240);
  }
};

MASKLET_TEST_APPLESS_MAIN(TestSavRealFile)
#include "test_sav_real_file.moc"
