/* test_legacy.c - TCVN3 / VNI -> Unicode (src/text/legacy.c).
 *
 * Reads tests/data/legacy/vectors.tsv, tcvn3.tsv and vni.tsv (copies of
 * shared/spec/legacy) under BAOCAO_SOURCE_DIR; fails clearly when they are
 * missing. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "error.h"
#include "legacy.h"
#include "strbuf.h"
#include "text.h"

/* ------------------------------------------------------------ helpers */

static char *read_all(const char *path, size_t *len)
{
    char *data = NULL;
    bc_error err = BC_ERROR_INIT;
    if (bc_file_read(path, &data, len, &err) != BC_OK) {
        char *msg = bc_error_format(&err);
        fprintf(stderr, "%s\n", msg ? msg : "cannot read file");
        free(msg);
        bc_error_clear(&err);
        return NULL;
    }
    return data;
}

/* Splits s at c in place; returns the number of fields (at most max). */
static int split(char *s, char c, char **fields, int max)
{
    int n = 0;
    fields[n++] = s;
    for (char *p = s; *p && n < max; p++) {
        if (*p == c) {
            *p = '\0';
            fields[n++] = p + 1;
        }
    }
    return n;
}

static size_t hex_decode(const char *hex, unsigned char *out, size_t cap)
{
    size_t n = 0;
    while (*hex && n < cap) {
        while (*hex == ' ')
            hex++;
        if (!*hex)
            break;
        unsigned v;
        if (sscanf(hex, "%2x", &v) != 1)
            break;
        out[n++] = (unsigned char)v;
        hex += 2;
    }
    return n;
}

/* Bytes read as Latin-1, as UTF-8 (the "decoded as Latin-1" form of mojibake). */
static char *latin1_to_utf8(const unsigned char *b, size_t n)
{
    bc_buf buf = BC_BUF_INIT;
    char enc[4];
    for (size_t i = 0; i < n; i++)
        bc_buf_append(&buf, enc, (size_t)bc_utf8_encode(b[i], enc));
    return bc_buf_detach(&buf);
}

static char *conv(const char *s, size_t n, bc_legacy_mode mode, bc_legacy_caps caps,
                  bc_diags *diags, bc_legacy_stats *stats)
{
    bc_legacy_options opt = BC_LEGACY_OPTIONS_INIT;
    opt.mode = mode;
    opt.caps = caps;
    char *out = NULL;
    size_t len = 0;
    bc_error err = BC_ERROR_INIT;
    bc_status st = bc_legacy_convert(s, n, "t.txt", &opt, &out, &len, stats, diags, &err);
    CHECK(st == BC_OK);
    if (st != BC_OK) {
        char *msg = bc_error_format(&err);
        fprintf(stderr, "convert failed: %s\n", msg ? msg : "?");
        free(msg);
    }
    if (out)
        CHECK(strlen(out) == len);
    bc_error_clear(&err);
    return out;
}

static char *conv_auto(const char *s, bc_diags *diags)
{
    return conv(s, strlen(s), BC_LEGACY_AUTO, BC_LEGACY_CAPS_GUESS, diags, NULL);
}

static char *decode_run(const char *s, size_t n, bool raw, bc_encoding enc, bc_legacy_caps caps,
                        bc_diags *diags)
{
    bc_legacy_run run = {s, n, raw, enc, caps, "t.txt", 1, 1};
    char *out = NULL;
    bc_error err = BC_ERROR_INIT;
    bc_status st = bc_legacy_decode(&run, &out, NULL, diags, &err);
    CHECK(st == BC_OK);
    bc_error_clear(&err);
    return out;
}

static size_t count_sev(const bc_diags *d, bc_severity sev)
{
    return bc_diags_count(d, sev);
}

/* The first diagnostic of this severity whose message contains needle. */
static const bc_diag *find_diag(const bc_diags *d, bc_severity sev, const char *needle)
{
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].severity == sev && d->items[i].message &&
            strstr(d->items[i].message, needle))
            return &d->items[i];
    return NULL;
}

static void dump_diags(const bc_diags *d)
{
    for (size_t i = 0; i < d->count; i++) {
        char *s = bc_diag_format(&d->items[i]);
        fprintf(stderr, "  diag: %s\n", s ? s : "?");
        free(s);
    }
}

/* ------------------------------------------------------------ vectors */

