// The training layouts read back by independent readers: YOLO lines parsed and
// rasterised by the test's own rasteriser, MOTS rle strings by the test's own COCO decoder and
// its PNG variant with libpng, DAVIS masks with libpng's plain API as palette images (indices
// and palette checked; the writer goes through png_io.cpp),
// SA-1B training pairs; splits on disk match splits.json; a failed write changes nothing.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <fstream>

#include "common/error.h"
#include "dataset/atomic_output.h"
#include "dataset/dataset_format.h"
#include "dataset/exclusive_masks.h"
#include "dataset/json_util.h"
#include "independent_readers.h"
#include "training_clip.h"

using namespace masklet::dataset;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> fileLines(const fs::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

DatasetWriteOptions splitOptions() {
  DatasetWriteOptions options;
  options.split.fractions = {50, 25, 25};
  options.split.chunkFrames = 4;
  options.split.seed = 3;
  options.images.provider = masklet::test::trainingFrame;
  return options;
}

int filesIn(const fs::path& folder, const std::string& extension) {
  int count = 0;
  if (fs::is_directory(folder))
    for (const auto& entry : fs::directory_iterator(folder))
      count += entry.path().extension() == extension ? 1 : 0;
  return count;
}

// What MOTS and DAVIS must hold: each pixel with the highest-scored object there.
std::map<int, cv::Mat> expectedExclusive(const VideoAnnotation& clip, int frame) {
  const cv::Mat a = decodeRle(clip.frames.at(frame).at(1).rle);
  const cv::Mat b = decodeRle(clip.frames.at(frame).at(2).rle);
  const cv::Mat c = decodeRle(clip.frames.at(frame).at(7).rle);
  return {{1, a.clone()}, {2, b & (a == 0)}, {7, c & (a == 0) & (b == 0)}};
}

}  // namespace

