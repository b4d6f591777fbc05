// EdgeTAM's modules (facebookresearch/EdgeTAM: timm RepViT-M1 trunk, 4-level FPN neck, spatial
// perceiver, RoPEAttentionv2 memory attention) match the recorded official outputs of the
// edgetam-mini fixture call for call, load strictly from its checkpoint, keep matching with
// their batch norms folded, and read their config from the fixture's YAML and EdgeTAM's own
// sam2/configs/edgetam.yaml.
#include <QtTest/QtTest>

#include "edgetam_yaml.h"
#include "test_registry.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "common/error.h"
#include "model/batch_norm_folding.h"
#include "model/checkpoint_reader.h"
#include "model/image_encoder.h"
#include "model/memory_attention.h"
#include "model/model_config.h"
#include "model/model_config_yaml.h"
#include "model/official_models.h"
#include "model/perceiver.h"
#include "model/precision.h"
#include "model/rope_attention_v2.h"
#include "model/sam2_model.h"
#include "model/sam2_model_options.h"
#include "model/state_dict_loader.h"
#include "shared_data.h"
#include "tensor_compare.h"

using namespace masklet;

namespace {

const char* const kFixture = "fixtures/edgetam-mini";

struct Fixture {
  model::ModelConfig config;
  model::TensorMap weights;
  model::TensorMap trace;
};

const Fixture& fixture() {
  static std::optional<Fixture> cached;
  if (!cached) {
    const std::string dir = test::sharedPath(kFixture);
    Fixture loaded;
    loaded.config = model::ModelConfig::fromYaml(dir + "/config.yaml");
    loaded.weights = model::readStateDict(dir + "/checkpoint.pt");
    loaded.trace = model::readTensorFile(dir + "/trace.pt");
    cached = std::move(loaded);
  }
  return *cached;
}

const torch::Tensor& traced(const std::string& key) {
  const auto& trace = fixture().trace;
  const auto found = trace.find(key);
  if (found == trace.end()) throw std::runtime_error("trace.pt has no key " + key);
  return found->second;
}

bool recorded(const std::string& key) {
  return fixture().trace.count(key) > 0;
}

std::string callKey(const std::string& module, int call) {
  return "calls." + module + "." + std::to_string(call) + ".";
}

// The largest |actual - expected| per test function, logged at its end.
double g_worstDiff = 0.0;

// Compares with the fixtures' bound (never widened) and logs the margin of each comparison.
void verifyClose(const torch::Tensor& actual, const torch::Tensor& expected,
                 const std::string& what) {
  const auto report = test::compareClose(actual, expected);
  g_worstDiff = std::max(g_worstDiff, report.maxAbsDiff);
  const auto text = QString::fromStdString(what + ": " + report.message);
  qInfo("%s", qPrintable(text));
  QVERIFY2(report.ok, qPrintable(text));
}

model::ImageEncoder loadedEncoder(model::BatchNormFolding folding) {
  model::ImageEncoder encoder(model::imageEncoderOptions(fixture().config));
  model::loadStateDict(*encoder, fixture().weights, "image_encoder.");
  encoder->eval();
  model::foldBatchNorms(*encoder, folding);
  return encoder;
}

// The worst vision_features element against the recording, as a share of the module bound.
double shareOfBound(const torch::Tensor& actual, const torch::Tensor& recorded) {
  return ((actual - recorded).abs() / (1e-4 + 1e-4 * recorded.abs())).max().item<double>();
}

torch::Tensor outputNamed(const model::ImageEncoderOutput& output, const std::string& name) {
  if (name == "vision_features") return output.vision_features;
  const auto dot = name.find('.');
  const auto& list =
      name.substr(0, dot) == "vision_pos_enc" ? output.vision_pos_enc : output.backbone_fpn;
  return list.at(std::stoul(name.substr(dot + 1)));
}

QString errorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const std::exception& error) {
    return QString::fromUtf8(error.what());
  }
  return QString();
}

