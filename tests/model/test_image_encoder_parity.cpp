// The image encoder (Hiera trunk + FPN neck + scalp) reproduces the official SAM 2 outputs
// recorded in the shared fixtures, loaded strictly from the fixture checkpoints.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <algorithm>
#include <string>

#include "common/error.h"
#include "model/checkpoint_reader.h"
#include "model/hiera_window.h"
#include "model/image_encoder.h"
#include "model/model_config.h"
#include "model/sam2_model_options.h"
#include "model/state_dict_loader.h"
#include "shared_data.h"
#include "tensor_compare.h"

using namespace masklet;

namespace {

struct Fixture {
  model::ImageEncoder encoder{nullptr};
  model::TensorMap weights;
  model::TensorMap trace;
};

Fixture loadFixture(const std::string& name) {
  const std::string dir = test::sharedPath("fixtures/" + name);
  Fixture fixture;
  fixture.encoder = model::ImageEncoder(
      model::imageEncoderOptions(model::ModelConfig::fromYaml(dir + "/config.yaml")));
  fixture.weights = model::readStateDict(dir + "/checkpoint.pt");
  model::loadStateDict(*fixture.encoder, fixture.weights, "image_encoder.");
  fixture.encoder->eval();
  fixture.trace = model::readTensorFile(dir + "/trace.pt");
  return fixture;
}

bool startsWith(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

// The output tensor a trace key names: "vision_features", "vision_pos_enc.<i>",
// "backbone_fpn.<i>".
torch::Tensor outputNamed(const model::ImageEncoderOutput& output, const std::string& name) {
  if (name == "vision_features") return output.vision_features;
  const auto dot = name.find('.');
  const std::string list = name.substr(0, dot);
  if (dot == std::string::npos || (list != "vision_pos_enc" && list != "backbone_fpn"))
    throw std::runtime_error("no encoder output matches trace name '" + name + "'");
  const auto& tensors = list == "vision_pos_enc" ? output.vision_pos_enc : output.backbone_fpn;
  const size_t index = std::stoul(name.substr(dot + 1));
  if (index >= tensors.size())
    throw std::runtime_error("trace name '" + name + "' is beyond the encoder's levels");
  return tensors[index];
}

// Largest |actual - expected| seen by verifyClose in the current test function (logged, so a
// run shows how far inside the tolerance the port lands).
double g_worstDiff = 0.0;

void verifyClose(const torch::Tensor& actual, const torch::Tensor& expected,
                 const std::string& what) {
  const auto report = test::compareClose(actual, expected);
  g_worstDiff = std::max(g_worstDiff, report.maxAbsDiff);
  QVERIFY2(report.ok, (what + ": " + report.message).c_str());
}

}  // namespace

class TestImageEncoderParity : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { torch::manual_seed(0); }
  void init() { g_worstDiff = 0.0; }
  void cleanup() {
    if (g_worstDiff > 0.0) qInfo("largest |diff| to the recorded outputs: %.3g", g_worstDiff);
  }

  void matchesEveryRecordedCall_data() { fixtureRows(); }
  void matchesEveryRecordedCall() {
    QFETCH(QString, fixtureName);
    MASKLET_REQUIRE_SHARED("fixtures/" + fixtureName.toStdString());
    torch::NoGradGuard noGrad;
    auto fixture = loadFixture(fixtureName.toStdString());
    const std::string prefix = "calls.image_encoder.";
    const std::string inSuffix = ".in.sample";
    int calls = 0;
    for (const auto& [key, sample] : fixture.trace) {
      if (!startsWith(key, prefix) || key.size() < inSuffix.size() ||
          key.compare(key.size() - inSuffix.size(), inSuffix.size(), inSuffix) != 0)
        continue;
      const std::string call = key.substr(0, key.size() - inSuffix.size());  // ...image_encoder.k
      const auto output = fixture.encoder->forward(sample);
      int compared = 0;
      for (const auto& [outKey, expected] : fixture.trace) {
        if (!startsWith(outKey, call + ".out.")) continue;
        verifyClose(outputNamed(output, outKey.substr(call.size() + 5)), expected, outKey);
        ++compared;
      }
      // vision_features + 3 position encodings + 3 FPN levels in the fixtures (scalp 1).
      QCOMPARE(compared, 1 + 2 * static_cast<int>(output.backbone_fpn.size()));
      ++calls;
    }
    QVERIFY2(calls > 0, "the trace has no calls.image_encoder.<k>.in.sample");
  }

