#include "ui/settings/model_status.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>

#include "ui/window/status_label.h"
#include "ui/workers/session_controller.h"
#include "ui/workers/tracker_worker.h"

namespace masklet::ui {

ModelStatus::ModelStatus(SessionController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller) {
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  m_label = new StatusLabel(this);
  m_label->setObjectName("modelStatusLabel");
  m_busy = new QProgressBar(this);
  m_busy->setRange(0, 0);  // busy: a load has no fraction to show
  m_busy->setMaximumWidth(90);
  m_busy->setMaximumHeight(14);
  m_busy->setTextVisible(false);
  layout->addWidget(m_label);
  layout->addWidget(m_busy);
  connect(controller->tracker(), &TrackerWorker::modelLoading, this, &ModelStatus::onLoading);
  connect(controller->tracker(), &TrackerWorker::modelLoadStage, this, &ModelStatus::onStage);
  connect(controller->tracker(), &TrackerWorker::modelLoaded, this, &ModelStatus::onLoaded);
  connect(controller->tracker(), &TrackerWorker::modelLoadFailed, this, &ModelStatus::onFailed);
  showIdle();
}

QString ModelStatus::text() const {
  return m_label->text();
}

void ModelStatus::onLoading(const QString& checkpointPath) {
  ++m_loading;
  m_label->setText(tr("Loading model %1...").arg(QFileInfo(checkpointPath).fileName()));
  m_busy->setVisible(true);
}

void ModelStatus::onStage(const QString& text) {
  if (m_loading > 0) m_label->setText(tr("Loading model: %1").arg(text));
}

void ModelStatus::onLoaded(const QString& description) {
  m_loading = std::max(0, m_loading - 1);
  m_label->setToolTip(description);
  showIdle();
}

void ModelStatus::onFailed() {
  m_loading = std::max(0, m_loading - 1);
  showIdle();
}

void ModelStatus::showIdle() {
  if (m_loading > 0) return;
  m_busy->setVisible(false);
  const QString path = m_controller->tracker()->modelPath();
  m_label->setText(path.isEmpty() ? tr("no model")
                                  : tr("model: %1").arg(QFileInfo(path).completeBaseName()));
}

}  // namespace masklet::ui
