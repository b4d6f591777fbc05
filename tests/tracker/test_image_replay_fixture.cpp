// `masklet-cli replay` on the image-predictor fixture (session.json "kind": "image_predictor")
// must match every recorded call at the fixture bounds; a session that no longer describes the
// recording must fail, and steps the reference refused must be refused.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <functional>

#include "shared_data.h"

namespace {

const char* kFixture = "fixtures/image-sam2.1-mini";

struct Run {
  int exitCode = -1;
  QString output;
};

Run replay(const QString& dir, const QStringList& extra = {}) {
  QProcess process;
  process.setProcessChannelMode(QProcess::MergedChannels);
  process.start(QString::fromStdString(masklet::test::binDir()) + "/masklet-cli",
                QStringList{"replay", dir} + extra);
  Run run;
  if (!process.waitForFinished(10 * 60 * 1000)) {
    process.kill();
    run.output = "masklet-cli replay did not finish in 10 minutes";
    return run;
  }
  run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
  run.output = QString::fromUtf8(process.readAll());
  return run;
}

QString fixtureDir() {
  return QString::fromStdString(masklet::test::sharedPath(kFixture));
}

QJsonObject fixtureSession() {
  QFile file(fixtureDir() + "/session.json");
  if (!file.open(QIODevice::ReadOnly)) qFatal("cannot read the fixture's session.json");
  return QJsonDocument::fromJson(file.readAll()).object();
}

// A copy of the fixture (links to its big files) with an edited session.json.
bool writeTampered(const QTemporaryDir& tmp, const std::function<void(QJsonArray&)>& edit) {
  for (const char* name : {"checkpoint.pt", "config.yaml", "trace.pt", "images"})
    if (!QFile::link(fixtureDir() + "/" + name, tmp.path() + "/" + name)) return false;
  QJsonObject session = fixtureSession();
  QJsonArray steps = session["steps"].toArray();
  edit(steps);
  session["steps"] = steps;
  QFile out(tmp.path() + "/session.json");
  return out.open(QIODevice::WriteOnly) && out.write(QJsonDocument(session).toJson()) > 0;
}

QJsonObject withValue(QJsonObject object, const QString& key, const QJsonValue& value) {
  object[key] = value;
  return object;
}

}  // namespace

class TestImageReplayFixture : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void init() { MASKLET_REQUIRE_SHARED(kFixture); }

  void replayMatchesRecordedSession_data() {
    QTest::addColumn<QStringList>("extra");
    QTest::newRow("default") << QStringList{};
    QTest::newRow("--precision fp32") << QStringList{"--precision", "fp32"};
  }
  void replayMatchesRecordedSession() {
    QFETCH(QStringList, extra);
    const Run run = replay(fixtureDir(), extra);
    QVERIFY2(run.exitCode == 0, qPrintable(run.output));
    const int steps = fixtureSession()["steps"].toArray().size();
    QVERIFY(steps > 0);
    QVERIFY2(run.output.contains(QString("MATCH %1/%1 steps match").arg(steps)),
             qPrintable(run.output));
    QVERIFY2(!run.output.contains("FAIL"), qPrintable(run.output));
    // Every predict (9 prompted images) is compared on masks, scores and low-res logits; both
    // set_image steps on their model input.
    int predictions = 0, inputs = 0;
    for (const QString& line : run.output.split('\n')) {
      if (!line.startsWith("step ")) continue;
      predictions += line.count("low-res max|d|");
      inputs += line.count("input mean|d|");
    }
    QCOMPARE(predictions, 9);
    QCOMPARE(inputs, 2);
  }

  void replayFailsOnTamperedSession_data() {
    QTest::addColumn<QString>("tamper");
    QTest::newRow("click moved") << "click";
    QTest::newRow("other image") << "image";
    QTest::newRow("multimask off") << "multimask";
    QTest::newRow("box moved") << "box";
    QTest::newRow("refusal expected of a valid step") << "refusal";
  }
  void replayFailsOnTamperedSession() {
    QFETCH(QString, tamper);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QVERIFY(writeTampered(tmp, [&](QJsonArray& steps) {
      if (tamper == "click") {
        steps[1] = withValue(steps[1].toObject(), "points", QJsonArray{QJsonArray{100.0, 300.0}});
      } else if (tamper == "image") {
        steps[0] = withValue(steps[0].toObject(), "image", 1);
      } else if (tamper == "multimask") {
        steps[8] = withValue(steps[8].toObject(), "multimask", false);
      } else if (tamper == "box") {
        steps[4] = withValue(steps[4].toObject(), "box", QJsonArray{150.0, 108.0, 448.0, 288.0});
      } else {
        steps[3] = withValue(steps[3].toObject(), "expect_error", "made up");
      }
    }));
    const Run run = replay(tmp.path());
    QVERIFY2(run.exitCode == 1, qPrintable(run.output));
    QVERIFY2(run.output.contains("MISMATCH") && run.output.contains("FAIL"),
             qPrintable(run.output));
  }

  // Calls the reference refuses (points without labels, a batch call on a single image, too
  // few batch prompts), appended as expect_error steps: Masklet refuses them too and the rest
  // of the session still matches.
  void refusedStepsAreRefused() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    int steps = 0;
    QVERIFY(writeTampered(tmp, [&](QJsonArray& list) {
      list.append(QJsonObject{{"op", "predict"},
                              {"points", QJsonArray{QJsonArray{10.0, 10.0}}},
                              {"expect_error", "point_labels must be supplied"}});
      list.append(QJsonObject{{"op", "predict_batch"},
                              {"points", QJsonArray{QJsonArray{QJsonArray{10.0, 10.0}}}},
                              {"labels", QJsonArray{QJsonArray{1}}},
                              {"expect_error", "list index out of range"}});
      list.append(QJsonObject{{"op", "set_image"}, {"image", 0}});
      list.append(QJsonObject{{"op", "predict_batch"},
                              {"points", QJsonArray{QJsonArray{QJsonArray{10.0, 10.0}}}},
                              {"labels", QJsonArray{QJsonArray{1}}},
                              {"expect_error", "only in batched mode"}});
      steps = list.size();
    }));
    const Run run = replay(tmp.path());
    // The appended set_image has no recording: it is the one step that cannot match.
    QVERIFY2(run.output.contains(QString("MISMATCH %1/%2").arg(steps - 1).arg(steps)),
             qPrintable(run.output));
    QCOMPARE(run.output.count("refused as the reference"), 3);
  }

  void unknownPrecisionIsRefusedWithOneLine() {
    const Run run = replay(fixtureDir(), {"--precision", "fp64"});
    QCOMPARE(run.exitCode, 2);  // a value that is never valid is a usage error (README)
    QCOMPARE(run.output.trimmed().count('\n'), 0);
  }
};

MASKLET_TEST_GUILESS_MAIN(TestImageReplayFixture)
#include "test_image_replay_fixture.moc"
