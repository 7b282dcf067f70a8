#!/usr/bin/env bash
# Installs what is missing, builds the release binary and runs the emulator in the foreground.
# Arguments go to `terrarium serve` (default 127.0.0.1:4566), e.g. ./scripts/serve.sh --port 4567
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" release
exec "$root/build/terrarium" serve "$@"
