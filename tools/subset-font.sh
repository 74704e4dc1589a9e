#!/usr/bin/env bash
# Rebuild assets/fonts/JianbaoSansSC-Regular.otf, the bundled Simplified
# Chinese font: a subset of Noto Sans CJK SC (Debian's fonts-noto-cjk, SIL OFL
# 1.1), plus the few glyphs of the archive that it lacks, taken from Noto Sans
# Thai / Arabic / Symbols 2 (Debian's fonts-noto-core, SIL OFL 1.1), renamed
# "Jianbao Sans SC" as a modified version (see assets/fonts/README.md).
#
#   tools/subset-font.sh                   # writes assets/fonts/JianbaoSansSC-Regular.otf
#   OUT=/tmp/x.otf tools/subset-font.sh    # somewhere else
#
# Needs: apt-get (Debian; `apt-get update` done once), dpkg-deb, python3 and
# pip (fonttools is installed with pip if missing). Nothing is installed
# system-wide from the font packages: the .debs are only downloaded and
# unpacked into a temporary folder, so the machine stays without CJK fonts.
# The output is byte-for-byte reproducible for the same inputs.
#
# Characters kept:
#   - ASCII, Latin-1, Latin Extended-A, general punctuation, currency symbols,
#     letterlike symbols, number forms, arrows, mathematical operators,
#     enclosed alphanumerics, box drawing, block elements, geometric shapes,
#     CJK symbols and punctuation, halfwidth and fullwidth forms;
#   - every character of GB2312 (its 6763 hanzi, rows 0xB0-0xF7, and its
#     symbol rows 0xA1-0xA9);
#   - every non-ASCII character that occurs in the newsletter archive
#     ($JIANBAO_CORPUS, default ../shared/corpus/awesome-embedded-ai, *.md),
#     in assets/ and in tests/fixtures/ (only the characters are used; no text
#     is copied). Those the SC face lacks are taken from the fonts-noto-core
#     faces listed in EXTRA_FACES; any still missing is reported.
# Glyph forms: the SC face of the collection (zh-Hans forms in its cmap).
# Layout: pyftsubset's default features (ccmp, liga, locl, kern, mark, palt,
# ...) without the vertical ones; `locl` is kept only for the default and
# zh-Hans (ZHS) language systems (the JAN/KOR/ZHT/ZHH ones would pull in
# ~5800 Japanese, Korean and Traditional glyph variants egui never asks for).
# Vertical-writing tables (vhea, vmtx, VORG) and BASE are dropped: egui lays
# text out horizontally. Hinting is dropped; subroutines are kept
# (desubroutinizing made the file ~7% larger).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CORPUS="${JIANBAO_CORPUS:-$REPO/../shared/corpus/awesome-embedded-ai}"
OUT="${OUT:-$REPO/assets/fonts/JianbaoSansSC-Regular.otf}"
CJK_PKG="fonts-noto-cjk=1:20220127+repack1-1"     # Debian bookworm
CORE_PKG="fonts-noto-core=20201225-1"             # Debian bookworm
TTC=usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
FACE_PS_NAME=NotoSansCJKsc-Regular
EXTRA_DIR=usr/share/fonts/truetype/noto
EXTRA_FACES="NotoSans-Regular NotoSansSymbols-Regular NotoSansSymbols2-Regular NotoSansThai-Regular NotoSansArabic-Regular"

if [ ! -d "$CORPUS" ]; then
    echo "corpus not found: $CORPUS (set JIANBAO_CORPUS)" >&2
    exit 1
fi

python3 -c 'import fontTools' 2>/dev/null || pip install --quiet 'fonttools>=4.50'

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# 1. Fetch and unpack the packages (download only, no install). apt warns
#    that the download runs "unsandboxed as root": harmless.
(cd "$WORK" && apt-get download -q "$CJK_PKG" "$CORE_PKG")
dpkg-deb -x "$WORK"/fonts-noto-cjk_*.deb "$WORK/pkg"
dpkg-deb -x "$WORK"/fonts-noto-core_*.deb "$WORK/pkg"

export WORK TTC FACE_PS_NAME CORPUS REPO OUT EXTRA_DIR EXTRA_FACES

