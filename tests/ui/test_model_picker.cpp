// The model picker: every checkpoint of the model folders with what its file says (SAM 2.1 /
// 2.0 or EdgeTAM, official size or custom with its YAML, file size, path), read from the tensor
// layout without the weights; files that cannot be loaded say why in one line and cannot be
// chosen. It tells which to choose: EdgeTAM the fast one on a CPU, SAM 2.1 the accurate one.
// In the main window, a model chosen there loads on the worker (the status bar says so with a
// busy bar) and becomes the default model of the settings.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QAction>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>

#include "model/checkpoint_probe.h"
#include "model/model_config_yaml.h"
#include "model/official_models.h"
#include "shared_data.h"
#include "ui/settings/app_settings.h"
#include "ui/settings/model_locator.h"
#include "ui/settings/model_picker.h"
#include "ui/settings/model_status.h"
#include "ui/window/main_window.h"
#include "ui/workers/session_controller.h"
#include "ui/workers/tracker_worker.h"

using masklet::model::CheckpointProbe;
using masklet::ui::AppSettings;
using masklet::ui::MainWindow;
using masklet::ui::ModelPicker;
using masklet::ui::SessionController;
using masklet::ui::TrackerWorker;

class TestModelPicker : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  QString m_models;  // the folder of the settings
  QString m_fixture21;
  QString m_fixture20;
  QString m_fixtureEdgetam;

  static bool copy(const QString& from, const QString& to) {
    return QFile::copy(from, to) && QFile::setPermissions(to, QFile::ReadOwner | QFile::WriteOwner);
  }

  static const CheckpointProbe* find(const ModelPicker& picker, const QString& name) {
    for (const auto& probe : picker.checkpoints())
      if (QString::fromStdString(probe.name) == name) return &probe;
    return nullptr;
  }

  static int rowOf(const ModelPicker& picker, const QString& name) {
    for (int row = 0; row < picker.list()->topLevelItemCount(); ++row)
      if (picker.list()->topLevelItem(row)->text(ModelPicker::NameColumn).startsWith(name))
        return row;
    return -1;
  }

 private Q_SLOTS:
  void initTestCase() {
    MASKLET_REQUIRE_SHARED("fixtures/sam2.1-mini/checkpoint.pt");
    MASKLET_REQUIRE_SHARED("fixtures/sam2.0-mini/checkpoint.pt");
    QVERIFY(m_dir.isValid());
    qputenv("XDG_CONFIG_HOME", m_dir.filePath("config").toUtf8());
    qputenv("XDG_DATA_HOME", m_dir.filePath("data").toUtf8());
    qputenv("XDG_STATE_HOME", m_dir.filePath("state").toUtf8());
    qunsetenv("MASKLET_MODEL_DIR");
    QCoreApplication::setOrganizationName("MaskletTest");
    QCoreApplication::setApplicationName("ModelPicker");
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath("config"));
    m_fixture21 = QString::fromStdString(masklet::test::sharedPath("fixtures/sam2.1-mini"));
    m_fixture20 = QString::fromStdString(masklet::test::sharedPath("fixtures/sam2.0-mini"));
    m_fixtureEdgetam = QString::fromStdString(masklet::test::sharedPath("fixtures/edgetam-mini"));

    // A model folder as a user might have it: two custom models with their YAML, the same
    // weights without a YAML, a tensor file that is no SAM 2 model, and a text file.
    m_models = m_dir.filePath("models");
    QDir().mkpath(m_models);
    QVERIFY(copy(m_fixture21 + "/checkpoint.pt", m_models + "/mini21.pt"));
    QVERIFY(copy(m_fixture21 + "/config.yaml", m_models + "/mini21.yaml"));
    QVERIFY(copy(m_fixture20 + "/checkpoint.pt", m_models + "/mini20.pt"));
    QVERIFY(copy(m_fixture20 + "/config.yaml", m_models + "/mini20.yaml"));
    QVERIFY(copy(m_fixture21 + "/checkpoint.pt", m_models + "/bare.pt"));
    QVERIFY(copy(m_fixture21 + "/trace.pt", m_models + "/trace.pt"));
    QFile text(m_models + "/notes.pt");
    QVERIFY(text.open(QIODevice::WriteOnly));
    text.write("these are my notes, not a checkpoint\n");
    // EdgeTAM (when the shared folder has its fixture): the shrunk one with its YAML, and as
    // "edgetam.pt" with the official edgetam.yaml beside it (so it reads as the official model;
    // the probe does not read the weights).
    if (!m_fixtureEdgetam.isEmpty()) {
      QVERIFY(copy(m_fixtureEdgetam + "/checkpoint.pt", m_models + "/minitam.pt"));
      QVERIFY(copy(m_fixtureEdgetam + "/config.yaml", m_models + "/minitam.yaml"));
      QVERIFY(copy(m_fixtureEdgetam + "/checkpoint.pt", m_models + "/edgetam.pt"));
      QFile yaml(m_models + "/edgetam.yaml");
      QVERIFY(yaml.open(QIODevice::WriteOnly));
      yaml.write(QByteArray::fromStdString(masklet::model::modelConfigToYamlText(
          masklet::model::findOfficialModel("edgetam")->config)));
    }
  }

  int expectedRows() const { return m_fixtureEdgetam.isEmpty() ? 5 : 7; }

  void init() { QSettings().clear(); }

  void probeTellsTheModelFromTheFile() {
    const CheckpointProbe mini =
        masklet::model::probeCheckpoint((m_models + "/mini21.pt").toStdString());
    QVERIFY2(mini.loadable, mini.reason.c_str());
    QCOMPARE(QString::fromStdString(mini.name), QString("mini21"));
    QCOMPARE(QString::fromStdString(mini.version), QString("2.1"));
    QCOMPARE(QString::fromStdString(mini.size), QString("custom"));
    QCOMPARE(QString::fromStdString(mini.configPath), m_models + "/mini21.yaml");
    QCOMPARE(qint64(mini.fileBytes), QFileInfo(m_fixture21 + "/checkpoint.pt").size());
    QVERIFY(mini.parameters > 100000);
    const CheckpointProbe old =
        masklet::model::probeCheckpoint((m_models + "/mini20.pt").toStdString());
    QVERIFY2(old.loadable, old.reason.c_str());
    QCOMPARE(QString::fromStdString(old.version), QString("2.0"));
    QCOMPARE(QString::fromStdString(old.modelText()), QString("SAM 2.0 custom"));
  }

  void unloadableFilesSayWhyInOneLine() {
    for (const char* name : {"bare", "trace", "notes"}) {
      const CheckpointProbe probe =
          masklet::model::probeCheckpoint((m_models + "/" + name + ".pt").toStdString());
      QVERIFY2(!probe.loadable, name);
      const QString reason = QString::fromStdString(probe.reason);
      QVERIFY2(!reason.isEmpty() && !reason.contains('\n'), qPrintable(reason));
    }
    // Weights of no official model and no YAML: the user is told to bring the config.
    const auto bare = masklet::model::probeCheckpoint((m_models + "/bare.pt").toStdString());
    QVERIFY2(QString::fromStdString(bare.reason).contains("official"), bare.reason.c_str());
    const auto trace = masklet::model::probeCheckpoint((m_models + "/trace.pt").toStdString());
    QVERIFY2(QString::fromStdString(trace.reason).contains("not a SAM 2"), trace.reason.c_str());
    const auto gone = masklet::model::probeCheckpoint((m_models + "/gone.pt").toStdString());
    QVERIFY(!gone.loadable);
    QVERIFY(!gone.reason.empty());
  }

  void pickerListsTheFolderWithDetectedFields() {
    ModelPicker picker(m_models, m_models + "/mini21.pt");
    QTRY_VERIFY_WITH_TIMEOUT(!picker.isProbing(), 30000);
    QCOMPARE(int(picker.checkpoints().size()), expectedRows());
    QCOMPARE(picker.list()->topLevelItemCount(), expectedRows());

    const int mini = rowOf(picker, "mini21");
    QVERIFY(mini >= 0);
    const QTreeWidgetItem* row = picker.list()->topLevelItem(mini);
    QCOMPARE(row->text(ModelPicker::ModelColumn), QString("SAM 2.1 custom"));
    QCOMPARE(row->text(ModelPicker::PathColumn), m_models + "/mini21.pt");
    QVERIFY(row->text(ModelPicker::NameColumn).contains("in use"));
    QVERIFY(row->text(ModelPicker::NoteColumn).contains("mini21.yaml"));
    QVERIFY(row->text(ModelPicker::SizeColumn).contains("MiB") ||
            row->text(ModelPicker::SizeColumn).contains("MB"));
    // The model in use is the one selected, and it can be loaded.
    QCOMPARE(picker.list()->currentItem(), row);
    QCOMPARE(picker.selectedPath(), m_models + "/mini21.pt");

    const int notes = rowOf(picker, "notes");
    QVERIFY(notes >= 0);
    picker.list()->setCurrentItem(picker.list()->topLevelItem(notes));
    QCOMPARE(picker.list()->topLevelItem(notes)->text(ModelPicker::ModelColumn),
             QString("not loadable"));
    QVERIFY(!picker.list()->topLevelItem(notes)->text(ModelPicker::NoteColumn).isEmpty());
    QVERIFY(picker.selectedPath().isEmpty());
    QSignalSpy chosen(&picker, &ModelPicker::modelChosen);
    Q_EMIT picker.list()->itemDoubleClicked(picker.list()->topLevelItem(notes), 0);
    QCOMPARE(chosen.count(), 0);
    QVERIFY(find(picker, "notes") != nullptr && !find(picker, "notes")->loadable);
  }

  // EdgeTAM is told apart from SAM 2 by its file; the official one is shown as the fast model,
  // and the dialog says which to choose on a CPU.
  void pickerShowsEdgetamAsTheFastChoice() {
    if (m_fixtureEdgetam.isEmpty())
      QSKIP("needs fixtures/edgetam-mini in the shared folder; not found");
    const CheckpointProbe mini =
        masklet::model::probeCheckpoint((m_models + "/minitam.pt").toStdString());
    QVERIFY2(mini.loadable, mini.reason.c_str());
    QCOMPARE(QString::fromStdString(mini.family), QString("edgetam"));
    QCOMPARE(QString::fromStdString(mini.modelText()), QString("EdgeTAM custom"));

    ModelPicker picker(m_models, QString());
    QTRY_VERIFY_WITH_TIMEOUT(!picker.isProbing(), 30000);
    const QString advice = picker.adviceText();
    QVERIFY2(advice.contains("EdgeTAM is the fast choice") &&
                 advice.contains("SAM 2.1 is the accurate one"),
             qPrintable(advice));
    QVERIFY(picker.findChild<QLabel*>("modelChoiceAdvice") != nullptr);

    const int official = rowOf(picker, "edgetam");
    QVERIFY(official >= 0);
    const QTreeWidgetItem* row = picker.list()->topLevelItem(official);
    QCOMPARE(row->text(ModelPicker::ModelColumn), QString("EdgeTAM — fast"));
    QVERIFY(row->toolTip(ModelPicker::ModelColumn).contains("faster than SAM 2.1 tiny"));
    // Its size, like every row.
    QCOMPARE(row->text(ModelPicker::SizeColumn),
             QLocale().formattedDataSize(QFileInfo(m_models + "/edgetam.pt").size()));
    QCOMPARE(find(picker, "edgetam")->officialName, std::string("edgetam"));
    picker.list()->setCurrentItem(picker.list()->topLevelItem(official));
    QCOMPARE(picker.selectedPath(), m_models + "/edgetam.pt");

    const int custom = rowOf(picker, "minitam");
    QVERIFY(custom >= 0);
    QCOMPARE(picker.list()->topLevelItem(custom)->text(ModelPicker::ModelColumn),
             QString("EdgeTAM custom"));
  }

  void noModelMessageNamesTheFastAndTheAccurateModel() {
    const QString text = QString::fromStdString(masklet::ui::noModelHelpText());
    QVERIFY2(text.contains("EdgeTAM is the fast choice"), qPrintable(text));
    QVERIFY2(text.contains("SAM 2.1 is the accurate one"), qPrintable(text));
    QVERIFY2(text.contains("fetch-model.sh edgetam"), qPrintable(text));
    QVERIFY2(text.contains("fetch-model.sh sam2.1_hiera_tiny"), qPrintable(text));
    // The picker of a profile with no model says the same.
    ModelPicker picker{QString(), QString()};
    QTRY_VERIFY_WITH_TIMEOUT(!picker.isProbing(), 30000);
    QCOMPARE(picker.list()->topLevelItemCount(), 0);
    bool found = false;
    for (const QLabel* label : picker.findChildren<QLabel*>())
      found = found || label->text().contains("fetch-model.sh edgetam");
    QVERIFY(found);
  }

  void openCheckpointAddsAFileFromElsewhere() {
    ModelPicker picker{QString(), QString()};
    QTRY_VERIFY_WITH_TIMEOUT(!picker.isProbing(), 30000);
    QCOMPARE(picker.list()->topLevelItemCount(), 0);  // nothing installed in this profile
    QSignalSpy updated(&picker, &ModelPicker::listUpdated);
    picker.addCheckpoint(m_models + "/mini20.pt");
    QTRY_COMPARE_WITH_TIMEOUT(updated.count(), 1, 30000);
    QCOMPARE(picker.list()->topLevelItemCount(), 1);
    QCOMPARE(picker.selectedPath(), m_models + "/mini20.pt");
    picker.addCheckpoint(m_models + "/mini20.pt");  // listed already: selected, not added
    QTRY_COMPARE_WITH_TIMEOUT(updated.count(), 2, 30000);
    QCOMPARE(picker.list()->topLevelItemCount(), 1);
  }

  void chosenModelLoadsOnTheWorkerAndBecomesTheDefault() {
    // Only loadable models in the folder here, so the window's start-up load succeeds.
    const QString folder = m_dir.filePath("good");
    QDir().mkpath(folder);
    QVERIFY(copy(m_fixture21 + "/checkpoint.pt", folder + "/a.pt"));
    QVERIFY(copy(m_fixture21 + "/config.yaml", folder + "/a.yaml"));
    QVERIFY(copy(m_fixture20 + "/checkpoint.pt", folder + "/b.pt"));
    QVERIFY(copy(m_fixture20 + "/config.yaml", folder + "/b.yaml"));
    AppSettings settings;
    settings.modelFolder = folder;
    settings.save();

    MainWindow window;
    SessionController* controller = window.controller();
    QSignalSpy loaded(controller->tracker(), &TrackerWorker::modelLoaded);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 120000);
    QCOMPARE(controller->tracker()->modelPath(), folder + "/a.pt");  // the first one found
    auto* status = window.findChild<masklet::ui::ModelStatus*>();
    QVERIFY(status != nullptr);
    QCOMPARE(status->text(), QString("model: a"));

    QAction* choose = nullptr;
    for (QAction* action : window.findChildren<QAction*>())
      if (action->text().remove('&') == "Choose Model...") choose = action;
    QVERIFY(choose != nullptr);
    choose->trigger();
    auto* picker = window.findChild<ModelPicker*>();
    QVERIFY(picker != nullptr);
    QTRY_VERIFY_WITH_TIMEOUT(!picker->isProbing(), 30000);
    const int b = rowOf(*picker, "b");
    QVERIFY(b >= 0);
    picker->list()->setCurrentItem(picker->list()->topLevelItem(b));
    QSignalSpy loading(controller->tracker(), &TrackerWorker::modelLoading);
    Q_EMIT picker->list()->itemDoubleClicked(picker->list()->topLevelItem(b), 0);
    QCOMPARE(loading.count(), 1);
    QVERIFY(status->isLoading());
    QVERIFY(status->text().startsWith("Loading model"));
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 2, 120000);
    QCOMPARE(controller->tracker()->modelPath(), folder + "/b.pt");
    QVERIFY(!status->isLoading());
    QCOMPARE(status->text(), QString("model: b"));
    QCOMPARE(AppSettings::load().defaultModel, folder + "/b.pt");
  }
};

MASKLET_TEST_MAIN(TestModelPicker)
#include "test_model_picker.moc"
