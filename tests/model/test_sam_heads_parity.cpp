// The SAM heads (prompt encoder, two-way transformer, mask decoder) reproduce every recorded
// call of the official modules in the shared fixtures, at the fixtures' fixed tolerance.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <map>
#include <optional>
#include <string>

#include "model/checkpoint_reader.h"
#include "model/mask_decoder.h"
#include "model/model_config.h"
#include "model/prompt_encoder.h"
#include "model/sam2_model_options.h"
#include "model/state_dict_loader.h"
#include "shared_data.h"
#include "tensor_compare.h"

using namespace masklet;

namespace {

struct Fixture {
  model::ModelConfig config;  // options come from it as the model builds them
  model::TensorMap weights;
  model::TensorMap trace;
};

// Each fixture's files are read once for all test functions.
const Fixture& fixture(const std::string& name) {
  static std::map<std::string, Fixture> cache;
  auto it = cache.find(name);
  if (it == cache.end()) {
    const std::string dir = test::sharedPath("fixtures/" + name);
    Fixture f;
    f.config = model::ModelConfig::fromYaml(dir + "/config.yaml");
    f.weights = model::readStateDict(dir + "/checkpoint.pt");
    f.trace = model::readTensorFile(dir + "/trace.pt");
    it = cache.emplace(name, std::move(f)).first;
  }
  return it->second;
}

std::optional<torch::Tensor> optionalKey(const model::TensorMap& map, const std::string& key) {
  const auto it = map.find(key);
  return it == map.end() ? std::nullopt : std::optional<torch::Tensor>(it->second);
}

const torch::Tensor& requiredKey(const model::TensorMap& map, const std::string& key) {
  const auto it = map.find(key);
  if (it == map.end()) throw std::runtime_error("trace has no key " + key);
  return it->second;
}

model::PromptEncoder loadedPromptEncoder(const Fixture& f) {
  model::PromptEncoder encoder(model::promptEncoderOptions(f.config));
  model::loadStateDict(*encoder, f.weights, "sam_prompt_encoder.");
  encoder->eval();
  return encoder;
}

model::MaskDecoder loadedMaskDecoder(const Fixture& f) {
  model::MaskDecoder decoder(model::maskDecoderOptions(f.config));
  model::loadStateDict(*decoder, f.weights, "sam_mask_decoder.");
  decoder->eval();
  return decoder;
}

void addFixtureRows() {
  QTest::addColumn<QString>("fixture");
  for (const char* name : {"sam2.1-mini", "sam2.0-mini", "sam2.1-mini-correct-as-cond"})
    QTest::newRow(name) << QString(name);
}

}  // namespace

