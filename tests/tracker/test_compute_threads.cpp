// The thread budget (Settings, --threads, MASKLET_THREADS) bounds every pool tracking runs on:
// LibTorch's intra-op threads and OpenCV's (the masks' resize and hole filling). Before, OpenCV
// kept a pool of all cores, so a one-thread run still ran a second thread beside the model.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <ATen/Parallel.h>
#include <opencv2/core/utility.hpp>

#include "tracker/compute_threads.h"

class TestComputeThreads : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void requestedBudgetBoundsBothPools() {
    for (const int threads : {1, 2, 3}) {
      QCOMPARE(masklet::tracker::configureComputeThreads(threads), threads);
      QCOMPARE(at::get_num_threads(), threads);
      QCOMPARE(cv::getNumThreads(), threads);
    }
  }

  void environmentGivesTheDefault() {
    qputenv("MASKLET_THREADS", "1");
    QCOMPARE(masklet::tracker::configureComputeThreads(), 1);
    QCOMPARE(cv::getNumThreads(), 1);
    qunsetenv("MASKLET_THREADS");
  }
};

MASKLET_TEST_MAIN(TestComputeThreads)
#include "test_compute_threads.moc"
