// The candidates of a multimask prompt (the three masks SAM 2 chooses from on a first click)
// come back with the prompt result: three for a single click, the one of highest predicted IoU
// being exactly the mask the session returns (which the parity tests hold to the official
// predictor's), none for a click that adds to earlier ones or a box. Adding them changes no
// mask: the returned masks still match the official session's recorded ones.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <opencv2/core.hpp>

#include <algorithm>

#include "model/checkpoint_reader.h"
#include "model/sam2_model.h"
#include "project/document_types.h"
#include "shared_data.h"
#include "tracker/frame_provider.h"
#include "tracker/video_engine.h"

using masklet::project::FramePrompts;
using masklet::project::PromptInput;
using masklet::tracker::DocumentFrame;
using masklet::tracker::VideoEngine;

namespace {

const char* kFixture = "fixtures/sam2.1-mini";

PromptInput click(double x, double y, int label, bool clearOld) {
  PromptInput input;
  input.points.push_back({x, y, label});
  input.clearOld = clearOld;
  return input;
}

// Share of pixels where the RLE and the recorded logits (> 0) disagree.
double mismatchShare(const masklet::dataset::Rle& rle, const torch::Tensor& logits) {
  const cv::Mat mine = masklet::dataset::decodeRle(rle);
  const torch::Tensor theirs = (logits > 0).to(torch::kUInt8).contiguous();
  const cv::Mat reference(int(theirs.size(-2)), int(theirs.size(-1)), CV_8U,
                          theirs.data_ptr<uint8_t>());
  return double(cv::countNonZero(mine != reference)) / double(mine.total());
}

}  // namespace

class TestMultimaskCandidates : public QObject {
  Q_OBJECT

  std::unique_ptr<VideoEngine> m_engine;
  masklet::model::TensorMap m_trace;

 private Q_SLOTS:
  void init() {
    if (masklet::test::sharedPath(kFixture).empty()) return;
    const std::string dir = masklet::test::sharedPath(kFixture);
    const auto model =
        masklet::model::Sam2Model::load(dir + "/checkpoint.pt", dir + "/config.yaml");
    m_trace = masklet::model::readTensorFile(dir + "/trace.pt");
    auto options = masklet::tracker::VideoTrackingOptions::forModel(model->config());
    auto frames =
        std::make_shared<masklet::tracker::TensorFrameProvider>(m_trace.at("images"), 160, 90);
    m_engine = std::make_unique<VideoEngine>(
        std::make_unique<masklet::tracker::VideoSession>(model, frames, options));
  }

  void firstClickGivesThreeCandidatesTheBestIsTheMask() {
    MASKLET_REQUIRE_SHARED(kFixture);
    // The fixture's step 0: a single positive click on frame 0 for object 1.
    const DocumentFrame result = m_engine->addInput(0, 1, {}, click(50, 40, 1, true)).result;
    QCOMPARE(result.candidateObject, 1);
    QCOMPARE(int(result.candidates.size()), 3);
    const auto best = std::max_element(
        result.candidates.begin(), result.candidates.end(),
        [](const auto& a, const auto& b) { return a.predictedIou < b.predictedIou; });
    const auto& mask = result.masks.at(1);
    QVERIFY(best->rle == mask.rle);
    QVERIFY(mask.quality.predictedIou.has_value());
    QCOMPARE(best->predictedIou, *mask.quality.predictedIou);
    // The masks themselves are still the official ones.
    QVERIFY(mismatchShare(mask.rle, m_trace.at("step00.points.masks")[0][0]) <= 0.001);
    // Three different masks at the video's size.
    for (const auto& candidate : result.candidates) {
      QCOMPARE(candidate.rle.width, 160);
      QCOMPARE(candidate.rle.height, 90);
    }
    QVERIFY(result.candidates[0].rle != result.candidates[1].rle ||
            result.candidates[1].rle != result.candidates[2].rle);
  }

  void laterClicksAndBoxesGiveNoCandidates() {
    MASKLET_REQUIRE_SHARED(kFixture);
    const PromptInput first = click(50, 40, 1, true);
    m_engine->addInput(0, 1, {}, first);
    FramePrompts before;
    before.inputs.push_back(first);
    const DocumentFrame second = m_engine->addInput(0, 1, before, click(62, 30, 1, false)).result;
    QVERIFY(second.candidates.empty());
    QCOMPARE(second.candidateObject, 0);

    PromptInput box;
    box.box = masklet::project::Box{90, 20, 140, 80};
    const DocumentFrame boxed = m_engine->addInput(0, 2, {}, box).result;
    QVERIFY(boxed.candidates.empty());
    // The box's mask is still the official one (step 2, object 2 is the second object).
    QVERIFY(mismatchShare(boxed.masks.at(2).rle, m_trace.at("step02.box.masks")[1][0]) <= 0.001);
  }

  void replayingTheFramePromptsGivesTheCandidatesAgain() {
    MASKLET_REQUIRE_SHARED(kFixture);
    const PromptInput first = click(50, 40, 1, true);
    const DocumentFrame direct = m_engine->addInput(0, 1, {}, first).result;
    FramePrompts prompts;
    prompts.inputs.push_back(first);
    const DocumentFrame replayed = m_engine->setPrompts(0, 1, prompts).result;
    QCOMPARE(replayed.candidates.size(), direct.candidates.size());
    for (size_t i = 0; i < direct.candidates.size(); ++i)
      QVERIFY(replayed.candidates[i].rle == direct.candidates[i].rle);
  }
};

MASKLET_TEST_APPLESS_MAIN(TestMultimaskCandidates)
#include "test_multimask_candidates.moc"
