// Every Document command undoes to the exact previous state and redoes to the exact next one;
// object ids are never reused; opening another video clears the history; listeners hear each
// change with what it touched; a propagation run is one undo step.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <functional>
#include <opencv2/core.hpp>

#include "common/error.h"
#include "project/document.h"

using namespace masklet;
using project::Document;
using project::DocumentChange;
using project::FramePrompts;
using project::MaskSource;
using project::ObjectMask;
using project::PromptInput;

Q_DECLARE_METATYPE(std::function<void(Document&)>)

namespace {

// Equal apart from the id counter, which only ever grows (ids are never given out twice).
bool sameContent(project::DocumentState a, const project::DocumentState& b) {
  a.nextObjectId = b.nextObjectId;
  return a == b;
}

ObjectMask squareMask(int x, MaskSource source = MaskSource::Tracked) {
  cv::Mat mask = cv::Mat::zeros(6, 8, CV_8U);
  mask(cv::Rect(x, 1, 2, 2)).setTo(1);
  return {dataset::encodeMask(mask), source, {1.0, 0.9}};
}

PromptInput click(double x, double y, int label = 1) {
  return {{{x, y, label}}, std::nullopt, std::nullopt, false};
}

// A document with two objects, prompts and masks, as an annotator leaves it after a while.
void fill(Document& doc) {
  doc.reset({"v.mp4", "v", 8, 6, 20, 25.0, ""});
  const int a = doc.addObject("a");
  const int b = doc.addObject("b");
  doc.applyPromptResult("click", 2, a, FramePrompts{{click(1, 1)}},
                        {{a, squareMask(0, MaskSource::Prompted)}});
  doc.setMasks("track", 3, {{a, squareMask(1)}, {b, squareMask(4)}});
  doc.setMasks("track", 4, {{a, squareMask(2)}});
}

}  // namespace

