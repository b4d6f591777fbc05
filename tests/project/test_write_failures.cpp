// A save or an export that cannot be written (full disk, read-only folder) fails with one line
// naming the destination, leaves the previous file or folder byte for byte as it was, and leaves
// no temporary file behind: the project file and every export format, frame images included.
// The full disk is a real 64 KiB tmpfs and a simulated one (dataset/atomic_output.h's hook,
// failing half-way into a file); the read-only folder is a tmpfs remounted read-only (root, in a
// private mount namespace that ends with the test) or a folder without write permission.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QTemporaryDir>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include <opencv2/core.hpp>

#include "common/error.h"
#include "dataset/atomic_output.h"
#include "dataset/dataset_format.h"
#include "dataset/rle.h"
#include "project/project_file.h"

namespace fs = std::filesystem;
using masklet::dataset::Rle;

namespace {

constexpr int kWidth = 160;
constexpr int kHeight = 96;

// Small (a box per frame) or large (noise: every run is short) masks of one object.
Rle maskFor(int frame, bool noise) {
  cv::Mat mask(kHeight, kWidth, CV_8U, cv::Scalar(0));
  if (noise) {
    std::mt19937 random(static_cast<unsigned>(frame) + 1);
    for (int y = 0; y < kHeight; ++y)
      for (int x = 0; x < kWidth; ++x) mask.at<uint8_t>(y, x) = random() & 1;
  } else {
    mask(cv::Rect(10 + frame, 10, 40, 30)) = 1;
  }
  return masklet::dataset::encodeMask(mask);
}

masklet::dataset::VideoAnnotation annotation(int frames, bool noise) {
  masklet::dataset::VideoAnnotation out;
  out.video = {"clip", kWidth, kHeight, frames, 10.0, {}};
  out.categories = {masklet::dataset::defaultCategory()};
  out.objects = {{1, "cup", 1, "manual", std::nullopt}};
  for (int frame = 0; frame < frames; ++frame) {
    masklet::dataset::MaskAnnotation mask;
    mask.rle = maskFor(frame, noise);
    mask.predictedIou = 0.9;
    out.frames[frame][1] = mask;
  }
  return out;
}

masklet::project::DocumentState documentState(int frames, bool noise) {
  masklet::project::DocumentState state;
  state.video = {"/videos/clip.mp4", "clip", kWidth, kHeight, frames, 10.0, "abc"};
  state.categories = {masklet::dataset::defaultCategory()};
  state.objects = {{1, "cup", 0xff0000, 1, true}};
  state.nextObjectId = 2;
  for (int frame = 0; frame < frames; ++frame)
    state.masks[{frame, 1}] = {maskFor(frame, noise), masklet::project::MaskSource::Tracked, {}};
  return state;
}

// The output of `target` ("project", a dataset format name, or "<format>+images": with the
// frame images beside it, PNGs of noise or of one colour), with `frames` frames.
void writeTarget(const QString& target, const fs::path& destination, int frames, bool noise) {
  if (target == "project") {
    masklet::project::saveDocument(documentState(frames, noise), destination);
    return;
  }
  masklet::dataset::DatasetWriteOptions options;
  if (target.endsWith("+images")) {
    options.images.extension = "png";
    options.images.provider = [noise](int frame) {
      cv::Mat image(kHeight, kWidth, CV_8UC3, cv::Scalar(frame, 80, 160));
      if (noise) cv::randu(image, cv::Scalar::all(0), cv::Scalar::all(256));
      return image;
    };
  }
  const QString format = target.section('+', 0, 0);
  masklet::dataset::writeDataset(annotation(frames, noise), destination,
                                 masklet::dataset::parseFormatName(format.toStdString()), options);
}

fs::path destinationFor(const QString& target) {
  if (target == "project") return "clip.masklet";
  const std::string name = "clip_" + target.section('+', 0, 0).toStdString();
  if (target.startsWith("sa1b") || target == "png") return name;
  return name + ".json";
}

// Every file under `folder` (hidden ones too) with its bytes: what "nothing changed" compares.
std::map<std::string, std::string> snapshot(const fs::path& folder) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    const std::string name = fs::relative(entry.path(), folder).string();
    if (entry.is_directory()) {
      files[name + "/"] = "";
      continue;
    }
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    files[name] = bytes.str();
  }
  return files;
}

