// COCO RLE: encode/decode, compressed counts, area, bbox, IoU, merge, polygons, stability score.
// Expected values come from the mask pixels counted directly or from hand-worked cases.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <opencv2/core.hpp>
#include <random>

#include "common/error.h"
#include "dataset/json_util.h"
#include "dataset/polygon.h"
#include "dataset/rle.h"
#include "dataset/rle_json.h"
#include "dataset/rle_string.h"
#include "dataset/stability_score.h"

using namespace masklet::dataset;

Q_DECLARE_METATYPE(cv::Mat)
Q_DECLARE_METATYPE(std::vector<std::uint32_t>)

namespace {

// Random blobs plus salt noise: long runs, short runs, runs that wrap columns.
cv::Mat randomMask(int height, int width, double density, std::mt19937& rng) {
  cv::Mat mask(height, width, CV_8UC1, cv::Scalar(0));
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) mask.at<std::uint8_t>(y, x) = unit(rng) < density ? 255 : 0;
  std::uniform_int_distribution<int> pickY(0, height - 1), pickX(0, width - 1);
  for (int blob = 0; blob < 3; ++blob) {
    const int y0 = pickY(rng), x0 = pickX(rng), y1 = pickY(rng), x1 = pickX(rng);
    for (int y = std::min(y0, y1); y <= std::max(y0, y1); ++y)
      for (int x = std::min(x0, x1); x <= std::max(x0, x1); ++x)
        mask.at<std::uint8_t>(y, x) = blob == 2 ? 0 : 7;
  }
  return mask;
}

// Tight box of the non-zero pixels, computed by scanning the pixels.
std::array<double, 4> pixelBbox(const cv::Mat& mask) {
  int xs = mask.cols, ys = mask.rows, xe = -1, ye = -1;
  for (int y = 0; y < mask.rows; ++y)
    for (int x = 0; x < mask.cols; ++x)
      if (mask.at<std::uint8_t>(y, x) != 0) {
        xs = std::min(xs, x);
        ys = std::min(ys, y);
        xe = std::max(xe, x);
        ye = std::max(ye, y);
      }
  if (xe < 0) return {0, 0, 0, 0};
  return {double(xs), double(ys), double(xe - xs + 1), double(ye - ys + 1)};
}

cv::Mat binary(const cv::Mat& mask) {
  cv::Mat out = (mask != 0);
  return out / 255;
}

bool sameMask(const cv::Mat& a, const cv::Mat& b) {
  if (a.total() == 0 || b.total() == 0) return a.rows == b.rows && a.cols == b.cols;
  return a.size() == b.size() && cv::countNonZero(binary(a) != binary(b)) == 0;
}

}  // namespace

