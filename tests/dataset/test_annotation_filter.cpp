// An export's selection (frame range, stride, objects) keeps exactly those frames and objects,
// and bad selections are refused with one line.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <opencv2/core.hpp>

#include "common/error.h"
#include "dataset/annotation_filter.h"

using namespace masklet::dataset;

namespace {

// 12 frames, objects 1 and 2 on every frame 0-11 except object 2 missing on frames 6 and 7;
// each mask has its frame and object in its single foreground pixel's position.
VideoAnnotation makeAnnotation() {
  VideoAnnotation annotation;
  annotation.video = {"clip", 16, 4, 12, 10.0, {}};
  annotation.categories = {defaultCategory()};
  annotation.objects = {{1, "a", 1, "manual", 3}, {2, "b", 1, "manual", std::nullopt}};
  for (int frame = 0; frame < 12; ++frame)
    for (const int id : {1, 2}) {
      if (id == 2 && (frame == 6 || frame == 7)) continue;
      cv::Mat pixels(4, 16, CV_8UC1, cv::Scalar(0));
      pixels.at<std::uint8_t>(id, frame) = 1;
      annotation.frames[frame][id].rle = encodeMask(pixels);
    }
  return annotation;
}

std::vector<int> framesOf(const VideoAnnotation& annotation) {
  std::vector<int> frames;
  for (const auto& entry : annotation.frames) frames.push_back(entry.first);
  return frames;
}

}  // namespace

class TestAnnotationFilter : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void rangeStrideAndObjectKeepExactlyThose() {
    const VideoAnnotation source = makeAnnotation();
    AnnotationSelection selection;
    selection.firstFrame = 5;
    selection.lastFrame = 9;
    selection.stride = 2;
    selection.trackIds = {2};
    const VideoAnnotation out = filterAnnotation(source, selection);
    QCOMPARE(framesOf(out), (std::vector<int>{5, 7, 9}));
    QCOMPARE(int(out.objects.size()), 1);
    QCOMPARE(out.objects.front().trackId, 2);
    QCOMPARE(out.objects.front().name, std::string("b"));
    // Object 2 is absent on frame 7: the frame stays, empty; the others keep their own mask.
    QVERIFY(out.frames.at(7).empty());
    for (const int frame : {5, 9}) {
      QCOMPARE(int(out.frames.at(frame).size()), 1);
      const cv::Mat pixels = decodeRle(out.frames.at(frame).at(2).rle);
      QCOMPARE(cv::countNonZero(pixels), 1);
      QCOMPARE(int(pixels.at<std::uint8_t>(2, frame)), 1);
    }
    // The video facts and categories travel with it; frame indices stay the video's.
    QCOMPARE(out.video.frameCount, 12);
    QCOMPARE(out.video.name, std::string("clip"));
    QCOMPARE(int(out.categories.size()), 1);
  }

  void defaultsKeepEverything() {
    const VideoAnnotation source = makeAnnotation();
    const VideoAnnotation out = filterAnnotation(source, {});
    QCOMPARE(framesOf(out), framesOf(source));
    QCOMPARE(int(out.objects.size()), 2);
    QCOMPARE(out.objects.front().editedFrameCount, std::optional<int>(3));
    for (const auto& [frame, masks] : source.frames)
      for (const auto& [id, mask] : masks) QVERIFY(out.frames.at(frame).at(id).rle == mask.rle);
  }

  void droppingFramesForgetsAnImportedEditedTotal() {
    AnnotationSelection selection;
    selection.lastFrame = 3;
    const VideoAnnotation out = filterAnnotation(makeAnnotation(), selection);
    QCOMPARE(framesOf(out), (std::vector<int>{0, 1, 2, 3}));
    QVERIFY(!out.objects.front().editedFrameCount.has_value());
  }

  void selectedFramesListTheRangeEvenWithoutMasks() {
    VideoAnnotation sparse = makeAnnotation();
    sparse.frames.erase(4);
    AnnotationSelection selection;
    selection.firstFrame = 1;
    selection.stride = 3;
    QCOMPARE(selectedFrames(sparse, selection), (std::vector<int>{1, 4, 7, 10}));
    QCOMPARE(framesOf(filterAnnotation(sparse, selection)), (std::vector<int>{1, 7, 10}));
  }

  void badSelectionsAreRefused_data() {
    QTest::addColumn<int>("first");
    QTest::addColumn<int>("last");
    QTest::addColumn<int>("stride");
    QTest::addColumn<int>("object");
    QTest::addColumn<QString>("message");
    QTest::newRow("stride 0") << 0 << 5 << 0 << 0 << "stride must be 1 or more";
    QTest::newRow("reversed") << 6 << 5 << 1 << 0 << "frame range 6-5 is empty";
    QTest::newRow("negative") << -1 << 5 << 1 << 0 << "frame range -1-5 is empty";
    QTest::newRow("past end") << 0 << 12 << 1 << 0 << "past the video's last frame (11)";
    QTest::newRow("object") << 0 << 5 << 1 << 9 << "there is no object 9";
  }
  void badSelectionsAreRefused() {
    QFETCH(int, first);
    QFETCH(int, last);
    QFETCH(int, stride);
    QFETCH(int, object);
    QFETCH(QString, message);
    AnnotationSelection selection{first, last, stride, {}};
    if (object != 0) selection.trackIds = {object};
    try {
      filterAnnotation(makeAnnotation(), selection);
      QFAIL("the selection was accepted");
    } catch (const masklet::Error& error) {
      QVERIFY2(QString(error.what()).contains(message), error.what());
    }
  }
};

MASKLET_TEST_MAIN(TestAnnotationFilter)
#include "test_annotation_filter.moc"
