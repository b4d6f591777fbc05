// Train / valid / test splits: the same for the same seed, chunks of neighbouring frames never
// on two sides, shares close to the fractions, fractions parsed as users type them.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <set>

#include "common/error.h"
#include "dataset/dataset_split.h"
#include "training_clip.h"

using namespace masklet::dataset;

namespace {

VideoAnnotation framesOnly(int count) {
  VideoAnnotation annotation;
  for (int f = 0; f < count; ++f) annotation.frames[f * 2];  // every other frame annotated
  return annotation;
}

std::map<int, Split> splitOfFrame(const std::vector<FrameChunk>& chunks) {
  std::map<int, Split> result;
  for (const auto& chunk : chunks)
    for (const int frame : chunk.frames) result[frame] = chunk.split;
  return result;
}

}  // namespace

class TestDatasetSplit : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void sameSeedSameSplitOtherSeedOther() {
    SplitOptions options;
    options.fractions = {80, 10, 10};
    options.seed = 7;
    const auto annotation = framesOnly(200);
    const auto first = splitOfFrame(planVideoSplit(annotation, options));
    QCOMPARE(splitOfFrame(planVideoSplit(annotation, options)), first);
    options.seed = 8;
    QVERIFY(splitOfFrame(planVideoSplit(annotation, options)) != first);
  }

  void chunksAreContiguousAndSharesFollowFractions() {
    SplitOptions options;
    options.fractions = {0.8, 0.1, 0.1};
    const auto chunks = planVideoSplit(framesOnly(200), options);
    QCOMPARE(chunks.size(), std::size_t(20));  // about 20 chunks by default
    std::array<int, 3> frames{0, 0, 0};
    int previousLast = -1;
    for (const auto& chunk : chunks) {
      QCOMPARE(chunk.frames.size(), std::size_t(10));
      QVERIFY(chunk.frames.front() > previousLast);  // in frame order, no frame twice
      for (std::size_t i = 1; i < chunk.frames.size(); ++i)
        QCOMPARE(chunk.frames[i], chunk.frames[i - 1] + 2);  // neighbours stay together
      previousLast = chunk.frames.back();
      frames[static_cast<int>(chunk.split)] += static_cast<int>(chunk.frames.size());
    }
    QCOMPARE(frames, (std::array<int, 3>{160, 20, 20}));
  }

  void chunkSizeOptionAndNoSplitIsOneChunk() {
    SplitOptions options;
    options.fractions = {70, 30, 0};
    options.chunkFrames = 3;
    const auto chunks = planVideoSplit(framesOnly(10), options);
    QCOMPARE(chunks.size(), std::size_t(4));
    QCOMPARE(chunks.back().frames.size(), std::size_t(1));
    const auto whole = planVideoSplit(framesOnly(10), SplitOptions{});
    QCOMPARE(whole.size(), std::size_t(1));
    QCOMPARE(whole[0].split, Split::Train);
  }

  void everySplitWithAShareGetsOneUnit() {
    SplitOptions options;
    options.fractions = {98, 1, 1};
    const auto splits = planItemSplit(5, options);
    std::set<Split> seen(splits.begin(), splits.end());
    QCOMPARE(seen.size(), std::size_t(3));
  }

  void countsPreviewImagesAndInstances() {
    SplitOptions options;
    options.fractions = {50, 50, 0};
    options.chunkFrames = 6;
    const auto clip = masklet::test::trainingClip(24);
    const auto counts = countSplit(clip, planVideoSplit(clip, options));
    QCOMPARE(counts[0].images + counts[1].images, 24);
    QCOMPARE(counts[0].images, 12);
    QCOMPARE(counts[0].instances, 36);
    QCOMPARE(counts[2].images, 0);
  }

  void fractionsParse() {
    QCOMPARE(parseSplitFractions("80/10/10"), (std::array<double, 3>{80, 10, 10}));
    QCOMPARE(parseSplitFractions("0.9,0.1"), (std::array<double, 3>{0.9, 0.1, 0}));
    for (const char* bad : {"80", "a/b/c", "80/10/10/0", "-1/1/1", "0/0/0", ""}) {
      bool threw = false;
      try {
        parseSplitFractions(bad);
      } catch (const masklet::Error&) {
        threw = true;
      }
      QVERIFY2(threw, bad);
    }
  }
};

MASKLET_TEST_APPLESS_MAIN(TestDatasetSplit)
#include "test_dataset_split.moc"
