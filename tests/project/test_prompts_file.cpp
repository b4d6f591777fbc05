// The prompts file of headless tracking: every op of the fixtures' schema parses into what the
// engine gets (points with labels, boxes, PNG and RLE masks, propagate options); malformed
// steps and steps that cannot run on the video are refused with one line naming the step.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QTemporaryDir>
#include <fstream>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "common/error.h"
#include "dataset/rle.h"
#include "project/prompts_file.h"
#include "shared_data.h"

using namespace masklet;
using project::PromptsFileStep;
using project::StepOp;

namespace {

std::vector<PromptsFileStep> parse(const std::string& text, const std::string& base = ".") {
  return project::parsePromptsFile(dataset::Json::parse(text), "p.json:", base);
}

// The message of the error `body` throws, or "" when it throws none.
template <typename F>
std::string errorOf(F body) {
  try {
    body();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

const project::StepBounds kVideo{160, 90, 0, 7};

}  // namespace

class TestPromptsFile : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void parsesEveryOp() {
    QTemporaryDir dir;
    cv::Mat mask = cv::Mat::zeros(90, 160, CV_8U);
    mask(cv::Rect(10, 20, 30, 5)).setTo(255);
    QVERIFY(cv::imwrite(dir.filePath("m.png").toStdString(), mask));
    const auto steps = parse(R"([
      {"op": "points", "frame": 0, "obj": 1, "points": [[50, 40], [62.5, 30]], "labels": [1, 0]},
      {"op": "points", "frame": 5, "obj": 1, "points": [[30, 60]], "labels": [0], "clear": false},
      {"op": "box", "frame": 0, "obj": 2, "box": [90, 20, 140, 80]},
      {"op": "mask", "frame": 3, "obj": 2, "mask": "m.png"},
      {"op": "mask", "frame": 4, "obj": 2, "mask": {"size": [90, 160], "counts": [100, 50, 14250]}},
      {"op": "propagate", "start": 7, "reverse": true, "max_frames": 3},
      {"op": "propagate"},
      {"op": "remove", "obj": 1},
      {"op": "clear_frame", "frame": 3, "obj": 2},
      {"op": "reset"}])",
                             dir.path().toStdString());
    QCOMPARE(steps.size(), std::size_t(10));
    QCOMPARE(steps[0].op, StepOp::Points);
    QCOMPARE(steps[0].input.points.size(), std::size_t(2));
    QCOMPARE(steps[0].input.points[1].x, 62.5);
    QCOMPARE(steps[0].input.points[1].label, 0);
    QVERIFY(steps[0].clearOldPoints);
    QVERIFY(!steps[1].clearOldPoints);
    QCOMPARE(steps[1].frame, 5);
    QCOMPARE(steps[2].op, StepOp::Box);
    QCOMPARE((*steps[2].input.box)[2], 140.0);
    QCOMPARE(steps[2].objectId, 2);
    // The PNG's non-zero pixels are the mask: 30x5 = 150 pixels.
    QVERIFY(steps[3].input.mask.has_value());
    QCOMPARE(dataset::rleArea(*steps[3].input.mask), std::uint64_t(150));
    QCOMPARE(steps[3].input.mask->width, 160);
    QCOMPARE(dataset::rleArea(*steps[4].input.mask), std::uint64_t(50));
    QCOMPARE(*steps[5].start, 7);
    QVERIFY(steps[5].reverse);
    QCOMPARE(*steps[5].maxFrames, 3);
    QVERIFY(!steps[6].start && !steps[6].maxFrames && !steps[6].reverse);
    QCOMPARE(steps[7].op, StepOp::Remove);
    QCOMPARE(steps[8].op, StepOp::ClearFrame);
    QCOMPARE(steps[9].op, StepOp::Reset);
    QCOMPARE(steps[9].index, std::size_t(9));
    project::validatePromptsFile(steps, kVideo, "p.json:");
  }

  void readsAFixtureSessionFile() {
    MASKLET_REQUIRE_SHARED("fixtures/sam2.1-mini/session.json");
    // A session.json is an object with "steps"; its mask step's mask lives in trace.pt, so
    // only the steps before it are read here.
    const auto json = dataset::readJsonFile(sharedDir("fixtures/sam2.1-mini/session.json"));
    dataset::Json steps = dataset::Json::array();
    for (const auto& step : json["steps"])
      if (step["op"] != "mask") steps.push_back(step);
    const auto parsed = project::parsePromptsFile(steps, "session.json:", ".");
    QCOMPARE(parsed.size(), json["steps"].size() - 1);
    project::validatePromptsFile(parsed, kVideo, "session.json:");
  }

  void refusesMalformedSteps_data() {
    QTest::addColumn<QString>("steps");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown op") << R"([{"op": "points", "frame": 0, "obj": 1, "points": [[1, 1]],
        "labels": [1]}, {"op": "jump", "frame": 2}])"
                                << "p.json: steps[1]: unknown op \"jump\"";
    QTest::newRow("no frame") << R"([{"op": "box", "obj": 1, "box": [0, 0, 5, 5]}])"
                              << "p.json: steps[0] (box): needs \"frame\"";
    QTest::newRow("labels") << R"([{"op": "points", "frame": 0, "obj": 1, "points": [[1, 1]],
        "labels": [1, 0]}])"
                            << "p.json: steps[0] (points): 1 points but 2 labels";
    QTest::newRow("box shape") << R"([{"op": "box", "frame": 0, "obj": 1, "box": [0, 0, 5]}])"
                               << "p.json: steps[0] (box): \"box\" must be [x0, y0, x1, y1]";
    QTest::newRow("missing mask file")
        << R"([{"op": "mask", "frame": 0, "obj": 1, "mask": "nowhere.png"}])"
        << "p.json: steps[0] (mask): mask file ./nowhere.png does not exist";
    QTest::newRow("bad rle") << R"([{"op": "mask", "frame": 0, "obj": 1,
        "mask": {"size": [90, 160], "counts": [5]}}])"
                             << "p.json: steps[0] (mask):";
    QTest::newRow("not a list") << R"({"op": "points"})"
                                << "p.json: has no \"steps\" list";
    QTest::newRow("frame text") << R"([{"op": "clear_frame", "frame": "3", "obj": 1}])"
                                << "p.json: steps[0] (clear_frame): \"frame\" must be an integer";
  }

  void refusesMalformedSteps() {
    QFETCH(QString, steps);
    QFETCH(QString, expected);
    const std::string message = errorOf([&] { parse(steps.toStdString()); });
    QVERIFY2(message.rfind(expected.toStdString(), 0) == 0, message.c_str());
    QVERIFY(message.find('\n') == std::string::npos);
  }

  void refusesStepsTheVideoCannotRun_data() {
    QTest::addColumn<QString>("steps");
    QTest::addColumn<QString>("expected");
    QTest::newRow("frame out of range")
        << R"([{"op": "points", "frame": 8, "obj": 1, "points": [[1, 1]], "labels": [1]}])"
        << "p.json: steps[0] (points): frame 8 is outside the frames being tracked (0-7)";
    QTest::newRow("point outside")
        << R"([{"op": "points", "frame": 0, "obj": 1, "points": [[10, 10], [161, 5]],
             "labels": [1, 1]}])"
        << "p.json: steps[0] (points): point (161, 5) is outside the frame (160x90 pixels)";
    QTest::newRow("label")
        << R"([{"op": "points", "frame": 0, "obj": 1, "points": [[1, 1]], "labels": [2]}])"
        << "p.json: steps[0] (points): label 2 must be 1 (positive) or 0 (negative)";
    QTest::newRow("box corners")
        << R"([{"op": "box", "frame": 0, "obj": 1, "box": [50, 5, 10, 9]}])"
        << "p.json: steps[0] (box): box (50, 5)-(10, 9) must be the";
    QTest::newRow("mask size")
        << R"([{"op": "mask", "frame": 0, "obj": 1, "mask": {"size": [2, 3], "counts": [6]}}])"
        << "p.json: steps[0] (mask): mask RLE is 3x2, the video is 160x90";
    QTest::newRow("propagate first") << R"([{"op": "propagate"}])"
                                     << "p.json: steps[0] (propagate): nothing to track yet";
    QTest::newRow("propagate start")
        << R"([{"op": "box", "frame": 0, "obj": 1, "box": [0, 0, 5, 5]},
             {"op": "propagate", "start": 12}])"
        << "p.json: steps[1] (propagate): start frame 12 is outside the frames being tracked";
  }

  void refusesStepsTheVideoCannotRun() {
    QFETCH(QString, steps);
    QFETCH(QString, expected);
    const auto parsed = parse(steps.toStdString());
    const std::string message =
        errorOf([&] { project::validatePromptsFile(parsed, kVideo, "p.json:"); });
    QVERIFY2(message.rfind(expected.toStdString(), 0) == 0, message.c_str());
  }

  void aFrameRangeLimitsTheFrames() {
    const auto steps =
        parse(R"([{"op": "points", "frame": 2, "obj": 1, "points": [[1, 1]], "labels": [1]}])");
    const std::string message = errorOf([&] {
      project::validatePromptsFile(steps, {160, 90, 3, 6}, "p.json:");
    });
    QCOMPARE(message, std::string("p.json: steps[0] (points): frame 2 is outside the frames being "
                                  "tracked (3-6)"));
    project::validatePromptsFile(steps, {160, 90, 2, 2}, "p.json:");
  }

 private:
  static std::string sharedDir(const std::string& relative) { return test::sharedPath(relative); }
};

MASKLET_TEST_APPLESS_MAIN(TestPromptsFile)
#include "test_prompts_file.moc"
