// A project saved and loaded again is the same document, field for field; a format-1 file
// (Masklet 0.1) loads after the upgrade; broken files give errors that say where.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QTemporaryDir>
#include <fstream>
#include <opencv2/core.hpp>
#include <sstream>

#include "common/error.h"
#include "dataset/rle_string.h"
#include "project/project_file.h"

using namespace masklet;
using project::Document;
using project::DocumentState;
using project::FramePrompts;
using project::MaskSource;
using project::ObjectMask;
using project::PromptInput;

class TestProjectFile : public QObject {
  Q_OBJECT

 private:
  static dataset::Rle twoPixels() {
    cv::Mat mask = cv::Mat::zeros(5, 7, CV_8U);
    mask.at<uchar>(1, 2) = 1;
    mask.at<uchar>(4, 6) = 1;
    return dataset::encodeMask(mask);
  }

  // Every field of a document set to something other than its default.
  static DocumentState sampleState() {
    Document doc;
    doc.reset({"/videos/dog.mp4", "dog", 7, 5, 10, 29.97, "file:123:00ff"});
    const int animal = doc.addCategory("animal", "living");
    const int dog = doc.addObject("dog", animal);
    const int ball = doc.addObject();
    const int gone = doc.addObject("gone");
    doc.removeObject(gone);  // next id stays past it
    doc.recolorObject(ball, 0x123456);
    doc.setObjectVisible(ball, false);
    PromptInput click{{{2.0, 1.0, 1}, {5.5, 3.25, 0}}, std::nullopt, std::nullopt, false};
    PromptInput more{{{3.0, 4.0, 1}}, std::nullopt, std::nullopt, true};
    ObjectMask prompted{twoPixels(), MaskSource::Prompted, {2.5, 0.875}};
    doc.applyPromptResult("click", 3, dog, FramePrompts{{click, more}}, {{dog, prompted}});
    PromptInput box{{}, project::Box{0, 0, 6, 4}, std::nullopt, false};
    PromptInput painted{{}, std::nullopt, twoPixels(), false};
    doc.applyPromptResult("box", 4, ball, FramePrompts{{box}}, {});
    doc.applyPromptResult("paint", 5, ball, FramePrompts{{painted}}, {});
    cv::Mat full = cv::Mat::ones(5, 7, CV_8U);
    doc.setMask("edit", 4, ball, {dataset::encodeMask(full), MaskSource::Edited, {}});
    doc.setMasks("track", 6, {{dog, {twoPixels(), MaskSource::Tracked, {-1.5, 0.25}}}});
    doc.setMask("import", 7, dog, {dataset::emptyRle(5, 7), MaskSource::Imported, {}});
    return doc.state();
  }