torch::Tensor seededRandn(std::vector<int64_t> shape, uint64_t seed) {
  torch::manual_seed(seed);
  return torch::randn(shape);
}

void foldingRows() {
  QTest::addColumn<model::BatchNormFolding>("folding");
  QTest::newRow("unfolded") << model::BatchNormFolding::None;
  QTest::newRow("bound-safe folding") << model::BatchNormFolding::BoundSafe;
}

}  // namespace

Q_DECLARE_METATYPE(masklet::model::BatchNormFolding)

class TestEdgeTamModulesParity : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void init() { g_worstDiff = 0.0; }
  void cleanup() {
    if (g_worstDiff > 0.0) qInfo("largest |diff| to the recorded outputs: %.3g", g_worstDiff);
  }

  void readsFixtureConfig() {
    MASKLET_REQUIRE_SHARED(kFixture);
    const auto& c = fixture().config;
    QVERIFY(c.hasTimmTrunk());
    QCOMPARE(c.variant(), std::string("edgetam"));
    QCOMPARE(c.image_encoder.trunk.name, std::string("repvit_m1.dist_in1k"));
    QCOMPARE(c.image_encoder.trunk.outIndices(), (std::vector<int64_t>{0, 1, 2, 3}));
    QCOMPARE(c.image_encoder.neck.backbone_channel_list, (std::vector<int64_t>{384, 192, 96, 48}));
    QCOMPARE(c.image_encoder.neck.fpn_top_down_levels, (std::vector<int64_t>{2, 3}));
    QCOMPARE(c.image_encoder.scalp, int64_t(1));
    const auto& cross = c.memory_attention.layer.cross_attention;
    QVERIFY(cross.isV2());
    QCOMPARE(cross.q_sizes, (std::array<int64_t, 2>{16, 16}));
    QCOMPARE(cross.k_sizes, (std::array<int64_t, 2>{8, 8}));
    QCOMPARE(c.memory_attention.num_layers, int64_t(2));
    QVERIFY(c.hasSpatialPerceiver());
    QCOMPARE(c.spatial_perceiver.num_latents, int64_t(64));
    QCOMPARE(c.spatial_perceiver.num_latents_2d, int64_t(64));
    QCOMPARE(c.spatial_perceiver.dim, c.memDim());
    // Written back in the same schema, it reads to the same config.
    const auto text = model::modelConfigToYamlText(c);
    QVERIFY(model::modelConfigFromYamlText(text, "edgetam-mini.yaml") == c);
  }

  void readsEdgeTamOfficialYaml() {
    const auto c = model::modelConfigFromYamlText(masklet::test::kEdgetamYaml, "edgetam.yaml");
    QVERIFY(c.hasTimmTrunk() && c.hasSpatialPerceiver());
    QCOMPARE(c.image_size, int64_t(1024));
    QCOMPARE(c.hiddenDim(), int64_t(256));
    QCOMPARE(c.memDim(), int64_t(64));
    QCOMPARE(c.spatial_perceiver.num_latents, int64_t(256));
    QCOMPARE(c.spatial_perceiver.num_latents_2d, int64_t(256));
    QCOMPARE(c.spatial_perceiver.hidden_dropout_p, 0.0);
    QCOMPARE(c.memory_attention.layer.cross_attention.k_sizes, (std::array<int64_t, 2>{16, 16}));
    QCOMPARE(c.memory_attention.layer.cross_attention.q_sizes, (std::array<int64_t, 2>{64, 64}));
    // SAM2Base's own defaults where the YAML is silent (not the video predictor's).
    QCOMPARE(c.memory_encoder.mask_downsampler.embed_dim, int64_t(256));
    const auto text = model::modelConfigToYamlText(c);
    QVERIFY(model::modelConfigFromYamlText(text, "edgetam-roundtrip.yaml") == c);
    // The same model as the official table's entry (what a bare edgetam.pt is loaded with).
    const auto* official = model::findOfficialModel("edgetam");
    QVERIFY(official != nullptr);
    QCOMPARE(QString::fromStdString(c.dump()), QString::fromStdString(official->config.dump()));
    QVERIFY(model::matchOfficialModel(c) == official);
    // The full model builds from it (the real geometry: 1024 px, 256 + 256 latents).
    model::Sam2Model built(c);
    QVERIFY(built.spatial_perceiver);
    QCOMPARE(built.spatial_perceiver->numOutputLatents(), int64_t(512));
  }

  // edgetam.yaml's geometry fits together (random weights): 1024 px -> strides 4, 8, 16 kept,
  // a 64x64 memory -> 256 global + 256 window latents (16x16 windows of 4x4), and memory
  // attention over two memories and two object pointers (4 tokens each) with the 64x64 query
  // and 16x16 key RoPE grids.
  void fullGeometryFitsTogether() {
    torch::NoGradGuard noGrad;
    const auto c = model::modelConfigFromYamlText(masklet::test::kEdgetamYaml, "edgetam.yaml");
    model::Sam2Model m(c);
    m.eval();
    const auto features = m.image_encoder->forward(torch::randn({1, 3, 1024, 1024}));
    QCOMPARE(features.backbone_fpn.size(), size_t(3));
    QCOMPARE(features.backbone_fpn[0].sizes().vec(), (std::vector<int64_t>{1, 256, 256, 256}));
    QCOMPARE(features.vision_features.sizes().vec(), (std::vector<int64_t>{1, 256, 64, 64}));
    const auto [latents, pos] =
        m.spatial_perceiver->forward(torch::randn({1, 64, 64, 64}), torch::randn({1, 64, 64, 64}));
    QCOMPARE(latents.sizes().vec(), (std::vector<int64_t>{1, 512, 64}));
    QCOMPARE(pos.sizes().vec(), (std::vector<int64_t>{1, 512, 64}));
    const auto curr = torch::randn({4096, 1, 256});
    const auto memory = torch::randn({2 * 512 + 2 * 4, 1, 64});
    const auto out = m.memory_attention->forward(curr, memory, torch::randn({4096, 1, 256}),
                                                 torch::randn({2 * 512 + 2 * 4, 1, 64}), 8, 2);
    QCOMPARE(out.sizes().vec(), (std::vector<int64_t>{4096, 1, 256}));
  }

  void refusesWhatEdgeTamDoesNotHave_data() {
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown trunk class") << "sam2.modeling.backbones.timm.TimmBackbone"
                                         << "sam2.modeling.backbones.timm.Other"
                                         << "key model.image_encoder.trunk._target_: unknown class "
                                            "'sam2.modeling.backbones.timm.Other'";
    QTest::newRow("unknown timm model") << "repvit_m1.dist_in1k"
                                        << "resnet50"
                                        << "image_encoder.trunk.name 'resnet50' is not supported";
    QTest::newRow("Hiera option on a timm trunk")
        << "name: repvit_m1.dist_in1k"
        << "name: repvit_m1.dist_in1k\n      embed_dim: 96"
        << "key model.image_encoder.trunk.embed_dim: not an option of "
           "sam2.modeling.backbones.timm.TimmBackbone";
    QTest::newRow("RoPEAttention option on RoPEAttentionv2")
        << "k_sizes: [16, 16]"
        << "k_sizes: [16, 16]\n        rope_k_repeat: true"
        << "cross_attention.rope_k_repeat: not an option of "
           "sam2.modeling.sam.transformer.RoPEAttentionv2";
    QTest::newRow("unknown perceiver class") << "sam2.modeling.perceiver.PerceiverResampler"
                                             << "sam2.modeling.perceiver.Other"
                                             << "key model.spatial_perceiver._target_";
    QTest::newRow("perceiver without latents") << "num_latents: 256\n    num_latents_2d: 256"
                                               << "num_latents: 0"
                                               << "spatial_perceiver needs num_latents";
  }
  void refusesWhatEdgeTamDoesNotHave() {
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, expected);
    std::string text = masklet::test::kEdgetamYaml;
    const auto at = text.find(from.toStdString());
    QVERIFY2(at != std::string::npos, qPrintable(from));
    text.replace(at, size_t(from.size()), to.toStdString());
    const QString message =
        errorOf([&] { model::modelConfigFromYamlText(text, "edited-edgetam.yaml"); });
    QVERIFY2(message.contains(expected), qPrintable(message));
    QVERIFY2(!message.contains('\n'), qPrintable(message));  // one clear line
  }

  void loadsFixtureCheckpointStrictly() {
    MASKLET_REQUIRE_SHARED(kFixture);
    const std::string dir = test::sharedPath(kFixture);
    const auto model = model::Sam2Model::load(dir + "/checkpoint.pt", dir + "/config.yaml",
                                              torch::Device(torch::kCPU));
    QVERIFY(model->spatial_perceiver);
    QVERIFY(model->image_encoder->timm_trunk && !model->image_encoder->trunk);
    QCOMPARE(model->variant(), std::string("edgetam"));
    QVERIFY(model->batchNormsFolded());  // bound-safe folding by default
    // Every checkpoint tensor became a parameter or buffer.
    int64_t checkpointElements = 0;
    for (const auto& [key, tensor] : fixture().weights) checkpointElements += tensor.numel();
    QCOMPARE(model->parameterCount(), checkpointElements);
    qInfo("%s", model->describe().c_str());
    QVERIFY(!model::Sam2Model::load(dir + "/checkpoint.pt", dir + "/config.yaml",
                                    torch::Device(torch::kCPU), model::BatchNormFolding::None)
                 ->batchNormsFolded());

    // One trunk tensor short is refused by name.
    auto weights = fixture().weights;
    weights.erase("image_encoder.trunk.body.stages_2.blocks.13.channel_mixer.conv2.bn.running_var");
    model::Sam2Model fresh(fixture().config);
    const QString message = errorOf([&] { model::loadStateDict(fresh, weights); });
    QVERIFY2(message.contains("key image_encoder.trunk.body.stages_2.blocks.13.channel_mixer."
                              "conv2.bn.running_var: missing"),
             qPrintable(message));
  }

  void imageEncoderMatchesRecordedCalls_data() { foldingRows(); }
  void imageEncoderMatchesRecordedCalls() {
    MASKLET_REQUIRE_SHARED(kFixture);
    QFETCH(model::BatchNormFolding, folding);
    torch::NoGradGuard noGrad;
    auto encoder = loadedEncoder(folding);
    int calls = 0;
    for (; recorded(callKey("image_encoder", calls) + "in.sample"); ++calls) {
      const auto key = callKey("image_encoder", calls);
      const auto output = encoder->forward(traced(key + "in.sample"));
      QCOMPARE(output.backbone_fpn.size(), size_t(3));  // 4 levels, scalp 1
      int compared = 0;
      for (const auto& [outKey, expected] : fixture().trace) {
        if (outKey.rfind(key + "out.", 0) != 0) continue;
        verifyClose(outputNamed(output, outKey.substr(key.size() + 4)), expected, outKey);
        ++compared;
      }
      QCOMPARE(compared, 7);
    }
    QVERIFY2(calls >= 2, "the fixture records two image_encoder calls");
  }

  // frame0.*: the encoder on images[0], the mask decoder's conv_s0 / conv_s1 on the two
  // highest-resolution levels (SAM2Base.forward_image).
  void matchesFrameZeroFeatures_data() { foldingRows(); }
  void matchesFrameZeroFeatures() {
    MASKLET_REQUIRE_SHARED(kFixture);
    QFETCH(model::BatchNormFolding, folding);
    torch::NoGradGuard noGrad;
    auto encoder = loadedEncoder(folding);
    const auto output = encoder->forward(traced("images").narrow(0, 0, 1));
    verifyClose(output.vision_features, traced("frame0.vision_features"), "vision_features");
    for (size_t i = 0; i < output.backbone_fpn.size(); ++i) {
      const std::string index = std::to_string(i);
      verifyClose(output.vision_pos_enc[i], traced("frame0.vision_pos_enc." + index),
                  "frame0.vision_pos_enc." + index);
      auto actual = output.backbone_fpn[i];
      if (i < 2) {
        const std::string conv = "sam_mask_decoder.conv_s" + index;
        actual = torch::conv2d(actual, fixture().weights.at(conv + ".weight"),
                               fixture().weights.at(conv + ".bias"));
      }
      verifyClose(actual, traced("frame0.backbone_fpn." + index), "frame0.backbone_fpn." + index);
    }
  }

  // Folding changes only the rounding: every trunk level of the bound-safe folded trunk stays
  // within the fixture bound of the unfolded computation. This random-weight trunk amplifies
  // rounding (the thread count alone moves its stride-16 features by 9e-5): full folding
  // leaves the bound (logged), the load default (bound-safe) keeps it on one and two threads.
  void foldingChangesOnlyRounding() {
    MASKLET_REQUIRE_SHARED(kFixture);
    torch::NoGradGuard noGrad;
    auto plain = loadedEncoder(model::BatchNormFolding::None);
    auto safe = loadedEncoder(model::BatchNormFolding::BoundSafe);
    auto folded = loadedEncoder(model::BatchNormFolding::All);
    const auto sample = traced("images").narrow(0, 0, 1);
    const auto a = plain->timm_trunk->forward(sample);
    const auto b = safe->timm_trunk->forward(sample);
    QCOMPARE(a.size(), size_t(4));
    const std::vector<int64_t> channels{48, 96, 192, 384};
    for (size_t i = 0; i < a.size(); ++i) {
      QCOMPARE(a[i].size(1), channels[i]);
      QCOMPARE(a[i].size(2), sample.size(2) / (int64_t(4) << i));  // strides 4, 8, 16, 32
      verifyClose(b[i], a[i], "folded trunk level " + std::to_string(i));
    }
    const auto& recorded = traced("frame0.vision_features");
    const int threads = at::get_num_threads();
    for (const int n : {1, 2}) {
      at::set_num_threads(n);
      const double none = shareOfBound(plain->forward(sample).vision_features, recorded);
      const double all = shareOfBound(folded->forward(sample).vision_features, recorded);
      const double bound = shareOfBound(safe->forward(sample).vision_features, recorded);
      qInfo(
          "%d thread(s): vision_features worst element / bound: none %.3f, bound-safe %.3f, "
          "all %.3f",
          n, none, bound, all);
      QVERIFY2(bound <= 1.0, "bound-safe folding must keep the fp32 module bound");
    }
    at::set_num_threads(threads);
  }

  void perceiverMatchesRecordedCalls() {
    MASKLET_REQUIRE_SHARED(kFixture);
    torch::NoGradGuard noGrad;
    model::PerceiverResampler perceiver(model::perceiverResamplerOptions(fixture().config));
    model::loadStateDict(*perceiver, fixture().weights, "spatial_perceiver.");
    perceiver->eval();
    int calls = 0;
    for (; recorded(callKey("spatial_perceiver", calls) + "in.x"); ++calls) {
      const auto key = callKey("spatial_perceiver", calls);
      const auto [latents, pos] = perceiver->forward(traced(key + "in.x"), traced(key + "in.pos"));
      verifyClose(latents, traced(key + "out.0"), key + "out.0");
      verifyClose(pos, traced(key + "out.1"), key + "out.1");
      // Global latents first with zero encodings, then the window grid's sine encoding.
      QVERIFY(torch::equal(pos.narrow(1, 0, 64), torch::zeros_like(pos.narrow(1, 0, 64))));
    }
    QVERIFY2(calls >= 2, "the fixture records two spatial_perceiver calls");
  }

  // A batch of memories (several objects at once) gives each its own latents, as one call per
  // memory does (the reference's window-latent view only accepts a batch of one).
  void perceiverBatchesMemories() {
    MASKLET_REQUIRE_SHARED(kFixture);
    torch::NoGradGuard noGrad;
    model::PerceiverResampler perceiver(model::perceiverResamplerOptions(fixture().config));
    model::loadStateDict(*perceiver, fixture().weights, "spatial_perceiver.");
    perceiver->eval();
    const auto a = callKey("spatial_perceiver", 0);
    const auto b = callKey("spatial_perceiver", 1);
    const auto [latents, pos] =
        perceiver->forward(torch::cat({traced(a + "in.x"), traced(b + "in.x")}),
                           torch::cat({traced(a + "in.pos"), traced(b + "in.pos")}));
    verifyClose(latents[0], traced(a + "out.0")[0], "batch item 0 latents");
    verifyClose(latents[1], traced(b + "out.0")[0], "batch item 1 latents");
    verifyClose(pos[1], traced(b + "out.1")[0], "batch item 1 position encodings");
    // Without a position encoding the latents are the same and none is returned.
    const auto [alone, none] = perceiver->forward(traced(a + "in.x"), torch::Tensor());
    QVERIFY(!none.defined());
    QCOMPARE(alone.sizes().vec(), traced(a + "out.0").sizes().vec());
  }

  void memoryAttentionMatchesRecordedCalls() {
    MASKLET_REQUIRE_SHARED(kFixture);
    torch::NoGradGuard noGrad;
    model::MemoryAttention attention(model::memoryAttentionOptions(fixture().config));
    model::loadStateDict(*attention, fixture().weights, "memory_attention.");
    attention->eval();
    int calls = 0;
    for (; recorded(callKey("memory_attention", calls) + "in.curr.0"); ++calls) {
      const auto key = callKey("memory_attention", calls);
      const int64_t numObjPtrTokens = traced(key + "in.num_obj_ptr_tokens").item<int64_t>();
      const int64_t numSpatialMem = traced(key + "in.kw.num_spatial_mem").item<int64_t>();
      QVERIFY2(numObjPtrTokens > 0, "the fixture exercises object-pointer tokens");
      const auto out = attention->forward(
          traced(key + "in.curr.0"), traced(key + "in.memory"), traced(key + "in.curr_pos.0"),
          traced(key + "in.memory_pos"), numObjPtrTokens, numSpatialMem);
      verifyClose(out, traced(key + "out"), key + "out");
    }
    QVERIFY2(calls >= 2, "the fixture records two memory_attention calls");
    // RoPEAttentionv2 cannot place keys without the number of spatial memories.
    const auto key = callKey("memory_attention", 0);
    QVERIFY_THROWS_EXCEPTION(
        std::exception,
        attention->forward(traced(key + "in.curr.0"), traced(key + "in.memory"),
                           traced(key + "in.curr_pos.0"), traced(key + "in.memory_pos"),
                           traced(key + "in.num_obj_ptr_tokens").item<int64_t>()));
  }

  // bf16 mode (autocast: convolutions and products in bfloat16, norms in float32) runs every
  // EdgeTAM module, folded or not. The bf16 bounds are session-level (fixtures/README.md); here
  // the perceiver and memory attention land near fp32, and the trunk's drift is logged: this
  // random-weight RepViT amplifies rounding (~8% relative at stride 16 in bf16).
  void runsInBf16() {
    MASKLET_REQUIRE_SHARED(kFixture);
    torch::NoGradGuard noGrad;
    const auto sample = traced("images").narrow(0, 0, 1);
    const auto relativeError = [](const torch::Tensor& a, const torch::Tensor& b) {
      return ((a.to(torch::kFloat32) - b).norm() / b.norm()).item<double>();
    };
    for (const auto folding : {model::BatchNormFolding::None, model::BatchNormFolding::BoundSafe}) {
      auto encoder = loadedEncoder(folding);
      const auto exact = encoder->forward(sample).vision_features;
      torch::Tensor low;
      {
        model::PrecisionScope scope(model::Precision::Bf16, torch::kCPU);
        low = encoder->forward(sample).vision_features;
      }
      QVERIFY(torch::isfinite(low).all().item<bool>());
      const double error = relativeError(low, exact);
      qInfo("image encoder bf16 (folding %s): relative error %.3g", model::toString(folding),
            error);
    }
    model::PerceiverResampler perceiver(model::perceiverResamplerOptions(fixture().config));
    model::loadStateDict(*perceiver, fixture().weights, "spatial_perceiver.");
    perceiver->eval();
    model::MemoryAttention attention(model::memoryAttentionOptions(fixture().config));
    model::loadStateDict(*attention, fixture().weights, "memory_attention.");
    attention->eval();
    const auto p = callKey("spatial_perceiver", 0);
    const auto m = callKey("memory_attention", 0);
    const auto runAttention = [&] {
      return attention->forward(traced(m + "in.curr.0"), traced(m + "in.memory"),
                                traced(m + "in.curr_pos.0"), traced(m + "in.memory_pos"),
                                traced(m + "in.num_obj_ptr_tokens").item<int64_t>(),
                                traced(m + "in.kw.num_spatial_mem").item<int64_t>());
    };
    model::PrecisionScope scope(model::Precision::Bf16, torch::kCPU);
    const auto latents = perceiver->forward(traced(p + "in.x"), traced(p + "in.pos")).first;
    const double perceiverError = relativeError(latents, traced(p + "out.0"));
    const double attentionError = relativeError(runAttention(), traced(m + "out"));
    qInfo("bf16 relative errors: perceiver %.3g, memory attention %.3g", perceiverError,
          attentionError);
    QVERIFY(perceiverError < 0.02 && attentionError < 0.02);
  }

  // Each spatial memory gets the same key grid: a memory bank holding one memory twice
  // attends exactly like that memory alone; its global latents (before the grid) and the
  // trailing pointers carry no position, so their order does not matter.
  void ropeV2RepeatsKeyGridPerMemory() {
    model::RoPEAttentionOptions options;
    options.embeddingDim = 16;
    options.numHeads = 2;
    options.kvInDim = 8;
    options.v2 = true;
    options.qSizes = {3, 3};
    options.kSizes = {2, 2};
    model::RoPEAttentionV2 attention(options);
    attention->eval();
    torch::NoGradGuard noGrad;
    const auto q = seededRandn({1, 9, 16}, 1);
    const auto memory = seededRandn({1, 3 + 4, 8}, 2);  // 3 global latents, then a 2x2 grid
    const auto pointers = seededRandn({1, 2, 8}, 3);
    const auto twice = torch::cat({memory, memory}, 1);
    verifyClose(attention->forward(q, twice, twice, 0, 2),
                attention->forward(q, memory, memory, 0, 1), "one memory twice vs once");
    const auto once = torch::cat({memory, pointers}, 1);
    const auto a = attention->forward(q, once, once, 2, 1);
    const auto shuffled = torch::cat(
        {memory.narrow(1, 0, 3).flip({1}), memory.narrow(1, 3, 4), pointers.flip({1})}, 1);
    verifyClose(attention->forward(q, shuffled, shuffled, 2, 1), a, "unrotated tokens reordered");
    // The grid tokens do carry positions.
    const auto gridFlipped =
        torch::cat({memory.narrow(1, 0, 3), memory.narrow(1, 3, 4).flip({1}), pointers}, 1);
    QVERIFY(!torch::allclose(attention->forward(q, gridFlipped, gridFlipped, 2, 1), a));
    QVERIFY_THROWS_EXCEPTION(std::exception, attention->forward(q, once, once, 2, 3));
  }
};

MASKLET_TEST_APPLESS_MAIN(TestEdgeTamModulesParity)
#include "test_edgetam_modules_parity.moc"
