// The decoded-frame LRU cache keeps the most recently used frames within its byte budget, and
// CachedFrameSource returns exactly the wrapped source's frames while its prefetch thread
// decodes ahead in the direction of travel; it stops cleanly and serves several threads.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "common/error.h"
#include "video/cached_frame_source.h"
#include "video/frame_cache.h"

using masklet::video::CachedFrameSource;
using masklet::video::Frame;
using masklet::video::FrameCache;

namespace {

// A synthetic source: frame n is filled with n % 251; counts decodes and flags concurrent use
// (FrameSource implementations are single-threaded).
class CountingSource : public masklet::video::FrameSource {
 public:
  explicit CountingSource(int64_t count, std::atomic<int>* decodes, std::atomic<bool>* overlap)
      : m_count(count), m_decodes(decodes), m_overlap(overlap) {}
  int64_t frameCount() const override { return m_count; }
  int width() const override { return 16; }
  int height() const override { return 8; }
  double fps() const override { return 10.0; }
  Frame frame(int64_t index) override {
    if (m_busy.exchange(true)) m_overlap->store(true);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    if (index < 0 || index >= m_count) {
      m_busy = false;
      throw masklet::Error("frame " + std::to_string(index) + " out of range");
    }
    ++*m_decodes;
    Frame frame;
    frame.index = index;
    frame.timeSeconds = index / 10.0;
    frame.rgb = cv::Mat(8, 16, CV_8UC3, cv::Scalar::all(static_cast<double>(index % 251)));
    m_busy = false;
    return frame;
  }
  double timeOfFrame(int64_t index) const override { return index / 10.0; }
  int64_t frameAtTime(double seconds) const override { return static_cast<int64_t>(seconds * 10); }
  std::string describe() const override { return "counting source"; }

 private:
  int64_t m_count;
  std::atomic<int>* m_decodes;
  std::atomic<bool>* m_overlap;
  std::atomic<bool> m_busy{false};
};

Frame makeFrame(int64_t index, int bytes) {
  Frame frame;
  frame.index = index;
  frame.rgb = cv::Mat(1, bytes / 3, CV_8UC3, cv::Scalar::all(1));
  return frame;
}

bool waitFor(const std::function<bool()>& condition) {
  for (int i = 0; i < 500; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

}  // namespace

class FrameCachePrefetchTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void lruEvictsLeastRecentlyUsedWithinBudget() {
    FrameCache cache(300);  // three 99-byte frames
    cache.put(makeFrame(0, 99));
    cache.put(makeFrame(1, 99));
    cache.put(makeFrame(2, 99));
    QCOMPARE(cache.size(), size_t{3});
    QVERIFY(cache.get(0).has_value());  // 0 becomes the most recent; 1 is now the oldest
    cache.put(makeFrame(3, 99));
    QVERIFY(!cache.contains(1));
    QVERIFY(cache.contains(0) && cache.contains(2) && cache.contains(3));
    QVERIFY(cache.bytes() <= cache.maxBytes());
    cache.put(makeFrame(2, 99));  // replacing keeps the byte count exact
    QCOMPARE(cache.bytes(), size_t{297});
    cache.clear();
    QCOMPARE(cache.size(), size_t{0});
    QCOMPARE(cache.bytes(), size_t{0});
  }

  void cachedFramesEqualTheSourceFrames() {
    std::atomic<int> decodes{0};
    std::atomic<bool> overlap{false};
    CachedFrameSource source(std::make_unique<CountingSource>(40, &decodes, &overlap));
    QCOMPARE(source.frameCount(), int64_t{40});
    QCOMPARE(source.width(), 16);
    for (int64_t index : {int64_t{5}, int64_t{39}, int64_t{0}, int64_t{5}}) {
      const Frame frame = source.frame(index);
      QCOMPARE(frame.index, index);
      QCOMPARE(frame.rgb.at<cv::Vec3b>(3, 7)[1], static_cast<uint8_t>(index % 251));
    }
    QVERIFY(!overlap.load());
  }

  void prefetchDecodesAheadInTheDirectionOfTravel() {
    std::atomic<int> decodes{0};
    std::atomic<bool> overlap{false};
    CachedFrameSource source(std::make_unique<CountingSource>(100, &decodes, &overlap),
                             {size_t{1} << 24, 6});
    source.frame(10);
    QVERIFY(waitFor([&] { return source.isCached(16); }));
    for (int64_t index = 11; index <= 16; ++index) QVERIFY(source.isCached(index));
    QVERIFY(!source.isCached(17));
    const int before = decodes.load();
    for (int64_t index = 11; index <= 16; ++index) source.frame(index);  // all cache hits
    QVERIFY(decodes.load() - before <= 6);  // only prefetch of 17.. may have run meanwhile
    // Backwards: after 60 then 59, the thread fills 58, 57, ...
    source.frame(60);
    source.frame(59);
    QVERIFY(waitFor([&] { return source.isCached(53); }));
    QVERIFY(source.prefetchedCount() >= 12);
    QVERIFY(!overlap.load());
  }

  void prefetchStopsAtTheEndsAndOnRequest() {
    std::atomic<int> decodes{0};
    std::atomic<bool> overlap{false};
    auto source = std::make_unique<CachedFrameSource>(
        std::make_unique<CountingSource>(12, &decodes, &overlap),
        masklet::video::CacheOptions{size_t{1} << 24, 8});
    source->frame(9);
    QVERIFY(waitFor([&] { return source->isCached(11); }));
    source->stopPrefetch();
    const int after = decodes.load();
    source->frame(0);  // still works without the thread
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    QCOMPARE(decodes.load(), after + 1);
    source.reset();  // joins nothing twice
  }

  void concurrentReadersGetCorrectFrames() {
    std::atomic<int> decodes{0};
    std::atomic<bool> overlap{false};
    CachedFrameSource source(std::make_unique<CountingSource>(200, &decodes, &overlap),
                             {size_t{16} * 8 * 3 * 50, 4});  // room for 50 frames
    std::atomic<bool> wrong{false};
    auto reader = [&](int64_t start, int64_t step) {
      for (int64_t i = 0; i < 100; ++i) {
        const int64_t index = (start + i * step + 200) % 200;
        const Frame frame = source.frame(index);
        if (frame.index != index || frame.rgb.at<cv::Vec3b>(0, 0)[0] != index % 251) wrong = true;
      }
    };
    std::thread forward(reader, 0, 1);
    std::thread backward(reader, 199, -1);
    std::thread jumping(reader, 7, 37);
    forward.join();
    backward.join();
    jumping.join();
    QVERIFY(!wrong.load());
    QVERIFY2(!overlap.load(), "the wrapped source was used by two threads at once");
  }

  void errorsReachTheCaller() {
    std::atomic<int> decodes{0};
    std::atomic<bool> overlap{false};
    CachedFrameSource source(std::make_unique<CountingSource>(5, &decodes, &overlap));
    QVERIFY_THROWS_EXCEPTION(masklet::Error, source.frame(7));
  }
};

MASKLET_TEST_APPLESS_MAIN(FrameCachePrefetchTest)
#include "test_frame_cache_prefetch.moc"
