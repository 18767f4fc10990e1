#!/bin/sh
# Regenerates docs/assets/search/snowball/ (the browser's stemmers) from Snowball's sources, at the release
# that the pinned Python package snowballstemmer was generated from (see pyproject.toml): index and query
# must stem alike. Needs git, a C compiler and make. Usage: sh hooks/stepkb/tools/make_snowball_js.sh v3.1.1
set -eu
tag="${1:?Snowball release tag, e.g. v3.1.1}"
out="$(cd "$(dirname "$0")/../../.." && pwd)/docs/assets/search/snowball"
work="$(mktemp -d)"
git clone --quiet --depth 1 --branch "$tag" https://github.com/snowballstem/snowball "$work/snowball"
cd "$work/snowball"
make --quiet snowball
for lang in english german french italian dutch danish swedish finnish spanish polish greek; do
  ./snowball "algorithms/$lang.sbl" -js -o "$out/$lang-stemmer.js"
done
cp javascript/base-stemmer.js "$out/base-stemmer.js"
cp COPYING "$out/COPYING"
rm -rf "$work"
