// Review assist on synthetic tracks: the derived series (area, IoU with the previous mask)
// against a pixel count of the masks, the sure / doubtful / lost classes at their thresholds,
// doubtful-frame navigation, each event kind on a sequence built to contain it, the CSV
// parsed back, and the "checked" marks through undo / redo and a saved project.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QTemporaryDir>
#include <fstream>
#include <opencv2/core.hpp>
#include <sstream>

#include "common/error.h"
#include "project/project_file.h"
#include "project/review_events.h"
#include "project/review_signals.h"
#include "project/signals_csv.h"

using namespace masklet;
using project::Document;
using project::FrameSignals;
using project::MaskSource;
using project::ObjectMask;
using project::ReviewEvent;
using project::ReviewSignals;
using project::ReviewState;
using project::ReviewThresholds;

namespace {

constexpr int kWidth = 40, kHeight = 30;

cv::Mat rectPixels(int x, int y, int w, int h) {
  cv::Mat mask = cv::Mat::zeros(kHeight, kWidth, CV_8U);
  if (w > 0 && h > 0) mask(cv::Rect(x, y, w, h)).setTo(1);
  return mask;
}

ObjectMask tracked(const cv::Mat& pixels, std::optional<double> score, std::optional<double> iou) {
  return {dataset::encodeMask(pixels), MaskSource::Tracked, {score, iou}};
}

// One object tracked over `frames` frames: frame f -> (pixels, score, predicted IoU).
struct Frame {
  cv::Mat pixels;
  double score;
  double iou;
};

void track(Document& doc, int objectId, const std::vector<Frame>& frames, int first = 0) {
  doc.beginGroup("Track");
  for (size_t i = 0; i < frames.size(); ++i)
    doc.setMasks("frame", first + int(i),
                 {{objectId, tracked(frames[i].pixels, frames[i].score, frames[i].iou)}});
  doc.endGroup();
}

double pixelIou(const cv::Mat& a, const cv::Mat& b) {
  const int both = cv::countNonZero(a & b), either = cv::countNonZero(a | b);
  return either == 0 ? 0.0 : double(both) / double(either);
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream in(line);
  std::string cell;
  while (std::getline(in, cell, ',')) cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.push_back("");
  return cells;
}

}  // namespace

class TestReviewSignals : public QObject {
  Q_OBJECT

 private:
  static void newDocument(Document& doc) {
    doc.reset({"v.mp4", "v", kWidth, kHeight, 20, 25.0, ""});
  }

 private Q_SLOTS:
  void seriesHoldsTheEngineSignalsAndTheMasksAreaAndOverlap() {
    Document doc;
    newDocument(doc);
    const int id = doc.addObject();
    // A box sliding right by 2 pixels a frame, then growing: overlaps known by construction.
    std::vector<Frame> frames;
    for (int f = 0; f < 6; ++f) frames.push_back({rectPixels(2 * f, 5, 10, 8), 3.0 + f, 0.9});
    frames.push_back({rectPixels(10, 5, 20, 16), 1.5, 0.8});
    track(doc, id, frames, 4);
    const ReviewSignals signals(doc.state());
    const auto& series = signals.series(id);
    QCOMPARE(int(series.size()), 7);
    for (int i = 0; i < 7; ++i) {
      const FrameSignals* s = signals.at(4 + i, id);
      QVERIFY(s != nullptr);
      QCOMPARE(s->frame, 4 + i);
      QCOMPARE(*s->objectScore, frames[size_t(i)].score);
      QCOMPARE(*s->predictedIou, frames[size_t(i)].iou);
      QCOMPARE(s->area, std::uint64_t(cv::countNonZero(frames[size_t(i)].pixels)));
      if (i == 0) {
        QVERIFY(!s->iouWithPrevious);  // frame 3 has no mask
      } else {
        QVERIFY(s->iouWithPrevious);
        QVERIFY(qAbs(*s->iouWithPrevious -
                     pixelIou(frames[size_t(i)].pixels, frames[size_t(i - 1)].pixels)) < 1e-12);
      }
    }
    // 8 of 10 columns shared: 64 of 96 pixels.
    QVERIFY(qAbs(*signals.at(5, id)->iouWithPrevious - 64.0 / 96.0) < 1e-12);
    QVERIFY(signals.at(3, id) == nullptr);
    QVERIFY(signals.series(id + 1).empty());
  }