static void test_vectors(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/data/legacy/vectors.tsv", dir);
    size_t len;
    char *data = read_all(path, &len);
    CHECK(data != NULL);
    if (!data) {
        fprintf(stderr, "test_legacy: cannot read %s (is BAOCAO_SOURCE_DIR right?)\n", path);
        return;
    }
    int rows = 0;
    char *save = data;
    for (char *line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *f[8];
        if (split(line, '\t', f, 8) != 7 || strcmp(f[0], "id") == 0)
            continue;
        rows++;
        const char *id = f[0], *expected = f[2], *moj = f[4], *hfont = f[5], *guess = f[6];
        bc_encoding enc = strcmp(f[1], "tcvn3") == 0 ? BC_ENC_TCVN3 : BC_ENC_VNI;
        const char *want = enc == BC_ENC_TCVN3 ? guess : expected;
        unsigned char raw[512];
        size_t n = hex_decode(f[3], raw, sizeof raw);
        CHECK(n > 0);
        fprintf(stderr, "vector %s\n", id);

        /* detection: raw bytes, cp1252 mojibake, Latin-1 mojibake, Unicode */
        CHECK(bc_legacy_detect((const char *)raw, n) == enc);
        CHECK(bc_legacy_detect_ex((const char *)raw, n, true, NULL) == enc);
        CHECK(bc_legacy_detect(moj, strlen(moj)) == enc);
        char *l1 = latin1_to_utf8(raw, n);
        CHECK(bc_legacy_detect(l1, strlen(l1)) == enc);
        bc_legacy_score sc;
        CHECK(bc_legacy_detect_ex(expected, strlen(expected), false, &sc) == BC_ENC_UNICODE);
        CHECK(sc.unicode);

        /* conversion, all three forms */
        const char *forms[3] = {(const char *)raw, moj, l1};
        size_t lens[3] = {n, strlen(moj), strlen(l1)};
        for (int k = 0; k < 3; k++) {
            bc_diags d = BC_DIAGS_INIT;
            bc_legacy_stats st;
            char *out = conv(forms[k], lens[k], BC_LEGACY_AUTO, BC_LEGACY_CAPS_GUESS, &d, &st);
            CHECK_STR(out, want);
            CHECK(count_sev(&d, BC_NOTE) == 1);
            CHECK(count_sev(&d, BC_WARNING) == 0);
            const bc_diag *note = find_diag(&d, BC_NOTE, enc == BC_ENC_TCVN3
                                                             ? "đã chuyển mã TCVN3 → Unicode"
                                                             : "đã chuyển mã VNI → Unicode");
            CHECK(note != NULL);
            if (note) {
                CHECK(note->line == 1);
                CHECK(note->column >= 1);
                CHECK_STR(note->file, "t.txt");
            }
            CHECK(enc == BC_ENC_TCVN3 ? st.tcvn3 == 1 && st.vni == 0
                                      : st.vni == 1 && st.tcvn3 == 0);
            free(out);
            bc_diags_free(&d);

            /* forced encoding gives the same text */
            out = conv(forms[k], lens[k],
                       enc == BC_ENC_TCVN3 ? BC_LEGACY_FORCE_TCVN3 : BC_LEGACY_FORCE_VNI,
                       BC_LEGACY_CAPS_GUESS, &d, NULL);
            CHECK_STR(out, want);
            CHECK(find_diag(&d, BC_NOTE, "theo mã được chỉ định") != NULL);
            free(out);
            bc_diags_free(&d);
        }

        /* already Unicode: left alone, nothing said */
        {
            bc_diags d = BC_DIAGS_INIT;
            char *out = conv_auto(expected, &d);
            CHECK_STR(out, expected);
            CHECK(d.count == 0);
            free(out);
            bc_diags_free(&d);
        }

        /* TCVN3 with font information (h_font_bytes column) */
        if (enc == BC_ENC_TCVN3) {
            bool all = strcmp(hfont, "all") == 0;
            bool hpos[512] = {false};
            if (!all && *hfont) {
                char tmp[256];
                snprintf(tmp, sizeof tmp, "%s", hfont);
                char *sv = NULL;
                for (char *t = strtok_r(tmp, ",", &sv); t; t = strtok_r(NULL, ",", &sv))
                    hpos[atoi(t)] = true;
            }
            /* decode run by run: H-font runs upper-cased, the rest as a normal font */
            bc_buf b = BC_BUF_INIT;
            for (size_t i = 0; i < n;) {
                size_t j = i;
                bool h = all || hpos[i];
                while (j < n && (all || hpos[j]) == h)
                    j++;
                char *part = decode_run((const char *)raw + i, j - i, true, BC_ENC_TCVN3,
                                        h ? BC_LEGACY_CAPS_HFONT : BC_LEGACY_CAPS_NORMAL, NULL);
                if (part)
                    bc_buf_puts(&b, part);
                free(part);
                i = j;
            }
            char *got = bc_buf_detach(&b);
            CHECK_STR(got, expected);
            free(got);
            if (all) { /* the whole buffer in an H font */
                char *out = conv((const char *)raw, n, BC_LEGACY_AUTO, BC_LEGACY_CAPS_HFONT,
                                 NULL, NULL);
                CHECK_STR(out, expected);
                free(out);
            }
        } else {
            char *out = decode_run((const char *)raw, n, true, BC_ENC_VNI,
                                   BC_LEGACY_CAPS_GUESS, NULL);
            CHECK_STR(out, expected);
            free(out);
        }
        free(l1);
    }
    CHECK(rows == 16);
    free(data);
}

