#pragma once
// The View menu: zoom (in / out around the cursor, fit, actual size), the overlay's look
// (opacity steps, outline only) and "show only the active object", and a status-bar label
// with the zoom and brush size. The overlay look and the brush size are kept in QSettings
// ("view/overlayOpacity", "view/outlineOnly", "tools/brushRadius"). GUI thread only.
#include <QObject>

class QAction;
class QLabel;
class QMainWindow;
class QMenu;

namespace masklet::ui {

class FrameView;

class ViewMenu : public QObject {
  Q_OBJECT

 public:
  static constexpr double kOpacityStep = 0.1;

  // Fills `menu` (already in the menu bar) with actions on `view`.
  ViewMenu(QMainWindow* window, QMenu* menu, FrameView* view);

  QAction* zoomIn() const { return m_zoomIn; }
  QAction* zoomOut() const { return m_zoomOut; }
  QAction* fit() const { return m_fit; }
  QAction* actualSize() const { return m_actualSize; }
  QAction* outlineOnly() const { return m_outlineOnly; }
  QAction* showOnlyActive() const { return m_showOnlyActive; }
  QAction* moreOpaque() const { return m_moreOpaque; }
  QAction* lessOpaque() const { return m_lessOpaque; }

 private:
  void stepOpacity(double delta);
  void refreshLabel();

  FrameView* m_view;
  QAction* m_zoomIn = nullptr;
  QAction* m_zoomOut = nullptr;
  QAction* m_fit = nullptr;
  QAction* m_actualSize = nullptr;
  QAction* m_outlineOnly = nullptr;
  QAction* m_showOnlyActive = nullptr;
  QAction* m_moreOpaque = nullptr;
  QAction* m_lessOpaque = nullptr;
  QLabel* m_label = nullptr;
};

}  // namespace masklet::ui
