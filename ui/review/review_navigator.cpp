#include "ui/review/review_navigator.h"

namespace masklet::ui {

ReviewNavigator::ReviewNavigator(project::Document& document, QObject* parent)
    : QObject(parent), m_document(document), m_signals(document.state()) {
  m_listener = m_document.addListener(
      [this](const project::DocumentChange& change) { onDocumentChange(change); });
}

ReviewNavigator::~ReviewNavigator() {
  m_document.removeListener(m_listener);
}

void ReviewNavigator::onDocumentChange(const project::DocumentChange& change) {
  m_signals.update(m_document.state(), change);
  if (m_object != 0 && !m_document.hasObject(m_object)) m_object = 0;
  Q_EMIT reviewChanged();
}

void ReviewNavigator::setThresholds(const project::ReviewThresholds& thresholds) {
  if (thresholds == m_thresholds) return;
  m_thresholds = thresholds;
  Q_EMIT reviewChanged();
}

void ReviewNavigator::setActiveObject(int objectId) {
  if (objectId == m_object) return;
  m_object = m_document.hasObject(objectId) ? objectId : 0;
  Q_EMIT reviewChanged();
}

void ReviewNavigator::setCurrentFrame(int frame) {
  m_frame = frame;
}

std::vector<int> ReviewNavigator::reviewList() const {
  if (m_object == 0) return {};
  return project::reviewList(m_signals.series(m_object), m_thresholds);
}

std::optional<int> ReviewNavigator::nextFrame() const {
  if (m_object == 0) return std::nullopt;
  return project::nextToReview(m_signals.series(m_object), m_frame, m_thresholds);
}

std::optional<int> ReviewNavigator::previousFrame() const {
  if (m_object == 0) return std::nullopt;
  return project::previousToReview(m_signals.series(m_object), m_frame, m_thresholds);
}

bool ReviewNavigator::go(const std::optional<int>& frame) {
  if (!frame) return false;
  m_frame = *frame;
  Q_EMIT frameRequested(m_frame, m_object);
  return true;
}

bool ReviewNavigator::goNext() {
  return go(nextFrame());
}

bool ReviewNavigator::goPrevious() {
  return go(previousFrame());
}

bool ReviewNavigator::markChecked(bool thenNext) {
  if (m_object == 0 || m_document.mask(m_frame, m_object) == nullptr ||
      m_document.isChecked(m_frame, m_object))
    return false;
  m_document.setChecked(m_object, {m_frame}, true);
  if (thenNext) goNext();
  return true;
}

bool ReviewNavigator::unmarkChecked() {
  if (m_object == 0 || !m_document.isChecked(m_frame, m_object)) return false;
  m_document.setChecked(m_object, {m_frame}, false);
  return true;
}

}  // namespace masklet::ui
