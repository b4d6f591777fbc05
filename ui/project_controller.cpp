#include "ui/project_controller.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QTimer>

#include "common/paths.h"
#include "dataset/dataset_format.h"
#include "project/project_file.h"
#include "project/project_import.h"
#include "project/video_fingerprint.h"
#include "ui/background_job.h"
#include "ui/export_job.h"
#include "ui/prompt_controller.h"
#include "ui/session_controller.h"

namespace masklet::ui {

ProjectController::ProjectController(QWidget* window, DocumentModel* model,
                                     SessionController* controller, PromptController* prompts)
    : QObject(window),
      m_window(window),
      m_model(model),
      m_controller(controller),
      m_prompts(prompts),
      m_autosaveTimer(new QTimer(this)) {
  m_autosaveTimer->setSingleShot(true);
  connect(m_autosaveTimer, &QTimer::timeout, this, [this] {
    const QString path = autosavePath();
    QDir().mkpath(QFileInfo(path).path());
    runInBackground<bool>(
        this, tr("Autosave failed"),
        [state = m_model->document().state(), path] {
          project::saveDocument(state, path.toStdString());
          return true;
        },
        [this](std::optional<bool>, const QString& error) {
          if (!error.isEmpty()) Q_EMIT message(error);
        });
  });
  connect(m_controller, &SessionController::mediaOpened, this, &ProjectController::onMediaOpened);
  connect(m_model, &DocumentModel::changed, this, &ProjectController::onDocumentChanged);
}

void ProjectController::openMedia(const QString& path) {
  if (!QFileInfo::exists(path)) {
    Q_EMIT failed(tr("Cannot open \"%1\": the file does not exist.").arg(path));
    return;
  }
  if (m_autosaveTimer->isActive()) autosaveNow();  // nothing of the previous video is lost
  m_prompts->videoChanged();
  Q_EMIT message(tr("Opening %1...").arg(QFileInfo(path).fileName()));
  m_controller->openMedia(path);
}

void ProjectController::openProject(const QString& path) {
  runInBackground<project::DocumentState>(
      this, tr("Could not open the project"),
      [path] { return project::loadDocumentState(path.toStdString()); },
      [this, path](std::optional<project::DocumentState> state, const QString& error) {
        if (!state) {
          Q_EMIT failed(error);
          return;
        }
        const QString video = locateVideo(*state);
        if (video.isEmpty()) return;
        state->video.path = video.toStdString();
        m_pendingState = std::move(state);
        m_pendingPath = path;
        openMedia(video);
      });
}

QString ProjectController::locateVideo(const project::DocumentState& state) {
  const QString stored = QString::fromStdString(state.video.path);
  if (QFileInfo::exists(stored)) return stored;
  QMessageBox::information(m_window, tr("Masklet"),
                           tr("The project's video \"%1\" is not where it was. Please show "
                              "where it is now.")
                               .arg(stored));
  const QString picked = QFileDialog::getOpenFileName(
      m_window, tr("Where is %1?").arg(QFileInfo(stored).fileName()), QString(),
      tr("Videos (*.mp4 *.mov *.mkv *.avi *.webm *.m4v);;All files (*)"));
  if (picked.isEmpty()) {
    Q_EMIT message(tr("The project was not opened: its video was not found."));
    return {};
  }
  const std::string fingerprint = project::videoFingerprint(picked.toStdString());
  if (!state.video.fingerprint.empty() && fingerprint != state.video.fingerprint &&
      QMessageBox::question(m_window, tr("Masklet"),
                            tr("\"%1\" is not the same file as the project's video (its content "
                               "differs). Open the project with it anyway?")
                                .arg(picked)) != QMessageBox::Yes)
    return {};
  return picked;
}

void ProjectController::onMediaOpened(const MediaInfo& info) {
  m_media = info;
  auto& document = m_model->document();
  if (m_pendingState) {
    auto state = std::move(*m_pendingState);
    m_pendingState.reset();
    if (state.video.width != info.width || state.video.height != info.height) {
      Q_EMIT failed(tr("The project was made for a %1×%2 video, this one is %3×%4; its "
                       "annotations were not loaded.")
                        .arg(state.video.width)
                        .arg(state.video.height)
                        .arg(info.width)
                        .arg(info.height));
      document.reset({});
    } else {
      if (state.video.fingerprint.empty()) state.video.fingerprint = info.fingerprint.toStdString();
      state.video.frameCount = info.frameCount;
      document.load(std::move(state));
      m_projectPath = m_pendingPath;
    }
  } else {
    project::VideoRef video;
    video.path = info.path.toStdString();
    video.name = QFileInfo(info.path).completeBaseName().toStdString();
    video.width = info.width;
    video.height = info.height;
    video.frameCount = info.frameCount;
    video.fps = info.fps;
    video.fingerprint = info.fingerprint.toStdString();
    document.reset(video);
    m_projectPath.clear();
  }
  Q_EMIT mediaReady(info);
  if (hasNewerAutosave())
    Q_EMIT message(tr("An autosave newer than this is there: File ▸ Recover Autosave opens it."));
}

QString ProjectController::autosavePath() const {
  const QString stem = QString::fromStdString(m_model->document().video().name);
  return QString::fromStdString(userDataDir()) + "/autosave/" + stem + ".masklet";
}

bool ProjectController::hasNewerAutosave() const {
  if (m_model->document().video().name.empty()) return false;
  const QFileInfo autosave(autosavePath());
  if (!autosave.exists()) return false;
  if (m_projectPath.isEmpty()) return m_model->document().objects().empty();
  return autosave.lastModified() > QFileInfo(m_projectPath).lastModified();
}

void ProjectController::recoverAutosave() {
  if (!QFileInfo::exists(autosavePath())) {
    Q_EMIT message(tr("There is no autosave of this video."));
    return;
  }
  openProject(autosavePath());
}

void ProjectController::onDocumentChanged() {
  scheduleAutosave();
}

void ProjectController::scheduleAutosave() {
  const auto& document = m_model->document();
  if (!document.objects().empty() && document.video().width > 0 && !document.inGroup())
    m_autosaveTimer->start(3000);
}

void ProjectController::autosaveSoon() {
  const auto& document = m_model->document();
  if (!document.objects().empty() && document.video().width > 0) m_autosaveTimer->start(0);
}

void ProjectController::autosaveNow() {
  m_autosaveTimer->stop();
  const auto& document = m_model->document();
  if (document.objects().empty() || document.video().width <= 0) return;
  const QString error = runGuarded(tr("Autosave failed"), [&] {
    QDir().mkpath(QFileInfo(autosavePath()).path());
    project::saveDocument(document, autosavePath().toStdString());
  });
  if (!error.isEmpty()) Q_EMIT message(error);
}

void ProjectController::save() {
  if (m_projectPath.isEmpty()) {
    saveAs();
    return;
  }
  saveTo(m_projectPath);
}

void ProjectController::saveAs() {
  const QString path = QFileDialog::getSaveFileName(
      m_window, tr("Save project"),
      QString::fromStdString(m_model->document().video().name) + ".masklet",
      tr("Masklet project (*.masklet)"));
  if (!path.isEmpty()) saveTo(path);
}

void ProjectController::saveTo(const QString& path, std::function<void(const QString&)> done) {
  const uint64_t revision = m_model->document().revision();
  runInBackground<bool>(
      this, tr("Could not save the project (the previous file is intact)"),
      [state = m_model->document().state(), path] {
        project::saveDocument(state, path.toStdString());
        return true;
      },
      [this, path, revision, done](std::optional<bool> ok, const QString& error) {
        if (ok) {
          m_projectPath = path;
          if (m_model->document().revision() == revision) m_model->document().markSaved();
          Q_EMIT saved(path);
          Q_EMIT message(tr("Saved %1").arg(path));
        } else {
          Q_EMIT failed(error);
        }
        if (done) done(error);
      });
}

void ProjectController::importAnnotations(const QString& path, bool asPrompts) {
  if (m_media.frameCount <= 0) {
    Q_EMIT message(tr("Open the video the annotations belong to first."));
    return;
  }
  runInBackground<dataset::VideoAnnotation>(
      this, tr("Import failed, the project is unchanged"),
      [path] {
        const auto format = dataset::detectFormat(path.toStdString());
        return dataset::readDataset(path.toStdString(), format);
      },
      [this, path, asPrompts](std::optional<dataset::VideoAnnotation> imported,
                              const QString& error) {
        if (!imported) {
          Q_EMIT failed(error);
          return;
        }
        const QString problem = runGuarded(tr("Import failed, the project is unchanged"), [&] {
          const auto ids = project::importAnnotation(m_model->document(), *imported, asPrompts);
          Q_EMIT message(tr("Imported %1 objects from %2").arg(ids.size()).arg(path));
        });
        if (!problem.isEmpty()) Q_EMIT failed(problem);
      });
}

void ProjectController::exportAs(const QString& format) {
  const auto& document = m_model->document();
  if (document.objects().empty()) {
    Q_EMIT message(tr("Nothing to export yet."));
    return;
  }
  const bool folder = format == "sa1b" || format == "png";
  const QString suggested = QString::fromStdString(document.video().name) +
                            (folder ? "_" + format : "_" + format + ".json");
  const QString path =
      folder ? QFileDialog::getSaveFileName(m_window, tr("Export to folder"), suggested)
             : QFileDialog::getSaveFileName(m_window, tr("Export"), suggested, tr("JSON (*.json)"));
  if (path.isEmpty()) return;
  Q_EMIT message(tr("Exporting %1...").arg(QFileInfo(path).fileName()));
  runExportJob(this, document.toAnnotation(), path, format,
               [this](const QString& text) { Q_EMIT message(text); });
}

}  // namespace masklet::ui
