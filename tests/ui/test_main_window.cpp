// The main window opens without a model and tells the user how to get one.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QStatusBar>
#include <QTemporaryDir>

#include "ui/window/main_window.h"

class TestMainWindow : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    // An empty data dir: no model installed.
    QVERIFY(m_home.isValid());
    qputenv("XDG_DATA_HOME", m_home.path().toUtf8());
    qunsetenv("MASKLET_MODEL_DIR");
  }

  void showsHowToGetAModelWhenNoneIsInstalled() {
    masklet::ui::MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.modelStatusText().contains("fetch-model.sh"));
    QVERIFY(window.statusBar()->currentMessage().contains("No SAM 2 model found"));
  }

  void findsAnInstalledModel() {
    QDir().mkpath(m_home.filePath("masklet/models"));
    QFile model(m_home.filePath("masklet/models/sam2.1_hiera_tiny.pt"));
    QVERIFY(model.open(QIODevice::WriteOnly));
    model.close();
    masklet::ui::MainWindow window;
    QVERIFY(window.modelStatusText().isEmpty());
    QVERIFY(window.statusBar()->currentMessage().contains("sam2.1_hiera_tiny.pt"));
  }

 private:
  QTemporaryDir m_home;
};

MASKLET_TEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
