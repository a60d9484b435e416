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
# A generated 100 000-row appendix table (baocao table).
/usr/bin/python3 - "$out" <<'PY'
import random, sys
d = sys.argv[1]
random.seed(1)
with open(f"{d}/big.csv", "w", encoding="utf-8") as f:
    f.write("stt,ten,a,b,tong\n")
    for i in range(1, 100001):
        a, b = random.randint(0, 5000), random.randint(0, 500)
        f.write(f"{i},Đơn vị hành chính số {i} của tỉnh Khánh Hòa,{a},{b},{a + b}\n")
with open(f"{d}/big.yaml", "w", encoding="utf-8") as f:
    f.write("""nhan: Phụ lục
tieu-de: BẢNG THỬ 100.000 HÀNG
du-lieu: big.csv
so-kieu: viet
cot:
  - {khoa: stt, nhan: STT, nguon: stt, rong: 15mm, can: giua}
  - {khoa: ten, nhan: Tên đơn vị, nguon: ten, rong: 3*}
  - {khoa: a, nhan: Đúng hạn, nguon: a, kieu: so}
  - {khoa: b, nhan: Trễ hạn, nguon: b, kieu: so}
  - {khoa: tong, nhan: Tổng, nguon: tong, kieu: so, cong-thuc: a + b}
""")
PY
runs_saved=$runs; runs=1
measure "table: 100 000 rows" table "$out/big.csv" --spec "$out/big.yaml" -o "$out/big.pdf" --chi-phong-kem-theo
# The same on one thread (no drawing thread): what a single core gives.
measure "table: 100 000 rows, --mot-luong" table "$out/big.csv" --spec "$out/big.yaml" -o "$out/big1.pdf" --chi-phong-kem-theo --mot-luong
runs=$runs_saved
echo "pages of the 100 000-row table: $(pdfinfo "$out/big.pdf" | awk '/^Pages/{print $2}')"
if command -v valgrind >/dev/null; then
  # Instruction counts do not depend on the machine's load (valgrind callgrind).
  for s in bao-cao-quy-1-2018 bao-cao-nam-2023; do
    valgrind --tool=callgrind --callgrind-out-file="$out/cg" "$bin" render "samples/$s/report.yaml" \
      -o "$out/cg.pdf" --chi-phong-kem-theo 2>&1 | awk -v s="$s" '/refs:/{print "instructions " s ": " $NF}'
  done
fi
