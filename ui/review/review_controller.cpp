#include "ui/review/review_controller.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMainWindow>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <algorithm>
#include <exception>

#include "project/signals_csv.h"
#include "ui/review/events_panel.h"
#include "ui/review/review_navigator.h"
#include "ui/review/review_settings.h"
#include "ui/timeline/timeline.h"
#include "ui/window/status_label.h"

namespace masklet::ui {

namespace {
constexpr int kEventsDelayMs = 150;
}  // namespace

ReviewController::ReviewController(QMainWindow* window, project::Document& document,
                                   const ReviewActions& actions, Timeline* timeline)
    : QObject(window),
      m_window(window),
      m_document(document),
      m_timeline(timeline),
      m_navigator(new ReviewNavigator(document, this)),
      m_events(new EventsPanel(window)),
      m_dock(new QDockWidget(tr("Events"), window)),
      m_progress(new StatusLabel(window)),
      m_eventsTimer(new QTimer(this)),
      m_reviewMode(actions.reviewMode) {
  m_dock->setObjectName("eventsDock");
  m_dock->setWidget(m_events);
  m_dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable);
  window->addDockWidget(Qt::RightDockWidgetArea, m_dock);  // under the objects
  m_progress->setObjectName("reviewProgressLabel");
  m_progress->setVisible(false);
  window->statusBar()->addPermanentWidget(m_progress);
  m_eventsTimer->setSingleShot(true);
  m_eventsTimer->setInterval(kEventsDelayMs);
  connect(m_eventsTimer, &QTimer::timeout, this, &ReviewController::refreshEvents);
  connect(m_navigator, &ReviewNavigator::reviewChanged, this, &ReviewController::onReviewChanged);
  connect(m_navigator, &ReviewNavigator::frameRequested, this, &ReviewController::frameRequested);
  connect(m_events, &EventsPanel::frameRequested, this, &ReviewController::frameRequested);
  connectActions(actions);
  QSettings settings;
  setThresholds(loadReviewThresholds(settings));
  onReviewChanged();
}

ReviewController::~ReviewController() {
  // The signals it showed go with the navigator.
  if (m_timeline != nullptr) m_timeline->setReview(nullptr, {});
}

void ReviewController::connectActions(const ReviewActions& a) {
  connect(a.nextDoubtful, &QAction::triggered, this, [this] { go(true); });
  connect(a.previousDoubtful, &QAction::triggered, this, [this] { go(false); });
  connect(a.markChecked, &QAction::triggered, this, &ReviewController::markChecked);
  connect(a.unmarkChecked, &QAction::triggered, this, [this] {
    if (!m_navigator->unmarkChecked())
      Q_EMIT message(tr("Frame %1 of %2 is not marked checked.")
                         .arg(m_navigator->currentFrame())
                         .arg(objectName(m_navigator->activeObject())));
  });
  connect(a.reviewMode, &QAction::toggled, this, [this](bool on) {
    m_progress->setVisible(on);
    onReviewChanged();
    // Entering the mode shows the first frame to review from here (or from the start).
    if (!on || m_navigator->activeObject() == 0) return;
    const auto list = m_navigator->reviewList();
    if (std::find(list.begin(), list.end(), m_navigator->currentFrame()) != list.end()) return;
    if (m_navigator->goNext()) return;
    if (!list.empty()) {
      m_navigator->setCurrentFrame(-1);
      m_navigator->goNext();
    }
  });
  connect(a.exportSignals, &QAction::triggered, this, &ReviewController::chooseCsvFile);
  connect(a.showEvents, &QAction::triggered, this, [this] {
    m_dock->show();
    m_dock->raise();
  });
}

bool ReviewController::reviewMode() const {
  return m_reviewMode->isChecked();
}

QString ReviewController::objectName(int objectId) const {
  const auto* object = m_document.object(objectId);
  if (object == nullptr) return tr("no object");
  return object->name.empty() ? tr("object %1").arg(objectId)
                              : QString::fromStdString(object->name);
}

QString ReviewController::progressText() const {
  const int objectId = m_navigator->activeObject();
  if (objectId == 0) return tr("Review: no active object");
  const auto& series = m_navigator->reviewSignals().series(objectId);
  const int doubtful = int(std::count_if(series.begin(), series.end(), [this](const auto& entry) {
    return project::classify(&entry.second, m_navigator->thresholds()) ==
           project::ReviewState::Doubtful;
  }));
  const int left = int(m_navigator->reviewList().size());
  const QString name = objectName(objectId), count = QString::number(left);
  if (doubtful == 1) return tr("Review (%1): %2 of 1 doubtful frame left").arg(name, count);
  return tr("Review (%1): %2 of %3 doubtful frames left")
      .arg(name, count, QString::number(doubtful));
}

