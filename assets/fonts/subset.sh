#!/bin/sh
# Rebuilds the two share-card fonts from Debian's fonts-noto-core (Noto 2.004,
# SIL OFL 1.1, no Reserved Font Name): Latin, Latin-1, Latin Extended-A/B, Cyrillic
# (with Kazakh, Kyrgyz, Tajik letters), general punctuation and currency signs;
# hinting dropped (resvg does not use it), kerning and ligatures kept.
#   apt-get download fonts-noto-core && dpkg-deb -x fonts-noto-core_*.deb noto
#   pip install fonttools && sh assets/fonts/subset.sh noto/usr/share/fonts/truetype/noto
set -eu
src=${1:?usage: subset.sh DIR-WITH-NOTO-TTFS}
here=$(dirname "$0")
ranges="U+0020-007E,U+00A0-024F,U+0300-036F,U+0400-052F,U+1E00-1EFF,U+2000-206F,U+20A0-20CF,U+2100-214F,U+2190-2199,U+2212"
for font in NotoSerif-Bold NotoSans-Regular; do
  pyftsubset "$src/$font.ttf" --unicodes="$ranges" --layout-features='kern,liga,mark,mkmk,ccmp,locl' \
    --no-hinting --desubroutinize --name-IDs='*' --name-languages='*' --drop-tables+=DSIG \
    --output-file="$here/$font.ttf"
done
