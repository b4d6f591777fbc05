// FfmpegSource's record of damage: which frames came out concealed and which no decoding path
// produces, learnt as pictures come out of the decoder.
#include <set>
#include <vector>

#include "video/ffmpeg_source.h"

namespace masklet::video {

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

bool FfmpegSource::isDamaged(const AVFrame& picture) {
  const bool complained = m_errors.takeComplaint(DecodeErrorLog::packetOf(picture));
  return complained || picture.decode_error_flags != 0 || (picture.flags & AV_FRAME_FLAG_CORRUPT);
}

std::vector<int> FfmpegSource::damagedFrames() const {
  std::set<int64_t> all(m_damaged);
  all.insert(m_unavailable.begin(), m_unavailable.end());
  return std::vector<int>(all.begin(), all.end());
}

std::vector<int> FfmpegSource::unavailableFrames() const {
  return std::vector<int>(m_unavailable.begin(), m_unavailable.end());
}

}  // namespace masklet::video
