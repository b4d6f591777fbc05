#pragma once
// The timeline's fixed layout in widget px (lane names on the left, the ruler, the damage
// strip and the lanes from the top, the scroll bar at the bottom), shared by its geometry,
// painting and mouse handling. GUI thread only.

namespace masklet::ui::timeline_layout {

constexpr int kHeaderWidth = 112;  // lane names
constexpr int kRightMargin = 6;
constexpr int kRulerHeight = 16;
constexpr int kDamageTop = kRulerHeight;
constexpr int kDamageHeight = 6;
constexpr int kLanesTop = kDamageTop + kDamageHeight + 2;
constexpr int kLaneGap = 2;
constexpr int kStripHeight = 3;  // review assist: the confidence strip under a lane
constexpr int kScrollHeight = 12;

}  // namespace masklet::ui::timeline_layout