/* ------------------------------------------------------------ paragraphs from the tables */

typedef struct table {
    unsigned char bytes[134][2];
    int nbytes[134];
    int32_t cp[134];
    bool vn3[134];
    int n;
} table;

static bool load_table(const char *dir, const char *name, table *t)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/data/legacy/%s", dir, name);
    size_t len;
    char *data = read_all(path, &len);
    if (!data)
        return false;
    t->n = 0;
    char *save = data;
    for (char *line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *f[8];
        if (split(line, '\t', f, 8) < 5 || strstr(f[0], "hex") || t->n >= 134)
            continue;
        t->nbytes[t->n] = (int)hex_decode(f[0], t->bytes[t->n], 2);
        bc_utf8_decode(f[1], &t->cp[t->n]);
        t->vn3[t->n] = strcmp(f[4], "vn3") == 0;
        t->n++;
    }
    free(data);
    return t->n == 134;
}

/* Encodes UTF-8 text with a table (VN3 rows first, then H-font rows). */
static size_t encode(const table *t, const char *s, unsigned char *out, size_t cap)
{
    size_t n = 0;
    while (*s && n + 2 < cap) {
        int32_t cp;
        s += bc_utf8_decode(s, &cp);
        if (cp < 0x80) {
            out[n++] = (unsigned char)cp;
            continue;
        }
        int found = -1;
        for (int pass = 0; pass < 2 && found < 0; pass++)
            for (int i = 0; i < t->n; i++)
                if (t->cp[i] == cp && t->vn3[i] == (pass == 0)) {
                    found = i;
                    break;
                }
        if (found < 0) {
            fprintf(stderr, "encode: U+%04X not in table\n", (unsigned)cp);
            return 0;
        }
        for (int k = 0; k < t->nbytes[found]; k++)
            out[n++] = t->bytes[found][k];
    }
    return n;
}

static void test_paragraphs(const char *dir)
{
    table tc, vn;
    bool ok = load_table(dir, "tcvn3.tsv", &tc);
    CHECK(ok);
    memset(&vn, 0, sizeof vn);
    ok = ok && load_table(dir, "vni.tsv", &vn);
    CHECK(ok);
    if (!ok)
        return;
    /* Normal-font TCVN3 can only show lowercase toned letters; the heading is
     * all caps and relies on the caps guess. */
    const char *text =
        "QUYẾT ĐỊNH\n"
        "Về việc thành lập Tổ công tác cải cách hành chính;\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n"
        "Xét đề nghị của Giám đốc Sở Nội vụ và Chủ tịch Uỷ ban nhân dân huyện,\n"
        "người được giao nhiệm vụ sẽ thực hiện ngay.";
    unsigned char raw[1024];
    size_t n = encode(&tc, text, raw, sizeof raw);
    CHECK(n > 0);
    CHECK(memchr(raw, 0xAD, n) != NULL); /* ư = soft hyphen is in there */
    char *moj = latin1_to_utf8(raw, n);  /* every letter byte is >= A1: Latin-1 = cp1252 */
    const char *forms[2] = {(const char *)raw, moj};
    size_t lens[2] = {n, strlen(moj)};
    for (int k = 0; k < 2; k++) {
        bc_diags d = BC_DIAGS_INIT;
        bc_legacy_stats st;
        char *out = conv(forms[k], lens[k], BC_LEGACY_AUTO, BC_LEGACY_CAPS_GUESS, &d, &st);
        CHECK_STR(out, text);
        CHECK(count_sev(&d, BC_NOTE) == 1);
        CHECK(count_sev(&d, BC_WARNING) == 0);
        const bc_diag *note = find_diag(&d, BC_NOTE, "TCVN3 → Unicode ở dòng 1–5 (1 đoạn;");
        CHECK(note != NULL);
        if (note) {
            CHECK(note->line == 1);
            CHECK(note->column == 4); /* QUY|Õ */
            CHECK(strstr(note->message, "“QUYẾT ĐỊNH”") != NULL);
        }
        CHECK(st.tcvn3 == 1);
        if (d.count != 1)
            dump_diags(&d);
        free(out);
        bc_diags_free(&d);
    }
    free(moj);

    /* VNI has every capital */
    const char *vtext = "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA\n"
            "Người được giao nhiệm vụ; Kỹ sư Lưu Thị Mỵ, phường Ỷ La, Đồng Tháp.";
    n = encode(&vn, vtext, raw, sizeof raw);
    CHECK(n > 0);
    moj = latin1_to_utf8(raw, n);
    forms[0] = (const char *)raw;
    forms[1] = moj;
    lens[0] = n;
    lens[1] = strlen(moj);
    for (int k = 0; k < 2; k++) {
        bc_diags d = BC_DIAGS_INIT;
        char *out = conv(forms[k], lens[k], BC_LEGACY_AUTO, BC_LEGACY_CAPS_GUESS, &d, NULL);
        CHECK_STR(out, vtext);
        CHECK(find_diag(&d, BC_NOTE, "VNI → Unicode ở dòng 1–2 (1 đoạn;") != NULL);
        CHECK(count_sev(&d, BC_WARNING) == 0);
        free(out);
        bc_diags_free(&d);
    }
    free(moj);
}

