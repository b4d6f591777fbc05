// EdgeTAM in the tracker (../shared/fixtures/edgetam-mini): image mode (ImageSession) gives the
// official decoder's first call of the recorded session and sane masks on real images, and
// `masklet-cli segment` runs the model; a new memory is the perceiver's latent sequence
// [1, N, mem_dim] in bfloat16, it is what the memory attention reads (with the number of
// spatial memories), and it leaves RAM for the spill file and comes back bit for bit; what a
// tracked frame stores, for the fixture and the released models. The whole session is replayed
// by test_replay_fixtures (and spilled by test_track_state_spill).
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>

#include <memory>
#include <optional>
#include <string>

#include "child_process.h"
#include "model/checkpoint_reader.h"
#include "model/official_models.h"
#include "model/sam2_model.h"
#include "shared_data.h"
#include "tensor_compare.h"
#include "tracker/image_preprocess.h"
#include "tracker/image_session.h"
#include "tracker/memory_layout.h"
#include "tracker/sam2_tracking.h"
#include "tracker/track_state_spill.h"

using namespace masklet;

namespace {

const char* kFixture = "fixtures/edgetam-mini";
constexpr int kWidth = 160;  // the fixture's video (session.json)
constexpr int kHeight = 90;

struct Fixture {
  std::shared_ptr<const model::Sam2Model> model;
  model::TensorMap trace;
};

const Fixture& fixture() {
  static std::unique_ptr<Fixture> f;
  if (!f) {
    const std::string dir = test::sharedPath(kFixture);
    f = std::make_unique<Fixture>();
    f->model = model::Sam2Model::load(dir + "/checkpoint.pt", dir + "/config.yaml");
    f->trace = model::readTensorFile(dir + "/trace.pt");
  }
  return *f;
}

torch::Tensor recorded(const std::string& key) {
  const auto it = fixture().trace.find(key);
  if (it == fixture().trace.end()) qFatal("trace.pt has no key %s", key.c_str());
  return it->second;
}

void verifyClose(const torch::Tensor& got, const torch::Tensor& expected, const std::string& what) {
  const auto cmp = test::compareClose(got, expected);
  QVERIFY2(cmp.ok, qPrintable(QString::fromStdString(what + ": " + cmp.message)));
}

// Frame 0's backbone features as the tracker prepares them.
tracker::BackboneFeatures frame0Features(const tracker::Sam2Tracking& tracking) {
  const auto image = recorded("images").slice(0, 0, 1);
  return tracking.prepareBackboneFeatures(tracking.forwardImage(image));
}

// The first memory of the session (object 1 on frame 0, encoded before the first
// propagation): the recorded memory-encoder input is a binarised mask, so feeding it back as
// logits with isMaskFromPts gives the same encoder input.
tracker::MemoryEncoding firstMemory(const tracker::Sam2Tracking& tracking,
                                    tracker::MemoryPrecision precision) {
  const auto masks = recorded("calls.memory_encoder.0.in.masks");
  return tracking.encodeNewMemory(frame0Features(tracking), masks, torch::ones({1, 1}),
                                  /*isMaskFromPts=*/true, precision);
}

}  // namespace

