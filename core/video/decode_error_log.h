#pragma once
// Which packets the decoder complained about while decoding them: bitstream errors and error
// concealment. FFmpeg 5.1 drops a picture's decode_error_flags under frame threading (they are
// set after another thread took its copy of the picture), but it logs every error and every
// concealment pass with the decoding thread's codec context, and that context's
// reordered_opaque is the packet it is decoding. So a process-wide av_log callback attributes
// each complaint to its packet exactly, whatever the thread count.
// Thread-safety: the log callback runs on decoder threads; every method is safe to call from
// any thread.
extern "C" {
#include <libavcodec/avcodec.h>
}

#include <cstdint>
#include <mutex>
#include <unordered_set>

namespace masklet::video {

class DecodeErrorLog {
 public:
  DecodeErrorLog();   // installs the callback (once per process) and registers this log
  ~DecodeErrorLog();  // unregisters; the attached decoder must be freed before
  DecodeErrorLog(const DecodeErrorLog&) = delete;
  DecodeErrorLog& operator=(const DecodeErrorLog&) = delete;

  // Routes `decoder`'s complaints here (sets its opaque); call before avcodec_open2.
  void attach(AVCodecContext* decoder);
  // Tags the packets sent from now on with their decode-order index (-1: unknown); the decoder
  // copies the tag into each picture (AVFrame.reordered_opaque).
  static void tagNextPacket(AVCodecContext* decoder, int64_t packetIndex);
  // The tag of a decoded picture: its packet's index, or -1.
  static int64_t packetOf(const AVFrame& picture);

  // Whether the packet was complained about since the last clear(); forgets the complaint.
  bool takeComplaint(int64_t packetIndex);
  // Complaints since the last clear(), taken or not (pictures that never came out included).
  int64_t complaintCount() const;
  // Forgets every complaint (after a decoder flush, the packets are decoded afresh).
  void clear();

 private:
  static void logCallback(void* context, int level, const char* format, va_list arguments);
  void complain(int64_t packetIndex);

  mutable std::mutex m_mutex;
  std::unordered_set<int64_t> m_packets;
  int64_t m_count = 0;
};

}  // namespace masklet::video
