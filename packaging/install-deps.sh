#!/usr/bin/env bash
# Installs every Debian 12 package Masklet's build, app and tests need. Idempotent and
# non-interactive: packages already installed are skipped, so re-running costs seconds.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config clang-format git curl ca-certificates
  qt6-base-dev qt6-base-dev-tools libgl-dev
  libtorch-dev libopenblas0-pthread
  libopencv-dev libpng-dev zlib1g-dev
  libavcodec-dev libavformat-dev libavutil-dev libswscale-dev ffmpeg
  nlohmann-json3-dev libyaml-cpp-dev
  xvfb xauth
)

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
  echo "install-deps.sh: all ${#PACKAGES[@]} packages already installed"
else
  echo "install-deps.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Debian's LibTorch uses the system BLAS: make sure the pthread OpenBLAS is the active one
# (reference BLAS is ~50x slower for the model's matmuls).
for alt in libblas.so.3-x86_64-linux-gnu liblapack.so.3-x86_64-linux-gnu; do
  target=$(update-alternatives --list "$alt" 2>/dev/null | grep openblas-pthread | head -n 1 || true)
  if [ -n "$target" ]; then $SUDO update-alternatives --set "$alt" "$target" >/dev/null; fi
done
