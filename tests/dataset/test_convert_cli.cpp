// masklet-cli convert end to end on the real SA-V file: to every format and back to SA-V,
// with every mask's compressed counts and every masklet id unchanged.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <fstream>
#include <sstream>

#include "dataset/json_util.h"
#include "shared_data.h"

using masklet::dataset::Json;
using masklet::dataset::readJsonFile;

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

std::string fileBytes(const QString& path) {
  std::ifstream in(path.toStdString(), std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

class TestConvertCli : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    const QString cli = QString::fromStdString(masklet::test::binDir() + "/masklet-cli");
    if (!QFileInfo::exists(cli))
      QFAIL(qPrintable("needs " + cli + " (build the masklet-cli target first)"));
  }

  void savToEveryFormatAndBack_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("outName");
    QTest::addColumn<bool>("wholeFileIdentical");
    QTest::newRow("coco") << "coco"
                          << "sav.coco.json" << true;  // COCO carries every field
    QTest::newRow("sa1b") << "sa1b"
                          << "sav_sa1b" << false;
    QTest::newRow("png") << "png"
                         << "sav_png" << false;
    QTest::newRow("sav") << "sav"
                         << "copy.json" << true;
  }
  void savToEveryFormatAndBack() {
    MASKLET_REQUIRE_SHARED(kSavFile);
    QFETCH(QString, format);
    QFETCH(QString, outName);
    QFETCH(bool, wholeFileIdentical);
    const QString input = QString::fromStdString(masklet::test::sharedPath(kSavFile));
    QTemporaryDir dir;
    const QString converted = dir.filePath(outName), back = dir.filePath("back.json");
    const Run there = runCli({"convert", input, converted, "--to", format});
    QVERIFY2(there.exitCode == 0, qPrintable(there.err));
    QVERIFY(QFileInfo::exists(converted));
    const Run again = runCli({"convert", converted, back, "--to", "sav"});
    QVERIFY2(again.exitCode == 0, qPrintable(again.err));
    QVERIFY2(again.out.contains("read " + format), qPrintable(again.out));  // detected

    const Json original = readJsonFile(input.toStdString());
    const Json result = readJsonFile(back.toStdString());
    QCOMPARE(result["masklet"].size(), std::size_t(121));
    for (std::size_t f = 0; f < 121; ++f)
      for (std::size_t o = 0; o < 5; ++o)
        if (result["masklet"][f][o] != original["masklet"][f][o])
          QFAIL(qPrintable(QString("masklet[%1][%2] differs after %3").arg(f).arg(o).arg(format)));
    // The statistics that follow from the masks and the ids come back in every format.
    for (const char* key :
         {"masklet_id", "masklet_size_rel", "masklet_size_abs", "masklet_size_bucket",
          "masklet_visibility_changes", "masklet_first_appeared_frame", "masklet_frame_count",
          "masklet_num", "video_height", "video_width"})
      QVERIFY2(masklet::dataset::dumpJson(result[key]) == masklet::dataset::dumpJson(original[key]),
               key);
    if (wholeFileIdentical) QVERIFY(fileBytes(back) == fileBytes(input));
  }

  void pngOfOverlappingObjectsUsesThePerObjectLayout() {
    MASKLET_REQUIRE_SHARED(kSavFile);
    QTemporaryDir dir;
    const QString input = QString::fromStdString(masklet::test::sharedPath(kSavFile));
    const Run run = runCli({"convert", input, dir.filePath("png"), "--to", "png"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains("per-object"), qPrintable(run.out));
    QVERIFY(QFileInfo::exists(dir.filePath("png/003/00480.png")));
    const Run davis =
        runCli({"convert", input, dir.filePath("davis"), "--to", "png", "--png-layout", "davis"});
    QCOMPARE(davis.exitCode, 1);
    QVERIFY2(davis.err.contains("overlap") || davis.err.contains("object id 0"),
             qPrintable(davis.err));
    QVERIFY(!QFileInfo::exists(dir.filePath("davis")));
  }

  void badInputFailsWithThePlaceAndWritesNothing() {
    QTemporaryDir dir;
    const QString input = dir.filePath("broken.json"), output = dir.filePath("out.json");
    std::ofstream(input.toStdString())
        << R"({"video_height": 2, "video_width": 3, "masklet_id": [7],
               "masklet": [[{"size": [2, 3], "counts": "1Y"}]]})";
    const Run run = runCli({"convert", input, output, "--to", "coco"});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("broken.json: masklet[0][0]"), qPrintable(run.err));
    QVERIFY(!QFileInfo::exists(output));
    const Run usage = runCli({"convert", input});
    QCOMPARE(usage.exitCode, 2);
    const Run format = runCli({"convert", input, output, "--to", "voc"});
    QCOMPARE(format.exitCode, 2);  // a bad option value is a usage error
    QVERIFY2(format.err.contains("unknown format 'voc'"), qPrintable(format.err));
  }
};

MASKLET_TEST_APPLESS_MAIN(TestConvertCli)
#include "test_convert_cli.moc"
