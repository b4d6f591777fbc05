// COCO, SA-1B and PNG masks: write then read gives back every mask pixel for pixel and every
// id; the files hold what the formats promise (checked from the pixels, not from the writer).
#include <QtTest/QtTest>

#include "test_registry.h"

#include <fstream>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <random>
#include <set>

#include "common/error.h"
#include "dataset/coco_reader.h"
#include "dataset/coco_writer.h"
#include "dataset/json_util.h"
#include "dataset/png_io.h"
#include "dataset/png_masks_reader.h"
#include "dataset/png_masks_writer.h"
#include "dataset/sa1b_reader.h"
#include "dataset/sa1b_writer.h"

using namespace masklet::dataset;
namespace fs = std::filesystem;

namespace {

constexpr int kHeight = 37, kWidth = 53;

// Frames 0, 3, 6, 9 of a 12-frame clip with objects 1, 2, 7. Masks come from one label image
// per frame (so they never overlap) unless `overlap`, which adds object 0 covering others.
VideoAnnotation makeAnnotation(bool overlap) {
  VideoAnnotation annotation;
  annotation.video = {"clip", kWidth, kHeight, 12, 30.0, {}};
  annotation.categories = {{1, "person", ""}, {5, "dog", "animal"}};
  annotation.objects = {{1, "alice", 1, "manual", std::nullopt},
                        {2, "rex", 5, "manual", std::nullopt},
                        {7, "ball", 5, "auto", std::nullopt}};
  if (overlap) annotation.objects.push_back({0, "big", 1, "manual", std::nullopt});
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> pickX(0, kWidth - 1), pickY(0, kHeight - 1);
  for (const int frame : {0, 3, 6}) {
    cv::Mat labels(kHeight, kWidth, CV_8UC1, cv::Scalar(0));
    for (const int id : {1, 2, 7}) {
      if (frame == 3 && id == 7) continue;  // object 7 absent on frame 3
      for (int blob = 0; blob < 2; ++blob) {
        const cv::Point a(pickX(rng), pickY(rng)), b(pickX(rng), pickY(rng));
        labels(cv::Rect(a, b) | cv::Rect(a, cv::Size(1, 1))).setTo(id);
      }
    }
    for (const int id : {1, 2, 7})  // a pixel of its own, so no object is covered entirely
      if (frame != 3 || id != 7) labels.at<std::uint8_t>(kHeight - 1, id) = std::uint8_t(id);
    auto& masks = annotation.frames[frame];
    for (const int id : {1, 2, 7}) {
      if (cv::countNonZero(labels == id) == 0) continue;
      MaskAnnotation mask;
      mask.rle = encodeMask(labels == id);
      mask.predictedIou = 0.5 + 0.01 * id + frame;
      mask.stabilityScore = 0.25 * (id % 4);
      mask.objectScore = -2.0 + id + 0.5 * frame;
      if (id == 2) mask.points = {{3.5, 4.0, 1}, {10.0, 20.25, 0}};
      mask.edited = id == 1;
      masks[id] = mask;
    }
    if (overlap) {
      cv::Mat big(kHeight, kWidth, CV_8UC1, cv::Scalar(0));
      big(cv::Rect(5, 5, 30, 20)).setTo(1);
      masks[0].rle = encodeMask(big);
    }
  }
  annotation.frames[9];  // annotated, nothing visible
  return annotation;
}

cv::Mat maskOrEmpty(const VideoAnnotation& annotation, int frame, int trackId) {
  const MaskAnnotation* mask = annotation.findMask(frame, trackId);
  return mask ? decodeRle(mask->rle)
              : cv::Mat(annotation.video.height, annotation.video.width, CV_8UC1, cv::Scalar(0));
}

// Every frame of `expected` and every object: the same pixels in `actual`.
void compareMasks(const VideoAnnotation& expected, const VideoAnnotation& actual) {
  QCOMPARE(actual.video.width, expected.video.width);
  QCOMPARE(actual.video.height, expected.video.height);
  std::vector<int> expectedFrames, actualFrames;
  for (const auto& entry : expected.frames) expectedFrames.push_back(entry.first);
  for (const auto& entry : actual.frames) actualFrames.push_back(entry.first);
  QCOMPARE(actualFrames, expectedFrames);
  std::set<int> expectedIds, actualIds;
  for (const auto& object : expected.objects) expectedIds.insert(object.trackId);
  for (const auto& object : actual.objects) actualIds.insert(object.trackId);
  QCOMPARE(actualIds, expectedIds);
  for (const int frame : expectedFrames)
    for (const int id : expectedIds) {
      const cv::Mat a = maskOrEmpty(expected, frame, id), b = maskOrEmpty(actual, frame, id);
      if (cv::countNonZero(a != b) != 0)
        QFAIL(qPrintable(QString("frame %1, object %2: pixels differ").arg(frame).arg(id)));
    }
}

std::array<double, 4> pixelBbox(const cv::Mat& mask) {
  cv::Mat points;
  cv::findNonZero(mask, points);
  const cv::Rect box = cv::boundingRect(points);
  return {double(box.x), double(box.y), double(box.width), double(box.height)};
}

std::string readBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

class TestFormatRoundTrip : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void cocoKeepsPixelsIdsNamesAndScores() {
    QTemporaryDir dir;
    const fs::path path = dir.filePath("clip.json").toStdString();
    const VideoAnnotation original = makeAnnotation(true);
    writeCoco(original, path);
    const VideoAnnotation back = readCoco(path);
    compareMasks(original, back);
    QCOMPARE(back.video.name, std::string("clip"));
    QCOMPARE(back.video.frameCount, 12);
    QCOMPARE(back.video.fps, 30.0);
    QCOMPARE(back.categories.size(), std::size_t(2));
    QCOMPARE(back.categories[1].name, std::string("dog"));
    QCOMPARE(back.categories[1].supercategory, std::string("animal"));
    for (const auto& object : original.objects) {
      const AnnotatedObject* read = back.findObject(object.trackId);
      QVERIFY(read != nullptr);
      QCOMPARE(read->name, object.name);
      QCOMPARE(read->categoryId, object.categoryId);
      QCOMPARE(read->origin, object.origin);
    }
    const MaskAnnotation* mask = back.findMask(6, 2);
    QVERIFY(mask != nullptr);
    QCOMPARE(mask->predictedIou.value(), original.findMask(6, 2)->predictedIou.value());
    QCOMPARE(mask->objectScore.value(), original.findMask(6, 2)->objectScore.value());
    QCOMPARE(mask->points.size(), std::size_t(2));
    QCOMPARE(mask->points[1].y, 20.25);
    QCOMPARE(mask->points[1].label, 0);
    QVERIFY(back.findMask(0, 1) != nullptr && back.findMask(0, 1)->edited);
    QVERIFY(back.findMask(0, 2) != nullptr && !back.findMask(0, 2)->edited);
  }

