#pragma once
// A video file decoded with libavformat/libavcodec, addressed by exact frame index.
// On open the stream's packets are indexed (timestamp, keyframe flag, position), so the frame
// count is exact and frame n is the n-th picture in presentation order, the same picture
// `ffmpeg -i VIDEO -fps_mode passthrough` outputs as its n-th frame (variable frame rate,
// B-frames and open GOPs included). Random access seeks to the keyframe at or before n,
// decodes forward, verifies the timestamp it lands on and backs off to an earlier keyframe when
// the picture is not there; sequential access decodes forward without seeking.
// Damaged files decode through their damage like the ffmpeg tool: error concealment stays on, a
// packet the decoder rejects costs only its own pictures, and each damaged frame is recorded
// (damagedFrames()). A frame no decoding path produces throws FrameUnavailable, at once on
// later requests. Every demuxer call has a time limit (readTimeoutSeconds without finishing one
// read: "reading ... timed out").
// Thread-safety: none; one thread at a time (wrap in CachedFrameSource to share).
#include <cstdint>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "video/decode_error_log.h"
#include "video/frame_orientation.h"
#include "video/frame_source.h"
#include "video/libav_ptr.h"
#include "video/read_deadline.h"

namespace masklet::video {

class FfmpegSource final : public FrameSource {
 public:
  // Opens and indexes `path`; throws masklet::Error naming the file when it is missing, not a
  // video, or has no decodable video stream, or when reading it times out.
  explicit FfmpegSource(const std::string& path, double readTimeoutSeconds = 10.0);
  ~FfmpegSource() override;
  FfmpegSource(const FfmpegSource&) = delete;
  FfmpegSource& operator=(const FfmpegSource&) = delete;

  int64_t frameCount() const override { return static_cast<int64_t>(m_frames.size()); }
  int width() const override;
  int height() const override;
  double fps() const override { return m_fps; }
  Frame frame(int64_t index) override;
  double timeOfFrame(int64_t index) const override;
  int64_t frameAtTime(double seconds) const override;
  std::string describe() const override;
  void setPassingFrameSink(FrameSink sink, int maxFrames) override;
  std::vector<int> damagedFrames() const override;
  // The part of damagedFrames() that cannot be produced at all, ascending.
  std::vector<int> unavailableFrames() const;

  // Decodes every frame once, in order, without converting it (to find all damage up front, as
  // `masklet-cli info` does); the frames that cannot be produced are recorded, not thrown.
  void scanAllFrames();
  // The index scan met a read error or a cut-off packet: the file ends early (truncated).
  bool endsEarly() const { return m_damagedEnd; }
  // Frames the container's header announces (0 when it does not say).
  int64_t declaredFrameCount() const;

  // md5 (hex) of frame `index` decoded in its native pixel format, planes packed without
  // padding, oriented like ffmpeg's autorotate: the hash `ffmpeg -f framemd5` prints.
  std::string nativeFrameMd5(int64_t index);

  const std::string& path() const { return m_path; }
  std::string codecName() const;
  std::string pixelFormatName() const;
  int codedWidth() const;  // decoded picture size before rotation
  int codedHeight() const;
  const Orientation& orientation() const { return m_orientation; }
  bool isVariableFrameRate() const { return m_variableFrameRate; }
  double durationSeconds() const;
  // How many times the demuxer was repositioned (seek or reopen) since open: lets tests check
  // that sequential reading never seeks.
  int64_t repositionCount() const { return m_repositionCount; }

 private:
  struct PacketEntry {
    int64_t pts = 0;
    int64_t dts = 0;
    int64_t pos = -1;
    bool key = false;
    bool discard = false;
  };
  struct FrameEntry {
    int64_t pts = 0;          // presentation timestamp (stream time base)
    int64_t packetIndex = 0;  // the packet (decode order) carrying this picture
  };

