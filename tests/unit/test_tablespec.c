/* test_tablespec.c - table specs: header tree shape, columns, formulas, row
 * hierarchy of the seed tables, number styles, and spec/CSV errors. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "table.h"
#include "tablespec.h"
#include "testfiles.h"

/* Parses an inline spec; returns the formatted error or "OK". */
static char *spec_error(const char *yaml)
{
    bc_table *t = NULL;
    bc_diags d = BC_DIAGS_INIT;
    bc_error err = BC_ERROR_INIT;
    bc_status st = bc_tablespec_parse(yaml, strlen(yaml), "t.yaml", &t, &d, &err);
    char *msg = st ? bc_error_format(&err) : bc_strdup("OK");
    bc_table_free(t);
    bc_diags_free(&d);
    bc_error_clear(&err);
    return msg;
}

static void check_spec_error(const char *yaml, const char *want)
{
    char *got = spec_error(yaml);
    CHECK_STR(got, want);
    free(got);
}

/* Spec + CSV, both inline; returns the formatted error or "OK". */
static char *csv_error(const char *yaml, const char *csv)
{
    bc_table *t = NULL;
    bc_diags d = BC_DIAGS_INIT;
    bc_error err = BC_ERROR_INIT;
    bc_status st = bc_tablespec_parse(yaml, strlen(yaml), "t.yaml", &t, &d, &err);
    if (!st)
        st = bc_table_read_csv_buffer(t, csv, strlen(csv), "t.csv", &d, &err);
    char *msg = st ? bc_error_format(&err) : bc_strdup("OK");
    bc_table_free(t);
    bc_diags_free(&d);
    bc_error_clear(&err);
    return msg;
}

static void test_expr(void)
{
    bc_expr *e = NULL;
    bc_error err = BC_ERROR_INIT;
    CHECK(bc_expr_parse("tre_han_sl/(tong_da_gq+tong_dang_gq)", &e, &err) == BC_OK);
    char *s = e ? bc_expr_to_string(e) : NULL;
    CHECK_STR(s, "tre_han_sl / (tong_da_gq + tong_dang_gq)");
    free(s);
    bc_expr_free(e);
    CHECK(bc_expr_parse(" a - (b - c) * 2.5 + -d / 100 ", &e, &err) == BC_OK);
    s = e ? bc_expr_to_string(e) : NULL;
    CHECK_STR(s, "a - (b - c) * 2,5 + -d / 100");
    if (e) {
        /* resolve by hand: a=0 b=1 c=2 d=3 */
        const char *names = "abcd";
        bc_expr *stack[16];
        int sp = 0;
        stack[sp++] = e;
        while (sp > 0) {
            bc_expr *x = stack[--sp];
            if (x->op == BC_EXPR_COL)
                x->col = (int)(strchr(names, x->name[0]) - names);
            if (x->a)
                stack[sp++] = x->a;
            if (x->b)
                stack[sp++] = x->b;
        }
        bc_dec vals[4] = {{10, 0}, {4, 0}, {1, 0}, {50, 0}};
        bool dz = false;
        CHECK(bc_dec_eq(bc_expr_eval(e, vals, &dz, NULL), (bc_dec){2, 0}) && !dz);
        vals[0] = BC_DEC_NONE;
        CHECK(bc_dec_is_none(bc_expr_eval(e, vals, &dz, NULL)));
    }
    free(s);
    bc_expr_free(e);
    CHECK(bc_expr_parse("a / (b - b)", &e, &err) == BC_OK);
    if (e) {
        e->a->col = 0;
        e->b->a->col = 1;
        e->b->b->col = 1;
        bc_dec vals[2] = {{5, 0}, {3, 0}};
        bool dz = false;
        CHECK(bc_dec_is_none(bc_expr_eval(e, vals, &dz, NULL)) && dz);
    }
    bc_expr_free(e);

    CHECK(bc_expr_parse("a + * b", &e, &err) == BC_E_INPUT && e == NULL);
    CHECK(err.column == 5);
    CHECK_STR(err.message, "ở đây cần một số, một khóa cột hoặc dấu ngoặc mở '('");
    CHECK(bc_expr_parse("(a + b", &e, &err) == BC_E_INPUT);
    CHECK(err.column == 7);
    CHECK_STR(err.message, "thiếu dấu ngoặc đóng ')'");
    CHECK(bc_expr_parse("a + b)", &e, &err) == BC_E_INPUT);
    CHECK(err.column == 6);
    CHECK(bc_expr_parse("tổng + 1", &e, &err) == BC_E_INPUT);
    CHECK(err.column == 2);
    CHECK(bc_expr_parse("", &e, &err) == BC_E_INPUT);
    bc_error_clear(&err);
}

