#!/usr/bin/env bash
# Configures and builds Terrarium with CMake, ninja and ccache.
#   scripts/build.sh [release|asan] [TARGET...]   (default: every target)
#   release (default): build/       Release, warnings are errors
#   asan:              build-asan/  AddressSanitizer + UBSan at -O0 with line tables only (-g1),
#                                   asserts on, warnings are errors. Line tables are all the reports
#                                   need; full -g and -O1 each cost compile time CI does not have
#                                   (docs/reliability.md, "Build time")
# TERRARIUM_JOBS sets the parallelism (default: the number of cores, not ninja's cores + 2).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
flavour="${1:-release}"

case "$flavour" in
  release)
    build_dir="$root/build"
    flags=(-DCMAKE_BUILD_TYPE=Release -DTERRARIUM_WERROR=ON)
    ;;
  asan)
    build_dir="$root/build-asan"
    flags=(-DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O0 -g1" "-DCMAKE_C_FLAGS_DEBUG=-O0 -g1"
           -DTERRARIUM_SANITIZE=ON -DTERRARIUM_WERROR=ON)
    ;;
  *)
    echo "usage: $0 [release|asan]" >&2
    exit 2
    ;;
esac

# ccache is what makes a second run fast; keep its cache across clones of the repository.
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
mkdir -p "$CCACHE_DIR"

# Unity batches (cmake/build_speed.cmake): a fresh clone's build takes a fraction of the time.
# scripts/check_unity_names.py (a unit test) keeps file-local names from meeting in a batch.
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_UNITY_BUILD=ON "${flags[@]}"
shift $(($# > 0 ? 1 : 0))
targets=()
if (($# > 0)); then targets=(--target "$@"); fi
cmake --build "$build_dir" -j "${TERRARIUM_JOBS:-$(nproc)}" "${targets[@]}"
