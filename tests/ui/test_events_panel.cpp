// The events panel lists a document's track events in frame order with readable values, and a
// click on a row (or Enter on it) asks for that frame and object.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTreeWidget>
#include <opencv2/core.hpp>

#include "project/review_events.h"
#include "ui/review/events_panel.h"

using masklet::project::Document;
using masklet::project::MaskSource;
using masklet::project::ObjectMask;
using masklet::project::ReviewEvent;
using masklet::ui::EventsPanel;

namespace {

ObjectMask box(int x, int w, double score) {
  cv::Mat mask = cv::Mat::zeros(20, 40, CV_8U);
  if (w > 0) mask(cv::Rect(x, 2, w, 10)).setTo(1);
  return {masklet::dataset::encodeMask(mask), MaskSource::Tracked, {score, 0.9}};
}

}  // namespace

class TestEventsPanel : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { QLocale::setDefault(QLocale::c()); }

  void listsTheDocumentsEventsAndJumpsOnClick() {
    Document doc;
    doc.reset({"v.mp4", "v", 40, 20, 10, 25.0, ""});
    const int dog = doc.addObject("dog"), cat = doc.addObject("cat");
    // dog: lost on frame 2, back on 3; cat: doubles its width on frame 4.
    const std::vector<std::pair<ObjectMask, ObjectMask>> frames{{box(5, 6, 2.0), box(20, 5, 2.0)},
                                                                {box(5, 6, 2.0), box(20, 5, 2.0)},
                                                                {box(0, 0, -1.5), box(20, 5, 2.0)},
                                                                {box(5, 6, 0.75), box(20, 5, 2.0)},
                                                                {box(5, 6, 2.0), box(20, 15, 2.0)}};
    for (int f = 0; f < int(frames.size()); ++f)
      doc.setMasks("track", f, {{dog, frames[size_t(f)].first}, {cat, frames[size_t(f)].second}});
    const masklet::project::ReviewSignals signals(doc.state());

    EventsPanel panel;
    panel.resize(420, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.showEvents(doc, signals, masklet::project::ReviewThresholds{});
    // Frame 4: cat's area x3 and its mask overlaps the previous by a third.
    QCOMPARE(panel.rowCount(), 4);
    QTreeWidget* list = panel.list();
    auto row = [&](int i) {
      QStringList cells;
      for (int c = 0; c < 4; ++c) cells << list->topLevelItem(i)->text(c);
      return cells.join('|');
    };
    QCOMPARE(row(0), QString("2|dog|Disappears|score -1.50"));
    QCOMPARE(row(1), QString("3|dog|Reappears|score 0.75"));
    QCOMPARE(row(2), QString("4|cat|Area jump|area x3.00"));
    QCOMPARE(row(3), QString("4|cat|Shape change|IoU 0.33"));

    QSignalSpy requested(&panel, &EventsPanel::frameRequested);
    QTreeWidgetItem* item = list->topLevelItem(2);
    const QRect rect = list->visualItemRect(item);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.at(0).at(0).toInt(), 4);
    QCOMPARE(requested.at(0).at(1).toInt(), cat);

    list->setCurrentItem(list->topLevelItem(0));
    list->setFocus();
    QTest::keyClick(list, Qt::Key_Return);
    QVERIFY(requested.count() >= 2);
    QCOMPARE(requested.last().at(0).toInt(), 2);
    QCOMPARE(requested.last().at(1).toInt(), dog);

    // The window shows the events again after every document change: unchanged, the list
    // keeps its rows and the reviewer's selection.
    QTreeWidgetItem* selected = list->currentItem();
    panel.showEvents(doc, signals, masklet::project::ReviewThresholds{});
    QCOMPARE(list->currentItem(), selected);
    doc.renameObject(cat, "tabby");
    panel.showEvents(doc, masklet::project::ReviewSignals(doc.state()),
                     masklet::project::ReviewThresholds{});
    QCOMPARE(row(2), QString("4|tabby|Area jump|area x3.00"));
  }

  void emptyListSaysSo() {
    EventsPanel panel;
    panel.setEvents({{7, 3, ReviewEvent::Kind::IouDrop, 0.125}});
    QCOMPARE(panel.rowCount(), 1);
    QCOMPARE(panel.list()->topLevelItem(0)->text(1), QString("object 3"));
    panel.setEvents({});
    QCOMPARE(panel.rowCount(), 0);
    QVERIFY(panel.findChild<QLabel*>()->text().startsWith("No events"));
  }
};

MASKLET_TEST_MAIN(TestEventsPanel)
#include "test_events_panel.moc"