static void test_markers(void)
{
    char last = 0;
    CHECK(bc_marker_classify(NULL, "A", &last) == BC_MARK_LETTER);
    CHECK(bc_marker_classify(NULL, "B", &last) == BC_MARK_LETTER);
    CHECK(bc_marker_classify(NULL, "C", &last) == BC_MARK_LETTER);
    CHECK(bc_marker_classify(NULL, "I", &last) == BC_MARK_ROMAN);
    CHECK(bc_marker_classify(NULL, "VIII", &last) == BC_MARK_ROMAN);
    CHECK(bc_marker_classify(NULL, "IV.", &last) == BC_MARK_ROMAN);
    CHECK(bc_marker_classify(NULL, "12", &last) == BC_MARK_NUMBER);
    CHECK(bc_marker_classify(NULL, "1.", &last) == BC_MARK_NUMBER);
    CHECK(bc_marker_classify(NULL, "2.1", &last) == BC_MARK_SUBNUMBER);
    CHECK(bc_marker_classify(NULL, "a)", &last) == BC_MARK_LOWER);
    CHECK(bc_marker_classify(NULL, "đ", &last) == BC_MARK_LOWER);
    CHECK(bc_marker_classify(NULL, "-", &last) == BC_MARK_DASH);
    CHECK(bc_marker_classify(NULL, "\xE2\x80\x93", &last) == BC_MARK_DASH);
    CHECK(bc_marker_classify(NULL, "+", &last) == BC_MARK_PLUS);
    CHECK(bc_marker_classify(NULL, "*", &last) == BC_MARK_STAR);
    CHECK(bc_marker_classify(NULL, "TỔNG", &last) == BC_MARK_TOTAL);
    CHECK(bc_marker_classify(NULL, "Tổng cộng:", &last) == BC_MARK_TOTAL);
    CHECK(bc_marker_classify(NULL, "", &last) == BC_MARK_NONE);
    CHECK(bc_marker_classify(NULL, "x1", &last) == BC_MARK_OTHER);
    /* H then I is a letter sequence, not roman one */
    last = 0;
    CHECK(bc_marker_classify(NULL, "H", &last) == BC_MARK_LETTER);
    CHECK(bc_marker_classify(NULL, "I", &last) == BC_MARK_LETTER);
}

static const bc_col_node *find_group(const bc_col_node *nodes, size_t n, const char *label)
{
    for (size_t i = 0; i < n; i++) {
        if (nodes[i].nchildren && strcmp(nodes[i].label, label) == 0)
            return &nodes[i];
        const bc_col_node *f = find_group(nodes[i].children, nodes[i].nchildren, label);
        if (f)
            return f;
    }
    return NULL;
}

