// Recording the engine's answers into the Document, as the GUI and `masklet-cli track` both do:
// a mask the user accepted stays through other objects' prompts and through tracking runs, a
// prompted frame keeps its prompts' mask as Prompted when a run passes, a run is one undo step,
// and only the changes the recorder did not make reach the engine sync.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <opencv2/core.hpp>

#include "project/document.h"
#include "tracker/result_recorder.h"

using namespace masklet;
using project::Document;
using project::DocumentChange;
using project::MaskSource;
using project::ObjectMask;
using project::PromptInput;
using tracker::DocumentFrame;
using tracker::ResultRecorder;

namespace {

ObjectMask square(int x, MaskSource source) {
  cv::Mat mask = cv::Mat::zeros(6, 8, CV_8U);
  mask(cv::Rect(x, 1, 2, 2)).setTo(1);
  return {dataset::encodeMask(mask), source, {}};
}

PromptInput click(double x, double y) {
  return {{{x, y, 1}}, std::nullopt, std::nullopt, false};
}

DocumentFrame answer(int frame, std::map<int, ObjectMask> masks) {
  DocumentFrame out;
  out.frame = frame;
  out.masks = std::move(masks);
  return out;
}

}  // namespace

class TestResultRecorder : public QObject {
  Q_OBJECT

 private:
  Document m_document;

 private Q_SLOTS:
  void init() { m_document.reset({"clip", "clip.mp4", 8, 6, 10, 25.0, ""}); }

  void aPromptAnswerIsOneCommandAndKeepsOtherObjectsAcceptedMasks() {
    ResultRecorder recorder(m_document);
    recorder.recordPrompt({"Positive point", 2, 1, click(1, 1), true, std::nullopt},
                          answer(2, {{1, square(0, MaskSource::Prompted)}}));
    QVERIFY(m_document.hasObject(1));
    QCOMPARE(m_document.prompts(2, 1).inputs.size(), size_t(1));
    QCOMPARE(m_document.undoText(), std::string("Positive point"));
    recorder.recordPrompt(
        {"Box", 2, 2, click(5, 1), true, square(4, MaskSource::Edited)},
        answer(2, {{1, square(2, MaskSource::Prompted)}, {2, square(5, MaskSource::Prompted)}}));
    QCOMPARE(m_document.mask(2, 2)->source, MaskSource::Edited);  // accepted with the answer
    QCOMPARE(m_document.mask(2, 2)->rle, square(4, MaskSource::Edited).rle);
    QCOMPARE(m_document.mask(2, 1)->rle, square(2, MaskSource::Prompted).rle);
    // Object 1's mask accepted: object 2's next answer leaves it, its own replaces it.
    recorder.recordMask("Accept frame", 2, 1, square(0, MaskSource::Edited));
    recorder.recordPrompt(
        {"Negative point", 2, 2, click(6, 2), false, std::nullopt},
        answer(2, {{1, square(3, MaskSource::Prompted)}, {2, square(6, MaskSource::Prompted)}}));
    QCOMPARE(*m_document.mask(2, 1), square(0, MaskSource::Edited));
    QCOMPARE(*m_document.mask(2, 2), square(6, MaskSource::Prompted));
    recorder.recordPrompt({"Clear prompts", 2, 1, std::nullopt, false, std::nullopt},
                          answer(2, {{1, square(1, MaskSource::Tracked)}}));
    QVERIFY(m_document.prompts(2, 1).empty());
    QCOMPARE(*m_document.mask(2, 1), square(1, MaskSource::Tracked));
  }

  void aRunKeepsAcceptedAndPromptedMasksAndIsOneUndoStep() {
    ResultRecorder recorder(m_document);
    recorder.recordPrompt({"Positive point", 0, 1, click(1, 1), true, std::nullopt},
                          answer(0, {{1, square(0, MaskSource::Prompted)}}));
    recorder.recordPrompt(
        {"Positive point", 0, 2, click(5, 1), true, std::nullopt},
        answer(0, {{1, square(0, MaskSource::Prompted)}, {2, square(4, MaskSource::Prompted)}}));
    recorder.recordMask("Accept frame", 3, 2, square(6, MaskSource::Edited));
    const auto before = m_document.state();
    recorder.beginRun("Track forward");
    for (int frame = 0; frame < 5; ++frame)
      recorder.recordTracked(
          "Tracked frame", frame,
          {{1, square(1, MaskSource::Tracked)}, {2, square(5, MaskSource::Tracked)}});
    recorder.endRun();
    QCOMPARE(m_document.mask(0, 1)->source, MaskSource::Prompted);  // its prompts' frame
    QCOMPARE(m_document.mask(4, 1)->source, MaskSource::Tracked);
    QCOMPARE(*m_document.mask(3, 2), square(6, MaskSource::Edited));  // accepted: kept
    QCOMPARE(*m_document.mask(4, 2), square(5, MaskSource::Tracked));
    QCOMPARE(m_document.undoText(), std::string("Track forward"));
    m_document.undo();
    QVERIFY(m_document.state() == before);
  }

  void onlyChangesItDidNotMakeReachTheEngineSync() {
    std::vector<DocumentChange::Kind> heard;
    ResultRecorder recorder(m_document);
    const int listener = m_document.addListener([&](const DocumentChange& change) {
      if (!recorder.isRecording()) heard.push_back(change.kind);
    });
    recorder.recordPrompt({"Positive point", 0, 1, click(1, 1), true, std::nullopt},
                          answer(0, {{1, square(0, MaskSource::Prompted)}}));
    recorder.beginRun("Track forward");
    recorder.recordTracked("Tracked frame", 1, {{1, square(1, MaskSource::Tracked)}});
    recorder.endRun();
    const auto ids = recorder.recordMaskObjects(
        "Keep masks", 2,
        {square(3, MaskSource::Prompted).rle, square(5, MaskSource::Prompted).rle});
    QCOMPARE(ids.size(), size_t(2));
    QCOMPARE(m_document.prompts(2, ids[1]).inputs.size(), size_t(1));
    recorder.recordRemoval("Remove object", ids[0]);
    QVERIFY(!m_document.hasObject(ids[0]));
    QVERIFY(heard.empty());
    m_document.undo();
    m_document.renameObject(1, "car");
    QCOMPARE(heard, (std::vector<DocumentChange::Kind>{DocumentChange::Kind::Undo,
                                                       DocumentChange::Kind::Edit}));
    m_document.removeListener(listener);
  }

  void aRemovalWithTheEngineFramesIsOneUndoStep() {
    ResultRecorder recorder(m_document);
    recorder.recordPrompt({"Positive point", 0, 1, click(1, 1), true, std::nullopt},
                          answer(0, {{1, square(0, MaskSource::Prompted)}}));
    recorder.recordPrompt(
        {"Positive point", 0, 2, click(5, 1), true, std::nullopt},
        answer(0, {{1, square(0, MaskSource::Prompted)}, {2, square(4, MaskSource::Prompted)}}));
    const auto before = m_document.state();
    recorder.recordRemoval("Remove object", 1, {answer(0, {{2, square(5, MaskSource::Tracked)}})});
    QVERIFY(!m_document.hasObject(1));
    QCOMPARE(*m_document.mask(0, 2), square(5, MaskSource::Prompted));
    m_document.undo();
    QVERIFY(m_document.state() == before);
  }
};

MASKLET_TEST_APPLESS_MAIN(TestResultRecorder)
#include "test_result_recorder.moc"
