// Clicks on the frame view become prompts in frame pixels, whatever the widget size and zoom;
// masks are drawn in their object's colour, filled or as outlines, hidden objects not at all;
// zoom keeps the point under the cursor, 1:1 is one screen pixel per frame pixel, pans move
// the frame; the brush and eraser paint discs of their radius in frame pixels.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QAction>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QSignalSpy>
#include <QStatusBar>
#include <QVBoxLayout>
#include <cmath>

#include "project/document.h"
#include "ui/canvas/brush_stroke.h"
#include "ui/canvas/frame_view.h"
#include "ui/canvas/mask_images.h"
#include "ui/canvas/view_menu.h"
#include "ui/objects/object_colors.h"

using masklet::ui::BrushStroke;
using masklet::ui::FrameView;

namespace {

QImage grayFrame(int width, int height) {
  QImage frame(width, height, QImage::Format_RGB888);
  frame.fill(Qt::black);
  return frame;
}

QImage squareMask(QSize size, QRect square) {
  QImage mask(size, QImage::Format_Grayscale8);
  mask.fill(0);
  for (int y = square.top(); y <= square.bottom(); ++y)
    for (int x = square.left(); x <= square.right(); ++x) mask.scanLine(y)[x] = 255;
  return mask;
}

int countSet(const QImage& mask) {
  int count = 0;
  for (int y = 0; y < mask.height(); ++y)
    for (int x = 0; x < mask.width(); ++x) count += qGray(mask.pixel(x, y)) > 0 ? 1 : 0;
  return count;
}

bool sameColor(QColor a, QColor b, int tolerance = 2) {
  return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance &&
         std::abs(a.blue() - b.blue()) <= tolerance;
}

void mouseMove(QWidget* widget, QPointF pos, Qt::MouseButtons buttons,
               Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
  QMouseEvent move(QEvent::MouseMove, pos, widget->mapToGlobal(pos), Qt::NoButton, buttons,
                   modifiers);
  QApplication::sendEvent(widget, &move);
}

void wheel(QWidget* widget, QPointF pos, int delta) {
  QWheelEvent event(pos, widget->mapToGlobal(pos), QPoint(), QPoint(0, delta), Qt::NoButton,
                    Qt::NoModifier, Qt::NoScrollPhase, false);
  QApplication::sendEvent(widget, &event);
}

// A shown view of `viewSize` with a black frame of `frameSize`.
void showView(FrameView& view, QSize viewSize, QSize frameSize) {
  view.resize(viewSize);
  view.setFrame(grayFrame(frameSize.width(), frameSize.height()));
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
}

}  // namespace

