#!/usr/bin/env bash
# Số đo tốc độ và bộ nhớ (không phải kiểm thử) / speed and memory figures (not a test).
# Usage: tests/bench.sh [path/to/baocao] [runs]
# Prints, per sample: best and median wall time of N runs, and peak memory (max RSS).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/baocao}
runs=${2:-7}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

measure() { # name, args...
  local name=$1; shift
  local times=() mem=0
  for _ in $(seq "$runs"); do
    local t0 t1 rss
    t0=$(date +%s%N)
    /usr/bin/time -o "$out/time" -f "%M" "$bin" "$@" >/dev/null 2>&1 || true
    rss=$(tail -1 "$out/time")
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
    [ "$rss" -gt "$mem" ] && mem=$rss
  done
  local sorted=($(printf '%s\n' "${times[@]}" | sort -n))
  printf '%-32s best %5d ms   median %5d ms   peak %6.1f MiB\n' "$name" "${sorted[0]}" \
    "${sorted[$(( ${#sorted[@]} / 2 ))]}" "$(echo "$mem / 1024" | bc -l)"
}

command -v bc >/dev/null || { echo "needs bc (apt-get install bc)"; exit 1; }
echo "baocao benchmark: $runs runs each, $(nproc) cores, $(date -u +%F)"
for s in samples/*/report.yaml; do
  name=$(basename "$(dirname "$s")")
  measure "$name" render "$s" -o "$out/$name.pdf" --chi-phong-kem-theo
done
# Set-up cost alone: the smallest possible document.
mkdir -p "$out/tiny"
cat > "$out/tiny/report.yaml" <<'Y'
co-quan: [SỞ NỘI VỤ]
so: 1
ky-hieu: BC-SNV
dia-danh: Khánh Hòa
ngay: 2024-01-05
trich-yeu: Thử
noi-dung: a.md
noi-nhan: ["Lưu: VT."]
ky: {ho-ten: Nguyễn Văn A}
Y
echo "Một đoạn." > "$out/tiny/a.md"
measure "(set-up only: one paragraph)" render "$out/tiny/report.yaml" -o "$out/tiny.pdf" --chi-phong-kem-theo
if [ -x "$(dirname "$bin")/bench_table" ]; then
  "$(dirname "$bin")/bench_table" 100000
fi
