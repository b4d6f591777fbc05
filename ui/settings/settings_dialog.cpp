#include "ui/settings/settings_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMap>
#include <QPalette>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <thread>

#include "common/paths.h"
#include "model/precision.h"
#include "ui/review/review_settings.h"
#include "ui/settings/model_locator.h"

namespace masklet::ui {

namespace {

// A field with the note of when it applies, in small grey text under it.
QWidget* withNote(QWidget* field, const QString& note) {
  auto* box = new QWidget;
  auto* layout = new QVBoxLayout(box);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(1);
  layout->addWidget(field);
  auto* label = new QLabel(note);
  label->setWordWrap(true);
  QFont font = label->font();
  font.setPointSizeF(font.pointSizeF() * 0.85);
  label->setFont(font);
  QPalette palette = label->palette();
  palette.setColor(QPalette::WindowText, palette.color(QPalette::PlaceholderText));
  label->setPalette(palette);
  layout->addWidget(label);
  return box;
}

QSpinBox* spinBox(int low, int high, const QString& suffix, const QString& special = {}) {
  auto* spin = new QSpinBox;
  spin->setRange(low, high);
  spin->setSuffix(suffix);
  if (!special.isEmpty()) spin->setSpecialValueText(special);
  return spin;
}

void selectData(QComboBox* combo, const QString& value) {
  const int index = combo->findData(value);
  combo->setCurrentIndex(index >= 0 ? index : 0);
}

}  // namespace

QStringList SettingsDialog::deviceChoices() {
  QStringList choices{"auto", "cpu"};
  if (model::cudaAvailable()) choices << "cuda";
  return choices;
}

SettingsDialog::SettingsDialog(const AppSettings& settings, QWidget* parent)
    : QDialog(parent), m_base(settings) {
  setWindowTitle(tr("Settings"));
  auto* layout = new QVBoxLayout(this);
  auto* tabs = new QTabWidget(this);
  tabs->addTab(buildModelPage(), tr("Model"));
  tabs->addTab(buildTrackingPage(), tr("Tracking"));
  tabs->addTab(buildViewPage(), tr("View && project"));
  m_review = new ReviewSettingsPage;
  tabs->addTab(m_review, tr("Review"));
  layout->addWidget(tabs, 1);
  auto* buttons =
      new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel |
                               QDialogButtonBox::Apply | QDialogButtonBox::RestoreDefaults,
                           this);
  layout->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, [this] {
    Q_EMIT applied(this->settings());
    accept();
  });
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this,
          [this] { Q_EMIT applied(this->settings()); });
  connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this, [this] {
    AppSettings defaults;
    defaults.modelFolder = m_modelFolder->text();  // where the models are is not a preference
    setSettings(defaults);
  });
  setSettings(settings);
  resize(520, 460);
}

QWidget* SettingsDialog::buildModelPage() {
  auto* page = new QWidget;
  auto* form = new QFormLayout(page);
  m_modelFolder = new QLineEdit;
  m_modelFolder->setPlaceholderText(QString::fromStdString(userModelDir()));
  auto* browse = new QPushButton(tr("Browse..."));
  auto* folderRow = new QWidget;
  auto* folderLayout = new QHBoxLayout(folderRow);
  folderLayout->setContentsMargins(0, 0, 0, 0);
  folderLayout->addWidget(m_modelFolder, 1);
  folderLayout->addWidget(browse);
  form->addRow(tr("Model folder:"),
               withNote(folderRow, tr("Searched for *.pt checkpoints besides %1 and "
                                      "$MASKLET_MODEL_DIR. Applies at once (Model ▸ Choose).")
                                       .arg(QString::fromStdString(userModelDir()))));
  m_defaultModel = new QComboBox;
  m_defaultModel->setObjectName("defaultModelCombo");
  form->addRow(tr("Default model:"),
               withNote(m_defaultModel, tr("Loaded when Masklet starts; choosing a model in "
                                           "Model ▸ Choose also makes it the default.")));
  m_device = new QComboBox;
  m_device->setObjectName("deviceCombo");
  const QMap<QString, QString> deviceNames{{"auto", tr("Automatic (CUDA if available, else CPU)")},
                                           {"cpu", tr("CPU")},
                                           {"cuda", tr("CUDA GPU 0")}};
  for (const QString& device : deviceChoices()) m_device->addItem(deviceNames[device], device);
  form->addRow(tr("Device:"), withNote(m_device, tr("Applies when a model loads: the model in "
                                                    "use is loaded again on the new device.")));
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Model folder"), m_modelFolder->text());
    if (folder.isEmpty()) return;
    m_modelFolder->setText(folder);
    refreshModelChoices(m_defaultModel->currentData().toString());
  });
  connect(m_modelFolder, &QLineEdit::editingFinished, this,
          [this] { refreshModelChoices(m_defaultModel->currentData().toString()); });
  return page;
}