# 2. Pick the SC face of the collection, list the code points to keep, and
#    write the face alone with only its default and ZHS language systems.
python3 - <<'EOF'
import os, pathlib
from fontTools.ttLib import TTCollection, TTFont

work = pathlib.Path(os.environ["WORK"])
ttc_path = str(work / "pkg" / os.environ["TTC"])
ttc = TTCollection(ttc_path, lazy=True)
index = next((i for i, face in enumerate(ttc.fonts)
              if face["name"].getDebugName(6) == os.environ["FACE_PS_NAME"]), None)
if index is None:
    raise SystemExit("SC face not found in the collection")
face = ttc.fonts[index]
print(f"face {index}: {face['name'].getDebugName(4)} ({face['name'].getDebugName(6)}), "
      f"{face['name'].getDebugName(5)}")
cmap = face["cmap"].getBestCmap()

keep = set()
ranges = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x0100, 0x017F),  # Latin Extended-A
    (0x2000, 0x206F),  # General Punctuation
    (0x20A0, 0x20CF),  # Currency Symbols
    (0x2100, 0x214F),  # Letterlike Symbols
    (0x2150, 0x218F),  # Number Forms
    (0x2190, 0x21FF),  # Arrows
    (0x2200, 0x22FF),  # Mathematical Operators
    (0x2460, 0x24FF),  # Enclosed Alphanumerics
    (0x2500, 0x257F),  # Box Drawing
    (0x2580, 0x259F),  # Block Elements
    (0x25A0, 0x25FF),  # Geometric Shapes
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
    (0xFFFD, 0xFFFD),  # replacement character
]
for lo, hi in ranges:
    keep.update(range(lo, hi + 1))

# GB2312: symbol rows 0xA1-0xA9 and hanzi rows 0xB0-0xF7.
for hi in list(range(0xA1, 0xAA)) + list(range(0xB0, 0xF8)):
    for lo in range(0xA1, 0xFF):
        try:
            keep.add(ord(bytes([hi, lo]).decode("gb2312")))
        except UnicodeDecodeError:
            pass

# Characters of the archive, the assets and the test fixtures.
repo = pathlib.Path(os.environ["REPO"])
texts = sorted(pathlib.Path(os.environ["CORPUS"]).rglob("*.md"))
for sub in ("assets", "tests/fixtures"):
    texts += sorted(p for p in (repo / sub).rglob("*")
                    if p.is_file() and p.suffix in (".md", ".txt", ".json", ".toml")
                    and "fonts" not in p.relative_to(repo).parts)
seen = set()
for p in texts:
    seen.update(ord(c) for c in p.read_text(encoding="utf-8") if ord(c) > 0x7E)
keep |= seen

kept = sorted(u for u in keep if u in cmap)
lacking = sorted(u for u in seen if u not in cmap)
(work / "unicodes.txt").write_text("".join(f"U+{u:04X}\n" for u in kept))
(work / "lacking.txt").write_text("".join(f"{u}\n" for u in lacking))
print(f"{len(kept)} code points from the SC face ({len(texts)} text files read); "
      f"not in it: {' '.join(f'U+{u:04X}' for u in lacking) or 'none'}")

sc = TTFont(ttc_path, fontNumber=index, recalcTimestamp=False)
for tag in ("GSUB", "GPOS"):
    for rec in sc[tag].table.ScriptList.ScriptRecord:
        rec.Script.LangSysRecord = [
            l for l in rec.Script.LangSysRecord if l.LangSysTag == "ZHS "]
        rec.Script.LangSysCount = len(rec.Script.LangSysRecord)
sc.save(str(work / "sc.otf"))
EOF

# 3. Subset.
pyftsubset "$WORK/sc.otf" \
    --unicodes-file="$WORK/unicodes.txt" \
    --layout-features-='vert,vrt2,vkna,vkrn,vpal,vhal,valt,vjmo,ljmo,tjmo' \
    --drop-tables+=vhea,vmtx,VORG,BASE \
    --no-hinting \
    --name-IDs='*' --name-languages=1033,2052 \
    --notdef-outline --recalc-bounds \
    --output-file="$WORK/subset.otf"

