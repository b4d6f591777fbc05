// Tracking through a damaged video: a frame the source cannot produce (FrameUnavailable) ends
// the propagation with that frame's one-line message; every frame finished before it was
// already delivered, the session keeps them and tracks again up to the damage.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <memory>
#include <string>
#include <vector>

#include "model/sam2_model.h"
#include "shared_data.h"
#include "tracker/frame_provider_video.h"
#include "tracker/video_session.h"
#include "video/frame_source.h"

namespace {

// Six grey frames with a bright square; frame 3 is damaged beyond decoding.
class DamagedFrameSource : public masklet::video::FrameSource {
 public:
  static constexpr int64_t kBroken = 3;
  int64_t frameCount() const override { return 6; }
  int width() const override { return 96; }
  int height() const override { return 64; }
  double fps() const override { return 25.0; }
  masklet::video::Frame frame(int64_t index) override {
    if (index == kBroken)
      throw masklet::video::FrameUnavailable(
          index, "frame 3 of 'clip.mp4' cannot be decoded (the file is damaged there)");
    masklet::video::Frame result;
    result.index = index;
    result.timeSeconds = static_cast<double>(index) / fps();
    result.rgb = cv::Mat(height(), width(), CV_8UC3, cv::Scalar(60, 60, 60));
    result.rgb(cv::Rect(30 + static_cast<int>(index), 20, 24, 24)).setTo(cv::Scalar(230, 200, 40));
    return result;
  }
  double timeOfFrame(int64_t index) const override { return static_cast<double>(index) / fps(); }
  int64_t frameAtTime(double seconds) const override {
    return static_cast<int64_t>(seconds * fps());
  }
  std::string describe() const override { return "six synthetic frames, frame 3 damaged"; }
  std::vector<int> damagedFrames() const override { return {static_cast<int>(kBroken)}; }
};

}  // namespace

class TestPropagateStopsAtUnavailableFrame : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void unavailableFrameEndsPropagationKeepingFinishedFrames() {
    MASKLET_REQUIRE_SHARED("fixtures/sam2.1-mini");
    const std::string dir = masklet::test::sharedPath("fixtures/sam2.1-mini");
    std::shared_ptr<const masklet::model::Sam2Model> model =
        masklet::model::Sam2Model::load(dir + "/checkpoint.pt", dir + "/config.yaml");
    auto source = std::make_shared<DamagedFrameSource>();
    auto frames = std::make_shared<masklet::tracker::VideoFrameProvider>(
        source, static_cast<int>(model->config().image_size));
    masklet::tracker::VideoSession session(model, frames, masklet::tracker::VideoTrackingOptions{});
    masklet::tracker::PointPrompt prompt;
    prompt.points = {{42.0f, 32.0f}};
    prompt.labels = {1};
    session.addPoints(0, 1, prompt);

    std::vector<int64_t> delivered;
    QString message;
    try {
      session.propagate(
          {}, [&](const masklet::tracker::FrameMasks& masks) { delivered.push_back(masks.frame); });
    } catch (const masklet::video::FrameUnavailable& error) {
      QCOMPARE(error.frameIndex(), DamagedFrameSource::kBroken);
      message = QString::fromUtf8(error.what());
    }
    QCOMPARE(message,
             QString("frame 3 of 'clip.mp4' cannot be decoded (the file is damaged there)"));
    QCOMPARE(delivered, (std::vector<int64_t>{0, 1, 2}));
    QCOMPARE(session.trackedFrames(1), (std::vector<int64_t>{0, 1, 2}));

    // The session is still usable: tracking up to the damage and back works.
    masklet::tracker::PropagateRequest upToDamage;
    upToDamage.maxFrames = DamagedFrameSource::kBroken - 1;
    delivered.clear();
    const auto result = session.propagate(
        upToDamage, [&](const masklet::tracker::FrameMasks& m) { delivered.push_back(m.frame); });
    QCOMPARE(result.framesDone, int64_t{3});
    QCOMPARE(delivered, (std::vector<int64_t>{0, 1, 2}));
    // Past the damage, from a prompt after it, tracking goes on.
    session.addPoints(4, 1, prompt);
    masklet::tracker::PropagateRequest after;
    after.startFrame = 4;
    delivered.clear();
    session.propagate(after,
                      [&](const masklet::tracker::FrameMasks& m) { delivered.push_back(m.frame); });
    QCOMPARE(delivered, (std::vector<int64_t>{4, 5}));
  }
};

MASKLET_TEST_APPLESS_MAIN(TestPropagateStopsAtUnavailableFrame)
#include "test_propagate_stops_at_unavailable_frame.moc"
