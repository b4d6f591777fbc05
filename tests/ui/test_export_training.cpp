// The export dialog's training layouts: choosing YOLO shows the split controls, their preview
// counts images and instances per split before anything is written (checked against the
// split planner), and the export writes the Ultralytics layout with the chosen split.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QTemporaryDir>
#include <filesystem>
#include <opencv2/core.hpp>

#include "dataset/dataset_format.h"
#include "dataset/dataset_split.h"
#include "dataset/json_util.h"
#include "dataset/rle.h"
#include "ui/files/export_dialog.h"
#include "ui/files/split_controls.h"

using namespace masklet;

namespace {

constexpr int kFrames = 40;

// Two objects (categories 1 and 2) as squares that move a little on every frame.
dataset::VideoAnnotation clip() {
  dataset::VideoAnnotation annotation;
  annotation.video = {"clip", 64, 48, kFrames, 25.0, {}};
  annotation.categories = {{1, "dog", ""}, {2, "ball", ""}};
  annotation.objects = {{1, "dog", 1, "manual", {}}, {2, "ball", 2, "manual", {}}};
  for (int frame = 0; frame < kFrames; ++frame)
    for (const int id : {1, 2}) {
      cv::Mat mask(48, 64, CV_8UC1, cv::Scalar(0));
      const int x = 4 + id * 20 + frame % 8, y = 6 + id * 10;
      mask(cv::Rect(x, y, 10, 8)).setTo(1);
      annotation.frames[frame][id].rle = dataset::encodeMask(mask);
    }
  return annotation;
}

}  // namespace

class TestExportTraining : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void yoloWithSplitsPreviewsThenWrites() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ui::ExportDialog dialog(
        nullptr, [] { return clip(); }, "coco");
    auto* split = dialog.findChild<ui::SplitControls*>();
    QVERIFY(split);
    QVERIFY(split->isHidden());  // COCO has no splits
    dialog.setFormat("yolo");
    QCOMPARE(dialog.format(), QString("yolo"));
    QVERIFY(!split->isHidden());
    split->setFractions(60, 20, 20);
    split->setSeed(7);

    // The preview before writing: the planner's counts for the same annotation and options.
    const auto expected =
        dataset::countSplit(clip(), dataset::planVideoSplit(clip(), split->splitOptions()));
    int images = 0;
    for (const auto s : dataset::kSplits) {
      const auto& count = expected[static_cast<int>(s)];
      images += count.images;
      QVERIFY2(count.images > 0, dataset::splitName(s));
      QCOMPARE(count.instances, 2 * count.images);
      const QString part = QString("%1: %2 images, %3 instances")
                               .arg(dataset::splitName(s))
                               .arg(count.images)
                               .arg(count.instances);
      QVERIFY2(split->previewText().contains(part), qPrintable(split->previewText()));
    }
    QCOMPARE(images, kFrames);
    if (qEnvironmentVariableIsSet("MASKLET_SCREENSHOT_DIR")) {  // for looking at it
      dialog.resize(dialog.sizeHint());
      dialog.grab().save(qEnvironmentVariable("MASKLET_SCREENSHOT_DIR") + "/export_yolo.png");
    }

    const QString out = dir.filePath("yolo");
    dialog.setOutputPath(out);
    QSignalSpy ended(&dialog, &ui::ExportDialog::exportEnded);
    dialog.startExport();
    QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 1, 30000);
    QVERIFY2(ended.at(0).at(0).toBool(), qPrintable(ended.at(0).at(1).toString()));
    namespace fs = std::filesystem;
    const fs::path root = out.toStdString();
    QVERIFY(fs::exists(root / "data.yaml"));
    const auto splits = dataset::readJsonFile(root / "splits.json");
    QCOMPARE(splits["seed"].get<int>(), 7);
    int labelFiles = 0;
    for (const auto s : dataset::kSplits) {
      const fs::path labels = root / "labels" / dataset::splitName(s);
      QVERIFY2(fs::is_directory(labels), dataset::splitName(s));
      int here = 0;
      for (const auto& entry : fs::directory_iterator(labels)) here += entry.is_regular_file();
      QCOMPARE(here, expected[static_cast<int>(s)].images);
      labelFiles += here;
    }
    QCOMPARE(labelFiles, kFrames);
  }
};

MASKLET_TEST_MAIN(TestExportTraining)
#include "test_export_training.moc"
