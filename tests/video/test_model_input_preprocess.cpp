// The model input equals the official loader's: our Pillow-bicubic resize of real frames matches
// what Pillow produced (../shared/preprocess/cases.json) within 1 level on every pixel and a mean
// of at most 0.05 levels; the normalization is /255 then ImageNet mean/std in CHW order.
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtTest/QtTest>

#include "test_registry.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "common/error.h"
#include "shared_data.h"
#include "video/model_input.h"
#include "video/pillow_resize.h"

namespace {

cv::Mat readRgb(const std::string& path) {
  const cv::Mat bgr = cv::imread(path, cv::IMREAD_COLOR);
  cv::Mat rgb;
  if (!bgr.empty()) cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  return rgb;
}

}  // namespace

class ModelInputPreprocessTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void resizeMatchesPillow_data() {
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("size");
    QTest::addColumn<QString>("expected");
    const std::string cases = masklet::test::sharedPath("preprocess/cases.json");
    if (cases.empty()) {
      QTest::newRow("shared preprocess cases missing") << QString() << 0 << QString();
      return;
    }
    QFile file(QString::fromStdString(cases));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray array = QJsonDocument::fromJson(file.readAll()).array();
    QVERIFY(!array.isEmpty());
    for (const QJsonValue& value : array) {
      const QJsonObject item = value.toObject();
      const QString name =
          QString("%1 -> %2").arg(item["input"].toString()).arg(item["size"].toInt());
      QTest::newRow(qPrintable(name))
          << item["input"].toString() << item["size"].toInt() << item["expected"].toString();
    }
  }
  void resizeMatchesPillow() {
    MASKLET_REQUIRE_SHARED("preprocess/cases.json");
    QFETCH(QString, input);
    QFETCH(int, size);
    QFETCH(QString, expected);
    const cv::Mat source = readRgb(masklet::test::sharedPath("preprocess/" + input.toStdString()));
    const cv::Mat target =
        readRgb(masklet::test::sharedPath("preprocess/" + expected.toStdString()));
    QVERIFY(!source.empty() && !target.empty());
    const cv::Mat ours = masklet::video::pillowResizeBicubic(source, size, size);
    QCOMPARE(ours.cols, size);
    QCOMPARE(ours.rows, size);
    cv::Mat difference;
    cv::absdiff(ours, target, difference);
    double maxDifference = 0;
    cv::minMaxLoc(difference.reshape(1), nullptr, &maxDifference);
    const double meanDifference = cv::mean(difference.reshape(1))[0];
    QVERIFY2(maxDifference <= 1.0, qPrintable(QString("max |diff| %1 levels").arg(maxDifference)));
    QVERIFY2(meanDifference <= 0.05, qPrintable(QString("mean |diff| %1").arg(meanDifference)));
  }

  void opencvCubicWouldNotBeEnough() {
    // Guards the test itself: the cases really distinguish Pillow's filter from OpenCV's.
    MASKLET_REQUIRE_SHARED("preprocess/dog_f0_1280x720.png");
    const cv::Mat source = readRgb(masklet::test::sharedPath("preprocess/dog_f0_1280x720.png"));
    const cv::Mat target =
        readRgb(masklet::test::sharedPath("preprocess/dog_f0_1280x720.pil256.png"));
    cv::Mat cubic, difference;
    cv::resize(source, cubic, cv::Size(256, 256), 0, 0, cv::INTER_CUBIC);
    cv::absdiff(cubic, target, difference);
    QVERIFY(cv::mean(difference.reshape(1))[0] > 0.5);
  }

  void identitySizeKeepsPixels() {
    cv::Mat image(7, 5, CV_8UC3);
    cv::randu(image, 0, 256);
    const cv::Mat same = masklet::video::pillowResizeBicubic(image, 5, 7);
    QCOMPARE(cv::norm(same, image, cv::NORM_INF), 0.0);
  }

  void constantImageStaysConstant_data() {
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("size");
    QTest::newRow("shrink 853x479 -> 64") << 853 << 479 << 64;
    QTest::newRow("enlarge 13x9 -> 100") << 13 << 9 << 100;
    QTest::newRow("mixed 300x20 -> 50") << 300 << 20 << 50;
  }
  void constantImageStaysConstant() {
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(int, size);
    const cv::Mat image(height, width, CV_8UC3, cv::Scalar(0, 128, 255));
    const cv::Mat resized = masklet::video::pillowResizeBicubic(image, size, size);
    cv::Mat expected(size, size, CV_8UC3, cv::Scalar(0, 128, 255));
    QCOMPARE(cv::norm(resized, expected, cv::NORM_INF), 0.0);
  }

  void normalizationIsImageNetChw() {
    cv::Mat image(2, 3, CV_8UC3, cv::Scalar(0, 0, 0));
    image.at<cv::Vec3b>(1, 2) = cv::Vec3b(255, 128, 1);
    masklet::video::ModelInputOptions options;
    options.imageSize = 4;
    const std::vector<float> chw = masklet::video::normalizeToChw(image, options);
    QCOMPARE(chw.size(), size_t{3 * 2 * 3});
    // Channel-major: R plane, then G, then B; pixel (y=1, x=2) is element 5 of each plane.
    QVERIFY(std::abs(chw[0] - (0.0f - 0.485f) / 0.229f) < 1e-6f);
    QVERIFY(std::abs(chw[5] - (1.0f - 0.485f) / 0.229f) < 1e-6f);
    QVERIFY(std::abs(chw[6 + 5] - (128.0f / 255.0f - 0.456f) / 0.224f) < 1e-6f);
    QVERIFY(std::abs(chw[12 + 5] - (1.0f / 255.0f - 0.406f) / 0.225f) < 1e-6f);
    const std::vector<float> full = masklet::video::makeModelInput(image, options);
    QCOMPARE(full.size(), size_t{3 * 4 * 4});
  }

  void badInputIsRefused() {
    masklet::video::ModelInputOptions options;
    options.imageSize = 0;
    const cv::Mat image(4, 4, CV_8UC3, cv::Scalar::all(0));
    QVERIFY_THROWS_EXCEPTION(masklet::Error, masklet::video::makeModelInput(image, options));
    QVERIFY_THROWS_EXCEPTION(masklet::Error, masklet::video::pillowResizeBicubic(cv::Mat(), 4, 4));
    QVERIFY_THROWS_EXCEPTION(masklet::Error, masklet::video::pillowResizeBicubic(
                                                 cv::Mat(4, 4, CV_8UC1, cv::Scalar(0)), 4, 4));
  }
};

MASKLET_TEST_APPLESS_MAIN(ModelInputPreprocessTest)
#include "test_model_input_preprocess.moc"