static void test_header_tree(void)
{
    /* two levels: seed 001 Phụ lục 2 */
    bc_table *t = NULL;
    bc_diags d = BC_DIAGS_INIT;
    bc_error err = BC_ERROR_INIT;
    CHECK(bc_tablespec_load(src_path(0, "samples/bao-cao-nam-2023/phu-luc-2.yaml"), NULL, &t, &d,
                            &err) == BC_OK);
    if (!t) {
        fprintf(stderr, "%s\n", err.message ? err.message : "?");
        return;
    }
    CHECK(t->header_rows == 2 && t->ncols == 11 && t->nheader == 6);
    CHECK(t->header[0].leaf == 0 && t->header[0].row_span == 2);
    const bc_col_node *g = &t->header[3];
    CHECK_STR(g->label, "Hồ sơ đã giải quyết xong");
    CHECK(g->leaf == -1 && g->depth == 0 && g->row_span == 1);
    CHECK(g->first_leaf == 3 && g->nleaves == 3 && g->nchildren == 3);
    CHECK_STR(g->children[1].label, "Đúng hạn");
    CHECK(g->children[1].leaf == 4 && g->children[1].depth == 1 && g->children[1].row_span == 1);
    CHECK(t->header[5].first_leaf == 9 && t->header[5].nleaves == 2);
    CHECK_STR(t->cols[4].path_label, "Hồ sơ đã giải quyết xong / Đúng hạn");
    CHECK_STR(t->cols[4].source, "Hồ sơ đã giải quyết xong / Đúng hạn");
    CHECK(t->cols[4].source_index == 4);
    CHECK_STR(t->cols[0].source, "cap");
    CHECK(t->cols[0].width_kind == BC_WIDTH_MM && t->cols[0].width == 12);
    CHECK(t->cols[2].width_kind == BC_WIDTH_WEIGHT && t->cols[2].width == 1);
    CHECK(t->cols[0].align == BC_ALIGN_CENTER && t->cols[1].align == BC_ALIGN_LEFT);
    CHECK(t->cols[2].align == BC_ALIGN_RIGHT);
    CHECK(t->cols[10].kind == BC_COL_RATE && t->cols[10].fmt.kind == BC_NUMFMT_PERCENT);
    CHECK(t->cols[3].expr && !t->cols[3].summable && t->cols[4].summable);
    CHECK_STR(t->cols[10].formula, "tre_han_sl / (tong_da_gq + tong_dang_gq)");
    CHECK(t->orientation == BC_LANDSCAPE && t->repeat_header && t->body_font_pt == 11);
    CHECK_STR(t->label, "Phụ lục 2");
    CHECK_STR(t->note, "Kỳ thống kê từ ngày 15/12/2022 đến 14/12/2023");
    CHECK_STR(t->continuation, "");
    /* formula order: operands first */
    CHECK(t->nformulas == 4);
    int pos_sl = -1, pos_rate = -1;
    for (size_t k = 0; k < t->nformulas; k++) {
        if (t->formula_order[k] == 9)
            pos_sl = (int)k;
        if (t->formula_order[k] == 10)
            pos_rate = (int)k;
    }
    CHECK(pos_sl >= 0 && pos_rate > pos_sl);

    /* the English paste is detected, reported and printed the Vietnamese way */
    CHECK(t->csv_style == BC_NUM_ENGLISH);
    CHECK(d.count >= 1);
    if (d.count >= 1) {
        char *m = bc_diag_format(&d.items[0]);
        CHECK(strstr(m, "phu-luc-2.csv:2:31: ghi chú: số liệu CSV viết kiểu Anh (1,234.5; "
                        "0.49%), nhận ra từ 578 ô (đầu tiên: «279,308»); bảng in theo kiểu "
                        "Việt (1.234,5; 0,49%)") != NULL);
        free(m);
    }
    CHECK(t->nrows == 185);
    const bc_row *a = &t->rows[0];
    CHECK_STR(a->marker, "A");
    CHECK_STR(a->cells[2].text, "279,308");
    CHECK_STR(a->cells[2].display, "279.308");
    CHECK(bc_dec_eq(a->cells[2].value, bc_dec_from_int(279308)) && a->cells[2].line == 2 && a->cells[2].column == 31);
    CHECK_STR(a->cells[10].display, "0,50%");
    CHECK(bc_dec_eq(a->cells[10].value, (bc_dec){5, 3}));
    CHECK_STR(t->rows[1].cells[5].display, "-");
    CHECK(bc_dec_is_zero(t->rows[1].cells[5].value) && (t->rows[1].cells[5].flags & BC_CELL_DASH));
    /* hierarchy: A > 1..18; 18 > two "-"; the second "-" > nine "+" */
    CHECK(a->is_group && a->level == 0 && a->nchildren == 18 && a->style == BC_STYLE_BOLD);
    const bc_row *r18 = &t->rows[18];
    CHECK_STR(r18->marker, "18");
    CHECK(r18->is_group && r18->nchildren == 2 && r18->parent == 0 && r18->level == 1);
    CHECK(r18->style == 0);
    CHECK(t->rows[20].is_group && t->rows[20].nchildren == 9 && t->rows[20].parent == 18);
    CHECK(t->rows[20].style == BC_STYLE_ITALIC && t->rows[21].level == 3);
    const bc_row *c = &t->rows[39];
    CHECK_STR(c->marker, "C");
    CHECK(c->is_group && c->nchildren == 8);
    CHECK(t->rows[40].marker_kind == BC_MARK_ROMAN && t->rows[40].parent == 39);
    CHECK(t->rows[40].nchildren == 14 && t->rows[40].style == BC_STYLE_BOLD);
    const bc_row *total = &t->rows[184];
    CHECK(total->is_total && total->parent == -1 && total->style == BC_STYLE_BOLD);
    CHECK_STR(total->cells[2].display, "543.317");
    CHECK_STR(total->cells[10].display, "0,49%");
    char *label = bc_table_row_label(t, 19);
    CHECK_STR(label, "- Sở Tài nguyên và Môi trường");
    free(label);
    bc_table_free(t);
    bc_diags_free(&d);

    /* three levels, with a computed column that is not in the CSV */
    const char *spec = src_path(1, "tests/data/tables/ba-tang.yaml");
    FILE *f = fopen(spec, "rb");
    char yaml[4096];
    size_t n = f ? fread(yaml, 1, sizeof yaml, f) : 0;
    if (f)
        fclose(f);
    CHECK(bc_tablespec_parse(yaml, n, spec, &t, &d, &err) == BC_OK);
    if (!t)
        return;
    CHECK(t->header_rows == 3 && t->ncols == 5 && t->nheader == 3);
    CHECK(t->header[0].row_span == 3 && t->header[2].row_span == 3 && t->header[2].leaf == 4);
    const bc_col_node *big = find_group(t->header, t->nheader, "Nhóm lớn");
    const bc_col_node *sub = find_group(t->header, t->nheader, "Nhóm con 1");
    CHECK(big && big->depth == 0 && big->row_span == 1 && big->first_leaf == 1 &&
          big->nleaves == 3);
    CHECK(sub && sub->depth == 1 && sub->row_span == 1 && sub->first_leaf == 1 &&
          sub->nleaves == 2);
    CHECK(sub && sub->children[0].depth == 2 && sub->children[0].row_span == 1);
    CHECK(big && big->children[1].leaf == 3 && big->children[1].depth == 1 &&
          big->children[1].row_span == 2);
    CHECK_STR(t->cols[2].path_label, "Nhóm lớn / Nhóm con 1 / B");
    CHECK(t->cols[1].source_index == -2);
    const char *csv = "stt,a,b,d\n1,\"1.500\",2,x\n2,-,,y\n";
    CHECK(bc_table_read_csv_buffer(t, csv, strlen(csv), "b.csv", &d, &err) == BC_OK);
    CHECK(t->cols[3].source_index == -1 && t->cols[4].source_index == 3);
    CHECK(t->nrows == 2);
    if (t->nrows == 2) {
        CHECK_STR(t->rows[0].cells[3].display, "1.502");
        CHECK(t->rows[0].cells[3].flags & BC_CELL_COMPUTED);
        CHECK_STR(t->rows[1].cells[3].display, "0");
        CHECK_STR(t->rows[1].cells[2].display, "");
    }
    bc_table_free(t);
    bc_diags_free(&d);
    bc_error_clear(&err);
}