/* ------------------------------------------------------------ behaviour */

static void test_mixed_document(void)
{
    const char *in = "Cộng hòa xã hội chủ nghĩa Việt Nam\n"  /* 1: Unicode */
                     "\n"
                     "Céng hßa x· héi chñ nghÜa ViÖt Nam\n"  /* 3: TCVN3 (cp1252) */
                     "§éc lËp - Tù do - H¹nh phóc\n"         /* 4 */
                     "\n"
                     "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam\n" /* 6: VNI (cp1252) */
                     "Plain ASCII line\n";
    const char *want = "Cộng hòa xã hội chủ nghĩa Việt Nam\n"
                       "\n"
                       "Cộng hòa xã hội chủ nghĩa Việt Nam\n"
                       "Độc lập - Tự do - Hạnh phúc\n"
                       "\n"
                       "Cộng hòa xã hội chủ nghĩa Việt Nam\n"
                       "Plain ASCII line\n";
    bc_diags d = BC_DIAGS_INIT;
    bc_legacy_stats st;
    char *out = conv(in, strlen(in), BC_LEGACY_AUTO, BC_LEGACY_CAPS_GUESS, &d, &st);
    CHECK_STR(out, want);
    CHECK(d.count == 2);
    if (d.count == 2) {
        CHECK(d.items[0].severity == BC_NOTE);
        CHECK(d.items[0].line == 3);
        CHECK(d.items[0].column == 2);
        CHECK(strstr(d.items[0].message, "TCVN3 → Unicode ở dòng 3–4") != NULL);
        CHECK(d.items[1].severity == BC_NOTE);
        CHECK(d.items[1].line == 6);
        CHECK(d.items[1].column == 2);
        CHECK(strstr(d.items[1].message, "VNI → Unicode ở dòng 6 (") != NULL);
        char *f = bc_diag_format(&d.items[0]);
        CHECK(f && strstr(f, "t.txt:3:2:") && strstr(f, "ghi chú: đã chuyển mã TCVN3"));
        free(f);
    } else {
        dump_diags(&d);
    }
    CHECK(st.tcvn3 == 1 && st.vni == 1 && st.cp1252 == 0 && st.warnings == 0);
    free(out);
    bc_diags_free(&d);

    /* consecutive paragraphs of one encoding share a note */
    in = "Céng hßa x· héi\n\nH¹nh phóc\n\nHµ Néi\n";
    out = conv(in, strlen(in), BC_LEGACY_AUTO, BC_LEGACY_CAPS_GUESS, &d, &st);
    CHECK_STR(out, "Cộng hòa xã hội\n\nHạnh phúc\n\nHà Nội\n");
    CHECK(d.count == 1 && strstr(d.items[0].message, "dòng 1–5 (3 đoạn;"));
    CHECK(st.tcvn3 == 3);
    free(out);
    bc_diags_free(&d);

    /* Unicode and raw TCVN3 lines in one file (e.g. concatenated) */
    in = "Tiêu đề: Báo cáo\n\nC\xE9ng h\xDF" "a x\xB7 h\xE9i\n";
    out = conv(in, strlen(in), BC_LEGACY_AUTO, BC_LEGACY_CAPS_GUESS, &d, &st);
    CHECK_STR(out, "Tiêu đề: Báo cáo\n\nCộng hòa xã hội\n");
    CHECK(d.count == 1 && d.items[0].line == 3 && d.items[0].column == 2 &&
          strstr(d.items[0].message, "byte không phải UTF-8"));
    free(out);
    bc_diags_free(&d);

    /* CRLF and the final line without LF are kept */
    in = "Vi\xD6t\r\nNam\r\nH\xB5 N\xE9i";
    out = conv(in, strlen(in), BC_LEGACY_AUTO, BC_LEGACY_CAPS_GUESS, NULL, NULL);
    CHECK_STR(out, "Việt\r\nNam\r\nHà Nội");
    free(out);

    out = conv("", 0, BC_LEGACY_AUTO, BC_LEGACY_CAPS_GUESS, &d, NULL);
    CHECK_STR(out, "");
    CHECK(d.count == 0);
    free(out);
    bc_diags_free(&d);
}

