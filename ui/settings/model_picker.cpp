#include "ui/settings/model_picker.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "common/paths.h"
#include "ui/settings/model_locator.h"
#include "ui/workers/background_job.h"

namespace masklet::ui {

namespace {

// The Model column: what the file is, and for the official EdgeTAM that it is the fast one.
QString modelTextFor(const model::CheckpointProbe& probe) {
  if (!probe.loadable) return QObject::tr("not loadable");
  if (probe.family == "edgetam" && probe.size != "custom") return QObject::tr("EdgeTAM — fast");
  return QString::fromStdString(probe.modelText());
}

QString modelToolTipFor(const model::CheckpointProbe& probe) {
  if (probe.family == "edgetam")
    return QObject::tr(
        "EdgeTAM: SAM 2 with a RepViT image encoder and a compressed memory, about "
        "4× faster than SAM 2.1 tiny on a CPU (measured), a bit less accurate.");
  if (probe.version == "2.1") return QObject::tr("SAM 2.1: the accurate choice.");
  return {};
}

QString noteFor(const model::CheckpointProbe& probe) {
  if (!probe.loadable) return QString::fromStdString(probe.reason);
  if (!probe.configPath.empty())
    return QObject::tr("config %1")
        .arg(QFileInfo(QString::fromStdString(probe.configPath)).fileName());
  return QObject::tr("official %1").arg(QString::fromStdString(probe.officialName));
}

}  // namespace

ModelPicker::ModelPicker(const QString& modelFolder, const QString& current, QWidget* parent)
    : QDialog(parent), m_current(current) {
  setWindowTitle(tr("Choose a model"));
  auto* layout = new QVBoxLayout(this);
  m_advice = new QLabel(QString::fromStdString(modelChoiceAdvice()), this);
  m_advice->setObjectName("modelChoiceAdvice");
  m_advice->setWordWrap(true);
  layout->addWidget(m_advice);
  m_list = new QTreeWidget(this);
  m_list->setColumnCount(ColumnCount);
  m_list->setHeaderLabels({tr("Name"), tr("Model"), tr("File size"), tr("Path"), tr("Notes")});
  m_list->setRootIsDecorated(false);
  m_list->setSelectionMode(QAbstractItemView::SingleSelection);
  m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
  layout->addWidget(m_list, 1);
  m_status = new QLabel(this);
  m_status->setWordWrap(true);
  layout->addWidget(m_status);

  auto* buttons = new QDialogButtonBox(this);
  QPushButton* open = buttons->addButton(tr("Open checkpoint..."), QDialogButtonBox::ActionRole);
  m_loadButton = buttons->addButton(tr("Load"), QDialogButtonBox::AcceptRole);
  m_loadButton->setEnabled(false);
  buttons->addButton(QDialogButtonBox::Cancel);
  layout->addWidget(buttons);

  connect(open, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open SAM 2 or EdgeTAM checkpoint"), QString::fromStdString(userModelDir()),
        tr("SAM 2 / EdgeTAM checkpoints (*.pt);;All files (*)"));
    if (!path.isEmpty()) addCheckpoint(path);
  });
  connect(buttons, &QDialogButtonBox::accepted, this, &ModelPicker::choose);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(m_list, &QTreeWidget::itemSelectionChanged, this, &ModelPicker::onSelectionChanged);
  connect(m_list, &QTreeWidget::itemDoubleClicked, this, [this] {
    if (!selectedPath().isEmpty()) choose();
  });
  resize(860, 340);

  const auto found = findInstalledCheckpoints(modelFolder.toStdString());
  if (found.empty())
    m_status->setText(QString::fromStdString(noModelHelpText()) +
                      tr(" Or use Open checkpoint... to pick a file."));
  probe(found, current);
}