QWidget* SettingsDialog::buildTrackingPage() {
  auto* page = new QWidget;
  auto* form = new QFormLayout(page);
  m_precision = new QComboBox;
  m_precision->setObjectName("precisionCombo");
  m_precision->addItem(tr("Automatic (bf16 where the CPU/GPU computes it natively)"), "auto");
  m_precision->addItem(tr("fp32 (exact, the reference's results)"), "fp32");
  m_precision->addItem(tr("bf16 (faster where native, masks within IoU 0.99)"), "bf16");
  form->addRow(tr("Precision:"), withNote(m_precision, tr("Applies to the next video or model.")));
  const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
  m_threads = spinBox(0, 256, "", tr("All cores (%1)").arg(cores));
  m_threads->setObjectName("threadsSpin");
  form->addRow(tr("Threads:"), withNote(m_threads, tr("Applies at once.")));
  m_untilConverged = new QCheckBox(tr("Re-track only until the masks agree with the last run"));
  form->addRow(
      tr("Re-tracking:"),
      withNote(m_untilConverged, tr("Applies to the next run; Shift+F / Shift+B re-track fully.")));
  auto* caches = new QGroupBox(tr("Cache budgets (apply to the next video or model)"));
  auto* cacheForm = new QFormLayout(caches);
  m_frameCache = spinBox(64, 1 << 20, tr(" MiB"));
  m_frameCache->setSingleStep(256);
  cacheForm->addRow(tr("Decoded frames:"), m_frameCache);
  m_featureFrames = spinBox(1, 4096, tr(" frames"));
  cacheForm->addRow(tr("Image features in RAM:"), m_featureFrames);
  m_diskCache = spinBox(0, 1 << 22, tr(" MiB"), tr("Off"));
  m_diskCache->setSingleStep(512);
  cacheForm->addRow(tr("Feature caches on disk:"),
                    withNote(m_diskCache, tr("Each of the two feature caches, in %1.")
                                              .arg(QString::fromStdString(userCacheDir()))));
  form->addRow(caches);
  return page;
}

QWidget* SettingsDialog::buildViewPage() {
  auto* page = new QWidget;
  auto* form = new QFormLayout(page);
  m_opacity = new QDoubleSpinBox;
  m_opacity->setObjectName("opacitySpin");
  m_opacity->setRange(0, 100);
  m_opacity->setDecimals(0);
  m_opacity->setSingleStep(10);
  m_opacity->setSuffix(" %");
  form->addRow(tr("Mask opacity:"), withNote(m_opacity, tr("Applies at once.")));
  m_outlineOnly = new QCheckBox(tr("Draw masks as outlines only"));
  form->addRow(tr("Mask style:"), withNote(m_outlineOnly, tr("Applies at once.")));
  m_autosave = spinBox(0, 3600, tr(" s after a change"), tr("Off"));
  m_autosave->setObjectName("autosaveSpin");
  form->addRow(tr("Autosave:"),
               withNote(m_autosave, tr("Applies at once. Autosaves go to %1/autosave and are "
                                       "offered back after a crash.")
                                        .arg(QString::fromStdString(userDataDir()))));
  return page;
}

void SettingsDialog::refreshModelChoices(const QString& select) {
  m_defaultModel->clear();
  m_defaultModel->addItem(tr("The first model found"), QString());
  for (const auto& path : findInstalledCheckpoints(m_modelFolder->text().toStdString())) {
    const QString file = QString::fromStdString(path);
    m_defaultModel->addItem(QFileInfo(file).fileName(), file);
    m_defaultModel->setItemData(m_defaultModel->count() - 1, file, Qt::ToolTipRole);
  }
  // A default outside the folders (opened by hand) stays selectable.
  if (!select.isEmpty() && m_defaultModel->findData(select) < 0)
    m_defaultModel->addItem(QFileInfo(select).fileName(), select);
  selectData(m_defaultModel, select);
}

void SettingsDialog::setSettings(const AppSettings& settings) {
  m_modelFolder->setText(settings.modelFolder);
  refreshModelChoices(settings.defaultModel);
  if (m_device->findData(settings.tracking.device) < 0)  // CUDA chosen on another machine
    m_device->addItem(tr("%1 (not available here)").arg(settings.tracking.device),
                      settings.tracking.device);
  selectData(m_device, settings.tracking.device);
  selectData(m_precision, settings.tracking.precision);
  m_threads->setValue(settings.tracking.threads);
  m_untilConverged->setChecked(settings.tracking.retrackUntilConverged);
  m_frameCache->setValue(settings.tracking.frameCacheMiB);
  m_featureFrames->setValue(settings.tracking.featureCacheFrames);
  m_diskCache->setValue(settings.tracking.diskCacheMiB);
  m_opacity->setValue(settings.overlayOpacity * 100.0);
  m_outlineOnly->setChecked(settings.outlineOnly);
  m_autosave->setValue(settings.autosaveSeconds);
  m_review->setThresholds(settings.review);
}

AppSettings SettingsDialog::settings() const {
  AppSettings result = m_base;
  result.modelFolder = m_modelFolder->text().trimmed();
  result.defaultModel = m_defaultModel->currentData().toString();
  result.tracking.device = m_device->currentData().toString();
  result.tracking.precision = m_precision->currentData().toString();
  result.tracking.threads = m_threads->value();
  result.tracking.retrackUntilConverged = m_untilConverged->isChecked();
  result.tracking.frameCacheMiB = m_frameCache->value();
  result.tracking.featureCacheFrames = m_featureFrames->value();
  result.tracking.diskCacheMiB = m_diskCache->value();
  result.overlayOpacity = m_opacity->value() / 100.0;
  result.outlineOnly = m_outlineOnly->isChecked();
  result.autosaveSeconds = m_autosave->value();
  result.review = m_review->thresholds();
  return result;
}

}  // namespace masklet::ui