static void test_soft_hyphen(void)
{
    bc_diags d = BC_DIAGS_INIT;
    char *out = conv_auto("Ng\u00AD\u00EAi \u00AE\u00AD\u00EEc giao", &d);
    CHECK_STR(out, "Người được giao");
    CHECK(count_sev(&d, BC_NOTE) == 1);
    free(out);
    bc_diags_free(&d);

    /* one word whose only evidence is the soft hyphen */
    CHECK(bc_legacy_detect("tr\u00AD\u00EAng", strlen("tr\u00AD\u00EAng")) == BC_ENC_TCVN3);
    out = conv_auto("tr\u00AD\u00EAng", NULL);
    CHECK_STR(out, "trường");
    free(out);
    out = conv("tr\xAD\xEAng", 6, BC_LEGACY_AUTO, BC_LEGACY_CAPS_GUESS, NULL, NULL);
    CHECK_STR(out, "trường");
    free(out);

    /* a soft hyphen in real Unicode text stays */
    const char *uni = "Người dùng đăng\u00ADký";
    out = conv_auto(uni, &d);
    CHECK_STR(out, uni);
    CHECK(d.count == 0);
    free(out);
    bc_diags_free(&d);

    /* "ưư" (soft hyphen doubled by OpenOffice) is kept, with a warning */
    out = conv_auto("ng\u00AD\u00AD\u00EAi ta", &d);
    CHECK_STR(out, "ngưười ta");
    const bc_diag *w = find_diag(&d, BC_WARNING, "“ưư”");
    CHECK(w && w->line == 1 && w->column == 3);
    free(out);
    bc_diags_free(&d);
}

static void test_passthrough_and_warnings(void)
{
    bc_diags d = BC_DIAGS_INIT;
    bc_legacy_stats st;
    /* characters above U+00FF inside a legacy run pass through */
    char *out = conv_auto("Vi\u00D6t Nam \u2605 \u2192 \u00ABx\u00BB", &d);
    CHECK_STR(out, "Việt Nam ★ → ôxằ");
    free(out);
    bc_diags_free(&d);

    /* unassigned TCVN3 byte: Windows-1252 meaning, warning with its column */
    out = conv("H\xB5 N\xE9i \xC0\n", 9, BC_LEGACY_AUTO, BC_LEGACY_CAPS_GUESS, &d, &st);
    CHECK_STR(out, "Hà Nội À\n");
    const bc_diag *w = find_diag(&d, BC_WARNING, "0xC0");
    CHECK(w && w->line == 1 && w->column == 8 && strstr(w->message, "TCVN3"));
    CHECK(st.warnings == 1);
    /* the note comes first, then the warnings of its paragraphs */
    CHECK(d.count == 2 && d.items[0].severity == BC_NOTE);
    free(out);
    bc_diags_free(&d);

    /* byte Windows-1252 leaves undefined */
    out = conv("H\xB5 \x81", 4, BC_LEGACY_AUTO, BC_LEGACY_CAPS_GUESS, &d, NULL);
    CHECK_STR(out, "Hà \xC2\x81");
    CHECK(find_diag(&d, BC_WARNING, "0x81") != NULL);
    free(out);
    bc_diags_free(&d);

    /* VNI: unassigned 9F/FF and a mark without a base */
    out = decode_run("Vie\xE4t \xFF \xF9", 9, true, BC_ENC_VNI, BC_LEGACY_CAPS_GUESS, &d);
    CHECK_STR(out, "Việt ÿ ù");
    CHECK(find_diag(&d, BC_WARNING, "0xFF") != NULL);
    w = find_diag(&d, BC_WARNING, "không đứng sau nguyên âm");
    CHECK(w && w->column == 9);
    free(out);
    bc_diags_free(&d);

    /* undetectable non-UTF-8 bytes: read as Windows-1252, with a warning */
    out = conv("caf\xE9 cr\xE8me \x93ok\x94", 15, BC_LEGACY_AUTO, BC_LEGACY_CAPS_GUESS, &d, &st);
    CHECK_STR(out, "café crème “ok”");
    CHECK(st.cp1252 == 1 && st.tcvn3 == 0 && st.vni == 0 && st.warnings == 1);
    w = find_diag(&d, BC_WARNING, "Windows-1252");
    CHECK(w && w->line == 1 && w->column == 4);
    free(out);
    bc_diags_free(&d);

    /* at most 50 warnings are listed, then one that counts the rest */
    bc_buf b = BC_BUF_INIT;
    bc_buf_puts(&b, "H\xB5 N\xE9i");
    for (int i = 0; i < 120; i++)
        bc_buf_puts(&b, " \xC0");
    out = conv(b.data, b.len, BC_LEGACY_AUTO, BC_LEGACY_CAPS_GUESS, &d, &st);
    CHECK(out != NULL);
    CHECK(count_sev(&d, BC_WARNING) == 51);
    CHECK(find_diag(&d, BC_WARNING, "còn 70 cảnh báo khác") != NULL);
    CHECK(st.warnings == 120);
    free(out);
    bc_buf_free(&b);
    bc_diags_free(&d);
}

