#!/bin/sh
# Whole-process throughput of `jianbao export --format wechat` (start-up,
# reading, loading, building, writing included), timed by hyperfine over many
# files: the corpus copied COPIES times under distinct names.
#
#   cargo build --release --no-default-features   # the CLI needs no window
#   benches/wechat_process.sh                      # COPIES=40 RUNS=20 OUT=dir to change
#   TMPDIR=/dev/shm benches/wechat_process.sh      # input and output on tmpfs: no disk
#
# Each run writes into a fresh output folder (removed before it, untimed).
# Prints the mean time per run and the throughput in MB/s (10^6 bytes of
# markdown read per second).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${JIANBAO_CORPUS:-$root/../shared/corpus/awesome-embedded-ai}/embedded-ai-report
bin=${JIANBAO_BIN:-$root/target/release/jianbao}
copies=${COPIES:-40}
runs=${RUNS:-20}
command -v hyperfine >/dev/null || { echo "hyperfine is not installed (apt-get install hyperfine)" >&2; exit 1; }
[ -x "$bin" ] || { echo "$bin missing: cargo build --release --no-default-features" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/in"
i=1
while [ "$i" -le "$copies" ]; do
    for f in "$corpus"/*.md; do cp "$f" "$work/in/$i-$(basename "$f")"; done
    i=$((i + 1))
done
out=${OUT:-$work/out}
files=$(ls "$work/in" | wc -l)
bytes=$(cat "$work"/in/*.md | wc -c)
echo "$files files, $bytes bytes of markdown, output to $out"
hyperfine --warmup 3 --runs "$runs" --prepare "rm -rf $out" --export-json "$work/t.json" \
    "$bin export --format wechat --out-dir $out $work/in/*.md"
mean=$(sed -n 's/.*"mean": *\([0-9.e-]*\).*/\1/p' "$work/t.json" | head -n 1)
awk -v b="$bytes" -v t="$mean" 'BEGIN { printf "mean %.1f ms per run: %.0f MB/s\n", t * 1000, b / t / 1e6 }'
