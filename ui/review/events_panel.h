#pragma once
// Review assist: the list of track events (an object disappears or reappears, its area jumps,
// its mask stops matching the previous frame's), one row each, by frame. Clicking a row asks
// for that frame and object (frameRequested); the owner moves the view there. GUI thread.
#include <QWidget>
#include <map>
#include <vector>

#include "project/review_events.h"

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace masklet::ui {

class EventsPanel : public QWidget {
  Q_OBJECT

 public:
  explicit EventsPanel(QWidget* parent = nullptr);

  // Shows these events; `objectNames` (object id -> name) labels the rows ("object 3" if absent).
  // The same events and names again leave the list as it is (selection, scroll position): the
  // window calls this after every document change.
  void setEvents(const std::vector<project::ReviewEvent>& events,
                 const std::map<int, QString>& objectNames = {});
  // The events of every object of the document, from its signals (names from the document).
  void showEvents(const project::Document& document, const project::ReviewSignals& signals,
                  const project::ReviewThresholds& thresholds);
  const std::vector<project::ReviewEvent>& events() const { return m_events; }
  int rowCount() const;
  QTreeWidget* list() const { return m_list; }

  // "score -2.31", "area x4.00", "IoU 0.25": the row's value column.
  static QString valueText(const project::ReviewEvent& event);

 Q_SIGNALS:
  void frameRequested(int frame, int objectId);

 private:
  void onItem(QTreeWidgetItem* item);

  QLabel* m_summary;
  QTreeWidget* m_list;
  std::vector<project::ReviewEvent> m_events;
  std::map<int, QString> m_names;
  bool m_shown = false;  // setEvents ran once (the first empty list still needs its summary)
};

}  // namespace masklet::ui
