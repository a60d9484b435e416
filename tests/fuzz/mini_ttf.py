# Usage: python3 tests/fuzz/mini_ttf.py tests/fuzz/corpus/fuzz_fontcheck/mini.ttf
# (the truncated-* seeds are the first 3000 bytes of fonts/LiberationSerif-*.ttf)
# Builds a minimal valid TrueType font (3 glyphs: .notdef, a box for 'A',
# a composite of it for 'B') for the fuzz seed corpus.
import struct, sys
def pad(b): return b + b"\0" * (-len(b) % 4)
simple = struct.pack(">hhhhh", 1, 0, 0, 500, 700) + struct.pack(">H", 3) + struct.pack(">H", 0) \
    + bytes([1, 1, 1, 1]) + struct.pack(">hhhh", 0, 0, 500, 0) + struct.pack(">hhhh", 0, 700, 0, -700)
simple = pad(simple)
comp = struct.pack(">hhhhh", -1, 0, 0, 500, 700) + struct.pack(">HHbb", 0x0000 | 0x2, 1, 0, 0)
comp = pad(comp)
glyf = simple + comp  # glyph 0 empty
loca = struct.pack(">HHHH", 0, 0, len(simple) // 2, (len(simple) + len(comp)) // 2)
ng = 3
head = struct.pack(">IIIIHH", 0x10000, 0x10000, 0, 0x5F0F3CF5, 0, 1000) + b"\0" * 16 \
    + struct.pack(">hhhhHHhhh", 0, 0, 500, 700, 0, 8, 2, 0, 0)
hhea = struct.pack(">Ihhh", 0x10000, 800, -200, 0) + b"\0" * 22 + struct.pack(">hH", 0, 2)
maxp = struct.pack(">IH", 0x5000, ng)
hmtx = struct.pack(">HhHh", 500, 0, 600, 0) + struct.pack(">h", 0)
# cmap (3,1) format 4: 'A'-'B' -> 1-2, 0xFFFF
segs = [(0x41, 0x42, (1 - 0x41) & 0xFFFF), (0xFFFF, 0xFFFF, 1)]
n = len(segs)
sub = struct.pack(">HHHHHHH", 4, 16 + 8 * n, 0, 2 * n, 2, 0, 0)
sub += b"".join(struct.pack(">H", e) for _, e, _ in segs) + b"\0\0"
sub += b"".join(struct.pack(">H", s) for s, _, _ in segs)
sub += b"".join(struct.pack(">H", d) for _, _, d in segs)
sub += b"\0\0" * n
cmap = struct.pack(">HHHHI", 0, 1, 3, 1, 12) + sub
names = [(6, "Mini-Regular"), (2, "Regular"), (1, "Mini")]
recs, strs = b"", b""
for nid, s in names:
    b = s.encode("utf-16-be")
    recs += struct.pack(">HHHHHH", 3, 1, 0x409, nid, len(b), len(strs))
    strs += b
name = struct.pack(">HHH", 0, len(names), 6 + len(recs)) + recs + strs
post = struct.pack(">I", 0x30000) + b"\0" * 28
os2 = struct.pack(">H", 0) + b"\0" * 76
tabs = {"OS/2": os2, "cmap": cmap, "glyf": glyf, "head": head, "hhea": hhea, "hmtx": hmtx,
        "loca": loca, "maxp": maxp, "name": name, "post": post,
        "cvt ": b"\0\0", "fpgm": b"\xb0\x00", "prep": b"\xb0\x01"}
tags = sorted(tabs)
off = 12 + 16 * len(tags)
dirs, body = b"", b""
for t in tags:
    d = tabs[t]
    dirs += t.encode() + struct.pack(">III", 0, off + len(body), len(d))
    body += pad(d)
out = struct.pack(">IHHHH", 0x10000, len(tags), 128, 3, len(tags) * 16 - 128) + dirs + body
open(sys.argv[1], "wb").write(out)
