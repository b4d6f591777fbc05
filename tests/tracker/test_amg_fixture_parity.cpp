// The automatic mask generator (MaskGenerator) against the official SAM2AutomaticMaskGenerator
// recorded in ../shared/fixtures/amg-sam2.1-mini: each run's options, the fixture's closed-form
// synthetic predictor (AmgSyntheticPredictor), and every recorded field at the README's bounds
// (same masks in the same order with IoU >= 0.999; boxes, crop boxes and areas exact; points
// within 1e-3 px; predicted IoU and stability within 1e-4). Then a smoke run of the real
// model (ImageSession behind AmgImagePredictor) on the same image.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <memory>
#include <string>

#include "dataset/rle.h"
#include "model/checkpoint_reader.h"
#include "model/sam2_model.h"
#include "shared_data.h"
#include "tracker/amg_compare.h"
#include "tracker/amg_image_predictor.h"
#include "tracker/amg_options_json.h"
#include "tracker/amg_synthetic_predictor.h"
#include "tracker/image_preprocess.h"
#include "tracker/mask_generator.h"

using namespace masklet;

namespace {

const char* kFixture = "fixtures/amg-sam2.1-mini";

struct Fixture {
  nlohmann::json session;
  model::TensorMap trace;
  std::string dir;
};

const Fixture& fixture() {
  static std::unique_ptr<Fixture> f;
  if (!f) {
    f = std::make_unique<Fixture>();
    f->dir = test::sharedPath(kFixture);
    std::ifstream in(f->dir + "/session.json");
    f->session = nlohmann::json::parse(in);
    f->trace = model::readTensorFile(f->dir + "/trace.pt");
  }
  return *f;
}

cv::Mat runImage(int run) {
  const auto& r = fixture().session["runs"][size_t(run)];
  const auto name = fixture().session["images"][r["image"].get<size_t>()].get<std::string>();
  return tracker::readRgbImage(fixture().dir + "/" + name);
}

tracker::AmgResult runSynthetic(int run) {
  const auto& r = fixture().session["runs"][size_t(run)];
  const auto options = tracker::amgOptionsFromJson(r["opts"], "runs[" + std::to_string(run) + "]");
  tracker::AmgSyntheticPredictor predictor(fixture().session["image_size"].get<int>());
  tracker::MaskGenerator generator(predictor, options);
  return generator.generate(runImage(run));
}

}  // namespace

class TestAmgFixtureParity : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void init() { MASKLET_REQUIRE_SHARED(kFixture); }

  void everyRunMatchesTheOfficialGenerator_data() {
    QTest::addColumn<int>("run");
    QTest::newRow("run0 (grid 8, no crops)") << 0;
    QTest::newRow("run1 (crops, m2m, min region area)") << 1;
  }
  void everyRunMatchesTheOfficialGenerator() {
    QFETCH(int, run);
    const auto result = runSynthetic(run);
    QVERIFY(!result.cancelled);
    const auto verdict =
        tracker::compareAmgRun(result.masks, fixture().trace, "run" + std::to_string(run));
    QVERIFY2(verdict.ok, verdict.problem.c_str());
  }

  // Cancelling between batches is an outcome, not an error: nothing is returned.
  void cancelStopsBetweenBatches() {
    tracker::AmgSyntheticPredictor predictor(fixture().session["image_size"].get<int>());
    tracker::MaskGenerator generator(
        predictor, tracker::amgOptionsFromJson(fixture().session["runs"][0]["opts"], "runs[0]"));
    std::atomic<bool> cancel{false};
    int64_t calls = 0;
    const auto result = generator.generate(
        runImage(0),
        [&](const tracker::AmgProgress& p) {
          ++calls;
          QCOMPARE(p.batchesTotal, int64_t(4));  // 64 points in batches of 16
          cancel = true;
        },
        &cancel);
    QVERIFY(result.cancelled);
    QVERIFY(result.masks.empty());
    QCOMPARE(calls, int64_t(1));
  }

  // The real model (the fixture's random weights) behind the generator: it runs end to end
  // and every record is consistent (area and box from its own mask).
  void realModelSmokeRun() {
    const auto model =
        model::Sam2Model::load(fixture().dir + "/checkpoint.pt", fixture().dir + "/config.yaml");
    tracker::AmgImagePredictor predictor(model, 20);
    tracker::AmgOptions options;
    options.points_per_side = 4;
    options.points_per_batch = 8;
    options.pred_iou_thresh = 0.0;
    options.stability_score_thresh = 0.0;
    tracker::MaskGenerator generator(predictor, options);
    const cv::Mat image = runImage(0);
    const auto result = generator.generate(image);
    QVERIFY(!result.cancelled);
    QVERIFY(!result.masks.empty());
    for (const auto& m : result.masks) {
      QCOMPARE(m.segmentation.height, image.rows);
      QCOMPARE(m.segmentation.width, image.cols);
      QCOMPARE(uint64_t(m.area), dataset::rleArea(m.segmentation));
      const auto box = dataset::rleBbox(m.segmentation);
      if (m.area > 0) QCOMPARE(m.bbox[2], box[2] - 1);  // the reference's inclusive x1
    }
  }
};

MASKLET_TEST_APPLESS_MAIN(TestAmgFixtureParity)
#include "test_amg_fixture_parity.moc"
