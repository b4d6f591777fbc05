#include "ui/main_window.h"

#include <QAction>
#include <QApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>

#include "ui/model_locator.h"

namespace masklet::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("Masklet"));
  resize(1200, 800);
  m_centralLabel = new QLabel(tr("Open a video or an image folder (Ctrl+O) to start annotating."));
  m_centralLabel->setAlignment(Qt::AlignCenter);
  m_centralLabel->setWordWrap(true);
  setCentralWidget(m_centralLabel);
  createMenus();
  refreshModelStatus();
}

void MainWindow::createMenus() {
  QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
  QAction* openAction = fileMenu->addAction(tr("&Open Video..."));
  openAction->setShortcut(QKeySequence::Open);
  connect(openAction, &QAction::triggered, this, &MainWindow::onOpenActionTriggered);
  fileMenu->addSeparator();
  QAction* quitAction = fileMenu->addAction(tr("&Quit"));
  quitAction->setShortcut(QKeySequence::Quit);
  connect(quitAction, &QAction::triggered, qApp, &QApplication::closeAllWindows);

  QMenu* helpMenu = menuBar()->addMenu(tr("&Help"));
  QAction* aboutAction = helpMenu->addAction(tr("&About Masklet"));
  connect(aboutAction, &QAction::triggered, this, &MainWindow::onAboutActionTriggered);
}

void MainWindow::refreshModelStatus() {
  const auto checkpoints = findInstalledCheckpoints();
  if (checkpoints.empty()) {
    m_modelStatus = QString::fromStdString(noModelHelpText());
    statusBar()->showMessage(m_modelStatus);
  } else {
    m_modelStatus.clear();
    statusBar()->showMessage(
        tr("Model: %1").arg(QFileInfo(QString::fromStdString(checkpoints.front())).fileName()));
  }
}

void MainWindow::openMedia(const QString& path) {
  const QFileInfo info(path);
  if (!info.exists()) {
    const QString message = tr("Cannot open \"%1\": the file does not exist.").arg(path);
    statusBar()->showMessage(message);
    QMessageBox::warning(this, tr("Open failed"), message);
    return;
  }
  setWindowTitle(tr("%1 — Masklet").arg(info.fileName()));
  m_centralLabel->setText(tr("Opened %1").arg(info.fileName()));
}

void MainWindow::onOpenActionTriggered() {
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open Video"), QString(),
      tr("Videos (*.mp4 *.mov *.mkv *.avi *.webm *.m4v);;All files (*)"));
  if (!path.isEmpty()) openMedia(path);
}

void MainWindow::onAboutActionTriggered() {
  QMessageBox::about(this, tr("About Masklet"),
                     tr("<b>Masklet</b> %1<br>Video object annotation with SAM 2, native C++."
                        "<br>SAM 2 © Meta Platforms, Inc., Apache-2.0.")
                         .arg(QApplication::applicationVersion()));
}

}  // namespace masklet::ui
