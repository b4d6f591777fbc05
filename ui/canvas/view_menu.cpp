#include "ui/canvas/view_menu.h"

#include <QAction>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QSettings>
#include <QStatusBar>
#include <cmath>

#include "ui/canvas/frame_view.h"
#include "ui/window/status_label.h"

namespace masklet::ui {

namespace {

const char* const kOpacity = "view/overlayOpacity";
const char* const kOutlineOnly = "view/outlineOnly";
const char* const kBrushRadius = "tools/brushRadius";

QAction* addAction(QMenu* menu, const QString& text, const QString& name,
                   const QList<QKeySequence>& keys) {
  QAction* action = menu->addAction(text);
  action->setObjectName(name);
  action->setShortcuts(keys);
  return action;
}

}  // namespace

ViewMenu::ViewMenu(QMainWindow* window, QMenu* menu, FrameView* view)
    : QObject(window), m_view(view) {
  m_zoomIn = addAction(menu, tr("Zoom &In"), "zoomInAction",
                       {QKeySequence(Qt::Key_Plus), QKeySequence(Qt::Key_Equal),
                        QKeySequence(QKeySequence::ZoomIn)});
  m_zoomOut = addAction(menu, tr("Zoom &Out"), "zoomOutAction",
                        {QKeySequence(Qt::Key_Minus), QKeySequence(QKeySequence::ZoomOut)});
  m_fit = addAction(menu, tr("&Fit"), "fitAction", {QKeySequence(Qt::CTRL | Qt::Key_0)});
  m_actualSize = addAction(menu, tr("&Actual Size (1:1)"), "actualSizeAction",
                           {QKeySequence(Qt::CTRL | Qt::Key_1)});
  for (QAction* action : {m_zoomIn, m_zoomOut, m_actualSize})
    action->setToolTip(tr("%1 — around the cursor when it is over the frame; the wheel zooms "
                          "too, middle drag or Space+drag pans")
                           .arg(action->text().remove('&')));
  menu->addSeparator();
  m_outlineOnly =
      addAction(menu, tr("O&utline Only"), "outlineOnlyAction", {QKeySequence(Qt::Key_O)});
  m_outlineOnly->setCheckable(true);
  m_showOnlyActive = addAction(menu, tr("Show Only the Acti&ve Object"), "showOnlyActiveAction",
                               {QKeySequence(Qt::Key_S)});
  m_showOnlyActive->setCheckable(true);
  m_moreOpaque = addAction(menu, tr("Overlay &More Opaque"), "moreOpaqueAction",
                           {QKeySequence(Qt::Key_BraceRight)});
  m_lessOpaque = addAction(menu, tr("Overlay &Less Opaque"), "lessOpaqueAction",
                           {QKeySequence(Qt::Key_BraceLeft)});

  const QSettings settings;
  view->setOverlayOpacity(settings.value(kOpacity, view->overlayOpacity()).toDouble());
  view->setOutlineOnly(settings.value(kOutlineOnly, false).toBool());
  view->setBrushRadius(settings.value(kBrushRadius, view->brushRadius()).toDouble());
  m_outlineOnly->setChecked(view->outlineOnly());

  connect(m_zoomIn, &QAction::triggered, view, &FrameView::zoomIn);
  connect(m_zoomOut, &QAction::triggered, view, &FrameView::zoomOut);
  connect(m_fit, &QAction::triggered, view, &FrameView::fitToWindow);
  connect(m_actualSize, &QAction::triggered, view, &FrameView::actualSize);
  connect(m_outlineOnly, &QAction::toggled, this, [this](bool on) {
    m_view->setOutlineOnly(on);
    QSettings().setValue(kOutlineOnly, on);
  });
  connect(m_showOnlyActive, &QAction::toggled, view, &FrameView::setShowOnlyActive);
  connect(m_moreOpaque, &QAction::triggered, this, [this] { stepOpacity(kOpacityStep); });
  connect(m_lessOpaque, &QAction::triggered, this, [this] { stepOpacity(-kOpacityStep); });

  m_label = new StatusLabel(window);
  m_label->setObjectName("viewLabel");
  window->statusBar()->addPermanentWidget(m_label);
  connect(view, &FrameView::zoomChanged, this, &ViewMenu::refreshLabel);
  connect(view, &FrameView::overlayStyleChanged, this, &ViewMenu::refreshLabel);
  connect(view, &FrameView::brushRadiusChanged, this, [this](double radius) {
    QSettings().setValue(kBrushRadius, radius);
    refreshLabel();
  });
  refreshLabel();
}

void ViewMenu::stepOpacity(double delta) {
  // Steps land on tenths, whatever the saved value was.
  const double opacity = std::round((m_view->overlayOpacity() + delta) * 10.0) / 10.0;
  m_view->setOverlayOpacity(opacity);
  QSettings().setValue(kOpacity, m_view->overlayOpacity());
}

void ViewMenu::refreshLabel() {
  m_label->setText(tr("zoom %1% · brush %2 px · overlay %3%")
                       .arg(std::lround(m_view->zoom() * 100))
                       .arg(std::lround(2 * m_view->brushRadius()))
                       .arg(std::lround(m_view->overlayOpacity() * 100)));
  m_label->setToolTip(
      tr("Zoom, brush diameter in frame pixels ([ and ] change it), overlay "
         "fill opacity ({ and } change it)"));
}

}  // namespace masklet::ui
