// Re-track until converged, with the sam2.1-mini fixture model and frames:
// a propagation with the stop rule computes exactly what a full re-track computes on the
// frames it tracks, keeps the earlier run's frames after it stops, stops right after K
// agreeing frames when nothing changed, and never stops where the earlier run left frames
// untracked.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/error.h"
#include "mini_fixture_session.h"
#include "model/checkpoint_reader.h"
#include "model/sam2_model.h"
#include "shared_data.h"
#include "tracker/convergence_check.h"
#include "tracker/frame_provider.h"
#include "tracker/video_session.h"

using masklet::test::click;
using masklet::tracker::ConvergenceRule;
using masklet::tracker::FrameMasks;
using masklet::tracker::PointPrompt;
using masklet::tracker::PropagateRequest;
using masklet::tracker::PropagateResult;
using masklet::tracker::PropagateStop;
using masklet::tracker::VideoSession;

namespace {

constexpr int kWidth = masklet::test::kMiniWidth;
constexpr int kHeight = masklet::test::kMiniHeight;
constexpr int kFrames = 8;

using MasksByFrame = std::map<int64_t, torch::Tensor>;

PropagateResult propagate(VideoSession& session, PropagateRequest request, MasksByFrame* seen) {
  return session.propagate(request, [&](const FrameMasks& m) {
    if (seen) (*seen)[m.frame] = m.maskLogits;
  });
}

MasksByFrame allFrames(VideoSession& session) {
  MasksByFrame masks;
  for (int64_t f = 0; f < session.frameCount(); ++f) masks[f] = session.frameMasks(f).maskLogits;
  return masks;
}

}  // namespace

class TestRetrackUntilConverged : public QObject {
  Q_OBJECT

 private:
  std::shared_ptr<const masklet::model::Sam2Model> m_model;
  torch::Tensor m_images;

  // Two objects clicked on frame 0 and tracked through the whole video.
  std::unique_ptr<VideoSession> trackedSession(int64_t maxFrames = kFrames) {
    auto frames =
        std::make_shared<masklet::tracker::TensorFrameProvider>(m_images, kWidth, kHeight);
    auto session = std::make_unique<VideoSession>(
        m_model, frames, masklet::tracker::VideoTrackingOptions::forModel(m_model->config()));
    session->addPoints(0, 1, click(50, 40));
    session->addPoints(0, 2, click(110, 50));
    PropagateRequest request;
    request.maxFrames = maxFrames;
    propagate(*session, request, nullptr);
    return session;
  }

 private Q_SLOTS:
  void initTestCase() {
    MASKLET_REQUIRE_SHARED("fixtures/sam2.1-mini");
    const std::string dir = masklet::test::sharedPath("fixtures/sam2.1-mini");
    m_model = masklet::model::Sam2Model::load(dir + "/checkpoint.pt", dir + "/config.yaml");
    m_images = masklet::model::readTensorFile(dir + "/trace.pt").at("images");
    QCOMPARE(m_images.size(0), kFrames);
  }

  void maskIoUCountsPositivePixels() {
    const auto a = torch::tensor({1.0f, -1.0f, 2.0f, -3.0f});
    const auto b = torch::tensor({0.5f, 0.5f, -2.0f, -1.0f});
    QCOMPARE(masklet::tracker::maskIoU(a, b), 1.0 / 3.0);
    QCOMPARE(masklet::tracker::maskIoU(-a.abs(), -b.abs()), 1.0);  // both empty
    QCOMPARE(masklet::tracker::maskIoU(a, a), 1.0);
  }

  void invalidRuleIsRefused() {
    auto session = trackedSession();
    PropagateRequest request;
    request.stopWhenConverged = ConvergenceRule{1.5, 5};
    QVERIFY_THROWS_EXCEPTION(masklet::Error, propagate(*session, request, nullptr));
    request.stopWhenConverged = ConvergenceRule{0.99, 0};
    QVERIFY_THROWS_EXCEPTION(masklet::Error, propagate(*session, request, nullptr));
  }

  void unchangedSessionStopsAfterKFrames_data() {
    QTest::addColumn<int>("k");
    QTest::newRow("K=1") << 1;
    QTest::newRow("K=3") << 3;
    QTest::newRow("K=5 (default)") << 5;
  }

