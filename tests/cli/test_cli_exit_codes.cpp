// masklet-cli's error guard: refused input exits 1 with the reader's one line, wrong arguments
// exit 2, and any other failure (a LibTorch check, a bug) exits 3 with one line "internal
// error: ..." on stderr while the full text, backtrace included, goes to the log file.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <c10/util/Exception.h>
#include <QProcess>
#include <QTemporaryDir>
#include <sstream>
#include <stdexcept>

#include "cli/shared/command_guard.h"
#include "common/error.h"
#include "common/error_log.h"
#include "shared_data.h"

namespace {

struct Run {
  int exitCode = -1;
  QString err;
};

int throwTorchCheck(const std::vector<std::string>&) {
  TORCH_CHECK(false, "shape mismatch in the fuzzed layer");
  return 0;
}
int throwLogicError(const std::vector<std::string>&) {
  throw std::logic_error("vector index out of range\nsecond line");
}
int throwRefusal(const std::vector<std::string>&) {
  throw masklet::Error("'x.pt' is not a readable PyTorch checkpoint: it is not a zip archive");
}
int throwUsage(const std::vector<std::string>&) {
  throw masklet::cli::UsageError("--frames needs a value");
}

QString readLog() {
  QFile log(QString::fromStdString(masklet::logPath()));
  return log.open(QIODevice::ReadOnly) ? QString::fromUtf8(log.readAll()) : QString();
}

}  // namespace

