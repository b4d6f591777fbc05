// VideoSession behaviours a user relies on, with the sam2.1-mini fixture model and frames:
// refused prompts (reference messages, Masklet's own checks) leave the session usable,
// cancelling a propagation keeps the finished frames, corrections persist as conditioning
// frames, the image-feature cache stays bounded.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <memory>
#include <string>
#include <vector>

#include "common/cancel_token.h"
#include "common/error.h"
#include "mini_fixture_session.h"
#include "model/checkpoint_reader.h"
#include "model/sam2_model.h"
#include "shared_data.h"
#include "tracker/frame_provider.h"
#include "tracker/video_session.h"

using masklet::test::click;
using masklet::tracker::FrameMasks;
using masklet::tracker::PointPrompt;
using masklet::tracker::PropagateRequest;
using masklet::tracker::VideoSession;
using masklet::tracker::VideoTrackingOptions;

namespace {

constexpr int kWidth = masklet::test::kMiniWidth;
constexpr int kHeight = masklet::test::kMiniHeight;

// Runs `fn`, which must throw masklet::Error; returns its message ("" if it did not throw).
template <typename Fn>
std::string refusal(Fn&& fn) {
  try {
    fn();
  } catch (const masklet::Error& e) {
    return e.what();
  }
  return {};
}

}  // namespace

class TestVideoSession : public QObject {
  Q_OBJECT

 private:
  std::shared_ptr<const masklet::model::Sam2Model> m_model;
  torch::Tensor m_images;

  std::unique_ptr<VideoSession> makeSession(VideoTrackingOptions options = {}) {
    auto frames =
        std::make_shared<masklet::tracker::TensorFrameProvider>(m_images, kWidth, kHeight);
    return std::make_unique<VideoSession>(m_model, frames, options);
  }

 private Q_SLOTS:
  void initTestCase() {
    MASKLET_REQUIRE_SHARED("fixtures/sam2.1-mini");
    const std::string dir = masklet::test::sharedPath("fixtures/sam2.1-mini");
    m_model = masklet::model::Sam2Model::load(dir + "/checkpoint.pt", dir + "/config.yaml");
    m_images = masklet::model::readTensorFile(dir + "/trace.pt").at("images");
    QCOMPARE(m_images.size(0), 8);
  }

  void boxAfterPointsIsRefused() {
    auto session = makeSession();
    session->addPoints(0, 1, click(50, 40));
    PointPrompt box;
    box.box = masklet::tracker::PromptBox{90, 20, 140, 80};
    box.clearOldPoints = false;
    const std::string message = refusal([&] { session->addPoints(0, 1, box); });
    QVERIFY2(message.find("cannot add box without clearing old points") != std::string::npos,
             message.c_str());
    // Still usable: the earlier click stays, propagation runs over the whole video.
    QCOMPARE(session->promptedFrames(1), std::vector<int64_t>{0});
    int frames = 0;
    session->propagate({}, [&](const FrameMasks&) { ++frames; });
    QCOMPARE(frames, 8);
    // With clearing, the box replaces the clicks.
    box.clearOldPoints = true;
    const FrameMasks masks = session->addPoints(0, 1, box);
    QCOMPARE(masks.objectIds, std::vector<int64_t>{1});
    QCOMPARE(masks.maskLogits.sizes(), (torch::IntArrayRef{1, 1, kHeight, kWidth}));
  }

  void promptOutsideFrameIsRefused_data() {
    QTest::addColumn<int>("frame");
    QTest::addColumn<float>("x");
    QTest::addColumn<float>("y");
    QTest::addColumn<QString>("expected");
    QTest::newRow("right of the frame") << 0 << 161.0f << 40.0f << "outside the video frame";
    QTest::newRow("above the frame") << 0 << 50.0f << -1.0f << "outside the video frame";
    QTest::newRow("frame after the end") << 8 << 50.0f << 40.0f << "frame 8 is outside the video";
    QTest::newRow("negative frame") << -1 << 50.0f << 40.0f << "frame -1 is outside the video";
  }

  void promptOutsideFrameIsRefused() {
    QFETCH(int, frame);
    QFETCH(float, x);
    QFETCH(float, y);
    QFETCH(QString, expected);
    auto session = makeSession();
    const std::string message = refusal([&] { session->addPoints(frame, 5, click(x, y)); });
    QVERIFY2(message.find(expected.toStdString()) != std::string::npos, message.c_str());
    // Nothing was registered, so the session has no half-made object blocking propagation.
    QVERIFY(session->objectIds().empty());
    session->addPoints(0, 5, click(50, 40));
    int frames = 0;
    session->propagate({}, [&](const FrameMasks&) { ++frames; });
    QCOMPARE(frames, 8);
  }

  void propagateWithoutPromptsIsRefused() {
    auto session = makeSession();
    const std::string none = refusal([&] { session->propagate({}, {}); });
    QCOMPARE(none, std::string("No input points or masks are provided for any object; please "
                               "add inputs first."));
    // clear_frame on an unknown object registers it without prompts, as the reference does.
    session->clearFramePrompts(2, 4);
    const std::string empty = refusal([&] { session->propagate({}, {}); });
    QCOMPARE(empty, std::string("No input points or masks are provided for object id 4; please "
                                "add inputs first."));
    session->removeObject(4);
    QVERIFY(session->objectIds().empty());
  }

