// `masklet-cli segment --everything` (the automatic mask generator on still images) on the
// generator fixture's images and mini model: SA-1B JSON with every record field, read back by
// core/dataset's SA-1B reader with the same values; COCO with the same masks; bad option values
// refused as usage errors; and `masklet-cli replay` of the generator fixture itself.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QDir>
#include <QTemporaryDir>

#include "cli_run.h"
#include "dataset/rle.h"
#include "dataset/sa1b_reader.h"

using namespace masklet;

namespace {

const char* kFixture = "fixtures/amg-sam2.1-mini";

QString fixtureDir() {
  return QString::fromStdString(test::sharedPath(kFixture));
}

// A small grid, filters off and one crop layer: many masks, crops, quick on the mini model.
QStringList everythingArgs(const QString& out, const QString& format) {
  return {"segment",
          "--everything",
          "--images",
          fixtureDir() + "/images/00.png",
          "--out",
          out,
          "--format",
          format,
          "--checkpoint",
          fixtureDir() + "/checkpoint.pt",
          "--config",
          fixtureDir() + "/config.yaml",
          "--precision",
          "fp32",
          "--points-per-side",
          "4",
          "--points-per-batch",
          "8",
          "--pred-iou-thresh",
          "0",
          "--stability-score-thresh",
          "0",
          "--crop-n-layers",
          "1",
          "--min-mask-region-area",
          "10"};
}

}  // namespace

class TestSegmentEverythingCli : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void init() { MASKLET_REQUIRE_SHARED(kFixture); }

  void sa1bHasEveryFieldAndReadsBack() {
    QTemporaryDir tmp;
    const QString out = tmp.path() + "/sa1b";
    const auto run = test::runCli(everythingArgs(out, "sa1b"));
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    QVERIFY2(run.err.contains("left"), qPrintable("no progress with time left: " + run.err));
    const QJsonObject json = test::readJsonDocument(out + "/00.json").object();
    const QJsonArray annotations = json["annotations"].toArray();
    QVERIFY(!annotations.isEmpty());
    for (const auto& value : annotations) {
      const QJsonObject a = value.toObject();
      for (const char* key : {"id", "segmentation", "bbox", "area", "predicted_iou",
                              "stability_score", "crop_box", "point_coords"})
        QVERIFY2(a.contains(key) && !a[key].isNull(), key);
      QCOMPARE(a["crop_box"].toArray().size(), 4);
      QCOMPARE(a["point_coords"].toArray().size(), 1);
    }
    const auto read = dataset::readSa1b((out + "/00.json").toStdString());
    QCOMPARE(read.frames.size(), size_t(1));
    const auto& masks = read.frames.begin()->second;
    QCOMPARE(int(masks.size()), annotations.size());
    int i = 0;
    for (const auto& [id, mask] : masks) {
      const QJsonObject a = annotations[i++].toObject();
      QCOMPARE(double(dataset::rleArea(mask.rle)), a["area"].toDouble());
      QVERIFY(mask.predictedIou && *mask.predictedIou == a["predicted_iou"].toDouble());
      QVERIFY(mask.stabilityScore && *mask.stabilityScore == a["stability_score"].toDouble());
      QCOMPARE(mask.points.size(), size_t(1));
      const QJsonArray crop = a["crop_box"].toArray();
      const bool wholeImage = crop[0].toDouble() == 0 && crop[1].toDouble() == 0 &&
                              crop[2].toInt() == 480 && crop[3].toInt() == 270;
      QCOMPARE(mask.cropBox.has_value(), !wholeImage);
      if (mask.cropBox) QCOMPARE((*mask.cropBox)[2], crop[2].toDouble());
    }
  }

  void cocoHoldsTheSameMasks() {
    QTemporaryDir tmp;
    const auto sa1b = test::runCli(everythingArgs(tmp.path() + "/sa1b", "sa1b"));
    QVERIFY2(sa1b.exitCode == 0, qPrintable(sa1b.err));
    const auto coco = test::runCli(everythingArgs(tmp.path() + "/all.json", "coco"));
    QVERIFY2(coco.exitCode == 0, qPrintable(coco.err));
    const auto cocoJson = test::readJsonDocument(tmp.path() + "/all.json").object();
    const auto sa1bJson = test::readJsonDocument(tmp.path() + "/sa1b/00.json").object();
    QCOMPARE(cocoJson["annotations"].toArray().size(), sa1bJson["annotations"].toArray().size());
  }

  void badOptionValuesAreUsageErrors() {
    QTemporaryDir tmp;
    auto args = everythingArgs(tmp.path() + "/x", "sa1b");
    args << "--points-per-side"
         << "many";
    QCOMPARE(test::runCli(args).exitCode, 2);
    args = everythingArgs(tmp.path() + "/x", "sa1b");
    args << "--crop-n-points-downscale-factor"
         << "0";
    const auto refused = test::runCli(args);
    QVERIFY2(refused.exitCode == 2 && refused.err.contains("crop_n_points_downscale_factor"),
             qPrintable(refused.err));
  }

  void replayMatchesTheGeneratorFixture() {
    const auto run = test::runCli({"replay", fixtureDir()});
    QVERIFY2(run.exitCode == 0 && run.out.contains("all runs match"),
             qPrintable(run.out + run.err));
  }
};

MASKLET_TEST_GUILESS_MAIN(TestSegmentEverythingCli)
#include "test_segment_everything_cli.moc"