static void test_seed_001_pl1(void)
{
    bc_table *t = NULL;
    bc_diags d = BC_DIAGS_INIT;
    bc_error err = BC_ERROR_INIT;
    CHECK(bc_tablespec_load(src_path(0, "samples/bao-cao-nam-2023/phu-luc-1.yaml"), NULL, &t, &d,
                            &err) == BC_OK);
    if (!t)
        return;
    CHECK(t->nrows == 71 && t->ncols == 6 && t->header_rows == 1);
    size_t groups = 0;
    for (size_t i = 0; i < t->nrows; i++)
        if (t->rows[i].is_group)
            groups++;
    CHECK(groups == 7);
    /* group III's first task is printed "I": a task, not a group */
    const bc_row *iii = &t->rows[21];
    CHECK_STR(iii->marker, "III");
    CHECK(iii->is_group && iii->style == BC_STYLE_BOLD && iii->nchildren == 12);
    CHECK_STR(t->rows[22].marker, "I");
    CHECK(!t->rows[22].is_group && t->rows[22].parent == 21 && t->rows[22].style == 0);
    /* the longest cell is kept whole */
    size_t longest = 0;
    for (size_t i = 0; i < t->nrows; i++)
        for (size_t c = 0; c < t->ncols; c++)
            if (strlen(t->rows[i].cells[c].display) > longest)
                longest = strlen(t->rows[i].cells[c].display);
    CHECK(longest > 2000);
    CHECK(t->cols[5].align == BC_ALIGN_JUSTIFY);
    bc_table_free(t);
    bc_diags_free(&d);
    bc_error_clear(&err);
}

