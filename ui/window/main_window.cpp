// The window's construction and layout; the wiring of each area, navigation, refresh and
// close handling are the other main_window_*.cpp files.
#include "ui/window/main_window.h"

#include <QDockWidget>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QSpinBox>
#include <QStatusBar>
#include <QVBoxLayout>

#include "ui/canvas/frame_view.h"
#include "ui/canvas/view_menu.h"
#include "ui/files/file_workflow.h"
#include "ui/files/project_controller.h"
#include "ui/objects/document_model.h"
#include "ui/objects/object_panel.h"
#include "ui/review/review_controller.h"
#include "ui/settings/model_status.h"
#include "ui/timeline/timeline.h"
#include "ui/tracking/candidate_picker.h"
#include "ui/tracking/prompt_controller.h"
#include "ui/tracking/tracking_status.h"
#include "ui/window/space_goes_to_shortcuts.h"
#include "ui/window/status_bar.h"
#include "ui/workers/session_controller.h"
#include "ui/workers/tracker_worker.h"

namespace masklet::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("Masklet"));
  resize(1280, 820);
  setStatusBar(new StatusBar(this));
  m_model = new DocumentModel(this);
  m_controller = new SessionController(this);
  m_prompts = new PromptController(m_model, m_controller->tracker(), this);
  m_projects = new ProjectController(this, m_model, m_controller, m_prompts);
  createLayout();
  m_actions = buildMainActions(this);
  m_files = new FileWorkflow(this, m_projects, m_actions.recentMenu);
  m_viewMenu = new ViewMenu(this, m_actions.viewMenu, m_frameView);
  // The order matters where two areas listen to one signal: their slots run in this order.
  connectReview();
  connectFileActions();
  connectEditActions();
  connectTrackingActions();
  connectNavigationActions();
  connectHelpActions();
  connectDocument();
  connectFiles();
  connectPrompts();
  connectWorker();
  connectFrameControls();
  connectObjects();
  m_candidates = new CandidatePicker(m_frameView, m_model, m_prompts, m_controller,
                                     m_actions.pickCandidates, this);
  connectPlayback();
  // Before the model loads, so the first session gets the saved precision.
  createTrackingMenu();
  connectSettings();
  refreshModelStatus();
}

MainWindow::~MainWindow() {
  // It listens to the document, which the model (an earlier child, deleted first) owns.
  delete m_review;
}

const project::Document& MainWindow::document() const {
  return m_model->document();
}
project::Document& MainWindow::document() {
  return m_model->document();
}

void MainWindow::createLayout() {
  m_frameView = new FrameView(this);
  // The view holds the keyboard focus, so the window's single-key shortcuts (Home, End, arrows,
  // Ctrl+Z) reach their actions instead of a spin box or the objects panel.
  m_frameView->setFocusPolicy(Qt::StrongFocus);
  m_frameView->setFocus();
  m_timeline = new Timeline(this);
  m_frameSpin = new QSpinBox(this);
  m_frameSpin->setRange(0, 0);
  m_frameSpin->setToolTip(tr("Frame index (0-based)"));
  m_frameSpin->setFocusPolicy(Qt::ClickFocus);
  m_frameSpin->setObjectName("frameSpin");
  m_frameSpin->installEventFilter(new SpaceGoesToShortcuts(m_frameSpin));
  // Enter in the box goes to the typed frame and gives the keys back to the view (arrows, Home,
  // single-key tools); losing the focus to another widget leaves it there.
  connect(m_frameSpin, &QSpinBox::editingFinished, this, [this] {
    if (m_frameSpin->hasFocus()) m_frameView->setFocus();
  });
  m_frameLabel = new QLabel(tr("no video"), this);

  auto* transport = new QHBoxLayout;
  transport->addWidget(new QLabel(tr("Frame"), this));
  transport->addWidget(m_frameSpin);
  transport->addWidget(m_frameLabel);
  transport->addStretch(1);
  auto* central = new QWidget(this);
  auto* layout = new QVBoxLayout(central);
  layout->setContentsMargins(2, 2, 2, 2);
  layout->addWidget(m_frameView, 1);
  layout->addWidget(m_timeline);
  layout->addLayout(transport);
  setCentralWidget(central);

  m_objectPanel = new ObjectPanel(m_model, this);
  auto* dock = new QDockWidget(tr("Objects"), this);
  dock->setObjectName("objectsDock");
  dock->setWidget(m_objectPanel);
  dock->setFeatures(QDockWidget::DockWidgetMovable);
  addDockWidget(Qt::RightDockWidgetArea, dock);

  m_trackingStatus = new TrackingStatus(statusBar(), m_controller, m_prompts);
  statusBar()->addPermanentWidget(new ModelStatus(m_controller, this));
}

void MainWindow::showFailure(const QString& message) {
  statusBar()->showMessage(message);
  auto* box = new QMessageBox(QMessageBox::Warning, tr("Masklet"), message, QMessageBox::Ok, this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();  // not exec(): the event loop (and the worker results) keep flowing
}

}  // namespace masklet::ui
