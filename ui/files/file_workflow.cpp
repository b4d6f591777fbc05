#include "ui/files/file_workflow.h"

#include <algorithm>

#include <QDateTime>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QStatusBar>
#include <QUrl>

#include "ui/files/project_controller.h"
#include "ui/files/recent_files.h"
#include "ui/workers/worker_types.h"

namespace masklet::ui {

namespace {

bool isProjectPath(const QString& path) {
  return path.endsWith(".masklet", Qt::CaseInsensitive);
}

UnsavedChoice askWithMessageBox(QWidget* parent, const QString& name) {
  QMessageBox box(QMessageBox::Warning, QObject::tr("Masklet"),
                  QObject::tr("The annotations of %1 have unsaved changes.").arg(name),
                  QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, parent);
  box.setInformativeText(QObject::tr("Save them to the project first?"));
  box.setDefaultButton(QMessageBox::Save);
  switch (box.exec()) {
    case QMessageBox::Save:
      return UnsavedChoice::Save;
    case QMessageBox::Discard:
      return UnsavedChoice::Discard;
    default:
      return UnsavedChoice::Cancel;
  }
}

}  // namespace

FileWorkflow::FileWorkflow(QMainWindow* window, ProjectController* projects, QMenu* recentMenu)
    : QObject(window),
      m_window(window),
      m_projects(projects),
      m_recent(new RecentFiles(
          recentMenu, [this](const QString& path) { open(path); }, this)),
      m_prompt(askWithMessageBox) {
  window->setAcceptDrops(true);
  window->installEventFilter(this);
  connect(m_recent, &RecentFiles::message, window->statusBar(),
          [window](const QString& text) { window->statusBar()->showMessage(text); });
  connect(m_projects, &ProjectController::mediaReady, this, &FileWorkflow::onMediaReady);
  connect(m_projects, &ProjectController::saved, this, [this](const QString& path) {
    if (QFileInfo(path).absolutePath() != ProjectController::autosaveFolder()) m_recent->add(path);
  });
}

void FileWorkflow::open(const QString& path) {
  if (isProjectPath(path)) {
    openProject(path);
  } else {
    openMedia(path);
  }
}

void FileWorkflow::openMedia(const QString& path) {
  whenChangesHandled([this, path] { m_projects->openMedia(path); });
}

void FileWorkflow::openProject(const QString& path) {
  whenChangesHandled([this, path] { m_projects->openProject(path); });
}

void FileWorkflow::whenChangesHandled(std::function<void()> proceed) {
  if (!m_projects->hasUnsavedChanges()) {
    proceed();
    return;
  }
  const QString project = m_projects->projectPath();
  const QString name = project.isEmpty() ? QFileInfo(m_projects->media().path).fileName()
                                         : QFileInfo(project).fileName();
  switch (m_prompt(m_window, name)) {
    case UnsavedChoice::Cancel:
      return;
    case UnsavedChoice::Discard:
      m_projects->discardAutosave();
      proceed();
      return;
    case UnsavedChoice::Save:
      break;
  }
  QString path = project;
  if (path.isEmpty())
    path = QFileDialog::getSaveFileName(
        m_window, tr("Save project"),
        QFileInfo(m_projects->media().path).completeBaseName() + ".masklet",
        tr("Masklet project (*.masklet)"));
  if (path.isEmpty()) return;  // no file picked: the same as Cancel
  m_projects->saveTo(path, [proceed](const QString& error) {
    if (error.isEmpty()) proceed();  // a failed save was reported; nothing is lost
  });
}

bool FileWorkflow::approveClose() {
  if (m_closeApproved || !m_projects->hasUnsavedChanges()) {
    m_projects->discardAutosave();  // everything is in the project (or was discarded)
    return true;
  }
  whenChangesHandled([this] {
    m_closeApproved = true;
    m_window->close();
  });
  return false;
}

void FileWorkflow::onMediaReady(const MediaInfo& info) {
  const QString project = m_projects->projectPath();
  m_recent->add(project.isEmpty() ? info.path : project);
  // Not after a recovery itself (its autosave is what is open now, as unsaved work).
  if (!m_projects->hasUnsavedChanges() && m_projects->hasNewerAutosave())
    offerRecovery(m_projects->autosavePath(),
                  project.isEmpty() ? tr("There is an autosave of %1 with annotations.")
                                          .arg(QFileInfo(info.path).fileName())
                                    : tr("There is an autosave of %1 newer than the project file.")
                                          .arg(QFileInfo(info.path).fileName()));
}

void FileWorkflow::offerRecoveryOnStart() {
  QFileInfoList autosaves = QDir(ProjectController::autosaveFolder())
                                .entryInfoList({"*.masklet"}, QDir::Files, QDir::Time);
  // Another Masklet running now is still writing its autosaves: nothing to recover there.
  autosaves.erase(
      std::remove_if(autosaves.begin(), autosaves.end(),
                     [this](const QFileInfo& file) {
                       return m_projects->autosaveHeldElsewhere(file.absoluteFilePath());
                     }),
      autosaves.end());
  if (autosaves.isEmpty()) return;
  const QFileInfo& newest = autosaves.front();
  offerRecovery(newest.absoluteFilePath(),
                tr("Masklet did not close properly last time. An autosave of %1 from %2 is "
                   "there.")
                    .arg(newest.completeBaseName(),
                         QLocale().toString(newest.lastModified(), QLocale::ShortFormat)));
}

void FileWorkflow::offerRecovery(const QString& autosave, const QString& text) {
  if (m_offer != nullptr) m_offer->deleteLater();
  m_offer = new QMessageBox(QMessageBox::Question, tr("Recover autosave"), text,
                            QMessageBox::NoButton, m_window);
  m_offer->setObjectName("recoveryOffer");
  m_offer->setAttribute(Qt::WA_DeleteOnClose);
  m_offer->setInformativeText(
      tr("Recover opens it as unsaved work; Not now keeps it for later "
         "(File ▸ Recover Autosave)."));
  QPushButton* recover = m_offer->addButton(tr("&Recover"), QMessageBox::AcceptRole);
  recover->setObjectName("recover");
  m_offer->addButton(tr("&Not now"), QMessageBox::RejectRole)->setObjectName("notNow");
  QPushButton* discard = m_offer->addButton(tr("&Delete autosave"), QMessageBox::DestructiveRole);
  discard->setObjectName("deleteAutosave");
  m_offer->setDefaultButton(recover);
  QMessageBox* box = m_offer;
  connect(box, &QMessageBox::buttonClicked, this,
          [this, box, autosave, recover, discard](QAbstractButton* button) {
            if (button == recover) {
              // Recovering the open video's autosave keeps its project as the place to save to.
              if (autosave == m_projects->autosavePath())
                m_projects->recoverAutosave();
              else
                m_projects->openProject(autosave);
            } else if (button == discard) {
              QFile::remove(autosave);
              m_window->statusBar()->showMessage(tr("Deleted the autosave %1").arg(autosave));
            }
            if (m_offer == box) m_offer = nullptr;
          });
  connect(box, &QObject::destroyed, this, [this, box] {
    if (m_offer == box) m_offer = nullptr;
  });
  // Neither modal nor activated: work goes on (the window keeps the keyboard and its shortcuts)
  // until the user answers.
  m_offer->setWindowModality(Qt::NonModal);
  m_offer->setAttribute(Qt::WA_ShowWithoutActivating);
  m_offer->show();
}

QString FileWorkflow::droppedPath(const QMimeData* mime) {
  if (mime == nullptr || !mime->hasUrls() || mime->urls().size() != 1) return {};
  const QUrl url = mime->urls().front();
  if (!url.isLocalFile()) return {};
  const QFileInfo info(url.toLocalFile());
  return info.exists() ? info.absoluteFilePath() : QString();
}

bool FileWorkflow::eventFilter(QObject* watched, QEvent* event) {
  if (watched == m_window && event->type() == QEvent::DragEnter) {
    auto* drag = static_cast<QDragEnterEvent*>(event);
    if (droppedPath(drag->mimeData()).isEmpty()) {
      drag->ignore();
    } else {
      drag->acceptProposedAction();
    }
    return true;
  }
  if (watched == m_window && event->type() == QEvent::Drop) {
    auto* drop = static_cast<QDropEvent*>(event);
    const QString path = droppedPath(drop->mimeData());
    if (path.isEmpty()) {
      m_window->statusBar()->showMessage(
          tr("Drop one video, image folder or .masklet project to open it."));
      return true;
    }
    drop->acceptProposedAction();
    // After the drop has returned to the drag source (the prompt may open a dialog).
    QMetaObject::invokeMethod(
        this, [this, path] { open(path); }, Qt::QueuedConnection);
    return true;
  }
  return QObject::eventFilter(watched, event);
}

}  // namespace masklet::ui
