// The status bar's temporary message and its permanent labels share the bar without cutting
// each other: with a long message and long permanent texts in a window of normal size, no two
// of the bar's widgets overlap, none reaches past the bar's edge, and every text is shown whole
// or elided with the whole text in its tooltip; when the permanent texts fit, they are shown
// whole and the message gives way.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QDir>
#include <QLabel>
#include <QLayout>
#include <QSizeGrip>
#include <QStatusBar>
#include <QTemporaryDir>

#include "ui/window/main_window.h"

using masklet::ui::MainWindow;

namespace {

const QString kLongMessage =
    "Loaded config: /tmp/masklet-models/checkpoints/sam2.1/configs/sam2.1_hiera_tiny.yaml "
    "with checkpoint /tmp/masklet-models/checkpoints/sam2.1/sam2.1_hiera_tiny.pt";

void collectWidgets(QLayout* layout, QList<QWidget*>& widgets) {
  for (int i = 0; i < layout->count(); ++i) {
    QLayoutItem* item = layout->itemAt(i);
    if (QWidget* widget = item->widget()) {
      if (qobject_cast<QSizeGrip*>(widget) == nullptr) widgets.append(widget);
    } else if (QLayout* inner = item->layout()) {
      collectWidgets(inner, widgets);
    }
  }
}

// The visible widgets laid out in the bar, without the size grip.
QList<QWidget*> visibleItems(QStatusBar* bar) {
  QList<QWidget*> widgets;
  collectWidgets(bar->layout(), widgets);
  QList<QWidget*> visible;
  for (QWidget* widget : widgets)
    if (widget->isVisible()) visible.append(widget);
  return visible;
}

// Empty when the label shows its whole text, or shows it elided ("…" at the end) with the
// whole text in its tooltip; else what is wrong.
QString textProblem(const QLabel* label) {
  const QString text = label->text();
  const int room = label->contentsRect().width() - 2 * label->margin();
  const QVariant shown = label->property("shownText");
  if (!shown.isValid()) {
    if (label->fontMetrics().horizontalAdvance(text) <= room) return {};
    return "cut off at " + QString::number(room) + " px: " + text;
  }
  const QString shownText = shown.toString();
  if (shownText == text) return {};
  if (!shownText.endsWith(QChar(0x2026)) || !text.startsWith(shownText.chopped(1)))
    return "shows \"" + shownText + "\" of: " + text;
  if (label->fontMetrics().horizontalAdvance(shownText) > room)
    return "elided text wider than the label: " + shownText;
  if (!label->property("shownToolTip").toString().contains(text))
    return "elided without the whole text in its tooltip: " + text;
  return {};
}

QLabel* label(MainWindow& window, const char* name) {
  auto* found = window.statusBar()->findChild<QLabel*>(name);
  if (found == nullptr) qFatal("no status-bar label %s", name);
  return found;
}

// For looking at by eye: MASKLET_TEST_SHOTS=<dir> saves the window.
void saveShot(MainWindow& window, const QString& name) {
  const QString dir = qEnvironmentVariable("MASKLET_TEST_SHOTS");
  if (dir.isEmpty()) return;
  QDir().mkpath(dir);
  window.grab().save(QDir(dir).filePath(name + ".png"));
}

}  // namespace

class TestStatusBar : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_home;

  // The message is shown by a label in the bar, whole or elided.
  static void verifyMessageShown(QStatusBar* bar) {
    const QString message = bar->currentMessage();
    QVERIFY(!message.isEmpty());
    QLabel* shownBy = nullptr;
    for (QLabel* candidate : bar->findChildren<QLabel*>())
      if (candidate->isVisible() && candidate->text() == message) shownBy = candidate;
    QVERIFY2(shownBy != nullptr, "no label of the status bar shows the temporary message");
    const QString problem = textProblem(shownBy);
    QVERIFY2(problem.isEmpty(), qPrintable("the message: " + problem));
  }

  static void verifyNoOverlapAndWholeTexts(QStatusBar* bar) {
    const QList<QWidget*> items = visibleItems(bar);
    QVERIFY(items.size() >= 3);
    for (int i = 0; i < items.size(); ++i) {
      const QRect a = items[i]->geometry();
      QVERIFY2(bar->rect().contains(a),
               qPrintable(items[i]->objectName() + " reaches past the status bar's edge"));
      for (int j = i + 1; j < items.size(); ++j)
        QVERIFY2(!a.intersects(items[j]->geometry()),
                 qPrintable(items[i]->objectName() + " overlaps " + items[j]->objectName()));
    }
    for (QLabel* shown : bar->findChildren<QLabel*>()) {
      if (!shown->isVisible() || shown->text().isEmpty()) continue;
      const QString problem = textProblem(shown);
      QVERIFY2(problem.isEmpty(), qPrintable(shown->objectName() + ": " + problem));
    }
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_home.isValid());
    qputenv("XDG_DATA_HOME", m_home.filePath("data").toUtf8());
    qputenv("XDG_CONFIG_HOME", m_home.filePath("config").toUtf8());
    qunsetenv("MASKLET_MODEL_DIR");
  }

  void aLongMessageAndLongPermanentTextsDoNotCutEachOther() {
    MainWindow window;
    window.resize(1024, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    label(window, "promptTimeLabel")->setText("prompt 90 ms + image encode 451 ms");
    label(window, "modelStatusLabel")
        ->setText("model: mini sam2.1_hiera_tiny.pt (SAM 2.1 tiny, 38.9 M parameters, fp32)");
    label(window, "precisionLabel")->setText("precision: fp32 (bf16 is slower on this CPU)");
    QLabel* progress = label(window, "trackingProgressLabel");
    progress->setText("frame 1234 of 5678 · 12.3 frames/s · 5 min 20 s left");
    progress->setVisible(true);
    window.statusBar()->showMessage(kLongMessage);
    QTest::qWait(50);  // the bar lays itself out again
    saveShot(window, "status_bar_long_texts");
    verifyMessageShown(window.statusBar());
    verifyNoOverlapAndWholeTexts(window.statusBar());
  }

  void permanentTextsThatFitStayWholeAndTheMessageGivesWay() {
    MainWindow window;  // its own size (1280 x 820)
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    label(window, "promptTimeLabel")->setText("prompt 29 ms");
    window.statusBar()->showMessage("Tracking forward... (Esc cancels) " + kLongMessage);
    QTest::qWait(50);
    saveShot(window, "status_bar_long_message");
    verifyMessageShown(window.statusBar());
    verifyNoOverlapAndWholeTexts(window.statusBar());
    for (QLabel* shown : window.statusBar()->findChildren<QLabel*>()) {
      if (!shown->isVisible() || shown->text() == window.statusBar()->currentMessage()) continue;
      QVERIFY2(shown->fontMetrics().horizontalAdvance(shown->text()) <=
                   shown->contentsRect().width() - 2 * shown->margin(),
               qPrintable(shown->objectName() + " is not whole: " + shown->text()));
    }
  }
};

MASKLET_TEST_MAIN(TestStatusBar)
#include "test_status_bar.moc"
