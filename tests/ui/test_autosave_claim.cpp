// Two Masklets at once: the first claims the video's autosave, the second autosaves under a
// name of its own and sees the first one's as held (not to be offered for recovery); closing
// the first releases it; the lock of a crashed Masklet (its process gone) is stale, so its
// autosave is free again.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include "ui/files/autosave_claim.h"

using masklet::ui::AutosaveClaim;

class TestAutosaveClaim : public QObject {
  Q_OBJECT

  QTemporaryDir m_dir;

 private Q_SLOTS:
  void secondInstanceWritesItsOwnAutosave() {
    const QString folder = m_dir.filePath("autosave");
    AutosaveClaim first;
    const QString primary = first.pathFor(folder, "clip");
    QCOMPARE(primary, folder + "/clip.masklet");
    QVERIFY(QFile::exists(primary + ".lock"));
    QVERIFY(!first.heldElsewhere(primary));  // its own

    AutosaveClaim second;
    const QString own = second.pathFor(folder, "clip");
    QCOMPARE(own,
             QString("%1/clip-%2.masklet").arg(folder).arg(QCoreApplication::applicationPid()));
    QVERIFY(second.heldElsewhere(primary));
    QVERIFY(first.heldElsewhere(own));
    QCOMPARE(second.pathFor(folder, "clip"), own);  // stable while the video stays open

    // The first moves to another video: its old autosave is free for the others.
    QCOMPARE(first.pathFor(folder, "other"), folder + "/other.masklet");
    QVERIFY(!second.heldElsewhere(primary));
    AutosaveClaim third;
    QCOMPARE(third.pathFor(folder, "clip"), primary);
  }

  void aCrashedInstancesLockIsStale() {
    const QString folder = m_dir.filePath("crashed");
    QDir().mkpath(folder);
    // A process that has ended; its pid is no longer running.
    QProcess gone;
    gone.start("true", {});
    QVERIFY(gone.waitForFinished(10000));
    const qint64 deadPid = gone.processId() > 0 ? gone.processId() : 999999;
    QFile lock(folder + "/clip.masklet.lock");
    QVERIFY(lock.open(QIODevice::WriteOnly));
    // QLockFile's format: pid, application name, host name.
    lock.write(QString("%1\nmasklet\n%2\n").arg(deadPid).arg(QSysInfo::machineHostName()).toUtf8());
    lock.close();

    AutosaveClaim probe;
    QVERIFY(!probe.heldElsewhere(folder + "/clip.masklet"));
    AutosaveClaim next;
    QCOMPARE(next.pathFor(folder, "clip"), folder + "/clip.masklet");
  }
};

MASKLET_TEST_MAIN(TestAutosaveClaim)
#include "test_autosave_claim.moc"
