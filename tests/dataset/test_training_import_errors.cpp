// Bad input on import of the training layouts: one line naming the file and line (or the
// file), and nothing imported (readDataset throws before returning any annotation).
#include <QtTest/QtTest>

#include "test_registry.h"

#include <fstream>
#include <opencv2/imgcodecs.hpp>

#include "common/error.h"
#include "dataset/dataset_format.h"
#include "training_clip.h"

using namespace masklet::dataset;
namespace fs = std::filesystem;

namespace {

std::string importError(const fs::path& path) {
  try {
    readDataset(path, detectFormat(path), DatasetReadOptions{0, std::make_pair(64, 48)});
  } catch (const masklet::Error& error) {
    return error.what();
  }
  return "(imported without an error)";
}

// Replaces line `number` (1-based) of a text file.
void replaceLine(const fs::path& path, int number, const std::string& text) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  in.close();
  lines.at(static_cast<std::size_t>(number - 1)) = text;
  std::ofstream out(path);
  for (const auto& line : lines) out << line << "\n";
}

}  // namespace

class TestTrainingImportErrors : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void badLinesAreNamedByFileAndLine_data() {
    QTest::addColumn<int>("format");
    QTest::addColumn<QString>("relative");
    QTest::addColumn<QString>("badLine");
    QTest::addColumn<QString>("expected");
    QTest::newRow("yolo odd coordinates")
        << int(DatasetFormat::Yolo) << "labels/train/clip_a_00003.txt"
        << "0 0.1 0.1 0.5 0.1 0.5"
        << ":2: odd number of coordinates (5)";
    QTest::newRow("yolo class outside names")
        << int(DatasetFormat::Yolo) << "labels/train/clip_a_00003.txt"
        << "2 0.1 0.1 0.5 0.1 0.5 0.5"
        << ":2: class 2 is not in data.yaml's names (0..1)";
    QTest::newRow("yolo coordinate outside the image")
        << int(DatasetFormat::Yolo) << "labels/train/clip_a_00003.txt"
        << "0 0.1 0.1 1.5 0.1 0.5 0.5"
        << ":2: coordinate 1.500000 is outside [0, 1]";
    QTest::newRow("mots field count")
        << int(DatasetFormat::Mots) << "instances_txt/clip_a.txt"
        << "3 1001 1 48 64"
        << ":2: expected 6 fields (frame id class_id height width rle), got 5";
    QTest::newRow("mots broken rle") << int(DatasetFormat::Mots) << "instances_txt/clip_a.txt"
                                     << "3 1001 1 48 64 zz"
                                     << ":2: rle";
  }
  void badLinesAreNamedByFileAndLine() {
    QFETCH(int, format);
    QFETCH(QString, relative);
    QFETCH(QString, badLine);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const fs::path out = dir.filePath("out").toStdString();
    writeDataset(masklet::test::trainingClip(), out, static_cast<DatasetFormat>(format));
    const fs::path file = out / relative.toStdString();
    replaceLine(file, 2, badLine.toStdString());
    const std::string message = importError(out);
    QVERIFY2(message.find(file.string() + expected.toStdString()) == 0, message.c_str());
    QVERIFY2(message.find('\n') == std::string::npos, message.c_str());
  }

  void davisRefusesAPngWithoutPalette() {
    QTemporaryDir dir;
    const fs::path out = dir.filePath("davis").toStdString();
    DatasetWriteOptions options;
    options.davisFullResolution = true;
    writeDataset(masklet::test::trainingClip(), out, DatasetFormat::Davis, options);
    const fs::path gray = out / "Annotations" / "Full-Resolution" / "clip_a" / "00004.png";
    QVERIFY(cv::imwrite(gray.string(), cv::Mat(48, 64, CV_8UC1, cv::Scalar(1))));
    const std::string message = importError(out);
    QCOMPARE(message, gray.string() + ": not a palette PNG (DAVIS masks are 8-bit indexed images)");
  }

  void yoloWithoutImagesOrSizeSaysWhatIsMissing() {
    QTemporaryDir dir;
    const fs::path out = dir.filePath("yolo").toStdString();
    writeDataset(masklet::test::trainingClip(), out, DatasetFormat::Yolo);
    std::string message;
    try {
      readDataset(out, DatasetFormat::Yolo);
    } catch (const masklet::Error& error) {
      message = error.what();
    }
    QVERIFY2(message.find("no image beside it") != std::string::npos, message.c_str());
  }
};

MASKLET_TEST_APPLESS_MAIN(TestTrainingImportErrors)
#include "test_training_import_errors.moc"
