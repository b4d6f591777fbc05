// Review assist shows the engine's own signals: driving a fixture session through the Document
// (as the GUI and `masklet-cli track` do), the document's per-frame object score and predicted
// IoU are exactly what the VideoSession returned for that frame, and the derived area and
// IoU with the previous frame's mask equal a pixel count of the session's mask logits. The
// same steps run on a second, bare VideoSession: its outputs are the reference.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

#include "model/checkpoint_reader.h"
#include "model/sam2_model.h"
#include "project/document.h"
#include "project/review_signals.h"
#include "shared_data.h"
#include "tracker/frame_provider.h"
#include "tracker/video_engine.h"

using masklet::project::Document;
using masklet::project::FramePrompts;
using masklet::project::PromptInput;
using masklet::project::ReviewSignals;
using masklet::tracker::DocumentFrame;
using masklet::tracker::FrameMasks;
using masklet::tracker::VideoEngine;
using masklet::tracker::VideoSession;
using nlohmann::json;

class TestReviewSignalsParity : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void documentSignalsAreTheSessionOutputs() {
    const std::string fixture = "fixtures/sam2.1-mini";
    MASKLET_REQUIRE_SHARED(fixture);
    const std::string dir = masklet::test::sharedPath(fixture);
    const auto model =
        masklet::model::Sam2Model::load(dir + "/checkpoint.pt", dir + "/config.yaml");
    const auto trace = masklet::model::readTensorFile(dir + "/trace.pt");
    const json session = json::parse(std::ifstream(dir + "/session.json"));
    const int width = session["video_width"], height = session["video_height"];
    const auto options = masklet::tracker::VideoTrackingOptions::forModel(model->config());
    auto frames =
        std::make_shared<masklet::tracker::TensorFrameProvider>(trace.at("images"), width, height);
    VideoSession reference(model, frames, options);
    VideoEngine engine(std::make_unique<VideoSession>(model, frames, options));
    Document document;
    document.reset({"fixture", "fixture", width, height, int(session["num_frames"]), 0.0, ""});

    // The newest output of every frame: what the document must hold there.
    std::map<int64_t, FrameMasks> latest;
    const auto& steps = session["steps"];
    int run = 0;
    for (size_t i = 0; i < steps.size() && steps[i]["op"] != "mask"; ++i) {
      const json& step = steps[i];
      const std::string op = step["op"];
      if (op == "points" || op == "box") {
        const int frame = step["frame"], id = step["obj"];
        masklet::tracker::PointPrompt prompt;
        PromptInput input;
        for (const auto& p : step.value("points", json::array())) {
          prompt.points.push_back({float(p[0]), float(p[1])});
          input.points.push_back({p[0], p[1], 0});
        }
        prompt.labels = step.value("labels", std::vector<int>{});
        for (size_t k = 0; k < prompt.labels.size(); ++k) input.points[k].label = prompt.labels[k];
        if (step.contains("box")) {
          const auto b = step["box"].get<std::vector<float>>();
          prompt.box = masklet::tracker::PromptBox{b[0], b[1], b[2], b[3]};
          input.box = masklet::project::Box{b[0], b[1], b[2], b[3]};
        }
        prompt.clearOldPoints = step.value("clear", true);
        input.clearOld = op == "points" && prompt.clearOldPoints;
        latest[frame] = reference.addPoints(frame, id, prompt);
        if (!document.hasObject(id)) document.addObject("", 0, id);
        const FramePrompts before = document.prompts(frame, id);
        const DocumentFrame result = engine.addInput(frame, id, before, input).result;
        document.applyPromptResult(op, frame, id, before.with(input), result.masks);
      } else if (op == "propagate") {
        masklet::tracker::PropagateRequest request;
        if (step.contains("start")) request.startFrame = step["start"].get<int64_t>();
        if (step.contains("max_frames")) request.maxFrames = step["max_frames"].get<int64_t>();
        request.reverse = step.value("reverse", false);
        reference.propagate(request, [&](const FrameMasks& masks) { latest[masks.frame] = masks; });
        document.beginGroup("Track");
        engine.propagate(request, [&](const DocumentFrame& frame) {
          document.setMasks("frame", frame.frame, frame.masks);
        });
        document.endGroup();
        ++run;
      }
    }
    QVERIFY2(run >= 2, "the fixture's first steps should include propagations");

    const ReviewSignals signals(document.state());
    int compared = 0, present = 0;
    for (const auto& [frame, masks] : latest) {
      for (size_t i = 0; i < masks.objectIds.size(); ++i) {
        const int id = int(masks.objectIds[i]);
        const QString where = QString("frame %1 object %2").arg(frame).arg(id);
        const auto* s = signals.at(int(frame), id);
        QVERIFY2(s != nullptr, qPrintable(where + ": no signals"));
        const float score = masks.objectScores.at(i), iou = masks.predictedIous.at(i);
        QCOMPARE(s->objectScore.has_value(), !std::isnan(score));
        QCOMPARE(s->predictedIou.has_value(), !std::isnan(iou));
        if (s->objectScore) QCOMPARE(*s->objectScore, double(score));
        if (s->predictedIou) QCOMPARE(*s->predictedIou, double(iou));
        const torch::Tensor mine = masks.maskLogits[int64_t(i)][0] > 0;
        QCOMPARE(s->area, uint64_t(mine.sum().item<int64_t>()));
        const auto previous = latest.find(frame - 1);
        if (previous != latest.end() && s->area > 0) {
          const auto& ids = previous->second.objectIds;
          const auto at = std::find(ids.begin(), ids.end(), int64_t(id));
          QVERIFY(at != ids.end());
          const torch::Tensor theirs =
              previous->second.maskLogits[int64_t(at - ids.begin())][0] > 0;
          const int64_t both = (mine & theirs).sum().item<int64_t>();
          const int64_t either = (mine | theirs).sum().item<int64_t>();
          if (theirs.sum().item<int64_t>() == 0) {
            QVERIFY2(!s->iouWithPrevious, qPrintable(where));
          } else {
            QVERIFY2(s->iouWithPrevious, qPrintable(where + ": no IoU with the previous mask"));
            QVERIFY2(std::abs(*s->iouWithPrevious - double(both) / double(either)) < 1e-12,
                     qPrintable(where));
          }
        }
        ++compared;
        present += s->area > 0 ? 1 : 0;
      }
    }
    QVERIFY2(compared >= 16, qPrintable(QString("only %1 masks compared").arg(compared)));
    QVERIFY(present > 0);
  }
};

MASKLET_TEST_APPLESS_MAIN(TestReviewSignalsParity)
#include "test_review_signals_parity.moc"