  void cancelKeepsFinishedFrames() {
    auto session = makeSession();
    session->addPoints(0, 1, click(50, 40));
    masklet::CancelToken cancel;
    std::vector<int64_t> streamed;
    std::vector<torch::Tensor> masks;
    std::vector<std::pair<int64_t, int64_t>> progress;
    const auto result = session->propagate(
        {},
        [&](const FrameMasks& frame) {
          streamed.push_back(frame.frame);
          masks.push_back(frame.maskLogits);
          if (streamed.size() == 3) cancel.requestCancel();
        },
        [&](int64_t done, int64_t total) { progress.emplace_back(done, total); }, &cancel);
    QVERIFY(result.cancelled);
    QCOMPARE(result.framesPlanned, 8);
    QCOMPARE(result.framesDone, 3);
    QCOMPARE(streamed, (std::vector<int64_t>{0, 1, 2}));
    QCOMPARE(progress.back(), (std::pair<int64_t, int64_t>{3, 8}));
    QCOMPARE(session->trackedFrames(1), (std::vector<int64_t>{0, 1, 2}));
    // The finished frames are kept: the session shows exactly what was streamed.
    for (int64_t f = 0; f < 3; ++f)
      QVERIFY(torch::equal(session->frameMasks(f).maskLogits, masks[f]));
    // Frames never reached have no mask yet (the NO_OBJ placeholder).
    QVERIFY((session->frameMasks(5).maskLogits < 0).all().item<bool>());

    // Going on from where it stopped covers the rest.
    cancel.reset();
    PropagateRequest rest;
    rest.startFrame = 3;
    const auto more = session->propagate(rest, {}, {}, &cancel);
    QVERIFY(!more.cancelled);
    QCOMPARE(more.framesDone, 5);
    QCOMPARE(session->trackedFrames(1).size(), size_t(8));
  }

  void correctionPersistsAsConditioningFrame_data() {
    QTest::addColumn<bool>("asCond");
    QTest::newRow("product default (correction kept)") << true;
    QTest::newRow("reference default (correction overwritten)") << false;
  }

  void correctionPersistsAsConditioningFrame() {
    QFETCH(bool, asCond);
    VideoTrackingOptions options;
    QVERIFY(options.addAllFramesToCorrectAsCond);  // Masklet's default
    options.addAllFramesToCorrectAsCond = asCond;
    auto session = makeSession(options);
    session->addPoints(0, 1, click(50, 40));
    session->propagate({}, {});
    const FrameMasks corrected = session->addPoints(5, 1, click(30, 60, 0, false));
    torch::Tensor repropagated;
    session->propagate({}, [&](const FrameMasks& frame) {
      if (frame.frame == 5) repropagated = frame.maskLogits;
    });
    QVERIFY(repropagated.defined());
    // A conditioning frame reuses its output; otherwise tracking recomputes frame 5.
    QCOMPARE(torch::equal(repropagated, corrected.maskLogits), asCond);
  }

  void featureCacheStaysBounded() {
    VideoTrackingOptions options;
    options.featureCacheFrames = 2;
    auto session = makeSession(options);
    session->addPoints(3, 1, click(50, 40));
    session->addPoints(3, 2, click(100, 50));
    session->propagate({}, {});
    PropagateRequest back;
    back.reverse = true;
    session->propagate(back, {});
    const auto& cache = session->featureCache();
    QCOMPARE(cache.capacity(), size_t(2));
    QVERIFY(cache.size() <= 2);
    // Every frame was encoded (frames 0-7) and some more than once, never all kept.
    QVERIFY(cache.misses() >= 8);
    QVERIFY(cache.hits() > 0);
    session->setFeatureCacheFrames(1);
    QCOMPARE(cache.size(), size_t(1));
  }

  void removeObjectKeepsTheOthers() {
    auto session = makeSession();
    session->addPoints(0, 1, click(50, 40));
    session->addPoints(0, 2, click(110, 50));
    session->propagate({}, {});
    const FrameMasks before = session->frameMasks(4);
    const auto removed = session->removeObject(1);
    QCOMPARE(removed.objectIds, std::vector<int64_t>{2});
    QCOMPARE(removed.updatedFrames.size(), size_t(1));
    QCOMPARE(removed.updatedFrames[0].frame, 0);
    const FrameMasks after = session->frameMasks(4);
    QCOMPARE(after.objectIds, std::vector<int64_t>{2});
    QVERIFY(torch::equal(after.maskLogits[0], before.maskLogits[1]));
    const std::string strict = refusal([&] { session->removeObject(9, true); });
    QCOMPARE(strict, std::string("Cannot remove object id 9 as it doesn't exist. All existing "
                                 "object ids: [2]."));
  }
};

MASKLET_TEST_APPLESS_MAIN(TestVideoSession)
#include "test_video_session.moc"
