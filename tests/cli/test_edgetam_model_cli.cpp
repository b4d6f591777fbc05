// EdgeTAM from the command line: `info --checkpoint` tells an EdgeTAM checkpoint (the shrunk
// fixture: a custom model of the EdgeTAM family, with its YAML; refused without it, saying what
// it saw), and `--model edgetam` names an installed EdgeTAM like any official model: `track`
// finds edgetam.pt in the model folder and tracks with it, `bench` builds the built-in edgetam
// geometry, and an unknown name lists edgetam among the official ones.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include "child_process.h"
#include "shared_data.h"

namespace {

struct Run {
  int exitCode = -1;
  QString out, err;
};

Run runCli(const QStringList& args) {
  masklet::test::ChildProcess process;
  Run run;
  if (!process.start(QString::fromStdString(masklet::test::binDir()) + "/masklet-cli", args)) {
    run.err = "masklet-cli could not be started";
    return run;
  }
  if (!process.waitForFinished(10 * 60 * 1000)) {
    run.err = "masklet-cli did not finish";
    return run;
  }
  run.exitCode = process.exitCode();
  run.out = QString::fromUtf8(process.readStdout());
  run.err = QString::fromUtf8(process.readStderr());
  return run;
}

QString fixture(const QString& file) {
  return QString::fromStdString(masklet::test::sharedPath("fixtures/edgetam-mini/")) + file;
}

}  // namespace

class TestEdgetamModelCli : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  QString m_models;

 private Q_SLOTS:
  void initTestCase() {
    const QString cli = QString::fromStdString(masklet::test::binDir()) + "/masklet-cli";
    if (!QFileInfo(cli).isExecutable())
      QSKIP(qPrintable("masklet-cli not built at " + cli + " (set MASKLET_BIN_DIR)"));
    MASKLET_REQUIRE_SHARED("fixtures/edgetam-mini/checkpoint.pt");
    QVERIFY(m_dir.isValid());
    // An installed "edgetam": the fixture's weights with their YAML, in a model folder; the
    // user's own folders point into the test's directory.
    m_models = m_dir.filePath("models");
    QVERIFY(QDir().mkpath(m_models));
    QVERIFY(QFile::copy(fixture("checkpoint.pt"), m_models + "/edgetam.pt"));
    QVERIFY(QFile::copy(fixture("config.yaml"), m_models + "/edgetam.yaml"));
    qputenv("XDG_DATA_HOME", m_dir.filePath("data").toUtf8());
    qputenv("XDG_STATE_HOME", m_dir.filePath("state").toUtf8());
    qputenv("XDG_CACHE_HOME", m_dir.filePath("cache").toUtf8());
    qputenv("MASKLET_MODEL_DIR", m_models.toUtf8());
  }

  void infoTellsACustomEdgetam() {
    const Run run = runCli({"info", "--checkpoint", fixture("checkpoint.pt"), "--config",
                            fixture("config.yaml"), "--precision", "fp32"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QStringList lines = run.out.split('\n');
    QVERIFY2(lines.contains("model: custom"), qPrintable(run.out));
    QVERIFY2(lines.contains("variant: edgetam"), qPrintable(run.out));
    QVERIFY2(lines.contains("size: custom"), qPrintable(run.out));
  }

  void infoRefusesEdgetamWeightsWithoutTheirConfig() {
    const QString bare = m_dir.filePath("bare.pt");
    QVERIFY(QFile::copy(fixture("checkpoint.pt"), bare));
    const Run run = runCli({"info", "--checkpoint", bare});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("matches no official EdgeTAM model"), qPrintable(run.err));
    QVERIFY2(run.err.contains("EdgeTAM keys (RepViT trunk, spatial perceiver)"),
             qPrintable(run.err));
    QVERIFY2(run.err.contains("--config"), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
  }

  void trackFindsModelEdgetam() {
    MASKLET_REQUIRE_SHARED("media/01_dog.mp4");
    const QString video = QString::fromStdString(masklet::test::sharedPath("media/01_dog.mp4"));
    const QString prompts = m_dir.filePath("prompts.json");
    QFile file(prompts);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"([{"op": "points", "frame": 0, "obj": 1, "points": [[640, 360]], "labels": [1]},
                   {"op": "propagate"}])");
    file.close();
    const QString out = m_dir.filePath("dog.coco.json");
    const Run run =
        runCli({"track", "--video", video, "--model", "edgetam", "--prompts", prompts, "--out", out,
                "--format", "coco", "--frames", "0-2", "--precision", "fp32", "--quiet"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QFile result(out);
    QVERIFY(result.open(QIODevice::ReadOnly));
    const QJsonObject coco = QJsonDocument::fromJson(result.readAll()).object();
    QCOMPARE(coco["images"].toArray().size(), 3);
    QCOMPARE(coco["annotations"].toArray().size(), 3);  // object 1 on frames 0-2
  }

  void modelNamesListEdgetam() {
    // bench builds official geometries by name: edgetam is one, others are listed.
    const Run run = runCli({"bench", "session", "--model", "sam3_hiera_giant", "--random-weights",
                            "--video", "v.mp4"});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("is not an official model name") && run.err.contains("edgetam"),
             qPrintable(run.err));
  }

  void benchBuildsTheEdgetamGeometry() {
    MASKLET_REQUIRE_SHARED("media/01_dog.mp4");
    const QString video = QString::fromStdString(masklet::test::sharedPath("media/01_dog.mp4"));
    const Run run = runCli({"bench", "session", "--model", "edgetam", "--random-weights", "--video",
                            video, "--frames", "2", "--precision", "fp32", "--json"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains("\"edgetam\""), qPrintable(run.out));
  }
};

MASKLET_TEST_APPLESS_MAIN(TestEdgetamModelCli)
#include "test_edgetam_model_cli.moc"
