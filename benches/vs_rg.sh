#!/bin/bash
# `wxr search WORD DIR` against `rg -l -F WORD DIR` (BENCHMARKS.md): medians of hyperfine runs,
# with the folder's files and its library store in the page cache.
# Needs rg, hyperfine and python3 (apt-get install ripgrep hyperfine), and a generated corpus:
#   cargo run --release --example gen_corpus -- /tmp/wxr-corpus 20000
#   cargo build --release && bash benches/vs_rg.sh /tmp/wxr-corpus
set -euo pipefail
C=${1:-/tmp/wxr-corpus}
W=${WXR:-$(dirname "$0")/../target/release/wxr}
out=$(mktemp)
"$W" search 软银 "$C" >/dev/null 2>&1 || true   # makes the store if there is none
# Warm the page cache (this machine evicts pages idle for about a minute).
find "$C" -type f -exec cat {} + >/dev/null
cat "${WXR_CACHE_DIR:-$HOME/.cache/wxr}"/library/*.wxrl >/dev/null 2>&1 || true
echo "| word | files containing it | rg -l -F ms | wxr search ms | ratio | --no-store ms | ratio |"
echo "|---|---|---|---|---|---|---|"
for w in 没有这个词 第12345篇 工程师电池 软银 亿美元; do
  n=$(rg -l -F "$w" "$C" | wc -l || true)
  hyperfine -i -N -w 5 -r 40 --export-json "$out" \
    "rg -l -F $w $C" "$W search $w $C" "$W search --no-store $w $C" >/dev/null 2>&1
  python3 - "$w" "$n" "$out" <<'PY'
import json, sys
d = json.load(open(sys.argv[3]))["results"]
m = [r["median"] * 1000 for r in d]
print(f"| `{sys.argv[1]}` | {int(sys.argv[2]):,} | {m[0]:.1f} | {m[1]:.1f} | {m[1]/m[0]:.2f}× | {m[2]:.1f} | {m[2]/m[0]:.2f}× |")
PY
done
rm -f "$out"
