#!/usr/bin/env bash
# Times the official SAM 2 (../shared/reference/official_bench.py) and Masklet's
# `masklet-cli bench session` on the same scenario in one run, prints both JSON lines and the
# ratios (official / Masklet: > 1 means Masklet is faster). Speed is never asserted.
#
# Usage: tests/bench/side_by_side.sh [--bf16] [--frames N] [--model NAME] [--video FILE]
# Needs: SAM2_SRC (a checkout of facebookresearch/sam2) and /usr/bin/python3 with torch
# (python3-torch python3-omegaconf python3-opencv python3-pil python3-tqdm), see the header
# of official_bench.py. Without SAM2_SRC only Masklet's side runs.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
shared=${MASKLET_SHARED_DIR:-$here/../shared}
bin=${MASKLET_BIN_DIR:-$here/build/bin}
frames=9 model=sam2.1_hiera_tiny video=$shared/media/01_dog.mp4 bf16=""
while [ $# -gt 0 ]; do
  case "$1" in
    --bf16) bf16=--bf16 ;;
    --frames) frames=$2; shift ;;
    --model) model=$2; shift ;;
    --video) video=$2; shift ;;
    *) echo "side_by_side.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
precision=fp32; [ -n "$bf16" ] && precision=bf16
official=""
if [ -n "${SAM2_SRC:-}" ]; then
  official=$(/usr/bin/python3 "$shared/reference/official_bench.py" --model "$model" \
    --frames "$frames" $bf16 2>/dev/null | tail -n 1)
  echo "official: $official"
else
  echo "official: skipped (set SAM2_SRC to a facebookresearch/sam2 checkout)"
fi
ours=$("$bin/masklet-cli" bench session --random-weights --model "$model" --video "$video" \
  --frames "$frames" --precision "$precision" --json)
echo "masklet:  $ours"
[ -n "$official" ] || exit 0
/usr/bin/python3 - "$official" "$ours" <<'PY'
import json, sys
o, m = json.loads(sys.argv[1]), json.loads(sys.argv[2])
last3 = lambda d: sum(d["propagate_frame_s"][-3:]) / 3
rows = [("propagation, mean of last 3 frames", last3(o), last3(m)),
        ("init_state (encode frame 0)", o["init_state_s"], m["init_state_s"]),
        ("first click", o["first_click_s"], m["first_click_s"]),
        ("second click, same frame", o["second_click_same_frame_s"], m["second_click_same_frame_s"]),
        ("correction click on a tracked frame", o["correction_click_s"], m["correction_click_s"]),
        ("peak RSS MB", o["peak_rss_mb"], m["peak_rss_mb"])]
for name, a, b in rows:
    print(f"{name:38s} official {a:9.3f}  masklet {b:9.3f}  ratio {a / b:6.2f}x")
PY
