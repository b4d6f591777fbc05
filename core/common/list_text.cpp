#include "common/list_text.h"

#include <sstream>

namespace masklet {

std::string listText(const std::vector<int64_t>& values) {
  std::ostringstream out;
  out << '[';
  for (std::size_t i = 0; i < values.size(); ++i) out << (i ? ", " : "") << values[i];
  out << ']';
  return out.str();
}

}  // namespace masklet
