#!/usr/bin/env bash
# Installs every Debian package Masklet's build, app and tests need, on Debian 12 (bookworm) or
# Debian 13 (trixie). Idempotent and non-interactive: packages already installed are skipped, so
# re-running costs seconds.
#
#   packaging/install-deps.sh          LibTorch for the CPU (both distributions)
#   packaging/install-deps.sh --cuda   Debian 13 only: LibTorch 2.6 built with CUDA 12.4 and the
#                                      CUDA toolkit (needs the contrib and non-free components)
set -euo pipefail

CUDA=0
for arg in "$@"; do
  case "$arg" in
    --cuda) CUDA=1 ;;
    -h | --help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-deps.sh: unknown option '$arg' (known: --cuda)" >&2; exit 2 ;;
  esac
done

# Which Debian this is: MASKLET_DISTRO=bookworm|trixie overrides it (for a derivative).
codename="${MASKLET_DISTRO:-}"
if [ -z "$codename" ] && [ -r /etc/os-release ]; then
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
fi

# Both distributions name the packages alike; what differs is the versions behind them
# (Debian 12: LibTorch 1.13, Qt 6.4, FFmpeg 5.1; Debian 13: LibTorch 2.6, Qt 6.8, FFmpeg 7.1).
PACKAGES=(
  build-essential cmake ninja-build pkg-config clang-format git curl ca-certificates file
  qt6-base-dev qt6-base-dev-tools libgl-dev
  libopenblas0-pthread
  libopencv-dev libpng-dev zlib1g-dev
  libavcodec-dev libavformat-dev libavutil-dev libswscale-dev ffmpeg
  nlohmann-json3-dev libyaml-cpp-dev
  xvfb xauth
)

case "$codename" in
  bookworm)
    if [ "$CUDA" -eq 1 ]; then
      echo "install-deps.sh: Debian 12 has no LibTorch built with CUDA; use Debian 13 (trixie)," \
        "or a LibTorch from pytorch.org as the README's CUDA section describes" >&2
      exit 1
    fi
    PACKAGES+=(libtorch-dev)
    ;;
  trixie)
    if [ "$CUDA" -eq 1 ]; then PACKAGES+=(libtorch-cuda-dev nvidia-cuda-toolkit); else
      PACKAGES+=(libtorch-dev)
    fi
    ;;
  *)
    name=$( (. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-}") || true)
    echo "install-deps.sh: this script knows Debian 12 (bookworm) and Debian 13 (trixie), not" \
      "'${name:-an unknown system}'. Install these packages (or their equivalents) by hand:" \
      "${PACKAGES[*]} libtorch-dev; or set MASKLET_DISTRO=bookworm|trixie on a Debian derivative." >&2
    exit 1
    ;;
esac

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-deps.sh: run as root or install sudo" >&2; exit 1
  fi
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$pkg")
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps.sh ($codename): all ${#PACKAGES[@]} packages already installed"
else
  echo "install-deps.sh ($codename): installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  if [ "$CUDA" -eq 1 ]; then
    for pkg in libtorch-cuda-dev nvidia-cuda-toolkit; do
      if ! apt-cache show "$pkg" >/dev/null 2>&1; then
        echo "install-deps.sh: '$pkg' is not in the configured package sources; the CUDA build" \
          "needs Debian's contrib and non-free components (e.g. 'Components: main contrib" \
          "non-free non-free-firmware' in /etc/apt/sources.list.d/debian.sources), then re-run" >&2
        exit 1
      fi
    done
  fi
  if ! $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
    if [ "$CUDA" -eq 1 ] &&
      [ "$(dpkg-query -W -f='${Status}' nvidia-cudnn 2>/dev/null)" != "install ok installed" ]; then
      echo "install-deps.sh: nvidia-cudnn could not fetch cuDNN (Debian's package downloads it" \
        "from developer.download.nvidia.com while it installs); with internet access run" \
        "'sudo dpkg --configure -a'" >&2
    fi
    exit 1
  fi
fi

# Debian's LibTorch uses the system BLAS: make sure the pthread OpenBLAS is the active one
# (reference BLAS is ~50x slower for the model's matmuls).
for alt in libblas.so.3-x86_64-linux-gnu liblapack.so.3-x86_64-linux-gnu; do
  target=$(update-alternatives --list "$alt" 2>/dev/null | grep openblas-pthread | head -n 1 || true)
  if [ -n "$target" ]; then $SUDO update-alternatives --set "$alt" "$target" >/dev/null; fi
done
