#pragma once
// A list of numbers as messages and descriptions print it: "[1, 2, 3]".
#include <cstdint>
#include <string>
#include <vector>

namespace masklet {

std::string listText(const std::vector<int64_t>& values);

}  // namespace masklet