static void test_decoder_rules(void)
{
    /* VNI odd forms (make_vectors.py tolerance checks) */
    struct { const char *in; const char *want; } vni[] = {
        {"A\xF9", "Á"}, {"a\xD9", "á"}, {"i\xF9", "í"}, {"I\xD8", "Ì"}, {"y\xEF", "ỵ"},
        {"Y\xCF", "Ỵ"}, {"\xF4\xD9", "ớ"}, {"\xD4\xF9", "Ớ"}, {"e\xEA", "eê"}, {"\xF9", "ù"},
        {"\xD1\xF6\xF4\xF8ng", "Đường"}, {"U\xDBy ban", "Ủy ban"},
    };
    for (size_t i = 0; i < sizeof vni / sizeof vni[0]; i++) {
        char *out = decode_run(vni[i].in, strlen(vni[i].in), true, BC_ENC_VNI,
                               BC_LEGACY_CAPS_GUESS, NULL);
        CHECK_STR(out, vni[i].want);
        free(out);
    }
    /* TCVN3 caps guess (make_vectors.py checks) */
    struct { const char *in; const char *want; } tc[] = {
        {"S\xE8: 45/Q\xA7-UBND", "Số: 45/QĐ-UBND"},
        {"B\xE9 GD-\xA7T", "Bộ GD-ĐT"},
        {"H\xB5 N\xE9i", "Hà Nội"},
        {"II. NHI\xD6M V\xF4", "II. NHIỆM VỤ"},
        {"T\xE6 CH\xF8" "C", "TỔ CHỨC"},
        {"UBND X\xB7 PH\xF3" "C L\xEEI", "UBND XÃ PHÚC LỢI"},
        {"\xF1y ban", "ủy ban"},
        {"X\xB7\xA0PH\xF3" "C", "XÃ\u00A0PHÚC"},
    };
    for (size_t i = 0; i < sizeof tc / sizeof tc[0]; i++) {
        char *out = decode_run(tc[i].in, strlen(tc[i].in), true, BC_ENC_TCVN3,
                               BC_LEGACY_CAPS_GUESS, NULL);
        CHECK_STR(out, tc[i].want);
        free(out);
    }
    /* no guess for a known normal font; H font upper-cases everything */
    char *out = decode_run("C\xB6I c\xB8" "ch", 8, true, BC_ENC_TCVN3, BC_LEGACY_CAPS_NORMAL,
                           NULL);
    CHECK_STR(out, "CảI cách");
    free(out);
    out = decode_run("c\xB6i c\xB8" "ch 2024", 13, true, BC_ENC_TCVN3, BC_LEGACY_CAPS_HFONT, NULL);
    CHECK_STR(out, "CẢI CÁCH 2024");
    free(out);
    out = conv("c\xB6i c\xB8" "ch", 8, BC_LEGACY_AUTO, BC_LEGACY_CAPS_HFONT, NULL, NULL);
    CHECK_STR(out, "CẢI CÁCH");
    free(out);
    /* mojibake run (UTF-8), with a position for warnings */
    bc_diags d = BC_DIAGS_INIT;
    bc_legacy_run run = {"ab\nVi\u00D6t \u00C0", strlen("ab\nVi\u00D6t \u00C0"), false,
                         BC_ENC_TCVN3, BC_LEGACY_CAPS_GUESS, "x.docx", 7, 10};
    bc_error err = BC_ERROR_INIT;
    CHECK(bc_legacy_decode(&run, &out, NULL, &d, &err) == BC_OK);
    CHECK_STR(out, "ab\nViệt À");
    CHECK(d.count == 1 && d.items[0].line == 8 && d.items[0].column == 6);
    free(out);
    bc_diags_free(&d);
    /* errors */
    run.encoding = BC_ENC_UNICODE;
    CHECK(bc_legacy_decode(&run, &out, NULL, NULL, &err) == BC_E_USAGE && out == NULL);
    run.encoding = BC_ENC_VNI;
    run.data = "a\xF9";
    run.len = 2;
    CHECK(bc_legacy_decode(&run, &out, NULL, NULL, &err) == BC_E_INPUT && out == NULL);
    run.raw = true;
    CHECK(bc_legacy_decode(&run, &out, NULL, NULL, &err) == BC_OK);
    CHECK_STR(out, "á");
    free(out);
    bc_error_clear(&err);
}