class TestEdgeTamSession : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // The session's first click (frame 0, untracked: plain SAM with no_mem_embed) is what the
  // image predictor computes for the same model input and click.
  void imageModeMatchesFirstDecoderCall() {
    MASKLET_REQUIRE_SHARED(kFixture);
    tracker::ImageSession session(fixture().model);
    session.setModelInput(recorded("images").slice(0, 0, 1), {{kHeight, kWidth}}, false);
    verifyClose(session.imageEmbedding(), recorded("calls.sam_mask_decoder.0.in.image_embeddings"),
                "image embedding");
    const auto prediction =
        session.predict(tracker::ImagePrompt::fromPoints({{50.0f, 40.0f}}, {1}));
    QCOMPARE(prediction.masks.sizes().vec(), (std::vector<int64_t>{3, kHeight, kWidth}));
    const auto lowRes = recorded("calls.sam_mask_decoder.0.out.0").squeeze(0);
    verifyClose(prediction.lowResLogits, torch::clamp(lowRes, -32.0, 32.0), "low-res logits");
    verifyClose(prediction.ious, recorded("calls.sam_mask_decoder.0.out.1").squeeze(0), "ious");
  }

  // A real photo (another size, antialiased resize) and a batch: finite masks at each image's
  // size, predicted IoUs in [0, 1] (iou_prediction_use_sigmoid), one mask set per box.
  void imageModeOnRealImages() {
    MASKLET_REQUIRE_SHARED(kFixture);
    MASKLET_REQUIRE_SHARED("fixtures/image-sam2.1-mini/images/01.png");
    const auto dir = test::sharedPath("fixtures/image-sam2.1-mini/images");
    const auto first = tracker::readRgbImage(dir + "/00.png");
    const auto second = tracker::readRgbImage(dir + "/01.png");
    tracker::ImageSession session(fixture().model);
    session.setImage(first);
    auto box = tracker::ImagePrompt::fromBox({100.0f, 60.0f, 400.0f, 300.0f});
    box.multimask = false;
    const auto single = session.predict(box);
    QCOMPARE(single.masks.sizes().vec(), (std::vector<int64_t>{1, first.rows, first.cols}));
    QVERIFY(torch::isfinite(single.masks).all().item<bool>());
    QVERIFY(single.ious.min().item<float>() >= 0.0f && single.ious.max().item<float>() <= 1.0f);

    session.setImageBatch({first, second});
    const auto batch =
        session.predictBatch({tracker::ImagePrompt::fromPoints({{320.0f, 180.0f}}, {1}),
                              tracker::ImagePrompt::fromBoxes({{10.0f, 10.0f, 200.0f, 150.0f},
                                                               {100.0f, 50.0f, 300.0f, 250.0f}})});
    QCOMPARE(batch.size(), std::size_t(2));
    QCOMPARE(batch[0].masks.sizes().vec(), (std::vector<int64_t>{3, first.rows, first.cols}));
    QCOMPARE(batch[1].masks.sizes().vec(), (std::vector<int64_t>{2, 3, second.rows, second.cols}));
    for (const auto& p : batch) QVERIFY(torch::isfinite(p.masks).all().item<bool>());
  }

  // `masklet-cli segment` (headless image mode) takes the EdgeTAM checkpoint and its YAML:
  // one SA-1B file per image, one mask per prompt.
  void segmentCommandRunsEdgeTam() {
    MASKLET_REQUIRE_SHARED(kFixture);
    MASKLET_REQUIRE_SHARED("fixtures/image-sam2.1-mini/images/01.png");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile prompts(dir.filePath("prompts.json"));
    QVERIFY(prompts.open(QIODevice::WriteOnly));
    prompts.write(R"({"*": [{"box": [100, 60, 400, 300]},
                           {"points": [[320, 180]], "labels": [1], "multimask": true}]})");
    prompts.close();
    const auto model = QString::fromStdString(test::sharedPath(kFixture));
    test::ChildProcess cli;
    QVERIFY(cli.start(
        QString::fromStdString(test::binDir()) + "/masklet-cli",
        {"segment", "--images",
         QString::fromStdString(test::sharedPath("fixtures/image-sam2.1-mini/images")), "--prompts",
         prompts.fileName(), "--out", dir.filePath("out"), "--checkpoint", model + "/checkpoint.pt",
         "--config", model + "/config.yaml", "--precision", "fp32"}));
    QVERIFY(cli.waitForFinished(5 * 60 * 1000));
    QVERIFY2(cli.exitCode() == 0, cli.readStderr().constData());
    for (const QString name : {"00.json", "01.json"}) {
      QFile file(dir.filePath("out/" + name));
      QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(name));
      const auto annotations = QJsonDocument::fromJson(file.readAll())["annotations"].toArray();
      QCOMPARE(annotations.size(), 2);
    }
  }

  // The memory is the perceiver's output: latents [1, N, mem_dim] (global ones first, with
  // zero encodings), recorded at the module bound; stored in bfloat16, the rounding of the
  // float32 latents.
  void memoryIsPerceiverLatents() {
    MASKLET_REQUIRE_SHARED(kFixture);
    const tracker::Sam2Tracking tracking(fixture().model);
    const auto exact = firstMemory(tracking, tracker::MemoryPrecision::Float32);
    const auto latents = recorded("calls.spatial_perceiver.0.out.0");
    const auto latentPos = recorded("calls.spatial_perceiver.0.out.1");
    QCOMPARE(exact.maskmem_features.sizes().vec(), latents.sizes().vec());
    QCOMPARE(exact.maskmem_pos_enc.size(), std::size_t(1));
    verifyClose(exact.maskmem_features, latents, "latents");
    verifyClose(exact.maskmem_pos_enc.front(), latentPos, "latent position encodings");
    const int64_t numGlobal = fixture().model->config().spatial_perceiver.num_latents;
    QVERIFY(numGlobal > 0);
    QVERIFY(torch::equal(exact.maskmem_pos_enc.front().slice(1, 0, numGlobal),
                         torch::zeros({1, numGlobal, latents.size(2)})));

    const auto stored = firstMemory(tracking, tracker::MemoryPrecision::BFloat16);
    QCOMPARE(stored.maskmem_features.scalar_type(), torch::kBFloat16);
    QVERIFY(torch::equal(stored.maskmem_features, exact.maskmem_features.to(torch::kBFloat16)));
  }

  // What the first tracked frame attends to: the conditioning frame's latents (then the
  // object pointer's tokens), one spatial memory, as recorded.
  void memoryInputsCountSpatialMemories() {
    MASKLET_REQUIRE_SHARED(kFixture);
    const tracker::Sam2Tracking tracking(fixture().model);
    tracker::OutputDict outputs;
    auto& cond = outputs.cond_frame_outputs[0];
    const auto memory = firstMemory(tracking, tracker::MemoryPrecision::BFloat16);
    cond.maskmem_features = memory.maskmem_features;
    cond.maskmem_pos_enc = memory.maskmem_pos_enc;
    cond.obj_ptr = recorded("calls.obj_ptr_proj.0.out");
    cond.generation = tracker::nextOutputGeneration();
    const auto inputs = tracking.buildMemoryInputs(1, false, 1, outputs, 8, false);
    QCOMPARE(inputs.num_spatial_mem,
             recorded("calls.memory_attention.0.in.kw.num_spatial_mem").item<int64_t>());
    QCOMPARE(inputs.num_obj_ptr_tokens,
             recorded("calls.memory_attention.0.in.num_obj_ptr_tokens").item<int64_t>());
    const auto expected = recorded("calls.memory_attention.0.in.memory_pos");
    QCOMPARE(inputs.memory_pos.sizes().vec(), expected.sizes().vec());
    // The spatial part's encodings (the pointer's depend on its own decoder call).
    const int64_t spatial = expected.size(0) - inputs.num_obj_ptr_tokens;
    verifyClose(inputs.memory_pos.slice(0, 0, spatial), expected.slice(0, 0, spatial),
                "memory position encodings");
    QCOMPARE(inputs.memory.sizes().vec(), expected.sizes().vec());
  }

  // With no RAM budget the latents go to the spill file and come back with their shape, dtype
  // and bits; the layout helpers read them as tokens like a map.
  void spilledLatentsRoundTrip() {
    MASKLET_REQUIRE_SHARED(kFixture);
    const tracker::Sam2Tracking tracking(fixture().model);
    const auto memory = firstMemory(tracking, tracker::MemoryPrecision::BFloat16);
    const auto original = memory.maskmem_features.clone();
    std::vector<tracker::ObjectState> objects(1);
    auto& out = objects[0].outputs.non_cond_frame_outputs[3];
    out.maskmem_features = memory.maskmem_features;
    out.maskmem_pos_enc = memory.maskmem_pos_enc;
    out.pred_masks = torch::randn({1, 1, 64, 64});
    out.generation = tracker::nextOutputGeneration();
    const auto masks = out.pred_masks.clone();

    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    tracker::TrackStateSpill spill(0, folder.path().toStdString(), torch::kCPU);
    spill.enforceBudget(objects);
    QVERIFY(!out.maskmem_features.defined());
    QCOMPARE(spill.residentBytes(), std::size_t(0));
    QCOMPARE(spill.diskBytes(), original.nbytes() + masks.nbytes());
    spill.loadFrame(objects[0], 3);
    QCOMPARE(out.maskmem_features.sizes().vec(), original.sizes().vec());
    QCOMPARE(out.maskmem_features.scalar_type(), torch::kBFloat16);
    QVERIFY(torch::equal(out.maskmem_features, original));
    QVERIFY(torch::equal(out.pred_masks, masks));
    // Spilled again: the disk copy is reused, nothing more is written.
    spill.enforceBudget(objects);
    QCOMPARE(spill.diskBytes(), original.nbytes() + masks.nbytes());

    const auto tokens = tracker::memoryTokens(original);
    QCOMPARE(tokens.sizes().vec(), (std::vector<int64_t>{original.size(1), 1, original.size(2)}));
    QVERIFY(torch::equal(tokens.select(1, 0), original.select(0, 0)));
  }

  // What a tracked frame costs per object: EdgeTAM's latents against SAM 2's map of the same
  // memory dimension, as the session really stores them.
  void storedMemoryLayoutPerFrame() {
    MASKLET_REQUIRE_SHARED(kFixture);
    const auto& config = fixture().model->config();
    const auto layout = tracker::storedMemoryLayout(config);
    QCOMPARE(layout.shape, (std::vector<int64_t>{1, 128, 32}));  // 64 + 64 latents of 32
    QCOMPARE(layout.bytes(), std::size_t(128 * 32 * 2));
    QCOMPARE(tracker::storedMemoryLayout(config, at::kFloat).bytes(), std::size_t(128 * 32 * 4));
    QCOMPARE(tracker::trackStateBytesPerFrame(config), std::size_t(64 * 64 * 4 + 128 * 32 * 2));
    const tracker::Sam2Tracking tracking(fixture().model);
    const auto stored = firstMemory(tracking, tracker::MemoryPrecision::BFloat16);
    QCOMPARE(stored.maskmem_features.sizes().vec(), layout.shape);
    QCOMPARE(stored.maskmem_features.nbytes(), layout.bytes());

    // SAM 2.1 with the same image size and memory dimension: a 16 x 16 map, twice the bytes.
    auto sam2 = config;
    sam2.spatial_perceiver = {};
    const auto map = tracker::storedMemoryLayout(sam2);
    QCOMPARE(map.shape, (std::vector<int64_t>{1, 32, 16, 16}));
    QCOMPARE(map.tokens(), int64_t(256));
    QCOMPARE(layout.tokens(), int64_t(128));
  }

  // The released models (official table, no files needed): EdgeTAM keeps 512 latents of 64
  // per memory frame, 64 KiB in bfloat16, where SAM 2.1 keeps a 64 x 64 map, 512 KiB; with the
  // low-res logits (256 KiB) a tracked (frame, object) costs 320 KiB against 768 KiB.
  void storedMemoryLayoutOfReleasedModels() {
    const auto* edgetam = model::findOfficialModel("edgetam");
    const auto* sam21 = model::findOfficialModel("sam2.1_hiera_tiny");
    QVERIFY(edgetam != nullptr && sam21 != nullptr);
    const auto latents = tracker::storedMemoryLayout(edgetam->config);
    QCOMPARE(latents.shape, (std::vector<int64_t>{1, 512, 64}));
    QCOMPARE(latents.bytes(), std::size_t(64) << 10);
    const auto map = tracker::storedMemoryLayout(sam21->config);
    QCOMPARE(map.shape, (std::vector<int64_t>{1, 64, 64, 64}));
    QCOMPARE(map.bytes(), std::size_t(512) << 10);
    QCOMPARE(tracker::trackStateBytesPerFrame(edgetam->config), std::size_t(320) << 10);
    QCOMPARE(tracker::trackStateBytesPerFrame(sam21->config), std::size_t(768) << 10);
  }

  // Either layout: a map is flattened row-major, latents are transposed; a batch-1 encoding
  // of any rank expands to the objects' batch as a view.
  void memoryLayoutHelpers() {
    const auto map = torch::arange(2 * 3 * 2 * 2).view({2, 3, 2, 2}).to(torch::kFloat32);
    const auto mapTokens = tracker::memoryTokens(map);
    QCOMPARE(mapTokens.sizes().vec(), (std::vector<int64_t>{4, 2, 3}));
    QCOMPARE(mapTokens[1][1][2].item<float>(), map[1][2][0][1].item<float>());
    const auto latents = torch::randn({2, 5, 3});
    QVERIFY(torch::equal(tracker::memoryTokens(latents), latents.transpose(0, 1)));
    QVERIFY_THROWS_EXCEPTION(c10::Error, tracker::memoryTokens(torch::zeros({3, 4})));

    const auto pos = torch::randn({1, 5, 3});
    const auto expanded = tracker::expandToBatch(pos, 4);
    QCOMPARE(expanded.sizes().vec(), (std::vector<int64_t>{4, 5, 3}));
    QCOMPARE(expanded.data_ptr(), pos.data_ptr());
    QCOMPARE(tracker::expandToBatch(torch::zeros({1, 3, 2, 2}), 2).sizes().vec(),
             (std::vector<int64_t>{2, 3, 2, 2}));
  }
};

MASKLET_TEST_APPLESS_MAIN(TestEdgeTamSession)
#include "test_edgetam_session.moc"
