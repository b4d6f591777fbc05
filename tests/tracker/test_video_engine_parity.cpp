// Driving the official fixture sessions through the video engine and recording its answers with
// the ResultRecorder, the way the GUI and `masklet-cli track` do (each prompt a command
// recorded after the engine accepted it, each propagation one command), gives the official masks at
// every step, and the document then holds exactly what the steps returned. Checked against the
// recorded trace (the official predictor's output), not against a run of our own.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <opencv2/core.hpp>

#include "common/error.h"
#include "model/checkpoint_reader.h"
#include "model/sam2_model.h"
#include "project/document.h"
#include "shared_data.h"
#include "tracker/frame_provider.h"
#include "tracker/result_recorder.h"
#include "tracker/video_engine.h"

using masklet::project::Document;
using masklet::project::FramePrompts;
using masklet::project::PromptInput;
using masklet::tracker::DocumentFrame;
using masklet::tracker::ResultRecorder;
using masklet::tracker::VideoEngine;
using nlohmann::json;

namespace {

// Pixels of one object's mask that differ from the trace's (> 0 = object), as a share.
double mismatchShare(const masklet::dataset::Rle& rle, const torch::Tensor& logits) {
  const cv::Mat mine = masklet::dataset::decodeRle(rle);
  const torch::Tensor theirs = (logits > 0).to(torch::kUInt8).contiguous();
  const cv::Mat reference(int(theirs.size(-2)), int(theirs.size(-1)), CV_8U,
                          theirs.data_ptr<uint8_t>());
  return double(cv::countNonZero(mine != reference)) / double(mine.total());
}

std::vector<int64_t> ids(const torch::Tensor& t) {
  const auto flat = t.to(torch::kLong).flatten().contiguous();
  return {flat.data_ptr<int64_t>(), flat.data_ptr<int64_t>() + flat.numel()};
}

}  // namespace

class TestVideoEngineParity : public QObject {
  Q_OBJECT

 private:
  // Every object of one step's frame, as the trace recorded it and as the session returned it.
  static void compareFrame(const DocumentFrame& frame, const torch::Tensor& masks,
                           const std::vector<int64_t>& objectIds, const Document& document,
                           const QString& where) {
    for (size_t i = 0; i < objectIds.size(); ++i) {
      const int id = int(objectIds[i]);
      const auto found = frame.masks.find(id);
      QVERIFY2(found != frame.masks.end(), qPrintable(where + ": object missing"));
      const double share = mismatchShare(found->second.rle, masks[int64_t(i)][0]);
      QVERIFY2(share <= 0.001, qPrintable(where + QString(": %1 of pixels differ").arg(share)));
      const auto* recorded = document.mask(frame.frame, id);
      QVERIFY2(recorded != nullptr, qPrintable(where + ": not in the document"));
      QVERIFY2(recorded->rle == found->second.rle, qPrintable(where + ": document differs"));
    }
  }

  static PromptInput inputOf(const json& step) {
    PromptInput input;
    const auto labels = step.value("labels", std::vector<int>{});
    const auto points = step.value("points", std::vector<std::vector<double>>{});
    for (size_t k = 0; k < points.size(); ++k)
      input.points.push_back({points[k][0], points[k][1], labels.at(k)});
    if (step.contains("box")) {
      const auto b = step["box"].get<std::vector<double>>();
      input.box = masklet::project::Box{b[0], b[1], b[2], b[3]};
    }
    return input;
  }

 private Q_SLOTS:
  void fixtureSessionsMatchThroughTheDocument_data() {
    QTest::addColumn<QString>("fixture");
    QTest::newRow("sam2.1") << "sam2.1-mini";
    QTest::newRow("sam2.0") << "sam2.0-mini";
    QTest::newRow("correct as cond") << "sam2.1-mini-correct-as-cond";
  }

