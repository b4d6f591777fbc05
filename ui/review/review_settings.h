#pragma once
// Review assist thresholds (project::ReviewThresholds) in the user's settings: load and save
// them with QSettings, and the Settings dialog's page that edits them. A stored value that is
// missing, unparsable or out of range falls back to its default. GUI thread.
#include <QWidget>

#include "project/review_signals.h"

class QDoubleSpinBox;
class QSettings;

namespace masklet::ui {

project::ReviewThresholds loadReviewThresholds(QSettings& settings);
void saveReviewThresholds(QSettings& settings, const project::ReviewThresholds& thresholds);

// The "Review" tab of the Settings dialog: when a frame is doubtful and what is an event.
class ReviewSettingsPage : public QWidget {
  Q_OBJECT

 public:
  explicit ReviewSettingsPage(QWidget* parent = nullptr);
  void setThresholds(const project::ReviewThresholds& thresholds);
  project::ReviewThresholds thresholds() const;

 private:
  QDoubleSpinBox* m_predictedIou;
  QDoubleSpinBox* m_consecutiveIou;
  QDoubleSpinBox* m_areaJump;
};

}  // namespace masklet::ui
