// Files an attacker (or a bad download) could hand the checkpoint reader, each built here byte
// by byte: every one is refused with one line naming the problem, nothing is executed, the
// stack and memory stay bounded.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <filesystem>
#include <fstream>
#include <functional>
#include <random>

#include "checkpoint_writer_test_util.h"
#include "common/error.h"
#include "model/checkpoint_reader.h"
#include "shared_data.h"

using namespace masklet;

namespace {

// A pickle for {"w": tensor} whose one tensor has the given view of a float storage of
// `claimedNumel` elements, `recordFloats` of which are in the data record.
std::string viewPickle(int64_t offset, const std::vector<int64_t>& sizes,
                       const std::vector<int64_t>& strides, int64_t claimedNumel) {
  test::PickleBytes p;
  p.op('\x80').op('\x02').op('}').text("w");
  p.global("torch._utils", "_rebuild_tensor_v2").op('(');
  p.op('(').text("storage").global("torch", "FloatStorage").text("0").text("cpu");
  p.integer(claimedNumel).op('t').op('Q');
  p.integer(offset).op('(');
  for (int64_t size : sizes) p.integer(size);
  p.op('t').op('(');
  for (int64_t stride : strides) p.integer(stride);
  p.op('t').op('\x89').global("collections", "OrderedDict").op(')').op('R').op('t').op('R');
  p.op('s').op('.');
  return p.bytes();
}

std::string readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void putUint32(std::string& bytes, size_t at, uint32_t value) {
  for (int i = 0; i < 4; ++i, value >>= 8) bytes[at + i] = static_cast<char>(value & 0xff);
}

// Offset of the central directory header of the record whose name ends with `suffix`.
size_t centralHeaderOf(const std::string& zip, const std::string& suffix) {
  for (size_t at = zip.find("PK\x01\x02"); at != std::string::npos;
       at = zip.find("PK\x01\x02", at + 1)) {
    const size_t nameLength = uint8_t(zip[at + 28]) | (uint8_t(zip[at + 29]) << 8);
    const std::string name = zip.substr(at + 46, nameLength);
    if (name.size() >= suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
      return at;
  }
  throw std::runtime_error("test: no central header for " + suffix);
}

}  // namespace

class TestHostileCheckpoints : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void emptyFile() { refusedWith(write("empty.pt", ""), {"is empty (0 bytes)", "torch.save"}); }

  void randomBytes() {
    std::mt19937 random(13);
    std::string bytes(4096, '\0');
    for (char& c : bytes) c = static_cast<char>(random() & 0xff);
    bytes[0] = 'x';  // neither a zip nor a pickle by construction
    refusedWith(write("random.pt", bytes),
                {"is not a readable PyTorch checkpoint", "not a zip archive", "torch.save"});
  }

  void legacyRawPickle() {
    // What torch.save wrote before PyTorch 1.6: the pickled magic number, then more pickles.
    const std::string legacy =
        std::string("\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19.", 15) +
        "\x80\x02K\xe9.";
    refusedWith(write("legacy.pt", legacy), {"is not a readable PyTorch checkpoint", "raw pickle",
                                             "legacy", "torch.save it again"});
  }

  void zipWithoutDataPkl() {
    const std::string path = QDir(m_dir.path()).filePath("nodata.pt").toStdString();
    {
      caffe2::serialize::PyTorchStreamWriter writer(path);
      const std::string text = "not a checkpoint";
      writer.writeRecord("notes.txt", text.data(), text.size());
      writer.writeEndOfFile();
    }
    refusedWith(path, {"is a zip archive but not a torch.save checkpoint", "no data.pkl"});
  }

  void truncatedZipDirectory() {
    const std::string path = smallCheckpoint("whole.pt");
    const std::string bytes = readAll(path);
    refusedWith(write("cut.pt", bytes.substr(0, bytes.size() - 30)),
                {"is not a readable PyTorch checkpoint", "truncated"});
  }

  void zipEntryLargerThanTheFile() {
    std::string bytes = readAll(smallCheckpoint("big.pt"));
    const size_t header = centralHeaderOf(bytes, "data.pkl");
    putUint32(bytes, header + 20, 0x7fffffff);  // compressed size
    putUint32(bytes, header + 24, 0x7fffffff);  // uncompressed size
    refusedWith(write("big-entry.pt", bytes), {"data.pkl' claims 2147483647 bytes", "beyond"});
  }

