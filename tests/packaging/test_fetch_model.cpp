// models/fetch-model.sh: verification and failure paths, exercised offline with local files
// (curl reads file:// URLs), through a registry file of the test's own.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>

#include "shared_data.h"

class TestFetchModel : public QObject {
  Q_OBJECT

 private:
  struct Run {
    int exitCode = -1;
    QString output;
  };

  QString script() const {
    return QString::fromStdString(masklet::test::sourceDir()) + "/models/fetch-model.sh";
  }

  // Writes a one-entry registry pointing at `source` with the given SHA-256 and size.
  QString writeRegistry(const QTemporaryDir& dir, const QString& source, const QString& sha,
                        const QString& size) {
    const QString path = dir.filePath("registry.tsv");
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return {};
    file.write(QString("# name\tfile\turl\tsha256\tsize_bytes\tconfig\n"
                       "test_model\ttest_model.pt\tfile://%1\t%2\t%3\tconfigs/test.yaml\n")
                   .arg(source, sha, size)
                   .toUtf8());
    return path;
  }

  Run runScript(const QStringList& args, const QString& registry, const QString& destination) {
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("MASKLET_MODEL_REGISTRY", registry);
    env.insert("MASKLET_MODEL_DIR", destination);
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start("bash", QStringList{script()} + args);
    process.waitForFinished(60000);
    return {process.exitCode(), QString::fromUtf8(process.readAll())};
  }

  static QString sha256Of(const QByteArray& bytes) {
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
  }

 private Q_SLOTS:
  void installsAFileWhoseChecksumMatches() {
    QTemporaryDir dir;
    const QByteArray payload(4096, 'x');
    QFile source(dir.filePath("source.pt"));
    QVERIFY(source.open(QIODevice::WriteOnly));
    source.write(payload);
    source.close();
    const QString registry =
        writeRegistry(dir, source.fileName(), sha256Of(payload), QString::number(payload.size()));
    const Run run = runScript({"test_model"}, registry, dir.filePath("models"));
    QVERIFY2(run.exitCode == 0, qPrintable(run.output));
    QFile installed(dir.filePath("models/test_model.pt"));
    QVERIFY(installed.open(QIODevice::ReadOnly));
    QCOMPARE(installed.readAll(), payload);
    // A second run finds the verified file and does not download again.
    const Run again = runScript({"test_model"}, registry, dir.filePath("models"));
    QCOMPARE(again.exitCode, 0);
    QVERIFY(again.output.contains("already present and verified"));
  }

  void refusesAFileWithAWrongChecksum() {
    QTemporaryDir dir;
    const QByteArray payload(1000, 'y');
    QFile source(dir.filePath("source.pt"));
    QVERIFY(source.open(QIODevice::WriteOnly));
    source.write(payload);
    source.close();
    const QString wrongSha = sha256Of("something else");
    const QString registry = writeRegistry(dir, source.fileName(), wrongSha, "-");
    const Run run = runScript({"test_model"}, registry, dir.filePath("models"));
    QVERIFY(run.exitCode != 0);
    QVERIFY2(run.output.contains("SHA-256 mismatch"), qPrintable(run.output));
    QVERIFY(!QFile::exists(dir.filePath("models/test_model.pt")));
  }

  void reportsAFailedDownloadClearly() {
    QTemporaryDir dir;
    const QString registry =
        writeRegistry(dir, dir.filePath("does-not-exist.pt"), sha256Of("x"), "-");
    const Run run = runScript({"test_model"}, registry, dir.filePath("models"));
    QVERIFY(run.exitCode != 0);
    QVERIFY2(run.output.contains("download of") && run.output.contains("failed"),
             qPrintable(run.output));
  }

  // EdgeTAM's authors publish no SHA-256 (registry: "unpublished"): the file is installed, and
  // the script says it could not verify it and prints the SHA-256 of what it downloaded.
  void installsAModelWithoutPublishedChecksumUnverified() {
    QTemporaryDir dir;
    const QByteArray payload = QByteArray("PK\x03\x04") + QByteArray(2048, 'z');  // a zip header
    QFile source(dir.filePath("edgetam-source.pt"));
    QVERIFY(source.open(QIODevice::WriteOnly));
    source.write(payload);
    source.close();
    const QString registry = writeRegistry(dir, source.fileName(), "unpublished", "-");
    const Run run = runScript({"test_model"}, registry, dir.filePath("models"));
    QVERIFY2(run.exitCode == 0, qPrintable(run.output));
    QVERIFY2(run.output.contains("NOT verified"), qPrintable(run.output));
    QVERIFY2(run.output.contains("could not verify test_model.pt"), qPrintable(run.output));
    QVERIFY2(run.output.contains("publish no SHA-256"), qPrintable(run.output));
    QVERIFY2(run.output.contains(sha256Of(payload)), qPrintable(run.output));
    QFile installed(dir.filePath("models/test_model.pt"));
    QVERIFY(installed.open(QIODevice::ReadOnly));
    QCOMPARE(installed.readAll(), payload);
    // Run again: present, still not verifiable, not downloaded again.
    const Run again = runScript({"test_model"}, registry, dir.filePath("models"));
    QCOMPARE(again.exitCode, 0);
    QVERIFY2(again.output.contains("already present (not verified)"), qPrintable(again.output));
    QVERIFY2(!again.output.contains("Downloading"), qPrintable(again.output));
    QVERIFY2(again.output.contains(sha256Of(payload)), qPrintable(again.output));
    // --list says which models cannot be verified.
    const Run list = runScript({"--list"}, registry, dir.filePath("models"));
    QCOMPARE(list.exitCode, 0);
    QVERIFY2(list.output.contains("no published SHA-256"), qPrintable(list.output));
  }

