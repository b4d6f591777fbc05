// main() of a layer's test executable: runs the registered test class named by the first
// argument (its file's name, e.g. test_frame_view) with the remaining Qt Test arguments;
// --list prints the names. See test_registry.h.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "test_registry.h"

namespace masklet::test {

std::vector<RegisteredTest>& registeredTests() {
  static std::vector<RegisteredTest> tests;
  return tests;
}

}  // namespace masklet::test

namespace {

std::string testName(const char* sourceFile) {
  std::string name(sourceFile);
  const auto slash = name.find_last_of('/');
  if (slash != std::string::npos) name.erase(0, slash + 1);
  const auto dot = name.find_last_of('.');
  if (dot != std::string::npos) name.erase(dot);
  return name;
}

void printNames(std::FILE* out) {
  for (const auto& test : masklet::test::registeredTests())
    std::fprintf(out, "%s\n", testName(test.sourceFile).c_str());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--list") == 0) {
    if (argc < 2)
      std::fprintf(stderr, "usage: %s TEST_NAME [Qt Test arguments]; tests:\n", argv[0]);
    printNames(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  for (const auto& test : masklet::test::registeredTests()) {
    if (testName(test.sourceFile) != argv[1]) continue;
    // Qt Test sees the program name and the arguments after the test's name.
    std::vector<char*> args{argv[0]};
    args.insert(args.end(), argv + 2, argv + argc);
    args.push_back(nullptr);
    return test.run(static_cast<int>(args.size()) - 1, args.data());
  }
  std::fprintf(stderr, "%s: no test named %s here; tests:\n", argv[0], argv[1]);
  printNames(stderr);
  return 2;
}
