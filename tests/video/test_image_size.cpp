// readImageSize gives the size of PNG and JPEG files from their headers (baseline and
// progressive JPEGs, JFIF blocks before the frame header), of other formats by decoding, and
// refuses unreadable files with the file's name. Image mode lists a folder's sizes this way.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QTemporaryDir>
#include <opencv2/imgcodecs.hpp>

#include "common/error.h"
#include "video/image_size.h"

class TestImageSize : public QObject {
  Q_OBJECT

  QTemporaryDir m_dir;

  std::string write(const QString& name, int width, int height,
                    const std::vector<int>& params = {}) {
    const cv::Mat image(height, width, CV_8UC3, cv::Scalar(30, 120, 200));
    const std::string path = m_dir.filePath(name).toStdString();
    if (!cv::imwrite(path, image, params)) qFatal("cannot write %s", path.c_str());
    return path;
  }

 private Q_SLOTS:
  void sizesFromHeadersAndByDecoding_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<bool>("progressive");
    QTest::newRow("png") << "a.png" << 321 << 123 << false;
    QTest::newRow("jpeg") << "b.jpg" << 200 << 97 << false;
    QTest::newRow("progressive jpeg") << "c.jpg" << 64 << 480 << true;
    QTest::newRow("bmp (decoded)") << "d.bmp" << 33 << 17 << false;
  }

  void sizesFromHeadersAndByDecoding() {
    QFETCH(QString, name);
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(bool, progressive);
    const std::vector<int> params =
        progressive ? std::vector<int>{cv::IMWRITE_JPEG_PROGRESSIVE, 1} : std::vector<int>{};
    const auto size = masklet::video::readImageSize(write(name, width, height, params));
    QCOMPARE(size.first, width);
    QCOMPARE(size.second, height);
  }

  void unreadableFilesAreRefusedByName() {
    const QString path = m_dir.filePath("broken.png");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not an image at all");
    file.close();
    try {
      masklet::video::readImageSize(path.toStdString());
      QFAIL("a broken file was accepted");
    } catch (const masklet::Error& error) {
      QVERIFY(QString(error.what()).contains("broken.png"));
    }
    QVERIFY_THROWS_EXCEPTION(
        masklet::Error, masklet::video::readImageSize(m_dir.filePath("none.jpg").toStdString()));
  }
};

MASKLET_TEST_APPLESS_MAIN(TestImageSize)
#include "test_image_size.moc"
