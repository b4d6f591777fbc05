// Imported annotations join a document as new objects, pixel for pixel, as one undoable step,
// without touching what was already annotated; "as prompts" records the mask prompts; masks of
// another size are refused and nothing changes.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <opencv2/core.hpp>

#include "common/error.h"
#include "project/project_import.h"

using namespace masklet;
using project::MaskSource;

namespace {

// Equal apart from the id counter, which only ever grows (ids are never given out twice).
bool sameContent(project::DocumentState a, const project::DocumentState& b) {
  a.nextObjectId = b.nextObjectId;
  return a == b;
}

}  // namespace

class TestProjectImport : public QObject {
  Q_OBJECT

 private:
  static cv::Mat square(int height, int width, int x, int y, int side) {
    cv::Mat mask = cv::Mat::zeros(height, width, CV_8U);
    mask(cv::Rect(x, y, side, side)).setTo(1);
    return mask;
  }

  static dataset::MaskAnnotation maskOf(const cv::Mat& mask) {
    dataset::MaskAnnotation annotation;
    annotation.rle = dataset::encodeMask(mask);
    return annotation;
  }

  static dataset::VideoAnnotation twoCups(const cv::Mat& a, const cv::Mat& b) {
    dataset::VideoAnnotation imported;
    imported.video = {"v", 20, 10, 5, 25.0, {}};
    imported.categories = {{7, "cup", ""}};
    imported.objects = {{1, "cup A", 7, "manual", {}}, {2, "cup B", 7, "manual", {}}};
    imported.frames[0][1] = maskOf(a);
    imported.frames[3][2] = maskOf(b);
    imported.frames[4][2] = maskOf(a);
    return imported;
  }

 private Q_SLOTS:
  void importedObjectsGetFreshIdsAndKeepTheirMasks() {
    project::Document doc;
    doc.reset({"v.mp4", "v", 20, 10, 5, 25.0, ""});
    const int existing = doc.addObject("mine");
    doc.setMask("paint", 0, existing,
                {dataset::encodeMask(square(10, 20, 0, 0, 3)), MaskSource::Edited, {}});
    const auto before = doc.state();

    const cv::Mat a = square(10, 20, 4, 2, 5);
    const cv::Mat b = square(10, 20, 12, 1, 6);
    const auto ids = project::importAnnotation(doc, twoCups(a, b));
    QCOMPARE(ids.at(1), 2);
    QCOMPARE(ids.at(2), 3);
    QCOMPARE(doc.objects().size(), size_t(3));
    QCOMPARE(doc.object(2)->name, std::string("cup A"));
    QCOMPARE(doc.categories().at(1).name, std::string("cup"));
    QCOMPARE(doc.object(3)->categoryId, doc.categories().at(1).id);
    QCOMPARE(cv::countNonZero(dataset::decodeRle(doc.mask(0, 2)->rle) != a), 0);
    QCOMPARE(cv::countNonZero(dataset::decodeRle(doc.mask(3, 3)->rle) != b), 0);
    QVERIFY(doc.mask(3, 3)->source == MaskSource::Imported);
    QVERIFY(!doc.hasPrompts());
    QCOMPARE(int(dataset::rleArea(doc.mask(0, existing)->rle)), 9);
    // One undo takes the whole import back.
    doc.undo();
    QVERIFY(sameContent(doc.state(), before));
  }

  void asPromptsRecordsEachObjectsFirstMaskAsItsPrompt() {
    project::Document doc;
    doc.reset({"v.mp4", "v", 20, 10, 5, 25.0, ""});
    const cv::Mat a = square(10, 20, 4, 2, 5);
    const cv::Mat b = square(10, 20, 12, 1, 6);
    project::importAnnotation(doc, twoCups(a, b), /*asPrompts=*/true);
    QCOMPARE(doc.framesWithPrompts(1), std::vector<int>{0});
    QCOMPARE(doc.framesWithPrompts(2), std::vector<int>{3});  // only the first mask
    const auto prompts = doc.prompts(3, 2);
    QCOMPARE(prompts.inputs.size(), size_t(1));
    QVERIFY(prompts.inputs[0].mask);
    QCOMPARE(cv::countNonZero(dataset::decodeRle(*prompts.inputs[0].mask) != b), 0);
    QVERIFY(doc.mask(3, 2)->source == MaskSource::Prompted);
    QVERIFY(doc.mask(4, 2)->source == MaskSource::Imported);
  }

  void masksOfAnotherSizeAreRefusedAndNothingChanges() {
    project::Document doc;
    doc.reset({"v.mp4", "v", 20, 10, 5, 25.0, ""});
    doc.addObject();
    const auto before = doc.state();
    dataset::VideoAnnotation imported;
    imported.objects = {{1, "x", 1, "manual", {}}};
    imported.frames[0][1] = maskOf(square(12, 20, 0, 0, 2));
    try {
      project::importAnnotation(doc, imported);
      QFAIL("a mask of the wrong size was imported");
    } catch (const masklet::Error& error) {
      QVERIFY2(QString(error.what()).contains("20x12"), error.what());
    }
    QVERIFY(sameContent(doc.state(), before));
    QCOMPARE(doc.undoText(), std::string("Add object 1"));
  }
};

MASKLET_TEST_APPLESS_MAIN(TestProjectImport)
#include "test_project_import.moc"
