// The caches behind fast corrections and re-tracking give exactly the results of running
// without them: memory-conditioned features reused only while their memories are unchanged,
// both spilled to disk and read back bit for bit. Checked on the sam2.1-mini fixture model
// against the same session with every cache disabled (an independent run, not recorded values).
#include <QtTest/QtTest>

#include "test_registry.h"

#include <memory>
#include <string>
#include <vector>

#include "mini_fixture_session.h"
#include "model/checkpoint_reader.h"
#include "model/sam2_model.h"
#include "shared_data.h"
#include "tracker/disk_tensor_store.h"
#include "tracker/frame_provider.h"
#include "tracker/video_session.h"

using masklet::test::click;
using masklet::tracker::FrameMasks;
using masklet::tracker::PointPrompt;
using masklet::tracker::VideoSession;
using masklet::tracker::VideoTrackingOptions;

namespace {

constexpr int kWidth = masklet::test::kMiniWidth;
constexpr int kHeight = masklet::test::kMiniHeight;

VideoTrackingOptions withoutCaches() {
  VideoTrackingOptions options;
  options.featureCacheFrames = 1;
  options.featureCacheDiskBytes = 0;
  options.conditionedCacheRamBytes = 0;
  options.conditionedCacheDiskBytes = 0;
  return options;
}

// Every frame's masks of one propagation, in order.
std::vector<torch::Tensor> propagateAll(VideoSession& session) {
  std::vector<torch::Tensor> masks;
  session.propagate({}, [&](const FrameMasks& frame) { masks.push_back(frame.maskLogits); });
  return masks;
}

void requireEqual(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
  QCOMPARE(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    QVERIFY2(torch::equal(a[i], b[i]), qPrintable(QString("frame %1 differs").arg(i)));
}

}  // namespace

class TestSessionCaches : public QObject {
  Q_OBJECT

 private:
  std::shared_ptr<const masklet::model::Sam2Model> m_model;
  torch::Tensor m_images;

  std::unique_ptr<VideoSession> makeSession(const VideoTrackingOptions& options) {
    auto frames =
        std::make_shared<masklet::tracker::TensorFrameProvider>(m_images, kWidth, kHeight);
    return std::make_unique<VideoSession>(m_model, frames, options);
  }

  // Click, propagate, correct frame 4, re-propagate, correct frame 6: every result.
  std::vector<torch::Tensor> correctionSession(VideoSession& session) {
    std::vector<torch::Tensor> out;
    out.push_back(session.addPoints(0, 1, click(60, 40)).maskLogits);
    for (auto& m : propagateAll(session)) out.push_back(m);
    out.push_back(session.addPoints(4, 1, click(100, 60, 0, false)).maskLogits);
    out.push_back(session.addPoints(4, 1, click(30, 20, 0, false)).maskLogits);
    for (auto& m : propagateAll(session)) out.push_back(m);
    out.push_back(session.addPoints(6, 1, click(90, 30, 1, false)).maskLogits);
    return out;
  }

 private Q_SLOTS:
  void initTestCase() {
    MASKLET_REQUIRE_SHARED("fixtures/sam2.1-mini");
    const std::string dir = masklet::test::sharedPath("fixtures/sam2.1-mini");
    m_model = masklet::model::Sam2Model::load(dir + "/checkpoint.pt", dir + "/config.yaml");
    m_images = masklet::model::readTensorFile(dir + "/trace.pt").at("images");
  }

  void correctionOnTrackedFrameReusesItsConditionedFeatures() {
    auto session = makeSession(VideoTrackingOptions{});
    session->addPoints(0, 1, click(60, 40));
    propagateAll(*session);
    const auto hitsBefore = session->conditionedCache().hits();
    session->addPoints(4, 1, click(100, 60, 0, false));
    // Frame 4 attends to the same memories as when it was tracked: no memory attention.
    QCOMPARE(session->conditionedCache().hits(), hitsBefore + 1);
  }

