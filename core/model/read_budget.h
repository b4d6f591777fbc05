#pragma once
// The memory a checkpoint read may use, fixed before reading from the file's size: every
// allocation sized by the file's contents (pickle objects, strings, storages, tensor copies,
// output keys) is charged first, so a hostile file is refused instead of exhausting memory.
#include <cstdint>
#include <string>

#include "common/error.h"

namespace masklet::model {

class ReadBudget {
 public:
  // A real checkpoint needs about its own size (the tensors) plus a little for the pickle.
  static constexpr uint64_t kFactor = 2;
  static constexpr uint64_t kSlack = uint64_t(32) << 20;

  ReadBudget(uint64_t fileSize, std::string context)
      : m_limit(kFactor * fileSize + kSlack), m_context(std::move(context)) {}

  void charge(uint64_t bytes) {
    if (bytes > m_limit - m_used)
      throw Error(m_context + " would need more than " + std::to_string(m_limit >> 20) +
                  " MiB to read (" + std::to_string(kFactor) + " x its size + " +
                  std::to_string(kSlack >> 20) +
                  " MiB is the limit): its pickle or tensor views claim far more data than the "
                  "file holds; refusing it");
    m_used += bytes;
  }
  uint64_t used() const { return m_used; }

 private:
  uint64_t m_limit;
  uint64_t m_used = 0;
  std::string m_context;
};

}  // namespace masklet::model
