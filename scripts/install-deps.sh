#!/usr/bin/env bash
# Installs the Debian 12 packages Terrarium needs to build and test, and only the missing ones.
# Safe to run again: when everything is present it does nothing and touches no package index.
set -euo pipefail

packages=(
  cmake ninja-build ccache g++ pkg-config
  libboost-dev nlohmann-json3-dev rapidjson-dev libyaml-cpp-dev libpugixml-dev liblmdb-dev libgit2-dev
  libssl-dev zlib1g-dev libzip-dev libcli11-dev libfmt-dev libgtest-dev libgmock-dev libjemalloc-dev
  python3 curl
)

installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]
}

as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then
    "$@"
  else
    sudo "$@"
  fi
}

missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done

# The end-to-end tests drive the server with the aws CLI and boto3. Prefer whatever the default
# python3 and PATH already provide (newer than Debian's); fall back to Debian's packages.
if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import boto3' >/dev/null 2>&1; then
  installed python3-boto3 || missing+=(python3-boto3)
fi
if ! command -v aws >/dev/null 2>&1 || ! aws --version >/dev/null 2>&1; then
  installed awscli || missing+=(awscli)
fi

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
as_root apt-get update
as_root apt-get install -y --no-install-recommends "${missing[@]}"