class TestCliExitCodes : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_state.isValid());
    qputenv("XDG_STATE_HOME", m_state.path().toUtf8());
  }

  void logGoesUnderXdgStateHome() {
    QCOMPARE(QString::fromStdString(masklet::logPath()), m_state.path() + "/masklet/masklet.log");
  }

  void torchErrorIsOneInternalLineAndTheBacktraceIsLogged() {
    std::ostringstream err;
    const masklet::cli::Command command{"segment", "", "", &throwTorchCheck};
    QCOMPARE(masklet::cli::runGuarded(command, {}, err), masklet::cli::kExitInternal);
    const QString text = QString::fromStdString(err.str());
    QCOMPARE(text.count('\n'), 1);
    QVERIFY2(text.startsWith("masklet-cli segment: internal error: shape mismatch in the fuzzed "
                             "layer (details in "),
             qPrintable(text));
    QVERIFY2(!text.contains("Exception raised from"), qPrintable(text));
    const QString log = readLog();
    QVERIFY2(log.contains("shape mismatch in the fuzzed layer"), qPrintable(log));
    QVERIFY2(log.contains("Exception raised from"), qPrintable(log));  // c10's backtrace
  }

  void otherExceptionIsItsFirstLine() {
    std::ostringstream err;
    const masklet::cli::Command command{"convert", "", "", &throwLogicError};
    QCOMPARE(masklet::cli::runGuarded(command, {}, err), masklet::cli::kExitInternal);
    const QString text = QString::fromStdString(err.str());
    QCOMPARE(text.count('\n'), 1);
    QVERIFY2(text.startsWith("masklet-cli convert: internal error: vector index out of range"),
             qPrintable(text));
    QVERIFY2(readLog().contains("second line"), qPrintable(readLog()));
  }

  void refusalAndUsageCodes() {
    std::ostringstream refused, usage;
    QCOMPARE(masklet::cli::runGuarded({"info", "", "", &throwRefusal}, {}, refused),
             masklet::cli::kExitRefused);
    QCOMPARE(QString::fromStdString(refused.str()),
             QString("masklet-cli info: error: 'x.pt' is not a readable PyTorch checkpoint: it is "
                     "not a zip archive\n"));
    QCOMPARE(masklet::cli::runGuarded({"frame-hash", "", "", &throwUsage}, {}, usage),
             masklet::cli::kExitUsage);
    QCOMPARE(QString::fromStdString(usage.str()),
             QString("masklet-cli frame-hash: usage error: --frames needs a value (see "
                     "masklet-cli frame-hash --help)\n"));
  }

  void userMessageKeepsErrorsAndShortensTheRest() {
    QCOMPARE(masklet::userMessage(masklet::Error("bad prompt")), std::string("bad prompt"));
    QCOMPARE(masklet::userMessage(std::runtime_error("\n  boom  \nmore")),
             std::string("internal error: boom"));
  }

  // The binary: a hostile checkpoint is refused (exit 1), wrong arguments are usage errors.
  void binaryExitCodes_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("expected");
    const QString random = m_state.filePath("random.pt");
    QFile file(random);
    if (file.open(QIODevice::WriteOnly)) file.write(QByteArray(512, '\x11'));
    QTest::newRow("not a checkpoint")
        << QStringList{"info", "--checkpoint", random} << 1
        << "masklet-cli info: error: '" + random +
               "' is not a readable PyTorch checkpoint: it is not a zip archive";
    QTest::newRow("option without value") << QStringList{"info", "--checkpoint"} << 2
                                          << "masklet-cli info: usage error: --checkpoint needs "
                                             "a value";
    QTest::newRow("unknown option") << QStringList{"frame-hash", "v.mp4", "--fast"} << 2
                                    << "masklet-cli frame-hash: usage error: unexpected argument";
    QTest::newRow("unknown command")
        << QStringList{"frobnicate"} << 2 << "masklet-cli: unknown command 'frobnicate'";
  }
  void binaryExitCodes() {
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, expected);
    const Run run = runCli(args);
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(run.err.startsWith(expected), qPrintable(run.err));
    QCOMPARE(run.err.count('\n'), 1);
  }

  // A bad option value is a usage error (2) in every command, whatever parses it; the files
  // named next to it need not exist, the value is refused first. (frame-hash's --frames is
  // checked against its video: test_cli_frame_hash_and_info.)
  void badOptionValuesAreUsageErrors_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    const QStringList segment{"segment", "--images", "a.png",        "--prompts", "p.json",
                              "--out",   "o",        "--checkpoint", "c.pt"};
    const QStringList track{"track",  "--video", "v.mp4",  "--checkpoint", "c.pt", "--prompts",
                            "p.json", "--out",   "o.json", "--format",     "coco"};
    QTest::newRow("segment --format") << (segment + QStringList{"--format", "yolo"})
                                      << "masklet-cli segment: usage error: --format must be "
                                         "sa1b or coco, got 'yolo'";
    QTest::newRow("segment --precision")
        << (segment + QStringList{"--precision", "fp16"})
        << "masklet-cli segment: usage error: --precision: precision 'fp16' is not known";
    QTest::newRow("track --format") << (track + QStringList{"--format", "voc"})
                                    << "masklet-cli track: usage error: --format: unknown format";
    QTest::newRow("track --precision") << (track + QStringList{"--precision", "fp16"})
                                       << "masklet-cli track: usage error: --precision";
    QTest::newRow("track --threads") << (track + QStringList{"--threads", "-3"})
                                     << "masklet-cli track: usage error: --threads needs a whole "
                                        "number, got '-3'";
    QTest::newRow("track --frames") << (track + QStringList{"--frames", "a-b"})
                                    << "masklet-cli track: usage error: --frames needs a whole "
                                       "number, got 'a'";
    QTest::newRow("batch --jobs") << QStringList{"batch", "m.jsonl", "--out", "o", "--jobs", "0"}
                                  << "masklet-cli batch: usage error: --jobs needs a whole "
                                     "number of at least 1, got '0'";
    QTest::newRow("batch --format")
        << QStringList{"batch", "m.jsonl", "--out", "o", "--format", "voc"}
        << "masklet-cli batch: usage error: --format: unknown format";
    QTest::newRow("batch --precision")
        << QStringList{"batch", "m.jsonl", "--out", "o", "--precision", "x"}
        << "masklet-cli batch: usage error: --precision: precision 'x' is not known";
    QTest::newRow("preprocess --mode")
        << QStringList{"preprocess", "x.png", "--size", "64", "--mode", "fast", "--out", "o.png"}
        << "masklet-cli preprocess: usage error: --mode must be video or image";
    QTest::newRow("preprocess --size")
        << QStringList{"preprocess", "x.png", "--size", "big", "--mode", "video", "--out", "o.png"}
        << "masklet-cli preprocess: usage error: --size needs a whole number";
    QTest::newRow("convert --to") << QStringList{"convert", "in.json", "out.json", "--to", "voc"}
                                  << "masklet-cli convert: usage error: --to: unknown format "
                                     "'voc'";
    QTest::newRow("convert --from")
        << QStringList{"convert", "in.json", "out.json", "--to", "coco", "--from", "voc"}
        << "masklet-cli convert: usage error: --from: unknown format 'voc'";
    QTest::newRow("convert --stride")
        << QStringList{"convert", "in.json", "out.json", "--to", "sav", "--stride", "0"}
        << "masklet-cli convert: usage error: --stride needs a whole number of at least 1";
    QTest::newRow("convert --png-layout")
        << QStringList{"convert", "in.json", "out", "--to", "png", "--png-layout", "flat"}
        << "masklet-cli convert: usage error: --png-layout must be auto, davis or per-object";
    QTest::newRow("info --precision")
        << QStringList{"info", "--checkpoint", "c.pt", "--precision", "fp16"}
        << "masklet-cli info: usage error: --precision: precision 'fp16' is not known";
    QTest::newRow("replay --precision")
        << QStringList{"replay", "fixture", "--precision", "fp16"}
        << "masklet-cli replay: usage error: --precision: precision 'fp16' is not known";
    QTest::newRow("bench --random") << QStringList{"bench", "decode", "v.mp4", "--random", "x"}
                                    << "masklet-cli bench: usage error: --random: 'x' is not a "
                                       "positive integer";
    QTest::newRow("bench --precision")
        << QStringList{"bench", "session", "--video", "v.mp4", "--precision", "fp16"}
        << "masklet-cli bench: usage error: --precision: precision 'fp16' is not known";
  }
  void badOptionValuesAreUsageErrors() {
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    const Run run = runCli(args);
    QVERIFY2(run.exitCode == masklet::cli::kExitUsage,
             qPrintable(QString("exit %1: %2").arg(run.exitCode).arg(run.err)));
    QVERIFY2(run.err.startsWith(expected), qPrintable(run.err));
    QCOMPARE(run.err.count('\n'), 1);
  }

  void helpDocumentsTheExitCodes() {
    QProcess process;
    process.start(cli(), {"--help"});
    QVERIFY(process.waitForFinished(30000));
    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    QVERIFY2(out.contains("Exit codes: 0 success, 1 input refused"), qPrintable(out));
    QVERIFY2(out.contains("2 usage error"), qPrintable(out));
    QVERIFY2(out.contains("3 internal error"), qPrintable(out));
  }

 private:
  static QString cli() { return QString::fromStdString(masklet::test::binDir()) + "/masklet-cli"; }
  Run runCli(const QStringList& args) {
    QProcess process;
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert("XDG_STATE_HOME", m_state.path());
    process.setProcessEnvironment(env);
    process.start(cli(), args);
    Run run;
    if (!process.waitForFinished(120000)) return run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
  }

  QTemporaryDir m_state;
};

MASKLET_TEST_APPLESS_MAIN(TestCliExitCodes)
#include "test_cli_exit_codes.moc"
