#pragma once
// Settings (Ctrl+,): models (folder, default model, device), tracking (precision, threads,
// re-track until converged), the overlay's look, autosave, the caches' budgets and the review
// thresholds. Each field says when it takes effect: at once, at the next model load, or at the
// next video / session. OK and Apply emit applied(settings); the caller saves and applies them.
// GUI thread only.
#include <QDialog>

#include "ui/settings/app_settings.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace masklet::ui {

class ReviewSettingsPage;

class SettingsDialog : public QDialog {
  Q_OBJECT

 public:
  explicit SettingsDialog(const AppSettings& settings, QWidget* parent = nullptr);

  // What the fields say now.
  AppSettings settings() const;
  void setSettings(const AppSettings& settings);
  // The device choices offered: "auto", "cpu", and "cuda" when LibTorch sees a CUDA device.
  static QStringList deviceChoices();

 Q_SIGNALS:
  void applied(const masklet::ui::AppSettings& settings);

 private:
  QWidget* buildModelPage();
  QWidget* buildTrackingPage();
  QWidget* buildViewPage();
  void refreshModelChoices(const QString& select);

  QLineEdit* m_modelFolder = nullptr;
  QComboBox* m_defaultModel = nullptr;
  QComboBox* m_device = nullptr;
  QComboBox* m_precision = nullptr;
  QSpinBox* m_threads = nullptr;
  QCheckBox* m_untilConverged = nullptr;
  QDoubleSpinBox* m_opacity = nullptr;
  QCheckBox* m_outlineOnly = nullptr;
  QSpinBox* m_autosave = nullptr;
  QSpinBox* m_frameCache = nullptr;
  QSpinBox* m_featureFrames = nullptr;
  QSpinBox* m_diskCache = nullptr;
  ReviewSettingsPage* m_review = nullptr;
  AppSettings m_base;  // fields the dialog does not show (convergence rule) pass through
};

}  // namespace masklet::ui
