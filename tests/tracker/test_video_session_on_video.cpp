// A VideoSession runs on a real video file through VideoFrameProvider (frames decoded and
// preprocessed on demand), not only on a fixture's preprocessed images: masks come back at
// the video's own size and only the requested frames are decoded.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <memory>
#include <string>

#include "common/error.h"
#include "model/sam2_model.h"
#include "shared_data.h"
#include "tracker/frame_provider_video.h"
#include "tracker/video_session.h"
#include "video/open_frame_source.h"

class TestVideoSessionOnVideo : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void tracksFramesOfAVideoFile() {
    MASKLET_REQUIRE_SHARED("fixtures/sam2.1-mini");
    MASKLET_REQUIRE_SHARED("media/01_dog.mp4");
    const std::string dir = masklet::test::sharedPath("fixtures/sam2.1-mini");
    std::shared_ptr<const masklet::model::Sam2Model> model =
        masklet::model::Sam2Model::load(dir + "/checkpoint.pt", dir + "/config.yaml");
    std::shared_ptr<masklet::video::FrameSource> source =
        masklet::video::openFrameSource(masklet::test::sharedPath("media/01_dog.mp4"));
    auto frames = std::make_shared<masklet::tracker::VideoFrameProvider>(
        source, static_cast<int>(model->config().image_size));
    QCOMPARE(frames->frameCount(), source->frameCount());

    const auto input = frames->modelInput(0);
    QCOMPARE(input.sizes(), (torch::IntArrayRef{3, 256, 256}));
    QVERIFY(input.isfinite().all().item<bool>());
    // Normalised with the ImageNet mean/std: roughly zero-centred, not 0..255.
    QVERIFY(input.abs().max().item<float>() < 3.0f);

    masklet::tracker::VideoTrackingOptions options;
    options.featureCacheFrames = 2;
    masklet::tracker::VideoSession session(model, frames, options);
    masklet::tracker::PointPrompt prompt;
    prompt.points = {{source->width() / 2.0f, source->height() / 2.0f}};
    prompt.labels = {1};
    const auto clicked = session.addPoints(0, 1, prompt);
    QCOMPARE(clicked.maskLogits.sizes(),
             (torch::IntArrayRef{1, 1, source->height(), source->width()}));

    masklet::tracker::PropagateRequest request;
    request.maxFrames = 3;
    std::vector<int64_t> done;
    session.propagate(request, [&](const masklet::tracker::FrameMasks& frame) {
      done.push_back(frame.frame);
      QCOMPARE(frame.maskLogits.size(3), int64_t(source->width()));
    });
    QCOMPARE(done, (std::vector<int64_t>{0, 1, 2, 3}));
    QVERIFY(session.featureCache().size() <= 2);

    bool refused = false;
    try {
      frames->modelInput(source->frameCount());
    } catch (const masklet::Error&) {
      refused = true;
    }
    QVERIFY(refused);
  }
};

MASKLET_TEST_APPLESS_MAIN(TestVideoSessionOnVideo)
#include "test_video_session_on_video.moc"
