// Image folders: natural order of any file names, every supported format, RGB channel order,
// and errors that name the offending file.
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include "test_registry.h"

#include "video_test_util.h"

#include <opencv2/imgcodecs.hpp>

#include "common/error.h"
#include "video/image_folder_source.h"
#include "video/open_frame_source.h"

using masklet::video::ImageFolderSource;

using masklet::test::errorOf;

namespace {

// A BGR image (as cv::imwrite expects) whose pixels encode `value` in the red channel.
cv::Mat solid(int width, int height, int value) {
  return cv::Mat(height, width, CV_8UC3, cv::Scalar(10, 200, value));
}

}  // namespace

class ImageFolderSourceTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void naturalOrder_data() {
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("less");
    QTest::newRow("frame2 < frame10") << "frame2.jpg"
                                      << "frame10.jpg" << true;
    QTest::newRow("frame10 > frame9") << "frame10.jpg"
                                      << "frame9.jpg" << false;
    QTest::newRow("zero padded") << "00009.jpg"
                                 << "00010.jpg" << true;
    QTest::newRow("padded vs plain") << "010.png"
                                     << "9.png" << false;
    QTest::newRow("prefix then number") << "a2.png"
                                        << "b1.png" << true;
    QTest::newRow("multiple numbers") << "cam1_f2.png"
                                      << "cam1_f10.png" << true;
    QTest::newRow("equal") << "x1.png"
                           << "x1.png" << false;
  }
  void naturalOrder() {
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, less);
    QCOMPARE(masklet::video::naturalLess(a.toStdString(), b.toStdString()), less);
  }

  void readsEveryFormatInNaturalOrder() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // Lossless formats keep the exact value; the JPEG frame is checked with a tolerance.
    const std::vector<std::pair<QString, int>> files = {{"frame10.png", 100}, {"frame2.bmp", 20},
                                                        {"frame1.tiff", 10},  {"frame3.webp", 30},
                                                        {"frame4.jpg", 40},   {"frame11.PNG", 110}};
    for (const auto& [name, value] : files) {
      std::vector<int> params;
      if (name.endsWith(".webp")) params = {cv::IMWRITE_WEBP_QUALITY, 101};  // lossless
      QVERIFY(cv::imwrite(dir.filePath(name).toStdString(), solid(33, 17, value), params));
    }
    QFile notes(dir.filePath("notes.txt"));  // ignored: not an image
    QVERIFY(notes.open(QIODevice::WriteOnly));
    notes.close();

    auto source = masklet::video::openFrameSource(dir.path().toStdString());
    QCOMPARE(source->frameCount(), int64_t{6});
    QCOMPARE(source->width(), 33);
    QCOMPARE(source->height(), 17);
    const int expectedRed[] = {10, 20, 30, 40, 100, 110};
    for (int64_t index = 0; index < 6; ++index) {
      const masklet::video::Frame frame = source->frame(index);
      QCOMPARE(frame.rgb.type(), CV_8UC3);
      const cv::Vec3b pixel = frame.rgb.at<cv::Vec3b>(8, 16);
      const int tolerance = index == 3 ? 3 : 0;  // frame4.jpg is lossy
      QVERIFY2(std::abs(pixel[0] - expectedRed[index]) <= tolerance,
               qPrintable(QString("frame %1: red %2, expected %3")
                              .arg(index)
                              .arg(pixel[0])
                              .arg(expectedRed[index])));
      QVERIFY(std::abs(pixel[1] - 200) <= tolerance);
      QVERIFY(std::abs(pixel[2] - 10) <= tolerance);
    }
    QCOMPARE(source->frameAtTime(source->timeOfFrame(4)), int64_t{4});
  }

  void mismatchedSizeNamesTheFile() {
    QTemporaryDir dir;
    QVERIFY(cv::imwrite(dir.filePath("a1.png").toStdString(), solid(20, 10, 1)));
    QVERIFY(cv::imwrite(dir.filePath("a2.png").toStdString(), solid(21, 10, 2)));
    ImageFolderSource source(dir.path().toStdString());
    QCOMPARE(source.frame(0).rgb.cols, 20);
    const QString message = errorOf([&] { source.frame(1); });
    QVERIFY2(message.contains("a2.png") && message.contains("21x10") && message.contains("20x10"),
             qPrintable(message));
  }

  void unreadableImageNamesTheFile() {
    QTemporaryDir dir;
    QVERIFY(cv::imwrite(dir.filePath("f0.png").toStdString(), solid(8, 8, 1)));
    QFile broken(dir.filePath("f1.jpg"));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("not a jpeg at all");
    broken.close();
    ImageFolderSource source(dir.path().toStdString());
    QCOMPARE(source.frameCount(), int64_t{2});
    const QString message = errorOf([&] { source.frame(1); });
    QVERIFY2(message.contains("f1.jpg") && message.contains("frame 1"), qPrintable(message));
  }

  void folderWithoutImagesIsRefused() {
    QTemporaryDir dir;
    const QString message = errorOf([&] { ImageFolderSource source(dir.path().toStdString()); });
    QVERIFY2(message.contains(dir.path()) && message.contains("no images"), qPrintable(message));
    const QString missing =
        errorOf([&] { ImageFolderSource source(dir.filePath("nope").toStdString()); });
    QVERIFY2(missing.contains("does not exist"), qPrintable(missing));
  }
};

MASKLET_TEST_APPLESS_MAIN(ImageFolderSourceTest)
#include "test_image_folder_source.moc"
