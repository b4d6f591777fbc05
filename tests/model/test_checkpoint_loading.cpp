// Sam2Model::load: the fixtures' checkpoints load strictly with their configs; damaged,
// modified, foreign and malicious files are refused with a message naming the problem; the
// detector recognises every official model from its weights' shapes and refuses the rest.
#include <QtTest/QtTest>

#include "error_of.h"
#include "test_registry.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>

#include "checkpoint_writer_test_util.h"
#include "common/error.h"
#include "model/checkpoint_inspector.h"
#include "model/checkpoint_reader.h"
#include "model/official_models.h"
#include "model/sam2_model.h"
#include "shared_data.h"
#include "tensor_compare.h"

using namespace masklet;

using masklet::test::errorOf;

namespace {

std::string fixtureFile(const std::string& fixture, const std::string& file) {
  return test::sharedPath("fixtures/" + fixture + "/" + file);
}

int64_t numelSum(const model::TensorMap& weights) {
  int64_t total = 0;
  for (const auto& [key, tensor] : weights) total += tensor.numel();
  return total;
}

}  // namespace

class TestCheckpointLoading : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void fixtureCheckpointLoadsStrictly_data() {
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("variant");
    QTest::newRow("sam2.1-mini") << "sam2.1-mini"
                                 << "sam2.1";
    QTest::newRow("sam2.0-mini") << "sam2.0-mini"
                                 << "sam2";
    QTest::newRow("sam2.1-mini-correct-as-cond") << "sam2.1-mini-correct-as-cond"
                                                 << "sam2.1";
  }
  void fixtureCheckpointLoadsStrictly() {
    QFETCH(QString, fixture);
    QFETCH(QString, variant);
    const std::string name = fixture.toStdString();
    MASKLET_REQUIRE_SHARED("fixtures/" + name + "/checkpoint.pt");
    const std::string checkpoint = fixtureFile(name, "checkpoint.pt");
    const std::string yaml = fixtureFile(name, "config.yaml");
    const auto model = model::Sam2Model::load(checkpoint, yaml, torch::Device(torch::kCPU));
    const auto weights = model::readStateDict(checkpoint);
    // Every state-dict tensor became exactly one parameter or buffer with the same values.
    std::map<std::string, torch::Tensor> loaded;
    for (const auto& item : model->named_parameters(true)) loaded[item.key()] = item.value();
    for (const auto& item : model->named_buffers(true)) loaded[item.key()] = item.value();
    QCOMPARE(loaded.size(), weights.size());
    for (const auto& [key, tensor] : weights) {
      QVERIFY2(loaded.count(key), key.c_str());
      QVERIFY2(torch::equal(loaded.at(key), tensor.to(torch::kFloat32)), key.c_str());
    }
    QCOMPARE(model->parameterCount(), numelSum(weights));
    QCOMPARE(QString::fromStdString(model->variant()), variant);
    QCOMPARE(model->modelName(), std::string("custom"));
    QCOMPARE(model->size(), std::string("custom"));
    QCOMPARE(model->configSource(), yaml);
    QVERIFY(!model->is_training());
    for (const auto& parameter : model->parameters()) QVERIFY(!parameter.requires_grad());
    QVERIFY(model->device().is_cpu());
    // The members the tracker reads are the loaded tensors.
    QVERIFY(torch::equal(model->no_mem_embed, weights.at("no_mem_embed")));
    QCOMPARE(model->maskmem_tpos_enc.sizes().vec(), (std::vector<int64_t>{7, 1, 1, 32}));
    QCOMPARE(model->no_obj_embed_spatial.defined(), variant == "sam2.1");
    QCOMPARE(bool(model->obj_ptr_tpos_proj), variant == "sam2.1");
    // obj_ptr_proj is the 3-layer MLP of the fixture's config: x -> relu(L0) -> relu(L1) -> L2.
    torch::NoGradGuard noGrad;
    const auto x = torch::linspace(-1, 1, 2 * 64).reshape({2, 64});
    auto expected = torch::relu(torch::nn::functional::linear(
        x, weights.at("obj_ptr_proj.layers.0.weight"), weights.at("obj_ptr_proj.layers.0.bias")));
    expected = torch::relu(torch::nn::functional::linear(expected,
                                                         weights.at("obj_ptr_proj.layers.1.weight"),
                                                         weights.at("obj_ptr_proj.layers.1.bias")));
    expected = torch::nn::functional::linear(expected, weights.at("obj_ptr_proj.layers.2.weight"),
                                             weights.at("obj_ptr_proj.layers.2.bias"));
    QVERIFY(torch::allclose(model->projectObjPtr(x), expected, 1e-5, 1e-6));
  }

  // The model assembled from ModelConfig (not from each module's own options) reproduces the
  // recorded calls of every submodule: checks the config -> options wiring of all of them.
  void loadedModelReproducesRecordedCalls_data() { fixtureCheckpointLoadsStrictly_data(); }
  void loadedModelReproducesRecordedCalls() {
    QFETCH(QString, fixture);
    const std::string name = fixture.toStdString();
    MASKLET_REQUIRE_SHARED("fixtures/" + name + "/trace.pt");
    torch::NoGradGuard noGrad;
    const auto model =
        model::Sam2Model::load(fixtureFile(name, "checkpoint.pt"), fixtureFile(name, "config.yaml"),
                               torch::Device(torch::kCPU));
    const auto trace = model::readTensorFile(fixtureFile(name, "trace.pt"));
    int compared = 0;
    auto close = [&](const torch::Tensor& actual, const std::string& key) {
      QVERIFY2(trace.count(key), key.c_str());
      const auto report = test::compareClose(actual, trace.at(key));
      QVERIFY2(report.ok, (key + ": " + report.message).c_str());
      ++compared;
    };
    auto has = [&](const std::string& key) { return trace.count(key) > 0; };
    for (int call = 0; call < 2; ++call) {
      const std::string k = std::to_string(call);
      const std::string enc = "calls.image_encoder." + k + ".";
      if (has(enc + "in.sample")) {
        const auto out = model->image_encoder->forward(trace.at(enc + "in.sample"));
        close(out.vision_features, enc + "out.vision_features");
        for (size_t i = 0; i < out.backbone_fpn.size(); ++i) {
          close(out.backbone_fpn[i], enc + "out.backbone_fpn." + std::to_string(i));
          close(out.vision_pos_enc[i], enc + "out.vision_pos_enc." + std::to_string(i));
        }
      }
      const std::string pe = "calls.sam_prompt_encoder." + k + ".";
      if (has(pe + "out.0")) {
        std::optional<std::pair<torch::Tensor, torch::Tensor>> points;
        std::optional<torch::Tensor> boxes;
        std::optional<torch::Tensor> masks;
        if (has(pe + "in.points.0"))
          points = std::make_pair(trace.at(pe + "in.points.0"), trace.at(pe + "in.points.1"));
        if (has(pe + "in.boxes")) boxes = trace.at(pe + "in.boxes");
        if (has(pe + "in.masks")) masks = trace.at(pe + "in.masks");
        const auto [sparse, dense] = model->sam_prompt_encoder->forward(points, boxes, masks);
        close(sparse, pe + "out.0");
        close(dense, pe + "out.1");
      }
      const std::string dec = "calls.sam_mask_decoder." + k + ".";
      if (has(dec + "out.0")) {
        std::vector<torch::Tensor> highRes;
        for (int i = 0; has(dec + "in.high_res_features." + std::to_string(i)); ++i)
          highRes.push_back(trace.at(dec + "in.high_res_features." + std::to_string(i)));
        const auto out = model->sam_mask_decoder->forward(
            trace.at(dec + "in.image_embeddings"), trace.at(dec + "in.image_pe"),
            trace.at(dec + "in.sparse_prompt_embeddings"),
            trace.at(dec + "in.dense_prompt_embeddings"),
            trace.at(dec + "in.multimask_output").item<bool>(),
            trace.at(dec + "in.repeat_image").item<bool>(), highRes);
        close(out.masks, dec + "out.0");
        close(out.iou_pred, dec + "out.1");
        close(out.sam_tokens_out, dec + "out.2");
        close(out.object_score_logits, dec + "out.3");
      }
      const std::string mem = "calls.memory_encoder." + k + ".";
      if (has(mem + "in.pix_feat")) {
        const auto out = model->memory_encoder->forward(
            trace.at(mem + "in.pix_feat"), trace.at(mem + "in.masks"),
            trace.at(mem + "in.skip_mask_sigmoid").item<bool>());
        close(out.vision_features, mem + "out.vision_features");
        close(out.vision_pos_enc.at(0), mem + "out.vision_pos_enc.0");
      }
      const std::string att = "calls.memory_attention." + k + ".";
      if (has(att + "in.curr.0")) {
        close(model->memory_attention->forward(
                  trace.at(att + "in.curr.0"), trace.at(att + "in.memory"),
                  trace.at(att + "in.curr_pos.0"), trace.at(att + "in.memory_pos"),
                  trace.at(att + "in.num_obj_ptr_tokens").item<int64_t>()),
              att + "out");
      }
      const std::string ptr = "calls.obj_ptr_proj." + k + ".";
      if (has(ptr + "in.x")) close(model->projectObjPtr(trace.at(ptr + "in.x")), ptr + "out");
    }
    // Two recorded calls of each module: image encoder 7 tensors, prompt encoder 2, mask
    // decoder 4, memory encoder 2, memory attention 1, object-pointer projection 1.
    QCOMPARE(compared, 2 * (7 + 2 + 4 + 2 + 1 + 1));
  }

  void fixtureWithoutConfigMatchesNoOfficialModel() {
    MASKLET_REQUIRE_SHARED("fixtures/sam2.1-mini/checkpoint.pt");
    const std::string checkpoint = fixtureFile("sam2.1-mini", "checkpoint.pt");
    const QString message = errorOf([&] { model::Sam2Model::load(checkpoint); });
    QVERIFY2(message.contains("matches no official SAM 2 model"), qPrintable(message));
    // What was seen: the fixture README's geometry (embed 24, stages [1,2,4,2] = 9 blocks).
    QVERIFY2(
        message.contains("SAM 2.1 keys, trunk embed dim 24, 9 trunk blocks (stages [1, 2, 4, 2])"),
        qPrintable(message));
    QVERIFY2(message.contains("d_model 64, memory dim 32"), qPrintable(message));
    QVERIFY2(message.contains("--config"), qPrintable(message));
  }

  void renamedOrReshapedWeightsMatchNoOfficialModel() {
    MASKLET_REQUIRE_SHARED("fixtures/sam2.0-mini/checkpoint.pt");
    const auto weights = model::readStateDict(fixtureFile("sam2.0-mini", "checkpoint.pt"));
    // DataParallel-style renaming hides the trunk entirely.
    model::ShapeMap renamed;
    for (const auto& [key, tensor] : weights) renamed["module." + key] = tensor.sizes().vec();
    QString message = errorOf([&] { model::detectOfficialModel(renamed, "renamed.pt"); });
    QVERIFY2(message.contains("renamed.pt matches no official SAM 2 model"), qPrintable(message));
    QVERIFY2(message.contains("not a SAM 2 (Hiera) checkpoint"), qPrintable(message));
    // Widened to the official tiny trunk width, but still 9 blocks in 2.0 layout.
    model::ShapeMap reshaped = model::shapesOf(weights);
    reshaped["image_encoder.trunk.patch_embed.proj.weight"] = {96, 3, 7, 7};
    message = errorOf([&] { model::detectOfficialModel(reshaped, "reshaped.pt"); });
    QVERIFY2(message.contains("SAM 2.0 keys, trunk embed dim 96, 9 trunk blocks"),
             qPrintable(message));
    // Only half of the 2.1 additions.
    model::ShapeMap half = model::shapesOf(weights);
    half["no_obj_embed_spatial"] = {1, 32};
    message = errorOf([&] { model::detectOfficialModel(half, "half.pt"); });
    QVERIFY2(message.contains("no_obj_embed_spatial without obj_ptr_tpos_proj"),
             qPrintable(message));
  }

  // No official checkpoint is available here, so the shapes of each official model are taken
  // from a Sam2Model built from its table config (the same modules the fixtures verify).
  void detectorRecognisesEveryOfficialModel_data() {
    QTest::addColumn<QString>("name");
    // "Size (M)" of the official README, which truncates (2.1 tiny: 38.96 M listed as 38.9),
    // and the byte size of the published .pt (models/registry.tsv; 0 where not recorded):
    // float32 weights plus well under 1 MB of pickle and zip records.
    QTest::addColumn<double>("publishedMillions");
    QTest::addColumn<double>("step");
    QTest::addColumn<qint64>("fileBytes");
    QTest::newRow("sam2.1_hiera_tiny") << "sam2.1_hiera_tiny" << 38.9 << 0.1 << qint64(156008466);
    QTest::newRow("sam2.1_hiera_small") << "sam2.1_hiera_small" << 46.0 << 1.0 << qint64(184416285);
    QTest::newRow("sam2.1_hiera_base_plus")
        << "sam2.1_hiera_base_plus" << 80.8 << 0.1 << qint64(323606802);
    QTest::newRow("sam2.1_hiera_large")
        << "sam2.1_hiera_large" << 224.4 << 0.1 << qint64(898083611);
    QTest::newRow("sam2_hiera_tiny") << "sam2_hiera_tiny" << 38.9 << 0.1 << qint64(155906050);
    QTest::newRow("sam2_hiera_small") << "sam2_hiera_small" << 46.0 << 1.0 << qint64(0);
    QTest::newRow("sam2_hiera_base_plus") << "sam2_hiera_base_plus" << 80.8 << 0.1 << qint64(0);
    QTest::newRow("sam2_hiera_large") << "sam2_hiera_large" << 224.4 << 0.1 << qint64(0);
  }
  void detectorRecognisesEveryOfficialModel() {
    QFETCH(QString, name);
    QFETCH(double, publishedMillions);
    QFETCH(double, step);
    QFETCH(qint64, fileBytes);
    const auto* entry = model::findOfficialModel(name.toStdString());
    QVERIFY(entry != nullptr);
    model::ShapeMap shapes;
    {
      torch::NoGradGuard noGrad;
      const model::Sam2Model built(entry->config);
      for (const auto& item : built.named_parameters(true))
        shapes[item.key()] = item.value().sizes().vec();
      for (const auto& item : built.named_buffers(true))
        shapes[item.key()] = item.value().sizes().vec();
      QCOMPARE(built.modelName(), entry->name);
      QCOMPARE(built.size(), entry->size);
    }
    const int64_t count = model::elementCount(shapes);
    const double millions = double(count) / 1e6;
    const QString numbers = QString("%1 has %2 parameters, published %3 M, file %4 bytes")
                                .arg(name)
                                .arg(count)
                                .arg(publishedMillions)
                                .arg(fileBytes);
    QVERIFY2(millions >= publishedMillions - 1e-9 && millions < publishedMillions + step,
             qPrintable(numbers));
    if (fileBytes > 0) {
      const qint64 overhead = fileBytes - 4 * count;
      QVERIFY2(overhead > 0 && overhead < 1000000, qPrintable(numbers));
    }
    const auto& detected = model::detectOfficialModel(shapes, name.toStdString() + ".pt");
    QCOMPARE(detected.name, entry->name);
    const auto signature = model::inspectCheckpoint(shapes);
    QCOMPARE(signature.stages, entry->config.image_encoder.trunk.stages);
    QCOMPARE(signature.variant(), entry->variant);
    QCOMPARE(signature.firstWindow, int64_t(8));
    int matches = 0;
    for (const auto& other : model::officialModels())
      matches += model::signatureMatches(signature, other) ? 1 : 0;
    QCOMPARE(matches, 1);
  }

  void otherVariantsWeightsAreRefusedByKey() {
    // A 2.0 tiny model whose weights are the 2.1 fixture's: shape errors name the key.
    MASKLET_REQUIRE_SHARED("fixtures/sam2.1-mini/checkpoint.pt");
    const std::string checkpoint = fixtureFile("sam2.1-mini", "checkpoint.pt");
    const QString message = errorOf(
        [&] { model::Sam2Model::load(checkpoint, fixtureFile("sam2.0-mini", "config.yaml")); });
    QVERIFY2(message.contains("cannot be loaded with config"), qPrintable(message));
    QVERIFY2(message.contains("key no_obj_embed_spatial: unexpected"), qPrintable(message));
    QVERIFY2(message.contains("key obj_ptr_tpos_proj.weight: unexpected"), qPrintable(message));
  }

  void modifiedCheckpointsAreRefused_data() {
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("expected");
    QTest::newRow("wrong shape") << "reshape"
                                 << "key image_encoder.trunk.pos_embed: expected shape [1, 24, 7, "
                                    "7], got [1, 24, 8, 8]";
    QTest::newRow("missing key") << "drop"
                                 << "key sam_mask_decoder.iou_token.weight: missing from the "
                                    "checkpoint (expected shape [1, 64])";
    QTest::newRow("unexpected key") << "add"
                                    << "key sam_mask_decoder.extra_head.weight: unexpected";
  }
  void modifiedCheckpointsAreRefused() {
    QFETCH(QString, change);
    QFETCH(QString, expected);
    MASKLET_REQUIRE_SHARED("fixtures/sam2.1-mini/checkpoint.pt");
    auto weights = model::readStateDict(fixtureFile("sam2.1-mini", "checkpoint.pt"));
    if (change == "reshape") weights["image_encoder.trunk.pos_embed"] = torch::zeros({1, 24, 8, 8});
    if (change == "drop") weights.erase("sam_mask_decoder.iou_token.weight");
    if (change == "add") weights["sam_mask_decoder.extra_head.weight"] = torch::ones({3, 3});
    const std::string path = QDir(m_dir.path()).filePath(change + ".pt").toStdString();
    test::writeCheckpoint(path, weights);
    const QString message =
        errorOf([&] { model::Sam2Model::load(path, fixtureFile("sam2.1-mini", "config.yaml")); });
    QVERIFY2(message.contains(QString::fromStdString(path)), qPrintable(message));
    QVERIFY2(message.contains(expected), qPrintable(message));
    QVERIFY2(message.contains("1 problem"), qPrintable(message));
  }

  void testWriterRoundTripsTheFixture() {
    // The writer the refusal tests rely on produces what the reader and the loader accept.
    MASKLET_REQUIRE_SHARED("fixtures/sam2.0-mini/checkpoint.pt");
    const auto weights = model::readStateDict(fixtureFile("sam2.0-mini", "checkpoint.pt"));
    const std::string path = QDir(m_dir.path()).filePath("copy.pt").toStdString();
    test::writeCheckpoint(path, weights);
    const auto copy = model::readStateDict(path);
    QCOMPARE(copy.size(), weights.size());
    for (const auto& [key, tensor] : weights)
      QVERIFY2(torch::equal(copy.at(key), tensor), key.c_str());
    const auto model = model::Sam2Model::load(path, fixtureFile("sam2.0-mini", "config.yaml"),
                                              torch::Device(torch::kCPU));
    QCOMPARE(model->parameterCount(), numelSum(weights));
  }

  void truncatedZipIsRefused() {
    MASKLET_REQUIRE_SHARED("fixtures/sam2.1-mini/checkpoint.pt");
    const std::string source = fixtureFile("sam2.1-mini", "checkpoint.pt");
    std::ifstream in(source, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string path = QDir(m_dir.path()).filePath("truncated.pt").toStdString();
    std::ofstream(path, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    const QString message =
        errorOf([&] { model::Sam2Model::load(path, fixtureFile("sam2.1-mini", "config.yaml")); });
    QVERIFY2(message.contains(QString::fromStdString(path)), qPrintable(message));
    QVERIFY2(message.contains("truncated"), qPrintable(message));
  }

  void foreignGlobalIsRefusedBeforeAnythingRuns_data() {
    QTest::addColumn<QString>("module");
    QTest::addColumn<QString>("name");
    QTest::newRow("posix.system") << "posix"
                                  << "system";
    QTest::newRow("builtins.eval") << "builtins"
                                   << "eval";
    QTest::newRow("os.system") << "os"
                               << "system";
  }
  void foreignGlobalIsRefusedBeforeAnythingRuns() {
    QFETCH(QString, module);
    QFETCH(QString, name);
    const std::string marker = QDir(m_dir.path()).filePath("pwned").toStdString();
    // The classic payload: GLOBAL module.name, ('touch MARKER',), REDUCE, STOP.
    test::PickleBytes payload;
    payload.op('\x80').op('\x02').global(module.toStdString(), name.toStdString());
    payload.text("touch " + marker).op('\x85').op('R').op('.');
    const std::string path = QDir(m_dir.path()).filePath("payload.pt").toStdString();
    test::writeTorchZip(path, payload.bytes());
    const QString message = errorOf([&] { model::Sam2Model::load(path); });
    QVERIFY2(message.contains(module + "." + name), qPrintable(message));
    QVERIFY2(message.contains("refusing to load"), qPrintable(message));
    QVERIFY2(message.contains("nothing was run"), qPrintable(message));
    QVERIFY(!std::filesystem::exists(marker));
  }

  void foreignGlobalInsideAStateDictIsRefused() {
    // A valid-looking state dict whose second value is a call to builtins.eval.
    test::PickleBytes payload;
    payload.op('\x80').op('\x02').op('}').text("model");
    payload.global("collections", "OrderedDict").op(')').op('R').op('(');
    payload.text("no_mem_embed").global("builtins", "eval").text("__import__('os')").op('\x85');
    payload.op('R').op('u').op('s').op('.');
    const std::string path = QDir(m_dir.path()).filePath("nested.pt").toStdString();
    test::writeTorchZip(path, payload.bytes());
    const QString message = errorOf([&] { model::Sam2Model::load(path); });
    QVERIFY2(message.contains("builtins.eval"), qPrintable(message));
  }

  void notACheckpointIsRefused() {
    const std::string path = QDir(m_dir.path()).filePath("notes.pt").toStdString();
    std::ofstream(path) << "these are not weights\n";
    QString message = errorOf([&] { model::Sam2Model::load(path); });
    QVERIFY2(message.contains("is not a readable PyTorch checkpoint"), qPrintable(message));
    message = errorOf([&] { model::Sam2Model::load("/nonexistent/sam2.1_hiera_tiny.pt"); });
    QVERIFY2(message.contains("file not found"), qPrintable(message));
  }

 private:
  QTemporaryDir m_dir;
};

MASKLET_TEST_APPLESS_MAIN(TestCheckpointLoading)
#include "test_checkpoint_loading.moc"
