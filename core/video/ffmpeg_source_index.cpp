// FfmpegSource's packet index: every video packet of the file read once on open, so frame n is
// the n-th picture in presentation order, and the lookups from packets and pictures back to it.
#include <algorithm>

#include "common/error.h"
#include "video/ffmpeg_source.h"

namespace masklet::video {
namespace {

int64_t timestampOf(const AVPacket& packet) {
  return packet.pts != AV_NOPTS_VALUE ? packet.pts : packet.dts;
}

}  // namespace

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

void FfmpegSource::indexFramesByPacket() {
  m_frameOfPacket.assign(m_packets.size(), -1);
  for (size_t frame = 0; frame < m_frames.size(); ++frame)
    if (m_frames[frame].packetIndex >= 0)
      m_frameOfPacket[static_cast<size_t>(m_frames[frame].packetIndex)] =
          static_cast<int64_t>(frame);
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

}  // namespace masklet::video