  void unchangedSessionStopsAfterKFrames() {
    QFETCH(int, k);
    auto session = trackedSession();
    const MasksByFrame before = allFrames(*session);
    PropagateRequest request;
    request.stopWhenConverged = ConvergenceRule{0.99, k};
    MasksByFrame seen;
    const auto result = propagate(*session, request, &seen);
    // Frame 0 is the prompted frame (kept, says nothing); frames 1..K re-track to the same
    // masks, so it stops on frame K with K+1 frames done.
    QCOMPARE(result.stop, PropagateStop::Converged);
    QCOMPARE(result.lastFrame, int64_t(k));
    QCOMPARE(result.framesDone, int64_t(k + 1));
    QCOMPARE(result.framesPlanned, int64_t(kFrames));
    QCOMPARE(int64_t(seen.size()), int64_t(k + 1));
    for (const auto& [frame, masks] : seen) QVERIFY(torch::equal(masks, before.at(frame)));
    // The frames after the stop are the earlier run's.
    const MasksByFrame after = allFrames(*session);
    for (int64_t f = 0; f < kFrames; ++f) QVERIFY(torch::equal(after.at(f), before.at(f)));
    QCOMPARE(session->trackedFrames(1).size(), std::size_t(kFrames));
  }

  void retrackedFramesEqualAFullRetrack() {
    // The same correction on frame 2 in two identical sessions; one re-tracks everything.
    auto full = trackedSession();
    auto stopping = trackedSession();
    const MasksByFrame earlier = allFrames(*stopping);
    for (auto* session : {full.get(), stopping.get()})
      session->addPoints(2, 1, click(60, 45, 0, /*clear=*/false));
    PropagateRequest request;
    request.startFrame = 2;
    MasksByFrame fullMasks, stoppingMasks;
    const auto fullResult = propagate(*full, request, &fullMasks);
    request.stopWhenConverged = ConvergenceRule{0.99, 2};
    const auto result = propagate(*stopping, request, &stoppingMasks);
    QCOMPARE(fullResult.stop, PropagateStop::End);
    QCOMPARE(int64_t(fullMasks.size()), int64_t(kFrames - 2));
    QVERIFY(result.framesDone >= 1 && result.framesDone <= fullResult.framesDone);
    QCOMPARE(int64_t(stoppingMasks.size()), result.framesDone);
    for (const auto& [frame, masks] : stoppingMasks)
      QVERIFY2(torch::equal(masks, fullMasks.at(frame)),
               qPrintable(QString("frame %1").arg(frame)));
    // After a converged stop the later frames are the earlier run's, untouched.
    const MasksByFrame after = allFrames(*stopping);
    for (int64_t f = result.lastFrame + 1; f < kFrames; ++f)
      QVERIFY(torch::equal(after.at(f), earlier.at(f)));
    qInfo("correction on frame 2: stopped on frame %lld (%s) of %d", (long long)result.lastFrame,
          result.stop == PropagateStop::Converged ? "converged" : "end", kFrames - 1);
  }

  void neverStopsBeforeUntrackedFrames() {
    // The earlier run only reached frame 3: frames 1..3 agree, but stopping there would
    // leave frames 4..7 untracked, so it tracks to the end.
    auto session = trackedSession(/*maxFrames=*/3);
    QCOMPARE(session->trackedFrames(1).size(), std::size_t(4));
    PropagateRequest request;
    request.stopWhenConverged = ConvergenceRule{0.99, 1};
    MasksByFrame seen;
    const auto result = propagate(*session, request, &seen);
    QCOMPARE(result.stop, PropagateStop::End);
    QCOMPARE(result.framesDone, int64_t(kFrames));
    QCOMPARE(result.lastFrame, int64_t(kFrames - 1));
    QCOMPARE(session->trackedFrames(2).size(), std::size_t(kFrames));
  }

  void offByDefault() {
    auto session = trackedSession();
    const auto result = propagate(*session, PropagateRequest{}, nullptr);
    QCOMPARE(result.stop, PropagateStop::End);
    QCOMPARE(result.framesDone, int64_t(kFrames));
  }
};

MASKLET_TEST_GUILESS_MAIN(TestRetrackUntilConverged)
#include "test_retrack_until_converged.moc"