  void cocoFileHasImagesAnnotationsAndCategories() {
    QTemporaryDir dir;
    const fs::path path = dir.filePath("clip.json").toStdString();
    const VideoAnnotation original = makeAnnotation(false);
    writeCoco(original, path);
    const Json root = readJsonFile(path);
    QCOMPARE(root["images"].size(), std::size_t(4));
    QCOMPARE(root["images"][1]["frame_index"].get<int>(), 3);
    QCOMPARE(root["images"][1]["file_name"].get<std::string>(), std::string("clip/00003.jpg"));
    QCOMPARE(root["images"][1]["width"].get<int>(), kWidth);
    QCOMPARE(root["images"][1]["video"].get<std::string>(), std::string("clip"));
    std::set<std::int64_t> annotationIds;
    for (const auto& entry : root["annotations"]) {
      annotationIds.insert(entry["id"].get<std::int64_t>());
      QCOMPARE(entry["iscrowd"].get<int>(), 0);
      QVERIFY(entry["segmentation"]["counts"].is_string());
      const int frame = entry["image_id"].get<int>() - 1;
      QCOMPARE(root["images"][std::size_t(frame / 3)]["id"], entry["image_id"]);
      const cv::Mat pixels = maskOrEmpty(original, frame, entry["track_id"].get<int>());
      QCOMPARE(entry["area"].get<int>(), cv::countNonZero(pixels));
      const auto box = pixelBbox(pixels);
      for (int i = 0; i < 4; ++i)
        QCOMPARE(entry["bbox"][std::size_t(i)].get<double>(), box[std::size_t(i)]);
      QCOMPARE(entry["category_id"].get<int>(), entry["track_id"].get<int>() == 1 ? 1 : 5);
    }
    QCOMPARE(annotationIds.size(), root["annotations"].size());    // unique ids
    QCOMPARE(root["annotations"].size(), std::size_t(3 + 2 + 3));  // 7 absent on frame 3
    QCOMPARE(root["categories"][1]["name"].get<std::string>(), std::string("dog"));
  }