  void openDemuxer();
  void openDecoder();
  void buildIndex();
  void countFramesByDecoding();
  void dropUndecodableTail();
  const AVFrame& decodedFrame(int64_t index);
  bool decodeUntil(int64_t index);
  void noteOutput(int64_t index, bool trusted);
  bool isDamaged(const AVFrame& picture);
  bool passMetDamage() const;
  bool damageKnownBetween(int64_t first, int64_t last) const;
  void indexFramesByPacket();
  [[noreturn]] void throwUnavailable(int64_t index) const;
  [[noreturn]] void throwTimedOut() const;
  AVFrame* nextDecodedFrame();
  bool feedPacket();
  bool seekToPacket(int64_t packetIndex);
  void restartFromBeginning();
  int64_t keyPacketFor(int64_t index, int64_t notAfter) const;
  int64_t frameIndexOf(const AVFrame& frame);
  cv::Mat toRgb(const AVFrame& picture);
  Frame makeFrame(const AVFrame& decoded, int64_t index);
  int64_t packetIndexOf(const AVPacket& packet) const;
  void checkIndex(int64_t index) const;

  std::string m_path;
  ReadDeadline m_deadline;  // before m_format: its interrupt callback points here
  DecodeErrorLog m_errors;  // before m_decoder: the decoder's threads report to it
  FormatContextPtr m_format;
  CodecContextPtr m_decoder;
  FramePtr m_frame;  // the last picture the decoder returned
  PacketPtr m_packet;
  SwsContextPtr m_sws;
  int m_swsKey[5] = {0, 0, -1, -1, -1};  // size, format, range, matrix of m_sws
  int m_streamIndex = -1;
  AVRational m_timeBase{1, 1};
  double m_fps = 0.0;
  bool m_variableFrameRate = false;
  Orientation m_orientation;

  std::vector<PacketEntry> m_packets;  // decode order
  std::vector<FrameEntry> m_frames;    // presentation order
  bool m_damagedEnd = false;           // the index scan met a read error or a cut-off packet
  bool m_countMode = false;            // timestamps unusable: frames identified by output order

  std::unordered_map<int64_t, int64_t> m_packetByPos;  // file position -> decode index
  std::unordered_map<int64_t, int64_t> m_packetByDts;  // dts -> decode index

  int64_t m_decoderPosition = -1;      // index of the last picture the decoder returned
  bool m_currentValid = false;         // m_frame holds that picture, decoded from a trusted start
  int64_t m_trustFromPts = INT64_MIN;  // pictures before the seek keyframe are not trusted
  int64_t m_nextPacket = 0;            // decode-order index of the next packet the demuxer reads
  int64_t m_outputOrdinal = 0;         // pictures output since the last restart (count mode)
  bool m_flushSent = false;
  bool m_decoderDrained = false;
  FrameSink m_passingSink;
  int m_passingMax = 0;
  int64_t m_skipNonRefBefore = -1;  // packets before this one skip non-reference pictures
  int64_t m_repositionCount = 0;

  std::set<int64_t> m_damaged;      // frames decoded with errors or concealment
  std::set<int64_t> m_unavailable;  // frames no decoding path produces
  std::set<int64_t> m_badKeys;      // keyframe packets a seek to which yields no picture
  bool m_fromStart = false;         // decoding since packet 0, every picture: gaps are real
  int64_t m_lastOutput = -1;        // the latest frame output since the restart
  int64_t m_seekKeyFrame = -1;      // the frame of the keyframe the last seek went to
  bool m_seekKeyClean = false;
  bool m_passSkipsNonRef = false;  // the pass since the last seek skips non-reference pictures //
                                   // that keyframe's picture came out without damage
  int64_t m_damagedSinceSeek = 0;  // damaged pictures output since the last reposition
  std::vector<int64_t> m_frameOfPacket;  // decode-order packet -> frame (-1: none, count mode)
  int64_t m_requested = -1;              // the frame being read (for messages)
  bool m_pictureDamaged = false;         // the last picture out of the decoder had errors
};

}  // namespace masklet::video