  void classesFollowTheThresholds() {
    const ReviewThresholds t;  // 0.7 predicted IoU, 0.5 consecutive IoU
    FrameSignals s;
    s.area = 10;
    s.objectScore = 2.0;
    s.predictedIou = 0.9;
    s.iouWithPrevious = 0.8;
    QCOMPARE(project::classify(&s, t), ReviewState::Sure);
    QCOMPARE(project::classify(nullptr, t), ReviewState::Untracked);
    s.predictedIou = 0.69;
    QCOMPARE(project::classify(&s, t), ReviewState::Doubtful);
    s.predictedIou = 0.7;  // at the threshold: not under it
    QCOMPARE(project::classify(&s, t), ReviewState::Sure);
    s.iouWithPrevious = 0.49;
    QCOMPARE(project::classify(&s, t), ReviewState::Doubtful);
    s.source = MaskSource::Edited;  // a person drew it
    QCOMPARE(project::classify(&s, t), ReviewState::Sure);
    s.source = MaskSource::Tracked;
    s.objectScore = 0.0;
    QCOMPARE(project::classify(&s, t), ReviewState::Lost);
    s.objectScore = 1.0;
    s.area = 0;
    QCOMPARE(project::classify(&s, t), ReviewState::Lost);
    FrameSignals painted;  // no engine signals at all
    painted.area = 5;
    QCOMPARE(project::classify(&painted, t), ReviewState::Sure);
    ReviewThresholds strict;
    strict.minPredictedIou = 0.95;
    s.area = 10;
    s.predictedIou = 0.9;
    s.iouWithPrevious = 0.8;
    QCOMPARE(project::classify(&s, strict), ReviewState::Doubtful);
  }

  void navigationVisitsExactlyTheDoubtfulFramesInOrderSkippingChecked() {
    Document doc;
    newDocument(doc);
    const int id = doc.addObject();
    // Predicted IoUs per frame; doubtful (< 0.7): 2, 5, 6, 11. Frame 8 is lost (not doubtful).
    const std::vector<double> ious{0.9, 0.95, 0.5, 0.8, 0.71, 0.69, 0.1, 0.99, 0.2, 0.9, 0.85, 0.3};
    std::vector<Frame> frames;
    for (size_t f = 0; f < ious.size(); ++f)
      frames.push_back({f == 8 ? rectPixels(0, 0, 0, 0) : rectPixels(5, 5, 10, 10),
                        f == 8 ? -4.0 : 2.0, ious[f]});
    track(doc, id, frames);
    ReviewSignals signals(doc.state());
    const ReviewThresholds t;
    QCOMPARE(project::reviewList(signals.series(id), t), (std::vector<int>{2, 5, 6, 11}));
    std::vector<int> forward, backward;
    for (auto f = project::nextToReview(signals.series(id), -1, t); f;
         f = project::nextToReview(signals.series(id), *f, t))
      forward.push_back(*f);
    QCOMPARE(forward, (std::vector<int>{2, 5, 6, 11}));
    for (auto f = project::previousToReview(signals.series(id), 100, t); f;
         f = project::previousToReview(signals.series(id), *f, t))
      backward.push_back(*f);
    QCOMPARE(backward, (std::vector<int>{11, 6, 5, 2}));
    QCOMPARE(*project::nextToReview(signals.series(id), 5, t), 6);
    QCOMPARE(*project::previousToReview(signals.series(id), 5, t), 2);

    doc.setChecked(id, {5, 11}, true);
    signals.rebuild(doc.state());
    QCOMPARE(project::reviewList(signals.series(id), t), (std::vector<int>{2, 6}));
    QCOMPARE(*project::nextToReview(signals.series(id), 2, t), 6);
    QVERIFY(!project::nextToReview(signals.series(id), 6, t));
    QVERIFY(!project::previousToReview(signals.series(id), 2, t));
  }

