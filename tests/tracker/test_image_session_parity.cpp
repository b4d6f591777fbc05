// ImageSession (the SAM2ImagePredictor port) against the official image predictor's recorded
// session ../shared/fixtures/image-sam2.1-mini: its preprocessing (ToTensor + antialiased
// bilinear resize + mean/std) against the recorded model inputs, its image embedding, its
// predictions for clicks, boxes, a batch of boxes and a mask prompt, and the reference's
// refusals (which must leave the session usable).
#include <QtTest/QtTest>

#include "test_registry.h"

#include <memory>
#include <string>

#include "common/error.h"
#include "model/checkpoint_reader.h"
#include "model/sam2_model.h"
#include "shared_data.h"
#include "tensor_compare.h"
#include "tracker/image_preprocess.h"
#include "tracker/image_session.h"
#include "tracker/video_session_compare.h"

using namespace masklet;
using tracker::ImagePrediction;
using tracker::ImagePrompt;

namespace {

const char* kFixture = "fixtures/image-sam2.1-mini";

struct Fixture {
  std::shared_ptr<const model::Sam2Model> model;
  model::TensorMap trace;
  cv::Mat images[2];
};

const Fixture& fixture() {
  static std::unique_ptr<Fixture> f;
  if (!f) {
    const std::string dir = test::sharedPath(kFixture);
    f = std::make_unique<Fixture>();
    f->model = model::Sam2Model::load(dir + "/checkpoint.pt", dir + "/config.yaml");
    f->trace = model::readTensorFile(dir + "/trace.pt");
    f->images[0] = tracker::readRgbImage(dir + "/images/00.png");
    f->images[1] = tracker::readRgbImage(dir + "/images/01.png");
  }
  return *f;
}

torch::Tensor recorded(const std::string& key) {
  const auto it = fixture().trace.find(key);
  if (it == fixture().trace.end()) qFatal("trace.pt has no key %s", key.c_str());
  return it->second;
}

// Fixture bounds: masks and low-res logits as step masks, scores elementwise 1e-4 + 1e-4|b|.
void verifyPrediction(const ImagePrediction& got, const std::string& key) {
  const auto masks = tracker::compareMaskLogits(got.masks, recorded(key + ".masks"));
  QVERIFY2(masks.ok(), qPrintable(QString::fromStdString(key + " masks: " + masks.problem)));
  const auto lowRes =
      tracker::compareMaskLogits(got.lowResLogits, recorded(key + ".low_res_logits"));
  QVERIFY2(lowRes.ok(), qPrintable(QString::fromStdString(key + " low-res: " + lowRes.problem)));
  const auto scores = test::compareClose(got.ious, recorded(key + ".scores"));
  QVERIFY2(scores.ok, qPrintable(QString::fromStdString(key + " scores: " + scores.message)));
}

ImagePrompt click(float x, float y, int label = 1, bool multimask = true) {
  auto prompt = ImagePrompt::fromPoints({{x, y}}, {label});
  prompt.multimask = multimask;
  return prompt;
}

}  // namespace