void ModelPicker::addCheckpoint(const QString& path) {
  const QString absolute = QFileInfo(path).absoluteFilePath();
  for (size_t row = 0; row < m_probes.size(); ++row) {
    if (QString::fromStdString(m_probes[row].path) == absolute) {
      m_list->setCurrentItem(m_list->topLevelItem(int(row)));
      Q_EMIT listUpdated();
      return;
    }
  }
  probe({absolute.toStdString()}, absolute);
}

void ModelPicker::probe(const std::vector<std::string>& paths, const QString& select) {
  if (paths.empty()) return;
  ++m_probing;
  m_status->setText(tr("Reading %n checkpoint(s)...", "", int(paths.size())));
  runInBackground<std::vector<model::CheckpointProbe>>(
      this, tr("Could not read the checkpoints"),
      [paths] {
        std::vector<model::CheckpointProbe> probes;
        for (const auto& path : paths) probes.push_back(model::probeCheckpoint(path));
        return probes;
      },
      [this, select](std::optional<std::vector<model::CheckpointProbe>> probes,
                     const QString& error) {
        --m_probing;
        m_status->setText(error);
        for (const auto& probe : probes.value_or(std::vector<model::CheckpointProbe>{})) {
          addRow(probe);
          if (QString::fromStdString(probe.path) == select)
            m_list->setCurrentItem(m_list->topLevelItem(m_list->topLevelItemCount() - 1));
        }
        if (m_list->currentItem() == nullptr && m_list->topLevelItemCount() > 0)
          m_list->setCurrentItem(m_list->topLevelItem(0));
        onSelectionChanged();
        Q_EMIT listUpdated();
      });
}

void ModelPicker::addRow(const model::CheckpointProbe& probe) {
  m_probes.push_back(probe);
  auto* item = new QTreeWidgetItem(m_list);
  const QString path = QString::fromStdString(probe.path);
  const bool inUse = path == m_current;
  item->setText(NameColumn, QString::fromStdString(probe.name) + (inUse ? tr(" (in use)") : ""));
  item->setText(ModelColumn, modelTextFor(probe));
  item->setToolTip(ModelColumn, modelToolTipFor(probe));
  item->setText(SizeColumn, QLocale().formattedDataSize(qint64(probe.fileBytes)));
  item->setTextAlignment(SizeColumn, Qt::AlignRight | Qt::AlignVCenter);
  item->setText(PathColumn, path);
  item->setText(NoteColumn, noteFor(probe));
  item->setToolTip(NoteColumn, noteFor(probe));
  if (inUse) {
    QFont font = item->font(NameColumn);
    font.setBold(true);
    item->setFont(NameColumn, font);
  }
  if (!probe.loadable) {
    for (int column = 0; column < ColumnCount; ++column)
      item->setForeground(column, palette().placeholderText());
  }
}

QString ModelPicker::adviceText() const {
  return m_advice->text();
}

QString ModelPicker::selectedPath() const {
  const int row = m_list->indexOfTopLevelItem(m_list->currentItem());
  if (row < 0 || size_t(row) >= m_probes.size() || !m_probes[size_t(row)].loadable) return {};
  return QString::fromStdString(m_probes[size_t(row)].path);
}

void ModelPicker::onSelectionChanged() {
  m_loadButton->setEnabled(!selectedPath().isEmpty());
  const int row = m_list->indexOfTopLevelItem(m_list->currentItem());
  if (row < 0 || size_t(row) >= m_probes.size() || isProbing()) return;
  const auto& probe = m_probes[size_t(row)];
  m_status->setText(
      probe.loadable
          ? tr("%1: %2, %3 parameters, %4.")
                .arg(QString::fromStdString(probe.name), modelTextFor(probe),
                     QLocale().toString(qlonglong(probe.parameters)),
                     QLocale().formattedDataSize(qint64(probe.fileBytes)))
          : tr("%1 cannot be loaded: %2")
                .arg(QString::fromStdString(probe.name), QString::fromStdString(probe.reason)));
}

void ModelPicker::choose() {
  const QString path = selectedPath();
  if (path.isEmpty()) return;
  Q_EMIT modelChosen(path);
  accept();
}

}  // namespace masklet::ui
