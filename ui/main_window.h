#pragma once
// The application's main window. GUI thread only.
#include <QMainWindow>
#include <QString>

class QLabel;

namespace masklet::ui {

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);

  // Opens a video file or image folder; reports problems in the status bar and a dialog.
  void openMedia(const QString& path);

  // Text shown when no SAM 2 checkpoint was found (empty when one was found).
  QString modelStatusText() const { return m_modelStatus; }

 private Q_SLOTS:
  void onOpenActionTriggered();
  void onAboutActionTriggered();

 private:
  void createMenus();
  void refreshModelStatus();

  QLabel* m_centralLabel = nullptr;
  QString m_modelStatus;
};

}  // namespace masklet::ui
