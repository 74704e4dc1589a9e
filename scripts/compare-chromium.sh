#!/usr/bin/env bash
# Screenshots `jianbao export --format html` in headless Chromium at the WeChat
# tab's two widths, light and dark, to set beside the app's tab (not run in CI:
# it needs a browser).
#
#   scripts/compare-chromium.sh ISSUE.md [OUT_DIR]
#
# The standalone page puts the article in a column of at most 677 CSS px with
# 20 px on each side, so a window 415 px wide gives the phone's 375 px article
# and one 717 px wide the desktop's 677 px: the widths the tab's 手机 375 and
# 桌面 677 switches lay the article out at.
#
# Writes OUT_DIR/{phone,desktop}-{light,dark}.png. With MP_DARKMODE_JS set to
# wechatjs/mp-darkmode's dist/darkmode.js (the script WeChat runs), it also
# writes {phone,desktop}-mpdark.png: the light page recoloured by that script,
# to compare with the `--dark` page that jianbao's own transform writes.
#
# Environment: JIANBAO (default: target/debug/jianbao), CHROMIUM (default:
# chromium), THEME (default: classic), HEIGHT (default: 1600).
set -euo pipefail
issue=${1:?usage: scripts/compare-chromium.sh ISSUE.md [OUT_DIR]}
out=${2:-target/compare-chromium}
jianbao=${JIANBAO:-target/debug/jianbao}
chromium=${CHROMIUM:-chromium}
theme=${THEME:-classic}
height=${HEIGHT:-1600}
mkdir -p "$out"
out=$(cd "$out" && pwd)
"$jianbao" export --format html --theme "$theme" "$issue" > "$out/light.html"
"$jianbao" export --format html --theme "$theme" --dark "$issue" > "$out/dark.html"
pages=(light dark)
if [[ -n "${MP_DARKMODE_JS:-}" ]]; then
    # The light page with WeChat's own dark-mode script run on the article.
    {
        sed '/<\/body>/,$d' "$out/light.html"
        printf '<script>%s</script>\n' "$(cat "$MP_DARKMODE_JS")"
        printf '<script>document.body.style.background="#191919";Darkmode.run(document.querySelectorAll("body > div, body > div *"),{mode:"dark",needJudgeFirstPage:false});</script>\n'
        printf '</body>\n</html>\n'
    } > "$out/mpdark.html"
    pages+=(mpdark)
fi
shot() { # page, name, window width
    "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=3000 \
        --window-size="$3,$height" --screenshot="$out/$2-$1.png" "file://$out/$1.html" >/dev/null 2>&1
    echo "$out/$2-$1.png"
}
for page in "${pages[@]}"; do
    shot "$page" phone 415
    shot "$page" desktop 717
done
