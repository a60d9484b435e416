/* test_csvdata.c - CSV reading: positions, BOM, CRLF, NFC, streaming, and
 * errors with file:line:column. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "csvdata.h"
#include "error.h"

static char *error_text(const char *data, size_t n, const bc_csv_options *opts)
{
    bc_csv_doc *doc = NULL;
    bc_error err = BC_ERROR_INIT;
    bc_status st = bc_csv_load_buffer(data, n, "t.csv", opts, &doc, &err);
    char *msg = NULL;
    if (st)
        msg = bc_error_format(&err);
    else
        msg = bc_strdup("(không lỗi)");
    bc_csv_doc_free(doc);
    bc_error_clear(&err);
    return msg;
}

static void check_error(const char *data, const char *want)
{
    char *got = error_text(data, strlen(data), NULL);
    CHECK_STR(got, want);
    free(got);
}

static void test_positions(void)
{
    const char *in = "\xEF\xBB\xBF" "cap,Tên,\"Số, lượng\"\r\n"
                     "A,\"Sở \"\"Nội\"\" vụ\", 1.234 \r\n"
                     "\r\n"
                     "1,\"hai\r\ndòng\",7\r\n"
                     "TỔNG,,9";
    bc_csv_doc *doc = NULL;
    bc_error err = BC_ERROR_INIT;
    CHECK(bc_csv_load_buffer(in, strlen(in), "t.csv", NULL, &doc, &err) == BC_OK);
    if (!doc)
        return;
    CHECK(doc->nrecords == 4);
    const bc_csv_record *r = doc->records;
    CHECK(r[0].count == 3 && r[0].line == 1 && r[0].index == 0);
    CHECK_STR(r[0].fields[2].text, "Số, lượng");
    CHECK(r[0].fields[2].quoted && r[0].fields[2].column == 9);
    CHECK(r[0].fields[0].column == 1); /* the BOM is not a character */
    CHECK_STR(r[1].fields[1].text, "Sở \"Nội\" vụ");
    CHECK_STR(r[1].fields[2].text, "1.234"); /* trimmed */
    CHECK(r[1].line == 2 && r[1].fields[1].column == 3 && r[1].fields[2].column == 20);
    /* the blank line 3 is skipped, line numbers go on */
    CHECK(r[2].line == 4 && r[2].index == 2);
    CHECK_STR(r[2].fields[1].text, "hai\ndòng");
    CHECK(r[2].fields[1].line == 4 && r[2].fields[1].column == 3);
    CHECK(r[2].fields[2].line == 5 && r[2].fields[2].column == 7);
    /* last record without a line end */
    CHECK(r[3].line == 6 && r[3].count == 3);
    CHECK_STR(r[3].fields[0].text, "TỔNG");
    CHECK(r[3].fields[1].len == 0 && r[3].fields[1].column == 6);
    CHECK(r[3].fields[2].column == 7);
    bc_csv_doc_free(doc);
}

static int count_records(void *ud, const bc_csv_record *rec, bc_error *err)
{
    (void)err;
    size_t *n = ud;
    n[0]++;
    n[1] += rec->count;
    n[2] = (size_t)rec->fields[rec->count - 1].line * 1000 + (size_t)rec->fields[rec->count - 1].column;
    return BC_OK;
}

static bc_status count_cb(void *ud, const bc_csv_record *rec, bc_error *err)
{
    return (bc_status)count_records(ud, rec, err);
}