  void cocoPolygonsAreRasterizedOnImport() {
    QTemporaryDir dir;
    const fs::path path = dir.filePath("poly.json").toStdString();
    std::ofstream(path)
        << R"({"images": [{"id": 10, "width": 8, "height": 6, "file_name": "a.jpg"}],
      "annotations": [{"id": 3, "image_id": 10, "category_id": 2, "iscrowd": 0,
                       "segmentation": [[1, 1, 4, 1, 4, 3, 1, 3], [6, 4, 7, 4, 7, 6, 6, 6]]}],
      "categories": [{"id": 2, "name": "box"}]})";
    const VideoAnnotation annotation = readCoco(path);
    cv::Mat expected(6, 8, CV_8UC1, cv::Scalar(0));
    expected(cv::Rect(1, 1, 3, 2)).setTo(1);
    expected(cv::Rect(6, 4, 1, 2)).setTo(1);
    QCOMPARE(annotation.objects.size(), std::size_t(1));
    QCOMPARE(annotation.objects[0].trackId, 3);  // no track_id: the annotation is the object
    QCOMPARE(cv::countNonZero(maskOrEmpty(annotation, 0, 3) != expected), 0);
  }

  void cocoWritesFrameImages() {
    QTemporaryDir dir;
    const fs::path path = dir.filePath("clip.json").toStdString();
    CocoWriteOptions options;
    options.images.extension = "png";
    options.images.provider = [](int frame) {
      return cv::Mat(kHeight, kWidth, CV_8UC3, cv::Scalar(frame, 2 * frame, 100));
    };
    writeCoco(makeAnnotation(false), path, options);
    const cv::Mat image = cv::imread(dir.filePath("clip/00006.png").toStdString());
    QCOMPARE(image.cols, kWidth);
    QCOMPARE(image.at<cv::Vec3b>(0, 0), cv::Vec3b(6, 12, 100));
    QCOMPARE(readJsonFile(path)["images"][2]["file_name"].get<std::string>(),
             std::string("clip/00006.png"));
  }

  void sa1bKeepsPixelsIdsAndScores() {
    QTemporaryDir dir;
    const fs::path folder = dir.filePath("sa1b").toStdString();
    const VideoAnnotation original = makeAnnotation(true);
    writeSa1b(original, folder);
    const Json frame = readJsonFile(folder / "00006.json");
    QCOMPARE(frame["image"]["width"].get<int>(), kWidth);
    QCOMPARE(frame["image"]["height"].get<int>(), kHeight);
    QCOMPARE(frame["image"]["file_name"].get<std::string>(), std::string("00006.jpg"));
    const Json& first = frame["annotations"][0];
    QCOMPARE(first["segmentation"]["size"], Json::parse("[37, 53]"));  // [h, w]
    QCOMPARE(first["crop_box"], Json::parse("[0, 0, 53, 37]"));
    for (const char* key : {"id", "bbox", "area", "segmentation", "predicted_iou",
                            "stability_score", "crop_box", "point_coords"})
      QVERIFY2(first.contains(key), key);
    const VideoAnnotation back = readSa1b(folder);
    compareMasks(original, back);
    QCOMPARE(back.findMask(6, 2)->stabilityScore.value(), 0.5);
    QCOMPARE(back.findMask(6, 2)->points.size(), std::size_t(2));
    QCOMPARE(back.findMask(3, 1)->predictedIou.value(),
             original.findMask(3, 1)->predictedIou.value());
    QCOMPARE(back.findMask(3, 1)->objectScore.value(),
             original.findMask(3, 1)->objectScore.value());
  }

  void pngDavisLayoutKeepsPixelsAndIds() {
    QTemporaryDir dir;
    const fs::path folder = dir.filePath("davis").toStdString();
    const VideoAnnotation original = makeAnnotation(false);
    QCOMPARE(writePngMasks(original, folder), PngLayout::Davis);
    QVERIFY(fs::exists(folder / "00009.png"));  // every annotated frame has its PNG
    // An indexed PNG: colour type 3 in IHDR, and a PLTE chunk.
    const std::string bytes = readBytes(folder / "00000.png");
    QCOMPARE(int(bytes.at(25)), 3);
    QVERIFY(bytes.find("PLTE") != std::string::npos);
    // OpenCV (another decoder) shows the DAVIS colours: object 1 red (128,0,0), 2 green.
    const cv::Mat colours = cv::imread((folder / "00000.png").string(), cv::IMREAD_COLOR);
    const cv::Mat one = maskOrEmpty(original, 0, 1), two = maskOrEmpty(original, 0, 2);
    cv::Point p1, p2;
    cv::minMaxLoc(one, nullptr, nullptr, nullptr, &p1);
    cv::minMaxLoc(two, nullptr, nullptr, nullptr, &p2);
    QCOMPARE(colours.at<cv::Vec3b>(p1), cv::Vec3b(0, 0, 128));
    QCOMPARE(colours.at<cv::Vec3b>(p2), cv::Vec3b(0, 128, 0));
    const VideoAnnotation back = readPngMasks(folder);
    compareMasks(original, back);
    QCOMPARE(back.video.frameCount, 10);
  }

  void pngPerObjectLayoutKeepsOverlapsAndIdZero() {
    QTemporaryDir dir;
    const fs::path folder = dir.filePath("sav").toStdString();
    const VideoAnnotation original = makeAnnotation(true);
    QVERIFY(!davisLayoutProblem(original).empty());
    QVERIFY_THROWS_EXCEPTION(masklet::Error, writePngMasks(original, folder, {PngLayout::Davis}));
    QVERIFY(!fs::exists(folder));
    QCOMPARE(writePngMasks(original, folder), PngLayout::PerObject);
    QVERIFY(fs::exists(folder / "000" / "00003.png"));
    QVERIFY(fs::exists(folder / "007" / "00003.png"));  // absent object: an empty mask file
    const VideoAnnotation back = readPngMasks(folder);
    compareMasks(original, back);
  }

  void grayscalePngMasksAreRead() {
    // DAVIS-style masks saved as 8-bit grayscale (value = object id) by other tools.
    QTemporaryDir dir;
    const fs::path folder = dir.filePath("gray").toStdString();
    fs::create_directory(folder);
    cv::Mat labels(6, 5, CV_8UC1, cv::Scalar(0));
    labels(cv::Rect(1, 1, 2, 3)).setTo(3);
    labels.at<std::uint8_t>(5, 4) = 9;
    QVERIFY(cv::imwrite((folder / "00002.png").string(), labels));
    const VideoAnnotation annotation = readPngMasks(folder);
    QCOMPARE(annotation.objects.size(), std::size_t(2));
    QCOMPARE(rleArea(annotation.findMask(2, 3)->rle), std::uint64_t(6));
    QCOMPARE(rleArea(annotation.findMask(2, 9)->rle), std::uint64_t(1));
  }
};

MASKLET_TEST_APPLESS_MAIN(TestFormatRoundTrip)
#include "test_format_round_trip.moc"