# 4. Add the lacking glyphs from fonts-noto-core and rename the family.
python3 - <<'EOF'
import os, pathlib
from fontTools.ttLib import TTFont
from fontTools.pens.t2CharStringPen import T2CharStringPen

work = pathlib.Path(os.environ["WORK"])
font = TTFont(str(work / "subset.otf"), recalcTimestamp=False)
upm = font["head"].unitsPerEm
cff = font["CFF "].cff
top = cff.topDictIndex[0]
charstrings = top.CharStrings
fd = next(i for i, d in enumerate(top.FDArray) if d.FontName.endswith("-Generic"))
private = top.FDArray[fd].Private

lacking = [int(x) for x in (work / "lacking.txt").read_text().split()]
extras = []
for name in os.environ["EXTRA_FACES"].split():
    extras.append((name, TTFont(str(work / "pkg" / os.environ["EXTRA_DIR"] / f"{name}.ttf"))))
used_cids = {int(g[3:]) for g in font.getGlyphOrder() if g.startswith("cid")}
free_cids = (c for c in range(65535, 0, -1) if c not in used_cids)
order = font.getGlyphOrder()
added, still, used_sources = [], [], []
for u in lacking:
    src = next(((n, f) for n, f in extras if u in f.getBestCmap()), None)
    if src is None:
        still.append(u)
        continue
    src_name, src_font = src
    assert src_font["head"].unitsPerEm == upm
    gname = src_font.getBestCmap()[u]
    glyphset = src_font.getGlyphSet()
    width, lsb = src_font["hmtx"][gname]
    cs_width = None if width == private.defaultWidthX else width - private.nominalWidthX
    pen = T2CharStringPen(cs_width, glyphset)
    glyphset[gname].draw(pen)
    cs = pen.getCharString(private=private, globalSubrs=cff.GlobalSubrs)
    new = f"cid{next(free_cids):05d}"
    charstrings.charStringsIndex.append(cs)
    charstrings.charStrings[new] = len(charstrings.charStringsIndex) - 1
    top.charset.append(new)
    top.FDSelect.append(fd)
    order.append(new)
    font["hmtx"][new] = (width, lsb)
    if u > 0xFFFF and not any(t.format == 12 for t in font["cmap"].tables):
        from fontTools.ttLib.tables._c_m_a_p import CmapSubtable
        t12 = CmapSubtable.newSubtable(12)
        t12.platformID, t12.platEncID, t12.language = 3, 10, 0
        t12.cmap = dict(font["cmap"].getBestCmap())
        font["cmap"].tables.append(t12)
    for table in font["cmap"].tables:
        if table.isUnicode() and (u <= 0xFFFF or table.format in (12, 13)):
            table.cmap[u] = new
    added.append(f"U+{u:04X} from {src_name}")
    if src_font not in used_sources:
        used_sources.append(src_font)
font.setGlyphOrder(order)
font["maxp"].numGlyphs = len(order)
print("added:", ", ".join(added) or "none")
if still:
    print("still missing (left to egui's fallback fonts):",
          " ".join(f"U+{u:04X}" for u in still))

# Rename: a modified version goes under its own name (assets/fonts/README.md).
family, ps = "Jianbao Sans SC", "JianbaoSansSC-Regular"
version = font["name"].getDebugName(5).split(";")[0]
names = {1: family, 3: f"{version.split()[-1]};JIANBAO;{ps}", 4: family, 6: ps,
         5: f"{version}; jianbao subset of Noto Sans CJK SC"}
for rec in font["name"].names:
    if rec.nameID in names:
        rec.string = names[rec.nameID]
    elif rec.nameID == 0 and used_sources:
        rec.string = rec.toUnicode() + " " + " ".join(
            f"{f['name'].getDebugName(0)} ({f['name'].getDebugName(1)} glyphs)"
            for f in used_sources)
cff.fontNames = [ps]
top.FullName = family
top.FamilyName = family
for d in top.FDArray:
    d.FontName = ps + "-" + d.FontName.split("-")[-1]
font.save(os.environ["OUT"])
EOF
ls -l "$OUT"
