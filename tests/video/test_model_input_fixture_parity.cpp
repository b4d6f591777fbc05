// Against the recorded official sessions: our model input made from each fixture's raw_frames
// equals its `images` tensor (mean |diff| <= 0.002, max |diff| <= 0.05, normalized units).
#include <QtTest/QtTest>

#include "test_registry.h"

#include <torch/torch.h>

#include "model/checkpoint_reader.h"
#include "shared_data.h"
#include "video/model_input.h"

class ModelInputFixtureParityTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void imagesMatchOfficialLoader_data() {
    QTest::addColumn<QString>("fixture");
    for (const char* fixture : {"sam2.1-mini", "sam2.0-mini", "sam2.1-mini-correct-as-cond"})
      QTest::newRow(fixture) << fixture;
  }
  void imagesMatchOfficialLoader() {
    QFETCH(QString, fixture);
    const std::string trace = "fixtures/" + fixture.toStdString() + "/trace.pt";
    MASKLET_REQUIRE_SHARED(trace);
    const auto tensors = masklet::model::readTensorFile(masklet::test::sharedPath(trace));
    QVERIFY(tensors.count("raw_frames") == 1 && tensors.count("images") == 1);
    const torch::Tensor raw = tensors.at("raw_frames").contiguous();
    const torch::Tensor images = tensors.at("images").to(torch::kFloat32).contiguous();
    QCOMPARE(raw.scalar_type(), torch::kUInt8);
    QCOMPARE(raw.dim(), int64_t{4});
    const int64_t frames = raw.size(0);
    const int height = static_cast<int>(raw.size(1));
    const int width = static_cast<int>(raw.size(2));
    const int size = static_cast<int>(images.size(-1));
    QCOMPARE(images.size(0), frames);

    masklet::video::ModelInputOptions options;
    options.imageSize = size;
    double sum = 0, worst = 0;
    int64_t count = 0;
    for (int64_t n = 0; n < frames; ++n) {
      const torch::Tensor frame = raw[n].contiguous();
      const cv::Mat rgb(height, width, CV_8UC3, frame.data_ptr<uint8_t>());
      const std::vector<float> ours = masklet::video::makeModelInput(rgb, options);
      const torch::Tensor expected = images[n].contiguous();
      QCOMPARE(static_cast<int64_t>(ours.size()), expected.numel());
      const float* reference = expected.data_ptr<float>();
      for (size_t i = 0; i < ours.size(); ++i) {
        const double difference = std::abs(static_cast<double>(ours[i]) - reference[i]);
        sum += difference;
        worst = std::max(worst, difference);
      }
      count += static_cast<int64_t>(ours.size());
    }
    const double mean = sum / static_cast<double>(count);
    qInfo("%s: %lld frames %dx%d -> %d, mean |diff| %.3g, max |diff| %.3g", qPrintable(fixture),
          static_cast<long long>(frames), width, height, size, mean, worst);
    QVERIFY2(mean <= 0.002, qPrintable(QString("mean |diff| %1").arg(mean)));
    QVERIFY2(worst <= 0.05, qPrintable(QString("max |diff| %1").arg(worst)));
  }
};

MASKLET_TEST_APPLESS_MAIN(ModelInputFixtureParityTest)
#include "test_model_input_fixture_parity.moc"