  void anUpdateForOneChangedFrameEqualsARebuild() {
    Document doc;
    newDocument(doc);
    const int a = doc.addObject(), b = doc.addObject();
    std::vector<Frame> frames;
    for (int f = 0; f < 8; ++f) frames.push_back({rectPixels(f, 3, 12, 9), 2.0, 0.9});
    track(doc, a, frames);
    track(doc, b, frames);
    ReviewSignals live(doc.state());
    doc.addListener(
        [&](const project::DocumentChange& change) { live.update(doc.state(), change); });
    auto same = [&]() {
      const ReviewSignals fresh(doc.state());
      for (const int id : {a, b}) {
        const auto& x = live.series(id);
        const auto& y = fresh.series(id);
        if (x.size() != y.size()) return false;
        for (const auto& [frame, s] : x) {
          const FrameSignals& r = y.at(frame);
          if (s.area != r.area || s.iouWithPrevious != r.iouWithPrevious ||
              s.objectScore != r.objectScore || s.predictedIou != r.predictedIou ||
              s.checked != r.checked || s.source != r.source)
            return false;
        }
      }
      return true;
    };
    doc.setMask("paint", 4, a,
                {dataset::encodeMask(rectPixels(30, 20, 5, 5)), MaskSource::Edited, {}});
    QVERIFY(same());
    QCOMPARE(*live.at(5, a)->iouWithPrevious, 0.0);  // disjoint boxes
    doc.setChecked(b, {1, 2}, true);
    QVERIFY(same());
    QVERIFY(live.at(2, b)->checked);
    doc.clearMasks("clear", a, {6});
    QVERIFY(same());
    QVERIFY(live.at(6, a) == nullptr);
    QVERIFY(!live.at(7, a)->iouWithPrevious);
    doc.undo();
    doc.undo();
    doc.undo();
    QVERIFY(same());
    doc.redo();
    QVERIFY(same());
    doc.removeObject(b);
    QVERIFY(same());
    QVERIFY(live.series(b).empty());
  }

  void eachEventKindIsFoundWhereTheSequenceHasIt() {
    Document doc;
    newDocument(doc);
    const int id = doc.addObject();
    const cv::Mat box = rectPixels(5, 5, 10, 10);
    const cv::Mat none = rectPixels(0, 0, 0, 0);
    std::vector<Frame> frames{
        {box, 3.0, 0.9},                        // 0
        {box, 3.0, 0.9},                        // 1
        {none, -2.0, 0.3},                      // 2 disappears
        {none, -3.0, 0.3},                      // 3
        {box, 1.0, 0.9},                        // 4 reappears
        {rectPixels(5, 5, 10, 10), 2.0, 0.9},   // 5
        {rectPixels(5, 5, 20, 20), 2.0, 0.9},   // 6 area x4 (IoU 0.25 too)
        {rectPixels(5, 5, 20, 20), 2.0, 0.9},   // 7
        {rectPixels(12, 5, 20, 20), 2.0, 0.9},  // 8 shifted 7 of 20 columns: IoU 13/27
        {rectPixels(13, 5, 20, 20), 2.0, 0.9},  // 9 one column: IoU 19/21, no event
    };
    track(doc, id, frames);
    const ReviewSignals signals(doc.state());
    const auto events = project::findEvents(signals, {id}, ReviewThresholds{});
    using K = ReviewEvent::Kind;
    const std::vector<ReviewEvent> expected{{2, id, K::Disappears, -2.0},
                                            {4, id, K::Reappears, 1.0},
                                            {6, id, K::AreaJump, 4.0},
                                            {6, id, K::IouDrop, 0.25},
                                            {8, id, K::IouDrop, 13.0 / 27.0}};
    QCOMPARE(int(events.size()), int(expected.size()));
    for (size_t i = 0; i < events.size(); ++i) {
      QCOMPARE(events[i].frame, expected[i].frame);
      QCOMPARE(events[i].kind, expected[i].kind);
      QCOMPARE(events[i].objectId, id);
      QVERIFY2(qAbs(events[i].value - expected[i].value) < 1e-12,
               qPrintable(QString("event %1: value %2").arg(i).arg(events[i].value)));
    }
    // Shrinking by more than the factor is a jump too; a looser factor hides it.
    Document shrink;
    newDocument(shrink);
    const int s = shrink.addObject();
    track(shrink, s, {{rectPixels(0, 0, 30, 30), 2.0, 0.9}, {rectPixels(0, 0, 10, 30), 2.0, 0.9}});
    const ReviewSignals shrinkSignals(shrink.state());
    auto found = project::findEvents(s, shrinkSignals.series(s), ReviewThresholds{});
    QCOMPARE(int(found.size()), 2);  // area / 3 and IoU 1/3
    QCOMPARE(found[0].kind, K::AreaJump);
    QVERIFY(qAbs(found[0].value - 1.0 / 3.0) < 1e-12);
    ReviewThresholds loose;
    loose.areaJumpFactor = 4.0;
    loose.minConsecutiveIou = 0.2;
    QVERIFY(project::findEvents(s, shrinkSignals.series(s), loose).empty());
  }