static void test_spec_errors(void)
{
    check_spec_error("cot:\n  - {khoa: a, nhan: A, rogn: 12}\n",
                     "t.yaml:2:24: lỗi: khóa 'rogn' không được biết; có phải ý bạn là 'rong'?");
    check_spec_error("so_kieu: anh\ncot: [{khoa: a, nhan: A}]\n",
                     "t.yaml:1:1: lỗi: khóa 'so_kieu' không được biết; có phải ý bạn là "
                     "'so-kieu'?");
    check_spec_error("nhan: X\n",
                     "t.yaml:1:1: lỗi: đặc tả bảng thiếu «cot:» (danh sách cột, mỗi cột có "
                     "khoa và nhan)");
    check_spec_error("",
                     "t.yaml:1:1: lỗi: tệp đặc tả bảng trống: cần ít nhất «cot:» với danh sách "
                     "cột");
    check_spec_error("cot:\n  - {khoa: a, nhan: A, kieu: sothuc}\n",
                     "t.yaml:2:30: lỗi: «kieu: sothuc» không hợp lệ; có phải ý bạn là "
                     "«so-thuc»? (chọn một trong: chu, so, so-thuc, ty-le, ngay)");
    check_spec_error("cot:\n  - {khoa: a, nhan: A}\n  - {khoa: a, nhan: B}\n",
                     "t.yaml:3:12: lỗi: khóa cột «a» đã dùng cho cột ở dòng 2; mỗi cột cần "
                     "một khóa riêng");
    check_spec_error("cot:\n  - {khoa: tổng, nhan: A}\n",
                     "t.yaml:2:12: lỗi: «khoa: tổng» không hợp lệ: chỉ dùng chữ không dấu, chữ "
                     "số và '_', bắt đầu bằng chữ (ví dụ tong_da_gq)");
    check_spec_error("cot:\n  - {khoa: a, nhan: A, rong: rộng}\n",
                     "t.yaml:2:30: lỗi: «rong: rộng» không hợp lệ: viết số mi-li-mét (12 hoặc "
                     "12mm), phần trăm bề rộng bảng (25%) hoặc trọng số (3*)");
    check_spec_error("cot:\n  - {khoa: a, nhan: A, so-le: 2}\n",
                     "t.yaml:2:24: lỗi: «so-le» chỉ dùng cho cột số (kieu: so, so-thuc hoặc "
                     "ty-le); cột «a» là kieu: chu");
    check_spec_error("cot:\n"
                     "  - {khoa: tong, nhan: T, kieu: so, cong-thuc: dung_han + tre_hn}\n"
                     "  - {khoa: dung_han, nhan: Đ, kieu: so}\n"
                     "  - {khoa: tre_han, nhan: Tr, kieu: so}\n",
                     "t.yaml:2:5: lỗi: công thức của cột «tong» dùng «tre_hn», không có cột "
                     "nào có khóa này; có phải ý bạn là «tre_han»?");
    check_spec_error("cot:\n"
                     "  - {khoa: tong, nhan: T, kieu: so, cong-thuc: \"a + * b\"}\n",
                     "t.yaml:2:53: lỗi: công thức của cột «tong»: ở đây cần một số, một khóa "
                     "cột hoặc dấu ngoặc mở '('");
    check_spec_error("cot:\n"
                     "  - {khoa: tong, nhan: T, kieu: so, cong-thuc: tong = a + b}\n"
                     "  - {khoa: a, nhan: A, kieu: so}\n"
                     "  - {khoa: b, nhan: B, kieu: so}\n",
                     "OK");
    check_spec_error("cot:\n"
                     "  - {khoa: tong, nhan: T, kieu: so, cong-thuc: tng = a}\n"
                     "  - {khoa: a, nhan: A, kieu: so}\n",
                     "t.yaml:2:48: lỗi: công thức «tng = a»: vế trái phải là khóa của chính cột "
                     "này (tong = ...), hoặc bỏ vế trái");
    check_spec_error("cot:\n"
                     "  - {khoa: a, nhan: A, kieu: so, cong-thuc: b + 1}\n"
                     "  - {khoa: b, nhan: B, kieu: so, cong-thuc: a * 2}\n",
                     "t.yaml:2:5: lỗi: công thức vòng tròn: cột «a» phụ thuộc (gián tiếp) vào "
                     "chính nó");
    check_spec_error("cot:\n"
                     "  - {khoa: a, nhan: A, kieu: so, cong-thuc: ten + 1}\n"
                     "  - {khoa: ten, nhan: Tên}\n",
                     "t.yaml:2:5: lỗi: công thức của cột «a» dùng cột «ten», nhưng cột đó không "
                     "phải cột số");
    check_spec_error("cot:\n  - {khoa: a, nhan: A}\nhang:\n  ky-hieu: b\n",
                     "t.yaml:4:12: lỗi: «ky-hieu: b»: không có cột nào có khóa này; có phải ý "
                     "bạn là «a»?");
    check_spec_error("cot:\n  - {khoa: a, nhan: A}\nhang:\n  kieu-chu: {chu: nghiên}\n",
                     "t.yaml:4:19: lỗi: «chu: nghiên» không hợp lệ; có phải ý bạn là «nghieng»? "
                     "(chọn một trong: thuong, dam, nghieng, dam-nghieng)");
    /* values typed with diacritics are understood */
    check_spec_error("huong: Ngang\nlap-tieu-de: không\nso-kieu: Tự động\n"
                     "cot:\n  - {khoa: a, nhan: A, can: giữa}\n"
                     "hang:\n  kieu-chu: {chu: đậm, gach: đậm nghiêng}\n",
                     "OK");
    check_spec_error("cot:\n  - nhan: Nhóm\n    cot: []\n",
                     "t.yaml:3:10: lỗi: danh sách «cot» trống: cần ít nhất một cột");
    check_spec_error("cot:\n  - {khoa: a, nhan: A}\n  - &x {khoa: b, nhan: B}\n  - *x\n",
                     "t.yaml:4:5: lỗi: không hỗ trợ bí danh YAML (*tên); hãy viết đầy đủ giá trị");
    char *got = spec_error("cot:\n\t- {khoa: a}\n");
    CHECK(strncmp(got, "t.yaml:2:", 9) == 0 && strstr(got, "YAML không hợp lệ"));
    free(got);

    /* CSV side */
    const char *spec = "cot:\n"
                       "  - {khoa: stt, nhan: STT}\n"
                       "  - {khoa: tiep_nhan, nhan: Hồ sơ tiếp nhận, kieu: so}\n";
    got = csv_error(spec, "stt,Hồ sơ tiếp nhân\n1,2\n");
    CHECK_STR(got, "t.yaml:3:5: lỗi: cột «Hồ sơ tiếp nhận» (khóa tiep_nhan) không thấy trong "
                   "dòng tiêu đề của t.csv; gần nhất là «Hồ sơ tiếp nhân» - hãy sửa tên cột CSV "
                   "hoặc ghi «nguon: Hồ sơ tiếp nhân»");
    free(got);
    got = csv_error(spec, "STT,hồ sơ tiếp nhận\n1,2\n");
    CHECK_STR(got, "OK"); /* names compare in upper case */
    free(got);
    got = csv_error(spec, "");
    CHECK_STR(got, "t.csv:1:1: lỗi: tệp CSV trống: cần một dòng tiêu đề (tên các cột) và các dòng "
                   "số liệu");
    free(got);
    got = csv_error("cot:\n  - {khoa: a, nhan: A, nguon: 3}\n", "x,y\n1,2\n");
    CHECK_STR(got, "t.yaml:2:5: lỗi: cột «a» lấy cột CSV số 3 nhưng t.csv chỉ có 2 cột");
    free(got);
    got = csv_error(spec, "stt,tiep_nhan\n1,\"2\n");
    CHECK_STR(got, "t.csv:2:3: lỗi: ô mở bằng dấu ngoặc kép ở đây không được đóng: thiếu dấu "
                   "ngoặc kép đóng, phần còn lại của tệp bị đọc thành một ô");
    free(got);
}