class TestImageSessionParity : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void init() { MASKLET_REQUIRE_SHARED(kFixture); }

  // mean |delta| <= 1e-6 of the normalised values (the bound), for both images
  // (640x360 and 480x270: both shrink to 256, where the antialias filter matters).
  void preprocessingMatchesRecordedInput_data() {
    QTest::addColumn<int>("image");
    QTest::addColumn<QString>("key");
    QTest::newRow("00.png") << 0 << "step00.set_image.input";
    QTest::newRow("01.png") << 1 << "step07.set_image.input";
  }
  void preprocessingMatchesRecordedInput() {
    QFETCH(int, image);
    QFETCH(QString, key);
    const auto input =
        tracker::imagePredictorInput(fixture().images[image], fixture().model->config().image_size);
    const auto expected = recorded(key.toStdString());
    QCOMPARE(input.sizes(), expected.sizes());
    const double meanDiff =
        (input.to(torch::kFloat64) - expected.to(torch::kFloat64)).abs().mean().item<double>();
    QVERIFY2(meanDiff <= 1e-6, qPrintable(QString("mean |delta| %1 > 1e-6").arg(meanDiff)));
  }

  // A plain bilinear resize (no antialias) is measurably off: what makes the check above mean
  // something.
  void resizeWithoutAntialiasDoesNotMatch() {
    const cv::Mat& rgb = fixture().images[0];
    const auto hwc = torch::from_blob(rgb.data, {rgb.rows, rgb.cols, 3}, torch::kUInt8);
    const auto chw = hwc.permute({2, 0, 1}).to(torch::kFloat32).div(255).unsqueeze(0);
    const int64_t size = fixture().model->config().image_size;
    const auto plain = torch::upsample_bilinear2d(chw, {size, size}, false).squeeze(0);
    const auto mean = torch::tensor({0.485f, 0.456f, 0.406f}).view({3, 1, 1});
    const auto std = torch::tensor({0.229f, 0.224f, 0.225f}).view({3, 1, 1});
    const auto input = plain.sub(mean).div(std);
    const double meanDiff =
        (input - recorded("step00.set_image.input")).abs().mean().item<double>();
    QVERIFY2(meanDiff > 1e-4, qPrintable(QString("mean |delta| only %1").arg(meanDiff)));
  }

  void imageEmbeddingMatchesRecording() {
    tracker::ImageSession session(fixture().model);
    session.setImage(fixture().images[0]);
    const auto cmp =
        test::compareClose(session.imageEmbedding(), recorded("step00.set_image.image_embed"));
    QVERIFY2(cmp.ok, qPrintable(QString::fromStdString(cmp.message)));
  }

  void predictionsMatchRecording() {
    tracker::ImageSession session(fixture().model);
    session.setImage(fixture().images[0]);
    const auto first = session.predict(click(288, 180));
    verifyPrediction(first, "step01.predict");
    // The previous predict's best low-res mask as the mask prompt.
    auto again = click(288, 180, 1, false);
    again.maskInput = first.lowResLogits[first.bestIndex()].unsqueeze(0);
    verifyPrediction(session.predict(again), "step02.predict");
    auto twoClicks = ImagePrompt::fromPoints({{288, 180}, {384, 144}}, {1, 0});
    twoClicks.multimask = false;
    verifyPrediction(session.predict(twoClicks), "step03.predict");
    auto box = ImagePrompt::fromBox({192, 108, 448, 288});
    box.multimask = false;
    verifyPrediction(session.predict(box), "step04.predict");
    auto boxAndClick = click(320, 270, 0, false);
    boxAndClick.box = box.box;
    verifyPrediction(session.predict(boxAndClick), "step05.predict");
    auto boxes =
        ImagePrompt::fromBoxes({{64, 36, 256, 180}, {320, 72, 576, 324}, {128, 216, 384, 342}});
    boxes.multimask = false;
    verifyPrediction(session.predict(boxes), "step06.predict");

    session.setImage(fixture().images[1]);
    verifyPrediction(session.predict(ImagePrompt::fromPoints({{192, 216}, {224, 234}}, {1, 1})),
                     "step08.predict");
  }

  void batchPredictionsMatchRecording() {
    tracker::ImageSession session(fixture().model);
    session.setImageBatch({fixture().images[0], fixture().images[1]});
    QCOMPARE(session.imageCount(), int64_t(2));
    const auto cmp = test::compareClose(session.imageEmbedding(),
                                        recorded("step09.set_image_batch.image_embed"));
    QVERIFY2(cmp.ok, qPrintable(QString::fromStdString(cmp.message)));
    const auto out = session.predictBatch({click(320, 180), click(160, 144)});
    QCOMPARE(out.size(), size_t(2));
    verifyPrediction(out[0], "step10.predict_batch.0");
    verifyPrediction(out[1], "step10.predict_batch.1");
  }

  // The reference refuses these (RuntimeError / AssertionError); so must the port, with a
  // masklet::Error, and the session must keep working afterwards.
  void refusalsLeaveSessionUsable() {
    tracker::ImageSession session(fixture().model);
    QVERIFY_THROWS_EXCEPTION(Error, session.predict(click(288, 180)));  // no image yet
    QVERIFY_THROWS_EXCEPTION(Error, session.predictBatch({click(288, 180)}));
    session.setImage(fixture().images[0]);
    QVERIFY_THROWS_EXCEPTION(Error, session.predictBatch({click(288, 180)}));  // not a batch
    ImagePrompt noLabels;
    noLabels.pointCoords = torch::tensor({{288.0f, 180.0f}});
    QVERIFY_THROWS_EXCEPTION(Error, session.predict(noLabels));
    auto wrongLabels = click(288, 180);
    wrongLabels.pointLabels = torch::tensor({1, 0}, torch::kInt32);
    QVERIFY_THROWS_EXCEPTION(Error, session.predict(wrongLabels));
    ImagePrompt badBox;
    badBox.box = torch::tensor({1.0f, 2.0f, 3.0f});
    QVERIFY_THROWS_EXCEPTION(Error, session.predict(badBox));
    auto twoBoxesOneClickSet = ImagePrompt::fromPoints({{1, 1}, {2, 2}}, {1, 1});
    twoBoxesOneClickSet.pointCoords =
        twoBoxesOneClickSet.pointCoords.unsqueeze(0).repeat({3, 1, 1});
    twoBoxesOneClickSet.pointLabels = twoBoxesOneClickSet.pointLabels.unsqueeze(0).repeat({3, 1});
    twoBoxesOneClickSet.box = torch::zeros({2, 4});
    QVERIFY_THROWS_EXCEPTION(Error, session.predict(twoBoxesOneClickSet));
    auto badMask = click(288, 180);
    badMask.maskInput = torch::zeros({1, 10, 10});
    QVERIFY_THROWS_EXCEPTION(Error, session.predict(badMask));
    verifyPrediction(session.predict(click(288, 180)), "step01.predict");

    session.setImageBatch({fixture().images[0], fixture().images[1]});
    QVERIFY_THROWS_EXCEPTION(Error, session.predictBatch({click(320, 180)}));  // 1 prompt, 2 images
    const auto out = session.predictBatch({click(320, 180), click(160, 144)});
    verifyPrediction(out[1], "step10.predict_batch.1");
  }

  // Feature sizes come from the model (image 256 here, not the reference's 1024 constants).
  void lowResLogitsFollowModelGeometry() {
    tracker::ImageSession session(fixture().model);
    session.setImage(fixture().images[1]);
    const auto out = session.predict(click(192, 216));
    const int64_t quarter = fixture().model->config().image_size / 4;
    QCOMPARE(out.lowResLogits.sizes(), (torch::IntArrayRef{3, quarter, quarter}));
    QCOMPARE(out.masks.sizes(), (torch::IntArrayRef{3, 270, 480}));
  }
};

MASKLET_TEST_GUILESS_MAIN(TestImageSessionParity)
#include "test_image_session_parity.moc"
