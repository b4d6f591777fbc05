#!/usr/bin/env bash
# Builds Debian's own QtCore (the installed version, with Debian's patches and features) with
# ThreadSanitizer, for `run.sh tsan-gui`: with an uninstrumented QtCore, TSan cannot see the locks
# of Qt's event queue, and every queued signal between the tracker worker and the window is
# reported. Only QtCore is rebuilt (event queue, QMutex, QThread, signals); it is loaded in place
# of the system one through LD_LIBRARY_PATH, with Debian's QtGui and QtWidgets beside it.
#   tests/sanitizers/build-qtcore-tsan.sh [DIR]   (default ../qt-tsan next to the source tree)
# Needs the Debian archive (source package), QtCore's build dependencies and about 40 minutes
# on two cores.
set -euo pipefail

missing=$(dpkg-query -W -f '${db:Status-Abbrev} ${Package}\n' libglib2.0-dev libpcre2-dev \
  libdouble-conversion-dev libb2-dev libicu-dev libzstd-dev 2>&1 | grep -v '^ii' || true)
if [ -n "$missing" ]; then
  echo "install QtCore's build dependencies first:" >&2
  echo "  apt-get install libglib2.0-dev libpcre2-dev libdouble-conversion-dev libb2-dev libicu-dev libzstd-dev" >&2
  exit 1
fi

src=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:-$src/../qt-tsan}
version=$(dpkg-query -W -f '${Version}' libqt6core6)  # e.g. 6.4.2+dfsg-10
upstream=${version%-*}
pool=http://deb.debian.org/debian/pool/main/q/qt6-base
arch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
mkdir -p "$dir"
cd "$dir"
[ -f "qt6-base_$upstream.orig.tar.xz" ] || curl -fsSO "$pool/qt6-base_$upstream.orig.tar.xz"
[ -f "qt6-base_$version.debian.tar.xz" ] || curl -fsSO "$pool/qt6-base_$version.debian.tar.xz"
tree=$(tar tf "qt6-base_$upstream.orig.tar.xz" | head -1 | cut -d/ -f1)
if [ ! -d "$tree" ]; then
  tar xf "qt6-base_$upstream.orig.tar.xz"
  tar xf "qt6-base_$version.debian.tar.xz"
  for patch in $(grep -v '^#' debian/patches/series); do
    patch -d "$tree" -p1 -s <"debian/patches/$patch"
  done
fi

# Debian's paths and QtCore features (debian/rules), so the library is a drop-in replacement;
# the host's moc and rcc are used, and nothing but QtCore is configured.
cmake -S "$tree" -B build -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_C_FLAGS=-gline-tables-only -DCMAKE_CXX_FLAGS=-gline-tables-only \
  -DFEATURE_sanitize_thread=ON -DQT_HOST_PATH=/usr -DQT_HOST_PATH_CMAKE_DIR="/usr/lib/$arch/cmake" \
  -DCMAKE_INSTALL_PREFIX=/usr -DINSTALL_BINDIR=lib/qt6/bin -DINSTALL_LIBDIR="lib/$arch" \
  -DINSTALL_LIBEXECDIR=lib/qt6/libexec -DINSTALL_ARCHDATADIR="lib/$arch/qt6" \
  -DINSTALL_DATADIR=share/qt6 -DINSTALL_HOSTDATADIR="lib/$arch/qt6" -DINSTALL_SYSCONFDIR=/etc/xdg \
  -DINSTALL_INCLUDEDIR="include/$arch/qt6" -DINSTALL_PLUGINDIR="lib/$arch/qt6/plugins" \
  -DINSTALL_TRANSLATIONDIR=share/qt6/translations -DINSTALL_MKSPECSDIR="lib/$arch/qt6/mkspecs" \
  -DBUILD_EXAMPLES=OFF -DQT_BUILD_TESTS=OFF -DQT_BUILD_EXAMPLES=OFF \
  -DFEATURE_gui=OFF -DFEATURE_widgets=OFF -DFEATURE_network=OFF -DFEATURE_sql=OFF \
  -DFEATURE_testlib=OFF -DFEATURE_dbus=OFF -DFEATURE_xml=OFF -DFEATURE_concurrent=OFF \
  -DFEATURE_printsupport=OFF -DFEATURE_mimetype_database=OFF -DFEATURE_glib=ON -DFEATURE_icu=ON \
  -DFEATURE_pcre2=ON -DFEATURE_system_pcre2=ON -DFEATURE_doubleconversion=ON \
  -DFEATURE_system_doubleconversion=ON -DFEATURE_system_libb2=ON -DFEATURE_zlib=ON \
  -DFEATURE_system_zlib=ON -DFEATURE_rpath=OFF -DFEATURE_relocatable=OFF >/dev/null
cmake --build build -j"${MASKLET_SANITIZER_JOBS:-2}" --target Core
echo "instrumented QtCore: $dir/build/lib/$arch (run.sh tsan-gui finds it there)"
