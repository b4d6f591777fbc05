// Clicks on the frame view become prompts in frame pixels, whatever the widget size; masks
// are drawn in their object's colour.
#include <QtTest/QtTest>

#include <QSignalSpy>

#include "ui/frame_view.h"
#include "ui/object_colors.h"

using masklet::ui::FrameView;

class TestFrameView : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void clickMapsToFramePixels_data() {
    QTest::addColumn<QSize>("widgetSize");
    QTest::newRow("same aspect") << QSize(400, 200);
    QTest::newRow("letterboxed tall") << QSize(400, 600);
    QTest::newRow("pillarboxed wide") << QSize(800, 250);
  }

  void clickMapsToFramePixels() {
    QFETCH(QSize, widgetSize);
    FrameView view;
    view.resize(widgetSize);
    QImage frame(200, 100, QImage::Format_RGB888);
    frame.fill(Qt::gray);
    view.setFrame(frame);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCOMPARE(view.size(), widgetSize);
    QSignalSpy spy(&view, &FrameView::pointClicked);
    // Frame pixel (50, 25) wherever the frame is drawn: scale = min(w/200, h/100).
    const double scale = std::min(widgetSize.width() / 200.0, widgetSize.height() / 100.0);
    const QPointF origin((widgetSize.width() - 200 * scale) / 2,
                         (widgetSize.height() - 100 * scale) / 2);
    const QPoint target = (origin + QPointF(50 * scale, 25 * scale)).toPoint();
    QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier, target);
    QTest::mouseClick(&view, Qt::RightButton, Qt::NoModifier, target);
    QCOMPARE(spy.count(), 2);
    const QPointF first = spy.at(0).at(0).toPointF();
    QVERIFY2(std::abs(first.x() - 50) <= 1.0 / scale + 0.5 &&
                 std::abs(first.y() - 25) <= 1.0 / scale + 0.5,
             qPrintable(QString("got %1,%2").arg(first.x()).arg(first.y())));
    QCOMPARE(spy.at(0).at(1).toBool(), true);
    QCOMPARE(spy.at(1).at(1).toBool(), false);
  }

  void boxToolEmitsANormalizedBox() {
    FrameView view;
    view.resize(400, 200);  // the 200x100 frame is drawn at scale 2
    QImage frame(200, 100, QImage::Format_RGB888);
    frame.fill(Qt::gray);
    view.setFrame(frame);
    view.setTool(FrameView::Tool::Box);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy spy(&view, &FrameView::boxDrawn);
    QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, QPoint(300, 160));
    QMouseEvent move(QEvent::MouseMove, QPointF(40, 20), QPointF(40, 20), Qt::NoButton,
                     Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&view, &move);
    QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, QPoint(40, 20));
    QCOMPARE(spy.count(), 1);
    const QRectF box = spy.at(0).at(0).toRectF();
    QVERIFY(std::abs(box.left() - 20) <= 1 && std::abs(box.top() - 10) <= 1);
    QVERIFY(std::abs(box.right() - 150) <= 1 && std::abs(box.bottom() - 80) <= 1);
  }

  void masksAreDrawnInTheObjectColour() {
    FrameView view;
    view.resize(400, 400);  // the 100x100 frame is drawn at scale 4
    QImage frame(100, 100, QImage::Format_RGB888);
    frame.fill(Qt::black);
    view.setFrame(frame);
    view.setOverlayOpacity(1.0);
    QImage mask(100, 100, QImage::Format_Grayscale8);
    mask.fill(0);
    for (int y = 20; y < 80; ++y)
      for (int x = 20; x < 80; ++x) mask.setPixel(x, y, 255);
    view.setMasks({{3, mask}});
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QImage shot = view.grab().toImage();
    const QColor inside = shot.pixelColor(200, 200);
    const QColor outside = shot.pixelColor(20, 20);
    const QColor expected = masklet::ui::colorForObject(3);
    QVERIFY2(std::abs(inside.red() - expected.red()) <= 2 &&
                 std::abs(inside.green() - expected.green()) <= 2 &&
                 std::abs(inside.blue() - expected.blue()) <= 2,
             qPrintable(inside.name()));
    QCOMPARE(outside, QColor(Qt::black));
  }
};

QTEST_MAIN(TestFrameView)
#include "test_frame_view.moc"
