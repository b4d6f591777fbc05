// The YOLO polygon's fidelity on real masks (the SA-V file in ../shared/media): every mask
// exported as its Ultralytics polygon, rasterised again (Ultralytics' cv::fillPoly), and compared
// with the mask. Logs mean and worst IoU per tolerance; fails only below the documented bounds.
#include <QtTest/QtTest>

#include "test_registry.h"

#include "dataset/sav_reader.h"
#include "dataset/yolo_polygon.h"
#include "shared_data.h"

using namespace masklet::dataset;

namespace {
const char* kSavFile = "media/sav_000001_manual.json";
}  // namespace

class TestYoloPolygonIou : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void polygonIouOnTheSharedClip_data() {
    QTest::addColumn<double>("tolerance");
    QTest::addColumn<double>("meanBound");
    QTest::addColumn<double>("worstBound");
    // Measured here: 0 px mean 0.9996 / worst 0.9717, 1 px 0.9817 / 0.9000, 2 px 0.9627 / 0.7795.
    QTest::newRow("0 px") << 0.0 << 0.99 << 0.95;
    QTest::newRow("1 px") << 1.0 << 0.97 << 0.85;
    QTest::newRow("2 px") << 2.0 << 0.95 << 0.7;
  }
  void polygonIouOnTheSharedClip() {
    MASKLET_REQUIRE_SHARED(kSavFile);
    QFETCH(double, tolerance);
    QFETCH(double, meanBound);
    QFETCH(double, worstBound);
    const VideoAnnotation clip = readSav(masklet::test::sharedPath(kSavFile));
    double sum = 0, worst = 1;
    int count = 0, worstFrame = -1, worstTrack = -1;
    std::size_t vertices = 0;
    for (const auto& [frame, masks] : clip.frames)
      for (const auto& [trackId, mask] : masks) {
        if (rleArea(mask.rle) == 0) continue;
        const cv::Mat pixels = decodeRle(mask.rle);
        const std::vector<double> xy = maskToYoloPolygon(pixels, tolerance);
        vertices += xy.size() / 2;
        const Rle back = encodeMask(rasterizeYoloPolygon(xy, pixels.rows, pixels.cols));
        const double iou = rleIou(back, mask.rle);
        sum += iou;
        ++count;
        if (iou < worst) {
          worst = iou;
          worstFrame = frame;
          worstTrack = trackId;
        }
      }
    QVERIFY(count > 0);
    qInfo(
        "tolerance %.1f px: %d masks, mean IoU %.4f, worst %.4f (frame %d, masklet %d), "
        "%.1f vertices per mask",
        tolerance, count, sum / count, worst, worstFrame, worstTrack,
        static_cast<double>(vertices) / count);
    QVERIFY(sum / count >= meanBound);
    QVERIFY(worst >= worstBound);
  }
};

MASKLET_TEST_APPLESS_MAIN(TestYoloPolygonIou)
#include "test_yolo_polygon_iou.moc"