  // Without a checksum, the least a download must be is a torch.save zip: an HTML error page
  // or a Git LFS pointer is not installed.
  void refusesAnUnverifiableDownloadThatIsNoCheckpoint() {
    QTemporaryDir dir;
    QFile source(dir.filePath("page.html"));
    QVERIFY(source.open(QIODevice::WriteOnly));
    source.write("<!DOCTYPE html><html>not found</html>\n");
    source.close();
    const QString registry = writeRegistry(dir, source.fileName(), "unpublished", "-");
    const Run run = runScript({"test_model"}, registry, dir.filePath("models"));
    QVERIFY(run.exitCode != 0);
    QVERIFY2(run.output.contains("not a PyTorch checkpoint"), qPrintable(run.output));
    QVERIFY(!QFile::exists(dir.filePath("models/test_model.pt")));
  }

  void refusesAnUnknownModelName() {
    QTemporaryDir dir;
    const QString registry = writeRegistry(dir, "/dev/null", sha256Of(""), "-");
    const Run run = runScript({"sam3_giant"}, registry, dir.filePath("models"));
    QVERIFY(run.exitCode != 0);
    QVERIFY2(run.output.contains("unknown model 'sam3_giant'"), qPrintable(run.output));
  }

  // What the .deb installs (`cmake --install` of this build): bin/masklet-fetch-model finds
  // the registry installed under share/masklet/models and lists the models.
  void installedScriptFindsItsRegistry() {
    QTemporaryDir prefix;
    const QString buildDir = QString::fromStdString(masklet::test::binDir()) + "/..";
    QProcess install;
    install.setProcessChannelMode(QProcess::MergedChannels);
    install.start("cmake", {"--install", buildDir, "--prefix", prefix.path()});
    QVERIFY(install.waitForFinished(120000));
    QVERIFY2(install.exitCode() == 0, install.readAll().constData());
    QVERIFY(QFileInfo(prefix.filePath("share/masklet/models/registry.tsv")).isReadable());
    QProcess list;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove("MASKLET_MODEL_REGISTRY");
    env.insert("MASKLET_MODEL_DIR", prefix.filePath("models"));
    list.setProcessEnvironment(env);
    list.setProcessChannelMode(QProcess::MergedChannels);
    list.start(prefix.filePath("bin/masklet-fetch-model"), {"--list"});
    QVERIFY(list.waitForFinished(60000));
    const QString output = QString::fromUtf8(list.readAll());
    QVERIFY2(list.exitCode() == 0, qPrintable(output));
    QVERIFY2(output.contains("edgetam") && output.contains("sam2.1_hiera_tiny"),
             qPrintable(output));
  }

  // The eight SAM 2 / 2.1 checkpoints with their SHA-256, and EdgeTAM: the file of its git
  // repository (pinned to a commit) with no published SHA-256.
  void shippedRegistryListsTheOfficialCheckpoints() {
    QFile registry(QString::fromStdString(masklet::test::sourceDir()) + "/models/registry.tsv");
    QVERIFY(registry.open(QIODevice::ReadOnly));
    int sam2Entries = 0;
    int edgetamEntries = 0;
    for (const QByteArray& line : registry.readAll().split('\n')) {
      if (line.isEmpty() || line.startsWith('#')) continue;
      const QList<QByteArray> fields = line.split('\t');
      QCOMPARE(fields.size(), 6);
      QVERIFY2(fields[2].endsWith("/" + fields[1]), fields[2].constData());
      if (fields[0] == "edgetam") {
        QCOMPARE(fields[1], QByteArray("edgetam.pt"));
        QVERIFY2(fields[2].startsWith("https://github.com/facebookresearch/EdgeTAM/raw/"),
                 fields[2].constData());
        QVERIFY2(fields[2].endsWith("/checkpoints/edgetam.pt"), fields[2].constData());
        QCOMPARE(fields[3], QByteArray("unpublished"));
        QCOMPARE(fields[5], QByteArray("configs/edgetam.yaml"));
        ++edgetamEntries;
        continue;
      }
      QVERIFY2(fields[2].startsWith("https://dl.fbaipublicfiles.com/segment_anything_2/"),
               fields[2].constData());
      QCOMPARE(fields[3].size(), 64);  // SHA-256 hex
      ++sam2Entries;
    }
    QCOMPARE(sam2Entries, 8);
    QCOMPARE(edgetamEntries, 1);
  }
};

MASKLET_TEST_APPLESS_MAIN(TestFetchModel)
#include "test_fetch_model.moc"