void ReviewController::setActiveObject(int objectId) {
  m_navigator->setActiveObject(objectId);
}

void ReviewController::setCurrentFrame(int frame) {
  m_navigator->setCurrentFrame(frame);
}

void ReviewController::setThresholds(const project::ReviewThresholds& thresholds) {
  m_navigator->setThresholds(thresholds);
}

void ReviewController::onReviewChanged() {
  m_timeline->setReview(&m_navigator->reviewSignals(), m_navigator->thresholds());
  if (reviewMode()) m_progress->setText(progressText());
  if (!m_eventsTimer->isActive()) m_eventsTimer->start();
}

void ReviewController::refreshEvents() {
  m_events->showEvents(m_document, m_navigator->reviewSignals(), m_navigator->thresholds());
}

void ReviewController::go(bool forward) {
  const int objectId = m_navigator->activeObject();
  if (objectId == 0) {
    Q_EMIT message(tr("Pick an object first: review steps through the active object's frames."));
    return;
  }
  if (forward ? m_navigator->goNext() : m_navigator->goPrevious()) {
    if (reviewMode()) Q_EMIT message(progressText());
    return;
  }
  Q_EMIT message(forward ? tr("No frame to review after frame %1 for %2.")
                               .arg(m_navigator->currentFrame())
                               .arg(objectName(objectId))
                         : tr("No frame to review before frame %1 for %2.")
                               .arg(m_navigator->currentFrame())
                               .arg(objectName(objectId)));
}

bool ReviewController::stepFrames(int delta) {
  if (!reviewMode() || std::abs(delta) != 1) return false;
  go(delta > 0);
  return true;
}

void ReviewController::markChecked() {
  const int objectId = m_navigator->activeObject();
  const int frame = m_navigator->currentFrame();
  if (objectId == 0) {
    Q_EMIT message(tr("Pick an object first: marks are per object."));
    return;
  }
  if (m_document.isChecked(frame, objectId)) {
    Q_EMIT message(tr("Frame %1 of %2 is already checked.").arg(frame).arg(objectName(objectId)));
    return;
  }
  if (!m_navigator->markChecked(reviewMode())) {
    Q_EMIT message(tr("%1 has no mask on frame %2 to check.").arg(objectName(objectId)).arg(frame));
    return;
  }
  Q_EMIT message(reviewMode() ? progressText()
                              : tr("Frame %1 of %2 checked.").arg(frame).arg(objectName(objectId)));
}

void ReviewController::chooseCsvFile() {
  const int objectId = m_navigator->activeObject();
  if (objectId == 0) {
    Q_EMIT message(tr("Pick an object first: the CSV holds the active object's frames."));
    return;
  }
  const QFileInfo video(QString::fromStdString(m_document.video().path));
  const QString name =
      QString("%1_object%2_signals.csv").arg(video.completeBaseName()).arg(objectId);
  auto* dialog = new QFileDialog(m_window, tr("Export signals of %1").arg(objectName(objectId)),
                                 QDir(video.absolutePath()).filePath(name), tr("CSV (*.csv)"));
  dialog->setObjectName("signalsCsvDialog");
  dialog->setAcceptMode(QFileDialog::AcceptSave);
  dialog->setDefaultSuffix("csv");
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &QFileDialog::fileSelected, this,
          [this](const QString& path) { exportSignals(path); });
  dialog->open();  // not exec(): the event loop (and the worker results) keep flowing
}

bool ReviewController::exportSignals(const QString& path) {
  const int objectId = m_navigator->activeObject();
  if (objectId == 0 || path.isEmpty()) return false;
  try {
    project::writeSignalsCsv(path.toStdString(), m_document.state(), m_navigator->thresholds(),
                             objectId);
  } catch (const std::exception& error) {
    Q_EMIT failed(tr("Signals CSV not written: %1").arg(QString::fromUtf8(error.what())));
    return false;
  }
  Q_EMIT message(tr("Signals of %1 written to %2.").arg(objectName(objectId)).arg(path));
  return true;
}

}  // namespace masklet::ui
