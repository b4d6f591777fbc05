#!/usr/bin/env bash
# Builds and tests this tree inside a fresh Debian root made with debootstrap, the way a user of
# that distribution would: the project's own install-deps.sh, a clean copy of the tree, the
# README's build command and the default test suite. Not part of CI (it takes long); run by hand
# and before a release. Needs root (debootstrap, chroot, mounts) and Debian's package mirror.
#
#   packaging/check-distro.sh debian13 [--cuda] [--package] [--install-test] [--root DIR]
#                             [--mirror URL] [--jobs N] [--no-tests]
#   packaging/check-distro.sh debian12 [...]
#   packaging/check-distro.sh debian12 --deb build/masklet_0.1.0-1+deb12_amd64.deb
#
#   --cuda          build against LibTorch 2.6 with CUDA 12.4 (Debian 13 only); compile and link,
#                   then the default suite, which runs on the CPU when there is no GPU
#   --package       make the .deb (cpack -G DEB) and copy it to build/packages/
#   --install-test  install that .deb into a second fresh root of the distribution with apt and
#                   run `masklet-cli --help` there (implies --package)
#   --deb FILE      skip the build: install this package into a fresh root and run it there
#   --root DIR      where the roots live (default /var/tmp/masklet-roots); a root is reused when
#                   it exists, the tree copy and the build inside it are always fresh
#   --no-tests      stop after the build
# The fixtures in ../shared beside the tree are mounted read-only where the tests look for them.
set -euo pipefail

usage() { sed -n '7,21p' "$0" | sed 's/^# \{0,1\}//'; }
[ $# -ge 1 ] || { usage; exit 2; }
case "$1" in
  debian12) SUITE=bookworm ;;
  debian13) SUITE=trixie ;;
  -h | --help) usage; exit 0 ;;
  *) echo "check-distro.sh: unknown distribution '$1' (known: debian12, debian13)" >&2; exit 2 ;;
esac
DISTRO=$1
shift
CUDA=0 PACKAGE=0 INSTALL_TEST=0 TESTS=1 DEB=""
ROOTS=/var/tmp/masklet-roots MIRROR=http://deb.debian.org/debian JOBS=$(nproc)
while [ $# -gt 0 ]; do
  case "$1" in
    --cuda) CUDA=1 ;;
    --package) PACKAGE=1 ;;
    --install-test) PACKAGE=1 INSTALL_TEST=1 ;;
    --no-tests) TESTS=0 ;;
    --deb) DEB=$(realpath "$2") INSTALL_TEST=1; shift ;;
    --root) ROOTS=$2; shift ;;
    --mirror) MIRROR=$2; shift ;;
    --jobs) JOBS=$2; shift ;;
    *) echo "check-distro.sh: unknown option '$1'" >&2; usage; exit 2 ;;
  esac
  shift
done
if [ "$CUDA" -eq 1 ] && [ "$SUITE" != trixie ]; then
  echo "check-distro.sh: --cuda needs debian13 (Debian 12 has no LibTorch built with CUDA)" >&2
  exit 2
