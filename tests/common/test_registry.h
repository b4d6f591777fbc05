#pragma once
// Many Qt Test classes in one executable per layer (the build's cost is per executable: one
// link and one moc step each). Each test file ends with MASKLET_TEST_MAIN,
// MASKLET_TEST_GUILESS_MAIN or MASKLET_TEST_APPLESS_MAIN (the QTEST_*_MAIN it replaces: the same
// application object, initMain and source path), which registers the class under its file's
// name; test_main.cpp runs the one named by the first argument, so ctest keeps one entry per
// test file: `tests_ui test_frame_view [Qt Test arguments]`.
#include <QtTest/QtTest>

#include <vector>

namespace masklet::test {

using TestRunner = int (*)(int argc, char** argv);

struct RegisteredTest {
  const char* sourceFile;  // __FILE__ of the test; its stem is the test's name
  TestRunner run;
};

std::vector<RegisteredTest>& registeredTests();

struct TestRegistration {
  TestRegistration(const char* sourceFile, TestRunner run) {
    registeredTests().push_back({sourceFile, run});
  }
};

}  // namespace masklet::test

#define MASKLET_TEST_RUNNER(TestObject, ...)                                            \
  namespace {                                                                           \
  int runRegisteredTest(int argc, char** argv) {                                        \
    QT_PREPEND_NAMESPACE(QTest::Internal::callInitMain)<TestObject>();                  \
    __VA_ARGS__                                                                         \
    TestObject tc;                                                                      \
    QTEST_SET_MAIN_SOURCE_PATH                                                          \
    return QTest::qExec(&tc, argc, argv);                                               \
  }                                                                                     \
  const masklet::test::TestRegistration testRegistration(__FILE__, &runRegisteredTest); \
  }

#define MASKLET_TEST_MAIN(TestObject) MASKLET_TEST_RUNNER(TestObject, QTEST_MAIN_SETUP())
#define MASKLET_TEST_GUILESS_MAIN(TestObject) \
  MASKLET_TEST_RUNNER(TestObject, QTEST_QAPP_SETUP(QCoreApplication))
#define MASKLET_TEST_APPLESS_MAIN(TestObject) MASKLET_TEST_RUNNER(TestObject)
