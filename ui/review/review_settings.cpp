#include "ui/review/review_settings.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QSettings>

namespace masklet::ui {

namespace {

const char* const kPredictedIou = "review/minPredictedIou";
const char* const kConsecutiveIou = "review/minConsecutiveIou";
const char* const kAreaJump = "review/areaJumpFactor";
constexpr double kMaxAreaJump = 100.0;

// The stored value when it is a number in [low, high], else `fallback`.
double readNumber(QSettings& settings, const char* key, double fallback, double low, double high) {
  bool ok = false;
  const double value = settings.value(key, fallback).toDouble(&ok);
  return ok && value >= low && value <= high ? value : fallback;
}

QDoubleSpinBox* numberBox(const QString& name, double low, double high, double step,
                          const QString& prefix = {}) {
  auto* box = new QDoubleSpinBox;
  box->setObjectName(name);
  box->setRange(low, high);
  box->setDecimals(2);
  box->setSingleStep(step);
  box->setPrefix(prefix);
  return box;
}

}  // namespace

project::ReviewThresholds loadReviewThresholds(QSettings& settings) {
  project::ReviewThresholds t;
  t.minPredictedIou = readNumber(settings, kPredictedIou, t.minPredictedIou, 0.0, 1.0);
  t.minConsecutiveIou = readNumber(settings, kConsecutiveIou, t.minConsecutiveIou, 0.0, 1.0);
  t.areaJumpFactor = readNumber(settings, kAreaJump, t.areaJumpFactor, 1.0, kMaxAreaJump);
  return t;
}

void saveReviewThresholds(QSettings& settings, const project::ReviewThresholds& thresholds) {
  settings.setValue(kPredictedIou, thresholds.minPredictedIou);
  settings.setValue(kConsecutiveIou, thresholds.minConsecutiveIou);
  settings.setValue(kAreaJump, thresholds.areaJumpFactor);
}

ReviewSettingsPage::ReviewSettingsPage(QWidget* parent)
    : QWidget(parent),
      m_predictedIou(numberBox("reviewPredictedIouSpin", 0.0, 1.0, 0.05)),
      m_consecutiveIou(numberBox("reviewConsecutiveIouSpin", 0.0, 1.0, 0.05)),
      m_areaJump(numberBox("reviewAreaJumpSpin", 1.0, kMaxAreaJump, 0.25, "x ")) {
  auto* form = new QFormLayout(this);
  auto* intro = new QLabel(
      tr("A frame is <b>lost</b> when the object score is 0 or below (SAM 2: the object is not "
         "there) or the mask is empty, <b>doubtful</b> when one of the first two values is "
         "under its threshold, else <b>sure</b>. Painted masks are never doubtful. All apply "
         "at once."));
  intro->setWordWrap(true);
  form->addRow(intro);
  form->addRow(tr("Doubtful below predicted IoU:"), m_predictedIou);
  form->addRow(tr("Doubtful below IoU with the previous frame:"), m_consecutiveIou);
  form->addRow(tr("Event: area changes by more than:"), m_areaJump);
  setThresholds({});
}

void ReviewSettingsPage::setThresholds(const project::ReviewThresholds& thresholds) {
  m_predictedIou->setValue(thresholds.minPredictedIou);
  m_consecutiveIou->setValue(thresholds.minConsecutiveIou);
  m_areaJump->setValue(thresholds.areaJumpFactor);
}

project::ReviewThresholds ReviewSettingsPage::thresholds() const {
  project::ReviewThresholds t;
  t.minPredictedIou = m_predictedIou->value();
  t.minConsecutiveIou = m_consecutiveIou->value();
  t.areaJumpFactor = m_areaJump->value();
  return t;
}

}  // namespace masklet::ui
