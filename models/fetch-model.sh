#!/usr/bin/env bash
# Downloads an official SAM 2 / SAM 2.1 or EdgeTAM checkpoint, verifies its SHA-256 and stores it
# in the user's model dir ($XDG_DATA_HOME/masklet/models, default ~/.local/share/masklet/models).
# A model whose authors publish no SHA-256 (registry: "unpublished", e.g. edgetam) is installed
# unverified: the script prints the SHA-256 of what it downloaded and says it could not verify it.
# Usage: models/fetch-model.sh NAME     (models/fetch-model.sh --list shows the names)
# Environment: MASKLET_MODEL_REGISTRY (registry file), MASKLET_MODEL_DIR (destination).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Beside the script in a source checkout; under share/masklet/models when installed from the
# .deb (bin/masklet-fetch-model).
default_registry=$here/registry.tsv
[ -r "$default_registry" ] || default_registry=$here/../share/masklet/models/registry.tsv
registry=${MASKLET_MODEL_REGISTRY:-$default_registry}
dest_dir=${MASKLET_MODEL_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/masklet/models}

die() { echo "fetch-model.sh: $*" >&2; exit 1; }

[ -r "$registry" ] || die "cannot read the model registry $registry"

if [ $# -ne 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
  echo "Usage: $0 NAME   (or --list)"; echo "Stores into: $dest_dir"; exit 2
fi
if [ "$1" = "--list" ]; then
  grep -v '^#' "$registry" | awk -F'\t' 'NF>=6 {printf "%-24s %-12s %s%s\n", $1, ($5=="-"?"size ?":$5" B"), $6, ($4=="unpublished"?"  (no published SHA-256)":"")}'
  exit 0
fi

row=$(grep -v '^#' "$registry" | awk -F'\t' -v n="$1" '$1==n {print; exit}')
[ -n "$row" ] || die "unknown model '$1'. Known: $(grep -v '^#' "$registry" | cut -f1 | tr '\n' ' ')"
IFS=$'\t' read -r name file url sha size config <<<"$row"

command -v curl >/dev/null || die "curl is not installed (packaging/install-deps.sh installs it)"
command -v sha256sum >/dev/null || die "sha256sum is not installed"
mkdir -p "$dest_dir" || die "cannot create $dest_dir"
target="$dest_dir/$file"

unpublished=false
[ "$sha" = "unpublished" ] && unpublished=true

verify() {  # verify FILE -> 0 when the SHA-256 matches the registry
  local got; got=$(sha256sum "$1" | cut -d' ' -f1)
  [ "$got" = "$sha" ] && return 0
  echo "fetch-model.sh: SHA-256 mismatch for $file: expected $sha, got $got" >&2
  echo "fetch-model.sh: (the registry's sums for some models come from mirrors: re-check before assuming corruption)" >&2
  return 1
}

# No published SHA-256: nothing to check a file against. Say so, with the file's own SHA-256
# (to compare with another copy, or with a sum the authors may publish later).
unverifiable() {  # unverifiable FILE
  echo "fetch-model.sh: could not verify $file: its authors publish no SHA-256." >&2
  echo "fetch-model.sh: SHA-256 of $1: $(sha256sum "$1" | cut -d' ' -f1)" >&2
}

if [ -f "$target" ]; then
  if $unpublished; then
    echo "$name already present (not verified): $target"; unverifiable "$target"; exit 0
  fi
  if verify "$target" 2>/dev/null; then
    echo "$name already present and verified: $target"; exit 0
  fi
fi

partial="$target.part"
echo "Downloading $name from $url"
if ! curl --fail --location --retry 2 --connect-timeout 20 --continue-at - -o "$partial" "$url"; then
  die "download of $url failed (no network? proxy?). Download it by other means and copy it to $target, then re-run this command to verify it."
fi
if [ "$size" != "-" ]; then
  got_size=$(stat -c %s "$partial")
  if [ "$got_size" != "$size" ]; then
    rm -f "$partial"; die "download of $file is $got_size bytes, expected $size: incomplete, try again"
  fi
fi
if $unpublished; then
  # The least a file must be: a torch.save zip (not an HTML page or a Git LFS pointer).
  if [ "$(head -c 2 "$partial")" != "PK" ]; then
    mv -f "$partial" "$target.unverified"
    die "the download of $url is not a PyTorch checkpoint (no zip header); kept it as $target.unverified, it was not installed"
  fi
  mv -f "$partial" "$target"
  echo "Installed $name ($config) at $target, NOT verified"
  unverifiable "$target"
  exit 0
fi
if ! verify "$partial"; then
  mv -f "$partial" "$target.unverified"
  die "kept the download as $target.unverified; it was not installed"
fi
mv -f "$partial" "$target"
echo "Installed $name ($config) at $target"
