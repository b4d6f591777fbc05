// A project save that cannot be written (a full disk, a folder that cannot hold files) is shown
// to the user as one line, the document stays modified (nothing pretends it was saved), and the
// file saved before is byte for byte what it was. A later save that works clears the state.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>

#include "dataset/atomic_output.h"
#include "fixture_gui.h"
#include "ui/files/project_controller.h"
#include "ui/window/main_window.h"

using masklet::ui::MainWindow;
using masklet::ui::ProjectController;

namespace {

QByteArray readAll(const QString& path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Saves through the controller and waits for its answer; returns the error ("" = saved).
QString saveAndWait(ProjectController* projects, const QString& path) {
  bool answered = false;
  QString result;
  projects->saveTo(path, [&](const QString& error) {
    answered = true;
    result = error;
  });
  if (!QTest::qWaitFor([&] { return answered; }, 30000)) return "no answer within 30 s";
  return result;
}

}  // namespace

class TestSaveFailure : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  QString m_video;

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    // No model is needed to edit and save a document; none is looked for outside this folder.
    masklet::test::isolateUserFolders(m_dir);
    qunsetenv("MASKLET_MODEL_DIR");
    m_video = m_dir.filePath("clip.mp4");
    QVERIFY(masklet::test::makeTestClip(m_video, 1));
  }

  void failedSaveIsShownAndKeepsThePreviousFile() {
    MainWindow window;
    ProjectController* projects = window.projects();
    QSignalSpy failed(projects, &ProjectController::failed);
    window.show();
    window.openMedia(m_video);
    QTRY_VERIFY_WITH_TIMEOUT(window.document().video().frameCount == 10, 60000);
    auto& document = window.document();
    document.addObject("cup");
    const QString path = m_dir.filePath("clip.masklet");
    QCOMPARE(saveAndWait(projects, path), QString());
    QVERIFY(!document.isModified());
    const QByteArray saved = readAll(path);
    QVERIFY(!saved.isEmpty());

    // The disk fills up half-way into the new file.
    document.addObject("lid");
    QVERIFY(document.isModified());
    masklet::dataset::simulateFullDiskForNextWrites(1);
    const QString error = saveAndWait(projects, path);
    masklet::dataset::simulateFullDiskForNextWrites(0);
    QVERIFY2(error.contains("previous file is intact") && error.contains(path) &&
                 error.contains("No space left on device") && !error.contains('\n'),
             qPrintable(error));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.at(0).at(0).toString(), error);
    QCOMPARE(window.statusBar()->currentMessage(), error);
    QVERIFY(document.isModified());
    QCOMPARE(readAll(path), saved);
    QCOMPARE(
        QDir(m_dir.path()).entryList(QStringList{"*clip.masklet*"}, QDir::Files | QDir::Hidden),
        QStringList{"clip.masklet"});

    // A folder that cannot hold a file: its "folder" is a file (root included).
    const QString impossible = path + "/inside.masklet";
    const QString second = saveAndWait(projects, impossible);
    QVERIFY2(second.contains(impossible) && !second.contains('\n'), qPrintable(second));
    QCOMPARE(failed.count(), 2);
    QVERIFY(document.isModified());
    QCOMPARE(readAll(path), saved);
    QCOMPARE(projects->projectPath(), path);  // Ctrl+S still goes to the file that exists

    // Once the disk has room again, the same save works and the document is saved.
    QCOMPARE(saveAndWait(projects, path), QString());
    QVERIFY(!document.isModified());
    QVERIFY(readAll(path) != saved);
  }
};

MASKLET_TEST_MAIN(TestSaveFailure)
#include "test_save_failure.moc"
