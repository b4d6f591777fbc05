#include "ui/prompt_edit_command.h"

namespace masklet::ui {

PromptEditCommand::PromptEditCommand(const QString& text, int frame, int objectId,
                                     project::FramePrompts before, project::FramePrompts after,
                                     Apply apply)
    : QUndoCommand(text),
      m_frame(frame),
      m_objectId(objectId),
      m_before(std::move(before)),
      m_after(std::move(after)),
      m_apply(std::move(apply)) {}

void PromptEditCommand::undo() {
  m_apply(m_frame, m_objectId, m_before);
  m_applied = false;
}

void PromptEditCommand::redo() {
  if (m_applied) return;  // pushed after the edit was made
  m_apply(m_frame, m_objectId, m_after);
  m_applied = true;
}

}  // namespace masklet::ui
