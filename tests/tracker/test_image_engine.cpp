// Image mode's engine (ImageEngine) driven with document prompts gives the official
// image predictor's recorded masks (../shared/fixtures/image-sam2.1-mini, the fixture bounds:
// ≤ 0.1% of pixels differ, IoU ≥ 0.99): a first click with its three candidates and their
// predicted IoU, a second click (points together, one mask), a box, a box with a click, and a
// click on the other image (embedded when first prompted). A picked candidate (a mask input)
// is the result as is; replays give the same; prompts outside the image are refused.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <opencv2/core.hpp>

#include "common/error.h"
#include "model/checkpoint_reader.h"
#include "model/sam2_model.h"
#include "shared_data.h"
#include "tracker/image_engine.h"

using masklet::project::FramePrompts;
using masklet::project::PromptInput;
using masklet::tracker::DocumentFrame;
using masklet::tracker::ImageEngine;

namespace {

const char* kFixture = "fixtures/image-sam2.1-mini";

PromptInput points(std::vector<std::array<double, 3>> xyLabel, bool clearOld = false) {
  PromptInput input;
  for (const auto& [x, y, label] : xyLabel) input.points.push_back({x, y, int(label)});
  input.clearOld = clearOld;
  return input;
}

PromptInput box(double x0, double y0, double x1, double y1) {
  PromptInput input;
  input.box = masklet::project::Box{x0, y0, x1, y1};
  return input;
}

FramePrompts promptsOf(std::vector<PromptInput> inputs) {
  FramePrompts prompts;
  prompts.inputs = std::move(inputs);
  return prompts;
}

// The fixture's bounds for a binarised mask against recorded logits [H, W].
void verifyMask(const masklet::dataset::Rle& rle, const torch::Tensor& logits,
                const QString& where) {
  const cv::Mat mine = masklet::dataset::decodeRle(rle);
  const torch::Tensor theirs = (logits > 0).to(torch::kUInt8).contiguous();
  QCOMPARE(mine.rows, int(theirs.size(0)));
  QCOMPARE(mine.cols, int(theirs.size(1)));
  const cv::Mat reference(mine.rows, mine.cols, CV_8U, theirs.data_ptr<uint8_t>());
  const double differ = double(cv::countNonZero(mine != reference)) / double(mine.total());
  QVERIFY2(differ <= 0.001, qPrintable(where + QString(": %1 of pixels differ").arg(differ)));
  const int both = cv::countNonZero(mine & reference);
  const int either = cv::countNonZero(mine | reference);
  const double iou = either == 0 ? 1.0 : double(both) / either;
  QVERIFY2(iou >= 0.99, qPrintable(where + QString(": IoU %1").arg(iou)));
}

}  // namespace

class TestImageEngine : public QObject {
  Q_OBJECT

  std::unique_ptr<ImageEngine> m_session;
  masklet::model::TensorMap m_trace;

  torch::Tensor recorded(const std::string& key) const {
    const auto it = m_trace.find(key);
    if (it == m_trace.end()) qFatal("trace.pt has no key %s", key.c_str());
    return it->second;
  }

 private Q_SLOTS:
  void initTestCase() {
    if (masklet::test::sharedPath(kFixture).empty()) return;
    const std::string dir = masklet::test::sharedPath(kFixture);
    const auto model =
        masklet::model::Sam2Model::load(dir + "/checkpoint.pt", dir + "/config.yaml");
    m_trace = masklet::model::readTensorFile(dir + "/trace.pt");
    m_session = std::make_unique<ImageEngine>(
        model, std::vector<std::string>{dir + "/images/00.png", dir + "/images/01.png"});
  }

  void firstClickGivesTheOfficialCandidates() {
    MASKLET_REQUIRE_SHARED(kFixture);
    // step01: predict(one click, multimask_output=True) on image 0.
    const DocumentFrame result =
        m_session->addInput(0, 1, {}, points({{288, 180, 1}}, true)).result;
    const auto masks = recorded("step01.predict.masks");
    const auto scores = recorded("step01.predict.scores");
    QCOMPARE(int(result.candidates.size()), 3);
    QCOMPARE(result.candidateObject, 1);
    for (int c = 0; c < 3; ++c) {
      verifyMask(result.candidates[size_t(c)].rle, masks[c], QString("candidate %1").arg(c));
      const double official = scores[c].item<double>();
      QVERIFY(std::abs(result.candidates[size_t(c)].predictedIou - official) <=
              1e-4 + 1e-4 * std::abs(official));
    }
    const int64_t best = scores.argmax().item<int64_t>();
    QVERIFY(result.masks.at(1).rle == result.candidates[size_t(best)].rle);
    QCOMPARE(result.masks.at(1).source, masklet::project::MaskSource::Prompted);
  }