class TestFrameView : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // The status-bar label follows the overlay style whoever changes it (the Settings dialog
  // sets the view directly, not through the View menu).
  void viewLabelFollowsTheOverlayFromAnySource() {
    QMainWindow window;
    QMenu menu;
    auto* view = new FrameView(&window);
    window.setCentralWidget(view);
    masklet::ui::ViewMenu viewMenu(&window, &menu, view);
    auto* label = window.statusBar()->findChild<QLabel*>("viewLabel");
    QVERIFY(label != nullptr);
    view->setOverlayOpacity(0.3);
    QVERIFY2(label->text().contains("overlay 30%"), qPrintable(label->text()));
    view->setOverlayOpacity(0.8);
    QVERIFY2(label->text().contains("overlay 80%"), qPrintable(label->text()));
  }

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
      for (int x = 20; x < 80; ++x) mask.scanLine(y)[x] = 255;
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

  void zoomKeepsTheFramePointUnderTheCursor() {
    FrameView view;
    showView(view, QSize(400, 300), QSize(200, 100));
    QVERIFY(view.isFit());
    const QPointF cursor(130, 170);
    const QPointF before = view.toFrame(cursor);
    view.zoomAt(cursor, 2.0);
    QVERIFY(!view.isFit());
    QCOMPARE(view.zoom(), 4.0);  // fit is 2 (400 / 200)
    QVERIFY(QLineF(view.toFrame(cursor), before).length() < 1e-9);
    // The wheel: one notch up zooms in by one step, one down back, both around the cursor.
    const QPointF other(260, 120);
    const QPointF underOther = view.toFrame(other);
    wheel(&view, other, 120);
    QVERIFY(std::abs(view.zoom() - 4.0 * FrameView::kZoomStep) < 1e-9);
    QVERIFY(QLineF(view.toFrame(other), underOther).length() < 1e-9);
    wheel(&view, other, -120);
    QVERIFY(std::abs(view.zoom() - 4.0) < 1e-9);
    QVERIFY(QLineF(view.toFrame(other), underOther).length() < 1e-9);
    // Zoom out is bounded, and Fit comes back to the letterboxed frame.
    for (int i = 0; i < 40; ++i) view.zoomOut();
    QVERIFY(view.zoom() > 0 && view.zoom() < 2.0);
    view.fitToWindow();
    QCOMPARE(view.zoom(), 2.0);
    QCOMPARE(view.toWidget(QPointF(0, 0)), QPointF(0, 50));
  }

  void actualSizeShowsOneFramePixelPerScreenPixel() {
    FrameView view;
    view.resize(400, 300);
    // A pattern no smoothing or scaling would keep: each pixel its own colour.
    QImage frame(200, 100, QImage::Format_RGB888);
    for (int y = 0; y < 100; ++y)
      for (int x = 0; x < 200; ++x)
        frame.setPixelColor(x, y, QColor((x * 37) % 256, (y * 59) % 256, (x * y) % 256));
    view.setFrame(frame);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.actualSize();  // around the centre (200, 150), which shows frame point (100, 50)
    QCOMPARE(view.zoom(), 1.0);
    QCOMPARE(view.toWidget(QPointF(0, 0)), QPointF(100, 100));
    QCOMPARE(view.toWidget(QPointF(1, 1)) - view.toWidget(QPointF(0, 0)), QPointF(1, 1));
    const QImage shot = view.grab().toImage();
    for (const QPoint p :
         {QPoint(0, 0), QPoint(1, 0), QPoint(57, 33), QPoint(58, 33), QPoint(199, 99)})
      QCOMPARE(shot.pixelColor(p + QPoint(100, 100)), frame.pixelColor(p));
  }

  void panMovesTheFrame() {
    FrameView view;
    showView(view, QSize(400, 200), QSize(200, 100));
    view.zoomAt(QPointF(200, 100), 4.0);
    const QPointF anchor = view.toWidget(QPointF(80, 40));
    view.panBy(QPointF(30, -20));
    QCOMPARE(view.toWidget(QPointF(80, 40)), anchor + QPointF(30, -20));
    // Middle drag.
    QTest::mousePress(&view, Qt::MiddleButton, Qt::NoModifier, QPoint(100, 100));
    mouseMove(&view, QPointF(140, 90), Qt::MiddleButton);
    QTest::mouseRelease(&view, Qt::MiddleButton, Qt::NoModifier, QPoint(140, 90));
    QCOMPARE(view.toWidget(QPointF(80, 40)), anchor + QPointF(70, -30));
    // A pan cannot lose the frame: some of it stays on screen.
    view.panBy(QPointF(100000, 100000));
    const QPointF corner = view.toWidget(QPointF(0, 0));
    QVERIFY(corner.x() < 400 && corner.y() < 200);
  }

  void spaceDragPansAndATapStillReachesTheWindow() {
    QWidget window;
    auto* layout = new QVBoxLayout(&window);
    auto* view = new FrameView(&window);
    layout->addWidget(view);
    auto* play = new QAction(&window);
    play->setShortcut(Qt::Key_Space);
    window.addAction(play);
    QSignalSpy played(play, &QAction::triggered);
    window.resize(420, 220);
    view->setFrame(grayFrame(200, 100));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    view->setFocus();
    QTRY_VERIFY(view->hasFocus());
    QSignalSpy clicks(view, &FrameView::pointClicked);
    view->zoomAt(QPointF(100, 100), 4.0);
    const QPointF before = view->toWidget(QPointF(50, 25));
    QTest::keyPress(view, Qt::Key_Space);
    QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, QPoint(100, 100));
    mouseMove(view, QPointF(125, 110), Qt::LeftButton);
    QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, QPoint(125, 110));
    QTest::keyRelease(view, Qt::Key_Space);
    QCOMPARE(view->toWidget(QPointF(50, 25)), before + QPointF(25, 10));
    QCOMPARE(clicks.count(), 0);  // the drag was a pan, not a click
    QCOMPARE(played.count(), 0);  // nor a play
    QTest::keyClick(view, Qt::Key_Space);
    QCOMPARE(played.count(), 1);
  }

  void toFrameAndToWidgetAreInversesAtEveryZoom() {
    FrameView view;
    showView(view, QSize(500, 300), QSize(320, 180));
    const QList<QPointF> points{{0, 0}, {12.25, 170.5}, {319.9, 0.1}, {160, 90}};
    for (const double factor : {1.0, 0.4, 3.0, 7.5, 9.0}) {
      view.zoomAt(QPointF(310, 140), factor);
      for (const QPointF& p : points) {
        QVERIFY(QLineF(view.toFrame(view.toWidget(p)), p).length() < 1e-9);
        const QPointF w = view.toWidget(p);
        QVERIFY(QLineF(view.toWidget(view.toFrame(w)), w).length() < 1e-9);
      }
    }
  }

  void clickAtAZoomMapsToTheFramePixelUnderIt() {
    FrameView view;
    showView(view, QSize(400, 200), QSize(200, 100));  // fit: scale 2, origin (0, 0)
    // 4x more around widget (100, 50), frame point (50, 25): scale 8, origin (-300, -150),
    // so frame pixel (60, 30) spans widget x 180..188, y 90..98.
    view.zoomAt(QPointF(100, 50), 4.0);
    QSignalSpy spy(&view, &FrameView::pointClicked);
    QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier, QPoint(184, 94));
    QTest::mouseClick(&view, Qt::LeftButton, Qt::ShiftModifier, QPoint(180, 97));
    QCOMPARE(spy.count(), 2);
    const QPointF first = spy.at(0).at(0).toPointF();
    QCOMPARE(first, QPointF(60.5, 30.5));
    const QPointF second = spy.at(1).at(0).toPointF();
    QCOMPARE(QPoint(int(std::floor(second.x())), int(std::floor(second.y()))), QPoint(60, 30));
    QCOMPARE(spy.at(1).at(1).toBool(), false);  // Shift: negative
  }

  void outlineModeDrawsOnlyContourPixels() {
    FrameView view;
    showView(view, QSize(400, 400), QSize(100, 100));  // scale 4
    view.setOverlayOpacity(1.0);
    view.setMasks({{3, squareMask(QSize(100, 100), QRect(20, 20, 60, 60))}});
    const QColor color = masklet::ui::colorForObject(3);
    QCOMPARE(view.overlay().pixelColor(50, 50), color);  // filled
    view.setOutlineOnly(true);
    const QImage overlay = view.overlay();
    int drawn = 0;
    for (int y = 0; y < 100; ++y) {
      for (int x = 0; x < 100; ++x) {
        const bool onContour =
            (x == 20 || x == 79 || y == 20 || y == 79) && x >= 20 && x <= 79 && y >= 20 && y <= 79;
        const QColor pixel = overlay.pixelColor(x, y);
        if (onContour) QCOMPARE(pixel, color);
        if (!onContour) QCOMPARE(pixel.alpha(), 0);
        drawn += pixel.alpha() > 0 ? 1 : 0;
      }
    }
    QCOMPARE(drawn, 60 * 4 - 4);
    // On screen: the frame inside the outline, the colour on it (a 4x4 block per pixel).
    const QImage shot = view.grab().toImage();
    QCOMPARE(shot.pixelColor(50 * 4 + 2, 50 * 4 + 2), QColor(Qt::black));
    QVERIFY(sameColor(shot.pixelColor(20 * 4 + 2, 50 * 4 + 2), color));
    // Shown reduced (scale 1/2 here) the contour is two frame pixels wide, so it stays visible.
    view.zoomAt(QPointF(200, 200), 1.0 / 8);
    QCOMPARE(view.overlay().pixelColor(21, 50), color);
    QCOMPARE(view.overlay().pixelColor(22, 50).alpha(), 0);
  }

  void hiddenObjectsAreNotDrawnAndShowOnlyActiveKeepsOne() {
    masklet::project::Document document;
    masklet::project::VideoRef video;
    video.width = 100;
    video.height = 100;
    video.frameCount = 1;
    document.reset(video);
    const int first = document.addObject("left");
    const int second = document.addObject("right");
    const QImage leftMask = squareMask(QSize(100, 100), QRect(5, 5, 30, 30));
    const QImage rightMask = squareMask(QSize(100, 100), QRect(60, 60, 30, 30));
    masklet::project::ObjectMask mask;
    mask.rle = masklet::ui::maskRle(leftMask);
    document.setMask("paint", 0, first, mask);
    mask.rle = masklet::ui::maskRle(rightMask);
    document.setMask("paint", 0, second, mask);
    document.setObjectVisible(second, false);

    FrameView view;
    showView(view, QSize(400, 400), QSize(100, 100));
    view.setOverlayOpacity(1.0);
    view.setMasks(masklet::ui::masksOnFrame(document, 0));
    QCOMPARE(view.overlay().pixelColor(20, 20), masklet::ui::colorForObject(first));
    QCOMPARE(view.overlay().pixelColor(75, 75).alpha(), 0);  // hidden
    QCOMPARE(view.grab().toImage().pixelColor(75 * 4, 75 * 4), QColor(Qt::black));
    // Shown again, then only the active one.
    document.setObjectVisible(second, true);
    view.setMasks(masklet::ui::masksOnFrame(document, 0));
    QCOMPARE(view.overlay().pixelColor(75, 75), masklet::ui::colorForObject(second));
    view.setActiveObject(second, rightMask);
    view.setShowOnlyActive(true);
    QCOMPARE(view.overlay().pixelColor(20, 20).alpha(), 0);
    QCOMPARE(view.overlay().pixelColor(75, 75), masklet::ui::colorForObject(second));
    view.setShowOnlyActive(false);
    QCOMPARE(view.overlay().pixelColor(20, 20), masklet::ui::colorForObject(first));
  }

  void brushStrokeOfRadiusRPaintsADisc() {
    FrameView view;
    showView(view, QSize(400, 400), QSize(100, 100));  // scale 4, origin (0, 0)
    view.setTool(FrameView::Tool::Brush);
    view.setBrushRadius(10);
    view.setActiveObject(2, QImage());
    QSignalSpy painted(&view, &FrameView::maskPainted);
    const QPoint centre = view.toWidget(QPointF(50, 50)).toPoint();
    QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, centre);
    QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, centre);
    QCOMPARE(painted.count(), 1);
    QCOMPARE(painted.at(0).at(0).toInt(), 2);
    QCOMPARE(painted.at(0).at(2).toBool(), false);
    const QImage mask = painted.at(0).at(1).value<QImage>();
    QCOMPARE(mask.size(), QSize(100, 100));
    const double area = M_PI * 10 * 10;
    QVERIFY2(std::abs(countSet(mask) - area) < 0.03 * area,
             qPrintable(QString::number(countSet(mask))));
    for (int y = 0; y < 100; ++y)
      for (int x = 0; x < 100; ++x)
        if (qGray(mask.pixel(x, y)) > 0) QVERIFY(std::hypot(x + 0.5 - 50, y + 0.5 - 50) <= 10);
    // While the prompt is computed the view shows what was painted.
    QCOMPARE(view.overlay().pixelColor(50, 50).alpha() > 0, true);
    // A drag: a capsule, 60 px long, radius 5, whatever the zoom.
    BrushStroke stroke(QImage(), QSize(100, 100), 5, false);
    stroke.paintTo(QPointF(20, 50));
    for (int x = 21; x <= 80; ++x) stroke.paintTo(QPointF(x, 50));
    const double capsule = 60 * 10 + M_PI * 25;
    QVERIFY2(std::abs(countSet(stroke.mask()) - capsule) < 0.03 * capsule,
             qPrintable(QString::number(countSet(stroke.mask()))));
  }

  void eraserRemovesFromTheActiveMask() {
    FrameView view;
    showView(view, QSize(400, 400), QSize(100, 100));
    const QImage square = squareMask(QSize(100, 100), QRect(20, 20, 60, 60));
    view.setMasks({{1, square}});
    view.setActiveObject(1, square);
    view.setTool(FrameView::Tool::Eraser);
    view.setBrushRadius(10);
    QSignalSpy painted(&view, &FrameView::maskPainted);
    const QPoint centre = view.toWidget(QPointF(50, 50)).toPoint();
    QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, centre);
    QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, centre);
    QCOMPARE(painted.count(), 1);
    QCOMPARE(painted.at(0).at(2).toBool(), true);
    const QImage erased = painted.at(0).at(1).value<QImage>();
    QCOMPARE(qGray(erased.pixel(50, 50)), 0);
    QCOMPARE(qGray(erased.pixel(25, 25)), 255);
    const double removed = 3600 - countSet(erased);
    QVERIFY2(std::abs(removed - M_PI * 100) < 0.03 * M_PI * 100,
             qPrintable(QString::number(removed)));
    // The eraser over background changes nothing, so there is no command.
    QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier,
                      view.toWidget(QPointF(5, 5)).toPoint());
    QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier,
                        view.toWidget(QPointF(5, 5)).toPoint());
    QCOMPARE(painted.count(), 1);
    // Shift with the brush erases too; the stroke starts from what was painted last.
    view.setTool(FrameView::Tool::Brush);
    const QPoint corner = view.toWidget(QPointF(25, 25)).toPoint();
    QTest::mousePress(&view, Qt::LeftButton, Qt::ShiftModifier, corner);
    QTest::mouseRelease(&view, Qt::LeftButton, Qt::ShiftModifier, corner);
    QCOMPARE(painted.count(), 2);
    const QImage again = painted.at(1).at(1).value<QImage>();
    QCOMPARE(qGray(again.pixel(50, 50)), 0);
    QCOMPARE(qGray(again.pixel(25, 25)), 0);
  }

  void brushCursorIsACircleOfTheBrushSize() {
    FrameView view;
    showView(view, QSize(400, 400), QSize(100, 100));  // scale 4
    view.setTool(FrameView::Tool::Brush);
    view.setBrushRadius(10);  // 40 screen px
    mouseMove(&view, QPointF(200, 200), Qt::NoButton);
    const QImage shot = view.grab().toImage();
    // The white ring lies at 40 px from the cursor (antialiased over one or two pixels).
    int brightest = 0;
    for (int x = 236; x <= 244; ++x) brightest = std::max(brightest, qGray(shot.pixel(x, 200)));
    QVERIFY2(brightest >= 100, qPrintable(QString::number(brightest)));  // on a black frame
    QCOMPARE(shot.pixelColor(220, 200), QColor(Qt::black));              // inside: the frame
    view.growBrush();
    QCOMPARE(view.brushRadius(), 12.5);  // diameter 20 -> 25
    view.shrinkBrush();
    QCOMPARE(view.brushRadius(), 10.0);
  }
};

MASKLET_TEST_MAIN(TestFrameView)
#include "test_frame_view.moc"
