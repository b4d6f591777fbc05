// `masklet-cli track --signals FILE.csv`: one CSV with every object's review signals, read
// back and checked against the project the same run saved (scores and predicted IoUs as
// stored, area and IoU with the previous frame counted on the decoded masks); a path that
// cannot be written is refused with one line.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QTemporaryDir>

#include <fstream>
#include <sstream>

#include "cli_run.h"
#include "dataset/rle.h"
#include "project/project_file.h"

using namespace masklet;
using test::runCli;

namespace {

std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream in(line);
  std::string cell;
  while (std::getline(in, cell, ',')) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.push_back("");
  return out;
}

std::optional<double> number(const std::string& cell) {
  if (cell.empty()) return std::nullopt;
  return std::stod(cell);
}

bool close(const std::optional<double>& a, const std::optional<double>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || std::abs(*a - *b) <= 1e-6 * std::max(1.0, std::abs(*b));
}

}  // namespace

class TestTrackSignalsCli : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  QString m_frames, m_prompts;

  QStringList trackArgs(const QString& out) {
    return QStringList{"track", "--video", m_frames,   "--prompts", m_prompts,
                       "--out", out,       "--format", "coco"}
           << test::fixtureModelArgs();
  }

 private Q_SLOTS:
  void initTestCase() {
    if (test::sharedPath(test::kTrackFixture).empty()) return;  // each test skips
    m_frames = m_dir.filePath("frames");
    QVERIFY(test::writeFixtureFrames(m_frames));
    QVERIFY(QDir().mkpath(m_dir.filePath("prompts")));
    m_prompts = test::writeFixturePrompts(m_dir.filePath("prompts"));
    QVERIFY(!m_prompts.isEmpty());
  }

  void init() { MASKLET_REQUIRE_SHARED(test::kTrackFixture); }

  void signalsCsvMatchesTheTrackedDocument() {
    QTemporaryDir out;
    const QString csv = out.filePath("review/signals.csv");
    const QString project = out.filePath("p.masklet");
    const auto run = runCli(trackArgs(out.filePath("coco.json"))
                            << "--signals" << csv << "--save-project" << project);
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    QVERIFY2(run.err.contains("wrote signals"), qPrintable(run.err));
    const auto state = project::loadDocumentState(project.toStdString());

    std::ifstream in(csv.toStdString());
    QVERIFY(in.good());
    std::string line;
    std::getline(in, line);
    QCOMPARE(QString::fromStdString(line),
             QString("frame,object,object_score,predicted_iou,area,iou_with_previous,state,"
                     "checked"));
    std::vector<project::FrameObjectKey> order;
    int previousObject = -1, previousFrame = -1;
    while (std::getline(in, line)) {
      const auto row = cells(line);
      QCOMPARE(int(row.size()), 8);
      const int frame = std::stoi(row[0]), id = std::stoi(row[1]);
      const QString where = QString("frame %1 object %2").arg(frame).arg(id);
      // Objects in creation order, each one's frames ascending.
      if (id == previousObject) QVERIFY2(frame > previousFrame, qPrintable(where));
      previousObject = id;
      previousFrame = frame;
      order.push_back({frame, id});
      const auto found = state.masks.find({frame, id});
      QVERIFY2(found != state.masks.end(), qPrintable(where + ": not in the project"));
      const auto& mask = found->second;
      QVERIFY2(close(number(row[2]), mask.quality.objectScore), qPrintable(where + " score"));
      QVERIFY2(close(number(row[3]), mask.quality.predictedIou), qPrintable(where + " IoU"));
      const cv::Mat pixels = dataset::decodeRle(mask.rle);
      QCOMPARE(std::stoll(row[4]), int64_t(cv::countNonZero(pixels)));
      std::optional<double> overlap;
      const auto before = state.masks.find({frame - 1, id});
      if (before != state.masks.end() && cv::countNonZero(pixels) > 0) {
        const cv::Mat previous = dataset::decodeRle(before->second.rle);
        if (cv::countNonZero(previous) > 0)
          overlap = double(cv::countNonZero(pixels & previous)) /
                    double(cv::countNonZero(pixels | previous));
      }
      QVERIFY2(close(number(row[5]), overlap), qPrintable(where + " IoU with previous"));
      const double score = mask.quality.objectScore.value_or(1.0);
      const bool lost = score <= 0 || cv::countNonZero(pixels) == 0;
      const bool doubtful =
          !lost && ((mask.quality.predictedIou && *mask.quality.predictedIou < 0.7) ||
                    (overlap && *overlap < 0.5));
      QCOMPARE(QString::fromStdString(row[6]), QString(lost       ? "lost"
                                                       : doubtful ? "doubtful"
                                                                  : "sure"));
      QCOMPARE(row[7], std::string("0"));
    }
    // Every mask of the document, once.
    QCOMPARE(order.size(), state.masks.size());
    QVERIFY(order.size() >= 8);
  }

  void anUnwritableSignalsPathIsOneLine() {
    QTemporaryDir out;
    QVERIFY(QDir().mkpath(out.filePath("taken")));  // a folder where the file should go
    const auto run =
        runCli(trackArgs(out.filePath("coco.json")) << "--signals" << out.filePath("taken"));
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("taken"), qPrintable(run.err));
    QVERIFY2(!run.err.contains("terminate") && !run.err.contains("Aborted"), qPrintable(run.err));
  }

  void helpNamesTheOption() {
    const auto help = runCli({"track", "--help"});
    QCOMPARE(help.exitCode, 0);
    QVERIFY2(help.out.contains("--signals FILE.csv"), qPrintable(help.out));
    QVERIFY(help.out.contains("iou_with_previous"));
  }
};

MASKLET_TEST_APPLESS_MAIN(TestTrackSignalsCli)
#include "test_track_signals_cli.moc"
