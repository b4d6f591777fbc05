// `masklet-cli batch`: a run killed with SIGKILL mid-way and started again completes every job
// exactly once (finished jobs are skipped, not redone) with outputs the dataset readers load; a
// failing job never stops the others; --shard i/N over N shards puts every job in exactly one.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <set>

#include "cli_run.h"
#include "dataset/dataset_format.h"
#include "dataset/rle.h"

using namespace masklet;
using test::runCli;

namespace {

std::set<QString> idsIn(const QJsonArray& list) {
  std::set<QString> out;
  for (const auto& value : list)
    out.insert(value.isObject() ? value.toObject()["id"].toString() : value.toString());
  return out;
}

// Job folders that are complete (hold done.json).
std::set<QString> finishedJobs(const QString& out) {
  std::set<QString> done;
  for (const QString& name : QDir(out).entryList(QDir::Dirs | QDir::NoDotAndDotDot))
    if (QFileInfo::exists(out + "/" + name + "/done.json")) done.insert(name);
  return done;
}

QStringList hiddenPartials(const QString& out) {
  return QDir(out).entryList(QStringList{".*.partial-*"}, QDir::Dirs | QDir::Hidden);
}

QByteArray readAll(const QString& path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

}  // namespace

class TestBatchCli : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  QString m_frames;

  QStringList modelDefaults() {
    return QStringList{"--format", "coco"} << test::fixtureModelArgs();
  }

 private Q_SLOTS:
  void initTestCase() {
    if (test::sharedPath(test::kTrackFixture).empty()) return;
    m_frames = m_dir.filePath("frames");
    QVERIFY(test::writeFixtureFrames(m_frames));
  }

  void init() { MASKLET_REQUIRE_SHARED(test::kTrackFixture); }

  void killedRunResumesAndCompletesEveryJobOnce() {
    QTemporaryDir work;
    const QString out = work.filePath("out");
    QVERIFY(test::writeText(work.filePath("click.json"), R"([
      {"op": "points", "frame": 0, "obj": 1, "points": [[50, 40]], "labels": [1]},
      {"op": "propagate"}])"));
    QVERIFY(test::writeText(work.filePath("bad.json"), R"([{"op": "zoom"}])"));
    // Relative paths are the manifest's folder's; "frames" is absolute.
    QByteArray manifest;
    const std::vector<QString> good{"a", "b", "c", "d"};
    for (const QString& id : good) {
      manifest += QString(R"({"id": "%1", "video": "%2", "prompts": "click.json"})")
                      .arg(id, m_frames)
                      .toUtf8() +
                  "\n";
      if (id == "a")  // a failing job early in the order
        manifest += QString(R"({"id": "broken", "video": "%1", "prompts": "bad.json"})")
                        .arg(m_frames)
                        .toUtf8() +
                    "\n";
    }
    QVERIFY(test::writeText(work.filePath("jobs.jsonl"), manifest));
    const QStringList args =
        QStringList{"batch", work.filePath("jobs.jsonl"), "--out", out, "--jobs", "1"}
        << modelDefaults();

    // First run: SIGKILL as soon as the first job is complete, with the others to come.
    test::ChildProcess first;
    QVERIFY(first.start(test::cliPath(), args));
    QElapsedTimer timer;
    timer.start();
    while (finishedJobs(out).empty() && timer.elapsed() < 5 * 60 * 1000 && first.running())
      QTest::qWait(50);
    const QString ended("batch ended (exit code %1) before it could be killed: %2");
    QVERIFY2(first.running(),
             qPrintable(ended.arg(first.exitCode()).arg(QString::fromUtf8(first.readStderr()))));
    first.kill();  // SIGKILL
    QVERIFY(first.waitForFinished(60000));
    const std::set<QString> before = finishedJobs(out);
    QVERIFY(!before.empty());
    QVERIFY2(before.size() < good.size(), "every job finished before the kill");
    // Only complete job folders are visible; nothing of the unfinished ones but hidden partials.
    for (const QString& name : QDir(out).entryList(QDir::Dirs | QDir::NoDotAndDotDot))
      QVERIFY2(before.count(name), qPrintable(name + " is visible but not complete"));
    std::map<QString, QByteArray> markers;
    for (const QString& id : before) markers[id] = readAll(out + "/" + id + "/done.json");
    QTest::qWait(500);  // the killed batch's child dies with it (PR_SET_PDEATHSIG)

    // Second run: the rest, nothing twice.
    const auto second = runCli(args);
    QCOMPARE(second.exitCode, 1);  // the broken job failed
    const QJsonObject summary = test::readJsonDocument(out + "/summary.json").object();
    QCOMPARE(summary["jobs"].toInt(), 5);
    const auto skipped = idsIn(summary["skipped"].toArray());
    const auto done = idsIn(summary["done"].toArray());
    const auto failed = idsIn(summary["failed"].toArray());
    QVERIFY(skipped == before);
    QCOMPARE(failed, (std::set<QString>{"broken"}));
    std::set<QString> all(skipped);
    for (const auto& id : done) QVERIFY2(all.insert(id).second, qPrintable(id + " ran twice"));
    QCOMPARE(all, std::set<QString>(good.begin(), good.end()));
    const QString reason = summary["failed"].toArray()[0].toObject()["reason"].toString();
    QVERIFY2(reason.contains("unknown op \"zoom\""), qPrintable(reason));
    QVERIFY(QFileInfo::exists(out + "/broken.failed.log"));
    QVERIFY(!QFileInfo::exists(out + "/broken"));
    QVERIFY2(hiddenPartials(out).isEmpty(), qPrintable(hiddenPartials(out).join(", ")));
    for (const auto& [id, marker] : markers)
      QVERIFY2(readAll(out + "/" + id + "/done.json") == marker, qPrintable(id + " was redone"));

    // Every job's output loads, with the masks of its one object on all 8 frames' images.
    for (const QString& id : good) {
      const auto annotation = dataset::readDataset((out + "/" + id + "/coco.json").toStdString(),
                                                   dataset::DatasetFormat::Coco);
      QCOMPARE(int(annotation.frames.size()), 8);
      QCOMPARE(int(annotation.objects.size()), 1);
      QVERIFY(QFileInfo::exists(out + "/" + id + "/track.log"));
    }

    // A third run has nothing left but the broken job.
    const auto third = runCli(args);
    const QJsonObject again = test::readJsonDocument(out + "/summary.json").object();
    QCOMPARE(idsIn(again["skipped"].toArray()), std::set<QString>(good.begin(), good.end()));
    QVERIFY(again["done"].toArray().isEmpty());
    QCOMPARE(third.exitCode, 1);
  }

