// EdgeTAM (facebookresearch/EdgeTAM, edgetam.pt) is recognised from its tensor layout as the
// official SAM 2 files are: its RepViT trunk and spatial perceiver make it EdgeTAM's family, and
// the full geometry of sam2/configs/edgetam.yaml makes it the built-in `edgetam` entry; the
// shrunk fixture (edgetam-mini) is a custom model of that family and needs its YAML.
//
// No edgetam.pt is available here, so the full-size layout is generated: the generator below
// writes the state-dict keys and shapes the official modules make (SAM2Base, the SAM heads, the
// memory encoder and attention, PerceiverResampler, timm's repvit_m1 in features_only form)
// for a geometry, and is checked key for key against the fixture's recorded checkpoint at the
// fixture's geometry before it is trusted at edgetam.yaml's.
#include <QtTest/QtTest>

#include "edgetam_yaml.h"
#include "error_of.h"
#include "test_registry.h"

#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "checkpoint_writer_test_util.h"
#include "common/error.h"
#include "model/checkpoint_inspector.h"
#include "model/checkpoint_probe.h"
#include "model/checkpoint_reader.h"
#include "model/model_config.h"
#include "model/official_models.h"
#include "model/sam2_model.h"
#include "shared_data.h"

using namespace masklet;
using Shape = std::vector<int64_t>;

using masklet::test::errorOf;

namespace {

// What the weights' shapes depend on (the rest of EdgeTAM's layout is fixed by its classes).
struct EdgetamGeometry {
  int64_t dModel;            // image_encoder.neck.d_model (SAM heads, memory attention)
  int64_t memDim;            // memory_encoder.out_dim
  int64_t memInDim;          // memory_encoder.in_dim
  int64_t downsamplerEmbed;  // memory_encoder.mask_downsampler.embed_dim
  int64_t fuserDim;          // memory_encoder.fuser.layer.dim
  int64_t attentionLayers;   // memory_attention.num_layers
  int64_t feedForward;       // memory_attention.layer.dim_feedforward
  int64_t perceiverDim;
  int64_t perceiverInner;  // dim_head * heads
  int64_t perceiverDepth;
  int64_t latents;
  int64_t latents2d;
  int64_t numMaskmem;
};

// edgetam.yaml (MemoryEncoder's in_dim and MaskDownSampler's embed_dim at their defaults, 256).
const EdgetamGeometry kFullGeometry{256, 64, 256, 256, 256, 2, 2048, 64, 64, 2, 256, 256, 7};
// The fixture's config.yaml (see ../shared/fixtures/README.md).
const EdgetamGeometry kMiniGeometry{64, 32, 64, 64, 64, 2, 256, 32, 32, 2, 64, 64, 7};

class LayoutWriter {
 public:
  explicit LayoutWriter(model::ShapeMap& shapes) : m_shapes(shapes) {}

  void tensor(const std::string& key, Shape shape) { m_shapes[key] = std::move(shape); }
  void linear(const std::string& prefix, int64_t out, int64_t in, bool bias = true) {
    tensor(prefix + ".weight", {out, in});
    if (bias) tensor(prefix + ".bias", {out});
  }
  void conv(const std::string& prefix, int64_t out, int64_t inPerGroup, int64_t kernel,
            bool bias = true) {
    tensor(prefix + ".weight", {out, inPerGroup, kernel, kernel});
    if (bias) tensor(prefix + ".bias", {out});
  }
  void norm(const std::string& prefix, int64_t dim) {
    tensor(prefix + ".weight", {dim});
    tensor(prefix + ".bias", {dim});
  }
  // timm's ConvNorm: a bias-free conv `c` and a BatchNorm2d `bn` (its running statistics too).
  void convNorm(const std::string& prefix, int64_t out, int64_t inPerGroup, int64_t kernel) {
    conv(prefix + ".c", out, inPerGroup, kernel, false);
    norm(prefix + ".bn", out);
    tensor(prefix + ".bn.running_mean", {out});
    tensor(prefix + ".bn.running_var", {out});
    tensor(prefix + ".bn.num_batches_tracked", {});
  }
  // sam2.modeling.sam.transformer.Attention: q/k/v/out projections.
  void attention(const std::string& prefix, int64_t dim, int64_t internal, int64_t kvIn) {
    linear(prefix + ".q_proj", internal, dim);
    linear(prefix + ".k_proj", internal, kvIn);
    linear(prefix + ".v_proj", internal, kvIn);
    linear(prefix + ".out_proj", dim, internal);
  }
  void mlp(const std::string& prefix, const std::vector<int64_t>& dims) {  // in, hidden..., out
    for (size_t i = 0; i + 1 < dims.size(); ++i)
      linear(prefix + ".layers." + std::to_string(i), dims[i + 1], dims[i]);
  }