class TestRle : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void decodeOfEncodeIsTheMask_data() {
    QTest::addColumn<cv::Mat>("mask");
    std::mt19937 rng(1234);
    QTest::newRow("1x1 empty") << cv::Mat(1, 1, CV_8UC1, cv::Scalar(0));
    QTest::newRow("1x1 full") << cv::Mat(1, 1, CV_8UC1, cv::Scalar(1));
    QTest::newRow("all empty 848x480") << cv::Mat(848, 480, CV_8UC1, cv::Scalar(0));
    QTest::newRow("all full 37x53") << cv::Mat(37, 53, CV_8UC1, cv::Scalar(255));
    QTest::newRow("0x5") << cv::Mat(0, 5, CV_8UC1);
    const int sizes[][2] = {{7, 13}, {31, 1}, {1, 29}, {64, 48}, {101, 99}, {3, 2}, {255, 3}};
    for (const auto& size : sizes)
      for (const double density : {0.0, 0.05, 0.5, 0.97}) {
        const QString name =
            QString("random %1x%2 density %3").arg(size[0]).arg(size[1]).arg(density);
        QTest::newRow(qPrintable(name)) << randomMask(size[0], size[1], density, rng);
      }
  }
  void decodeOfEncodeIsTheMask() {
    QFETCH(cv::Mat, mask);
    const Rle rle = encodeMask(mask);
    QCOMPARE(rle.height, mask.rows);
    QCOMPARE(rle.width, mask.cols);
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < rle.counts.size(); ++i) {
      if (i > 0) QVERIFY2(rle.counts[i] > 0, "only the first run may be empty");
      total += rle.counts[i];
    }
    QCOMPARE(total, std::uint64_t(mask.total()));
    QVERIFY(sameMask(decodeRle(rle), mask));
    // The compressed string and the JSON form both come back as the same runs.
    QCOMPARE(countsFromString(countsToString(rle.counts), "test"), rle.counts);
    QCOMPARE(rleFromJson(rleToJson(rle), "test"), rle);
  }

  void areaAndBboxAgreeWithThePixels_data() { decodeOfEncodeIsTheMask_data(); }
  void areaAndBboxAgreeWithThePixels() {
    QFETCH(cv::Mat, mask);
    const Rle rle = encodeMask(mask);
    QCOMPARE(rleArea(rle), std::uint64_t(mask.empty() ? 0 : cv::countNonZero(mask)));
    const auto expected = pixelBbox(mask);
    const auto box = rleBbox(rle);
    for (int i = 0; i < 4; ++i) QCOMPARE(box[i], expected[i]);
  }

  void encodesColumnMajorStartingWithBackground() {
    // rows: [0 1] [1 1] [0 0] -> columns: 0 1 0 | 1 1 0 -> runs 1,1,1,2,1
    const cv::Mat mask = (cv::Mat_<std::uint8_t>(3, 2) << 0, 1, 1, 1, 0, 0);
    QCOMPARE(encodeMask(mask).counts, (std::vector<std::uint32_t>{1, 1, 1, 2, 1}));
    const cv::Mat full(2, 2, CV_8UC1, cv::Scalar(1));
    QCOMPARE(encodeMask(full).counts, (std::vector<std::uint32_t>{0, 4}));
    QCOMPARE(encodeMask(cv::Mat(2, 3, CV_8UC1, cv::Scalar(0))).counts,
             (std::vector<std::uint32_t>{6}));
  }

  // Worked by hand from pycocotools rleToString: 5-bit groups, low first, '0' + group,
  // +32 when more follow; from the 4th run on, the difference to the run two before.
  void compressedCountsMatchPycocotools_data() {
    QTest::addColumn<std::vector<std::uint32_t>>("counts");
    QTest::addColumn<QString>("text");
    QTest::newRow("small runs") << std::vector<std::uint32_t>{3, 2, 5} << "325";
    // 100 = 4 + 3*32 -> 'T','3'; 50 = 18 + 1*32 (bit 4 set needs a second group) -> 'b','1';
    // 70 - 100 = -30 -> low group 2 with more ('R'), then -1 -> 31 ('O').
    QTest::newRow("delta and negative") << std::vector<std::uint32_t>{0, 100, 50, 70} << "0T3b1RO";
    // The empty 848x480 mask of the SA-V file: 407040 = 0 + 32*(16 + 32*(13 + 32*12)).
    QTest::newRow("empty 848x480") << std::vector<std::uint32_t>{407040} << "P`]<";
    QTest::newRow("no runs") << std::vector<std::uint32_t>{} << "";
  }
  void compressedCountsMatchPycocotools() {
    QFETCH(std::vector<std::uint32_t>, counts);
    QFETCH(QString, text);
    QCOMPARE(QString::fromStdString(countsToString(counts)), text);
    QCOMPARE(countsFromString(text.toStdString(), "test"), counts);
  }

  void compressedCountsRoundTripLargeAndAlternatingRuns() {
    std::mt19937 rng(99);
    std::uniform_int_distribution<std::uint32_t> small(0, 40), large(0, 4000000000u);
    for (int trial = 0; trial < 200; ++trial) {
      std::vector<std::uint32_t> counts(1 + trial % 37);
      for (auto& run : counts) run = trial % 2 ? small(rng) : large(rng);
      QCOMPARE(countsFromString(countsToString(counts), "test"), counts);
    }
  }

  void uncompressedListFormIsAccepted() {
    const Json json = Json::parse(R"({"size": [3, 2], "counts": [1, 1, 1, 2, 1]})");
    const Rle rle = rleFromJson(json, "test");
    const cv::Mat expected = (cv::Mat_<std::uint8_t>(3, 2) << 0, 1, 1, 1, 0, 0);
    QVERIFY(sameMask(decodeRle(rle), expected));
    QCOMPARE(rleToJson(rle)["counts"].get<std::string>(),
             std::string("11110"));  // runs 4, 5 as deltas 2-1, 1-1
  }

  void iouAndMergeAgreeWithThePixels() {
    std::mt19937 rng(7);
    for (int trial = 0; trial < 20; ++trial) {
      const cv::Mat a = binary(randomMask(23 + trial, 17, 0.3, rng));
      const cv::Mat b = binary(randomMask(23 + trial, 17, 0.3, rng));
      const Rle ra = encodeMask(a), rb = encodeMask(b);
      const cv::Mat inter = a & b, uni = a | b;
      QVERIFY(sameMask(decodeRle(rleMerge(ra, rb)), uni));
      QVERIFY(sameMask(decodeRle(rleMerge(ra, rb, true)), inter));
      QCOMPARE(rleMerge(ra, rb), encodeMask(uni));  // canonical runs
      const double expected = double(cv::countNonZero(inter)) / cv::countNonZero(uni);
      QCOMPARE(rleIou(ra, rb), expected);
    }
    const Rle empty = emptyRle(4, 4);
    QCOMPARE(rleIou(empty, empty), 0.0);
    QVERIFY_THROWS_EXCEPTION(masklet::Error, rleIou(empty, emptyRle(4, 5)));
  }

  // pycocotools samples the boundary at pixel centres: an axis-aligned rectangle with integer
  // corners (x0,y0)-(x1,y1) covers exactly the pixels x0 <= x < x1, y0 <= y < y1.
  void polygonRectangleCoversItsPixels_data() {
    QTest::addColumn<int>("x0");
    QTest::addColumn<int>("y0");
    QTest::addColumn<int>("x1");
    QTest::addColumn<int>("y1");
    QTest::newRow("origin 10x10") << 0 << 0 << 10 << 10;
    QTest::newRow("offset 3x3") << 2 << 1 << 5 << 4;
    QTest::newRow("thin column") << 4 << 2 << 5 << 9;
  }
  void polygonRectangleCoversItsPixels() {
    QFETCH(int, x0);
    QFETCH(int, y0);
    QFETCH(int, x1);
    QFETCH(int, y1);
    const int height = 12, width = 11;
    cv::Mat expected(height, width, CV_8UC1, cv::Scalar(0));
    expected(cv::Rect(x0, y0, x1 - x0, y1 - y0)).setTo(1);
    for (const bool clockwise : {false, true}) {
      std::vector<double> xy = {double(x0), double(y0), double(x1), double(y0),
                                double(x1), double(y1), double(x0), double(y1)};
      if (clockwise)
        xy = {double(x0), double(y0), double(x0), double(y1),
              double(x1), double(y1), double(x1), double(y0)};
      const Rle rle = polygonToRle(xy, height, width);
      QVERIFY(sameMask(decodeRle(rle), expected));
    }
  }

  void polygonPartsAreUnited() {
    const Rle rle = polygonsToRle({{0, 0, 2, 0, 2, 2, 0, 2}, {4, 4, 6, 4, 6, 6, 4, 6}}, 8, 8);
    QCOMPARE(rleArea(rle), std::uint64_t(8));
    const auto box = rleBbox(rle);
    QCOMPARE(box, (std::array<double, 4>{0, 0, 6, 6}));
  }

  void stabilityScoreIsIouOfThresholdsPlusMinusOne() {
    // > +1: {1.5, 3} (2 values); > -1: {-0.5, 0.5, 1.5, 3} (4 values) -> 0.5
    const float logits[] = {-2.0f, -0.5f, 0.5f, 1.5f, 3.0f, -1.0f, 1.0f};
    QCOMPARE(stabilityScore(logits, 7), 2.0 / 5.0);  // 1.0 is not > 1, -1.0 not > -1
    const float confident[] = {-9.0f, 9.0f, 9.0f};
    QCOMPARE(stabilityScore(confident, 3), 1.0);
    const float nothing[] = {-5.0f, -3.0f};
    QCOMPARE(stabilityScore(nothing, 2), 0.0);
  }
};

MASKLET_TEST_APPLESS_MAIN(TestRle)
#include "test_rle.moc"