fi
[ "$(id -u)" -eq 0 ] || { echo "check-distro.sh: run as root (debootstrap and chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "check-distro.sh: apt-get install debootstrap" >&2; exit 1; }

TREE=$(cd "$(dirname "$0")/.." && pwd)
SHARED=$(cd "$TREE/.." && pwd)/shared
VARIANT=$DISTRO$([ "$CUDA" -eq 1 ] && echo -cuda || true)
ROOT=$ROOTS/$VARIANT
COMPONENTS=main,contrib$([ "$CUDA" -eq 1 ] && echo ,non-free,non-free-firmware || true)
DEPS_FLAGS=$([ "$CUDA" -eq 1 ] && echo --cuda || true)
START=$SECONDS
MOUNTED=()

say() { printf '[check-distro %s %4ds] %s\n' "$VARIANT" $((SECONDS - START)) "$*"; }
unmount_all() {
  local i
  for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do umount -l "${MOUNTED[$i]}" 2>/dev/null || true; done
  MOUNTED=()
}
trap unmount_all EXIT

make_root() { # $1 = folder; debootstrap once, then apt sources with the components we need
  local root=$1
  if [ ! -x "$root/usr/bin/apt-get" ]; then
    say "debootstrap $SUITE into $root"
    mkdir -p "$root"
    debootstrap --variant=minbase --components="$COMPONENTS" "$SUITE" "$root" "$MIRROR" >"$root.debootstrap.log" 2>&1 ||
      { echo "check-distro.sh: debootstrap failed, see $root.debootstrap.log" >&2; exit 1; }
  fi
  echo "deb $MIRROR $SUITE ${COMPONENTS//,/ }" >"$root/etc/apt/sources.list"
  cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
}
mount_into() { # $1 = root
  local m
  for m in proc sys dev dev/pts; do
    mount --bind "/$m" "$1/$m"
    MOUNTED+=("$1/$m")
  done
}
in_root() { chroot "$ROOT" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin \
  LANG=C.UTF-8 "$@"; }

if [ -n "$DEB" ]; then
  [ -f "$DEB" ] || { echo "check-distro.sh: no package file '$DEB'" >&2; exit 2; }
else
make_root "$ROOT"
mount_into "$ROOT"

# A clean copy of the tree: the tracked files as they are in the working tree, no build folders.
say "copying the tree ($(git -C "$TREE" rev-parse --short HEAD 2>/dev/null || echo no git))"
rm -rf "$ROOT/src/masklet" "$ROOT/src/build"
mkdir -p "$ROOT/src/masklet" "$ROOT/src/shared"
if git -C "$TREE" rev-parse >/dev/null 2>&1; then
  git -C "$TREE" ls-files -z | (cd "$TREE" && tar --null -T - -cf -) | tar -xf - -C "$ROOT/src/masklet"
else
  tar -C "$TREE" --exclude=./build -cf - . | tar -xf - -C "$ROOT/src/masklet"
fi
if [ -d "$SHARED" ]; then
  mount --bind -o ro "$SHARED" "$ROOT/src/shared"
  MOUNTED+=("$ROOT/src/shared")
else
  say "no ../shared beside the tree: the tests that need fixtures will skip"
fi

say "installing dependencies with packaging/install-deps.sh $DEPS_FLAGS"
LINK_ONLY=0
if ! in_root bash /src/masklet/packaging/install-deps.sh $DEPS_FLAGS >"$ROOT.deps.log" 2>&1; then
  # Debian's nvidia-cudnn fetches cuDNN from NVIDIA's server while it installs; without that
  # server LibTorch's CUDA libraries are unpacked but cuDNN is missing. The build can still be
  # compiled and linked (our own symbols must all resolve); nothing that loads LibTorch can run.
  if [ "$CUDA" -eq 1 ] && ! in_root test -e /usr/lib/x86_64-linux-gnu/libcudnn.so.9 &&
    in_root test -e /usr/lib/x86_64-linux-gnu/libtorch_cuda.so; then
    LINK_ONLY=1 TESTS=0 PACKAGE=0 INSTALL_TEST=0
    say "cuDNN is missing: Debian's nvidia-cudnn downloads it from developer.download.nvidia.com" \
      "at install time and that failed (see $ROOT.deps.log). Compiling and linking against" \
      "LibTorch's CUDA libraries anyway, leaving their own cuDNN references unresolved; the" \
      "tests and the package need cuDNN and are skipped"
  else
    tail -5 "$ROOT.deps.log"
    echo "check-distro.sh: install-deps.sh failed, see $ROOT.deps.log" >&2
    exit 1
  fi
fi
TORCH=$(in_root dpkg-query -W -f='${db:Status-Abbrev} ${Package} ${Version}\n' 'libtorch*' 2>/dev/null |
  awk '$1 ~ /^[ih]/ && $2 ~ /^libtorch(-cuda)?-?[0-9]/ {print $2, $3}' | tr '\n' ' ' || true)
say "LibTorch: ${TORCH:-?}"

say "configure and build (cmake -G Ninja, $JOBS jobs)"
T0=$SECONDS
CONFIGURE=(-S /src/masklet -B /src/build -G Ninja)
[ "$LINK_ONLY" -eq 0 ] || CONFIGURE+=(-DCMAKE_EXE_LINKER_FLAGS=-Wl,--allow-shlib-undefined)
in_root cmake "${CONFIGURE[@]}" >"$ROOT.build.log" 2>&1 &&
  in_root cmake --build /src/build -j "$JOBS" >>"$ROOT.build.log" 2>&1 ||
  { tail -30 "$ROOT.build.log"; echo "check-distro.sh: the build failed, see $ROOT.build.log" >&2; exit 1; }
WARNINGS=$(grep -c 'warning:' "$ROOT.build.log" || true)
say "built in $((SECONDS - T0)) s, $WARNINGS compiler warnings (log: $ROOT.build.log)"

if [ "$TESTS" -eq 1 ]; then
  T0=$SECONDS
  status=0
  in_root ctest --test-dir /src/build --output-on-failure >"$ROOT.test.log" 2>&1 || status=$?
  say "tests: $(grep -E 'tests passed|tests failed' "$ROOT.test.log" | tail -1) in $((SECONDS - T0)) s (log: $ROOT.test.log)"
  if [ -d "$SHARED/fixtures" ]; then
    for fixture in "$SHARED"/fixtures/*/; do
      name=$(basename "$fixture")
      line=$(in_root /src/build/bin/masklet-cli replay "/src/shared/fixtures/$name" 2>&1 | tail -1 || true)
      say "replay $name: $line"
    done
  fi
  [ "$status" -eq 0 ] || { echo "check-distro.sh: tests failed, see $ROOT.test.log" >&2; exit 1; }
fi

if [ "$PACKAGE" -eq 1 ]; then
  in_root bash -c 'cd /src/build && cpack -G DEB' >"$ROOT.package.log" 2>&1 ||
    { tail -20 "$ROOT.package.log"; echo "check-distro.sh: cpack failed" >&2; exit 1; }
  mkdir -p "$TREE/build/packages"
  DEB=$(ls "$ROOT"/src/build/masklet_*.deb | head -n 1)
  cp "$DEB" "$TREE/build/packages/"
  say "package: build/packages/$(basename "$DEB")"
fi

fi  # the build

if [ "$INSTALL_TEST" -eq 1 ]; then
  unmount_all
  ROOT=$ROOTS/$VARIANT-install
  rm -rf "$ROOT"
  make_root "$ROOT"
  mount_into "$ROOT"
  cp "$DEB" "$ROOT/tmp/"
  say "apt-get install ./$(basename "$DEB") in a fresh $SUITE root"
  in_root bash -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    /tmp/$(basename "$DEB")" >"$ROOT.install.log" 2>&1 ||
    { tail -20 "$ROOT.install.log"; echo "check-distro.sh: installing the .deb failed" >&2; exit 1; }
  in_root masklet-cli --help >"$ROOT.help.log" 2>&1 ||
    { cat "$ROOT.help.log"; echo "check-distro.sh: masklet-cli --help failed in the fresh root" >&2; exit 1; }
  say "installed; masklet-cli --help: $(head -n 1 "$ROOT.help.log")"
  in_root masklet-fetch-model --list >"$ROOT.fetch.log" 2>&1 &&
    say "masklet-fetch-model --list: $(wc -l <"$ROOT.fetch.log") lines" ||
    say "masklet-fetch-model --list failed: $(tail -n 1 "$ROOT.fetch.log")"
fi
say "done in $((SECONDS - START)) s"