  void fixtureSessionsMatchThroughTheDocument() {
    QFETCH(QString, fixture);
    MASKLET_REQUIRE_SHARED("fixtures/" + fixture.toStdString());
    const std::string dir = masklet::test::sharedPath("fixtures/" + fixture.toStdString());
    const auto model =
        masklet::model::Sam2Model::load(dir + "/checkpoint.pt", dir + "/config.yaml");
    const auto trace = masklet::model::readTensorFile(dir + "/trace.pt");
    const json session = json::parse(std::ifstream(dir + "/session.json"));
    const int width = session["video_width"], height = session["video_height"];
    auto options = masklet::tracker::VideoTrackingOptions::forModel(model->config());
    options.addAllFramesToCorrectAsCond =
        session["predictor"].value("add_all_frames_to_correct_as_cond", false);
    options.fillHoleArea = session["predictor"].value("fill_hole_area", 8);
    auto frames =
        std::make_shared<masklet::tracker::TensorFrameProvider>(trace.at("images"), width, height);
    VideoEngine engine(std::make_unique<masklet::tracker::VideoSession>(model, frames, options));
    Document document;
    document.reset({"fixture", "fixture", width, height, int(session["num_frames"]), 0.0, ""});
    ResultRecorder recorder(document);

    const auto& steps = session["steps"];
    for (size_t i = 0; i < steps.size(); ++i) {
      const json& step = steps[i];
      const std::string op = step["op"];
      char prefix[64];
      std::snprintf(prefix, sizeof prefix, "step%02zu.%s", i, op.c_str());
      const QString where = QString("%1 %2").arg(prefix, fixture);
      if (step.contains("expect_error") || trace.count(std::string(prefix) + ".error")) {
        const auto before = document.state();
        bool refused = false;
        try {
          engine.addInput(step["frame"], step["obj"], FramePrompts{}, inputOf(step));
        } catch (const masklet::Error&) {
          refused = true;
        }
        QVERIFY2(refused, qPrintable(where + ": the official predictor refused this step"));
        QVERIFY(document.state() == before);
        continue;
      }
      if (op == "points" || op == "box" || op == "mask") {
        const int frame = step["frame"], id = step["obj"];
        PromptInput input = inputOf(step);
        if (op == "mask") {
          const auto mask =
              trace.at(std::string(prefix) + ".input_mask").to(torch::kUInt8).contiguous();
          input.mask = masklet::dataset::encodeMask(
              cv::Mat(int(mask.size(0)), int(mask.size(1)), CV_8U, mask.data_ptr<uint8_t>()));
        }
        input.clearOld = op == "points" && step.value("clear", true);
        const FramePrompts before = document.prompts(frame, id);
        const DocumentFrame result = engine.addInput(frame, id, before, input).result;
        recorder.recordPrompt({op, frame, id, input, /*newObject=*/true, std::nullopt}, result);
        compareFrame(result, trace.at(std::string(prefix) + ".masks"),
                     ids(trace.at(std::string(prefix) + ".obj_ids")), document, where);
      } else if (op == "propagate") {
        masklet::tracker::PropagateRequest request;
        if (step.contains("start")) request.startFrame = step["start"].get<int64_t>();
        if (step.contains("max_frames")) request.maxFrames = step["max_frames"].get<int64_t>();
        request.reverse = step.value("reverse", false);
        std::vector<DocumentFrame> results;
        recorder.beginRun("Track");
        engine.propagate(request, [&](const DocumentFrame& frame) {
          recorder.recordTracked("frame", frame.frame, frame.masks);
          results.push_back(frame);
        });
        recorder.endRun();
        const auto expectedFrames = ids(trace.at(std::string(prefix) + ".frames"));
        QCOMPARE(results.size(), expectedFrames.size());
        const auto masks = trace.at(std::string(prefix) + ".masks");
        const auto objectIds = ids(trace.at(std::string(prefix) + ".obj_ids"));
        for (size_t f = 0; f < results.size(); ++f) {
          QCOMPARE(int64_t(results[f].frame), expectedFrames[f]);
          compareFrame(results[f], masks[int64_t(f)], objectIds, document,
                       where + QString(" frame %1").arg(results[f].frame));
        }
      } else if (op == "remove") {
        recorder.recordRemoval(op, step["obj"]);
        engine.removeObject(step["obj"]);
      } else if (op == "clear_frame") {
        const int frame = step["frame"], id = step["obj"];
        const DocumentFrame result = engine.setPrompts(frame, id, {}).result;
        recorder.recordPrompt({op, frame, id, std::nullopt, false, std::nullopt}, result);
        compareFrame(result, trace.at(std::string(prefix) + ".masks"),
                     ids(trace.at(std::string(prefix) + ".obj_ids")), document, where);
        QVERIFY(document.prompts(frame, id).empty());
      } else {
        QFAIL(qPrintable("the fixture has a step this test does not know: " +
                         QString::fromStdString(op)));
      }
    }
  }
};

MASKLET_TEST_APPLESS_MAIN(TestVideoEngineParity)
#include "test_video_engine_parity.moc"