class TestDocumentHistory : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void everyCommandUndoesAndRedoesExactly_data() {
    using Command = std::function<void(Document&)>;
    QTest::addColumn<Command>("command");
    QTest::newRow("add object") << Command([](Document& d) { d.addObject("c"); });
    QTest::newRow("remove object") << Command([](Document& d) { d.removeObject(1); });
    QTest::newRow("rename") << Command([](Document& d) { d.renameObject(2, "bee"); });
    QTest::newRow("recolour") << Command([](Document& d) { d.recolorObject(2, 0xabcdef); });
    QTest::newRow("hide") << Command([](Document& d) { d.setObjectVisible(1, false); });
    QTest::newRow("add category") << Command([](Document& d) { d.addCategory("cup"); });
    QTest::newRow("rename category") << Command([](Document& d) { d.renameCategory(1, "thing"); });
    QTest::newRow("set category") << Command([](Document& d) {
      d.beginGroup("New category");  // two commands, one undo step
      d.setObjectCategory(2, d.addCategory("cup"));
      d.endGroup();
    });
    QTest::newRow("second click") << Command([](Document& d) {
      d.applyPromptResult("click", 2, 1, d.prompts(2, 1).with(click(3, 3, 0)),
                          {{1, squareMask(5, MaskSource::Prompted)}});
    });
    QTest::newRow("clear prompts") << Command([](Document& d) {
      d.applyPromptResult("clear", 2, 1, {}, {{1, squareMask(6)}});
    });
    QTest::newRow("paint") << Command(
        [](Document& d) { d.setMask("paint", 3, 2, squareMask(6, MaskSource::Edited)); });
    QTest::newRow("mask prompt") << Command([](Document& d) {
      PromptInput painted{{}, std::nullopt, squareMask(3).rle, false};
      d.applyPromptResult("mask", 3, 1, FramePrompts{{painted}}, {{1, squareMask(3)}});
    });
    QTest::newRow("clear track") << Command([](Document& d) { d.clearMasks("clear", 1, {3, 4}); });
    QTest::newRow("propagation run") << Command([](Document& d) {
      d.beginGroup("Track forward");
      for (int frame = 3; frame < 9; ++frame)
        d.setMasks("frame", frame, {{1, squareMask(frame % 6)}, {2, squareMask(1)}});
      d.endGroup();
    });
  }

  void everyCommandUndoesAndRedoesExactly() {
    QFETCH(std::function<void(Document&)>, command);
    Document doc;
    fill(doc);
    const auto before = doc.state();
    command(doc);
    const auto after = doc.state();
    QVERIFY2(after != before, "the command changed nothing");
    QVERIFY(doc.canUndo());
    doc.undo();
    QVERIFY(sameContent(doc.state(), before));
    doc.redo();
    QVERIFY(sameContent(doc.state(), after));
    doc.undo();
    QVERIFY(sameContent(doc.state(), before));
  }

  void aWholeSessionUndoesBackToEmpty() {
    Document doc;
    fill(doc);
    const auto filled = doc.state();
    while (doc.canUndo()) doc.undo();
    QVERIFY(doc.objects().empty());
    QVERIFY(doc.state().masks.empty() && doc.state().prompts.empty());
    while (doc.canRedo()) doc.redo();
    QVERIFY(sameContent(doc.state(), filled));
  }

  void objectIdsAreNeverReused() {
    Document doc;
    fill(doc);  // objects 1, 2
    doc.removeObject(2);
    QCOMPARE(doc.addObject(), 3);
    doc.undo();  // the add of 3
    doc.undo();  // the removal of 2: object 2 is back with its masks
    QVERIFY(doc.hasObject(2));
    QVERIFY(doc.mask(3, 2) != nullptr);
    QCOMPARE(doc.addObject(), 4);  // neither 2 nor 3 again
  }

  void openingAnotherVideoClearsTheHistory() {
    Document doc;
    fill(doc);
    QVERIFY(doc.canUndo());
    doc.reset({"other.mp4", "other", 8, 6, 5, 25.0, ""});
    QVERIFY(!doc.canUndo());
    QVERIFY(!doc.canRedo());
    QVERIFY(doc.objects().empty());
    doc.load(doc.state());
    QVERIFY(!doc.canUndo());
  }

  void readingPromptsHasNoSideEffects() {
    Document doc;
    fill(doc);
    const auto before = doc.state();
    QVERIFY(doc.prompts(7, 2).empty());
    QVERIFY(doc.mask(7, 2) == nullptr);
    QVERIFY(sameContent(doc.state(), before));
  }

  void listenersHearWhatChanged() {
    Document doc;
    fill(doc);
    std::vector<DocumentChange> heard;
    const int handle = doc.addListener([&](const DocumentChange& c) { heard.push_back(c); });
    doc.applyPromptResult("Positive point", 5, 2, FramePrompts{{click(2, 2)}},
                          {{2, squareMask(2, MaskSource::Prompted)}});
    QCOMPARE(heard.size(), size_t(1));
    QVERIFY(heard[0].kind == DocumentChange::Kind::Edit);
    QCOMPARE(heard[0].text, std::string("Positive point"));
    QVERIFY(heard[0].promptsChanged.count({5, 2}));
    QVERIFY(heard[0].masksChanged.count({5, 2}));
    QVERIFY(!heard[0].needsEngineRebuild());
    doc.undo();
    QVERIFY(heard.back().kind == DocumentChange::Kind::Undo);
    QVERIFY(heard.back().promptsChanged.count({5, 2}));
    QVERIFY(!heard.back().needsEngineRebuild());  // re-applying that frame's prompts suffices
    doc.removeObject(1);                          // the engine removes it too: no rebuild
    QVERIFY(heard.back().objectSetChanged);
    QVERIFY(!heard.back().needsEngineRebuild());
    doc.undo();  // object 1 comes back with its prompts: the engine replays them
    QVERIFY(heard.back().needsEngineRebuild());
    doc.redo();
    doc.beginGroup("Track");
    doc.setMasks("frame", 9, {{2, squareMask(1)}});
    doc.endGroup();
    QVERIFY(!heard.back().needsEngineRebuild());
    doc.undo();  // the engine still holds the run's memory: rebuild it from the prompts
    QVERIFY(heard.back().needsEngineRebuild());
    doc.removeListener(handle);
    const auto count = heard.size();
    doc.redo();
    QCOMPARE(heard.size(), count);
  }

  void aFailedCommandHalfWayLeavesNothing() {
    Document doc;
    fill(doc);
    const auto before = doc.state();
    const auto undoText = doc.undoText();
    doc.beginGroup("Import");
    doc.addObject("half");
    doc.setMask("m", 1, 3, squareMask(1, MaskSource::Imported));
    doc.abandonGroup();
    QVERIFY(sameContent(doc.state(), before));
    QCOMPARE(doc.undoText(), undoText);
    QVERIFY_EXCEPTION_THROWN(doc.renameObject(42, "x"), masklet::Error);
    QVERIFY_EXCEPTION_THROWN(doc.addObject("x", 99), masklet::Error);
    QVERIFY(sameContent(doc.state(), before));
  }

  void modifiedFollowsSaves() {
    Document doc;
    fill(doc);
    QVERIFY(doc.isModified());
    doc.markSaved();
    QVERIFY(!doc.isModified());
    doc.renameObject(1, "x");
    QVERIFY(doc.isModified());
  }

  void exportKeepsObjectsPromptsAndSignals() {
    Document doc;
    fill(doc);
    const auto annotation = doc.toAnnotation();
    QCOMPARE(annotation.objects.size(), size_t(2));
    QCOMPARE(annotation.video.frameCount, 20);
    const auto* prompted = annotation.findMask(2, 1);
    QVERIFY(prompted != nullptr);
    QVERIFY(prompted->edited);
    QCOMPARE(prompted->points.size(), size_t(1));
    QCOMPARE(*prompted->predictedIou, 0.9);
    QCOMPARE(*prompted->objectScore, 1.0);
    QVERIFY(!annotation.findMask(3, 2)->edited);
  }
};

MASKLET_TEST_APPLESS_MAIN(TestDocumentHistory)
#include "test_document_history.moc"
