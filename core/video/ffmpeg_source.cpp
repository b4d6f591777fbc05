#include "video/ffmpeg_source.h"

extern "C" {
#include <libavutil/display.h>
#include <libavutil/imgutils.h>
#include <libavutil/md5.h>
#include <libavutil/pixdesc.h>
}

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <mutex>
#include <sstream>
#include <thread>

#include "common/error.h"

namespace masklet::video {
namespace {

constexpr int kMaxBackOffs = 4;
// Errors in a row from the decoder with no packet consumed in between: it is stuck, not damaged.
constexpr int kMaxDecodeErrorsInARow = 1000;

int64_t timestampOf(const AVPacket& packet) {
  return packet.pts != AV_NOPTS_VALUE ? packet.pts : packet.dts;
}

struct Md5Deleter {
  void operator()(AVMD5* md5) const { av_free(md5); }
};

// libav logs every recoverable glitch of a damaged file to stderr; our errors carry the
// message a user needs, so report them, so libav stays quiet.
void quietLibavLogging() {
  static std::once_flag once;
  std::call_once(once, [] { av_log_set_level(AV_LOG_FATAL); });
}

}  // namespace

FfmpegSource::FfmpegSource(const std::string& path, double readTimeoutSeconds)
    : m_path(path), m_deadline(readTimeoutSeconds) {
  quietLibavLogging();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw Error("video file '" + path + "' does not exist");
  if (std::filesystem::is_directory(path, ec))
    throw Error("'" + path + "' is a folder, not a video file");
  m_frame.reset(av_frame_alloc());
  m_packet.reset(av_packet_alloc());
  if (!m_frame || !m_packet) throw Error("out of memory opening '" + path + "'");
  openDemuxer();
  openDecoder();
  buildIndex();
  restartFromBeginning();
  if (m_countMode) countFramesByDecoding();
  if (m_damagedEnd && !m_countMode) dropUndecodableTail();
  if (m_frames.empty()) throw Error("'" + path + "' contains no decodable video frames");
  m_repositionCount = 0;
}

FfmpegSource::~FfmpegSource() = default;

void FfmpegSource::openDemuxer() {
  AVFormatContext* raw = avformat_alloc_context();
  if (raw == nullptr) throw Error("out of memory opening '" + m_path + "'");
  raw->interrupt_callback = m_deadline.callback();
  m_deadline.arm();
  int status = avformat_open_input(&raw, m_path.c_str(), nullptr, nullptr);  // frees on failure
  if (status == AVERROR_EXIT) throwTimedOut();
  if (status < 0) throw Error("cannot open '" + m_path + "' as a video: " + avErrorText(status));
  m_format.reset(raw);
  m_deadline.arm();
  status = avformat_find_stream_info(raw, nullptr);
  if (status == AVERROR_EXIT) throwTimedOut();
  if (status < 0)
    throw Error("cannot read the streams of '" + m_path + "': " + avErrorText(status));
  // The best video stream that is a real video (cover art is an attached picture).
  int best = av_find_best_stream(raw, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (best >= 0 && (raw->streams[best]->disposition & AV_DISPOSITION_ATTACHED_PIC)) best = -1;
  for (unsigned i = 0; best < 0 && i < raw->nb_streams; ++i) {
    const AVStream* stream = raw->streams[i];
    if (stream->codecpar->codec_type == AVMEDIA_TYPE_VIDEO &&
        !(stream->disposition & AV_DISPOSITION_ATTACHED_PIC))
      best = static_cast<int>(i);
  }
  if (best < 0) throw Error("'" + m_path + "' has no video stream");
  m_streamIndex = best;
  // Audio and other streams are ignored: the demuxer drops their packets early.
  for (unsigned i = 0; i < raw->nb_streams; ++i)
    raw->streams[i]->discard = static_cast<int>(i) == best ? AVDISCARD_DEFAULT : AVDISCARD_ALL;
}

void FfmpegSource::openDecoder() {
  const AVStream* stream = m_format->streams[m_streamIndex];
  m_timeBase = stream->time_base;
  const AVCodec* codec = avcodec_find_decoder(stream->codecpar->codec_id);
  if (codec == nullptr)
    throw Error("no decoder for the video codec '" +
                std::string(avcodec_get_name(stream->codecpar->codec_id)) + "' of '" + m_path +
                "'");
  m_decoder.reset(avcodec_alloc_context3(codec));
  if (!m_decoder) throw Error("out of memory opening a decoder for '" + m_path + "'");
  m_errors.attach(m_decoder.get());
  int status = avcodec_parameters_to_context(m_decoder.get(), stream->codecpar);
  if (status < 0) throw Error("bad codec parameters in '" + m_path + "': " + avErrorText(status));
  m_decoder->pkt_timebase = stream->time_base;
  m_decoder->thread_count = static_cast<int>(std::min(4u, std::thread::hardware_concurrency()));
  m_decoder->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
  status = avcodec_open2(m_decoder.get(), codec, nullptr);
  if (status < 0)
    throw Error("cannot open the " + std::string(codec->name) + " decoder for '" + m_path +
                "': " + avErrorText(status));
  const auto* matrix = reinterpret_cast<const int32_t*>(
      av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, nullptr));
  m_orientation = orientationFromDisplayMatrix(matrix);
}

void FfmpegSource::buildIndex() {
  bool timestampsUsable = true;
  int status = 0;
  while (m_deadline.arm(), (status = av_read_frame(m_format.get(), m_packet.get())) >= 0) {
    const AVPacket& packet = *m_packet;
    if (packet.stream_index == m_streamIndex) {
      PacketEntry entry;
      entry.pts = packet.pts;
      entry.dts = packet.dts;
      entry.pos = packet.pos;
      entry.key = (packet.flags & AV_PKT_FLAG_KEY) != 0;
      if (packet.flags & AV_PKT_FLAG_CORRUPT) m_damagedEnd = true;
      // Pictures of packets outside the edit list are dropped by the decoder, as in ffmpeg.
      entry.discard = (packet.flags & AV_PKT_FLAG_DISCARD) != 0;
      if (!entry.discard) {
        const int64_t ts = timestampOf(packet);
        if (ts == AV_NOPTS_VALUE) timestampsUsable = false;
        m_frames.push_back({ts, static_cast<int64_t>(m_packets.size())});
      }
      if (entry.pos >= 0) m_packetByPos.emplace(entry.pos, m_packets.size());
      if (entry.dts != AV_NOPTS_VALUE) m_packetByDts.emplace(entry.dts, m_packets.size());
      m_packets.push_back(entry);
    }
    av_packet_unref(m_packet.get());
  }
  if (status == AVERROR_EXIT) throwTimedOut();
  // A read error before the end (truncated file) ends the index there: the frames before it
  // stay usable, exactly as far as a decoder can get (see dropUndecodableTail).
  if (status != AVERROR_EOF) m_damagedEnd = true;
  if (m_packets.empty())
    throw Error("'" + m_path + "' has a video stream but no readable video data" +
                (status != AVERROR_EOF ? " (" + avErrorText(status) + ")" : std::string()));

  const AVStream* stream = m_format->streams[m_streamIndex];
  // Without presentation timestamps, reordering codecs cannot be indexed from packets.
  bool missingPts = false;
  for (const auto& packet : m_packets)
    missingPts |= (!packet.discard && packet.pts == AV_NOPTS_VALUE);
  if (missingPts && stream->codecpar->video_delay > 0) timestampsUsable = false;
  if (timestampsUsable) {
    std::sort(m_frames.begin(), m_frames.end(),
              [](const FrameEntry& a, const FrameEntry& b) { return a.pts < b.pts; });
    for (size_t i = 1; i < m_frames.size(); ++i)
      if (m_frames[i].pts == m_frames[i - 1].pts) timestampsUsable = false;
  }
  m_countMode = !timestampsUsable;
  if (m_countMode) m_frames.clear();
  indexFramesByPacket();

  // Frame rate: the container's average; variable when the frame durations differ.
  const AVRational rate =
      stream->avg_frame_rate.num > 0 ? stream->avg_frame_rate : stream->r_frame_rate;
  m_fps = rate.num > 0 && rate.den > 0 ? av_q2d(rate) : 0.0;
  if (!m_countMode && m_frames.size() > 2) {
    int64_t minDelta = INT64_MAX, maxDelta = 0;
    for (size_t i = 1; i < m_frames.size(); ++i) {
      const int64_t delta = m_frames[i].pts - m_frames[i - 1].pts;
      minDelta = std::min(minDelta, delta);
      maxDelta = std::max(maxDelta, delta);
    }
    // Timestamps rounded to the time base jitter by a tick; more than that is a real change.
    m_variableFrameRate = maxDelta - minDelta > std::max<int64_t>(1, maxDelta / 50);
    if (m_fps <= 0.0 && m_frames.back().pts > m_frames.front().pts)
      m_fps = static_cast<double>(m_frames.size() - 1) /
              ((m_frames.back().pts - m_frames.front().pts) * av_q2d(m_timeBase));
  }
  if (m_fps <= 0.0) m_fps = 25.0;  // a still image or a file without timing
}

void FfmpegSource::countFramesByDecoding() {
  int64_t count = 0;
  while (const AVFrame* decoded = nextDecodedFrame()) {
    if (m_pictureDamaged) m_damaged.insert(count);
    const int64_t ts = decoded->best_effort_timestamp;
    m_frames.push_back({ts != AV_NOPTS_VALUE ? ts : count, -1});
    ++count;
  }
  restartFromBeginning();
}

void FfmpegSource::dropUndecodableTail() {
  // Decode from the last keyframe to the end once and forget the indexed pictures that never
  // come out (a cut-off last packet), so frameCount() is what can really be decoded.
  int64_t lastKey = -1;
  for (int64_t packet = static_cast<int64_t>(m_packets.size()) - 1; packet >= 0 && lastKey < 0;
       --packet)
    if (m_packets[packet].key) lastKey = packet;
  if (lastKey < 0 || !seekToPacket(lastKey)) {
    restartFromBeginning();
    lastKey = 0;
  }
  const int64_t fromPts =
      m_packets[lastKey].pts != AV_NOPTS_VALUE ? m_packets[lastKey].pts : m_packets[lastKey].dts;
  std::vector<bool> decoded(m_frames.size(), false);
  std::vector<int64_t> damagedPts;
  while (const AVFrame* picture = nextDecodedFrame()) {
    const int64_t index = frameIndexOf(*picture);
    if (index < 0) continue;
    decoded[index] = true;
    if (m_pictureDamaged && m_frames[index].pts >= fromPts)
      damagedPts.push_back(m_frames[index].pts);
  }
  std::vector<FrameEntry> kept;
  for (size_t i = 0; i < m_frames.size(); ++i)
    if (decoded[i] || m_frames[i].pts < fromPts) kept.push_back(m_frames[i]);
  m_frames.swap(kept);
  indexFramesByPacket();
  // Frame numbers changed: what this pass learnt is recorded again under the new numbers.
  m_damaged.clear();
  m_unavailable.clear();
  for (const int64_t pts : damagedPts) {
    const auto found =
        std::lower_bound(m_frames.begin(), m_frames.end(), pts,
                         [](const FrameEntry& entry, int64_t value) { return entry.pts < value; });
    if (found != m_frames.end() && found->pts == pts) m_damaged.insert(found - m_frames.begin());
  }
  restartFromBeginning();
}

void FfmpegSource::restartFromBeginning() {
  ++m_repositionCount;
  m_format.reset();
  openDemuxer();
  avcodec_flush_buffers(m_decoder.get());
  m_nextPacket = 0;
  m_outputOrdinal = 0;
  m_flushSent = false;
  m_decoderDrained = false;
  m_decoderPosition = -1;
  m_currentValid = false;
  m_trustFromPts = INT64_MIN;
  m_errors.clear();
  m_fromStart = true;
  m_passSkipsNonRef = false;
  m_seekKeyFrame = -1;
  m_lastOutput = -1;
  m_damagedSinceSeek = 0;
}

int FfmpegSource::width() const {
  const AVCodecParameters* par = m_format->streams[m_streamIndex]->codecpar;
  return m_orientation.swapsAxes() ? par->height : par->width;
}

int FfmpegSource::height() const {
  const AVCodecParameters* par = m_format->streams[m_streamIndex]->codecpar;
  return m_orientation.swapsAxes() ? par->width : par->height;
}

int FfmpegSource::codedWidth() const {
  return m_format->streams[m_streamIndex]->codecpar->width;
}

int FfmpegSource::codedHeight() const {
  return m_format->streams[m_streamIndex]->codecpar->height;
}

std::string FfmpegSource::codecName() const {
  return avcodec_get_name(m_format->streams[m_streamIndex]->codecpar->codec_id);
}

std::string FfmpegSource::pixelFormatName() const {
  const char* name = av_get_pix_fmt_name(
      static_cast<AVPixelFormat>(m_format->streams[m_streamIndex]->codecpar->format));
  return name != nullptr ? name : "unknown";
}

void FfmpegSource::checkIndex(int64_t index) const {
  if (index < 0 || index >= frameCount())
    throw Error("frame " + std::to_string(index) + " is out of range: '" + m_path + "' has " +
                std::to_string(frameCount()) + " frames (0.." + std::to_string(frameCount() - 1) +
                ")");
}

double FfmpegSource::timeOfFrame(int64_t index) const {
  checkIndex(index);
  if (m_countMode) return static_cast<double>(index) / m_fps;
  return static_cast<double>(m_frames[index].pts - m_frames.front().pts) * av_q2d(m_timeBase);
}

int64_t FfmpegSource::frameAtTime(double seconds) const {
  // Binary search on the exact timestamps (variable frame rate safe); a tiny tolerance so
  // timeOfFrame(i) maps back to i despite rounding.
  int64_t low = 0, high = frameCount() - 1;
  if (seconds <= 0.0) return 0;
  while (low < high) {
    const int64_t mid = (low + high + 1) / 2;
    if (timeOfFrame(mid) <= seconds + 1e-9)
      low = mid;
    else
      high = mid - 1;
  }
  return low;
}

double FfmpegSource::durationSeconds() const {
  const int64_t count = frameCount();
  const double last = count > 1 ? timeOfFrame(count - 1) - timeOfFrame(count - 2) : 1.0 / m_fps;
  return timeOfFrame(count - 1) + last;
}

std::string FfmpegSource::describe() const {
  std::ostringstream text;
  text << "video '" << m_path << "': " << codecName() << " " << width() << "x" << height() << " "
       << pixelFormatName() << ", " << m_fps << " fps" << (m_variableFrameRate ? " (variable)" : "")
       << ", " << frameCount() << " frames";
  if (!m_orientation.isIdentity()) text << ", display " << m_orientation.describe();
  return text.str();
}

int64_t FfmpegSource::keyPacketFor(int64_t index, int64_t notAfter) const {
  // The latest keyframe, in decode order, at or before the frame's packet and not later in
  // presentation time (open-GOP leading pictures follow their keyframe but show before it).
  const int64_t target = m_frames[index].pts;
  for (int64_t packet = std::min<int64_t>(notAfter, static_cast<int64_t>(m_packets.size()) - 1);
       packet >= 0; --packet) {
    const PacketEntry& entry = m_packets[packet];
    if (!entry.key || m_badKeys.count(packet) != 0) continue;
    const int64_t ts = entry.pts != AV_NOPTS_VALUE ? entry.pts : entry.dts;
    if (ts == AV_NOPTS_VALUE || ts <= target) return packet;
  }
  return -1;
}

int64_t FfmpegSource::packetIndexOf(const AVPacket& packet) const {
  if (packet.pos >= 0) {
    const auto found = m_packetByPos.find(packet.pos);
    if (found != m_packetByPos.end()) return found->second;
  }
  if (packet.dts != AV_NOPTS_VALUE) {
    const auto found = m_packetByDts.find(packet.dts);
    if (found != m_packetByDts.end()) return found->second;
  }
  return -1;
}

int64_t FfmpegSource::frameIndexOf(const AVFrame& decoded) {
  if (m_countMode) return m_outputOrdinal++;
  int64_t ts = decoded.best_effort_timestamp;
  if (ts == AV_NOPTS_VALUE) ts = decoded.pts;
  if (ts == AV_NOPTS_VALUE) return -1;
  const auto found =
      std::lower_bound(m_frames.begin(), m_frames.end(), ts,
                       [](const FrameEntry& entry, int64_t value) { return entry.pts < value; });
  if (found == m_frames.end() || found->pts != ts) return -1;
  return found - m_frames.begin();
}

bool FfmpegSource::feedPacket() {
  if (m_flushSent) return false;
  while (true) {
    m_deadline.arm();
    const int status = av_read_frame(m_format.get(), m_packet.get());
    if (status == AVERROR_EXIT) throwTimedOut();
    if (status < 0) {
      // End of file or unreadable rest of file: drain the pictures the decoder still holds.
      avcodec_send_packet(m_decoder.get(), nullptr);
      m_flushSent = true;
      return true;
    }
    if (m_packet->stream_index != m_streamIndex) {
      av_packet_unref(m_packet.get());
      continue;
    }
    const int64_t index = packetIndexOf(*m_packet);
    m_nextPacket = index >= 0 ? index + 1 : m_nextPacket + 1;
    // On the way to a random-access target, pictures nothing refers to are not decoded.
    const bool skip = index >= 0 && index < m_skipNonRefBefore;
    m_decoder->skip_frame = skip ? AVDISCARD_NONREF : AVDISCARD_DEFAULT;
    // A packet the decoder rejects (AVERROR_INVALIDDATA) costs its own picture only, as in the
    // ffmpeg tool: decoding goes on with the next one. The tag names it in the decoder's log.
    DecodeErrorLog::tagNextPacket(m_decoder.get(), index);
    avcodec_send_packet(m_decoder.get(), m_packet.get());
    av_packet_unref(m_packet.get());
    return true;
  }
}

AVFrame* FfmpegSource::nextDecodedFrame() {
  int errorsInARow = 0;
  while (true) {
    const int status = avcodec_receive_frame(m_decoder.get(), m_frame.get());
    if (status == 0) {
      m_pictureDamaged = isDamaged(*m_frame);
      return m_frame.get();
    }
    if (status == AVERROR_EOF) {
      m_decoderDrained = true;
      return nullptr;
    }
    if (status != AVERROR(EAGAIN)) {
      // A picture the decoder gave up on (AVERROR_INVALIDDATA): the next ones still decode.
      if (++errorsInARow > kMaxDecodeErrorsInARow)
        throw FrameUnavailable(m_requested,
                               "decoding '" + m_path + "' failed: " + avErrorText(status));
      continue;
    }
    errorsInARow = 0;
    if (!feedPacket()) {
      m_decoderDrained = true;
      return nullptr;
    }
  }
}

bool FfmpegSource::decodeUntil(int64_t index) {
  m_currentValid = false;
  while (AVFrame* decoded = nextDecodedFrame()) {
    const int64_t got = frameIndexOf(*decoded);
    if (got < 0) continue;
    m_decoderPosition = got;
    // Leading pictures of an open GOP reference frames before the seek point: never trusted.
    const int64_t ts = m_countMode ? INT64_MAX : m_frames[got].pts;
    const bool trusted = ts >= m_trustFromPts;
    noteOutput(got, trusted);
    if (got == index) {
      m_currentValid = trusted;
      return trusted;
    }
    if (got > index) {  // the picture is not where the index says: back off
      m_currentValid = trusted;
      return false;
    }
    if (m_passingSink && trusted && index - got <= m_passingMax &&
        !(m_passSkipsNonRef && passMetDamage()))
      m_passingSink(makeFrame(*decoded, got));
  }
  if (m_fromStart)  // every picture of the file came out: the rest never will
    for (int64_t missing = m_lastOutput + 1; missing < frameCount(); ++missing)
      m_unavailable.insert(missing);
  m_decoderPosition = frameCount();
  return false;
}

void FfmpegSource::noteOutput(int64_t index, bool trusted) {
  if (m_pictureDamaged) ++m_damagedSinceSeek;
  if (!trusted) return;
  if (index == m_seekKeyFrame && !m_pictureDamaged) m_seekKeyClean = true;
  if (m_pictureDamaged) m_damaged.insert(index);
  m_unavailable.erase(index);
  if (m_fromStart && index > m_lastOutput) {
    // Decoding every picture from the first packet, a frame passed over never comes out.
    for (int64_t missing = m_lastOutput + 1; missing < index; ++missing)
      m_unavailable.insert(missing);
    m_lastOutput = index;
  }
}

bool FfmpegSource::passMetDamage() const {
  return m_damagedSinceSeek > 0 || m_errors.complaintCount() > 0;
}

bool FfmpegSource::damageKnownBetween(int64_t first, int64_t last) const {
  const auto found = m_damaged.lower_bound(first);
  return first >= 0 && found != m_damaged.end() && *found <= last;
}

void FfmpegSource::indexFramesByPacket() {
  m_frameOfPacket.assign(m_packets.size(), -1);
  for (size_t frame = 0; frame < m_frames.size(); ++frame)
    if (m_frames[frame].packetIndex >= 0)
      m_frameOfPacket[static_cast<size_t>(m_frames[frame].packetIndex)] =
          static_cast<int64_t>(frame);
}

bool FfmpegSource::isDamaged(const AVFrame& picture) {
  const bool complained = m_errors.takeComplaint(DecodeErrorLog::packetOf(picture));
  return complained || picture.decode_error_flags != 0 || (picture.flags & AV_FRAME_FLAG_CORRUPT);
}

void FfmpegSource::throwUnavailable(int64_t index) const {
  throw FrameUnavailable(index, "frame " + std::to_string(index) + " of '" + m_path +
                                    "' cannot be decoded (the file is damaged there)");
}

void FfmpegSource::throwTimedOut() const {
  std::ostringstream limit;
  limit << m_deadline.seconds();
  const std::string why = " timed out (no data for " + limit.str() + " s)";
  if (m_requested >= 0)
    throw FrameUnavailable(
        m_requested, "reading frame " + std::to_string(m_requested) + " of '" + m_path + "'" + why);
  throw Error("reading '" + m_path + "'" + why);
}

bool FfmpegSource::seekToPacket(int64_t packetIndex) {
  ++m_repositionCount;
  const PacketEntry& key = m_packets[packetIndex];
  avcodec_flush_buffers(m_decoder.get());
  m_errors.clear();
  m_fromStart = false;
  m_seekKeyFrame = -1;
  m_damagedSinceSeek = 0;
  m_nextPacket = -1;  // unknown until the landing is verified
  m_flushSent = false;
  m_decoderDrained = false;
  m_decoderPosition = -1;
  m_currentValid = false;
  const int64_t seekTs = key.dts != AV_NOPTS_VALUE ? key.dts : key.pts;
  if (seekTs == AV_NOPTS_VALUE) return false;
  m_deadline.arm();
  const int seeked = av_seek_frame(m_format.get(), m_streamIndex, seekTs, AVSEEK_FLAG_BACKWARD);
  if (seeked == AVERROR_EXIT) throwTimedOut();
  if (seeked < 0) return false;
  // Verify where the demuxer landed: at or before the keyframe is fine (more decoding), after
  // it would miss the keyframe.
  while (true) {
    m_deadline.arm();
    const int status = av_read_frame(m_format.get(), m_packet.get());
    if (status == AVERROR_EXIT) throwTimedOut();
    if (status < 0) return false;
    if (m_packet->stream_index == m_streamIndex) break;
    av_packet_unref(m_packet.get());
  }
  const int64_t landed = packetIndexOf(*m_packet);
  if (landed < 0 || landed > packetIndex) {
    av_packet_unref(m_packet.get());
    return false;
  }
  m_nextPacket = landed + 1;
  m_trustFromPts = key.pts != AV_NOPTS_VALUE ? key.pts : key.dts;
  DecodeErrorLog::tagNextPacket(m_decoder.get(), landed);
  avcodec_send_packet(m_decoder.get(), m_packet.get());
  av_packet_unref(m_packet.get());
  return true;
}

const AVFrame& FfmpegSource::decodedFrame(int64_t index) {
  checkIndex(index);
  if (m_unavailable.count(index) != 0) throwUnavailable(index);
  if (m_currentValid && m_decoderPosition == index) return *m_frame;
  m_requested = index;
  if (m_countMode) {
    if (index <= m_decoderPosition) restartFromBeginning();
    if (decodeUntil(index)) return *m_frame;
  } else {
    // Forward without seeking when the keyframe we would seek to was already fed.
    const int64_t framePacket = m_frames[index].packetIndex;
    const int64_t key = keyPacketFor(index, framePacket);
    const bool forward =
        index > m_decoderPosition && !m_decoderDrained && key >= 0 && key <= m_nextPacket;
    // A pass that skips pictures nothing refers to is exact only up to the first damage:
    // concealment borrows from whatever picture was decoded last.
    if (forward && decodeUntil(index) && !(m_passSkipsNonRef && passMetDamage())) return *m_frame;
    // Decoding every picture from the start passed over it: no other way gets it either.
    if (m_unavailable.count(index) != 0) throwUnavailable(index);
    int64_t notAfter = framePacket;
    bool skipNonRef = true;
    for (int attempt = 0; attempt < 2 * kMaxBackOffs; ++attempt) {
      const int64_t seekKey = keyPacketFor(index, notAfter);
      if (seekKey < 0) break;
      // Error concealment depends on every picture decoded before (it borrows from the last
      // one): where damage is known, every picture is decoded, as when reading sequentially.
      if (damageKnownBetween(m_frameOfPacket[seekKey], index)) skipNonRef = false;
      // Pictures handed to the passing-frame sink must be decoded, references or not (a margin
      // for B-frame reordering between decode and display order).
      m_skipNonRefBefore = !skipNonRef     ? -1
                           : m_passingSink ? framePacket - m_passingMax - 16
                                           : framePacket;
      m_passSkipsNonRef = skipNonRef;
      if (seekToPacket(seekKey)) {
        m_seekKeyFrame = m_frameOfPacket[seekKey];
        m_seekKeyClean = m_seekKeyFrame < 0;  // a keyframe outside the edit list shows nothing
        const bool found = decodeUntil(index);
        if (!m_seekKeyClean) {
          // The keyframe's picture is missing or concealed: what follows it differs from
          // sequential reading (which had the pictures before it), so later seeks go around it.
          m_badKeys.insert(seekKey);
        } else if (skipNonRef && passMetDamage()) {
          skipNonRef = false;  // the same keyframe again, every picture
          continue;
        } else if (found) {
          m_skipNonRefBefore = -1;
          return *m_frame;
        }
      }
      notAfter = seekKey - 1;
    }
    // Last resort: decode from the very first packet, every picture.
    m_skipNonRefBefore = -1;
    restartFromBeginning();
    if (decodeUntil(index)) return *m_frame;
  }
  m_unavailable.insert(index);
  throwUnavailable(index);
}

cv::Mat FfmpegSource::toRgb(const AVFrame& picture) {
  const auto format = static_cast<AVPixelFormat>(picture.format);
  const int key[5] = {picture.width, picture.height, picture.format, picture.color_range,
                      picture.colorspace};
  if (!m_sws || !std::equal(key, key + 5, m_swsKey)) {
    // The ffmpeg tool's `-pix_fmt rgb24` conversion (bicubic; the frame's own YCbCr matrix and
    // range, BT.601 when unspecified), the way the official SAM 2 frames were extracted.
    m_sws.reset(sws_getContext(picture.width, picture.height, format, picture.width, picture.height,
                               AV_PIX_FMT_RGB24, SWS_BICUBIC, nullptr, nullptr, nullptr));
    if (!m_sws)
      throw Error("cannot convert pixel format " + pixelFormatName() + " of '" + m_path +
                  "' to RGB");
    int* inverse = nullptr;
    int* table = nullptr;
    int srcRange = 0, dstRange = 0, brightness = 0, contrast = 0, saturation = 0;
    if (sws_getColorspaceDetails(m_sws.get(), &inverse, &srcRange, &table, &dstRange, &brightness,
                                 &contrast, &saturation) >= 0) {
      if (picture.color_range != AVCOL_RANGE_UNSPECIFIED)
        srcRange = picture.color_range == AVCOL_RANGE_JPEG ? 1 : 0;
      sws_setColorspaceDetails(m_sws.get(), sws_getCoefficients(picture.colorspace), srcRange,
                               table, dstRange, brightness, contrast, saturation);
    }
    std::copy(key, key + 5, m_swsKey);
  }
  // A 64-byte aligned stride and a spare row keep swscale on its fast, in-bounds path.
  const int stride = FFALIGN(picture.width * 3, 64);
  cv::Mat buffer(picture.height + 1, stride, CV_8UC1);
  uint8_t* dst[4] = {buffer.data, nullptr, nullptr, nullptr};
  int dstStride[4] = {stride, 0, 0, 0};
  sws_scale(m_sws.get(), picture.data, picture.linesize, 0, picture.height, dst, dstStride);
  cv::Mat view(picture.height, picture.width, CV_8UC3, buffer.data, stride);
  return stride == picture.width * 3 ? cv::Mat(buffer.rowRange(0, picture.height))
                                           .reshape(3, picture.height)
                                           .colRange(0, picture.width)
                                     : view.clone();
}

void FfmpegSource::setPassingFrameSink(FrameSink sink, int maxFrames) {
  m_passingSink = std::move(sink);
  m_passingMax = std::max(0, maxFrames);
}

std::vector<int> FfmpegSource::damagedFrames() const {
  std::set<int64_t> all(m_damaged);
  all.insert(m_unavailable.begin(), m_unavailable.end());
  return std::vector<int>(all.begin(), all.end());
}

std::vector<int> FfmpegSource::unavailableFrames() const {
  return std::vector<int>(m_unavailable.begin(), m_unavailable.end());
}

int64_t FfmpegSource::declaredFrameCount() const {
  return std::max<int64_t>(0, m_format->streams[m_streamIndex]->nb_frames);
}

void FfmpegSource::scanAllFrames() {
  m_skipNonRefBefore = -1;
  restartFromBeginning();
  for (int64_t index = 0; index < frameCount(); ++index) {
    try {
      decodedFrame(index);
    } catch (const FrameUnavailable&) {
      if (m_unavailable.count(index) == 0) throw;  // a time-out, not damage
    }
  }
}

Frame FfmpegSource::frame(int64_t index) {
  return makeFrame(decodedFrame(index), index);
}

Frame FfmpegSource::makeFrame(const AVFrame& decoded, int64_t index) {
  Frame result;
  result.index = index;
  result.timeSeconds = timeOfFrame(index);
  if (m_orientation.isIdentity()) {
    result.rgb = toRgb(decoded);
  } else if (canOrientNative(static_cast<AVPixelFormat>(decoded.format), m_orientation)) {
    // Orient before converting, like ffmpeg's filter chain, so the chroma is upsampled along
    // the same axes and the RGB is identical.
    result.rgb = toRgb(*orientFrame(decoded, m_orientation));
  } else {
    const cv::Mat upright = toRgb(decoded);
    const bool swap = m_orientation.swapsAxes();
    result.rgb.create(swap ? upright.cols : upright.rows, swap ? upright.rows : upright.cols,
                      CV_8UC3);
    orientPlane(upright.data, upright.step, upright.cols, upright.rows, 3, m_orientation,
                result.rgb.data, result.rgb.step);
  }
  return result;
}

std::string FfmpegSource::nativeFrameMd5(int64_t index) {
  const AVFrame& decoded = decodedFrame(index);
  FramePtr oriented;
  const AVFrame* picture = &decoded;
  const auto format = static_cast<AVPixelFormat>(decoded.format);
  if (!m_orientation.isIdentity()) {
    if (!canOrientNative(format, m_orientation))
      throw Error("frame hash of '" + m_path + "': its " + m_orientation.describe() +
                  " display orientation cannot be applied to pixel format " +
                  (av_get_pix_fmt_name(format) ? av_get_pix_fmt_name(format) : "unknown") +
                  " without converting it");
    oriented = orientFrame(decoded, m_orientation);
    picture = oriented.get();
  }
  const int size = av_image_get_buffer_size(format, picture->width, picture->height, 1);
  if (size < 0) throw Error("cannot hash frame " + std::to_string(index) + " of '" + m_path + "'");
  std::vector<uint8_t> packed(static_cast<size_t>(size));
  av_image_copy_to_buffer(packed.data(), size, picture->data, picture->linesize, format,
                          picture->width, picture->height, 1);
  std::unique_ptr<AVMD5, Md5Deleter> md5(av_md5_alloc());
  if (!md5) throw Error("out of memory hashing a frame");
  uint8_t digest[16];
  av_md5_init(md5.get());
  av_md5_update(md5.get(), packed.data(), size);
  av_md5_final(md5.get(), digest);
  static const char* hex = "0123456789abcdef";
  std::string text;
  for (uint8_t byte : digest) {
    text += hex[byte >> 4];
    text += hex[byte & 15];
  }
  return text;
}

}  // namespace masklet::video
