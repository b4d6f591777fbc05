#pragma once
// The model's part of the status bar: "Loading model X..." with a busy bar (and the stage
// the worker reports) while a checkpoint loads on the worker thread, then the name of the
// model in use (its description as the tooltip). GUI thread only.
#include <QWidget>

class QLabel;
class QProgressBar;

namespace masklet::ui {

class SessionController;

class ModelStatus : public QWidget {
  Q_OBJECT

 public:
  explicit ModelStatus(SessionController* controller, QWidget* parent = nullptr);

  bool isLoading() const { return m_loading > 0; }
  QString text() const;

 private:
  void onLoading(const QString& checkpointPath);
  void onStage(const QString& text);
  void onLoaded(const QString& description);
  void onFailed();
  void showIdle();

  SessionController* m_controller;
  QLabel* m_label = nullptr;
  QProgressBar* m_busy = nullptr;
  int m_loading = 0;
};

}  // namespace masklet::ui
