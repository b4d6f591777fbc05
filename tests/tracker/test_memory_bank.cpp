// Which memory-bank frames a frame attends to (sam2_utils.select_closest_cond_frames and the
// temporal-stride frame choice of _prepare_memory_conditioned_features), and get_1d_sine_pe.
// Expected values are worked out by hand from the reference's formulas.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <cmath>
#include <vector>

#include "common/error.h"
#include "tracker/memory_bank.h"
#include "tracker/sine_pe.h"

using namespace masklet;
using namespace masklet::tracker;

Q_DECLARE_METATYPE(std::vector<int64_t>)

namespace {

std::map<int64_t, TrackOutput> condFrames(const std::vector<int64_t>& frames) {
  std::map<int64_t, TrackOutput> outputs;
  for (int64_t t : frames) outputs[t].obj_ptr = torch::full({1, 2}, double(t));
  return outputs;
}

}  // namespace

class TestMemoryBank : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void selectsClosestConditioningFrames_data() {
    QTest::addColumn<int64_t>("frame");
    QTest::addColumn<std::vector<int64_t>>("cond");
    QTest::addColumn<int64_t>("maxFrames");
    QTest::addColumn<std::vector<int64_t>>("selected");
    QTest::addColumn<std::vector<int64_t>>("unselected");
    QTest::newRow("no limit keeps all")
        << int64_t(5) << std::vector<int64_t>{9, 0, 4} << int64_t(-1)
        << std::vector<int64_t>{0, 4, 9} << std::vector<int64_t>{};
    QTest::newRow("under the limit keeps all")
        << int64_t(0) << std::vector<int64_t>{0, 3} << int64_t(2) << std::vector<int64_t>{0, 3}
        << std::vector<int64_t>{};
    QTest::newRow("before, after, then closest")
        << int64_t(5) << std::vector<int64_t>{0, 2, 4, 7, 9, 12} << int64_t(3)
        << std::vector<int64_t>{4, 7, 2} << std::vector<int64_t>{0, 9, 12};
    QTest::newRow("nothing after the frame")
        << int64_t(10) << std::vector<int64_t>{0, 2, 4} << int64_t(2) << std::vector<int64_t>{4, 2}
        << std::vector<int64_t>{0};
    QTest::newRow("a frame at the current index counts as after")
        << int64_t(4) << std::vector<int64_t>{1, 4, 6} << int64_t(2) << std::vector<int64_t>{1, 4}
        << std::vector<int64_t>{6};
    QTest::newRow("equal distances keep time order")
        << int64_t(5) << std::vector<int64_t>{3, 4, 6, 7, 20} << int64_t(3)
        << std::vector<int64_t>{4, 6, 3} << std::vector<int64_t>{7, 20};
  }
  void selectsClosestConditioningFrames() {
    QFETCH(int64_t, frame);
    QFETCH(std::vector<int64_t>, cond);
    QFETCH(int64_t, maxFrames);
    QFETCH(std::vector<int64_t>, selected);
    QFETCH(std::vector<int64_t>, unselected);
    const auto outputs = condFrames(cond);
    const auto selection = selectClosestCondFrames(frame, outputs, maxFrames);
    std::vector<int64_t> gotSelected, gotUnselected;
    for (const auto& [t, out] : selection.selected) {
      gotSelected.push_back(t);
      QCOMPARE(out->obj_ptr[0][0].item<double>(), double(t));  // points at that frame's output
    }
    for (const auto& [t, out] : selection.unselected) gotUnselected.push_back(t);
    QCOMPARE(gotSelected, selected);
    QCOMPARE(gotUnselected, unselected);
  }

  void refusesALimitBelowTwo() {
    const auto outputs = condFrames({0, 3, 6});
    QVERIFY_THROWS_EXCEPTION(Error, selectClosestCondFrames(4, outputs, 1));
  }

  void picksMemoryFramesWithTemporalStride_data() {
    QTest::addColumn<int64_t>("frame");
    QTest::addColumn<int64_t>("stride");
    QTest::addColumn<bool>("reverse");
    QTest::addColumn<std::vector<int64_t>>("framesForTRel1To4");
    QTest::newRow("stride 1 forward")
        << int64_t(10) << int64_t(1) << false << std::vector<int64_t>{9, 8, 7, 6};
    QTest::newRow("stride 1 reverse")
        << int64_t(10) << int64_t(1) << true << std::vector<int64_t>{11, 12, 13, 14};
    QTest::newRow("stride 5 forward")
        << int64_t(10) << int64_t(5) << false << std::vector<int64_t>{9, 5, 0, -5};
    QTest::newRow("stride 5 reverse")
        << int64_t(10) << int64_t(5) << true << std::vector<int64_t>{11, 15, 20, 25};
    // (1 - 2) // 5 is -1 in Python (floor), so the slot lands before the video start.
    QTest::newRow("stride 5 near the start")
        << int64_t(1) << int64_t(5) << false << std::vector<int64_t>{0, -5, -10, -15};
  }
  void picksMemoryFramesWithTemporalStride() {
    QFETCH(int64_t, frame);
    QFETCH(int64_t, stride);
    QFETCH(bool, reverse);
    QFETCH(std::vector<int64_t>, framesForTRel1To4);
    std::vector<int64_t> got;
    for (int64_t tRel = 1; tRel <= 4; ++tRel)
      got.push_back(memoryFrameIndex(frame, tRel, stride, reverse));
    QCOMPARE(got, framesForTRel1To4);
  }

  void floorDivisionRoundsDown() {
    QCOMPARE(floorDiv(-1, 5), int64_t(-1));
    QCOMPARE(floorDiv(-5, 5), int64_t(-1));
    QCOMPARE(floorDiv(-6, 5), int64_t(-2));
    QCOMPARE(floorDiv(7, 2), int64_t(3));
    QCOMPARE(floorDiv(7, -2), int64_t(-4));
  }

  void sinePositionEncodingFollowsTheTransformerFormula() {
    // dim 8: 4 frequencies 10000^(2*floor(i/2)/4) = 1, 1, 100, 100; sines then cosines.
    const auto pe = get1dSinePe(torch::tensor({0.0f, 1.0f}), 8);
    QCOMPARE(pe.sizes().vec(), (std::vector<int64_t>{2, 8}));
    const std::vector<double> expected1{std::sin(1.0),  std::sin(1.0), std::sin(0.01),
                                        std::sin(0.01), std::cos(1.0), std::cos(1.0),
                                        std::cos(0.01), std::cos(0.01)};
    for (int i = 0; i < 8; ++i) {
      QVERIFY(std::abs(pe[0][i].item<double>() - (i < 4 ? 0.0 : 1.0)) < 1e-7);
      QVERIFY2(std::abs(pe[1][i].item<double>() - expected1[size_t(i)]) < 1e-6,
               qPrintable(QString("channel %1").arg(i)));
    }
  }
};

MASKLET_TEST_APPLESS_MAIN(TestMemoryBank)
#include "test_memory_bank.moc"
