#include "ui/files/export_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "common/error.h"

#include "dataset/annotation_filter.h"
#include "dataset/dataset_format.h"
#include "ui/files/export_job.h"
#include "ui/files/split_controls.h"

namespace masklet::ui {

namespace {

bool isFolderFormat(const QString& format) {
  return format != "coco" && format != "sav";
}

bool isTrainingFormat(const QString& format) {
  return format == "yolo" || format == "mots" || format == "mots-png" || format == "davis" ||
         format == "sa1b-train";
}

}  // namespace

ExportDialog::ExportDialog(QWidget* parent, AnnotationSource annotation, const QString& format)
    : QDialog(parent), m_source(std::move(annotation)) {
  setWindowTitle(tr("Export"));
  setObjectName("exportDialog");
  const dataset::VideoAnnotation current = m_source();
  m_videoName = QString::fromStdString(current.video.name);
  const int lastFrame = std::max(0, current.video.frameCount - 1);

  m_format = new QComboBox(this);
  m_format->addItem(tr("COCO JSON (RLE masks)"), "coco");
  m_format->addItem(tr("SA-V JSON (masklets)"), "sav");
  m_format->addItem(tr("SA-1B folder (one JSON per frame)"), "sa1b");
  m_format->addItem(tr("PNG masks folder (indexed palette)"), "png");
  m_format->addItem(tr("YOLO segmentation (Ultralytics, with splits)"), "yolo");
  m_format->addItem(tr("MOTS text (MOTSChallenge / KITTI MOTS, with splits)"), "mots");
  m_format->addItem(tr("MOTS text + PNG (with splits)"), "mots-png");
  m_format->addItem(tr("DAVIS 2017 (palette PNGs, 480p, with splits)"), "davis");
  m_format->addItem(tr("SA-1B training layout (train/valid/test)"), "sa1b-train");

  m_first = new QSpinBox(this);
  m_last = new QSpinBox(this);
  for (QSpinBox* box : {m_first, m_last}) box->setRange(0, lastFrame);
  m_last->setValue(lastFrame);
  m_stride = new QSpinBox(this);
  m_stride->setRange(1, std::max(1, lastFrame + 1));
  m_stride->setToolTip(tr("Write every n-th frame of the range, starting with its first"));
  auto* range = new QHBoxLayout;
  range->addWidget(m_first);
  range->addWidget(new QLabel(tr("to"), this));
  range->addWidget(m_last);
  range->addWidget(new QLabel(tr("every"), this));
  range->addWidget(m_stride);
  range->addWidget(new QLabel(tr("frames"), this));
  range->addStretch(1);

  m_objects = new QListWidget(this);
  std::map<int, int> frameCounts;
  for (const auto& [frame, masks] : current.frames)
    for (const auto& entry : masks) ++frameCounts[entry.first];
  for (const auto& object : current.objects) {
    const QString name = object.name.empty() ? tr("Object %1").arg(object.trackId)
                                             : QString::fromStdString(object.name);
    auto* item = new QListWidgetItem(
        tr("%1 (id %2, %3 frames)").arg(name).arg(object.trackId).arg(frameCounts[object.trackId]),
        m_objects);
    item->setData(Qt::UserRole, object.trackId);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(Qt::Checked);
  }

  m_path = new QLineEdit(this);
  m_browse = new QPushButton(tr("Browse..."), this);
  connect(m_browse, &QPushButton::clicked, this, &ExportDialog::browse);
  auto* destination = new QHBoxLayout;
  destination->addWidget(m_path, 1);
  destination->addWidget(m_browse);

  m_split = new SplitControls(this);
  connect(m_split, &SplitControls::changed, this, &ExportDialog::updateSplitPreview);
  for (QSpinBox* box : {m_first, m_last, m_stride})
    connect(box, qOverload<int>(&QSpinBox::valueChanged), this, &ExportDialog::updateSplitPreview);
  connect(m_objects, &QListWidget::itemChanged, this, &ExportDialog::updateSplitPreview);

  m_note = new QLabel(this);
  m_note->setWordWrap(true);
  m_status = new QLabel(this);
  m_status->setWordWrap(true);
  m_progress = new QProgressBar(this);
  m_progress->setRange(0, 0);  // the writers report no steps: a busy bar while writing
  m_progress->setVisible(false);

  m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
  m_exportButton = m_buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole);
  connect(m_exportButton, &QPushButton::clicked, this, &ExportDialog::startExport);
  connect(m_buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);

  auto* form = new QFormLayout;
  form->addRow(tr("Format"), m_format);
  form->addRow(tr("Frames"), range);
  form->addRow(tr("Objects"), m_objects);
  form->addRow(m_split);
  form->addRow(tr("Write to"), destination);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(m_note);
  layout->addWidget(m_progress);
  layout->addWidget(m_status);
  layout->addWidget(m_buttons);

  connect(m_format, qOverload<int>(&QComboBox::currentIndexChanged), this,
          &ExportDialog::onFormatChanged);
  setFormat(format);
  onFormatChanged();
}

void ExportDialog::setFormat(const QString& format) {
  const int index = m_format->findData(format);
  if (index >= 0) m_format->setCurrentIndex(index);
}

QString ExportDialog::format() const {
  return m_format->currentData().toString();
}