  void compressedZipEntry() {
    std::string bytes = readAll(smallCheckpoint("deflate.pt"));
    bytes[centralHeaderOf(bytes, "data.pkl") + 10] = 8;  // method: deflate
    refusedWith(write("deflated.pt", bytes), {"compressed zip entry", "re-zipped"});
  }

  void damagedRecordFailsItsChecksum() {
    std::string bytes = readAll(smallCheckpoint("crc.pt"));
    const size_t header = centralHeaderOf(bytes, "data/0");
    // The record's data: after its local header (30 bytes + name + extra).
    const size_t local = uint8_t(bytes[header + 42]) | (uint8_t(bytes[header + 43]) << 8) |
                         (uint8_t(bytes[header + 44]) << 16) | (uint8_t(bytes[header + 45]) << 24);
    const size_t data = local + 30 +
                        (uint8_t(bytes[local + 26]) | (uint8_t(bytes[local + 27]) << 8)) +
                        (uint8_t(bytes[local + 28]) | (uint8_t(bytes[local + 29]) << 8));
    bytes[data] = static_cast<char>(bytes[data] ^ 0x5a);
    refusedWith(write("flipped.pt", bytes), {"data/0' does not match its checksum"});
  }

  void deepNesting_data() {
    QTest::addColumn<QString>("kind");
    QTest::newRow("tuples") << "tuples";
    QTest::newRow("lists") << "lists";
    QTest::newRow("dicts") << "dicts";
  }
  void deepNesting() {
    // Deep enough to overflow the stack of whatever walks or frees the tree recursively (the
    // unpickler is a loop); lists and dicts fewer, or the object budget refuses them first.
    QFETCH(QString, kind);
    const size_t levels = kind == "tuples" ? 1000000 : 20000;
    std::string pickle = "\x80\x02";
    if (kind == "tuples") {
      pickle += ')' + std::string(levels, '\x85');
    } else if (kind == "lists") {
      pickle += std::string(levels, ']') + std::string(levels - 1, 'a');
    } else {
      for (size_t i = 0; i < levels; ++i) pickle += "}K\x01";
      pickle += '}' + std::string(levels, 's');
    }
    pickle += '.';
    refusedWith(zip("deep-" + kind.toStdString() + ".pt", pickle),
                {"nests more than 100 levels deep"});
  }

  void memoCycles_data() {
    QTest::addColumn<QByteArray>("pickle");
    // d = {}; d[1] = d
    QTest::newRow("dict holds itself") << QByteArray("\x80\x02}q\x00K\x01h\x00s.", 11);
    // l = []; l.append(l)
    QTest::newRow("list holds itself") << QByteArray(
        "\x80\x02]q\x00h\x00"
        "a.",
        9);
    // a = []; b = [a]; a.append(b)
    QTest::newRow("two lists hold each other") << QByteArray(
        "\x80\x02]q\x00]q\x01h\x00"
        "aa.",
        13);
  }
  void memoCycles() {
    QFETCH(QByteArray, pickle);
    refusedWith(zip("cycle.pt", pickle.toStdString()), {"reference cycle"});
  }

  void hugeMemoIndex() {
    // LONG_BINPUT 2^31: a memo that large would be allocated before anything else fails.
    refusedWith(zip("memo.pt", std::string("\x80\x02}r\xff\xff\xff\x7f.", 9)),
                {"memo index 2147483647 out of order"});
  }

  void millionsOfObjectsExceedTheBudget() {
    // 4 MB of EMPTY_DICT: each byte makes an object of ~150 bytes, far beyond 2 x the file.
    std::string pickle = "\x80\x02" + std::string(4 << 20, '}') + ".";
    refusedWith(zip("objects.pt", pickle), {"MiB to read", "refusing it"});
  }