static void test_streaming(void)
{
    /* feeding one byte at a time gives the same records and positions */
    const char *in = "a,b,c\n1,\"x\ny\",3\r\n\"ă\",\"\",ơ\n";
    size_t whole[3] = {0}, bytes[3] = {0};
    bc_error err = BC_ERROR_INIT;
    CHECK(bc_csv_read_buffer(in, strlen(in), "t.csv", NULL, count_cb, whole, &err) == BC_OK);
    bc_csv_reader *r = bc_csv_reader_new("t.csv", NULL, count_cb, bytes);
    bc_status st = BC_OK;
    for (size_t i = 0; in[i] && !st; i++)
        st = bc_csv_reader_feed(r, in + i, 1, &err);
    if (!st)
        st = bc_csv_reader_finish(r, &err);
    CHECK(st == BC_OK);
    CHECK(bc_csv_reader_delimiter(r) == ',');
    bc_csv_reader_free(r);
    CHECK(whole[0] == 3 && whole[1] == 9);
    CHECK(whole[0] == bytes[0] && whole[1] == bytes[1] && whole[2] == bytes[2]);
    CHECK(whole[2] == 4008); /* "ơ" at line 4, column 8 */
}

/* Fuzz finding: records before a line with invalid UTF-8 were delivered
 * when the input came in pieces but not when it came whole. Now both
 * deliver them, then report the error. */
static void test_error_after_records(void)
{
    const char *in = "a,b\nKha\xCC\x81nh,1\nx,\xC3\n";
    size_t whole[3] = {0}, bytes[3] = {0};
    bc_error e1 = BC_ERROR_INIT, e2 = BC_ERROR_INIT;
    CHECK(bc_csv_read_buffer(in, strlen(in), "t.csv", NULL, count_cb, whole, &e1) == BC_E_INPUT);
    bc_csv_reader *r = bc_csv_reader_new("t.csv", NULL, count_cb, bytes);
    bc_status st = BC_OK;
    for (size_t i = 0; in[i] && !st; i++)
        st = bc_csv_reader_feed(r, in + i, 1, &e2);
    if (!st)
        st = bc_csv_reader_finish(r, &e2);
    bc_csv_reader_free(r);
    CHECK(st == BC_E_INPUT);
    CHECK(whole[0] == 2 && bytes[0] == 2);
    CHECK(e1.line == 3 && e1.column == 3 && e2.line == 3 && e2.column == 3);
    bc_error_clear(&e1);
    bc_error_clear(&e2);
}

static void test_nfc_and_delimiter(void)
{
    /* decomposed "Hòa" (o + U+0300) comes out precomposed; ';' detected */
    const char *in = "ten;so\nKha\xCC\x81nh Ho\xCC\x80" "a;1,5\n";
    bc_csv_doc *doc = NULL;
    bc_error err = BC_ERROR_INIT;
    CHECK(bc_csv_load_buffer(in, strlen(in), "t.csv", NULL, &doc, &err) == BC_OK);
    if (!doc)
        return;
    CHECK(doc->nrecords == 2 && doc->records[1].count == 2);
    CHECK_STR(doc->records[1].fields[0].text, "Khánh Hòa");
    CHECK_STR(doc->records[1].fields[1].text, "1,5");
    CHECK(doc->records[1].fields[1].column == 11);
    bc_csv_doc_free(doc);
}

