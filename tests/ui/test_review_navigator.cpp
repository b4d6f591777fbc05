// The review navigator steps the active object through exactly its doubtful frames, in order,
// both ways; marking a frame checked is an undoable document command that takes it off the
// list (undo puts it back); the list follows document edits, thresholds and the active object.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QSignalSpy>
#include <opencv2/core.hpp>

#include "ui/review/review_navigator.h"

using masklet::project::Document;
using masklet::project::MaskSource;
using masklet::project::ObjectMask;
using masklet::ui::ReviewNavigator;

namespace {

ObjectMask mask(double predictedIou) {
  cv::Mat pixels = cv::Mat::zeros(20, 30, CV_8U);
  pixels(cv::Rect(4, 4, 8, 8)).setTo(1);
  return {masklet::dataset::encodeMask(pixels), MaskSource::Tracked, {2.0, predictedIou}};
}

}  // namespace

class TestReviewNavigator : public QObject {
  Q_OBJECT

 private:
  // Object 1 doubtful (< 0.7) on 1, 4, 5, 8; object 2 only on 6.
  static void fill(Document& doc, int a, int b) {
    const std::vector<double> ious{0.9, 0.6, 0.8, 0.75, 0.2, 0.65, 0.9, 0.7, 0.1, 0.95};
    doc.beginGroup("Track");
    for (int f = 0; f < 10; ++f)
      doc.setMasks("frame", f, {{a, mask(ious[size_t(f)])}, {b, mask(f == 6 ? 0.5 : 0.9)}});
    doc.endGroup();
  }

  static std::vector<int> frames(const QSignalSpy& spy) {
    std::vector<int> out;
    for (const auto& call : spy) out.push_back(call.at(0).toInt());
    return out;
  }

 private Q_SLOTS:
  void stepsThroughTheDoubtfulFramesInOrder() {
    Document doc;
    doc.reset({"v.mp4", "v", 30, 20, 10, 25.0, ""});
    const int a = doc.addObject(), b = doc.addObject();
    ReviewNavigator review(doc);
    fill(doc, a, b);                       // after the navigator exists: it follows the document
    QVERIFY(review.reviewList().empty());  // no active object yet
    review.setActiveObject(a);
    QCOMPARE(review.reviewList(), (std::vector<int>{1, 4, 5, 8}));
    QSignalSpy requested(&review, &ReviewNavigator::frameRequested);
    review.setCurrentFrame(0);
    while (review.goNext()) {
    }
    QCOMPARE(frames(requested), (std::vector<int>{1, 4, 5, 8}));
    for (const auto& call : requested) QCOMPARE(call.at(1).toInt(), a);
    QCOMPARE(review.currentFrame(), 8);
    requested.clear();
    while (review.goPrevious()) {
    }
    QCOMPARE(frames(requested), (std::vector<int>{5, 4, 1}));
    QVERIFY(!review.goPrevious());

    review.setActiveObject(b);
    QCOMPARE(review.reviewList(), (std::vector<int>{6}));
    review.setActiveObject(a);
    masklet::project::ReviewThresholds loose;
    loose.minPredictedIou = 0.3;
    review.setThresholds(loose);
    QCOMPARE(review.reviewList(), (std::vector<int>{4, 8}));
    review.setThresholds({});
  }

  void markingCheckedTakesAFrameOffTheListUndoably() {
    Document doc;
    doc.reset({"v.mp4", "v", 30, 20, 10, 25.0, ""});
    const int a = doc.addObject(), b = doc.addObject();
    fill(doc, a, b);
    ReviewNavigator review(doc);
    review.setActiveObject(a);
    QSignalSpy requested(&review, &ReviewNavigator::frameRequested);
    QSignalSpy changed(&review, &ReviewNavigator::reviewChanged);
    review.setCurrentFrame(-1);
    QVERIFY(review.goNext());
    QCOMPARE(review.currentFrame(), 1);
    // Review mode: check and go on.
    QVERIFY(review.markChecked());
    QVERIFY(doc.isChecked(1, a));
    QVERIFY(!doc.isChecked(1, b));
    QCOMPARE(review.currentFrame(), 4);
    QVERIFY(review.markChecked());
    QCOMPARE(review.reviewList(), (std::vector<int>{5, 8}));
    QVERIFY(changed.count() >= 2);
    QCOMPARE(frames(requested), (std::vector<int>{1, 4, 5}));
    QVERIFY(!review.markChecked(false) || review.currentFrame() == 5);
    QCOMPARE(review.reviewList(), (std::vector<int>{8}));
    QVERIFY(!review.markChecked(false));  // already checked
    QVERIFY(review.unmarkChecked());
    QCOMPARE(review.reviewList(), (std::vector<int>{5, 8}));

    doc.undo();  // the unmark
    QCOMPARE(review.reviewList(), (std::vector<int>{8}));
    doc.undo();
    doc.undo();
    QCOMPARE(review.reviewList(), (std::vector<int>{4, 5, 8}));
    doc.redo();
    QCOMPARE(review.reviewList(), (std::vector<int>{5, 8}));
    // Previous skips checked frames too.
    review.setCurrentFrame(8);
    QCOMPARE(*review.previousFrame(), 5);

    // A new mask on a checked frame needs a new look (frame 1 stays checked).
    doc.setMasks("retrack", 4, {{a, mask(0.3)}});
    QCOMPARE(review.reviewList(), (std::vector<int>{4, 5, 8}));
    // Nothing to mark where the object has no mask.
    review.setCurrentFrame(12);
    QVERIFY(!review.markChecked());
    // Removing the active object leaves none.
    doc.removeObject(a);
    QCOMPARE(review.activeObject(), 0);
    QVERIFY(review.reviewList().empty());
    QVERIFY(!review.goNext());
  }
};

MASKLET_TEST_MAIN(TestReviewNavigator)
#include "test_review_navigator.moc"
