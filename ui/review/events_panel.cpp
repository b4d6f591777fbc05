#include "ui/review/events_panel.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace masklet::ui {

namespace {

enum Column { FrameColumn, ObjectColumn, KindColumn, ValueColumn };

QString kindText(project::ReviewEvent::Kind kind) {
  switch (kind) {
    case project::ReviewEvent::Kind::Disappears:
      return EventsPanel::tr("Disappears");
    case project::ReviewEvent::Kind::Reappears:
      return EventsPanel::tr("Reappears");
    case project::ReviewEvent::Kind::AreaJump:
      return EventsPanel::tr("Area jump");
    case project::ReviewEvent::Kind::IouDrop:
      return EventsPanel::tr("Shape change");
  }
  return {};
}

}  // namespace

EventsPanel::EventsPanel(QWidget* parent)
    : QWidget(parent), m_summary(new QLabel(this)), m_list(new QTreeWidget(this)) {
  setObjectName("eventsPanel");
  m_list->setObjectName("eventsList");
  m_list->setColumnCount(4);
  m_list->setHeaderLabels({tr("Frame"), tr("Object"), tr("Event"), tr("Value")});
  m_list->setRootIsDecorated(false);
  m_list->setUniformRowHeights(true);
  m_list->setSelectionMode(QAbstractItemView::SingleSelection);
  m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
  m_list->header()->setStretchLastSection(true);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_summary);
  layout->addWidget(m_list, 1);
  // A click and the keyboard (Enter on the selected row) both jump; a style that activates on a
  // single click reports the click as an activation too, so it is heard once.
  connect(m_list, &QTreeWidget::itemActivated, this,
          [this](QTreeWidgetItem* item) { onItem(item); });
  connect(m_list, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) {
    if (!m_list->style()->styleHint(QStyle::SH_ItemView_ActivateItemOnSingleClick, nullptr, m_list))
      onItem(item);
  });
  setEvents({});
}

QString EventsPanel::valueText(const project::ReviewEvent& event) {
  const QLocale locale;
  switch (event.kind) {
    case project::ReviewEvent::Kind::Disappears:
    case project::ReviewEvent::Kind::Reappears:
      return tr("score %1").arg(locale.toString(event.value, 'f', 2));
    case project::ReviewEvent::Kind::AreaJump:
      return tr("area x%1").arg(locale.toString(event.value, 'f', 2));
    case project::ReviewEvent::Kind::IouDrop:
      return tr("IoU %1").arg(locale.toString(event.value, 'f', 2));
  }
  return {};
}

void EventsPanel::setEvents(const std::vector<project::ReviewEvent>& events,
                            const std::map<int, QString>& objectNames) {
  if (m_shown && events == m_events && objectNames == m_names) return;
  m_shown = true;
  m_events = events;
  m_names = objectNames;
  m_list->clear();
  QList<QTreeWidgetItem*> items;
  for (size_t i = 0; i < events.size(); ++i) {
    const auto& event = events[i];
    const auto name = objectNames.find(event.objectId);
    auto* item = new QTreeWidgetItem;
    item->setText(FrameColumn, QString::number(event.frame));
    item->setText(ObjectColumn,
                  name != objectNames.end() ? name->second : tr("object %1").arg(event.objectId));
    item->setText(KindColumn, kindText(event.kind));
    item->setText(ValueColumn, valueText(event));
    item->setData(FrameColumn, Qt::UserRole, qulonglong(i));
    item->setTextAlignment(FrameColumn, Qt::AlignRight | Qt::AlignVCenter);
    items << item;
  }
  m_list->addTopLevelItems(items);
  m_summary->setText(events.empty()
                         ? tr("No events: every track runs smoothly.")
                         : tr("%n event(s); click one to go there.", nullptr, int(events.size())));
}

void EventsPanel::showEvents(const project::Document& document,
                             const project::ReviewSignals& signals,
                             const project::ReviewThresholds& thresholds) {
  std::vector<int> ids;
  std::map<int, QString> names;
  for (const auto& object : document.objects()) {
    ids.push_back(object.id);
    names[object.id] = QString::fromStdString(object.name);
  }
  setEvents(project::findEvents(signals, ids, thresholds), names);
}

int EventsPanel::rowCount() const {
  return m_list->topLevelItemCount();
}

void EventsPanel::onItem(QTreeWidgetItem* item) {
  if (item == nullptr) return;
  const auto index = size_t(item->data(FrameColumn, Qt::UserRole).toULongLong());
  if (index >= m_events.size()) return;
  Q_EMIT frameRequested(m_events[index].frame, m_events[index].objectId);
}

}  // namespace masklet::ui
