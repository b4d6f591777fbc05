// FfmpegSource's decoding: sequential reading, seeking to a keyframe and backing off to an
// earlier one when the picture is not where the index says, and the time limit on every read.
#include <algorithm>
#include <sstream>

#include "common/error.h"
#include "video/ffmpeg_source.h"

namespace masklet::video {
namespace {

constexpr int kMaxBackOffs = 4;
// Errors in a row from the decoder with no packet consumed in between: it is stuck, not damaged.
constexpr int kMaxDecodeErrorsInARow = 1000;

}  // namespace

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

}  // namespace masklet::video
