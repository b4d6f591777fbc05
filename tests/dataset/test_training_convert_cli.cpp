// masklet-cli convert to and from the training layouts on the real SA-V file: every mask comes
// back (exactly for SA-1B training, as the one-object-per-pixel masks for MOTS and DAVIS, within
// the polygon IoU for YOLO), the split flags reach splits.json, bad flag values are usage errors.
#include <QtTest/QtTest>

#include "test_registry.h"

#include "dataset/dataset_format.h"
#include "dataset/davis_writer.h"
#include "dataset/exclusive_masks.h"
#include "dataset/json_util.h"
#include "dataset/mots_writer.h"
#include "shared_data.h"

using namespace masklet::dataset;

namespace {

const char* kSavFile = "media/sav_000001_manual.json";

struct Run {
  int exitCode = -1;
  QString out, err;
};

Run runCli(const QStringList& arguments) {
  QProcess process;
  process.start(QString::fromStdString(masklet::test::binDir() + "/masklet-cli"), arguments);
  Run run;
  if (!process.waitForFinished(300000)) return run;
  run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
  run.out = QString::fromUtf8(process.readAllStandardOutput());
  run.err = QString::fromUtf8(process.readAllStandardError());
  return run;
}

}  // namespace

class TestTrainingConvertCli : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    const QString cli = QString::fromStdString(masklet::test::binDir() + "/masklet-cli");
    if (!QFileInfo::exists(cli))
      QFAIL(qPrintable("needs " + cli + " (build the masklet-cli target first)"));
  }

  void savThroughEachTrainingLayoutAndBack_data() {
    QTest::addColumn<QString>("format");
    for (const char* format : {"yolo", "mots", "mots-png", "davis", "sa1b-train"})
      QTest::newRow(format) << format;
  }
  void savThroughEachTrainingLayoutAndBack() {
    MASKLET_REQUIRE_SHARED(kSavFile);
    QFETCH(QString, format);
    const QString input = QString::fromStdString(masklet::test::sharedPath(kSavFile));
    QTemporaryDir dir;
    const QString out = dir.filePath("out"), back = dir.filePath("back.json");
    const Run there = runCli({"convert", input, out, "--to", format, "--split", "80/10/10",
                              "--seed", "5", "--davis-resolution", "full"});
    QVERIFY2(there.exitCode == 0, qPrintable(there.err));
    QVERIFY2(there.out.contains("valid"), qPrintable(there.out));  // the per-split summary
    const Json splits = readJsonFile(dir.filePath("out/splits.json").toStdString());
    QCOMPARE(splits["seed"].get<int>(), 5);
    QVERIFY(!splits["valid"].empty() && !splits["test"].empty());
    const Run again = runCli({"convert", out, back, "--to", "sav", "--frame-size", "480x848"});
    QVERIFY2(again.exitCode == 0, qPrintable(again.err));

    const VideoAnnotation original = readDataset(input.toStdString(), DatasetFormat::Sav);
    const VideoAnnotation read = readDataset(back.toStdString(), DatasetFormat::Sav);
    // MOTS and DAVIS number objects from 1 (SA-V masklets count from 0): the formats' own
    // numbering, in track-id order.
    std::map<int, int> numbering;
    for (const auto& object : original.objects) numbering[object.trackId] = object.trackId;
    if (format == "davis") numbering = davisObjectIndices(original);
    if (format.startsWith("mots")) numbering = motsInstanceNumbers(original);
    int checked = 0;
    for (const auto& [frame, masks] : original.frames) {
      const auto exclusive = exclusiveMasks(masks);
      for (const auto& [trackId, mask] : masks) {
        if (rleArea(mask.rle) == 0) continue;
        const MaskAnnotation* got = nullptr;
        if (format == "yolo") {  // objects by line number: find the best match on the frame
          double best = 0;
          for (const auto& [id, candidate] : read.frames.at(frame))
            best = std::max(best, rleIou(candidate.rle, mask.rle));
          QVERIFY2(best >= 0.85, qPrintable(QString("frame %1: IoU %2").arg(frame).arg(best)));
        } else {
          got = read.findMask(frame, numbering.at(trackId));
          if (format != "sa1b-train" && !exclusive.count(trackId)) {  // covered by others
            QVERIFY(got == nullptr || rleArea(got->rle) == 0);
            continue;
          }
          QVERIFY(got != nullptr);
          QCOMPARE(got->rle, format == "sa1b-train" ? mask.rle : exclusive.at(trackId));
        }
        ++checked;
      }
    }
    QVERIFY(checked > 400);
  }

  void badTrainingFlagsAreUsageErrors_data() {
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<QString>("expected");
    QTest::newRow("split") << QStringList{"--split", "80"} << "--split";
    QTest::newRow("tolerance") << QStringList{"--tolerance", "-1"} << "--tolerance";
    QTest::newRow("image format") << QStringList{"--image-format", "gif"} << "--image-format";
    QTest::newRow("resolution") << QStringList{"--davis-resolution", "720p"}
                                << "--davis-resolution";
  }
  void badTrainingFlagsAreUsageErrors() {
    MASKLET_REQUIRE_SHARED(kSavFile);
    QFETCH(QStringList, flags);
    QFETCH(QString, expected);
    const QString input = QString::fromStdString(masklet::test::sharedPath(kSavFile));
    QTemporaryDir dir;
    const Run run =
        runCli(QStringList{"convert", input, dir.filePath("out"), "--to", "yolo"} + flags);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(expected), qPrintable(run.err));
    QVERIFY(!QFileInfo::exists(dir.filePath("out")));
  }
};

MASKLET_TEST_GUILESS_MAIN(TestTrainingConvertCli)
#include "test_training_convert_cli.moc"