  void tensorViews_data() {
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<QVector<qint64>>("sizes");
    QTest::addColumn<QVector<qint64>>("strides");
    QTest::addColumn<qint64>("claimedNumel");
    QTest::addColumn<QString>("expected");
    // The record always holds 4 floats.
    QTest::newRow("offset beyond the record")
        << qint64(10) << QVector<qint64>{1} << QVector<qint64>{1} << qint64(4)
        << "exceeds its storage '0' (4 elements)";
    QTest::newRow("size beyond the record") << qint64(0) << QVector<qint64>{5} << QVector<qint64>{1}
                                            << qint64(4) << "exceeds its storage";
    QTest::newRow("stride beyond the record")
        << qint64(0) << QVector<qint64>{2, 2} << QVector<qint64>{1, 3} << qint64(4)
        << "exceeds its storage";
    QTest::newRow("overflowing stride")
        << qint64(0) << QVector<qint64>{4, 4} << QVector<qint64>{1, qint64(1) << 62} << qint64(4)
        << "overflows";
    QTest::newRow("negative offset") << qint64(-1) << QVector<qint64>{1} << QVector<qint64>{1}
                                     << qint64(4) << "negative storage offset";
    // Stride 0 repeats one element 2^40 times: in bounds, but the copy would be 4 TiB.
    QTest::newRow("zero stride, huge size") << qint64(0) << QVector<qint64>{qint64(1) << 40}
                                            << QVector<qint64>{0} << qint64(4) << "MiB to read";
    QTest::newRow("empty tensor of overflowing size")
        << qint64(0) << QVector<qint64>{0, qint64(1) << 62, 8} << QVector<qint64>{1, 1, 1}
        << qint64(4) << "overflows";
    // numel * 4 wraps around to 4 in 64 bits.
    QTest::newRow("storage numel beyond the record")
        << qint64(0) << QVector<qint64>{1} << QVector<qint64>{1} << (qint64(1) << 62) + 1
        << "has 16 bytes, the pickle claims 4611686018427387905 elements";
  }
  void tensorViews() {
    QFETCH(qint64, offset);
    QFETCH(QVector<qint64>, sizes);
    QFETCH(QVector<qint64>, strides);
    QFETCH(qint64, claimedNumel);
    QFETCH(QString, expected);
    const std::string pickle =
        viewPickle(offset, std::vector<int64_t>(sizes.begin(), sizes.end()),
                   std::vector<int64_t>(strides.begin(), strides.end()), claimedNumel);
    refusedWith(zip("view.pt", pickle, {{"data/0", std::string(16, '\0')}}),
                {expected.toStdString()});
  }

  void inBoundsViewsStillLoad() {
    // The same builder with valid views: a transposed view and a shared-element view are read.
    const std::string floats = [] {
      std::string bytes(16, '\0');
      const float values[4] = {1, 2, 3, 4};
      std::memcpy(bytes.data(), values, 16);
      return bytes;
    }();
    const auto transposed =
        model::readTensorFile(zip("t.pt", viewPickle(0, {2, 2}, {1, 2}, 4), {{"data/0", floats}}));
    QCOMPARE(transposed.at("w").numel(), int64_t(4));
    QCOMPARE(transposed.at("w")[0][1].item<float>(), 3.0f);
    const auto repeated =
        model::readTensorFile(zip("r.pt", viewPickle(3, {3}, {0}, 4), {{"data/0", floats}}));
    QCOMPARE(repeated.at("w").sum().item<float>(), 12.0f);
  }

  void codeExecutingGlobalsRunNothing_data() {
    QTest::addColumn<QByteArray>("pickle");
    QTest::addColumn<QString>("global");
    const QString marker = QDir(m_dir.path()).filePath("pwned");
    const QByteArray command = ("touch " + marker).toUtf8();
    auto call = [&](const QByteArray& global) {
      QByteArray p("\x80\x02", 2);
      p += global;
      p += 'X';
      const uint32_t size = command.size();
      for (int i = 0; i < 4; ++i) p += char((size >> (8 * i)) & 0xff);
      p += command;
      p += "\x85R.";
      return p;
    };
    QTest::newRow("GLOBAL os system") << call("cos\nsystem\n") << "os.system";
    QTest::newRow("GLOBAL builtins eval") << call("cbuiltins\neval\n") << "builtins.eval";
    QTest::newRow("GLOBAL subprocess")
        << call("csubprocess\ncheck_output\n") << "subprocess.check_output";
    QTest::newRow("STACK_GLOBAL posix system")
        << call(QByteArray("\x8c\x05posix\x8c\x06system\x93", 16)) << "posix.system";
    // A newline in a STACK_GLOBAL name must not break the message into two lines.
    QTest::newRow("STACK_GLOBAL with a newline")
        << call(QByteArray("\x8c\x03os\n\x8c\x06system\x93", 14)) << "os?.system";
  }
  void codeExecutingGlobalsRunNothing() {
    QFETCH(QByteArray, pickle);
    QFETCH(QString, global);
    const std::string marker = QDir(m_dir.path()).filePath("pwned").toStdString();
    refusedWith(zip("payload.pt", pickle.toStdString()),
                {"refusing to load", "'" + global.toStdString() + "'", "nothing was run"});
    QVERIFY(!std::filesystem::exists(marker));
  }

