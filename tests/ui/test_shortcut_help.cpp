// F1 lists every shortcut of the main window, read from its actions, with a description, and
// the mouse gestures; no two actions share a key sequence (a collision means one of them never
// fires); the frequent actions all have a shortcut.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QAction>
#include <QTableWidget>
#include <QTemporaryDir>

#include "ui/window/main_window.h"
#include "ui/window/shortcut_help.h"

using masklet::ui::MainWindow;

class TestShortcutHelp : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_home;

  static QStringList column(const QTableWidget* table, int column) {
    QStringList cells;
    for (int row = 0; row < table->rowCount(); ++row)
      cells.append(table->item(row, column)->text());
    return cells;
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_home.isValid());
    qputenv("XDG_DATA_HOME", m_home.filePath("data").toUtf8());
    qputenv("XDG_CONFIG_HOME", m_home.filePath("config").toUtf8());
    qunsetenv("MASKLET_MODEL_DIR");
  }

  void f1ListsEveryShortcutOfTheWindow() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTest::keyClick(&window, Qt::Key_F1);
    QDialog* help = nullptr;
    QTRY_VERIFY((help = window.findChild<QDialog*>("shortcutHelp")) != nullptr);
    QTRY_VERIFY(help->isVisible());
    const auto* table = help->findChild<QTableWidget*>("shortcutTable");
    QVERIFY(table != nullptr);
    const QStringList keys = column(table, 0);
    const QStringList descriptions = column(table, 1);
    int withShortcut = 0;
    for (const QAction* action : window.findChildren<QAction*>()) {
      for (const QKeySequence& sequence : action->shortcuts()) {
        ++withShortcut;
        const QString text = sequence.toString(QKeySequence::NativeText);
        bool listed = false;
        for (const QString& cell : keys) listed = listed || cell.split(", ").contains(text);
        QVERIFY2(listed, qPrintable(text + " (" + action->text() + ") is not in the F1 list"));
      }
    }
    QVERIFY(withShortcut >= 20);
    QCOMPARE(table->rowCount(), masklet::ui::collectShortcuts(&window).size());
    for (int row = 0; row < table->rowCount(); ++row)
      QVERIFY2(!descriptions.at(row).isEmpty(),
               qPrintable("the shortcut " + keys.at(row) + " has no description"));
    // Descriptions come from the actions: the menus' texts without '&' and "...".
    QVERIFY(descriptions.contains("Save Project"));
    QVERIFY(descriptions.contains("Export"));
    QVERIFY(descriptions.contains("Keyboard and Mouse"));
    QVERIFY(descriptions.contains("First frame"));
    const auto* gestures = help->findChild<QTableWidget*>("gestureTable");
    QVERIFY(gestures != nullptr);
    QCOMPARE(gestures->rowCount(), masklet::ui::mouseGestures().size());
    QVERIFY(column(gestures, 0).join("\n").contains("Right click"));
  }

  void noTwoActionsShareAShortcut() {
    MainWindow window;
    const QStringList collisions = masklet::ui::shortcutCollisions(&window);
    QVERIFY2(collisions.isEmpty(), qPrintable("shortcut collisions: " + collisions.join("; ")));
  }

  void theFrequentActionsHaveShortcuts() {
    MainWindow window;
    QStringList missing;
    const QStringList frequent{
        "Open Video",     "Open Project", "Save Project",  "Export",     "Undo",
        "Redo",           "Points",       "Box",           "New object", "Track forward",
        "Track backward", "Cancel",       "Clear prompts", "Quit",       "Keyboard and Mouse"};
    QStringList described;
    for (const auto& entry : masklet::ui::collectShortcuts(&window))
      described.append(entry.description);
    for (const QString& name : frequent) {
      bool found = false;
      for (const QString& text : described) found = found || text.startsWith(name);
      if (!found) missing.append(name);
    }
    QVERIFY2(missing.isEmpty(), qPrintable("no shortcut for: " + missing.join(", ")));
  }
};

MASKLET_TEST_MAIN(TestShortcutHelp)
#include "test_shortcut_help.moc"
