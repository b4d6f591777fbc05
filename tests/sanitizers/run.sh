#!/usr/bin/env bash
# One command per sanitizer run (see README, "Reliability checks"):
#   tests/sanitizers/run.sh asan   ASan+UBSan build of the core libraries and the core tests
#   tests/sanitizers/run.sh tsan   TSan build of the tests whose threads hand work over: the
#                                  tracker worker / session controller / frame loader (ui), the
#                                  frame prefetch and FFmpeg decoder threads (video), batch runs
#                                  (cli), run against a QtCore built with TSan (see below)
# Configures a clang build in $MASKLET_SANITIZER_BUILD_DIR (default ../build-<asan|tsan> next to
# the source tree), builds only the test executables it runs, then runs them with ctest.
# Slow (LibTorch headers under clang, instrumented code): run it at low priority on a busy box.
set -euo pipefail

kind=${1:-}
case "$kind" in
  asan)
    flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
    # The core layers: every test of these ctest labels.
    labels='^(model|tracker|video|dataset|project|common)$'
    ;;
  tsan)
    flags="-fsanitize=thread -fno-omit-frame-pointer"
    labels='^(ui|video|cli)$'
    names='test_annotation_workflow|test_tracking_menu|test_playback|test_file_workflow|test_save_failure|test_image_mode'
    names+='|test_frame_cache_prefetch|test_cached_video_reverse_reading|test_damaged_video_decoding'
    names+='|test_batch_cli'
    ;;
  *)
    echo "usage: $0 asan|tsan" >&2
    exit 2
    ;;
esac

src=$(cd "$(dirname "$0")/../.." && pwd)
if [ "$kind" = tsan ]; then
  # Debian's QtCore is not built with TSan: the locks of its event queue and QThread are
  # invisible, and every queued signal between threads would be reported. The tests run against
  # Debian's own QtCore rebuilt with TSan (built once, about 40 minutes: build-qtcore-tsan.sh).
  qtcore=${MASKLET_TSAN_QTCORE:-$src/../qt-tsan/build/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)}
  if [ ! -e "$qtcore/libQt6Core.so.6" ]; then
    echo "no QtCore built with TSan in $qtcore: building it" >&2
    "$src/tests/sanitizers/build-qtcore-tsan.sh"
  fi
fi
build=${MASKLET_SANITIZER_BUILD_DIR:-$src/../build-$kind}
jobs=${MASKLET_SANITIZER_JOBS:-2}

cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="$flags" -DMASKLET_WERROR=OFF >/dev/null

# The tests of the selected labels (ctest names are the test files' names).
mapfile -t tests < <(ctest --test-dir "$build" -N -L "$labels" | sed -n 's/^ *Test *#[0-9]*: //p' |
  { if [ -n "${names:-}" ]; then grep -E "$names" || true; else cat; fi; })
if [ ${#tests[@]} -eq 0 ]; then
  echo "no tests selected" >&2
  exit 1
fi
# Tests are grouped into one executable per layer (tests_<layer>): build the executables that
# hold the selected tests. The CLI tests among them run masklet-cli from the same build:
# instrumented too (also the batch runner under TSan).
regex=$(printf '%s|' "${tests[@]}")
mapfile -t targets < <(ctest --test-dir "$build" -N -V -R "^(${regex%|})\$" |
  sed -n 's|^.*Test command: *\([^ ]*\).*$|\1|p' | xargs -n1 basename | sort -u)
targets+=(masklet-cli)
echo "building ${#tests[@]} tests with $kind: ${tests[*]}"
cmake --build "$build" -j"$jobs" --target "${targets[@]}"

# One model thread: LibTorch's OpenMP runtime (libgomp) is not instrumented, and its barrier
# handoffs look like races to TSan; one thread keeps our own threads the only ones checked.
export MASKLET_THREADS=1 OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1:detect_stack_use_after_return=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# Qt's own dispatcher instead of glib's (glib's wake-ups are another uninstrumented hand-over);
# the suppressions name reports that lie wholly inside uninstrumented libraries (see the file).
export QT_NO_GLIB=1
if [ "$kind" = tsan ]; then export LD_LIBRARY_PATH="$qtcore${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"; fi
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$src/tests/sanitizers/tsan.supp"
# Instrumented model code runs 10-20x slower: Qt Test's 5-minute limit per test function would
# cut the parity sessions short (a timeout, not a finding).
export QTEST_FUNCTION_TIMEOUT=3600000
ctest --test-dir "$build" -R "^(${regex%|})\$" --output-on-failure --timeout 3600