  void resultsEqualARunWithoutCaches() {
    auto cached = makeSession(VideoTrackingOptions{});
    auto plain = makeSession(withoutCaches());
    requireEqual(correctionSession(*cached), correctionSession(*plain));
    QVERIFY(cached->conditionedCache().hits() > 0);
    QCOMPARE(plain->conditionedCache().hits(), 0);
    // The re-propagation after the correction changed the memories: frame 6 must have been
    // recomputed, not taken from the first run.
    QVERIFY(cached->conditionedCache().misses() > 0);
  }

  void spilledToDiskGivesTheSameResults() {
    VideoTrackingOptions spill;
    spill.featureCacheFrames = 1;        // every other frame goes to the disk tier
    spill.conditionedCacheRamBytes = 1;  // every entry goes to the disk tier
    spill.cacheFolder = QDir::tempPath().toStdString();
    auto spilled = makeSession(spill);
    auto plain = makeSession(withoutCaches());
    requireEqual(correctionSession(*spilled), correctionSession(*plain));
    QVERIFY(spilled->featureCache().diskHits() > 0);
    QVERIFY(spilled->conditionedCache().hits() > 0);
    QVERIFY(spilled->conditionedCache().diskBytes() > 0);
    QCOMPARE(spilled->conditionedCache().ramBytes(), std::size_t(0));
  }

  void diskStoreKeepsBytesAndItsBudget() {
    masklet::tracker::DiskTensorStore store(3000, QDir::tempPath().toStdString());
    const auto a = torch::randn({10, 20});                     // 800 bytes
    const auto b = torch::randn({7, 9}).to(torch::kBFloat16);  // 126 bytes
    const auto c = torch::arange(5, torch::kLong);             // 40 bytes
    store.put("x", {a, b, c});
    const auto back = store.get("x", torch::kCPU);
    QVERIFY(back.has_value());
    QCOMPARE(back->size(), std::size_t(3));
    QVERIFY(torch::equal((*back)[0], a));
    QVERIFY((*back)[1].scalar_type() == torch::kBFloat16 && torch::equal((*back)[1], b));
    QVERIFY(torch::equal((*back)[2], c));
    QCOMPARE(store.bytes(), std::size_t(966));
    // Past the budget the least recently used entry goes first.
    store.put("y", {torch::randn({250})});  // 1000 bytes
    store.get("x", torch::kCPU);
    store.put("z", {torch::randn({300})});  // 1200 bytes: 3166 > 3000, drops y
    QVERIFY(store.get("y", torch::kCPU) == std::nullopt);
    QVERIFY(store.get("x", torch::kCPU).has_value());
    QVERIFY(store.bytes() <= 3000);
    // An entry larger than the whole budget is not kept; a disabled store keeps nothing.
    store.put("big", {torch::randn({1000})});
    QVERIFY(store.get("big", torch::kCPU) == std::nullopt);
    masklet::tracker::DiskTensorStore off(0);
    off.put("x", {a});
    QVERIFY(off.get("x", torch::kCPU) == std::nullopt);
  }

  void foldersLeftByEndedSessionsAreRemoved() {
    QTemporaryDir parent;
    QVERIFY(parent.isValid());
    // pid_max is at most 2^22 on Linux: this process cannot exist.
    const QString stale = parent.filePath("masklet-cache-99999999-abcdef");
    const QString unrelated = parent.filePath("other-folder");
    QVERIFY(QDir().mkpath(stale) && QDir().mkpath(unrelated));
    masklet::tracker::DiskTensorStore store(1 << 20, parent.path().toStdString());
    store.put("x", {torch::ones({4})});
    QVERIFY(!QFileInfo::exists(stale));
    QVERIFY(QFileInfo::exists(unrelated));
    const auto entries = QDir(parent.path()).entryList({"masklet-cache-*"}, QDir::Dirs);
    QCOMPARE(entries.size(), 1);  // this store's own folder
    QVERIFY(entries.front().startsWith(
        QString("masklet-cache-%1-").arg(QCoreApplication::applicationPid())));
  }
};

MASKLET_TEST_GUILESS_MAIN(TestSessionCaches)
#include "test_session_caches.moc"
