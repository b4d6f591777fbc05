// `masklet-cli segment` (headless image mode) on the image fixture's own images and prompts:
// the SA-1B files it writes must hold the official image predictor's recorded masks, as read
// back by core/dataset's SA-1B reader and by a pycocotools-style RLE decoder written here; the
// COCO file must hold the same masks; bad prompt files are refused with one line.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <string>
#include <vector>

#include "dataset/rle.h"
#include "dataset/sa1b_reader.h"
#include "model/checkpoint_reader.h"
#include "shared_data.h"

namespace {

const char* kFixture = "fixtures/image-sam2.1-mini";

QString fixtureDir() {
  return QString::fromStdString(masklet::test::sharedPath(kFixture));
}

// The fixture's prompts (session.json steps 3, 4, 5 on 00.png, step 8 on 01.png).
const char* kPrompts = R"({
  "00.png": [{"points": [[288, 180], [384, 144]], "labels": [1, 0]},
             {"box": [192, 108, 448, 288]},
             {"box": [192, 108, 448, 288], "points": [[320, 270]], "labels": [0]}],
  "01.png": [{"points": [[192, 216], [224, 234]], "labels": [1, 1], "multimask": true}]
})";

struct Expected {
  QString image;
  std::string step;  // trace key prefix
  int width, height;
  QJsonArray points;
};

const std::vector<Expected>& expectedMasks() {
  static const std::vector<Expected> list{
      {"00.png", "step03.predict", 640, 360,
       QJsonArray{QJsonArray{288.0, 180.0}, QJsonArray{384.0, 144.0}}},
      {"00.png", "step04.predict", 640, 360, QJsonArray{}},
      {"00.png", "step05.predict", 640, 360, QJsonArray{QJsonArray{320.0, 270.0}}},
      {"01.png", "step08.predict", 480, 270,
       QJsonArray{QJsonArray{192.0, 216.0}, QJsonArray{224.0, 234.0}}}};
  return list;
}

struct Run {
  int exitCode = -1;
  QString out, err;
};

Run cli(const QStringList& args) {
  QProcess process;
  process.start(QString::fromStdString(masklet::test::binDir()) + "/masklet-cli", args);
  Run run;
  if (!process.waitForFinished(10 * 60 * 1000)) {
    process.kill();
    run.err = "masklet-cli did not finish";
    return run;
  }
  run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
  run.out = QString::fromUtf8(process.readAllStandardOutput());
  run.err = QString::fromUtf8(process.readAllStandardError());
  return run;
}

QStringList segmentArgs(const QString& prompts, const QString& out, const QString& format) {
  return {"segment", "--images", fixtureDir() + "/images", "--prompts", prompts, "--out", out,
          "--format", format, "--checkpoint", fixtureDir() + "/checkpoint.pt", "--config",
          fixtureDir() + "/config.yaml",
          // The recording is float32; auto could pick bf16 on a CPU with bf16 instructions.
          "--precision", "fp32"};
}

bool writeText(const QString& path, const QByteArray& text) {
  QFile file(path);
  return file.open(QIODevice::WriteOnly) && file.write(text) == text.size();
}

QJsonObject readJson(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(file.readAll()).object();
}

// pycocotools rleFrString + rleDecode, written independently of core/dataset: LEB128-like
// 6-bit groups with sign extension, counts from the third on relative to counts[i-2]; runs
// alternate background/foreground over column-major pixels. Returns h*w bytes, row-major.
std::vector<uint8_t> decodeCocoRle(const QJsonObject& rle, int& height, int& width) {
  height = rle["size"].toArray()[0].toInt();
  width = rle["size"].toArray()[1].toInt();
  const QByteArray text = rle["counts"].toString().toLatin1();
  std::vector<long long> counts;
  for (int p = 0; p < text.size();) {
    long long x = 0;
    int k = 0;
    bool more = true;
    while (more) {
      const long long c = text[p] - 48;
      x |= (c & 0x1f) << (5 * k);
      more = (c & 0x20) != 0;
      ++p;
      ++k;
      if (!more && (c & 0x10)) x |= static_cast<long long>(~0ULL << (5 * k));  // sign-extend
    }
    if (counts.size() > 2) x += counts[counts.size() - 2];
    counts.push_back(x);
  }
  std::vector<uint8_t> mask(static_cast<size_t>(height) * width, 0);
  long long pos = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    for (long long j = 0; j < counts[i] && pos < static_cast<long long>(mask.size()); ++j, ++pos)
      if (i % 2 == 1) mask[static_cast<size_t>((pos % height) * width + pos / height)] = 1;
  }
  return pos == static_cast<long long>(mask.size()) ? mask : std::vector<uint8_t>{};
}

