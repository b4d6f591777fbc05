#include "video/read_deadline.h"

namespace masklet::video {

ReadDeadline::ReadDeadline(double seconds)
    : m_seconds(seconds > 0.0 ? seconds : 0.0), m_deadline(std::chrono::steady_clock::now()) {}

void ReadDeadline::arm() {
  m_deadline = std::chrono::steady_clock::now() +
               std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                   std::chrono::duration<double>(m_seconds));
}

bool ReadDeadline::expired() const {
  return std::chrono::steady_clock::now() >= m_deadline;
}

AVIOInterruptCB ReadDeadline::callback() {
  return AVIOInterruptCB{&ReadDeadline::interrupt, this};
}

int ReadDeadline::interrupt(void* self) {
  return static_cast<const ReadDeadline*>(self)->expired() ? 1 : 0;
}

}  // namespace masklet::video
