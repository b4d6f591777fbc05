// The restricted unpickler reads the fixtures' checkpoints and traces exactly.
#include <QtTest/QtTest>

#include "test_registry.h"

#include "model/checkpoint_reader.h"
#include "shared_data.h"

using namespace masklet;

class TestCheckpointReader : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void readsTraceTensorsWithTheirShapes() {
    MASKLET_REQUIRE_SHARED("fixtures/sam2.1-mini/trace.pt");
    const auto trace = model::readTensorFile(test::sharedPath("fixtures/sam2.1-mini/trace.pt"));
    // Shapes documented in ../shared/fixtures/README.md and session.json (8 frames of 160x90).
    QVERIFY(trace.count("raw_frames"));
    QCOMPARE(trace.at("raw_frames").sizes().vec(), (std::vector<int64_t>{8, 90, 160, 3}));
    QCOMPARE(trace.at("raw_frames").scalar_type(), torch::kUInt8);
    QCOMPARE(trace.at("images").sizes().vec(), (std::vector<int64_t>{8, 3, 256, 256}));
    QCOMPARE(trace.at("images").scalar_type(), torch::kFloat32);
    // images = (raw/255 - mean)/std of a resized frame: bounded by the normalization range.
    const double lo = trace.at("images").min().item<double>();
    const double hi = trace.at("images").max().item<double>();
    QVERIFY(lo >= -0.485 / 0.229 - 1e-5 && hi <= (1 - 0.406) / 0.225 + 1e-5);
  }

  void readsStateDictUnderModelKey() {
    MASKLET_REQUIRE_SHARED("fixtures/sam2.1-mini/checkpoint.pt");
    const auto weights =
        model::readStateDict(test::sharedPath("fixtures/sam2.1-mini/checkpoint.pt"));
    QVERIFY(weights.count("image_encoder.trunk.patch_embed.proj.weight"));
    // Hiera embed_dim 24 from config.yaml, 7x7 patch kernel over 3 channels.
    QCOMPARE(weights.at("image_encoder.trunk.patch_embed.proj.weight").sizes().vec(),
             (std::vector<int64_t>{24, 3, 7, 7}));
    QVERIFY(weights.count("maskmem_tpos_enc"));
    for (const auto& [key, tensor] : weights) QVERIFY2(tensor.defined(), key.c_str());
  }

  void missingFileIsAClearError() {
    try {
      model::readTensorFile("/nonexistent/checkpoint.pt");
      QFAIL("expected an error");
    } catch (const std::exception& error) {
      QVERIFY(QString(error.what()).contains("not found"));
    }
  }
};

MASKLET_TEST_APPLESS_MAIN(TestCheckpointReader)
#include "test_checkpoint_reader.moc"
