#!/usr/bin/env bash
# Fetches htmx and the official extensions hyperox uses from the htmx.org
# npm package at the pinned version into crates/hyperox/assets/vendor/htmx,
# with its licence and checksums.
# The files are committed; builds and tests never download.
set -euo pipefail

VERSION=4.0.1
# The extensions (dist/ext/NAME.min.js) hyperox serves.
EXTENSIONS="hx-ptag hx-sse hx-ws"
here="$(cd "$(dirname "$0")/.." && pwd)"
dest="$here/crates/hyperox/assets/vendor/htmx"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack "htmx.org@$VERSION" --silent >/dev/null
tarball="htmx.org-$VERSION.tgz"
expected="$(npm view "htmx.org@$VERSION" dist.integrity)"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$expected" != "$actual" ]; then
    echo "integrity mismatch for $tarball: registry says $expected, got $actual" >&2
    exit 1
fi
tar xzf "$tarball"

mkdir -p "$dest"
cp package/dist/htmx.min.js "$dest/htmx.min.js"
cp package/LICENSE "$dest/LICENSE"
sums="htmx.min.js LICENSE"
for ext in $EXTENSIONS; do
    cp "package/dist/ext/$ext.min.js" "$dest/$ext.min.js"
    sums="$sums $ext.min.js"
done
{
    echo "package: htmx.org"
    echo "version: $VERSION"
    echo "licence: $(node -p "require('./package/package.json').license")"
    echo "extensions: $EXTENSIONS"
    echo "tarball-integrity: $expected"
} > "$dest/VERSION"
(cd "$dest" && sha256sum $sums > SHA256SUMS)
echo "htmx $VERSION -> $dest"
cat "$dest/SHA256SUMS"
