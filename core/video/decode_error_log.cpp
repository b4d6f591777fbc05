#include "video/decode_error_log.h"

#include <cstring>

namespace masklet::video {
namespace {

// reordered_opaque carries the tag through frame threads up to FFmpeg 6 (7 removed it; there,
// decode_error_flags survive frame threading and are enough).
#if LIBAVCODEC_VERSION_MAJOR < 60
constexpr bool kTagsPackets = true;
#else
constexpr bool kTagsPackets = false;
#endif

std::mutex& registryMutex() {
  static std::mutex mutex;
  return mutex;
}

std::unordered_set<const DecodeErrorLog*>& registry() {
  static std::unordered_set<const DecodeErrorLog*> logs;
  return logs;
}

// libavcodec's error concealment reports each concealed picture at info level.
bool isComplaint(int level, const char* format) {
  return level <= AV_LOG_ERROR || (level <= AV_LOG_INFO && format != nullptr &&
                                   std::strncmp(format, "concealing ", 11) == 0);
}

}  // namespace

DecodeErrorLog::DecodeErrorLog() {
  std::lock_guard<std::mutex> lock(registryMutex());
  static bool installed = false;
  if (!installed) {
    av_log_set_callback(&DecodeErrorLog::logCallback);
    installed = true;
  }
  registry().insert(this);
}

DecodeErrorLog::~DecodeErrorLog() {
  std::lock_guard<std::mutex> lock(registryMutex());
  registry().erase(this);
}

void DecodeErrorLog::attach(AVCodecContext* decoder) {
  decoder->opaque = this;
  tagNextPacket(decoder, -1);
}

void DecodeErrorLog::tagNextPacket(AVCodecContext* decoder, int64_t packetIndex) {
#if LIBAVCODEC_VERSION_MAJOR < 60
  decoder->reordered_opaque = packetIndex;
#else
  (void)decoder;
  (void)packetIndex;
#endif
}

int64_t DecodeErrorLog::packetOf(const AVFrame& picture) {
#if LIBAVCODEC_VERSION_MAJOR < 60
  return picture.reordered_opaque;
#else
  (void)picture;
  return -1;
#endif
}

bool DecodeErrorLog::takeComplaint(int64_t packetIndex) {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_packets.erase(packetIndex) != 0;
}

int64_t DecodeErrorLog::complaintCount() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_count;
}

void DecodeErrorLog::clear() {
  std::lock_guard<std::mutex> lock(m_mutex);
  m_packets.clear();
  m_count = 0;
}

void DecodeErrorLog::complain(int64_t packetIndex) {
  std::lock_guard<std::mutex> lock(m_mutex);
  m_packets.insert(packetIndex);
  ++m_count;
}

void DecodeErrorLog::logCallback(void* context, int level, const char* format, va_list arguments) {
  if (kTagsPackets && context != nullptr && isComplaint(level, format) &&
      *static_cast<const AVClass* const*>(context) == avcodec_get_class()) {
    const auto* decoder = static_cast<const AVCodecContext*>(context);
    std::lock_guard<std::mutex> lock(registryMutex());
    auto* log = static_cast<DecodeErrorLog*>(decoder->opaque);
    if (log != nullptr && registry().count(log) != 0) {
#if LIBAVCODEC_VERSION_MAJOR < 60
      if (decoder->reordered_opaque >= 0) log->complain(decoder->reordered_opaque);
#endif
    }
  }
  // Printing stays libav's (quiet at the level FfmpegSource sets).
  av_log_default_callback(context, level, format, arguments);
}

}  // namespace masklet::video