class TestSamHeadsParity : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void promptEncoderMatchesRecordedCalls_data() { addFixtureRows(); }
  void promptEncoderMatchesRecordedCalls() {
    QFETCH(QString, fixture);
    const std::string name = fixture.toStdString();
    MASKLET_REQUIRE_SHARED("fixtures/" + name + "/trace.pt");
    const auto& f = ::fixture(name);
    auto encoder = loadedPromptEncoder(f);
    torch::NoGradGuard noGrad;

    int calls = 0;
    for (int k = 0;; ++k) {
      const std::string prefix = "calls.sam_prompt_encoder." + std::to_string(k) + ".";
      if (!f.trace.count(prefix + "out.0")) break;
      std::optional<std::pair<torch::Tensor, torch::Tensor>> points;
      if (const auto coords = optionalKey(f.trace, prefix + "in.points.0"))
        points = std::make_pair(*coords, requiredKey(f.trace, prefix + "in.points.1"));
      const auto [sparse, dense] =
          encoder->forward(points, optionalKey(f.trace, prefix + "in.boxes"),
                           optionalKey(f.trace, prefix + "in.masks"));
      const auto sparseReport = test::compareClose(sparse, requiredKey(f.trace, prefix + "out.0"));
      QVERIFY2(sparseReport.ok, (prefix + "out.0 (sparse): " + sparseReport.message).c_str());
      const auto denseReport = test::compareClose(dense, requiredKey(f.trace, prefix + "out.1"));
      QVERIFY2(denseReport.ok, (prefix + "out.1 (dense): " + denseReport.message).c_str());
      ++calls;
    }
    QVERIFY2(calls > 0, "the trace records no sam_prompt_encoder call");
  }

  // The decoder's recorded image_pe is what SAM2Base took from get_dense_pe().
  void densePositionalEncodingMatchesRecordedImagePe_data() { addFixtureRows(); }
  void densePositionalEncodingMatchesRecordedImagePe() {
    QFETCH(QString, fixture);
    const std::string name = fixture.toStdString();
    MASKLET_REQUIRE_SHARED("fixtures/" + name + "/trace.pt");
    const auto& f = ::fixture(name);
    auto encoder = loadedPromptEncoder(f);
    torch::NoGradGuard noGrad;
    const auto report = test::compareClose(
        encoder->get_dense_pe(), requiredKey(f.trace, "calls.sam_mask_decoder.0.in.image_pe"));
    QVERIFY2(report.ok, report.message.c_str());
  }

  void maskDecoderMatchesRecordedCalls_data() { addFixtureRows(); }
  void maskDecoderMatchesRecordedCalls() {
    QFETCH(QString, fixture);
    const std::string name = fixture.toStdString();
    MASKLET_REQUIRE_SHARED("fixtures/" + name + "/trace.pt");
    const auto& f = ::fixture(name);
    auto decoder = loadedMaskDecoder(f);
    torch::NoGradGuard noGrad;

    int calls = 0;
    for (int k = 0;; ++k) {
      const std::string prefix = "calls.sam_mask_decoder." + std::to_string(k) + ".";
      if (!f.trace.count(prefix + "out.0")) break;
      const auto in = [&](const std::string& arg) {
        return requiredKey(f.trace, prefix + "in." + arg);
      };
      std::vector<torch::Tensor> highRes;
      for (int i = 0; f.trace.count(prefix + "in.high_res_features." + std::to_string(i)); ++i)
        highRes.push_back(in("high_res_features." + std::to_string(i)));
      const auto out =
          decoder->forward(in("image_embeddings"), in("image_pe"), in("sparse_prompt_embeddings"),
                           in("dense_prompt_embeddings"), in("multimask_output").item<bool>(),
                           in("repeat_image").item<bool>(), highRes);
      const torch::Tensor outputs[] = {out.masks, out.iou_pred, out.sam_tokens_out,
                                       out.object_score_logits};
      double worst = 0.0;
      for (int i = 0; i < 4; ++i) {
        const std::string key = prefix + "out." + std::to_string(i);
        const auto report = test::compareClose(outputs[i], requiredKey(f.trace, key));
        QVERIFY2(report.ok, (key + ": " + report.message).c_str());
        worst = std::max(worst, report.maxAbsDiff);
      }
      qInfo("%sforward(multimask_output=%d, repeat_image=%d, %d sparse tokens): max |diff| %g",
            prefix.c_str(), int(in("multimask_output").item<bool>()),
            int(in("repeat_image").item<bool>()), int(in("sparse_prompt_embeddings").size(1)),
            worst);
      ++calls;
    }
    QVERIFY2(calls > 0, "the trace records no sam_mask_decoder call");
  }

  // Stability = |logits > delta| / |logits > -delta| per mask; 1 when nothing is above -delta.
  void stabilityScoreIsTheRatioOfThresholdedAreas() {
    model::MaskDecoderOptions options;
    options.transformerDim = 16;
    options.transformer.numHeads = 2;
    options.transformer.mlpDim = 32;
    options.iouHeadHiddenDim = 16;
    options.dynamicMultimaskStabilityDelta = 0.5;
    model::MaskDecoder decoder(options);
    // mask 0: values above +0.5: 1 (0.9); above -0.5: 3 (0.9, 0.0, -0.4) -> 1/3
    // mask 1: nothing above -0.5 -> 1
    const auto logits =
        torch::tensor({0.9f, 0.0f, -0.4f, -0.9f, -1.f, -2.f, -3.f, -4.f}).reshape({1, 2, 2, 2});
    const auto scores = decoder->getStabilityScores(logits);
    QCOMPARE(scores.sizes().vec(), (std::vector<int64_t>{1, 2}));
    QVERIFY(std::abs(scores[0][0].item<float>() - 1.0f / 3.0f) < 1e-6f);
    QCOMPARE(scores[0][1].item<float>(), 1.0f);
  }

  // Parameters exist under the official names only when SAM2Base's flags ask for them.
  void optionalHeadsFollowTheFlags() {
    model::MaskDecoderOptions options;
    options.transformerDim = 16;
    options.transformer.numHeads = 2;
    options.transformer.mlpDim = 32;
    options.iouHeadHiddenDim = 16;
    const auto keys = [](const model::MaskDecoder& decoder) {
      QStringList names;
      for (const auto& item : decoder->named_parameters())
        names << QString::fromStdString(item.key());
      return names;
    };
    model::MaskDecoder plain(options);
    const auto plainKeys = keys(plain);
    QVERIFY(!plainKeys.contains("conv_s0.weight") && !plainKeys.contains("obj_score_token.weight"));
    QVERIFY(!plainKeys.filter("pred_obj_score_head").size());

    options.predObjScores = true;  // a single Linear head
    options.useHighResFeatures = true;
    const auto linearKeys = keys(model::MaskDecoder(options));
    QVERIFY(linearKeys.contains("pred_obj_score_head.weight"));
    QVERIFY(linearKeys.contains("obj_score_token.weight") && linearKeys.contains("conv_s1.bias"));

    options.predObjScoresMlp = true;  // a 3-layer MLP head
    const auto mlpKeys = keys(model::MaskDecoder(options));
    QVERIFY(mlpKeys.contains("pred_obj_score_head.layers.2.weight"));

    // Without an object-score head the object counts as present: logits of 10 per prompt set.
    plain->eval();
    torch::NoGradGuard noGrad;
    const auto out =
        plain->forward(torch::randn({2, 16, 4, 4}), torch::randn({1, 16, 4, 4}),
                       torch::randn({2, 3, 16}), torch::randn({2, 16, 4, 4}), true, false);
    QCOMPARE(out.masks.sizes().vec(), (std::vector<int64_t>{2, 3, 16, 16}));
    QCOMPARE(out.sam_tokens_out.sizes().vec(), (std::vector<int64_t>{2, 1, 16}));
    QVERIFY(torch::equal(out.object_score_logits, torch::full({2, 1}, 10.0f)));
  }

  void mismatchedPointLabelsAreRefused() {
    model::PromptEncoderOptions options = model::PromptEncoderOptions::forModel(32, 128);
    model::PromptEncoder encoder(options);
    const auto coords = torch::zeros({1, 3, 2});
    const auto labels = torch::ones({1, 2}, torch::kInt32);
    try {
      encoder->forward(std::make_pair(coords, labels), std::nullopt, std::nullopt);
      QFAIL("points with 3 coords and 2 labels were accepted");
    } catch (const c10::Error& error) {
      const QString message = QString::fromStdString(error.what_without_backtrace());
      QVERIFY2(message.contains("point labels must be [B, N] = [1, 3]"), qPrintable(message));
      QVERIFY2(message.contains("[1, 2]"), qPrintable(message));
    }
  }

  void wrongMaskInputSizeIsRefused() {
    model::PromptEncoder encoder(model::PromptEncoderOptions::forModel(32, 128));
    // 128 / 16 = 8 -> mask input 32x32
    try {
      encoder->forward(std::nullopt, std::nullopt, torch::zeros({1, 1, 64, 64}));
      QFAIL("a 64x64 mask input was accepted for a 32x32 mask size");
    } catch (const c10::Error& error) {
      const QString message = QString::fromStdString(error.what_without_backtrace());
      QVERIFY2(message.contains("[B, 1, 32, 32]"), qPrintable(message));
    }
  }
};

MASKLET_TEST_APPLESS_MAIN(TestSamHeadsParity)
#include "test_sam_heads_parity.moc"
