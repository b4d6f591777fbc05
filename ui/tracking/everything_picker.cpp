#include "ui/tracking/everything_picker.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QProgressDialog>
#include <QPushButton>
#include <QSpinBox>

#include "ui/canvas/everything_outlines.h"
#include "ui/canvas/frame_view.h"
#include "ui/tracking/prompt_controller.h"
#include "ui/workers/session_controller.h"
#include "ui/workers/tracker_worker.h"

namespace masklet::ui {

namespace {

QPushButton* addButton(QWidget* panel, const QString& text, const char* name) {
  auto* button = new QPushButton(text, panel);
  button->setObjectName(name);
  button->setFocusPolicy(Qt::NoFocus);  // the view keeps the keyboard
  panel->layout()->addWidget(button);
  return button;
}

}  // namespace

EverythingPicker::EverythingPicker(QMenu* menu, FrameView* view, PromptController* prompts,
                                   SessionController* controller, QObject* parent)
    : QObject(parent),
      m_action(new QAction(tr("Segment &Everything"), menu)),
      m_view(view),
      m_prompts(prompts),
      m_controller(controller),
      m_outlines(new EverythingOutlines(view)),
      m_panel(new QWidget(view)) {
  m_action->setObjectName("segmentEverythingAction");
  m_action->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
  m_action->setToolTip(
      tr("Find every object on this frame; click the outlines to keep "
         "(Ctrl+Shift+E)"));
  menu->addSeparator();
  menu->addAction(m_action);
  connect(m_action, &QAction::triggered, this, [this] { start(); });
  connect(m_controller->tracker(), &TrackerWorker::everythingProgress, this,
          &EverythingPicker::onProgress);
  connect(m_controller->tracker(), &TrackerWorker::everythingFinished, this,
          &EverythingPicker::onFinished);
  connect(m_view, &FrameView::zoomChanged, m_outlines, qOverload<>(&QWidget::update));
  m_outlines->onClicked = [this](QPointF framePos) { toggleAt(framePos); };

  m_panel->setObjectName("everythingPanel");
  m_panel->setAutoFillBackground(true);
  auto* layout = new QHBoxLayout(m_panel);
  layout->setContentsMargins(6, 4, 6, 4);
  m_label = new QLabel(m_panel);
  layout->addWidget(m_label);
  connect(addButton(m_panel, tr("Keep selected"), "everythingKeepSelected"), &QPushButton::clicked,
          this, &EverythingPicker::keepSelected);
  connect(addButton(m_panel, tr("Keep all"), "everythingKeepAll"), &QPushButton::clicked, this,
          &EverythingPicker::keepAll);
  m_minArea = new QSpinBox(m_panel);
  m_minArea->setObjectName("everythingMinArea");
  m_minArea->setRange(0, 100000000);
  m_minArea->setSingleStep(100);
  m_minArea->setSuffix(tr(" px"));
  layout->addWidget(m_minArea);
  connect(addButton(m_panel, tr("Keep ≥ area"), "everythingKeepArea"), &QPushButton::clicked, this,
          [this] { keepAtLeast(m_minArea->value()); });
  connect(addButton(m_panel, tr("Discard"), "everythingDiscard"), &QPushButton::clicked, this,
          &EverythingPicker::dismiss);
  m_panel->hide();
}

void EverythingPicker::setCurrentFrame(int frame) {
  m_currentFrame = frame;
  if (m_foundFrame >= 0 && frame != m_foundFrame) dismiss();
}

bool EverythingPicker::start() {
  if (m_running || m_currentFrame < 0 || !m_view->hasFrame()) return false;
  dismiss();
  m_running = true;
  m_action->setEnabled(false);
  // Not modal: the window stays usable while the model runs; Cancel stops between batches.
  m_progress = new QProgressDialog(tr("Segmenting everything on frame %1...").arg(m_currentFrame),
                                   tr("Cancel"), 0, 0, m_view->window());
  m_progress->setObjectName("everythingProgress");
  m_progress->setWindowModality(Qt::NonModal);
  m_progress->setAutoClose(false);
  m_progress->setAutoReset(false);
  m_progress->setMinimumDuration(0);
  connect(m_progress, &QProgressDialog::canceled, m_controller->tracker(),
          &TrackerWorker::cancelEverything);
  m_progress->show();
  m_controller->tracker()->segmentEverything(m_currentFrame, m_options);
  Q_EMIT message(tr("Segmenting everything on frame %1...").arg(m_currentFrame));
  return true;
}

void EverythingPicker::onProgress(int done, int total) {
  if (!m_progress) return;
  m_progress->setMaximum(total);
  m_progress->setValue(done);
}

void EverythingPicker::onFinished(const EverythingResult& result) {
  if (!m_running) return;
  m_running = false;
  m_action->setEnabled(true);
  if (m_progress) {
    m_progress->disconnect(this);
    m_progress->disconnect(m_controller);
    m_progress->hide();
    m_progress->deleteLater();
  }
  Q_EMIT finished(result.cancelled);
  if (!result.error.isEmpty()) return;  // the window shows failed() already
  if (result.cancelled) {
    Q_EMIT message(tr("Segment everything cancelled."));
    return;
  }
  if (result.frame != m_currentFrame) return;  // the user moved on meanwhile
  if (result.masks.empty()) {
    Q_EMIT message(tr("Segment everything found no masks on frame %1.").arg(result.frame));
    return;
  }
  m_found = result.masks;
  m_foundFrame = result.frame;
  m_selected.clear();
  std::vector<dataset::Rle> rles;
  for (const auto& m : m_found) rles.push_back(m.rle);
  m_outlines->setMasks(rles);
  m_outlines->show();
  m_outlines->raise();
  m_panel->show();
  m_panel->raise();
  refresh();
  Q_EMIT message(
      tr("%n mask(s) found: click the outlines to keep, or Keep all.", "", int(m_found.size())));
  Q_EMIT shown(int(m_found.size()));
}

bool EverythingPicker::toggleAt(QPointF framePos) {
  const int index = m_outlines->maskAt(framePos);
  if (index < 0) return false;
  if (!m_selected.erase(index)) m_selected.insert(index);
  refresh();
  return true;
}

void EverythingPicker::refresh() {
  m_outlines->setSelected(m_selected);
  m_label->setText(tr("%n mask(s), %1 selected", "", int(m_found.size())).arg(m_selected.size()));
  m_panel->adjustSize();
  m_panel->move(8, 8);
}

int EverythingPicker::keepSelected() {
  return keep(std::vector<int>(m_selected.begin(), m_selected.end()));
}

int EverythingPicker::keepAll() {
  std::vector<int> all;
  for (size_t i = 0; i < m_found.size(); ++i) all.push_back(int(i));
  return keep(all);
}

int EverythingPicker::keepAtLeast(int64_t minArea) {
  std::vector<int> large;
  for (size_t i = 0; i < m_found.size(); ++i)
    if (m_found[i].area >= minArea) large.push_back(int(i));
  return keep(large);
}

int EverythingPicker::keep(const std::vector<int>& indices) {
  if (indices.empty() || m_foundFrame < 0) return 0;
  std::vector<dataset::Rle> masks;
  for (const int i : indices) masks.push_back(m_found[size_t(i)].rle);
  const auto ids = m_prompts->addMaskObjects(m_foundFrame, masks, tr("Segment everything"));
  if (ids.empty()) return 0;  // refused (the controller said why); the outlines stay
  Q_EMIT message(tr("%n object(s) made from segment everything (Ctrl+Z takes them back).", "",
                    int(ids.size())));
  dismiss();
  return int(ids.size());
}

void EverythingPicker::dismiss() {
  m_found.clear();
  m_foundFrame = -1;
  m_selected.clear();
  m_outlines->setMasks({});
  m_outlines->hide();
  m_panel->hide();
}

}  // namespace masklet::ui