  void aSmoothTrackHasNoEvents() {
    Document doc;
    newDocument(doc);
    const int id = doc.addObject();
    std::vector<Frame> frames;
    for (int f = 0; f < 12; ++f) frames.push_back({rectPixels(f, 4, 12 + f / 4, 10), 2.0 + f, 0.9});
    track(doc, id, frames);
    // A gap (untracked frames 12-14), then the object lost: no frame pair, no event.
    track(doc, id, {{rectPixels(0, 0, 0, 0), -1.0, 0.2}}, 15);
    const ReviewSignals signals(doc.state());
    QVERIFY(project::findEvents(signals, {id}, ReviewThresholds{}).empty());
  }

  void csvMatchesTheDocument() {
    Document doc;
    newDocument(doc);
    const int a = doc.addObject(), b = doc.addObject();
    track(doc, a,
          {{rectPixels(1, 1, 5, 5), 2.25, 0.9},
           {rectPixels(2, 1, 5, 5), 1.125, 0.40625},
           {rectPixels(0, 0, 0, 0), -3.5, 0.1}});
    doc.setMask("paint", 7, b,
                {dataset::encodeMask(rectPixels(3, 3, 4, 2)), MaskSource::Edited, {}});
    doc.setChecked(a, {1}, true);
    QTemporaryDir dir;
    const std::string path = dir.filePath("signals.csv").toStdString();
    project::writeSignalsCsv(path, doc.state(), ReviewThresholds{});
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    QCOMPARE(line, std::string(project::kSignalsCsvHeader));
    std::vector<std::vector<std::string>> rows;
    while (std::getline(in, line)) rows.push_back(split(line));
    QCOMPARE(int(rows.size()), 4);
    const ReviewSignals signals(doc.state());
    const std::vector<std::pair<int, int>> keys{{0, a}, {1, a}, {2, a}, {7, b}};
    const std::vector<std::string> states{"sure", "doubtful", "lost", "sure"};
    for (size_t i = 0; i < rows.size(); ++i) {
      const auto& row = rows[i];
      QCOMPARE(int(row.size()), 8);
      const auto [frame, id] = keys[i];
      QCOMPARE(std::stoi(row[0]), frame);
      QCOMPARE(std::stoi(row[1]), id);
      const ObjectMask* mask = doc.mask(frame, id);
      auto number = [](const std::string& cell) {
        return cell.empty() ? std::optional<double>() : std::optional<double>(std::stod(cell));
      };
      QCOMPARE(number(row[2]), mask->quality.objectScore);
      QCOMPARE(number(row[3]), mask->quality.predictedIou);
      QCOMPARE(std::stoull(row[4]), std::uint64_t(cv::countNonZero(dataset::decodeRle(mask->rle))));
      QCOMPARE(row[6], states[i]);
      QCOMPARE(row[7], std::string(doc.isChecked(frame, id) ? "1" : "0"));
    }
    QVERIFY(rows[0][5].empty());                                // first frame
    QVERIFY(qAbs(std::stod(rows[1][5]) - 20.0 / 30.0) < 1e-8);  // 4 of 5 columns shared
    QVERIFY(rows[2][5].empty());                                // the mask is empty
    QCOMPARE(rows[1][7], std::string("1"));
    // One object only.
    const std::string one = project::signalsCsv(doc.state(), ReviewThresholds{}, b);
    QCOMPARE(one, std::string(project::kSignalsCsvHeader) + "\n7," + std::to_string(b) +
                      ",,,8,,sure,0\n");
  }

