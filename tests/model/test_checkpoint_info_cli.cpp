// `masklet-cli info --checkpoint` end to end: describes a fixture checkpoint (custom model,
// config from its YAML, exact parameter count) and refuses damaged or unmatched files with
// exit code 1 and a message on stderr.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <fstream>

#include "model/checkpoint_reader.h"
#include "shared_data.h"

using namespace masklet;

namespace {

struct CliResult {
  int exitCode = -1;
  QString out;
  QString err;
};

CliResult runCli(const QStringList& arguments) {
  QProcess process;
  process.start(QString::fromStdString(test::binDir() + "/masklet-cli"), arguments);
  CliResult result;
  if (!process.waitForFinished(120000)) {
    process.kill();
    result.err = "masklet-cli did not finish: " + process.errorString();
    return result;
  }
  result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
  result.out = QString::fromUtf8(process.readAllStandardOutput());
  result.err = QString::fromUtf8(process.readAllStandardError());
  return result;
}

}  // namespace

class TestCheckpointInfoCli : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    const QString cli = QString::fromStdString(test::binDir() + "/masklet-cli");
    if (!QFileInfo(cli).isExecutable())
      QSKIP(qPrintable("masklet-cli not built at " + cli + " (set MASKLET_BIN_DIR)"));
  }

  void describesFixtureWithItsConfig_data() {
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("variant");
    QTest::newRow("sam2.1-mini") << "sam2.1-mini"
                                 << "sam2.1";
    QTest::newRow("sam2.0-mini") << "sam2.0-mini"
                                 << "sam2";
  }
  void describesFixtureWithItsConfig() {
    QFETCH(QString, fixture);
    QFETCH(QString, variant);
    const std::string dir = "fixtures/" + fixture.toStdString();
    MASKLET_REQUIRE_SHARED(dir + "/checkpoint.pt");
    const QString checkpoint = QString::fromStdString(test::sharedPath(dir + "/checkpoint.pt"));
    const QString config = QString::fromStdString(test::sharedPath(dir + "/config.yaml"));
    // The expected count: every tensor of the state dict, summed here independently.
    int64_t expectedCount = 0;
    for (const auto& [key, tensor] : model::readStateDict(checkpoint.toStdString()))
      expectedCount += tensor.numel();
    QVERIFY(expectedCount > 0);

    const CliResult result = runCli({"info", "--checkpoint", checkpoint, "--config", config});
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    const QStringList lines = result.out.split('\n');
    QVERIFY2(lines.contains("model: custom"), qPrintable(result.out));
    QVERIFY2(lines.contains("size: custom"), qPrintable(result.out));
    QVERIFY2(lines.contains("variant: " + variant), qPrintable(result.out));
    QVERIFY2(lines.contains("config: " + config), qPrintable(result.out));
    QVERIFY2(result.out.contains(QString("parameters: %1 (").arg(expectedCount)),
             qPrintable(result.out));
    QVERIFY2(result.out.contains("Hiera embed 24"), qPrintable(result.out));
  }

  void fixtureWithoutConfigIsRefused() {
    MASKLET_REQUIRE_SHARED("fixtures/sam2.1-mini/checkpoint.pt");
    const QString checkpoint =
        QString::fromStdString(test::sharedPath("fixtures/sam2.1-mini/checkpoint.pt"));
    const CliResult result = runCli({"info", "--checkpoint", checkpoint});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains("matches no official SAM 2 model"), qPrintable(result.err));
    QVERIFY2(result.err.contains("trunk embed dim 24"), qPrintable(result.err));
    QVERIFY(result.out.isEmpty());
  }

  void corruptFileIsRefused() {
    MASKLET_REQUIRE_SHARED("fixtures/sam2.1-mini/checkpoint.pt");
    const std::string source = test::sharedPath("fixtures/sam2.1-mini/checkpoint.pt");
    std::ifstream in(source, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // Damage the middle of the file and cut its end (the zip directory).
    for (size_t i = bytes.size() / 3; i < bytes.size() / 3 + 4096 && i < bytes.size(); ++i)
      bytes[i] = char(0xA5);
    const QString path = QDir(m_dir.path()).filePath("corrupt.pt");
    std::ofstream(path.toStdString(), std::ios::binary) << bytes.substr(0, bytes.size() * 2 / 3);
    const CliResult result =
        runCli({"info", "--checkpoint", path, "--config",
                QString::fromStdString(test::sharedPath("fixtures/sam2.1-mini/config.yaml"))});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains(path), qPrintable(result.err));
    QVERIFY2(result.err.contains("not a readable PyTorch checkpoint"), qPrintable(result.err));
    QVERIFY(result.out.isEmpty());
  }

  void missingArgumentsAreRefused() {
    CliResult result = runCli({"info", "--checkpoint"});
    QCOMPARE(result.exitCode, 2);  // a usage error (documented exit codes)
    QVERIFY2(result.err.contains("--checkpoint needs a value"), qPrintable(result.err));
    result = runCli({"info", "--checkpoint", "/nonexistent/model.pt"});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains("file not found"), qPrintable(result.err));
  }

 private:
  QTemporaryDir m_dir;
};

MASKLET_TEST_APPLESS_MAIN(TestCheckpointInfoCli)
#include "test_checkpoint_info_cli.moc"
