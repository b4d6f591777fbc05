// `masklet-cli replay` re-runs each recorded official SAM 2 session in ../shared/fixtures (the
// EdgeTAM one too) and must match every step; a tampered session (its recording no longer fits)
// must fail, and the mask comparison itself must reject a flipped or perturbed mask.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include "model/checkpoint_reader.h"
#include "shared_data.h"
#include "tracker/video_session_compare.h"

namespace {

QString cli() {
  return QString::fromStdString(masklet::test::binDir()) + "/masklet-cli";
}

struct Run {
  int exitCode = -1;
  QString output;
};

Run replay(const QString& dir) {
  QProcess process;
  process.setProcessChannelMode(QProcess::MergedChannels);
  process.start(cli(), {"replay", dir});
  Run run;
  if (!process.waitForFinished(15 * 60 * 1000)) {
    process.kill();
    run.output = "masklet-cli replay did not finish in 15 minutes";
    return run;
  }
  run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
  run.output = QString::fromUtf8(process.readAll());
  return run;
}

}  // namespace

class TestReplayFixtures : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void replayMatchesRecordedSession_data() {
    QTest::addColumn<QString>("fixture");
    QTest::newRow("sam2.1-mini") << "fixtures/sam2.1-mini";
    QTest::newRow("sam2.0-mini") << "fixtures/sam2.0-mini";
    QTest::newRow("sam2.1-mini-correct-as-cond") << "fixtures/sam2.1-mini-correct-as-cond";
    // EdgeTAM's model in the same predictor: perceiver latents as memories, at the same bound.
    QTest::newRow("edgetam-mini") << "fixtures/edgetam-mini";
  }

  void replayMatchesRecordedSession() {
    QFETCH(QString, fixture);
    MASKLET_REQUIRE_SHARED(fixture.toStdString());
    const auto dir = QString::fromStdString(masklet::test::sharedPath(fixture.toStdString()));
    const Run run = replay(dir);
    QVERIFY2(run.exitCode == 0, qPrintable(run.output));
    QVERIFY2(run.output.contains("MATCH ") && !run.output.contains("FAIL"), qPrintable(run.output));
    // One line per step plus the summary.
    QFile sessionFile(dir + "/session.json");
    QVERIFY(sessionFile.open(QIODevice::ReadOnly));
    const int steps = QJsonDocument::fromJson(sessionFile.readAll())["steps"].toArray().size();
    QVERIFY(steps > 0);
    QVERIFY2(run.output.contains(QString("%1/%1 steps match").arg(steps)), qPrintable(run.output));
  }

  // A copy of sam2.1-mini whose session.json no longer describes what trace.pt recorded must
  // fail: this is what makes the passing replays above mean something.
  void replayFailsOnTamperedSession_data() {
    QTest::addColumn<QString>("tamper");
    QTest::newRow("click moved") << "click";
    QTest::newRow("propagation reversed") << "reverse";
    QTest::newRow("refusal expected") << "refusal";
    QTest::newRow("object id changed") << "object";
    // The recording fills holes up to 8 pixels: without it the masks must no longer match.
    QTest::newRow("holes not filled") << "nofill";
  }

  void replayFailsOnTamperedSession() {
    QFETCH(QString, tamper);
    MASKLET_REQUIRE_SHARED("fixtures/sam2.1-mini");
    const QString source =
        QString::fromStdString(masklet::test::sharedPath("fixtures/sam2.1-mini"));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (const QString name : {"checkpoint.pt", "config.yaml", "trace.pt"})
      QVERIFY(QFile::link(source + "/" + name, dir.filePath(name)));

    QFile original(source + "/session.json");
    QVERIFY(original.open(QIODevice::ReadOnly));
    QJsonObject session = QJsonDocument::fromJson(original.readAll()).object();
    QJsonArray steps = session["steps"].toArray();
    QVERIFY(steps.size() >= 4);
    // Steps 0-3 (two clicks, a box, a forward propagation) keep the run short.
    while (steps.size() > 4) steps.removeLast();
    if (tamper == "click") {
      QJsonObject step = steps[0].toObject();
      QCOMPARE(step["op"].toString(), QString("points"));
      step["points"] = QJsonArray{QJsonArray{120.0, 70.0}};
      steps[0] = step;
    } else if (tamper == "reverse") {
      QJsonObject step = steps[3].toObject();
      QCOMPARE(step["op"].toString(), QString("propagate"));
      step["start"] = 7;
      step["reverse"] = true;
      steps[3] = step;
    } else if (tamper == "refusal") {
      QJsonObject step = steps[2].toObject();
      step["expect_error"] = "tampered: pretend the reference refused this box";
      steps[2] = step;
    } else if (tamper == "object") {
      QJsonObject step = steps[2].toObject();
      step["obj"] = 7;
      steps[2] = step;
    } else {
      QJsonObject predictor = session["predictor"].toObject();
      QCOMPARE(predictor["fill_hole_area"].toInt(), 8);
      predictor["fill_hole_area"] = 0;
      session["predictor"] = predictor;
    }
    session["steps"] = steps;
    QFile tampered(dir.filePath("session.json"));
    QVERIFY(tampered.open(QIODevice::WriteOnly));
    tampered.write(QJsonDocument(session).toJson());
    tampered.close();

    const Run run = replay(dir.path());
    QVERIFY2(run.exitCode == 1, qPrintable(run.output));
    QVERIFY2(run.output.contains("FAIL") && run.output.contains("MISMATCH"),
             qPrintable(run.output));
  }

  // The tolerance check on real recorded masks: the recording matches itself, a flipped object
  // mask or values perturbed beyond the tolerance on 1% of the pixels do not.
  void maskComparisonRejectsTamperedMasks() {
    MASKLET_REQUIRE_SHARED("fixtures/sam2.1-mini/trace.pt");
    const auto trace =
        masklet::model::readTensorFile(masklet::test::sharedPath("fixtures/sam2.1-mini/trace.pt"));
    const auto& recorded = trace.at("step03.propagate.masks");  // [frames, objects, 1, H, W]
    QCOMPARE(recorded.dim(), 5);

    const auto same = masklet::tracker::compareMaskLogits(recorded.clone(), recorded);
    QVERIFY2(same.ok(), same.problem.c_str());
    QCOMPARE(same.masksCompared, recorded.size(0) * recorded.size(1));
    QCOMPARE(same.minIoU, 1.0);

    auto flipped = recorded.clone();
    flipped[2][1].neg_();
    const auto flippedCmp = masklet::tracker::compareMaskLogits(flipped, recorded);
    QVERIFY(!flippedCmp.ok());
    QVERIFY(flippedCmp.minIoU < 0.99);

    // 1% of the pixels of one mask moved far beyond the tolerance, keeping their sign.
    auto perturbed = recorded.clone();
    auto head = perturbed[4][0][0].view({-1}).slice(0, 0, recorded[4][0][0].numel() / 100 + 1);
    head.copy_(head * 1.5 + torch::where(head > 0, 1.0, -1.0));
    const auto perturbedCmp = masklet::tracker::compareMaskLogits(perturbed, recorded);
    QVERIFY(!perturbedCmp.ok());
    QVERIFY(perturbedCmp.minShareWithin < 0.999);
    QCOMPARE(perturbedCmp.minIoU, 1.0);

    const auto wrongShape = masklet::tracker::compareMaskLogits(recorded.slice(0, 0, 3), recorded);
    QVERIFY(!wrongShape.ok());
  }
};

MASKLET_TEST_APPLESS_MAIN(TestReplayFixtures)
#include "test_replay_fixtures.moc"