const masklet::model::TensorMap& trace() {
  static const auto map =
      masklet::model::readTensorFile(masklet::test::sharedPath(kFixture) + "/trace.pt");
  return map;
}

// The recorded logits of the mask segment must have picked: the only one, or the best-scoring
// of a multimask prediction.
torch::Tensor recordedLogits(const std::string& step, double& score) {
  const auto scores = trace().at(step + ".scores");
  const int64_t best = scores.argmax().item<int64_t>();
  score = scores[best].item<double>();
  return trace().at(step + ".masks")[best];
}

double iouWith(const std::vector<uint8_t>& mask, const torch::Tensor& logits) {
  const auto ref = (logits > 0).to(torch::kUInt8).contiguous();
  const uint8_t* b = ref.data_ptr<uint8_t>();
  double inter = 0, uni = 0;
  for (size_t i = 0; i < mask.size(); ++i) {
    inter += mask[i] && b[i];
    uni += mask[i] || b[i];
  }
  return uni == 0 ? 1.0 : inter / uni;
}

}  // namespace

class TestSegmentCli : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void init() { MASKLET_REQUIRE_SHARED(kFixture); }

  void sa1bFilesHoldTheRecordedMasks() {
    QTemporaryDir tmp;
    QVERIFY(writeText(tmp.filePath("prompts.json"), kPrompts));
    const Run run = cli(segmentArgs(tmp.filePath("prompts.json"), tmp.filePath("sa1b"), "sa1b"));
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));

    std::map<QString, int> seen;
    for (const auto& expected : expectedMasks()) {
      const QString file = tmp.filePath("sa1b/" + QFileInfo(expected.image).baseName() + ".json");
      const QJsonObject root = readJson(file);
      const QJsonObject image = root["image"].toObject();
      QCOMPARE(image["file_name"].toString(), expected.image);
      QCOMPARE(image["width"].toInt(), expected.width);
      QCOMPARE(image["height"].toInt(), expected.height);
      const int index = seen[expected.image]++;
      const QJsonObject annotation = root["annotations"].toArray()[index].toObject();
      QVERIFY2(!annotation.isEmpty(), qPrintable(file));

      int h = 0, w = 0;
      const auto mask = decodeCocoRle(annotation["segmentation"].toObject(), h, w);
      QCOMPARE(h, expected.height);
      QCOMPARE(w, expected.width);
      QVERIFY2(!mask.empty(), "RLE runs do not cover the image");
      double score = 0;
      const auto logits = recordedLogits(expected.step, score);
      const double iou = iouWith(mask, logits);
      QVERIFY2(iou >= 0.99, qPrintable(QString("%1: IoU %2 with the recording")
                                           .arg(QString::fromStdString(expected.step))
                                           .arg(iou)));
      const double iouDiff = std::abs(annotation["predicted_iou"].toDouble() - score);
      QVERIFY2(iouDiff <= 1e-4 + 1e-4 * std::abs(score), qPrintable(QString::number(iouDiff)));
      // SAM's stability score (threshold 0, offset 1) of the recorded logits.
      const double stability =
          (logits > 1).sum().item<double>() / (logits > -1).sum().item<double>();
      QVERIFY(std::abs(annotation["stability_score"].toDouble() - stability) <= 1e-3);
      QCOMPARE(annotation["crop_box"].toArray(),
               (QJsonArray{0, 0, expected.width, expected.height}));
      QCOMPARE(annotation["point_coords"].toArray(), expected.points);
      double area = 0;
      for (auto v : mask) area += v;
      QCOMPARE(annotation["area"].toDouble(), area);

      // core/dataset's reader gives back the same mask.
      const auto read = masklet::dataset::readSa1b(file.toStdString());
      const auto& masks = read.frames.begin()->second;
      const int id = annotation["id"].toInt();
      QVERIFY(masks.count(id) == 1);
      const cv::Mat decoded = masklet::dataset::decodeRle(masks.at(id).rle);
      QCOMPARE(decoded.rows, h);
      QCOMPARE(decoded.cols, w);
      QVERIFY(
          std::equal(mask.begin(), mask.end(), decoded.isContinuous() ? decoded.data : nullptr));
      QCOMPARE(*masks.at(id).predictedIou, annotation["predicted_iou"].toDouble());
    }
    QCOMPARE(readJson(tmp.filePath("sa1b/00.json"))["annotations"].toArray().size(), 3);
    QCOMPARE(readJson(tmp.filePath("sa1b/01.json"))["annotations"].toArray().size(), 1);
  }

  void cocoFileHoldsTheSameMasks() {
    QTemporaryDir tmp;
    QVERIFY(writeText(tmp.filePath("prompts.json"), kPrompts));
    const Run run =
        cli(segmentArgs(tmp.filePath("prompts.json"), tmp.filePath("out.json"), "coco"));
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    const QJsonObject root = readJson(tmp.filePath("out.json"));
    const QJsonArray images = root["images"].toArray();
    const QJsonArray annotations = root["annotations"].toArray();
    QCOMPARE(images.size(), 2);
    QCOMPARE(annotations.size(), int(expectedMasks().size()));
    for (int i = 0; i < annotations.size(); ++i) {
      const auto& expected = expectedMasks()[size_t(i)];
      const QJsonObject annotation = annotations[i].toObject();
      const int imageId = annotation["image_id"].toInt();
      QCOMPARE(images[imageId - 1].toObject()["file_name"].toString(), expected.image);
      int h = 0, w = 0;
      const auto mask = decodeCocoRle(annotation["segmentation"].toObject(), h, w);
      QVERIFY(!mask.empty());
      double score = 0;
      const double iou = iouWith(mask, recordedLogits(expected.step, score));
      QVERIFY2(iou >= 0.99, qPrintable(QString::number(iou)));
      QCOMPARE(annotation["iscrowd"].toInt(), 0);
      QCOMPARE(annotation["category_id"].toInt(), 1);
    }
  }

  void badPromptsAreRefusedWithOneLine_data() {
    QTest::addColumn<QByteArray>("prompts");
    QTest::newRow("points without labels") << QByteArray(R"({"00.png": [{"points": [[1, 2]]}]})");
    QTest::newRow("unknown image") << QByteArray(R"({"nope.png": [{"box": [1, 2, 3, 4]}]})");
    QTest::newRow("short box") << QByteArray(R"({"*": [{"box": [1, 2, 3]}]})");
    QTest::newRow("not JSON") << QByteArray("{");
  }
  void badPromptsAreRefusedWithOneLine() {
    QFETCH(QByteArray, prompts);
    QTemporaryDir tmp;
    QVERIFY(writeText(tmp.filePath("prompts.json"), prompts));
    const Run run = cli(segmentArgs(tmp.filePath("prompts.json"), tmp.filePath("sa1b"), "sa1b"));
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.startsWith("masklet-cli segment: error: "), qPrintable(run.err));
    QCOMPARE(run.err.trimmed().count('\n'), 0);
    QVERIFY(!QFileInfo::exists(tmp.filePath("sa1b")));
  }

  void helpDocumentsThePromptsFile() {
    const Run run = cli({"segment", "--help"});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("Prompts file") && run.out.contains("multimask"));
  }
};

MASKLET_TEST_GUILESS_MAIN(TestSegmentCli)
#include "test_segment_cli.moc"