  static std::string readText(const QString& path) {
    std::ifstream in(path.toStdString());
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  static void writeText(const QString& path, const std::string& text) {
    std::ofstream(path.toStdString()) << text;
  }

 private Q_SLOTS:
  void savedProjectLoadsIdentically() {
    QTemporaryDir dir;
    const auto original = sampleState();
    QCOMPARE(original.objects.size(), size_t(2));
    QCOMPARE(original.nextObjectId, 4);
    const QString path = dir.filePath("a.masklet");
    project::saveDocument(original, path.toStdString());
    const auto loaded = project::loadDocumentState(path.toStdString());
    QVERIFY(loaded == original);
    // Spot checks against values set above, so == itself is not the only judge.
    QCOMPARE(loaded.video.fingerprint, std::string("file:123:00ff"));
    QCOMPARE(loaded.categories.at(1).supercategory, std::string("living"));
    QCOMPARE(loaded.objects.at(1).color, uint32_t(0x123456));
    QVERIFY(!loaded.objects.at(1).visible);
    QCOMPARE(loaded.prompts.at({3, 1}).inputs.size(), size_t(2));
    QVERIFY(loaded.prompts.at({3, 1}).inputs[1].clearOld);
    QCOMPARE(loaded.prompts.at({3, 1}).allPoints().size(), size_t(1));  // the second started over
    QCOMPARE(loaded.prompts.at({3, 1}).inputs[0].points[1].x, 5.5);
    QCOMPARE(loaded.prompts.at({3, 1}).inputs[0].points[1].label, 0);
    QCOMPARE((*loaded.prompts.at({4, 2}).inputs[0].box)[2], 6.0);
    QVERIFY(*loaded.prompts.at({5, 2}).inputs[0].mask == twoPixels());
    QCOMPARE(*loaded.masks.at({3, 1}).quality.predictedIou, 0.875);
    QCOMPARE(*loaded.masks.at({6, 1}).quality.objectScore, -1.5);
    QVERIFY(loaded.masks.at({4, 2}).source == MaskSource::Edited);
    QVERIFY(loaded.masks.at({7, 1}).source == MaskSource::Imported);
    // A loaded document keeps counting ids after the highest ever given.
    Document doc;
    doc.load(loaded);
    QCOMPARE(doc.addObject(), 4);
  }

  void formatOneProjectLoadsAfterTheUpgrade() {
    // Written by hand in Masklet 0.1's format (version 1); FULL = every pixel of 7x5 set.
    std::string v1 = R"({"format": "masklet-project", "version": 1,
      "video_path": "/videos/dog.mp4",
      "video": {"name": "dog", "width": 7, "height": 5, "frame_count": 10, "fps": 25.0},
      "categories": [{"id": 1, "name": "object"}],
      "objects": [{"id": 1, "name": "dog", "category_id": 1},
                  {"id": 3, "name": "cat", "category_id": 1}],
      "frames": [{"frame": 2, "masks": [{"object": 1, "rle": {"size": [5, 7], "counts": "0e0"},
                                         "predicted_iou": 0.5},
                                        {"object": 3, "rle": {"size": [5, 7], "counts": "0e0"},
                                         "edited": true}]},
                 {"frame": 3, "masks": [{"object": 1, "rle": {"size": [5, 7], "counts": "0e0"}}]}],
      "prompts": [{"frame": 2, "object": 1, "points": [[1.0, 2.0, 1], [3.0, 1.0, 0]],
                   "box": [0, 0, 4, 4]}]})";
    const std::string full = dataset::countsToString({0, 35});
    for (auto at = v1.find("0e0"); at != std::string::npos; at = v1.find("0e0"))
      v1.replace(at, 3, full);
    QTemporaryDir dir;
    const QString path = dir.filePath("old.masklet");
    writeText(path, v1);
    const auto state = project::loadDocumentState(path.toStdString());
    QCOMPARE(state.video.path, std::string("/videos/dog.mp4"));
    QCOMPARE(state.video.fps, 25.0);
    QCOMPARE(state.nextObjectId, 4);
    // 0.1 gave the tracker the box first, then every point: two inputs in that order.
    const auto& inputs = state.prompts.at({2, 1}).inputs;
    QCOMPARE(inputs.size(), size_t(2));
    QVERIFY(inputs[0].box && inputs[0].points.empty());
    QCOMPARE(inputs[1].points.size(), size_t(2));
    QVERIFY(state.masks.at({2, 1}).source == MaskSource::Prompted);
    QVERIFY(state.masks.at({2, 3}).source == MaskSource::Edited);
    QVERIFY(state.masks.at({3, 1}).source == MaskSource::Tracked);
    QCOMPARE(cv::countNonZero(dataset::decodeRle(state.masks.at({2, 1}).rle)), 35);
    // Saved again it is a current-format file that loads to the same state.
    const QString again = dir.filePath("new.masklet");
    project::saveDocument(state, again.toStdString());
    QVERIFY(readText(again).find("\"version\": 2") != std::string::npos);
    QVERIFY(project::loadDocumentState(again.toStdString()) == state);
  }

  void brokenFilesNameTheProblem_data() {
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("expected");
    QTest::newRow("malformed json") << "\"frames\""
                                    << "\"frames\" ["
                                    << "malformed JSON";
    QTest::newRow("unknown object") << "{\"object\": 2, \"source\""
                                    << "{\"object\": 9, \"source\""
                                    << "unknown object 9";
    QTest::newRow("negative width") << "\"width\": 7"
                                    << "\"width\": -7"
                                    << "video";
    QTest::newRow("not a project") << "masklet-project"
                                   << "something-else"
                                   << "not a Masklet project";
    QTest::newRow("newer format") << "\"version\": 2"
                                  << "\"version\": 7"
                                  << "newer Masklet";
    QTest::newRow("frame outside") << "\"frame\": 6"
                                   << "\"frame\": 60"
                                   << "outside the video";
    QTest::newRow("bad source") << "\"edited\""
                                << "\"guessed\""
                                << "unknown mask source";
    QTest::newRow("bad colour") << "\"#123456\""
                                << "\"red\""
                                << "colour";
  }

  void brokenFilesNameTheProblem() {
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath("b.masklet");
    project::saveDocument(sampleState(), path.toStdString());
    std::string text = readText(path);
    const auto at = text.find(from.toStdString());
    QVERIFY2(at != std::string::npos, qPrintable("sample lacks " + from));
    text.replace(at, size_t(from.size()), to.toStdString());
    writeText(path, text);
    try {
      project::loadDocumentState(path.toStdString());
      QFAIL("a broken project loaded");
    } catch (const masklet::Error& error) {
      QVERIFY2(QString(error.what()).contains(expected), error.what());
      QVERIFY2(QString(error.what()).contains("b.masklet"), error.what());
    }
  }
};

MASKLET_TEST_APPLESS_MAIN(TestProjectFile)
#include "test_project_file.moc"
