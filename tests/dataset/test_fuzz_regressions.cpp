// Inputs the fuzzers (tests/fuzz) found crashing a reader, each refused now with one line.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <fstream>

#include "common/error.h"
#include "dataset/coco_reader.h"
#include "dataset/sa1b_reader.h"
#include "dataset/sav_reader.h"

using namespace masklet;

class TestFuzzRegressions : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // fuzz_coco and fuzz_sa1b: a number too large for a double ("1777E777") made nlohmann throw
  // out_of_range, which escaped the readers as an internal error instead of a refusal.
  void hugeJsonNumberIsMalformedJson_data() {
    QTest::addColumn<QString>("reader");
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("coco") << "coco" << QByteArray("1777E777E7E   EE");
    QTest::newRow("sa1b") << "sa1b" << QByteArray("{\"image\": 7e333}");
    QTest::newRow("sav") << "sav" << QByteArray("[1e400]");
  }
  void hugeJsonNumberIsMalformedJson() {
    QFETCH(QString, reader);
    QFETCH(QByteArray, bytes);
    const std::string path = QDir(m_dir.path()).filePath(reader + ".json").toStdString();
    std::ofstream(path, std::ios::binary) << bytes.toStdString();
    std::string message;
    try {
      if (reader == "coco") dataset::readCoco(path);
      if (reader == "sa1b") dataset::readSa1b(path);
      if (reader == "sav") dataset::readSav(path);
    } catch (const Error& error) {
      message = error.what();
    }
    QVERIFY2(message.find(path + ": malformed JSON: number overflow") == 0, message.c_str());
    QVERIFY2(message.find('\n') == std::string::npos, message.c_str());
  }

 private:
  QTemporaryDir m_dir;
};

MASKLET_TEST_APPLESS_MAIN(TestFuzzRegressions)
#include "test_fuzz_regressions.moc"