static void test_errors(void)
{
    check_error("a,b\n1,\"xyz\n2,3\n",
                "t.csv:2:3: lỗi: ô mở bằng dấu ngoặc kép ở đây không được đóng: thiếu dấu "
                "ngoặc kép đóng, phần còn lại của tệp bị đọc thành một ô");
    check_error("a,b\n1,x\"y\n",
                "t.csv:2:4: lỗi: dấu ngoặc kép nằm giữa ô không mở bằng dấu ngoặc kép; hãy "
                "đặt cả ô trong dấu ngoặc kép và viết dấu ngoặc kép bên trong hai lần (\"\")");
    check_error("a,b\n1,\"x\"y\n",
                "t.csv:2:6: lỗi: sau dấu ngoặc kép đóng ô (ô mở ở dòng 2, cột 3) chỉ được có "
                "dấu phân cách hoặc hết dòng; nếu trong ô có dấu ngoặc kép, hãy viết nó hai "
                "lần (\"\")");
    check_error("cap,tên\r\nA,Sở Nội vụ,279,308\r\n",
                "t.csv:2:13: lỗi: hàng CSV bắt đầu ở dòng 2 có 4 ô, nhiều hơn 2 ô của dòng "
                "tiêu đề; từ đây là ô thừa - nếu trong ô có dấu phẩy, hãy đặt cả ô trong dấu "
                "ngoặc kép");
    check_error("a,b,c\n1,2\n",
                "t.csv:2:4: lỗi: hàng CSV bắt đầu ở dòng 2 chỉ có 2 ô, ít hơn 3 ô của dòng "
                "tiêu đề; hãy thêm ô trống (dấu phẩy) cho đủ cột");
    check_error("a,b\n1,2\nx,Ti\xC3\n",
                "t.csv:3:5: lỗi: byte 0xC3 không hợp lệ trong UTF-8; hãy lưu tệp với mã UTF-8 "
                "(nếu văn bản gõ bằng phông TCVN3/VNI, dùng lệnh 'baocao chuyen-ma' để chuyển "
                "sang Unicode)");
    char nul[] = "a,b\n1,\0\n";
    char *got = error_text(nul, sizeof nul - 1, NULL);
    CHECK_STR(got, "t.csv:2:3: lỗi: tệp chứa byte NUL (0x00) - đây không phải tệp văn bản; "
                   "hãy lưu lại tệp dưới dạng văn bản UTF-8 (nếu là UTF-16, hãy lưu lại ở UTF-8)");
    free(got);
    /* ragged rows are accepted on request */
    bc_csv_options opts = {0, true, NULL};
    got = error_text("a,b,c\n1,2\n", 10, &opts);
    CHECK_STR(got, "(không lỗi)");
    free(got);
    /* an empty file has no records and no error */
    got = error_text("", 0, NULL);
    CHECK_STR(got, "(không lỗi)");
    free(got);
}

static void test_file(void)
{
    const char *src = getenv("BAOCAO_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/data/tables/kiem-tra.csv", src ? src : ".");
    bc_csv_doc *doc = NULL;
    bc_error err = BC_ERROR_INIT;
    CHECK(bc_csv_load(path, NULL, &doc, &err) == BC_OK);
    if (doc) {
        CHECK(doc->nrecords == 9);
        CHECK_STR(doc->records[8].fields[0].text, "TỔNG");
        CHECK(doc->records[8].line == 9);
        bc_csv_doc_free(doc);
    }
    bc_error_clear(&err);
    CHECK(bc_csv_load("/nonexistent/x.csv", NULL, &doc, &err) == BC_E_INPUT);
    CHECK(doc == NULL && err.file && strcmp(err.file, "/nonexistent/x.csv") == 0);
    bc_error_clear(&err);

    /* the seed tables as transcribed */
    snprintf(path, sizeof path, "%s/tests/data/seeds/001-phu-luc-2.csv", src ? src : ".");
    CHECK(bc_csv_load(path, NULL, &doc, &err) == BC_OK);
    if (doc) {
        CHECK(doc->nrecords == 186);
        CHECK(doc->records[0].count == 11);
        CHECK_STR(doc->records[1].fields[2].text, "279,308");
        CHECK(doc->records[1].fields[2].column == 31);
        bc_csv_doc_free(doc);
    }
    bc_error_clear(&err);
}

/* Concatenates the fields of a document: "a|b|c/1|2|3/". Caller frees. */
static char *doc_text(const bc_csv_doc *doc)
{
    size_t cap = 1;
    for (size_t i = 0; i < doc->nrecords; i++)
        for (size_t j = 0; j < doc->records[i].count; j++)
            cap += doc->records[i].fields[j].len + 2;
    char *s = calloc(cap, 1);
    for (size_t i = 0; s && i < doc->nrecords; i++) {
        for (size_t j = 0; j < doc->records[i].count; j++) {
            if (j)
                strcat(s, "|");
            strcat(s, doc->records[i].fields[j].text);
        }
        strcat(s, "/");
    }
    return s;
}