void ExportDialog::setFrameRange(int first, int last) {
  m_first->setValue(first);
  m_last->setValue(last);
}

void ExportDialog::setStride(int stride) {
  m_stride->setValue(stride);
}

void ExportDialog::setObjects(const std::set<int>& trackIds) {
  for (int row = 0; row < m_objects->count(); ++row) {
    QListWidgetItem* item = m_objects->item(row);
    item->setCheckState(trackIds.count(item->data(Qt::UserRole).toInt()) ? Qt::Checked
                                                                         : Qt::Unchecked);
  }
}

std::set<int> ExportDialog::objects() const {
  std::set<int> ids;
  for (int row = 0; row < m_objects->count(); ++row)
    if (m_objects->item(row)->checkState() == Qt::Checked)
      ids.insert(m_objects->item(row)->data(Qt::UserRole).toInt());
  return ids;
}

void ExportDialog::setOutputPath(const QString& path) {
  m_path->setText(path);
}

QString ExportDialog::outputPath() const {
  return m_path->text().trimmed();
}

QString ExportDialog::suggestedPath(const QString& format) const {
  const QString stem = m_videoName.isEmpty() ? QStringLiteral("export") : m_videoName;
  const QString folder =
      outputPath().isEmpty() ? QDir::currentPath() : QFileInfo(outputPath()).absolutePath();
  return folder + "/" + stem + "_" + format + (isFolderFormat(format) ? "" : ".json");
}

void ExportDialog::onFormatChanged() {
  const QString chosen = format();
  // Follow the format with the suggested name unless the user typed one of their own.
  static const QStringList kFormats{"coco", "sav",      "sa1b",  "png",       "yolo",
                                    "mots", "mots-png", "davis", "sa1b-train"};
  bool suggested = outputPath().isEmpty();
  for (const QString& other : kFormats)
    suggested = suggested || outputPath() == suggestedPath(other);
  if (suggested) m_path->setText(suggestedPath(chosen));
  m_split->setVisible(isTrainingFormat(chosen));
  updateSplitPreview();
  m_note->setText(
      chosen == "sav"
          ? tr("SA-V lists every stride-th frame from frame 0; frames outside the range are "
               "written as empty masks.")
          : (isFolderFormat(chosen) ? tr("A folder: an existing one of that name is replaced.")
                                    : QString()));
}

void ExportDialog::updateSplitPreview() {
  if (!isTrainingFormat(format())) return;
  dataset::AnnotationSelection selection;
  selection.firstFrame = m_first->value();
  selection.lastFrame = m_last->value();
  selection.stride = m_stride->value();
  selection.trackIds = objects();
  try {
    m_split->updatePreview(dataset::filterAnnotation(m_source(), selection));
  } catch (const Error&) {
    m_split->updatePreview({});  // an empty range or no object: nothing in any split
  }
}

void ExportDialog::browse() {
  const QString chosen =
      isFolderFormat(format())
          ? QFileDialog::getSaveFileName(this, tr("Export to folder"), outputPath())
          : QFileDialog::getSaveFileName(this, tr("Export"), outputPath(), tr("JSON (*.json)"));
  if (!chosen.isEmpty()) m_path->setText(chosen);
}

void ExportDialog::setRunning(bool running) {
  for (QWidget* control : std::initializer_list<QWidget*>{
           m_format, m_first, m_last, m_stride, m_objects, m_path, m_browse, m_exportButton})
    control->setEnabled(!running);
  m_progress->setVisible(running);
}

void ExportDialog::startExport() {
  if (isRunning()) return;
  ExportRequest request;
  request.path = QDir::cleanPath(QFileInfo(outputPath()).absoluteFilePath());
  if (outputPath().isEmpty()) request.path.clear();
  request.format = format();
  request.selection.firstFrame = m_first->value();
  request.selection.lastFrame = m_last->value();
  request.selection.stride = m_stride->value();
  request.selection.trackIds = objects();
  request.split = m_split->splitOptions();
  request.imageFormat = m_split->imageFormat();
  request.jpegQuality = m_split->jpegQuality();
  request.videoPath = m_videoPath;
  QString problem = exportProblem(request);
  if (problem.isEmpty() && request.selection.trackIds.empty())
    problem = tr("Choose at least one object.");
  if (problem.isEmpty() && request.selection.firstFrame > request.selection.lastFrame)
    problem = tr("The range is empty: its first frame is after its last.");
  if (!problem.isEmpty()) {
    m_status->setText(problem);
    return;
  }
  request.annotation = m_source();
  m_cancel = std::make_shared<CancelToken>();
  setRunning(true);
  m_status->setText(tr("Writing %1...").arg(QFileInfo(request.path).fileName()));
  runExportJob(this, std::move(request), m_cancel,
               [this](ExportOutcome outcome, const QString& message) {
                 m_cancel.reset();
                 setRunning(false);
                 m_status->setText(message);
                 Q_EMIT exportEnded(outcome == ExportOutcome::Written, message);
                 if (outcome == ExportOutcome::Written) accept();
               });
}

void ExportDialog::reject() {
  if (isRunning()) {
    m_cancel->requestCancel();
    m_status->setText(tr("Cancelling..."));
    return;  // the job answers, then the dialog can close
  }
  QDialog::reject();
}

}  // namespace masklet::ui