  void checkedMarksAreUndoableAndFollowTheirMask() {
    Document doc;
    newDocument(doc);
    const int id = doc.addObject();
    track(doc, id, {{rectPixels(1, 1, 5, 5), 2.0, 0.5}, {rectPixels(1, 1, 5, 5), 2.0, 0.5}});
    std::set<project::FrameObjectKey> heard;
    doc.addListener([&](const project::DocumentChange& c) {
      heard.insert(c.checkedChanged.begin(), c.checkedChanged.end());
    });
    doc.setChecked(id, {0, 1, 9}, true);  // frame 9 has no mask: skipped
    QVERIFY(doc.isChecked(0, id) && doc.isChecked(1, id) && !doc.isChecked(9, id));
    QCOMPARE(heard, (std::set<project::FrameObjectKey>{{0, id}, {1, id}}));
    QCOMPARE(doc.undoText(), std::string("Mark frames checked"));
    const auto revision = doc.revision();
    doc.setChecked(id, {0}, true);  // already checked: no command
    QCOMPARE(doc.revision(), revision);
    doc.setChecked(id, {1}, false);
    QCOMPARE(doc.undoText(), std::string("Unmark frame checked"));
    QVERIFY(!doc.isChecked(1, id));
    doc.undo();
    QVERIFY(doc.isChecked(1, id));
    doc.undo();
    QVERIFY(!doc.isChecked(0, id) && !doc.isChecked(1, id));
    doc.redo();
    QVERIFY(doc.isChecked(0, id) && doc.isChecked(1, id));
    // A new mask on a checked frame drops its mark; undo brings both back.
    doc.setMask("paint", 1, id,
                {dataset::encodeMask(rectPixels(2, 2, 5, 5)), MaskSource::Edited, {}});
    QVERIFY(!doc.isChecked(1, id));
    QVERIFY(doc.isChecked(0, id));
    doc.undo();
    QVERIFY(doc.isChecked(1, id));
    // Retracking to the same mask keeps it.
    doc.setMasks("track", 0, {{id, tracked(rectPixels(1, 1, 5, 5), 2.0, 0.5)}});
    QVERIFY(doc.isChecked(0, id));
    doc.removeObject(id);
    QVERIFY(doc.state().checked.empty());
    doc.undo();
    QVERIFY(doc.isChecked(0, id) && doc.isChecked(1, id));
    QVERIFY_EXCEPTION_THROWN(doc.setChecked(id + 5, {0}, true), Error);
  }

  void checkedMarksAreSavedWithTheProject() {
    Document doc;
    newDocument(doc);
    const int id = doc.addObject();
    track(doc, id, {{rectPixels(1, 1, 5, 5), 2.0, 0.5}, {rectPixels(1, 1, 5, 5), 2.0, 0.5}}, 3);
    doc.setChecked(id, {4}, true);
    QTemporaryDir dir;
    const std::string path = dir.filePath("p.masklet").toStdString();
    project::saveDocument(doc, path);
    const auto loaded = project::loadDocumentState(path);
    QCOMPARE(loaded.checked, (std::set<project::FrameObjectKey>{{4, id}}));
    QVERIFY(loaded == doc.state());
    Document reopened;
    reopened.load(loaded);
    QVERIFY(reopened.isChecked(4, id));

    // A format-2 file written before the field existed loads with no marks.
    std::string text;
    {
      std::ifstream in(path);
      text.assign(std::istreambuf_iterator<char>(in), {});
    }
    const auto at = text.find("\"checked\"");
    QVERIFY(at != std::string::npos);
    auto withChecked = [&](const std::string& value) {
      std::string edited = text;
      const auto end = edited.find(']', at);
      edited.replace(at, end + 1 - at, "\"checked\":" + value);
      const std::string out = dir.filePath("edited.masklet").toStdString();
      std::ofstream(out) << edited;
      return out;
    };
    QVERIFY(project::loadDocumentState(withChecked("[]")).checked.empty());
    {
      std::string old = text;
      const auto end = old.find(']', at);
      old.erase(at, end + 1 - at);
      // Drop the comma left before or after the removed member.
      const auto comma = old.find_last_not_of(" \n\t", at - 1);
      if (old[comma] == ',') old.erase(comma, 1);
      const std::string out = dir.filePath("old.masklet").toStdString();
      std::ofstream(out) << old;
      QVERIFY(project::loadDocumentState(out).checked.empty());
    }
    try {
      project::loadDocumentState(
          withChecked("[{\"frame\":9,\"object\":" + std::to_string(id) + "}]"));
      QFAIL("a mark without a mask loaded");
    } catch (const Error& error) {
      QVERIFY2(QString(error.what()).contains("checked[0]: object 1 has no mask on frame 9"),
               error.what());
    }
    QVERIFY_EXCEPTION_THROWN(
        project::loadDocumentState(withChecked("[{\"frame\":4,\"object\":7}]")), Error);
  }
};

MASKLET_TEST_APPLESS_MAIN(TestReviewSignals)
#include "test_review_signals.moc"