typedef struct enc_case {
    const char *name;
    const char *bytes;
    size_t n;
    const char *encoding;
} enc_case;

/* Windows-1258, Windows-1252 and UTF-16 with a BOM are read as such (issue
 * 10), whole or a byte at a time, with the same text (NFC) and positions. */
static void test_encodings(void)
{
    /* "stt,tên\n1,Việt Nam hòa\n" - CP1258 writes the tones as combining
     * bytes after the vowel: ê + dot below (F2), o + grave (CC) */
    static const char cp1258[] = "stt,t\xEAn\n1,Vi\xEA\xF2t Nam ho\xCC" "a\n";
    static const char cp1252[] = "stt,t\xEAn\n1,Caf\xE9 M\xFCller\n";
    static const char u16le[] = "\xFF\xFE" "s\0t\0t\0,\0t\0\xEA\0n\0\n\0" "1\0,\0V\0i\0\xC7\x1E" "t\0"
                                " \0N\0a\0m\0 \0h\0\xF2\0" "a\0\n\0";
    static const char u16be[] = "\xFE\xFF" "\0s\0t\0t\0,\0t\0\xEA\0n\0\n" "\0" "1\0,\0V\0i\x1E\xC7\0t"
                                "\0 \0N\0a\0m\0 \0h\0\xF2\0" "a\0\n";
    const enc_case cases[] = {
        {"cp1258", cp1258, sizeof cp1258 - 1, "Windows-1258"},
        {"cp1252", cp1252, sizeof cp1252 - 1, "Windows-1252"},
        {"utf16le", u16le, sizeof u16le - 1, "UTF-16 LE"},
        {"utf16be", u16be, sizeof u16be - 1, "UTF-16 BE"},
    };
    const char *want[] = {"stt|tên/1|Việt Nam hòa/", "stt|tên/1|Café Müller/",
                          "stt|tên/1|Việt Nam hòa/", "stt|tên/1|Việt Nam hòa/"};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        bc_diags notes = BC_DIAGS_INIT;
        bc_csv_options opts = {0, false, &notes};
        bc_csv_doc *doc = NULL;
        bc_error err = BC_ERROR_INIT;
        CHECK(bc_csv_load_buffer(cases[k].bytes, cases[k].n, "t.csv", &opts, &doc, &err) ==
              BC_OK);
        char *got = doc ? doc_text(doc) : NULL;
        CHECK_STR(got, want[k]);
        free(got);
        if (doc && doc->nrecords == 2)
            CHECK(doc->records[1].fields[1].line == 2 && doc->records[1].fields[1].column == 3);
        bc_csv_doc_free(doc);
        CHECK(notes.count == 1);
        if (notes.count == 1) {
            char *m = bc_diag_format(&notes.items[0]);
            char want_note[200];
            snprintf(want_note, sizeof want_note,
                     "t.csv: ghi chú: đọc tệp CSV theo mã %s (nhận ra tự động), chuyển sang "
                     "Unicode",
                     cases[k].encoding);
            CHECK_STR(m, want_note);
            free(m);
        }
        bc_diags_free(&notes);
        /* a byte at a time */
        size_t whole[3] = {0}, bytes[3] = {0};
        CHECK(bc_csv_read_buffer(cases[k].bytes, cases[k].n, "t.csv", NULL, count_cb, whole,
                                 &err) == BC_OK);
        bc_csv_reader *r = bc_csv_reader_new("t.csv", NULL, count_cb, bytes);
        bc_status st = BC_OK;
        for (size_t i = 0; i < cases[k].n && !st; i++)
            st = bc_csv_reader_feed(r, cases[k].bytes + i, 1, &err);
        if (!st)
            st = bc_csv_reader_finish(r, &err);
        CHECK(st == BC_OK);
        CHECK_STR(bc_csv_reader_encoding(r), cases[k].encoding);
        bc_csv_reader_free(r);
        CHECK(whole[0] == 2 && whole[0] == bytes[0] && whole[1] == bytes[1] &&
              whole[2] == bytes[2]);
        bc_error_clear(&err);
    }
    /* ASCII first, the 8-bit bytes in a later piece: still Windows-1258 */
    bc_csv_reader *r = bc_csv_reader_new("t.csv", NULL, NULL, NULL);
    bc_error err = BC_ERROR_INIT;
    CHECK(bc_csv_reader_feed(r, "a,b\n1,2\n", 8, &err) == BC_OK);
    CHECK_STR(bc_csv_reader_encoding(r), "UTF-8");
    CHECK(bc_csv_reader_feed(r, cp1258 + 8, sizeof cp1258 - 9, &err) == BC_OK);
    CHECK(bc_csv_reader_finish(r, &err) == BC_OK);
    CHECK_STR(bc_csv_reader_encoding(r), "Windows-1258");
    bc_csv_reader_free(r);
    /* valid UTF-8 stays UTF-8; TCVN3 bytes stay an error that names chuyen-ma */
    check_error("a,b\n1,C\xE9ng h\xDF" "a x\xB7 h\xE9i ch\xF1 ngh\xDC" "a Vi\xD6t Nam\n",
                "t.csv:2:4: lỗi: byte 0xE9 không hợp lệ trong UTF-8; hãy lưu tệp với mã UTF-8 "
                "(nếu văn bản gõ bằng phông TCVN3/VNI, dùng lệnh 'baocao chuyen-ma' để chuyển "
                "sang Unicode)");
    /* a byte Windows-1252 does not have */
    check_error("a,b\n1,Caf\xE9 M\xFCller na\xEFve\n2,\x81\n",
                "t.csv:3: lỗi: byte 0x81 không có trong bảng mã Windows-1252 (mã của tệp CSV, "
                "nhận ra tự động); hãy lưu lại tệp ở mã UTF-8");
    bc_error_clear(&err);
}