static void test_detection_policy(void)
{
    bc_diags d = BC_DIAGS_INIT;
    bc_legacy_stats st;
    bc_legacy_score sc;
    /* README: short strings can be ambiguous (TCVN3 Thuỷ lợi reads as VNI) */
    CHECK(bc_legacy_detect("Thu\u00FB l\u00EEi", strlen("Thu\u00FB l\u00EEi")) == BC_ENC_VNI);
    /* ASCII, Latin-1 words, Unicode */
    CHECK(bc_legacy_detect("UBND", 4) == BC_ENC_UNICODE);
    CHECK(bc_legacy_detect_ex("caf\u00E9", strlen("caf\u00E9"), false, &sc) == BC_ENC_UNICODE);
    CHECK(!sc.unicode && sc.tcvn3 == 0 && sc.vni == -1);
    CHECK(bc_legacy_detect("Hà Nội", strlen("Hà Nội")) == BC_ENC_UNICODE);
    CHECK(bc_legacy_detect(NULL, 0) == BC_ENC_UNICODE);
    CHECK_STR(bc_legacy_encoding_name(BC_ENC_TCVN3), "TCVN3");
    CHECK_STR(bc_legacy_encoding_name(BC_ENC_VNI), "VNI");

    /* both scores positive: the choice is flagged */
    char *out = conv_auto("H\u00B5 Co\u00E4ng ho\u00F8a", &d);
    CHECK_STR(out, "Hµ Cộng hòa");
    CHECK(find_diag(&d, BC_WARNING, "cả TCVN3 (điểm 1) lẫn VNI (điểm 2); đã chọn VNI"));
    free(out);
    bc_diags_free(&d);

    /* weak evidence next to Unicode: converted as the README says, but flagged */
    const char *in = "Công ty Hoà Bình\n\nBáo cáo tổng kết năm\n";
    out = conv(in, strlen(in), BC_LEGACY_AUTO, BC_LEGACY_CAPS_GUESS, &d, &st);
    CHECK_STR(out, "Cơng ty Hồ Bình\n\nBáo cáo tổng kết năm\n"); /* ô = VNI ơ */
    const bc_diag *w = find_diag(&d, BC_WARNING, "chỉ có 1 dấu hiệu VNI");
    CHECK(w && w->line == 1);
    free(out);
    bc_diags_free(&d);

    /* Latin-1 left alone next to converted paragraphs is flagged */
    in = "Céng hßa x· héi\n\nSè 12\n";
    out = conv(in, strlen(in), BC_LEGACY_AUTO, BC_LEGACY_CAPS_GUESS, &d, &st);
    CHECK_STR(out, "Cộng hòa xã hội\n\nSè 12\n");
    w = find_diag(&d, BC_WARNING, "ký tự “è” nhưng không đủ dấu hiệu");
    CHECK(w && w->line == 3 && w->column == 2);
    free(out);
    bc_diags_free(&d);
    /* ... but alone it is simply left alone */
    out = conv_auto("Số 12 café", &d);
    CHECK_STR(out, "Số 12 café");
    CHECK(d.count == 0);
    free(out);
    bc_diags_free(&d);

    /* forced: Unicode paragraphs are still protected, with a note */
    in = "Sè 12\n\nViệt Nam\n";
    out = conv(in, strlen(in), BC_LEGACY_FORCE_TCVN3, BC_LEGACY_CAPS_GUESS, &d, &st);
    CHECK_STR(out, "Số 12\n\nViệt Nam\n");
    CHECK(find_diag(&d, BC_NOTE, "theo mã được chỉ định") != NULL);
    w = find_diag(&d, BC_NOTE, "đã là Unicode (có chữ “ệ”)");
    CHECK(w && w->line == 3 && w->column == 3);
    CHECK(st.tcvn3 == 1);
    free(out);
    bc_diags_free(&d);

    /* forced, but nothing to decode: no note, nothing counted */
    out = conv("\u2605 \u2192 ok\n", strlen("\u2605 \u2192 ok\n"), BC_LEGACY_FORCE_VNI,
               BC_LEGACY_CAPS_GUESS, &d, &st);
    CHECK_STR(out, "\u2605 \u2192 ok\n");
    CHECK(d.count == 0 && st.vni == 0 && st.tcvn3 == 0);
    free(out);
    bc_diags_free(&d);

    /* NFD input comes out NFC */
    out = conv_auto("Vie\u0302\u0323t Nam", NULL);
    CHECK_STR(out, "Việt Nam");
    free(out);
}

