// masklet-cli --help lists every subcommand; unknown commands fail with a clear message.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QProcess>

#include "shared_data.h"

class TestCliHelp : public QObject {
  Q_OBJECT

 private:
  static QString cli() { return QString::fromStdString(masklet::test::binDir()) + "/masklet-cli"; }

 private Q_SLOTS:
  void helpListsSubcommands_data() {
    QTest::addColumn<QString>("command");
    QTest::newRow("info") << "info";
    QTest::newRow("bench") << "bench";
  }

  void helpListsSubcommands() {
    QFETCH(QString, command);
    QProcess process;
    process.start(cli(), {"--help"});
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 0);
    const QString output = QString::fromUtf8(process.readAllStandardOutput());
    QVERIFY2(output.contains("\n  " + command + " "), qPrintable(output));
  }

  void unknownCommandFails() {
    QProcess process;
    process.start(cli(), {"frobnicate"});
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(QString::fromUtf8(process.readAllStandardError()).contains("unknown command"));
  }
};

MASKLET_TEST_APPLESS_MAIN(TestCliHelp)
#include "test_cli_help.moc"
