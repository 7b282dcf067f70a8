#!/usr/bin/env bash
# Configures and builds Terrarium with CMake, ninja and ccache.
#   scripts/build.sh [release|asan]
#   release (default): build/       Release, warnings are errors
#   asan:              build-asan/  Debug with AddressSanitizer + UBSan, warnings are errors
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
    flags=(-DCMAKE_BUILD_TYPE=Debug -DTERRARIUM_SANITIZE=ON -DTERRARIUM_WERROR=ON)
    ;;
  *)
    echo "usage: $0 [release|asan]" >&2
    exit 2
    ;;
esac

# ccache is what makes a second run fast; keep its cache across clones of the repository.
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
mkdir -p "$CCACHE_DIR"

cmake -S "$root" -B "$build_dir" -G Ninja "${flags[@]}"
cmake --build "$build_dir" -j "${TERRARIUM_JOBS:-$(nproc)}"