static void test_errors(void)
{
    bc_error err = BC_ERROR_INIT;
    char *out = (char *)1;
    bc_status st = bc_legacy_convert("ab\nc\xB5\0d", 7, "f.txt", NULL, &out, NULL, NULL, NULL,
                                     &err);
    CHECK(st == BC_E_INPUT);
    CHECK(out == NULL);
    CHECK(err.line == 2 && err.column == 3);
    CHECK(err.message && strstr(err.message, "NUL"));
    bc_error_clear(&err);
}

/* Inputs that the fuzzer found troublesome, and edge cases: empty lines,
 * marks at line ends, lone high bytes, truncated UTF-8. */
static void test_regressions(void)
{
    /* fuzz: a raw paragraph interrupted by a Unicode line leaked the note's
     * sample (tests/fuzz/corpus/legacy/regress-region-leak) */
    bc_diags d = BC_DIAGS_INIT;
    const char *in = "H\xB5 N\xE9i\nViệt Nam\nH\xB5 N\xE9i\n";
    char *got = conv(in, strlen(in), BC_LEGACY_AUTO, BC_LEGACY_CAPS_GUESS, &d, NULL);
    CHECK_STR(got, "Hà Nội\nViệt Nam\nHà Nội\n");
    CHECK(d.count == 2);
    if (d.count == 2) {
        CHECK(d.items[0].line == 1 && strstr(d.items[0].message, "dòng 1 (1 đoạn;"));
        CHECK(d.items[1].line == 3 && strstr(d.items[1].message, "dòng 3 (1 đoạn;"));
    } else {
        dump_diags(&d);
    }
    free(got);
    bc_diags_free(&d);
    size_t n;
    char path[4096];
    const char *src = getenv("BAOCAO_SOURCE_DIR");
    char *data = NULL;
    if (src && *src) {
        snprintf(path, sizeof path, "%s/tests/fuzz/corpus/legacy/regress-region-leak", src);
        data = read_all(path, &n);
        CHECK(data != NULL);
    } else {
        fprintf(stderr, "test_legacy: BAOCAO_SOURCE_DIR not set; fuzz regression file skipped\n");
    }
    if (data && n > 0) {
        for (int mode = 0; mode < 3; mode++) {
            got = conv(data + 1, n - 1, (bc_legacy_mode)mode, BC_LEGACY_CAPS_GUESS, &d, NULL);
            CHECK(got != NULL);
            free(got);
            bc_diags_free(&d);
        }
        free(data);
    }

    const char *cases[] = {"\xF9", "a\n\xF9", "\xAD", "\xC3", "\xE1\xBB", "\n\n\n", " \t\r\n\xB5",
                           "\xA7\n\xAE", "y\xEF\xEF", "\xC2\x93"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (int mode = 0; mode < 3; mode++) {
            for (int caps = 0; caps < 3; caps++) {
                bc_diags d = BC_DIAGS_INIT;
                char *out = conv(cases[i], strlen(cases[i]), (bc_legacy_mode)mode,
                                 (bc_legacy_caps)caps, &d, NULL);
                CHECK(out != NULL);
                if (out) {
                    bc_error err = BC_ERROR_INIT;
                    CHECK(bc_text_validate(out, strlen(out), NULL, &err) == BC_OK);
                    bc_error_clear(&err);
                }
                free(out);
                bc_diags_free(&d);
            }
        }
    }
}

int main(void)
{
    const char *dir = getenv("BAOCAO_SOURCE_DIR");
    if (!dir || !*dir)
        dir = "."; /* run from the source tree */
    test_vectors(dir);
    test_paragraphs(dir);
    test_mixed_document();
    test_soft_hyphen();
    test_passthrough_and_warnings();
    test_decoder_rules();
    test_detection_policy();
    test_errors();
    test_regressions();
    return check_report();
}
