// `masklet-cli preprocess` against the recorded official loaders: video mode on a video
// fixture's raw frame gives exactly the PIL-resized image the official video predictor
// normalised (trace `images`, un-normalised); image mode on the image fixture's input gives
// torchvision's antialiased bilinear resize (trace `step00.set_image.input`) to 8-bit rounding.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QTemporaryDir>

#include "cli_run.h"

using namespace masklet;

namespace {

// float32 [3, S, S] normalised -> [S, S, 3] values on the 0-255 scale.
torch::Tensor unnormalized(const torch::Tensor& chw) {
  const auto mean = torch::tensor({0.485f, 0.456f, 0.406f}).view({3, 1, 1});
  const auto std = torch::tensor({0.229f, 0.224f, 0.225f}).view({3, 1, 1});
  return chw.mul(std).add(mean).mul(255).permute({1, 2, 0}).contiguous();
}

torch::Tensor readRgb(const QString& path) {
  const cv::Mat bgr = cv::imread(path.toStdString(), cv::IMREAD_COLOR);
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  return torch::from_blob(rgb.data, {rgb.rows, rgb.cols, 3}, torch::kUInt8).clone();
}

}  // namespace

class TestPreprocessCli : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void videoModeIsThePilResize() {
    MASKLET_REQUIRE_SHARED(test::kTrackFixture);
    QTemporaryDir dir;
    QVERIFY(test::writeFixtureFrames(dir.filePath("frames")));
    const auto run = test::runCli({"preprocess", dir.filePath("frames/00003.png"), "--size", "256",
                                   "--mode", "video", "--out", dir.filePath("in.png")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    const auto written = readRgb(dir.filePath("in.png")).to(torch::kFloat32);
    QCOMPARE(written.sizes().vec(), (std::vector<int64_t>{256, 256, 3}));
    const auto expected = unnormalized(test::fixtureTrace().at("images")[3]);
    // The recording is k/255 normalised in float32: un-normalising lands within 1e-3 of k.
    const double worst = (written - expected).abs().max().item<double>();
    QVERIFY2(worst < 1e-2, qPrintable(QString("max |d| %1").arg(worst)));
  }

  void imageModeIsTheTorchvisionResize() {
    MASKLET_REQUIRE_SHARED("fixtures/image-sam2.1-mini");
    const QString fixture = QString::fromStdString(test::sharedPath("fixtures/image-sam2.1-mini"));
    QTemporaryDir dir;
    const auto run = test::runCli({"preprocess", fixture + "/images/00.png", "--size", "256",
                                   "--mode", "image", "--out", dir.filePath("in.png")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    const auto written = readRgb(dir.filePath("in.png")).to(torch::kFloat32);
    const auto trace = model::readTensorFile(fixture.toStdString() + "/trace.pt");
    const auto expected = unnormalized(trace.at("step00.set_image.input").squeeze(0));
    const double worst = (written - expected).abs().max().item<double>();
    QVERIFY2(worst <= 0.5 + 1e-2, qPrintable(QString("max |d| %1").arg(worst)));
  }

  void refusals() {
    QTemporaryDir dir;
    const auto usage = test::runCli(
        {"preprocess", "x.png", "--size", "256", "--mode", "fast", "--out", dir.filePath("o.png")});
    QCOMPARE(usage.exitCode, 2);
    QVERIFY2(usage.err.contains("--mode must be video or image"), qPrintable(usage.err));
    const auto missing = test::runCli({"preprocess", dir.filePath("none.png"), "--size", "64",
                                       "--mode", "video", "--out", dir.filePath("o.png")});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY(!QFileInfo::exists(dir.filePath("o.png")));
  }
};

MASKLET_TEST_GUILESS_MAIN(TestPreprocessCli)
#include "test_preprocess_cli.moc"
