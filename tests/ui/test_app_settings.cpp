// The settings value type: defaults, a round trip through QSettings (an INI file in a temp
// folder), and stored values that are missing, unparsable or out of range falling back to the
// defaults one by one. The Settings dialog shows and returns the same values.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>

#include "ui/settings/app_settings.h"
#include "ui/settings/settings_dialog.h"

using masklet::ui::AppSettings;
using masklet::ui::SettingsDialog;

class TestAppSettings : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;

  QString iniPath(const QString& name) const { return m_dir.filePath(name + ".ini"); }

 private Q_SLOTS:
  void initTestCase() { QVERIFY(m_dir.isValid()); }

  void defaults() {
    QSettings empty(iniPath("empty"), QSettings::IniFormat);
    const AppSettings settings = AppSettings::load(empty);
    QVERIFY(settings.modelFolder.isEmpty());
    QVERIFY(settings.defaultModel.isEmpty());
    QCOMPARE(settings.tracking.precision, QString("auto"));
    QCOMPARE(settings.tracking.device, QString("auto"));
    QCOMPARE(settings.tracking.threads, 0);
    QVERIFY(settings.tracking.retrackUntilConverged);
    QCOMPARE(settings.tracking.frameCacheMiB, 1024);
    QCOMPARE(settings.tracking.featureCacheFrames, 8);
    QCOMPARE(settings.tracking.diskCacheMiB, 2048);
    QCOMPARE(settings.overlayOpacity, 0.5);
    QVERIFY(!settings.outlineOnly);
    QCOMPARE(settings.autosaveSeconds, 3);
    QVERIFY(settings == AppSettings());
  }

  void roundTrip() {
    AppSettings changed;
    changed.modelFolder = "/data/models";
    changed.defaultModel = "/data/models/sam2.1_hiera_small.pt";
    changed.tracking.precision = "bf16";
    changed.tracking.device = "cpu";
    changed.tracking.threads = 3;
    changed.tracking.retrackUntilConverged = false;
    changed.tracking.frameCacheMiB = 512;
    changed.tracking.featureCacheFrames = 32;
    changed.tracking.diskCacheMiB = 0;
    changed.overlayOpacity = 0.3;
    changed.outlineOnly = true;
    changed.autosaveSeconds = 30;
    {
      QSettings file(iniPath("roundtrip"), QSettings::IniFormat);
      changed.save(file);
    }
    QSettings file(iniPath("roundtrip"), QSettings::IniFormat);
    const AppSettings loaded = AppSettings::load(file);
    QVERIFY(loaded == changed);
    QCOMPARE(loaded.tracking.precision, QString("bf16"));
    QCOMPARE(loaded.tracking.diskCacheMiB, 0);
    QCOMPARE(loaded.autosaveSeconds, 30);
    // The keys the View menu and the Tracking menu use too: one source of truth.
    QCOMPARE(file.value("view/outlineOnly").toBool(), true);
    QCOMPARE(file.value("tracking/precision").toString(), QString("bf16"));
  }

  void invalidValuesFallBack_data() {
    QTest::addColumn<QString>("key");
    QTest::addColumn<QVariant>("value");
    QTest::newRow("precision") << "tracking/precision" << QVariant("fp8");
    QTest::newRow("device") << "engine/device" << QVariant("tpu");
    QTest::newRow("threads negative") << "engine/threads" << QVariant(-2);
    QTest::newRow("threads text") << "engine/threads" << QVariant("many");
    QTest::newRow("frame cache tiny") << "engine/frameCacheMiB" << QVariant(1);
    QTest::newRow("feature frames zero") << "engine/featureCacheFrames" << QVariant(0);
    QTest::newRow("disk negative") << "engine/diskCacheMiB" << QVariant(-1);
    QTest::newRow("opacity big") << "view/overlayOpacity" << QVariant(7.5);
    QTest::newRow("opacity text") << "view/overlayOpacity" << QVariant("half");
    QTest::newRow("autosave negative") << "project/autosaveSeconds" << QVariant(-5);
    QTest::newRow("autosave huge") << "project/autosaveSeconds" << QVariant(999999);
    QTest::newRow("iou") << "tracking/convergenceIoU" << QVariant(1.5);
  }

  void invalidValuesFallBack() {
    QFETCH(QString, key);
    QFETCH(QVariant, value);
    QSettings file(iniPath("bad"), QSettings::IniFormat);
    file.clear();
    // One good value beside the bad one: only the bad one falls back.
    file.setValue("engine/threads", 2);
    file.setValue(key, value);
    const AppSettings loaded = AppSettings::load(file);
    AppSettings expected;
    if (key != "engine/threads") expected.tracking.threads = 2;
    QVERIFY2(loaded == expected, qPrintable(key));
  }

  void dialogShowsAndReturnsTheValues() {
    AppSettings settings;
    settings.tracking.precision = "fp32";
    settings.tracking.threads = 2;
    settings.tracking.featureCacheFrames = 16;
    settings.autosaveSeconds = 0;
    settings.outlineOnly = true;
    settings.overlayOpacity = 0.7;
    SettingsDialog dialog(settings);
    QCOMPARE(dialog.findChild<QComboBox*>("precisionCombo")->currentData().toString(),
             QString("fp32"));
    QCOMPARE(dialog.findChild<QSpinBox*>("threadsSpin")->value(), 2);
    QCOMPARE(dialog.findChild<QSpinBox*>("autosaveSpin")->text(), QString("Off"));
    QVERIFY(dialog.settings() == settings);
    // CPU is always offered; CUDA only where LibTorch sees a device.
    QVERIFY(SettingsDialog::deviceChoices().contains("cpu"));
    dialog.findChild<QSpinBox*>("threadsSpin")->setValue(1);
    QSignalSpy applied(&dialog, &SettingsDialog::applied);
    dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
    QCOMPARE(applied.count(), 1);
    const auto result = applied.at(0).at(0).value<AppSettings>();
    QCOMPARE(result.tracking.threads, 1);
    QCOMPARE(result.tracking.precision, QString("fp32"));
    // Restore Defaults keeps where the models are and resets the rest.
    dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::RestoreDefaults)->click();
    QCOMPARE(dialog.settings().tracking.threads, 0);
    QVERIFY(!dialog.settings().outlineOnly);
  }
};

MASKLET_TEST_MAIN(TestAppSettings)
#include "test_app_settings.moc"