  void secondClickPredictsFromBothPoints() {
    MASKLET_REQUIRE_SHARED(kFixture);
    // step03: both clicks together, one mask (no mask input).
    const auto before = promptsOf({points({{288, 180, 1}}, true)});
    const DocumentFrame result = m_session->addInput(0, 1, before, points({{384, 144, 0}})).result;
    QVERIFY(result.candidates.empty());
    verifyMask(result.masks.at(1).rle, recorded("step03.predict.masks")[0], "two clicks");
    // A replay of the same prompts is the same mask.
    const DocumentFrame replay =
        m_session->setPrompts(0, 1, before.with(points({{384, 144, 0}}))).result;
    QVERIFY(replay.masks.at(1).rle == result.masks.at(1).rle);
  }

  void boxAndBoxWithClick() {
    MASKLET_REQUIRE_SHARED(kFixture);
    const auto boxInput = box(192, 108, 448, 288);
    const DocumentFrame boxed = m_session->addInput(0, 2, {}, boxInput).result;
    QVERIFY(boxed.candidates.empty());
    verifyMask(boxed.masks.at(2).rle, recorded("step04.predict.masks")[0], "box");
    const DocumentFrame refined =
        m_session->addInput(0, 2, promptsOf({boxInput}), points({{320, 270, 0}})).result;
    verifyMask(refined.masks.at(2).rle, recorded("step05.predict.masks")[0], "box + click");
  }

  void otherImageIsEmbeddedWhenPrompted() {
    MASKLET_REQUIRE_SHARED(kFixture);
    // step10: image 1 of the batch, one click, multimask.
    const DocumentFrame result =
        m_session->addInput(1, 1, {}, points({{160, 144, 1}}, true)).result;
    const auto masks = recorded("step10.predict_batch.1.masks");
    QCOMPARE(int(result.candidates.size()), 3);
    for (int c = 0; c < 3; ++c)
      verifyMask(result.candidates[size_t(c)].rle, masks[c],
                 QString("image 1 candidate %1").arg(c));
    const auto size = m_session->currentImageSize();
    QCOMPARE(result.masks.at(1).rle.width, size.first);
    QCOMPARE(result.masks.at(1).rle.height, size.second);
    // Back on image 0: the first click's candidates again (re-embedded).
    const DocumentFrame again = m_session->addInput(0, 1, {}, points({{288, 180, 1}}, true)).result;
    verifyMask(again.candidates[0].rle, recorded("step01.predict.masks")[0], "image 0 again");
  }

  void pickedCandidateIsTheMaskAsIs() {
    MASKLET_REQUIRE_SHARED(kFixture);
    const auto click = points({{288, 180, 1}}, true);
    const DocumentFrame offered = m_session->addInput(0, 1, {}, click).result;
    PromptInput pick;
    pick.mask = offered.candidates[2].rle;
    const DocumentFrame picked = m_session->addInput(0, 1, promptsOf({click}), pick).result;
    QVERIFY(picked.masks.at(1).rle == offered.candidates[2].rle);
    QVERIFY(picked.candidates.empty());
    // Cleared: an empty mask of the image's size.
    const DocumentFrame cleared = m_session->setPrompts(0, 1, {}).result;
    QCOMPARE(masklet::dataset::rleArea(cleared.masks.at(1).rle), uint64_t(0));
    QCOMPARE(cleared.masks.at(1).rle.width, offered.candidates[2].rle.width);
  }

  void promptsOutsideTheImageAreRefused() {
    MASKLET_REQUIRE_SHARED(kFixture);
    const auto size = m_session->currentImageSize();
    QVERIFY_THROWS_EXCEPTION(
        masklet::Error,
        m_session->addInput(0, 1, {}, points({{double(size.first + 5), 10, 1}}, true)));
    PromptInput wrongMask;
    wrongMask.mask = masklet::dataset::emptyRle(3, 3);
    QVERIFY_THROWS_EXCEPTION(masklet::Error, m_session->addInput(0, 1, {}, wrongMask));
    QVERIFY_THROWS_EXCEPTION(masklet::Error, m_session->addInput(5, 1, {}, box(0, 0, 1, 1)));
    // Still usable.
    const DocumentFrame ok = m_session->addInput(0, 1, {}, points({{288, 180, 1}}, true)).result;
    QCOMPARE(int(ok.candidates.size()), 3);
  }
};

MASKLET_TEST_APPLESS_MAIN(TestImageEngine)
#include "test_image_engine.moc"