 private:
  model::ShapeMap& m_shapes;
};

// timm repvit_m1, features_only (stages_<i>), under image_encoder.trunk.body.
void writeRepVitM1(LayoutWriter& w) {
  const std::string body = "image_encoder.trunk.body.";
  w.convNorm(body + "stem.conv1", 24, 3, 3);
  w.convNorm(body + "stem.conv2", 48, 24, 3);
  const std::vector<int64_t> widths{48, 96, 192, 384};
  const std::vector<int64_t> depths{2, 2, 14, 2};
  const std::vector<int64_t> seWidths{16, 24, 48, 96};  // make_divisible(dim / 4, 8)
  const auto block = [&](const std::string& prefix, int64_t dim, int64_t seWidth) {
    w.convNorm(prefix + "token_mixer.conv", dim, 1, 3);  // depthwise 3x3 (RepVggDw, legacy)
    w.convNorm(prefix + "token_mixer.conv1", dim, 1, 1);
    if (seWidth > 0) {
      w.conv(prefix + "se.fc1", seWidth, dim, 1);
      w.conv(prefix + "se.fc2", dim, seWidth, 1);
    }
    w.convNorm(prefix + "channel_mixer.conv1", 2 * dim, dim, 1);
    w.convNorm(prefix + "channel_mixer.conv2", dim, 2 * dim, 1);
  };
  for (size_t stage = 0; stage < widths.size(); ++stage) {
    const std::string prefix = body + "stages_" + std::to_string(stage) + ".";
    const int64_t dim = widths[stage];
    if (stage > 0) {
      const int64_t previous = widths[stage - 1];
      block(prefix + "downsample.pre_block.", previous, 0);
      w.convNorm(prefix + "downsample.spatial_downsample", previous, 1, 3);
      w.convNorm(prefix + "downsample.channel_downsample", dim, previous, 1);
      w.convNorm(prefix + "downsample.ffn.conv1", 2 * dim, dim, 1);
      w.convNorm(prefix + "downsample.ffn.conv2", dim, 2 * dim, 1);
    }
    for (int64_t index = 0; index < depths[stage]; ++index)
      block(prefix + "blocks." + std::to_string(index) + ".", dim,
            index % 2 == 0 ? seWidths[stage] : 0);
  }
}

// The state-dict layout of EdgeTAM's SAM2Base at `g` (video-predictor build, as edgetam.yaml).
model::ShapeMap edgetamLayout(const EdgetamGeometry& g) {
  model::ShapeMap shapes;
  LayoutWriter w(shapes);
  const int64_t d = g.dModel;
  writeRepVitM1(w);
  const std::vector<int64_t> neck{384, 192, 96, 48};
  for (size_t level = 0; level < neck.size(); ++level)
    w.conv("image_encoder.neck.convs." + std::to_string(level) + ".conv", d, neck[level], 1);

  for (int64_t i = 0; i < g.attentionLayers; ++i) {
    const std::string layer = "memory_attention.layers." + std::to_string(i);
    w.attention(layer + ".self_attn", d, d, d);
    w.attention(layer + ".cross_attn_image", d, d, g.memDim);
    w.linear(layer + ".linear1", g.feedForward, d);
    w.linear(layer + ".linear2", d, g.feedForward);
    for (const char* norm : {".norm1", ".norm2", ".norm3"}) w.norm(layer + norm, d);
  }
  w.norm("memory_attention.norm", d);

  // MaskDownSampler (kernel 3, stride 2, total stride 16): 1 -> 4 -> 16 -> 64 -> 256 channels.
  const std::string down = "memory_encoder.mask_downsampler.encoder.";
  int64_t channels = 1;
  for (int layer = 0; layer < 4; ++layer) {
    w.conv(down + std::to_string(3 * layer), channels * 4, channels, 3);
    w.norm(down + std::to_string(3 * layer + 1), channels * 4);
    channels *= 4;
  }
  w.conv(down + "12", g.downsamplerEmbed, channels, 1);
  w.conv("memory_encoder.pix_feat_proj", g.memInDim, g.memInDim, 1);
  for (int i = 0; i < 2; ++i) {
    const std::string block = "memory_encoder.fuser.layers." + std::to_string(i);
    w.tensor(block + ".gamma", {g.fuserDim});
    w.conv(block + ".dwconv", g.fuserDim, 1, 7);
    w.norm(block + ".norm", g.fuserDim);
    w.linear(block + ".pwconv1", 4 * g.fuserDim, g.fuserDim);
    w.linear(block + ".pwconv2", g.fuserDim, 4 * g.fuserDim);
  }
  w.conv("memory_encoder.out_proj", g.memDim, g.memInDim, 1);

  const std::string perceiver = "spatial_perceiver.";
  w.tensor(perceiver + "latents", {g.latents, g.perceiverDim});
  w.tensor(perceiver + "latents_2d", {g.latents2d, g.perceiverDim});
  const int64_t p = g.perceiverDim;
  for (int64_t i = 0; i < g.perceiverDepth; ++i) {
    const std::string layer = perceiver + "layers." + std::to_string(i) + ".";
    w.norm(layer + "attn.norm_x", p);
    w.norm(layer + "attn.norm_latents", p);
    w.linear(layer + "attn.to_q", g.perceiverInner, p, false);
    w.linear(layer + "attn.to_kv", 2 * g.perceiverInner, p, false);
    w.linear(layer + "attn.to_out", p, g.perceiverInner, false);
    w.norm(layer + "self_attn.norm", p);
    w.linear(layer + "self_attn.to_q", g.perceiverInner, p, false);
    w.linear(layer + "self_attn.to_kv", 2 * g.perceiverInner, p, false);
    w.linear(layer + "self_attn.to_out", p, g.perceiverInner, false);
    for (const char* ff : {"ff", "self_ff"}) {
      w.norm(layer + ff + ".0", p);
      w.linear(layer + ff + ".1", 4 * p, p, false);
      w.linear(layer + ff + ".3", p, 4 * p, false);
    }
  }
  w.norm(perceiver + "norm", p);

  // SAM2Base's own tensors and the SAM heads (_build_sam_heads literals).
  w.tensor("maskmem_tpos_enc", {g.numMaskmem, 1, 1, g.memDim});
  w.tensor("no_mem_embed", {1, 1, d});
  w.tensor("no_mem_pos_enc", {1, 1, d});
  w.tensor("no_obj_ptr", {1, d});
  w.conv("mask_downsample", 1, 1, 4);
  w.mlp("obj_ptr_proj", {d, d, d, d});

  const std::string prompt = "sam_prompt_encoder.";
  w.tensor(prompt + "pe_layer.positional_encoding_gaussian_matrix", {2, d / 2});
  for (int i = 0; i < 4; ++i)
    w.tensor(prompt + "point_embeddings." + std::to_string(i) + ".weight", {1, d});
  w.tensor(prompt + "not_a_point_embed.weight", {1, d});
  w.tensor(prompt + "no_mask_embed.weight", {1, d});
  w.tensor(prompt + "mask_downscaling.0.weight", {4, 1, 2, 2});
  w.tensor(prompt + "mask_downscaling.0.bias", {4});
  w.norm(prompt + "mask_downscaling.1", 4);
  w.tensor(prompt + "mask_downscaling.3.weight", {16, 4, 2, 2});
  w.tensor(prompt + "mask_downscaling.3.bias", {16});
  w.norm(prompt + "mask_downscaling.4", 16);
  w.conv(prompt + "mask_downscaling.6", d, 16, 1);

  const std::string decoder = "sam_mask_decoder.";
  const std::string transformer = decoder + "transformer.";
  for (int i = 0; i < 2; ++i) {
    const std::string layer = transformer + "layers." + std::to_string(i) + ".";
    w.attention(layer + "self_attn", d, d, d);
    w.attention(layer + "cross_attn_token_to_image", d, d / 2, d);
    w.attention(layer + "cross_attn_image_to_token", d, d / 2, d);
    w.mlp(layer + "mlp", {d, 2048, d});
    for (const char* norm : {"norm1", "norm2", "norm3", "norm4"}) w.norm(layer + norm, d);
  }
  w.attention(transformer + "final_attn_token_to_image", d, d / 2, d);
  w.norm(transformer + "norm_final_attn", d);
  w.tensor(decoder + "iou_token.weight", {1, d});
  w.tensor(decoder + "mask_tokens.weight", {4, d});
  w.tensor(decoder + "obj_score_token.weight", {1, d});
  w.tensor(decoder + "output_upscaling.0.weight", {d, d / 4, 2, 2});  // ConvTranspose2d
  w.tensor(decoder + "output_upscaling.0.bias", {d / 4});
  w.norm(decoder + "output_upscaling.1", d / 4);
  w.tensor(decoder + "output_upscaling.3.weight", {d / 4, d / 8, 2, 2});
  w.tensor(decoder + "output_upscaling.3.bias", {d / 8});
  w.conv(decoder + "conv_s0", d / 8, d, 1);
  w.conv(decoder + "conv_s1", d / 4, d, 1);
  for (int i = 0; i < 4; ++i)
    w.mlp(decoder + "output_hypernetworks_mlps." + std::to_string(i), {d, d, d, d / 8});
  w.mlp(decoder + "iou_prediction_head", {d, 256, 256, 4});
  w.mlp(decoder + "pred_obj_score_head", {d, d, d, 1});
  return shapes;
}

QString shapeText(const Shape& shape) {
  QStringList parts;
  for (int64_t size : shape) parts << QString::number(size);
  return "[" + parts.join(", ") + "]";
}

// Every key and shape the same; otherwise the first differences, one per line.
QString layoutDifferences(const model::ShapeMap& got, const model::ShapeMap& expected) {
  QStringList lines;
  for (const auto& [key, shape] : expected) {
    const auto found = got.find(key);
    if (found == got.end())
      lines << QString("missing %1 %2").arg(QString::fromStdString(key), shapeText(shape));
    else if (found->second != shape)
      lines << QString("%1: %2, expected %3")
                   .arg(QString::fromStdString(key), shapeText(found->second), shapeText(shape));
  }
  for (const auto& [key, shape] : got)
    if (expected.count(key) == 0)
      lines << QString("unexpected %1 %2").arg(QString::fromStdString(key), shapeText(shape));
  if (lines.size() > 12) lines = lines.mid(0, 12) << "...";
  return lines.join('\n');
}

bool copyFile(const QString& from, const QString& to) {
  return QFile::copy(from, to) && QFile::setPermissions(to, QFile::ReadOwner | QFile::WriteOwner);
}

}  // namespace

