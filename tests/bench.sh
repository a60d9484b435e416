#!/usr/bin/env bash
# Số đo tốc độ và bộ nhớ (không phải kiểm thử) / speed and memory figures (not a test).
# Usage: tests/bench.sh [path/to/baocao] [runs]
#   BENCH_BATCH=N      reports in the batch section (default 1000)
#   BENCH_PROFILE=1    also the top callgrind entries of each issue-17 case (slower)
# Prints, per case: best and median wall time of N runs, median CPU time (user + sys,
# all threads) and peak memory (max RSS); the issue-17 targets with "đạt (met)" or
# "chưa đạt (not met)"; instruction counts (callgrind: independent of the machine's
# load, unlike wall time on a shared machine); perf's software counters when perf works.
# Sections belong to the engineers of issue 17: add a target with `target` (below) in
# your own section; the summary at the end repeats every target line.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/baocao}
runs=${2:-7}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
command -v bc >/dev/null || { echo "needs bc (apt-get install bc)"; exit 1; }
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)"; exit 1; }

# measure NAME ARGS...: runs "$bin" ARGS... $runs times (then $runs more under GNU time for
# the peak memory) and prints one line; leaves
# "best_wall_ms peak_mib median_cpu_ms" in $out/last (for target lines).
# measure_cmd NAME COMMAND ARGS...: the same for any command.
measure() { local name=$1; shift; measure_cmd "$name" "$bin" "$@"; }
measure_cmd() {
  local name=$1; shift
  /usr/bin/python3 - "$runs" "$name" "$out/last" "$@" <<'PY'
import os, statistics, subprocess, sys, time
runs, name, last, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
walls, cpus, peak, bad = [], [], 0.0, set()
for _ in range(runs):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    walls.append((time.perf_counter() - t0) * 1000)
    cpus.append((ru.ru_utime + ru.ru_stime) * 1000)
    if p.returncode not in (0, 3):
        bad.add(p.returncode)
# Peak memory from GNU time's own child, in runs of their own: a child of this Python
# process starts with Python's pages in its RSS (~11 MiB: fork copies the page tables, and
# exec keeps the old address space's high-water mark in ru_maxrss), so wait4's figure
# cannot go below that - it said 11 MiB for /bin/true.
for _ in range(runs):
    subprocess.run(["/usr/bin/time", "-f", "%M", "-o", last + ".rss"] + cmd,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(last + ".rss") as f:
        peak = max(peak, int(f.read().split()[-1]) / 1024)
note = f"   LỖI / FAILED: exit {sorted(bad)}" if bad else ""
print(f"{name:<40} best {min(walls):6.1f} ms  median {statistics.median(walls):6.1f} ms  "
      f"CPU {statistics.median(cpus):6.1f} ms  peak {peak:5.1f} MiB{note}")
with open(last, "w") as f:
    f.write(f"{min(walls):.1f} {peak:.1f} {statistics.median(cpus):.1f}\n")
PY
}

# target LABEL MEASURED LIMIT UNIT: one line "measured vs target, đạt/chưa đạt", printed
# now and again in the summary at the end.
: > "$out/targets"
target() {
  local verdict
  verdict=$(echo "$2 <= $3" | bc -l | sed 's/^1$/đạt (met)/; s/^0$/chưa đạt (not met)/')
  printf '  %-50s %9s %-3s  mục tiêu / target ≤ %s %s: %s\n' "$1" "$2" "$4" "$3" "$4" "$verdict" \
    | tee -a "$out/targets"
}
last_best() { cut -d' ' -f1 "$out/last"; }
last_peak() { cut -d' ' -f2 "$out/last"; }
# targets LABEL WALL LIMIT UNIT [PEAK_MIB PEAK_LIMIT_MIB]: the target lines of one case,
# "LABEL: wall" and, given a peak, "LABEL: peak memory".
targets() {
  target "$1: wall" "$2" "$3" "$4"
  [ $# -lt 6 ] || target "$1: peak memory" "$5" "$6" MiB
}
# render_targets NAME LABEL REPORT PDF WALL_LIMIT_MS [PEAK_LIMIT_MIB]: measure NAME, the
# render of REPORT (--chi-phong-kem-theo) into PDF, then its target lines (best wall time,
# peak memory).
render_targets() {
  local name=$1 label=$2 report=$3 pdf=$4; shift 4
  measure "$name" render "$report" -o "$pdf" --chi-phong-kem-theo
  targets "$label" "$(last_best)" "$1" ms ${2:+"$(last_peak)" "$2"}
}

echo "baocao benchmark: $runs runs each, $(nproc) cores, $(date -u +%F), load average" \
  "$(cut -d' ' -f1-3 /proc/loadavg) (wall time grows with the load; CPU time and" \
  "instructions much less)"

# ---- issue 17 start-up targets (section: startup) ----
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
# The seeds of issue 17: seed 000 = Báo cáo 45/BC-UBND quý I/2018, seed 001 = Báo cáo
# 55/BC-UBND năm 2023 (tests/data/README.md), rendered from their samples.
seed000=samples/bao-cao-quy-1-2018/report.yaml
seed001=samples/bao-cao-nam-2023/report.yaml
echo "issue 17 targets (--chi-phong-kem-theo; wall time, best of $runs):"
# The floor under every case: starting a process on this machine, and starting baocao
# (the dynamic loader mapping and binding its ~65 libraries, their constructors).
measure_cmd "floor: an empty process (/bin/true)" /bin/true
# An empty C program linked with exactly the baocao program's libraries (its NEEDED list,
# in its order): what loading them costs, whatever the program does.
if command -v cc >/dev/null; then
  printf 'int main(void) { return 0; }\n' > "$out/empty.c"
  readelf -d "$bin" | awk -F'[][]' '/NEEDED/ && $2 !~ /^ld-linux/ { printf "-l:%s\n", $2 }' \
    > "$out/needed"
  cc -o "$out/empty-linked" "$out/empty.c" -Wl,--no-as-needed $(cat "$out/needed") 2>/dev/null \
    || rm -f "$out/empty-linked"
  [ -x "$out/empty-linked" ] && measure_cmd "floor: empty program + its libraries" \
    "$out/empty-linked"
fi
measure "floor: baocao --version (loading only)" --version
cp "$out/last" "$out/m-load"
# Each case's figures are kept in "$out/m-NAME" (best wall, peak, median CPU; with the
# case's wall target) for its floor line below (the callgrind section).
render_targets "one paragraph (set-up only)" "one paragraph" "$out/tiny/report.yaml" \
  "$out/tiny.pdf" 15
echo "$(cat "$out/last") 15" > "$out/m-one paragraph"
render_targets "seed 000: bao-cao-quy-1-2018 (16 p.)" "seed 000 (samples/bao-cao-quy-1-2018)" \
  "$seed000" "$out/s000.pdf" 30
echo "$(cat "$out/last") 30" > "$out/m-seed 000"
render_targets "seed 001: bao-cao-nam-2023 (67 p.)" "seed 001 (samples/bao-cao-nam-2023)" \
  "$seed001" "$out/s001.pdf" 60 20
echo "$(cat "$out/last") 60" > "$out/m-seed 001"
# The memory floor of seed 001's peak: what a process holds at exit, split into file-backed
# pages (the libraries' code and the fonts, mapped from disk and shared with other processes:
# any render has them) and its own memory (heap, stacks), against the one-paragraph render.
if command -v cc >/dev/null; then
  cat > "$out/rss.c" <<'C'
#include <stdio.h>
#include <string.h>
__attribute__((destructor)) static void bench_rss(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char l[256];
    while (f && fgets(l, sizeof l, f))
        if (!strncmp(l, "RssAnon:", 8) || !strncmp(l, "RssFile:", 8) || !strncmp(l, "VmHWM:", 6))
            fprintf(stderr, "bench-rss %s", l);
    if (f)
        fclose(f);
}
C
  if cc -shared -fPIC -o "$out/rss.so" "$out/rss.c" 2>/dev/null; then
    rss() { LD_PRELOAD="$out/rss.so" "$bin" render "$@" -o "$out/rss.pdf" --chi-phong-kem-theo 2>&1 \
      | awk '/^bench-rss/ { v[$2] = $3 / 1024 } END { printf "%.1f %.1f %.1f\n", v["VmHWM:"],
             v["RssFile:"], v["RssAnon:"] }' || true; }
    read -r h0 f0 a0 <<< "$(rss "$out/tiny/report.yaml")"
    read -r h1 f1 a1 <<< "$(rss "$seed001")"
    read -r h2 f2 a2 <<< "$(rss "$seed001" --mot-luong)"
    met=$(echo "$(cut -d' ' -f2 "$out/m-seed 001") <= 20" | bc -l)
    if [ "$met" = 1 ]; then
      # Met: where the peak goes, for the next change that adds to it.
      printf '    seed 001: peak memory: %s MiB of file-backed pages (libraries'"'"' code, fonts; one\n' \
        "$f1" | tee -a "$out/targets"
      printf '      paragraph maps %s MiB), own memory %s MiB at exit (one paragraph %s MiB); on one\n' \
        "$f0" "$a1" "$a0" | tee -a "$out/targets"
      printf '      thread (--mot-luong) peak %s MiB: the drawing thread costs %s MiB of the peak\n' \
        "$h2" "$(echo "$h1 - $h2" | bc -l | xargs printf %.1f)" | tee -a "$out/targets"
    else
      printf '    seed 001: peak memory: sàn / floor %s MiB of file-backed pages (libraries'"'"' code, fonts:\n' \
        "$f1" | tee -a "$out/targets"
      printf '      one paragraph maps %s MiB, peak %s MiB); the rest is own memory, %s MiB at exit (one\n' \
        "$f0" "$h0" "$a1" | tee -a "$out/targets"
      printf '      paragraph %s MiB): 20 MiB needs it under %s MiB - not a floor (pages in flight, shaped\n' \
        "$a0" "$(echo "20 - $f1" | bc -l | xargs printf %.1f)" | tee -a "$out/targets"
      printf '      words, cairo'"'"'s fonts: massif: README "Mục tiêu tốc độ và sàn đo được"), not reached;\n' | tee -a "$out/targets"
      printf '      on one thread (--mot-luong) peak %s MiB, own memory %s MiB at exit: the drawing thread\n' \
        "$h2" "$a2" | tee -a "$out/targets"
      printf '      (its malloc arena, the pages waiting for it) costs %s MiB of the peak\n' \
        "$(echo "$h1 - $h2" | bc -l | xargs printf %.1f)" | tee -a "$out/targets"
    fi
  fi
fi
echo "PDF sizes: one paragraph $(stat -c %s "$out/tiny.pdf"), seed 000 $(stat -c %s "$out/s000.pdf")," \
  "seed 001 $(stat -c %s "$out/s001.pdf") bytes"

# perf's software counters (no hardware counters in most VMs), when perf works.
# The issue-17 cases as NAME:REPORT, for perf and callgrind.
cases=("one paragraph:$out/tiny/report.yaml" "seed 000:$seed000" "seed 001:$seed001")
if command -v perf >/dev/null && perf stat -e task-clock true >/dev/null 2>&1; then
  echo "perf stat (software counters, mean of $runs runs):"
  for c in "${cases[@]}"; do
    perf stat -x, -r "$runs" -e task-clock,page-faults,context-switches -o "$out/perf" \
      "$bin" render "${c#*:}" -o "$out/perf.pdf" --chi-phong-kem-theo >/dev/null 2>&1 || true
    awk -F, -v n="${c%%:*}" '$3 == "task-clock" || $3 ~ /^task-clock/ { t = $1 }
      $3 ~ /^page-faults/ { p = $1 } $3 ~ /^context-switches/ { s = $1 }
      END { printf "  %-38s task-clock %7.1f ms   page faults %6d   context switches %4d\n",
            n, t, p, s }' "$out/perf"
  done
else
  echo "perf stat: not available here"
fi

# cg_sums CALLGRIND_FILE [AWK OPTIONS...] PROGRAM: runs the awk PROGRAM over the inclusive
# callgrind listing of the file, with take(KEY): v[KEY] = the matching line's instructions
# in millions (its first match), and v["all"] = the whole program's.
CG_TAKE='NF < 3 || index($0, "=>") { next }
function take(key) { if (!(key in v)) { x = $1; gsub(",", "", x); v[key] = x / 1e6 } }
/PROGRAM TOTALS/ { take("all") }'
cg_sums() {
  local f=$1 prog=${!#}
  shift
  set -- "${@:1:$(($# - 1))}"
  callgrind_annotate --inclusive=yes --threshold=100 "$f" 2>/dev/null | awk "$@" "$CG_TAKE
$prog"
}

# floor_line NAME CALLGRIND_FILE: the case's floor - what is not ours to remove while cairo
# writes the PDF (the design: render/ draws with cairo): loading the program (the CPU time
# of baocao --version, measured above; its instructions are _dl_start's) and cairo's PDF
# output (cairo_show_text_glyphs recording the runs, cairo_show_page writing them glyph by
# glyph, cairo_surface_finish subsetting and compressing the fonts) as CPU time at the
# case's own rate after loading (its other instructions over its other CPU time). Both are
# serial (cairo's writer is one thread), so the wall time cannot go below their sum.
# Printed now and in the summary under the targets.
floor_line() {
  local n=$1 cg=$2
  [ -f "$out/m-$n" ] && [ -f "$out/m-load" ] || return 0
  read -r _ _ cpu limit < "$out/m-$n"
  read -r _ _ lcpu < "$out/m-load"
  cg_sums "$cg" -v n="$n" -v cpu="$cpu" -v lcpu="$lcpu" -v limit="$limit" '
    /:_dl_start \[/ { take("load") }
    /:cairo_show_text_glyphs \[/ { take("rec") }
    /:cairo_show_page \[/ { take("show") }
    /:cairo_surface_finish \[/ { take("fin") }
    END {
      if (!v["all"] || cpu <= lcpu) exit
      c = v["rec"] + v["show"] + v["fin"]; rate = (v["all"] - v["load"]) / (cpu - lcpu)
      ms = lcpu + c / rate
      printf "    %s: sàn / floor %.0f ms CPU = loading %.1f ms (baocao --version) + cairo PDF " \
        "output %.1f M instructions (recording %.1f, pages %.1f, font subsets %.1f; %.0f %% of " \
        "the %.1f M after loading) at %.2f M/ms = %.1f ms: %s\n", n, ms, lcpu, c, v["rec"],
        v["show"], v["fin"], 100 * c / (v["all"] - v["load"]), v["all"] - v["load"], rate,
        c / rate, (ms > limit ? "above the " limit " ms target (README \"Chữ trong PDF\")" \
                              : "under the " limit " ms target: the rest is our code and Pango")
    }' | tee -a "$out/targets"
}

# Instructions (callgrind; the machine's load does not change them). BENCH_PROFILE=1:
# also the top entries (inclusive: a function with all it calls) of each case.
if command -v valgrind >/dev/null; then
  echo "instructions (callgrind, whole process):"
  valgrind --tool=callgrind --callgrind-out-file="$out/cgt" "$bin" --version > "$out/cgt.log" 2>&1 || true
  awk '/refs:/ { v = $NF; gsub(",", "", v)
    printf "  %-38s %8.1f M instructions\n", "floor: baocao --version", v / 1e6 }' "$out/cgt.log"
  # Where the floor goes: the dynamic loader binding symbols (most Debian libraries are
  # linked -z now: every symbol at start), the libraries' constructors, exit.
  cg_sums "$out/cgt" '
    /:_dl_relocate_object \[/ { take("reloc") }
    /:_dl_map_object_deps \[/ { take("map") }
    /:_dl_init \[/ { take("init") }
    /:JSON::parse/ { take("qpdf") }
    /:asn1_array2tree \[/ { take("tasn1") }
    /:_dl_fini \[/ { take("fini") }
    END {
      printf "    %-36s %8.1f M\n", "binding symbols (_dl_relocate_object)", v["reloc"]
      printf "    %-36s %8.1f M\n", "finding, mapping the libraries", v["map"]
      printf "    %-36s %8.1f M\n", "constructors (_dl_init)", v["init"]
      printf "    %-36s %8.1f M\n", "  of which libqpdf JSON set-up (0: not loaded)", v["qpdf"]
      printf "    %-36s %8.1f M\n", "  of which GnuTLS ASN.1 tables", v["tasn1"]
      printf "    %-36s %8.1f M\n", "exit (_dl_fini)", v["fini"]
    }'
  if [ -x "$out/empty-linked" ]; then
    valgrind --tool=callgrind --callgrind-out-file="$out/cge" "$out/empty-linked" \
      > "$out/cge.log" 2>&1 || true
    awk -v n="$(wc -l < "$out/needed")" '/refs:/ { v = $NF; gsub(",", "", v)
      printf "  %-38s %8.1f M instructions\n", "floor: empty program + " n " libraries", v / 1e6 }' \
      "$out/cge.log"
  fi
  LD_DEBUG=statistics "$bin" --version 2>&1 >/dev/null | awk -v libs="$(ldd "$bin" | grep -c '=>')" '
    /final number of relocations:/ { r = $NF } /number of relative relocations:/ { rel = $NF }
    END { printf "  loader (LD_DEBUG=statistics): %s symbol relocations, %s relative; %d libraries\n",
          r, rel, libs }'
  for c in "${cases[@]}"; do
    valgrind --tool=callgrind --callgrind-out-file="$out/cgt" "$bin" render "${c#*:}" \
      -o "$out/cgt.pdf" --chi-phong-kem-theo > "$out/cgt.log" 2>&1 || true
    awk -v n="${c%%:*}" '/refs:/ { v = $NF; gsub(",", "", v)
      printf "  %-38s %8.1f M instructions\n", n, v / 1e6 }' "$out/cgt.log"
    floor_line "${c%%:*}" "$out/cgt"
    if [ "${BENCH_PROFILE:-0}" = 1 ]; then
      callgrind_annotate --inclusive=yes "$out/cgt" > "$out/cgt-incl.txt" 2>/dev/null || true
      callgrind_annotate "$out/cgt" > "$out/cgt-self.txt" 2>/dev/null || true
      # top N of a callgrind_annotate listing: "M instructions, %, function [library]";
      # only lines matching keep, none matching drop.
      top() { # file n keep drop
        awk -v n="$2" -v keep="$3" -v drop="$4" '
          /PROGRAM TOTALS/ { t = $1; gsub(",", "", t); next }
          /file:function/ { on = 1; next }
          on && /^$/ && k { exit }
          !on || !/^ *[0-9,]+ +[(][ 0-9.]+%[)] +[^ ]/ || $0 !~ keep || (drop != "" && $0 ~ drop) { next }
          {
            v = $1; gsub(",", "", v); f = $0; sub(/^ *[0-9,]+ +[(][ 0-9.]+%[)] +/, "", f)
            lib = f; sub(/^[^[]*[[]/, "", lib); sub(/[]].*$/, "", lib); sub(/^.*[/]/, "", lib)
            sub(/ [[].*$/, "", f); sub(/^[^:]*:/, "", f); sub(/[\047][0-9]+$/, "", f)
            if (seen[f]++) next
            printf "      %6.1f M %5.1f %%  %s [%s]\n", v / 1e6, 100 * v / t, substr(f, 1, 56), lib
            if (++k == n) exit
          }' "$1"
      }
      echo "    stages (inclusive: with all they call):"
      top "$out/cgt-incl.txt" 12 ':(bc_[a-z_]+|_dl_start|_dl_init) [[]' 'bc_cmd_|bc_render_report'
      echo "    hot functions (self):"
      top "$out/cgt-self.txt" 10 '.' ''
    fi
  done
  [ "${BENCH_PROFILE:-0}" = 1 ] || echo "  (BENCH_PROFILE=1: the top callgrind entries of each case)"
fi
cat <<'NOTES'
start-up notes (engineer "noqpdf", issue 17; callgrind, whole process, --chi-phong-kem-theo):
  libqpdf no longer linked: the PDF/A finish reads and prints the catalog, Info, pages and CID
  fonts itself (render/pdfobj.c, byte for byte as qpdf printed them; 35 PDFs compared), qpdf is
  opened (render/qpdflib.c) only to sign and verify (drafts too no longer load it). Main c44b5e2 -> after:
    libraries linked (NEEDED) 27 -> 22, loaded 62 -> 52 (libqpdf, the GnuTLS chain gone)
    baocao --version       22.0 -> 15.8 M     one paragraph   59.8 -> 51.8 M
    seed 000              345.4 -> 334.0 M    seed 001      1 653.8 -> 1 632.7 M
  one paragraph CPU ~76 -> ~68 ms (median of 15, load average 13: wall time not comparable).
  The 15 ms target stays below this machine's floor: ~16 M instructions of loading before main.
start-up notes (issue 17, 2026-12-07; callgrind, whole process, --chi-phong-kem-theo):
  libcrypto, libzip and libxml2 no longer linked: libcrypto is opened (render/ossllib.c) only to
  sign, verify and serve, libzip and libxml2 (input/xlsx.c) only to read a workbook; the XMP packet
  is a fixed template with GLib's XML escaping (libxml2 brought ICU, libstdc++, libgcc_s).
  Main d19b095 -> after (PDFs byte-identical):
    libraries linked (NEEDED) 22 -> 19, loaded 52 -> 43; symbol bindings 10 730 -> 5 162
    baocao --version       15.8 -> 7.0 M      one paragraph   51.5 -> 42.6 M
    seed 000              330.3 -> 321.5 M    seed 001      1 623.2 -> 1 614.6 M
    seed 001 peak memory   25.2 -> 21.4 MiB (libcrypto 1.4 MiB, libxml2 + ICU + libstdc++ 2.3)
  Shaped-word cache (layout/wordcache.c): two generations of 5 000 words (a word found in the
  previous one moves to the current one; the previous one is dropped when the current one is
  full) instead of one of 20 000 emptied when full - words in use stay, a big table's one-off
  numbers go. Peak memory (/usr/bin/time): 100 000 rows 27.1 -> 24.1 MiB, 1 000 000 rows
  60.5 -> 57.1 MiB; instructions (callgrind) 100 000 rows 46 661 -> 46 945 M (+0.6 %), seed 001
  unchanged; PDFs byte-identical.
NOTES

echo "all samples (--chi-phong-kem-theo), then seed 000 with the system's fonts allowed (the"
echo "system's fontconfig configuration loaded to look for Times New Roman):"
for s in samples/*/report.yaml; do
  name=$(basename "$(dirname "$s")")
  measure "$name" render "$s" -o "$out/$name.pdf" --chi-phong-kem-theo
done
measure "bao-cao-quy-1-2018, system fonts allowed" render "$seed000" -o "$out/sys.pdf"
# A generated 100 000-row appendix table (baocao table).
/usr/bin/python3 - "$out" "${BENCH_MILLION:-0}" <<'PY'
import random, sys
d = sys.argv[1]
random.seed(1)
def table(name, n):
  with open(f"{d}/{name}.csv", "w", encoding="utf-8") as f:
    f.write("stt,ten,a,b,tong\n")
    for i in range(1, n + 1):
        a, b = random.randint(0, 5000), random.randint(0, 500)
        f.write(f"{i},Đơn vị hành chính số {i} của tỉnh Khánh Hòa,{a},{b},{a + b}\n")
  with open(f"{d}/{name}.yaml", "w", encoding="utf-8") as f:
    f.write(f"""nhan: Phụ lục
tieu-de: BẢNG THỬ {f"{n:,}".replace(",", ".")} HÀNG
du-lieu: {name}.csv
so-kieu: viet
cot:
  - {{khoa: stt, nhan: STT, nguon: stt, rong: 18mm, can: giua}}
  - {{khoa: ten, nhan: Tên đơn vị, nguon: ten, rong: 3*}}
  - {{khoa: a, nhan: Đúng hạn, nguon: a, kieu: so}}
  - {{khoa: b, nhan: Trễ hạn, nguon: b, kieu: so}}
  - {{khoa: tong, nhan: Tổng, nguon: tong, kieu: so, cong-thuc: a + b}}
""")
table("big", 100000)
table("big200k", 200000)
if sys.argv[2] == "1":
    table("big1m", 1000000)
PY
runs_saved=$runs; runs=1
measure "table: 100 000 rows" table "$out/big.csv" --spec "$out/big.yaml" -o "$out/big.pdf" --chi-phong-kem-theo
# The same on one thread (no drawing thread): what a single core gives.
measure "table: 100 000 rows, --mot-luong" table "$out/big.csv" --spec "$out/big.yaml" -o "$out/big1.pdf" --chi-phong-kem-theo --mot-luong
runs=$runs_saved
echo "pages of the 100 000-row table: $(pdfinfo "$out/big.pdf" | awk '/^Pages/{print $2}')"
# Flatness: peak memory at 100 000 and 200 000 rows (one run each); the
# 1 000 000-row table only with BENCH_MILLION=1 (a few minutes on a loaded machine).
# cairo's PDF goes to a temporary file and the finish reads it back in pieces
# (pdfa.c, scratch.h): what is left grows with the pages, not the file (see the notes).
peak() { /usr/bin/time -o "$out/time" -f "%e %M %U %S" "$bin" table "$out/$1.csv" --spec "$out/$1.yaml" \
  -o "$out/$1.pdf" --chi-phong-kem-theo >/dev/null 2>&1 || true; read -r e m u s < "$out/time"
  echo "$e $(echo "$m / 1024" | bc -l) $(echo "$u + $s" | bc -l)"; }
read -r e1 m1 c1 <<< "$(peak big)"; read -r e2 m2 c2 <<< "$(peak big200k)"
printf '%-32s peak %6.1f MiB at 100 000 rows, %6.1f MiB at 200 000 (%+.1f MiB per 100 000)\n' \
  "table: memory flatness" "$m1" "$m2" "$(echo "$m2 - $m1" | bc -l)"
if [ "${BENCH_MILLION:-0}" = 1 ]; then
  read -r e3 m3 c3 <<< "$(peak big1m)"
  printf '%-32s wall %7.1f s   CPU %7.1f s   peak %6.1f MiB   (%s pages; target 30 s, 40 MiB)\n' \
    "table: 1 000 000 rows" "$e3" "$c3" "$m3" "$(pdfinfo "$out/big1m.pdf" | awk '/^Pages/{print $2}')"
  targets "table: 1 000 000 rows" "$e3" 30 s "$(printf %.1f "$m3")" 40
  # CPU time (both threads) is information: the target is the wall time on 2 cores.
  printf '    table: 1 000 000 rows: CPU (user + sys) %.1f s on both threads\n' "$c3" \
    | tee -a "$out/targets"
  # The wall time's floor: the layout and the drawing thread run side by side, the finish
  # after both; from the instruction shares of a 3 000-row table (callgrind), the 1 000 000-row
  # run's CPU time split the same way.
  if command -v valgrind >/dev/null; then
    head -3001 "$out/big.csv" > "$out/t3k.csv"
    sed 's/du-lieu: big.csv/du-lieu: t3k.csv/' "$out/big.yaml" > "$out/t3k.yaml"
    valgrind --tool=callgrind --callgrind-out-file="$out/cg3k" "$bin" table "$out/t3k.csv" \
      --spec "$out/t3k.yaml" -o "$out/t3k.pdf" --chi-phong-kem-theo >/dev/null 2>&1 || true
    cg_sums "$out/cg3k" -v cpu="$c3" -v wall="$e3" '
      /:_dl_start \[/ { take("load") }
      /:write_page \[/ { take("draw") }
      /:bc_cairo_writer_close \[/ { take("fin") }
      END {
        w = v["all"] - v["load"]; if (w <= 0) exit
        lay = (w - v["draw"] - v["fin"]) / w; dr = v["draw"] / w; fi = v["fin"] / w
        busy = lay > dr ? lay : dr
        printf "    table: 1 000 000 rows: wall floor %.1f s = the busier thread (layout %.0f %%, " \
          "drawing %.0f %% of the instructions, callgrind 3 000 rows) + the finish after both " \
          "(%.0f %%) of the run'"'"'s %.1f s CPU: %s\n", cpu * (busy + fi), 100 * lay, 100 * dr,
          100 * fi, cpu, (cpu * (busy + fi) > 30 ? "above the 30 s target" : "under the 30 s " \
          "target: the rest of the " wall " s is waiting between the threads and the machine" \
          "'"'"'s load")
      }' | tee -a "$out/targets"
  fi
  # What still grows with the pages, measured from the 100 000- and 200 000-row runs:
  # cairo 1.16 keeps a node of its structure tree for every tag begun (~1.3 a page of
  # a table tagged by rows, render_cairo.c) and an entry per object (~5 a page) until
  # the file is closed; the finish keeps a few numbers per object and per page.
  pages1=$(pdfinfo "$out/big.pdf" | awk '/^Pages/{print $2}')
  pages2=$(pdfinfo "$out/big200k.pdf" | awk '/^Pages/{print $2}')
  pages3=$(pdfinfo "$out/big1m.pdf" | awk '/^Pages/{print $2}')
  printf '    table: 1 000 000 rows: still growing with the pages: %.0f B a page (100 000 -> 200 000 rows), %.1f MiB over %s pages - cairo 1.16'"'"'s structure nodes and object entries kept until the file is closed\n' \
    "$(echo "($m2 - $m1) * 1048576 / ($pages2 - $pages1)" | bc -l)" \
    "$(echo "($m2 - $m1) * $pages3 / ($pages2 - $pages1)" | bc -l)" "$pages3" \
    | tee -a "$out/targets"
else
  echo "  table: 1 000 000 rows (≤ 30 s, ≤ 40 MiB): not measured (BENCH_MILLION=1)" >> "$out/targets"
fi
cat <<'NOTES'
table notes (engineer "million", issue 17; baocao table --chi-phong-kem-theo, peak RSS; main
f09335e before, after: cairo's PDF in a nameless temporary file read back in pieces, qpdf given
only the objects it prints, 13 B per object of cairo's file):
    100 000 rows (4 762 pages)     89.8 -> 37.3 MiB    200 000 rows   157.4 -> 44.2 MiB
    1 000 000 rows (47 620 pages)  ~750 MiB (extrapolated) -> ~70 MiB, 65 s CPU (user + sys)
  instructions unchanged (callgrind, 5 000 rows: 2 409 -> 2 401 M; the finish 309 -> 273 M).
  Then (2026-12-07, 45e1607 and the two before it): 1 000 000 rows 57.1 -> 38.3 MiB, 200 000
  rows 31.4 -> 22.9 MiB, 100 000 rows 24.5 -> 20.9 MiB, 28.2 s:
  - cairo 1.16 keeps a node of its structure tree for every tag begun until the file is
    closed (~220 B with its name and MCID list; pdfa.c drops cairo's tree and writes its
    own). A table page had 3-4 (rules, page number and header, one or two paragraphs of
    64 rows); now a page's artifacts are one sequence, a tag left open at the end of a page
    goes on at the top of the next (same node), and a page of rows only alternates
    artifacts-first and artifacts-last: ~1.3 new nodes a page;
  - malloc_trim once cairo's surface is destroyed: the drawing thread's arena kept cairo's
    freed tree through the finish (~5 MiB at 200 000 rows);
  - the ParentTree is a number tree written leaf by leaf (256 entries), and the xref stream
    is deflated row by row: the finish no longer ends with a 1.4 MB /Nums array copied three
    times and a 2 MB table plus a deflate buffer of its size.
  Left, growing with the pages (~400 B a page, the line above): cairo's ~1.3 nodes and ~5
  object entries a page, the finish's numbers per object. Flat memory needs marked content
  written without cairo's tags (own text operators: README "Chữ trong PDF").
NOTES
# Many small reports: one process each against one batch (shared font set-up, all cores).
# BENCH_BATCH=N changes the count (default 1000). Wall time depends on the machine's load;
# CPU time (user + sys, all threads and children) is the cost.
nb=${BENCH_BATCH:-1000}
/usr/bin/python3 - "$out/many" "$nb" <<'PY'
import os, sys
d, n = sys.argv[1], int(sys.argv[2])
os.makedirs(d, exist_ok=True)
with open(f"{d}/danh-sach.txt", "w", encoding="utf-8") as lst:
    for i in range(1, n + 1):
        r = f"{d}/bc-{i:04d}"
        os.makedirs(r, exist_ok=True)
        with open(f"{r}/report.yaml", "w", encoding="utf-8") as f:
            f.write(f"""co-quan: [ỦY BAN NHÂN DÂN, XÃ THỬ SỐ {i}]
so: {i}
ky-hieu: BC-UBND
dia-danh: Khánh Hòa
ngay: 2024-01-05
trich-yeu: Kết quả giải quyết hồ sơ tháng {i % 12 + 1}
noi-dung: a.md
noi-nhan: ["Lưu: VT."]
ky: {{tham-quyen: [CHỦ TỊCH], ho-ten: Nguyễn Văn An}}
""")
        with open(f"{r}/a.md", "w", encoding="utf-8") as f:
            f.write(f"Trong tháng, xã đã tiếp nhận {i * 7} hồ sơ và giải quyết đúng hạn {i * 6} hồ sơ.\n")
        lst.write(f"bc-{i:04d}\n")
PY
per_report() { # label, seconds file (elapsed user sys maxrss)
  read -r e u s m < "$2"
  printf '%-44s wall %7.2f ms/report   CPU %6.2f ms/report   peak %6.1f MiB\n' "$1" \
    "$(echo "$e * 1000 / $nb" | bc -l)" "$(echo "($u + $s) * 1000 / $nb" | bc -l)" \
    "$(echo "$m / 1024" | bc -l)"
}
echo "$nb small one-page reports (one paragraph each):"
/usr/bin/time -o "$out/t1" -f "%e %U %S %M" bash -c '
  for d in "$1"/bc-*; do "$2" render "$d" -o "$d/mot.pdf" --chi-phong-kem-theo 2>/dev/null; done' \
  _ "$out/many" "$bin" || true
per_report "  one process each" "$out/t1"
/usr/bin/time -o "$out/t2" -f "%e %U %S %M" "$bin" render --danh-sach "$out/many/danh-sach.txt" \
  -o "$out/many-pdf/" --chi-phong-kem-theo >/dev/null 2>&1 || true
per_report "  one batch, all $(nproc) cores" "$out/t2"
/usr/bin/time -o "$out/t3" -f "%e %U %S %M" "$bin" render --danh-sach "$out/many/danh-sach.txt" \
  -o "$out/many-pdf1/" --chi-phong-kem-theo --luong 1 >/dev/null 2>&1 || true
per_report "  one batch, --luong 1" "$out/t3"
read -r _ u1 s1 _ < "$out/t1"; read -r _ u2 s2 _ < "$out/t2"
printf '  batch: CPU %.2f ms a report in one batch, %.2f ms as one process each (%s reports)\n' \
  "$(echo "($u2 + $s2) * 1000 / $nb" | bc -l)" "$(echo "($u1 + $s1) * 1000 / $nb" | bc -l)" "$nb" \
  >> "$out/targets"
same=$(cmp -s "$out/many/bc-0001/mot.pdf" "$out/many-pdf/bc-0001.pdf" && echo yes || echo NO)
echo "  batch PDF identical to the one-process PDF: $same"
if command -v valgrind >/dev/null; then
  # Where a batch report's instructions go (callgrind, 20 reports on one thread): the
  # shared set-up once, then per report the render and its parts.
  head -22 "$out/many/danh-sach.txt" | tail -20 > "$out/many/ds20.txt"
  valgrind --tool=callgrind --callgrind-out-file="$out/cgb" "$bin" render \
    --danh-sach "$out/many/ds20.txt" -o "$out/cg-pdf/" --chi-phong-kem-theo --luong 1 \
    >/dev/null 2>&1 || true
  cg_sums "$out/cgb" -v targets="$out/targets" '
    /:bc_font_choice_new \[/ { take("choice") }
    /:bc_fonts_new_from_choice \[/ { take("fontset") }
    /:bc_render_report \[/ { take("render") }
    /:bc_layout_report \[/ { take("layout") }
    /:bc_cairo_writer_close \[/ { take("finish") }
    /:cairo_surface_finish \[/ { take("cairo") }
    /:bc_pdfa_write \[/ { take("pdfa") }
    /\?\?\?:deflate \[/ { take("deflate") }
    END {
      printf "  %-44s %7.1f M instructions\n", "batch of 20 on one thread, whole program", v["all"]
      printf "  %-44s %7.1f M (once)\n", "font choice: fontconfig search, font checks", v["choice"]
      printf "  %-44s %7.1f M (once per thread)\n", "Pango font set of a thread", v["fontset"]
      printf "  %-44s %7.1f M per report\n", "bc_render_report", v["render"] / 20
      printf "  %-44s %7.1f M per report\n", "  of which layout (bc_layout_report)", v["layout"] / 20
      printf "  %-44s %7.1f M per report\n", "  of which PDF finish", v["finish"] / 20
      printf "  %-44s %7.1f M per report\n", "    cairo: font subsets, streams", v["cairo"] / 20
      printf "  %-44s %7.1f M per report\n", "    PDF/A pass, structure tree (bc_pdfa_write)", v["pdfa"] / 20
      printf "  %-44s %7.1f M per report\n", "  deflate (zlib), all callers", v["deflate"] / 20
      # the third target of issue 17, in the summary: what a batch report costs past
      # the shared set-up, and what of it is not layout
      printf "  batch: a report past the shared set-up %.1f M instructions, layout %.1f M of " \
        "them; %.1f M are cairo'"'"'s font subsets and streams (each PDF embeds its own " \
        "subsets: the floor while cairo writes the PDF) and %.1f M the PDF/A pass\n",
        v["render"] / 20, v["layout"] / 20, v["cairo"] / 20, v["pdfa"] / 20 >> targets
    }'
  { valgrind --tool=callgrind --callgrind-out-file="$out/cg1" "$bin" render "$out/many/bc-0001" \
    -o "$out/cg1.pdf" --chi-phong-kem-theo 2>&1 || true; } | awk '/refs:/{v=$NF; gsub(",", "", v);
    printf "  %-44s %7.1f M instructions\n", "one report as its own process", v / 1e6}'
fi
if command -v valgrind >/dev/null; then
  # Instruction counts do not depend on the machine's load (valgrind callgrind).
  for s in bao-cao-quy-1-2018 bao-cao-nam-2023; do
    # exit 3 (data mismatches, bao-cao-nam-2023) must not stop the script (pipefail)
    { valgrind --tool=callgrind --callgrind-out-file="$out/cg" "$bin" render "samples/$s/report.yaml" \
      -o "$out/cg.pdf" --chi-phong-kem-theo 2>&1 || true; } | awk -v s="$s" '/refs:/{print "instructions " s ": " $NF}'
    echo "size $s: $(stat -c %s "$out/cg.pdf") bytes"
  done
fi
# --- PDF output path (engineer "finish", issue 17) ----------------------------------------
# Where bao-cao-nam-2023's PDF output goes (the callgrind profile just taken: $out/cg):
# cairo's page emission (per glyph, cairo 1.16's own PDF operators: the floor while cairo
# writes the text), our PDF/A finish (pdfa.c + pdfout.c) and zlib.
if command -v valgrind >/dev/null && [ -f "$out/cg" ]; then
  cg_sums "$out/cg" '
    /:cairo_show_page \[/ { take("show") }
    /:cairo_show_text_glyphs \[/ { take("glyphs") }
    /:bc_cairo_writer_close \[/ { take("close") }
    /:cairo_surface_finish \[/ { take("subsets") }
    /:bc_pdfa_write \[/ { take("pdfa") }
    /:bc_pdfout_stream \[/ { take("ours") }
    /\?\?\?:deflate \[/ { take("deflate") }
    END {
      printf "finish notes, bao-cao-nam-2023 (callgrind, M instructions of %.0f):\n", v["all"]
      printf "  %-52s %7.1f\n", "cairo_show_page (page emission, per glyph)", v["show"]
      printf "  %-52s %7.1f\n", "cairo_show_text_glyphs (recording the runs)", v["glyphs"]
      printf "  %-52s %7.1f\n", "PDF finish (bc_cairo_writer_close)", v["close"]
      printf "  %-52s %7.1f\n", "  cairo font subsets (cairo_surface_finish)", v["subsets"]
      printf "  %-52s %7.1f\n", "  PDF/A + structure tree (bc_pdfa_write)", v["pdfa"]
      printf "  %-52s %7.1f\n", "    of which our deflate (retagged page contents, object streams)", v["ours"]
      printf "  %-52s %7.1f\n", "deflate (zlib), all callers", v["deflate"]
    }'
fi
# zlib level of the finish's deflate (pdfout.c, Z_DEFAULT_COMPRESSION = 6): the retagged
# page contents of bao-cao-nam-2023 (the PDF of the callgrind run above) compressed at
# other levels by the same zlib, size against CPU time.
[ -f "$out/cg.pdf" ] && /usr/bin/python3 - "$out/cg.pdf" <<'PY' || true
import os, sys, time, zlib
try:
    import pikepdf
except ImportError:
    sys.exit(0)
pdf = pikepdf.open(sys.argv[1])
pages = [pg.obj.Contents.read_bytes() for pg in pdf.pages]
raw, total = sum(map(len, pages)), os.path.getsize(sys.argv[1])
print(f"zlib level, bao-cao-nam-2023's page contents ({len(pages)} pages, {raw // 1024} KiB "
      f"decoded; the PDF is {total // 1024} KiB at level 6):")
res = {}
for lv in (1, 3, 6, 9):
    best = None
    for _ in range(3):
        t = time.process_time()
        size = sum(len(zlib.compress(c, lv)) for c in pages)
        best = min(best or 1e9, time.process_time() - t)
    res[lv] = (size, best)
    print(f"  level {lv}: {size // 1024:5d} KiB  {best * 1000:6.1f} ms CPU")
extra = res[1][0] - res[6][0]
print(f"  kept: level 6 - level 1 would save {1000 * (res[6][1] - res[1][1]):.0f} ms of CPU and add "
      f"{extra // 1024} KiB ({100 * extra / total:.0f} % of the file) to an archival copy")
PY
# baocao serve (section of the serve work): save the narrative -> new page
# images, for seed 000 (samples/bao-cao-quy-1-2018, 16 pages; target: page 1's
# new image under 300 ms) and the page's own template (2 pages). A save is
# answered after the checks (laid out with the warm bc_render_ctx, nothing
# drawn); the images are drawn next on a thread of their own and each page
# request waits for its image. Printed: the save's answer, page 1's new image
# (what the person sees first), the last page's, and the server's own times.
/usr/bin/python3 - "$bin" "$out" "$runs" <<'PY'
import json, re, shutil, statistics, subprocess, sys, time
sys.path.insert(0, "tests")
from servehttp import http_request
bin, out, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
ws = out + "/serve-ws"
shutil.copytree("samples/bao-cao-quy-1-2018", ws + "/quy-1-2018")
p = subprocess.Popen([bin, "serve", ws, "--cong", "0"], stdout=subprocess.PIPE,
                     stderr=subprocess.DEVNULL, text=True)
port = int(re.search(r":(\d+)/", p.stdout.readline()).group(1))
def req(method, path, body=None, headers=None):
    return http_request("127.0.0.1", port, method, path, body, headers)[2]
tok = re.search(rb'content="([0-9a-f]{64})"', req("GET", "/")).group(1).decode()
req("POST", "/api/bao-cao?ten=mau&mau=mau-bao-cao-quy", headers={"X-CSRF-Token": tok})
fmt = lambda v: f"best {min(v):5.0f} median {statistics.median(v):5.0f}"
for name in ("quy-1-2018", "mau"):
    text = json.loads(req("GET", f"/api/bao-cao/{name}"))["narrative"]["text"]
    answer, first, last, checks, images = [], [], [], [], []
    for i in range(runs):
        time.sleep(0.3)  # a person types between two saves
        t0 = time.time()
        d = json.loads(req("POST", f"/api/bao-cao/{name}/tep?ten=noi-dung.md",
                           (text + f"\n\nĐoạn thử {i}.\n").encode(), {"X-CSRF-Token": tok}))
        answer.append((time.time() - t0) * 1000)
        pv = d["preview"]
        req("GET", f"/api/bao-cao/{name}/trang/1.png?g={pv['gen']}")
        first.append((time.time() - t0) * 1000)
        req("GET", f"/api/bao-cao/{name}/trang/{pv['pages']}.png?g={pv['gen']}")
        last.append((time.time() - t0) * 1000)
        pv = json.loads(req("GET", f"/api/bao-cao/{name}"))["preview"]
        checks.append(pv["ms"]); images.append(pv["png_ms"])
    print(f"serve save->page 1 image {name:<11} {fmt(first)} ms   ({pv['pages']} pages)")
    print(f"  answered {fmt(answer)} ms; last page's image {fmt(last)} ms; server: checks "
          f"{fmt(checks)} ms, images {fmt(images)} ms")
p.terminate(); p.wait()
PY
echo "summary of the issue 17 targets:"
cat "$out/targets"
