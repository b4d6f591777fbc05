// A project saved and loaded again is the same document; broken files give errors that say
// where.
#include <QtTest/QtTest>

#include <QTemporaryDir>
#include <fstream>
#include <opencv2/core.hpp>
#include <sstream>

#include "common/error.h"
#include "project/project_file.h"

using namespace masklet;

class TestProjectFile : public QObject {
  Q_OBJECT

 private:
  static project::AnnotationProject sampleProject() {
    project::AnnotationProject p;
    p.videoPath = "/videos/dog.mp4";
    p.annotation.video = {"dog", 7, 5, 10, 29.97, {}};
    const int dog = p.addObject("dog");
    const int ball = p.addObject();
    cv::Mat mask = cv::Mat::zeros(5, 7, CV_8U);
    mask.at<uchar>(1, 2) = 1;
    mask.at<uchar>(4, 6) = 1;
    dataset::MaskAnnotation annotation;
    annotation.rle = dataset::encodeMask(mask);
    annotation.predictedIou = 0.875;
    p.setMask(3, dog, annotation);
    cv::Mat full = cv::Mat::ones(5, 7, CV_8U);
    p.setMask(4, ball, {dataset::encodeMask(full), std::nullopt, 0.5, {}, true});
    p.promptsAt(3, dog).points = {{2.0, 1.0, 1}, {5.5, 3.25, 0}};
    p.promptsAt(4, ball).box = std::array<double, 4>{0, 0, 6, 4};
    return p;
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
    const auto original = sampleProject();
    const QString path = dir.filePath("a.masklet");
    project::saveProject(original, path.toStdString());
    const auto loaded = project::loadProject(path.toStdString());
    QCOMPARE(loaded.videoPath, original.videoPath);
    QCOMPARE(loaded.annotation.objects.size(), size_t(2));
    QCOMPARE(loaded.annotation.objects[0].name, std::string("dog"));
    QCOMPARE(loaded.annotation.objects[1].name, std::string("object 2"));
    const auto* mask = loaded.annotation.findMask(3, 1);
    QVERIFY(mask != nullptr);
    const cv::Mat decoded = dataset::decodeRle(mask->rle);
    QCOMPARE(int(cv::countNonZero(decoded)), 2);
    QCOMPARE(int(decoded.at<uchar>(1, 2)), 1);
    QCOMPARE(int(decoded.at<uchar>(4, 6)), 1);
    QCOMPARE(*mask->predictedIou, 0.875);
    QVERIFY(loaded.annotation.findMask(4, 2)->edited);
    QCOMPARE(loaded.prompts.at(3).at(1).points.size(), size_t(2));
    QCOMPARE(loaded.prompts.at(3).at(1).points[1].x, 5.5);
    QCOMPARE(loaded.prompts.at(3).at(1).points[1].label, 0);
    QCOMPARE((*loaded.prompts.at(4).at(2).box)[2], 6.0);
    QCOMPARE(loaded.framesWithMask(1), std::vector<int>{3});
    QCOMPARE(loaded.framesWithPrompts(2), std::vector<int>{4});
  }

  void removingAnObjectRemovesItsMasksAndPrompts() {
    auto p = sampleProject();
    p.removeObject(1);
    QVERIFY(!p.hasObject(1));
    QVERIFY(p.annotation.findMask(3, 1) == nullptr);
    QVERIFY(p.framesWithPrompts(1).empty());
    QCOMPARE(p.addObject(), 3);  // ids are never reused while a higher one exists
  }

  void brokenFilesNameTheProblem_data() {
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("expected");
    QTest::newRow("malformed json") << "\"frames\""
                                    << "\"frames\" ["
                                    << "malformed JSON";
    QTest::newRow("unknown object") << "{\"object\": 2, \"rle\""
                                    << "{\"object\": 9, \"rle\""
                                    << "unknown object 9";
    QTest::newRow("negative width") << "\"width\": 7"
                                    << "\"width\": -7"
                                    << "video";
    QTest::newRow("not a project") << "masklet-project"
                                   << "something-else"
                                   << "not a Masklet project";
  }

  void brokenFilesNameTheProblem() {
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath("b.masklet");
    project::saveProject(sampleProject(), path.toStdString());
    std::string text = readText(path);
    const auto at = text.find(from.toStdString());
    QVERIFY2(at != std::string::npos, qPrintable("sample lacks " + from));
    text.replace(at, size_t(from.size()), to.toStdString());
    writeText(path, text);
    try {
      project::loadProject(path.toStdString());
      QFAIL("a broken project loaded");
    } catch (const masklet::Error& error) {
      QVERIFY2(QString(error.what()).contains(expected), error.what());
      QVERIFY2(QString(error.what()).contains("b.masklet"), error.what());
    }
  }
};

QTEST_APPLESS_MAIN(TestProjectFile)
#include "test_project_file.moc"
