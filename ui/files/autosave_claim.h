#pragma once
// Which autosave file this Masklet writes for the open video, claimed with a lock file next to
// it. A second Masklet running at the same time therefore neither offers the first one's live
// autosave for recovery nor writes over it (it autosaves to a name of its own). When a Masklet
// crashes, its lock goes stale (the process is gone) and its autosave is offered again.
// GUI thread only.
#include <QString>
#include <memory>

class QLockFile;

namespace masklet::ui {

class AutosaveClaim {
 public:
  AutosaveClaim();
  ~AutosaveClaim();
  AutosaveClaim(const AutosaveClaim&) = delete;
  AutosaveClaim& operator=(const AutosaveClaim&) = delete;

  // The autosave to write for the video named `stem`: "<folder>/<stem>.masklet", or, while
  // another running Masklet holds that one, "<folder>/<stem>-<pid>.masklet". Claims it (and
  // releases the previous video's) on the first call for a stem.
  QString pathFor(const QString& folder, const QString& stem);
  // True when another running Masklet holds `autosave` (its lock is live and not ours).
  bool heldElsewhere(const QString& autosave) const;

 private:
  bool claim(const QString& autosave);

  QString m_stem;
  QString m_path;
  std::unique_ptr<QLockFile> m_lock;
};

}  // namespace masklet::ui
