// Bad input ends in an error that names the file and the place, and a failed export leaves
// nothing under the output name (nor temporary files beside it).
#include <QtTest/QtTest>

#include "test_registry.h"

#include <fstream>

#include "common/error.h"
#include "dataset/coco_reader.h"
#include "dataset/coco_writer.h"
#include "dataset/dataset_format.h"
#include "dataset/png_masks_writer.h"
#include "dataset/sa1b_writer.h"
#include "dataset/sav_reader.h"
#include "dataset/sav_writer.h"

using namespace masklet::dataset;
namespace fs = std::filesystem;

namespace {

std::string errorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const masklet::Error& error) {
    return error.what();
  }
  return "(no error)";
}

// A 2x3 video with object 4 on frame 0.
VideoAnnotation smallAnnotation() {
  VideoAnnotation annotation;
  annotation.video = {"tiny", 3, 2, 1, 0.0, {}};
  annotation.categories = {{1, "thing", ""}};
  annotation.objects = {{4, "it", 1, "manual", std::nullopt}};
  annotation.frames[0][4].rle = Rle{2, 3, {1, 2, 3}};
  return annotation;
}

std::vector<std::string> folderEntries(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

const char* kCocoHead = R"("images": [{"id": 1, "width": 3, "height": 2, "file_name": "a.jpg"}],
  "categories": [{"id": 1, "name": "thing"}])";

}  // namespace