static void test_styles(void)
{
    const char *spec = "so-kieu: viet\n"
                       "cot:\n"
                       "  - {khoa: stt, nhan: STT}\n"
                       "  - {khoa: so, nhan: Số, kieu: so, so-0-dau: giu}\n"
                       "  - {khoa: tl, nhan: Tỷ lệ, kieu: ty-le, so-le: 1}\n"
                       "  - {khoa: nam, nhan: Năm, kieu: so, nhom-nghin: khong}\n";
    const char *csv = "stt,so,tl,nam\n1,\"1.234\",\"12,5%\",2023\n2,04,\"0,5%\",2024\n3,7,\"3,25\",2025\n";
    bc_table *t = NULL;
    bc_diags d = BC_DIAGS_INIT;
    bc_error err = BC_ERROR_INIT;
    CHECK(bc_tablespec_parse(spec, strlen(spec), "s.yaml", &t, &d, &err) == BC_OK);
    if (!t)
        return;
    CHECK(bc_table_read_csv_buffer(t, csv, strlen(csv), "s.csv", &d, &err) == BC_OK);
    CHECK(t->csv_style == BC_NUM_VIET);
    CHECK_STR(t->rows[0].cells[1].display, "1.234");
    CHECK_STR(t->rows[0].cells[2].display, "12,5%");
    CHECK_STR(t->rows[0].cells[3].display, "2023");
    CHECK_STR(t->rows[1].cells[1].display, "04");
    CHECK_STR(t->rows[1].cells[2].display, "0,5%");
    CHECK_STR(t->rows[2].cells[1].display, "7");
    CHECK_STR(t->rows[2].cells[2].display, "3,3%"); /* a rate without % is a percentage */
    bc_table_free(t);
    bc_diags_free(&d);
    bc_error_clear(&err);

    /* "0.5%" is not Vietnamese: with so-kieu: viet declared, the cells that
     * contradict it stop the table (no English-style number is printed) */
    char *got = csv_error(spec, "stt,so,tl,nam\n1,\"1.234\",\"12,5%\",2023\n2,04,0.5%,2024\n"
                                "3,5,1.25%,2025\n");
    CHECK_STR(got, "t.csv:3:6: lỗi: đặc tả khai báo «so-kieu: viet» nhưng cột «Tỷ lệ» (khóa tl) "
                   "có ô viết kiểu Anh (1,234.5; 0.49%): t.csv:3:6 «0.5%», t.csv:4:5 «1.25%»; "
                   "hãy sửa các ô đó theo kiểu Việt (1.234,5; 0,49%), hoặc ghi «so-kieu: anh» "
                   "nếu cả tệp viết kiểu ấy");
    free(got);
}