class TestEdgetamRecognition : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;

  static QString fixture(const std::string& file) {
    return QString::fromStdString(test::sharedPath("fixtures/edgetam-mini/" + file));
  }

 private Q_SLOTS:
  void initTestCase() { QVERIFY(m_dir.isValid()); }

  void builtInEntryIsEdgetamYaml() {
    const auto* entry = model::findOfficialModel("edgetam");
    QVERIFY(entry != nullptr);
    QCOMPARE(entry->name, std::string("edgetam"));
    QCOMPARE(entry->configName, std::string("edgetam"));
    QCOMPARE(entry->variant, std::string("edgetam"));
    QCOMPARE(entry->size, std::string("standard"));
    QCOMPARE(entry->config.variant(), std::string("edgetam"));
    QCOMPARE(model::officialModels().back().name, std::string("edgetam"));
    entry->config.validate("edgetam");
    // The published YAML, read by the same reader as any user's YAML, is the built-in entry.
    const QString path = m_dir.filePath("edgetam.yaml");
    std::ofstream(path.toStdString()) << masklet::test::kEdgetamYaml;
    const model::ModelConfig parsed = model::ModelConfig::fromYaml(path.toStdString());
    QCOMPARE(QString::fromStdString(parsed.dump()), QString::fromStdString(entry->config.dump()));
    QVERIFY(model::matchOfficialModel(parsed) == entry);
    const auto& c = entry->config;
    QCOMPARE(c.image_size, int64_t(1024));
    QCOMPARE(c.hiddenDim(), int64_t(256));
    QCOMPARE(c.memDim(), int64_t(64));
    QCOMPARE(c.image_encoder.neck.backbone_channel_list, (Shape{384, 192, 96, 48}));
    QCOMPARE(c.memory_attention.num_layers, int64_t(2));
    QVERIFY(c.memory_attention.layer.cross_attention.isV2());
    QCOMPARE(c.spatial_perceiver.num_latents, int64_t(256));
    QCOMPARE(c.spatial_perceiver.num_latents_2d, int64_t(256));
  }

  // The generator is trusted at full size only because it reproduces the recorded checkpoint.
  void generatedLayoutIsTheFixtures() {
    MASKLET_REQUIRE_SHARED("fixtures/edgetam-mini/checkpoint.pt");
    const model::ShapeMap recorded =
        model::shapesOf(model::readStateDictLayout(fixture("checkpoint.pt").toStdString()));
    const QString differences = layoutDifferences(edgetamLayout(kMiniGeometry), recorded);
    QVERIFY2(differences.isEmpty(), qPrintable(differences));
  }

  void fixtureIsACustomEdgetam() {
    MASKLET_REQUIRE_SHARED("fixtures/edgetam-mini/checkpoint.pt");
    const std::string checkpoint = fixture("checkpoint.pt").toStdString();
    const model::ShapeMap shapes = model::shapesOf(model::readStateDictLayout(checkpoint));
    const auto signature = model::inspectCheckpoint(shapes);
    QCOMPARE(signature.variant(), std::string("edgetam"));
    QVERIFY(signature.hasRepVitTrunk && !signature.hasHieraTrunk && signature.hasPerceiver);
    QCOMPARE(signature.stages, (Shape{2, 2, 14, 2}));  // the full RepViT-M1 trunk
    QCOMPARE(signature.stageWidths, (Shape{48, 96, 192, 384}));
    QCOMPARE(signature.dModel, int64_t(64));
    QCOMPARE(signature.memDim, int64_t(32));
    QCOMPARE(signature.perceiverLatents, int64_t(64));
    QCOMPARE(signature.perceiverLatents2d, int64_t(64));
    for (const auto& entry : model::officialModels())
      QVERIFY2(!model::signatureMatches(signature, entry), entry.name.c_str());
    // Without its YAML it cannot load, and the user is told what was seen and what to pass.
    const QString message = errorOf([&] { model::detectOfficialModel(shapes, "mini.pt"); });
    QVERIFY2(message.contains("mini.pt matches no official EdgeTAM model"), qPrintable(message));
    QVERIFY2(message.contains("EdgeTAM keys (RepViT trunk, spatial perceiver)"),
             qPrintable(message));
    QVERIFY2(message.contains("d_model 64, memory dim 32"), qPrintable(message));
    QVERIFY2(message.contains("perceiver 64 + 64 latents of dim 32"), qPrintable(message));
    QVERIFY2(message.contains("--config"), qPrintable(message));

    // In a model folder: EdgeTAM's family either way; with its YAML a loadable custom size.
    const QString bare = m_dir.filePath("bare-edgetam.pt");
    QVERIFY(copyFile(fixture("checkpoint.pt"), bare));
    const model::CheckpointProbe refused = model::probeCheckpoint(bare.toStdString());
    QVERIFY(!refused.loadable);
    QCOMPARE(refused.family, std::string("edgetam"));
    QVERIFY2(QString::fromStdString(refused.reason).contains("no official EdgeTAM model"),
             refused.reason.c_str());
    QVERIFY(!QString::fromStdString(refused.reason).contains('\n'));

    const QString mini = m_dir.filePath("edgetam-mini.pt");
    QVERIFY(copyFile(fixture("checkpoint.pt"), mini));
    QVERIFY(copyFile(fixture("config.yaml"), m_dir.filePath("edgetam-mini.yaml")));
    const model::CheckpointProbe probe = model::probeCheckpoint(mini.toStdString());
    QVERIFY2(probe.loadable, probe.reason.c_str());
    QCOMPARE(probe.family, std::string("edgetam"));
    QCOMPARE(probe.size, std::string("custom"));
    QVERIFY(probe.officialName.empty());
    QCOMPARE(QString::fromStdString(probe.modelText()), QString("EdgeTAM custom"));
    QCOMPARE(probe.parameters, model::elementCount(shapes));
  }

  void fullSizeLayoutIsEdgetam() {
    const model::ShapeMap shapes = edgetamLayout(kFullGeometry);
    const auto signature = model::inspectCheckpoint(shapes);
    QCOMPARE(signature.variant(), std::string("edgetam"));
    QCOMPARE(signature.neckChannels, (Shape{384, 192, 96, 48}));
    QCOMPARE(signature.memoryAttentionLayers, int64_t(2));
    QCOMPARE(signature.perceiverDim, int64_t(64));
    QCOMPARE(signature.perceiverDepth, int64_t(2));
    QVERIFY(signature.perceiverSelfAttn);
    const auto& detected = model::detectOfficialModel(shapes, "edgetam.pt");
    QCOMPARE(detected.name, std::string("edgetam"));
    int matches = 0;
    for (const auto& entry : model::officialModels())
      matches += model::signatureMatches(signature, entry) ? 1 : 0;
    QCOMPARE(matches, 1);
  }

  // The port's modules, built from the built-in entry, have exactly the generated layout (so a
  // file recognised as edgetam is also one Sam2Model::load takes), and say what they are.
  void builtModelHasTheGeneratedLayout() {
    const auto* entry = model::findOfficialModel("edgetam");
    QVERIFY(entry != nullptr);
    model::ShapeMap built;
    {
      torch::NoGradGuard noGrad;
      const model::Sam2Model model(entry->config);
      for (const auto& item : model.named_parameters(true))
        built[item.key()] = item.value().sizes().vec();
      for (const auto& item : model.named_buffers(true))
        built[item.key()] = item.value().sizes().vec();
      QCOMPARE(model.modelName(), std::string("edgetam"));
      QCOMPARE(model.size(), std::string("standard"));
      QCOMPARE(model.variant(), std::string("edgetam"));
    }
    const QString differences = layoutDifferences(built, edgetamLayout(kFullGeometry));
    QVERIFY2(differences.isEmpty(), qPrintable(differences));
    qInfo("edgetam: %lld tensors, %lld parameters", static_cast<long long>(built.size()),
          static_cast<long long>(model::elementCount(built)));
  }

  void fullSizeCheckpointFileIsProbedAsEdgetam() {
    const model::ShapeMap shapes = edgetamLayout(kFullGeometry);
    std::map<std::string, torch::Tensor> tensors;
    for (const auto& [key, shape] : shapes) {
      const bool counter = QString::fromStdString(key).endsWith("num_batches_tracked");
      tensors[key] = torch::zeros(shape, counter ? torch::kInt64 : torch::kFloat32);
    }
    QVERIFY(QDir(m_dir.path()).mkpath("full"));  // no YAML beside it
    const QString path = m_dir.filePath("full/edgetam.pt");
    test::writeCheckpoint(path.toStdString(), tensors);
    tensors.clear();
    const model::CheckpointProbe probe = model::probeCheckpoint(path.toStdString());
    QVERIFY2(probe.loadable, probe.reason.c_str());
    QCOMPARE(probe.family, std::string("edgetam"));
    QCOMPARE(probe.officialName, std::string("edgetam"));
    QCOMPARE(probe.size, std::string("standard"));
    QVERIFY(probe.configPath.empty());
    QCOMPARE(QString::fromStdString(probe.modelText()), QString("EdgeTAM"));
    QCOMPARE(probe.parameters, model::elementCount(shapes));
    QVERIFY(QFileInfo(path).size() > 4 * probe.parameters);
    QFile::remove(path);
  }

  void alteredLayoutsAreNotEdgetam_data() {
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("variant");
    QTest::addColumn<QString>("seen");
    QTest::newRow("no perceiver") << "no perceiver"
                                  << ""
                                  << "a RepViT trunk without EdgeTAM's spatial_perceiver";
    QTest::newRow("128 latents") << "128 latents"
                                 << "edgetam"
                                 << "perceiver 128 + 256 latents of dim 64";
    QTest::newRow("4 memory-attention layers") << "4 layers"
                                               << "edgetam"
                                               << "4 memory-attention layers";
    QTest::newRow("d_model 128") << "d_model 128"
                                 << "edgetam"
                                 << "d_model 128";
    QTest::newRow("a stage block fewer") << "13 blocks"
                                         << "edgetam"
                                         << "trunk stages [2, 2, 13, 2]";
    QTest::newRow("SAM 2.1 keys added") << "2.1 keys"
                                        << ""
                                        << "EdgeTAM keys with SAM 2.1 additions";
  }
  void alteredLayoutsAreNotEdgetam() {
    QFETCH(QString, change);
    QFETCH(QString, variant);
    QFETCH(QString, seen);
    model::ShapeMap shapes = edgetamLayout(kFullGeometry);
    const auto removePrefix = [&](const std::string& prefix) {
      for (auto it = shapes.begin(); it != shapes.end();)
        it = it->first.rfind(prefix, 0) == 0 ? shapes.erase(it) : std::next(it);
    };
    if (change == "no perceiver") {
      removePrefix("spatial_perceiver.");
    } else if (change == "128 latents") {
      shapes["spatial_perceiver.latents"] = {128, 64};
    } else if (change == "4 layers") {
      EdgetamGeometry deeper = kFullGeometry;
      deeper.attentionLayers = 4;
      shapes = edgetamLayout(deeper);
    } else if (change == "d_model 128") {
      EdgetamGeometry narrower = kFullGeometry;
      narrower.dModel = 128;
      shapes = edgetamLayout(narrower);
    } else if (change == "13 blocks") {
      removePrefix("image_encoder.trunk.body.stages_2.blocks.13.");
    } else if (change == "2.1 keys") {
      shapes["no_obj_embed_spatial"] = {1, 64};
      shapes["obj_ptr_tpos_proj.weight"] = {64, 256};
      shapes["obj_ptr_tpos_proj.bias"] = {64};
    }
    const auto signature = model::inspectCheckpoint(shapes);
    QCOMPARE(QString::fromStdString(signature.variant()), variant);
    const QString message = errorOf([&] { model::detectOfficialModel(shapes, "changed.pt"); });
    QVERIFY2(message.contains("changed.pt matches no official EdgeTAM model"), qPrintable(message));
    QVERIFY2(message.contains(seen), qPrintable(message));
    QVERIFY2(message.contains("edgetam.pt has trunk stages [2, 2, 14, 2]"), qPrintable(message));
  }

  // The SAM 2 fixtures stay SAM 2: no EdgeTAM key, and the EdgeTAM entry never matches them.
  void sam2LayoutsAreNotEdgetam() {
    MASKLET_REQUIRE_SHARED("fixtures/sam2.1-mini/checkpoint.pt");
    const std::string checkpoint = test::sharedPath("fixtures/sam2.1-mini/checkpoint.pt");
    const auto signature =
        model::inspectCheckpoint(model::shapesOf(model::readStateDictLayout(checkpoint)));
    QCOMPARE(signature.variant(), std::string("sam2.1"));
    QVERIFY(signature.hasHieraTrunk && !signature.hasRepVitTrunk && !signature.hasPerceiver);
    QVERIFY(!model::signatureMatches(signature, *model::findOfficialModel("edgetam")));
    const QString message = errorOf([&] {
      model::detectOfficialModel(model::shapesOf(model::readStateDictLayout(checkpoint)), "s.pt");
    });
    QVERIFY2(message.contains("matches no official SAM 2 model"), qPrintable(message));
  }
};

MASKLET_TEST_APPLESS_MAIN(TestEdgetamRecognition)
#include "test_edgetam_recognition.moc"