  // frame0.* is SAM2Base.forward_image of images[0]: the encoder output with the mask
  // decoder's conv_s0 / conv_s1 applied to the two highest-resolution FPN levels.
  void matchesFrameZeroFeatures_data() { fixtureRows(); }
  void matchesFrameZeroFeatures() {
    QFETCH(QString, fixtureName);
    MASKLET_REQUIRE_SHARED("fixtures/" + fixtureName.toStdString());
    torch::NoGradGuard noGrad;
    auto fixture = loadFixture(fixtureName.toStdString());
    const auto& trace = fixture.trace;
    const auto output = fixture.encoder->forward(trace.at("images").narrow(0, 0, 1));
    QCOMPARE(output.backbone_fpn.size(), size_t(3));
    verifyClose(output.vision_features, trace.at("frame0.vision_features"),
                "frame0.vision_features");
    for (size_t i = 0; i < output.vision_pos_enc.size(); ++i) {
      const std::string key = "frame0.vision_pos_enc." + std::to_string(i);
      verifyClose(output.vision_pos_enc[i], trace.at(key), key);
    }
    for (size_t i = 0; i < output.backbone_fpn.size(); ++i) {
      const std::string key = "frame0.backbone_fpn." + std::to_string(i);
      auto actual = output.backbone_fpn[i];
      if (i < 2) {
        const std::string conv = "sam_mask_decoder.conv_s" + std::to_string(i);
        actual = torch::conv2d(actual, fixture.weights.at(conv + ".weight"),
                               fixture.weights.at(conv + ".bias"));
      }
      verifyClose(actual, trace.at(key), key);
    }
  }

  void refusesCheckpointOfAnotherGeometry() {
    MASKLET_REQUIRE_SHARED("fixtures/sam2.1-mini");
    const std::string dir = test::sharedPath("fixtures/sam2.1-mini");
    auto options = model::imageEncoderOptions(model::ModelConfig::fromYaml(dir + "/config.yaml"));
    options.trunk.embedDim *= 2;  // every trunk width doubles
    for (auto& channels : options.neck.backboneChannelList) channels *= 2;
    model::ImageEncoder encoder(options);
    try {
      model::loadStateDict(*encoder, model::readStateDict(dir + "/checkpoint.pt"),
                           "image_encoder.");
      QFAIL("a checkpoint of half the width loaded");
    } catch (const Error& error) {
      QVERIFY2(QString(error.what()).contains("trunk.patch_embed.proj.weight"), error.what());
    }
  }

  void refusesNeckThatDoesNotMatchTrunk() {
    model::ImageEncoderOptions options;
    options.trunk.embedDim = 8;
    options.trunk.stages = {1, 1};
    options.trunk.windowSpec = {4, 2};
    options.trunk.globalAttBlocks = {};
    options.trunk.qPool = 1;
    options.neck.positionEncoding.numPosFeats = 16;
    options.neck.dModel = 16;
    options.neck.backboneChannelList = {16, 4};  // trunk gives {16, 8}
    try {
      model::ImageEncoder encoder(options);
      QFAIL("mismatched neck accepted");
    } catch (const Error& error) {
      QVERIFY2(QString(error.what()).contains("[16, 8]"), error.what());
    }
  }

  // Padding to whole windows and cropping back is lossless for any grid size.
  void windowPartitionRoundTrips_data() {
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("window");
    QTest::newRow("exact multiple") << 16 << 16 << 8;
    QTest::newRow("padded rows and columns") << 64 << 35 << 14;
    QTest::newRow("window larger than grid") << 5 << 3 << 7;
  }
  void windowPartitionRoundTrips() {
    QFETCH(int, height);
    QFETCH(int, width);
    QFETCH(int, window);
    const auto x = torch::randn({2, height, width, 3});
    const auto partition = model::windowPartition(x, window);
    const int64_t hp = (height + window - 1) / window * window;
    const int64_t wp = (width + window - 1) / window * window;
    QCOMPARE(partition.windows.sizes().vec(),
             (std::vector<int64_t>{2 * (hp / window) * (wp / window), window, window, 3}));
    // Window (0, 0) is the top-left corner of image 0.
    QVERIFY(torch::equal(
        partition.windows[0]
            .narrow(0, 0, std::min(window, height))
            .narrow(1, 0, std::min(window, width)),
        x[0].narrow(0, 0, std::min(window, height)).narrow(1, 0, std::min(window, width))));
    const auto back =
        model::windowUnpartition(partition.windows, window, partition.paddedHw, {height, width});
    QVERIFY(torch::equal(back, x));
  }

 private:
  void fixtureRows() {
    QTest::addColumn<QString>("fixtureName");
    for (const char* name : {"sam2.1-mini", "sam2.0-mini", "sam2.1-mini-correct-as-cond"})
      QTest::newRow(name) << QString(name);
  }
};

MASKLET_TEST_APPLESS_MAIN(TestImageEncoderParity)
#include "test_image_encoder_parity.moc"