  void shardsPartitionTheJobs() {
    QTemporaryDir work;
    const QString out = work.filePath("out");
    // A CSV manifest of 7 jobs whose prompts files do not exist: each fails at once, in its
    // shard's summary.
    QByteArray csv = "id,video,prompts\n";
    for (int i = 0; i < 7; ++i)
      csv += QString("job%1,%2,missing%1.json\n").arg(i).arg(m_frames).toUtf8();
    QVERIFY(test::writeText(work.filePath("jobs.csv"), csv));
    std::set<QString> seen;
    const int shards = 3;
    for (int i = 0; i < shards; ++i) {
      const auto run = runCli(QStringList{"batch", work.filePath("jobs.csv"), "--out", out,
                                          "--shard", QString("%1/%2").arg(i).arg(shards)}
                              << modelDefaults());
      QCOMPARE(run.exitCode, 1);
      const QJsonObject summary =
          test::readJsonDocument(QString("%1/summary-%2-of-%3.json").arg(out).arg(i).arg(shards))
              .object();
      QCOMPARE(summary["shard"].toString(), QString("%1/%2").arg(i).arg(shards));
      const auto failed = idsIn(summary["failed"].toArray());
      QCOMPARE(summary["jobs"].toInt(), int(failed.size()));
      QCOMPARE(int(failed.size()), i == 0 ? 3 : 2);  // jobs k with k mod 3 = i
      for (const auto& id : failed) {
        QVERIFY2(seen.insert(id).second, qPrintable(id + " is in two shards"));
        QCOMPARE((id.mid(3).toInt()) % shards, i);
      }
      for (const auto& value : summary["failed"].toArray())
        QVERIFY(value.toObject()["reason"].toString().contains("missing"));
    }
    QCOMPARE(int(seen.size()), 7);

    const auto bad = runCli({"batch", work.filePath("jobs.csv"), "--out", out, "--shard", "3/3"});
    QCOMPARE(bad.exitCode, 2);
  }
};

MASKLET_TEST_GUILESS_MAIN(TestBatchCli)
#include "test_batch_cli.moc"