/* What bc_csv_put_field writes, this reader gives back as it was: spaces at
 * the ends, every delimiter the reader might detect, quotes, line breaks. */
static void test_write_read_back(void)
{
    const char *fields[] = {"Sở Nội vụ ", " đầu", "a;b", "x\ty", "hai\ndòng",
                            "Sở \"Nội\" vụ", "", "1,5", "thường", "\tđầu"};
    size_t n = sizeof fields / sizeof fields[0];
    bc_buf b = {0};
    for (int row = 0; row < 2; row++)
        for (size_t i = 0; i < n; i++) {
            bc_csv_put_field(&b, fields[i]);
            bc_buf_puts(&b, i + 1 < n ? "," : "\n");
        }
    CHECK(strstr(b.data, "\"a;b\",\"x\ty\"") != NULL);
    CHECK(strstr(b.data, ",,1,5,") == NULL); /* "1,5" quoted, "" not */
    CHECK(strstr(b.data, ",,\"1,5\",thường,") != NULL);
    bc_csv_doc *doc = NULL;
    bc_error err = BC_ERROR_INIT;
    CHECK(bc_csv_load_buffer(b.data, b.len, "t.csv", NULL, &doc, &err) == BC_OK);
    if (doc) {
        CHECK(doc->nrecords == 2);
        for (size_t r = 0; r < doc->nrecords; r++) {
            CHECK(doc->records[r].count == n);
            for (size_t i = 0; i < n && i < doc->records[r].count; i++)
                CHECK_STR(doc->records[r].fields[i].text, fields[i]);
        }
    }
    bc_csv_doc_free(doc);
    bc_error_clear(&err);
    bc_buf_free(&b);
}

int main(void)
{
    test_write_read_back();
    test_positions();
    test_streaming();
    test_error_after_records();
    test_nfc_and_delimiter();
    test_errors();
    test_file();
    test_encodings();
    return check_report();
}
