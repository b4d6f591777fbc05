// Imported annotations join a project as new objects, pixel for pixel, without touching what
// was already annotated; masks of another size are refused.
#include <QtTest/QtTest>

#include <opencv2/core.hpp>

#include "common/error.h"
#include "project/project_import.h"

using namespace masklet;

class TestProjectImport : public QObject {
  Q_OBJECT

 private:
  static cv::Mat square(int height, int width, int x, int y, int side) {
    cv::Mat mask = cv::Mat::zeros(height, width, CV_8U);
    mask(cv::Rect(x, y, side, side)).setTo(1);
    return mask;
  }

 private Q_SLOTS:
  void importedObjectsGetFreshIdsAndKeepTheirMasks() {
    project::AnnotationProject target;
    target.annotation.video = {"v", 20, 10, 5, 25.0, {}};
    const int existing = target.addObject("mine");
    target.setMask(0, existing, {dataset::encodeMask(square(10, 20, 0, 0, 3)), {}, {}, {}, false});

    dataset::VideoAnnotation imported;
    imported.video = {"v", 20, 10, 5, 25.0, {}};
    imported.categories = {{7, "cup", ""}};
    imported.objects = {{1, "cup A", 7, "manual", {}}, {2, "cup B", 7, "manual", {}}};
    const cv::Mat a = square(10, 20, 4, 2, 5);
    const cv::Mat b = square(10, 20, 12, 1, 6);
    imported.frames[0][1] = {dataset::encodeMask(a), {}, {}, {}, false};
    imported.frames[3][2] = {dataset::encodeMask(b), {}, {}, {}, false};

    const auto ids = project::importAnnotation(target, imported);
    QCOMPARE(ids.at(1), 2);
    QCOMPARE(ids.at(2), 3);
    QCOMPARE(target.annotation.objects.size(), size_t(3));
    QCOMPARE(target.annotation.findObject(2)->name, std::string("cup A"));
    const auto* cup = target.annotation.findCategory(target.annotation.findObject(3)->categoryId);
    QVERIFY(cup != nullptr);
    QCOMPARE(cup->name, std::string("cup"));
    QCOMPARE(cv::countNonZero(dataset::decodeRle(target.annotation.findMask(0, 2)->rle) != a), 0);
    QCOMPARE(cv::countNonZero(dataset::decodeRle(target.annotation.findMask(3, 3)->rle) != b), 0);
    // The mask already in the project is untouched.
    QCOMPARE(int(dataset::rleArea(target.annotation.findMask(0, existing)->rle)), 9);
  }

  void masksOfAnotherSizeAreRefusedAndNothingChanges() {
    project::AnnotationProject target;
    target.annotation.video = {"v", 20, 10, 5, 25.0, {}};
    target.addObject();
    dataset::VideoAnnotation imported;
    imported.objects = {{1, "x", 1, "manual", {}}};
    imported.frames[0][1] = {dataset::encodeMask(square(12, 20, 0, 0, 2)), {}, {}, {}, false};
    try {
      project::importAnnotation(target, imported);
      QFAIL("a mask of the wrong size was imported");
    } catch (const masklet::Error& error) {
      QVERIFY2(QString(error.what()).contains("20x12"), error.what());
    }
    QCOMPARE(target.annotation.objects.size(), size_t(1));
    QVERIFY(target.annotation.frames.empty());
  }
};

QTEST_APPLESS_MAIN(TestProjectImport)
#include "test_project_import.moc"