class TestBadInput : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void readErrorsNameThePlace_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("content");
    QTest::addColumn<QStringList>("mustMention");
    const QString sav = R"({"video_id": "v", "video_height": 2, "video_width": 3,
      "video_frame_count": 1, "masklet_id": [0], "masklet": [[%1]]})";
    const QString coco = QString("{%1, \"annotations\": [%2]}").arg(kCocoHead);
    QTest::newRow("malformed JSON")
        << "sav"
        << R"({"masklet": [[{"size": [2, 3],)" << QStringList{"malformed JSON", "line 1"};
    QTest::newRow("malformed COCO") << "coco"
                                    << "{\"images\": [}\n"
                                    << QStringList{"malformed JSON", "line 1", "column 13"};
    QTest::newRow("compressed counts overrun")
        << "sav" << sav.arg(R"({"size": [2, 3], "counts": "16"})")
        << QStringList{"masklet[0][0]", "cover 7 pixels", "overrun"};
    QTest::newRow("list counts overrun")
        << "coco" << coco.arg(R"({"id": 1, "image_id": 1, "category_id": 1,
                                  "segmentation": {"size": [2, 3], "counts": [1, 9]}})")
        << QStringList{"annotations[0].segmentation", "cover 10 pixels", "overrun"};
    QTest::newRow("counts too short") << "sav" << sav.arg(R"({"size": [2, 3], "counts": "12"})")
                                      << QStringList{"masklet[0][0]", "cover 3 pixels"};
    QTest::newRow("bad counts character")
        << "sav" << sav.arg(R"({"size": [2, 3], "counts": "1 5"})")
        << QStringList{"masklet[0][0].counts", "invalid character", "position 1"};
    QTest::newRow("negative mask size")
        << "coco" << coco.arg(R"({"id": 1, "image_id": 1, "category_id": 1,
                                  "segmentation": {"size": [-2, 3], "counts": []}})")
        << QStringList{"annotations[0].segmentation.size", "negative"};
    QTest::newRow("negative video size")
        << "sav"
        << R"({"video_height": -848, "video_width": 480, "masklet_id": [], "masklet": []})"
        << QStringList{"video_height", "-848", "out of range"};
    QTest::newRow("unknown category")
        << "coco" << coco.arg(R"({"id": 1, "image_id": 1, "category_id": 9,
                                  "segmentation": {"size": [2, 3], "counts": "6"}})")
        << QStringList{"annotations[0].category_id", "9", "not among the categories"};
    QTest::newRow("unknown image")
        << "coco" << coco.arg(R"({"id": 1, "image_id": 5, "category_id": 1,
                                  "segmentation": {"size": [2, 3], "counts": "6"}})")
        << QStringList{"annotations[0].image_id", "5", "not among the images"};
    QTest::newRow("mask size differs from the image")
        << "coco" << coco.arg(R"({"id": 1, "image_id": 1, "category_id": 1,
                                  "segmentation": {"size": [3, 2], "counts": "6"}})")
        << QStringList{"annotations[0].segmentation.size", "differs"};
    QTest::newRow("missing masks of a frame")
        << "sav"
        << R"({"video_height": 2, "video_width": 3, "masklet_id": [0, 1],
                        "masklet": [[{"size": [2, 3], "counts": "6"}]]})"
        << QStringList{"masklet[0]", "1 masks for 2 masklets"};
    QTest::newRow("missing key") << "sav"
                                 << R"({"video_height": 2, "masklet_id": [], "masklet": []})"
                                 << QStringList{"video_width: missing"};
  }
  void readErrorsNameThePlace() {
    QFETCH(QString, format);
    QFETCH(QString, content);
    QFETCH(QStringList, mustMention);
    QTemporaryDir dir;
    const std::string path = dir.filePath("input.json").toStdString();
    std::ofstream(path) << content.toStdString();
    const std::string message =
        errorOf([&] { readDataset(path, parseFormatName(format.toStdString())); });
    QVERIFY2(message.find(path) == 0, message.c_str());  // starts with the file
    for (const QString& part : mustMention)
      QVERIFY2(message.find(part.toStdString()) != std::string::npos,
               qPrintable(QString("'%1' not in: %2").arg(part, QString::fromStdString(message))));
  }

  void unknownFormatIsNamed() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("other.json").toStdString();
    std::ofstream(path) << R"({"hello": 1})";
    const std::string message = errorOf([&] { detectFormat(path); });
    QVERIFY2(message.find("not a known annotation file") != std::string::npos, message.c_str());
    QVERIFY2(errorOf([&] { parseFormatName("voc"); }).find("voc") != std::string::npos, "");
  }

  void exportWithUnknownCategoryWritesNothing() {
    QTemporaryDir dir;
    const fs::path path = dir.filePath("out.json").toStdString();
    VideoAnnotation annotation = smallAnnotation();
    annotation.objects[0].categoryId = 9;
    const std::string message = errorOf([&] { writeCoco(annotation, path); });
    QVERIFY2(message.find("object 4") != std::string::npos &&
                 message.find("category 9") != std::string::npos,
             message.c_str());
    QVERIFY(folderEntries(dir.path().toStdString()).empty());
  }

  void failedExportKeepsThePreviousFile() {
    QTemporaryDir dir;
    const fs::path path = dir.filePath("out.json").toStdString();
    std::ofstream(path) << "previous";
    VideoAnnotation annotation = smallAnnotation();
    annotation.frames[0][4].rle = Rle{3, 3, {9}};  // not the video's size
    const std::string message = errorOf([&] { writeSav(annotation, path); });
    QVERIFY2(message.find("frame 0") != std::string::npos, message.c_str());
    std::ifstream in(path);
    std::string content;
    in >> content;
    QCOMPARE(content, std::string("previous"));
    QCOMPARE(folderEntries(dir.path().toStdString()), std::vector<std::string>{"out.json"});
  }

  void failedFolderExportLeavesNoFolder() {
    QTemporaryDir dir;
    VideoAnnotation annotation = smallAnnotation();
    for (int frame = 1; frame < 5; ++frame) annotation.frames[frame][4].rle = Rle{2, 3, {6}};
    // Frame images fail half-way (a decoder error on frame 3): no SA-1B folder appears.
    Sa1bWriteOptions options;
    options.images.provider = [](int frame) -> cv::Mat {
      if (frame == 3) throw masklet::Error("cannot decode frame 3");
      return cv::Mat(2, 3, CV_8UC3, cv::Scalar(0));
    };
    const fs::path folder = dir.filePath("sa1b").toStdString();
    QCOMPARE(QString::fromStdString(errorOf([&] { writeSa1b(annotation, folder, options); })),
             QString("cannot decode frame 3"));
    QVERIFY(folderEntries(dir.path().toStdString()).empty());
    // COCO with images: neither the image folder nor the JSON.
    CocoWriteOptions coco;
    coco.images = options.images;
    errorOf([&] { writeCoco(annotation, dir.filePath("c.json").toStdString(), coco); });
    QVERIFY(folderEntries(dir.path().toStdString()).empty());
    // PNG masks with a wrong-size mask on the last frame.
    annotation.frames[4][4].rle = Rle{1, 1, {1}};
    QVERIFY(errorOf([&] {
              writePngMasks(annotation, dir.filePath("png").toStdString());
            }).find("frame 4") != std::string::npos);
    QVERIFY(folderEntries(dir.path().toStdString()).empty());
  }

  void failedFolderExportKeepsThePreviousFolder() {
    QTemporaryDir dir;
    const fs::path folder = dir.filePath("masks").toStdString();
    VideoAnnotation annotation = smallAnnotation();
    writePngMasks(annotation, folder);
    QCOMPARE(folderEntries(folder), std::vector<std::string>{"00000.png"});
    annotation.frames[7][4].rle = Rle{2, 2, {4}};
    QVERIFY_THROWS_EXCEPTION(masklet::Error, writePngMasks(annotation, folder));
    QCOMPARE(folderEntries(folder), std::vector<std::string>{"00000.png"});
    QCOMPARE(folderEntries(dir.path().toStdString()), std::vector<std::string>{"masks"});
    // A successful export replaces the folder as a whole.
    annotation.frames[7][4].rle = Rle{2, 3, {6}};
    writePngMasks(annotation, folder);
    QCOMPARE(folderEntries(folder), (std::vector<std::string>{"00000.png", "00007.png"}));
  }
};

MASKLET_TEST_APPLESS_MAIN(TestBadInput)
#include "test_bad_input.moc"