/* The number style is decided column by column (issue 10). */
static void test_column_styles(void)
{
    const char *spec = "cot:\n"
                       "  - {khoa: stt, nhan: STT}\n"
                       "  - {khoa: so, nhan: Số, kieu: so}\n"
                       "  - {khoa: tp, nhan: Thập phân, kieu: so-thuc, so-le: 3}\n";
    /* one column mixing "1.258" and "1,443": the cells are named */
    char *got = csv_error(spec, "stt,so,tp\n1,\"1.258\",2\n2,\"1,443\",3\n3,\"2.000\",4\n");
    CHECK_STR(got, "t.csv:2:3: lỗi: cột «Số» (khóa so) trộn hai kiểu viết số - kiểu Việt "
                   "(1.234,5; 0,49%): t.csv:2:3 «1.258», t.csv:4:3 «2.000»; kiểu Anh (1,234.5; "
                   "0.49%): t.csv:3:3 «1,443»; không biết đọc theo kiểu nào - hãy viết cả cột "
                   "theo một kiểu rồi chạy lại");
    free(got);
    /* a column of numbers that read both ways, nothing in the file deciding */
    got = csv_error(spec, "stt,so,tp\n1,5,\"1.258\"\n2,6,\"2,5\"\n");
    CHECK_STR(got, "OK"); /* "2,5" decides the column: Vietnamese */
    free(got);
    got = csv_error(spec, "stt,so,tp\n1,5,\"1.258\"\n2,6,7\n");
    CHECK_STR(got, "t.csv:2:5: lỗi: cột «Thập phân» (khóa tp) có số đọc được theo cả hai kiểu: "
                   "t.csv:2:5 «1.258» (như 1.234 là một nghìn hai trăm ba mươi tư theo kiểu "
                   "Việt, một phẩy hai ba bốn theo kiểu Anh) và không ô nào trong tệp cho biết "
                   "kiểu viết; hãy khai báo «so-kieu: viet» hoặc «so-kieu: anh» trong đặc tả");
    free(got);

    /* each column in its own style: the right numbers, printed the Vietnamese way */
    const char *csv = "stt,so,tp\n1,\"1.258\",\"1.5\"\n2,\"2.443.000\",\"1.258\"\n";
    bc_table *t = NULL;
    bc_diags d = BC_DIAGS_INIT;
    bc_error err = BC_ERROR_INIT;
    CHECK(bc_tablespec_parse(spec, strlen(spec), "s.yaml", &t, &d, &err) == BC_OK);
    if (!t)
        return;
    CHECK(bc_table_read_csv_buffer(t, csv, strlen(csv), "s.csv", &d, &err) == BC_OK);
    if (t->nrows == 2) {
        CHECK_STR(t->rows[0].cells[1].display, "1.258");
        CHECK_STR(t->rows[1].cells[1].display, "2.443.000");
        CHECK_STR(t->rows[0].cells[2].display, "1,500");
        CHECK_STR(t->rows[1].cells[2].display, "1,258");
        CHECK(bc_dec_eq(t->rows[1].cells[2].value, (bc_dec){1258, 3}));
    }
    int noted = 0;
    for (size_t i = 0; i < d.count; i++) {
        char *m = bc_diag_format(&d.items[i]);
        if (strcmp(m, "s.csv: ghi chú: các cột CSV viết số theo hai kiểu khác nhau, mỗi cột được "
                      "đọc theo kiểu của nó (kiểu Việt (1.234,5; 0,49%): «Số»; kiểu Anh (1,234.5; "
                      "0.49%): «Thập phân»); bảng in theo kiểu Việt") == 0)
            noted++;
        free(m);
    }
    CHECK(noted == 1);
    bc_table_free(t);
    bc_diags_free(&d);
    bc_error_clear(&err);
}

int main(void)
{
    test_expr();
    test_markers();
    test_header_tree();
    test_seed_001_pl1();
    test_spec_errors();
    test_styles();
    test_column_styles();
    return check_report();
}
