#!/usr/bin/env bash
# Times the official SAM2AutomaticMaskGenerator (tests/bench/official_amg_bench.py) and
# Masklet's `masklet-cli bench segment-everything` with the same options, model geometry and
# seeded random weights on the same image in one run; prints both JSON lines and the ratios
# (official / Masklet: > 1 means Masklet is faster). Speed is never asserted.
#
# Usage: tests/bench/amg_side_by_side.sh --image FILE [--model NAME] [--points-per-side 32]
#        [--points-per-batch 64] [--pred-iou-thresh 0.8] [--stability-score-thresh 0.95]
# Needs SAM2_SRC (a facebookresearch/sam2 checkout) and /usr/bin/python3 with torch, as
# ../shared/reference/official_bench.py. Without SAM2_SRC only Masklet's side runs.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
bin=${MASKLET_BIN_DIR:-$here/build/bin}
image="" model=sam2.1_hiera_tiny opts=()
while [ $# -gt 0 ]; do
  case "$1" in
    --image) image=$2; shift ;;
    --model) model=$2; shift ;;
    --points-per-side|--points-per-batch|--pred-iou-thresh|--stability-score-thresh)
      opts+=("$1" "$2"); shift ;;
    *) echo "amg_side_by_side.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$image" ] || { echo "amg_side_by_side.sh: --image FILE is required" >&2; exit 2; }
official=""
if [ -n "${SAM2_SRC:-}" ]; then
  official=$(/usr/bin/python3 "$here/tests/bench/official_amg_bench.py" --image "$image" \
    --model "$model" "${opts[@]}" 2>/dev/null | tail -n 1)
  echo "official: $official"
else
  echo "official: skipped (set SAM2_SRC to a facebookresearch/sam2 checkout)"
fi
ours=$("$bin/masklet-cli" bench segment-everything --random-weights --model "$model" \
  --image "$image" "${opts[@]}" | tail -n 1)
echo "masklet:  $ours"
[ -n "$official" ] || exit 0
/usr/bin/python3 - "$official" "$ours" <<'PY'
import json, sys
o, m = json.loads(sys.argv[1]), json.loads(sys.argv[2])
for key in ("generate_s", "cpu_s", "peak_rss_mb"):
    print(f"{key:12s} official {o[key]:9.3f}  masklet {m[key]:9.3f}  ratio {o[key] / m[key]:6.2f}x")
print(f"masks        official {o['masks']:5d}  masklet {m['masks']:5d}")
PY