class TestTrainingExports : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void yoloLinesRasteriseBackToTheirMasks_data() {
    QTest::addColumn<double>("tolerance");
    QTest::addColumn<double>("worstIou");
    QTest::newRow("exact outline") << 0.0 << 0.95;
    QTest::newRow("1 px") << 1.0 << 0.85;
  }
  void yoloLinesRasteriseBackToTheirMasks() {
    QFETCH(double, tolerance);
    QFETCH(double, worstIou);
    const VideoAnnotation clip = masklet::test::trainingClip();
    QTemporaryDir dir;
    const fs::path out = dir.filePath("yolo").toStdString();
    DatasetWriteOptions options;
    options.polygonTolerance = tolerance;
    writeDataset(clip, out, DatasetFormat::Yolo, options);
    double worst = 1.0;
    for (const auto& [frame, masks] : clip.frames) {
      const auto lines =
          fileLines(out / "labels" / "train" / ("clip_a_" + frameFileStem(frame) + ".txt"));
      QCOMPARE(lines.size(), masks.size());  // one line per instance, in track order
      std::size_t i = 0;
      for (const auto& [trackId, mask] : masks) {
        const auto line = masklet::test::parseYoloLine(lines[i++]);
        QCOMPARE(line.classIndex, trackId == 2 ? 1 : 0);  // category 2 is the second name
        for (const double v : line.xy) QVERIFY(v >= 0 && v <= 1);
        const double iou = masklet::test::maskIou(masklet::test::rasterizeYoloLine(line, 48, 64),
                                                  decodeRle(mask.rle));
        // Object 7's two small parts: the bridge Ultralytics joins them with is drawn too.
        if (trackId == 7)
          QVERIFY2(iou >= 0.55, qPrintable(QString("frame %1: IoU %2").arg(frame).arg(iou)));
        else
          worst = std::min(worst, iou);
      }
    }
    QVERIFY2(worst >= worstIou, qPrintable(QString("worst IoU %1").arg(worst)));
    const auto yaml = fileLines(out / "data.yaml");
    const std::vector<std::string> tail(yaml.end() - 6, yaml.end());
    QCOMPARE(tail, (std::vector<std::string>{"train: images/train", "val: images/valid",
                                             "test: images/test", "names:", "  0: 'cat'",
                                             "  1: 'dog''s'"}));
    QVERIFY(yaml[1].rfind("path: '/", 0) == 0);  // absolute, as Ultralytics resolves it
  }

  void splitFoldersMatchSplitsJson() {
    const VideoAnnotation clip = masklet::test::trainingClip();
    QTemporaryDir dir;
    const fs::path yolo = dir.filePath("yolo").toStdString();
    const fs::path sa1b = dir.filePath("sa1b").toStdString();
    writeDataset(clip, yolo, DatasetFormat::Yolo, splitOptions());
    writeDataset(clip, sa1b, DatasetFormat::Sa1bTrain, splitOptions());
    const Json splits = readJsonFile(yolo / "splits.json");
    QCOMPARE(dumpJson(readJsonFile(sa1b / "splits.json")), dumpJson(splits));
    QCOMPARE(splits["train"].size(), std::size_t(12));
    QCOMPARE(splits["valid"].size() + splits["test"].size(), std::size_t(12));
    for (const char* split : {"train", "valid", "test"}) {
      const int count = static_cast<int>(splits[split].size());
      QCOMPARE(filesIn(yolo / "labels" / split, ".txt"), count);
      QCOMPARE(filesIn(yolo / "images" / split, ".jpg"), count);
      QCOMPARE(filesIn(sa1b / split, ".json"), count);
      QCOMPARE(filesIn(sa1b / split, ".jpg"), count);
      for (const auto& frame : splits[split]) {
        const std::string stem = "clip_a_" + frameFileStem(frame.get<int>());
        QVERIFY(fs::exists(yolo / "labels" / split / (stem + ".txt")));
        const Json json = readJsonFile(sa1b / split / (stem + ".json"));
        QCOMPARE(json["image"]["file_name"].get<std::string>(), stem + ".jpg");
        QCOMPARE(json["annotations"].size(), std::size_t(3));
        QVERIFY(json["annotations"][0].contains("predicted_iou"));
      }
    }
    // The same seed and input give the same split; frames of a chunk stay together.
    const fs::path again = dir.filePath("again").toStdString();
    writeDataset(clip, again, DatasetFormat::Yolo, splitOptions());
    QCOMPARE(dumpJson(readJsonFile(again / "splits.json")), dumpJson(splits));
  }

  void motsLinesDecodeWithAnIndependentDecoder() {
    const VideoAnnotation clip = masklet::test::trainingClip();
    QTemporaryDir dir;
    const fs::path out = dir.filePath("mots").toStdString();
    writeDataset(clip, out, DatasetFormat::MotsPng);
    const auto lines = fileLines(out / "instances_txt" / "clip_a.txt");
    QCOMPARE(lines.size(), clip.frames.size() * 3);
    for (const auto& text : lines) {
      std::istringstream in(text);
      int frame = 0, id = 0, classId = 0, height = 0, width = 0;
      std::string rle;
      in >> frame >> id >> classId >> height >> width >> rle;
      QCOMPARE(height, 48);
      QCOMPARE(width, 64);
      const int trackId = id % 1000;
      QCOMPARE(classId, trackId == 2 ? 2 : 1);
      QCOMPARE(id, classId * 1000 + trackId);
      const cv::Mat decoded = masklet::test::decodeCocoString(rle, height, width);
      QVERIFY2(!decoded.empty(), text.c_str());
      const cv::Mat expected = expectedExclusive(clip, frame).at(trackId);
      QCOMPARE(cv::countNonZero((decoded != 0) != (expected != 0)), 0);
    }
    // The PNG variant: 16-bit gray, pixel = id.
    const auto png =
        masklet::test::readRawPng((out / "instances" / "clip_a" / "000005.png").string());
    QCOMPARE(png.colorType, PNG_COLOR_TYPE_GRAY);
    QCOMPARE(png.bitDepth, 16);
    const auto expected = expectedExclusive(clip, 5);
    for (int y = 0; y < 48; ++y)
      for (int x = 0; x < 64; ++x) {
        int want = 0;
        for (const auto& [trackId, mask] : expected)
          if (mask.at<std::uint8_t>(y, x)) want = (trackId == 2 ? 2000 : 1000) + trackId;
        QCOMPARE(png.pixels[y][x], want);
      }
  }

  void davisMasksArePaletteImagesWithObjectIndices() {
    const VideoAnnotation clip = masklet::test::trainingClip();
    QTemporaryDir dir;
    const fs::path out = dir.filePath("davis").toStdString();
    DatasetWriteOptions options;
    options.davisFullResolution = true;
    options.images.provider = masklet::test::trainingFrame;
    writeDataset(clip, out, DatasetFormat::Davis, options);
    QCOMPARE(fileLines(out / "ImageSets" / "2017" / "train.txt"),
             std::vector<std::string>{"clip_a"});
    QVERIFY(fs::exists(out / "JPEGImages" / "Full-Resolution" / "clip_a" / "00023.jpg"));
    const auto png = masklet::test::readRawPng(
        (out / "Annotations" / "Full-Resolution" / "clip_a" / "00009.png").string());
    QCOMPARE(png.colorType, PNG_COLOR_TYPE_PALETTE);
    QCOMPARE(png.bitDepth, 8);
    const auto& palette = png.palette;  // the DAVIS (PASCAL VOC) colour map
    QVERIFY(palette.size() >= 8);
    QCOMPARE(palette[0], (std::array<int, 3>{0, 0, 0}));
    QCOMPARE(palette[1], (std::array<int, 3>{128, 0, 0}));
    QCOMPARE(palette[2], (std::array<int, 3>{0, 128, 0}));
    QCOMPARE(palette[7], (std::array<int, 3>{128, 128, 128}));
    const auto expected = expectedExclusive(clip, 9);
    for (int y = 0; y < 48; ++y)
      for (int x = 0; x < 64; ++x) {
        int want = 0;
        for (const auto& [trackId, mask] : expected)
          if (mask.at<std::uint8_t>(y, x)) want = trackId;
        QCOMPARE(png.pixels[y][x], want);
      }
    // 480p: frames and masks scaled to 480 px high.
    const fs::path small = dir.filePath("davis480").toStdString();
    options.davisFullResolution = false;
    writeDataset(clip, small, DatasetFormat::Davis, options);
    const auto scaled = masklet::test::readRawPng(
        (small / "Annotations" / "480p" / "clip_a" / "00000.png").string());
    QCOMPARE(scaled.width, 640);
    QCOMPARE(scaled.height, 480);
    QCOMPARE(scaled.colorType, PNG_COLOR_TYPE_PALETTE);
  }

  void roundTripsKeepEveryMask_data() {
    QTest::addColumn<int>("format");
    QTest::addColumn<bool>("split");
    for (const bool split : {false, true}) {
      const char* suffix = split ? " split" : "";
      QTest::addRow("mots%s", suffix) << int(DatasetFormat::Mots) << split;
      QTest::addRow("davis%s", suffix) << int(DatasetFormat::Davis) << split;
      QTest::addRow("sa1b-train%s", suffix) << int(DatasetFormat::Sa1bTrain) << split;
      QTest::addRow("yolo%s", suffix) << int(DatasetFormat::Yolo) << split;
    }
  }
  void roundTripsKeepEveryMask() {
    QFETCH(int, format);
    QFETCH(bool, split);
    const auto chosen = static_cast<DatasetFormat>(format);
    const VideoAnnotation clip = masklet::test::trainingClip();
    QTemporaryDir dir;
    const fs::path out = dir.filePath("out").toStdString();
    DatasetWriteOptions options = split ? splitOptions() : DatasetWriteOptions{};
    options.davisFullResolution = true;
    options.images.provider = masklet::test::trainingFrame;
    writeDataset(clip, out, chosen, options);
    QCOMPARE(detectFormat(out), chosen);
    const VideoAnnotation back = readDataset(out, chosen);
    QCOMPARE(back.video.name, std::string("clip a"));
    QCOMPARE(back.frames.size(), clip.frames.size());
    for (const auto& [frame, masks] : clip.frames) {
      const auto expected = expectedExclusive(clip, frame);
      std::size_t line = 1;
      for (const auto& [trackId, mask] : masks) {
        if (chosen == DatasetFormat::Yolo) {  // objects by line: within the polygon IoU
          const Rle& read = back.frames.at(frame).at(static_cast<int>(line++)).rle;
          QVERIFY(rleIou(read, mask.rle) >= (trackId == 7 ? 0.55 : 0.85));  // 7: bridged parts
        } else if (chosen == DatasetFormat::Sa1bTrain) {  // exact, overlaps and all
          QCOMPARE(back.frames.at(frame).at(trackId).rle, mask.rle);
        } else {  // one object per pixel: the exclusive masks, exactly
          QCOMPARE(back.frames.at(frame).at(trackId).rle, encodeMask(expected.at(trackId)));
        }
      }
    }
  }

  void aFailedWriteLeavesTheDestinationAsItWas_data() {
    QTest::addColumn<int>("format");
    for (const auto format : {DatasetFormat::Yolo, DatasetFormat::MotsPng, DatasetFormat::Davis,
                              DatasetFormat::Sa1bTrain})
      QTest::addRow("%s", formatName(format).c_str()) << int(format);
  }
  void aFailedWriteLeavesTheDestinationAsItWas() {
    QFETCH(int, format);
    QTemporaryDir dir;
    const fs::path out = dir.filePath("out").toStdString();
    fs::create_directory(out);
    std::ofstream(out / "before.txt") << "old";
    simulateFullDiskForNextWrites(1, 5);
    bool threw = false;
    try {
      writeDataset(masklet::test::trainingClip(), out, static_cast<DatasetFormat>(format),
                   splitOptions());
    } catch (const masklet::Error&) {
      threw = true;
    }
    simulateFullDiskForNextWrites(0);
    QVERIFY(threw);
    QCOMPARE(fileLines(out / "before.txt"), std::vector<std::string>{"old"});
    QCOMPARE(std::distance(fs::directory_iterator(out), fs::directory_iterator()), 1L);
    QCOMPARE(
        std::distance(fs::directory_iterator(dir.path().toStdString()), fs::directory_iterator()),
        1L);
  }
};

MASKLET_TEST_GUILESS_MAIN(TestTrainingExports)
#include "test_training_exports.moc"