  void filesWrittenByPythonTorch() {
    // The fuzz seeds, written by Python's torch.save (1.13): the zip format loads, a strided
    // (transposed) tensor is rebuilt, the legacy format is named as such.
    const std::string corpus = test::sourceDir() + "/tests/fuzz/corpus/checkpoint/";
    if (!std::filesystem::exists(corpus + "two_tensors.pt"))
      QSKIP("no source tree (MASKLET_SOURCE_DIR)");
    const auto weights = model::readStateDict(corpus + "two_tensors.pt");
    QCOMPARE(weights.size(), size_t(2));
    QCOMPARE(weights.at("a").sizes().vec(), (std::vector<int64_t>{2, 3}));
    QCOMPARE(weights.at("a")[1][2].item<float>(), 5.0f);
    QCOMPARE(weights.at("b").scalar_type(), torch::kInt64);
    const auto strided = model::readTensorFile(corpus + "strided_view.pt");
    QCOMPARE(strided.at("t").sizes().vec(), (std::vector<int64_t>{2, 3}));
    refusedWith(corpus + "legacy.pt", {"raw pickle", "legacy torch.save format"});
  }

  void inMemoryReadMatchesTheFile() {
    const std::string path = smallCheckpoint("memory.pt");
    const auto fromFile = model::readTensorFile(path);
    const auto fromMemory = model::readTensorBytes(readAll(path), "memory.pt");
    QCOMPARE(fromMemory.size(), fromFile.size());
    for (const auto& [key, tensor] : fromFile) QVERIFY(torch::equal(fromMemory.at(key), tensor));
  }

 private:
  std::string write(const std::string& name, const std::string& bytes) {
    const std::string path =
        QDir(m_dir.path()).filePath(QString::fromStdString(name)).toStdString();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  std::string zip(const std::string& name, const std::string& pickle,
                  const std::map<std::string, std::string>& records = {}) {
    const std::string path =
        QDir(m_dir.path()).filePath(QString::fromStdString(name)).toStdString();
    test::writeTorchZip(path, pickle, records);
    return path;
  }
  std::string smallCheckpoint(const std::string& name) {
    const std::string path =
        QDir(m_dir.path()).filePath(QString::fromStdString(name)).toStdString();
    test::writeCheckpoint(path, {{"a", torch::arange(6, torch::kFloat32).reshape({2, 3})},
                                 {"b", torch::ones({4}, torch::kInt64)}});
    return path;
  }

  // Reading `path` throws masklet::Error: one line, naming the file and each expected part.
  void refusedWith(const std::string& path, const std::vector<std::string>& expected) {
    std::string message;
    try {
      model::readTensorFile(path);
    } catch (const Error& error) {
      message = error.what();
    } catch (const std::exception& error) {
      QFAIL(qPrintable(QString("not a masklet::Error: ") + error.what()));
    }
    QVERIFY2(!message.empty(), "expected the file to be refused");
    QVERIFY2(message.find('\n') == std::string::npos, message.c_str());
    QVERIFY2(message.find(path) != std::string::npos, message.c_str());
    for (const auto& part : expected)
      QVERIFY2(message.find(part) != std::string::npos, message.c_str());
  }

  QTemporaryDir m_dir;
};

MASKLET_TEST_APPLESS_MAIN(TestHostileCheckpoints)
#include "test_hostile_checkpoints.moc"