QString describe(const std::map<std::string, std::string>& files) {
  QStringList names;
  for (const auto& [name, bytes] : files) names << QString::fromStdString(name);
  return names.join(", ");
}

// A tmpfs mounted on `folder` while it lives (root only; see enterPrivateMounts).
class Tmpfs {
 public:
  explicit Tmpfs(const fs::path& folder, const char* options) : m_folder(folder) {
    fs::create_directories(folder);
    m_mounted = ::mount("tmpfs", folder.c_str(), "tmpfs", 0, options) == 0;
    if (!m_mounted) m_error = std::strerror(errno);
  }
  ~Tmpfs() {
    if (m_mounted) ::umount2(m_folder.c_str(), MNT_DETACH);
  }
  bool mounted() const { return m_mounted; }
  QString error() const { return QString::fromStdString(m_error); }
  bool remountReadOnly() {
    return ::mount("tmpfs", m_folder.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr) == 0;
  }

 private:
  fs::path m_folder;
  bool m_mounted = false;
  std::string m_error;
};

}  // namespace

class TestWriteFailures : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  QString m_noMounts;  // why tmpfs cases cannot run here ("" = they can)
  int m_case = 0;

  fs::path freshFolder() {
    const fs::path folder = m_dir.filePath(QString("case%1").arg(m_case++)).toStdString();
    fs::create_directories(folder);
    return folder;
  }

  static void addTargets() {
    QTest::addColumn<QString>("target");
    for (const char* target :
         {"project", "coco", "sav", "sa1b", "png", "coco+images", "sa1b+images"})
      QTest::newRow(target) << QString(target);
  }

  // Writes the large output over the small one in `folder` and expects `reason` in one line
  // naming the destination, with the folder exactly as before.
  static void expectRefusedAndIntact(const QString& target, const fs::path& folder,
                                     const QString& reason) {
    const fs::path destination = folder / destinationFor(target);
    const auto before = snapshot(folder);
    QString message;
    try {
      writeTarget(target, destination, 60, true);
    } catch (const masklet::Error& error) {
      message = error.what();
    }
    masklet::dataset::simulateFullDiskForNextWrites(0);
    QVERIFY2(!message.isEmpty(), "the write did not fail");
    QVERIFY2(!message.contains('\n'), qPrintable(message));
    // COCO's frame images are written first, into a folder named after the video.
    const fs::path named = target == "coco+images" ? folder / "clip" : destination;
    QVERIFY2(message.contains(QString::fromStdString(named.string())), qPrintable(message));
    QVERIFY2(message.contains(reason), qPrintable(message));
    const auto after = snapshot(folder);
    QVERIFY2(after == before,
             qPrintable("before: " + describe(before) + "\nafter: " + describe(after)));
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    // Mounts live in this process's own mount namespace: nothing is left mounted on the host,
    // whatever happens to the test.
    if (::geteuid() != 0) {
      m_noMounts = "not root";
    } else if (::unshare(CLONE_NEWNS) != 0 ||
               ::mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
      m_noMounts = QString("no private mount namespace: ") + std::strerror(errno);
    }
  }

  void simulatedFullDisk_data() { addTargets(); }
  void simulatedFullDisk() {
    QFETCH(QString, target);
    const fs::path folder = freshFolder();
    writeTarget(target, folder / destinationFor(target), 2, false);
    // The first file fails; for the folders also a later one, with files already written.
    masklet::dataset::simulateFullDiskForNextWrites(1);
    expectRefusedAndIntact(target, folder, "No space left on device");
    if (target == "sa1b" || target == "png" || target.endsWith("+images")) {
      masklet::dataset::simulateFullDiskForNextWrites(1, 5);
      expectRefusedAndIntact(target, folder, "No space left on device");
    }
    // Without the failure the same write goes through and replaces the output, leaving no
    // temporary file either.
    const auto before = snapshot(folder);
    writeTarget(target, folder / destinationFor(target), 60, true);
    const auto after = snapshot(folder);
    QVERIFY(after != before);
    for (const auto& [name, bytes] : after) QVERIFY2(name[0] != '.', name.c_str());
  }

  void fullTmpfs_data() { addTargets(); }
  void fullTmpfs() {
    if (!m_noMounts.isEmpty()) QSKIP(qPrintable("cannot mount a small tmpfs: " + m_noMounts));
    QFETCH(QString, target);
    const fs::path folder = freshFolder();
    Tmpfs tmpfs(folder, "size=64k");
    if (!tmpfs.mounted()) QSKIP(qPrintable("mount -t tmpfs failed: " + tmpfs.error()));
    writeTarget(target, folder / destinationFor(target), 2, false);
    expectRefusedAndIntact(target, folder, "No space left on device");
  }

  void readOnlyFolder_data() { addTargets(); }
  void readOnlyFolder() {
    QFETCH(QString, target);
    const fs::path folder = freshFolder();
    if (::geteuid() != 0) {  // permissions hold for users other than root
      writeTarget(target, folder / destinationFor(target), 2, false);
      fs::permissions(folder, fs::perms::owner_write, fs::perm_options::remove);
      expectRefusedAndIntact(target, folder, "Permission denied");
      fs::permissions(folder, fs::perms::owner_write, fs::perm_options::add);
      return;
    }
    if (!m_noMounts.isEmpty()) QSKIP(qPrintable("root needs a read-only mount: " + m_noMounts));
    Tmpfs tmpfs(folder, "size=4m");
    if (!tmpfs.mounted()) QSKIP(qPrintable("mount -t tmpfs failed: " + tmpfs.error()));
    writeTarget(target, folder / destinationFor(target), 2, false);
    QVERIFY2(tmpfs.remountReadOnly(), std::strerror(errno));
    expectRefusedAndIntact(target, folder, "Read-only file system");
  }

  // A writer killed mid-write leaves a hidden temporary; the next start removes those whose
  // process is gone, and nothing else.
  void abandonedTemporariesAreRemoved() {
    const fs::path folder = freshFolder();
    const pid_t dead = ::fork();
    if (dead == 0) ::_exit(0);
    QVERIFY(dead > 0);
    int status = 0;
    QCOMPARE(::waitpid(dead, &status, 0), dead);  // reaped: that pid is gone
    const std::string gone = std::to_string(dead), alive = std::to_string(::getpid());
    const auto touch = [](const fs::path& path) { std::ofstream(path) << "x"; };
    touch(folder / ("." + std::string("clip.masklet.tmp-") + gone + "-0"));
    fs::create_directories(folder / (".clip_sa1b.partial-" + gone + "-3") / "sub");
    touch(folder / (".clip_sa1b.partial-" + gone + "-3") / "sub" / "00000.json");
    const std::vector<std::string> kept = {
        ".clip_sa1b.old-" + gone + "-1",      // the previous output set aside: maybe the only copy
        ".clip.masklet.tmp-" + alive + "-0",  // a writer still running
        "clip.masklet",                       // the autosave itself
        ".notes.tmp-abc-1",                   // not a name the writers make
        ".tmp-" + gone + "-2",                // nor this
    };
    fs::create_directory(folder / kept[0]);
    for (std::size_t i = 1; i < kept.size(); ++i) touch(folder / kept[i]);
    QCOMPARE(masklet::dataset::removeAbandonedTemporaries(folder), 2);
    std::set<std::string> left;
    for (const auto& entry : fs::directory_iterator(folder))
      left.insert(entry.path().filename().string());
    QCOMPARE(left, std::set<std::string>(kept.begin(), kept.end()));
    QCOMPARE(masklet::dataset::removeAbandonedTemporaries(folder / "missing"), 0);
  }
};

MASKLET_TEST_MAIN(TestWriteFailures)
#include "test_write_failures.moc"
