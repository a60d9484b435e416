/* table.h - the appendix table model: a plain tree of data, no layout.
 *
 * A bc_table is what a table spec (tablespec.h) and its CSV turn into and
 * what the renderer draws:
 *   - table-level texts: label ("Phụ lục 2"), title, attachment line, note
 *     under the table, continuation caption, orientation, font sizes,
 *     whether the header repeats on every page;
 *   - the header tree: groups over leaf columns, any depth
 *     ("Hồ sơ đã giải quyết xong" over Tổng / Đúng hạn / Trễ hạn);
 *   - leaf columns, left to right: key, CSV source, label, width, alignment,
 *     kind, number format, optional formula;
 *   - rows in CSV order: marker as printed (A, I, 1, 1., -, +, TỔNG), level
 *     and parent in the row hierarchy, group/total flags, bold/italic from
 *     the spec's per-level styles, CSV line, and per leaf column a cell with
 *     the parsed value and the final display string (Vietnamese numbers).
 *
 * Ownership: everything reachable from a bc_table (strings, header nodes,
 * cells, formulas) belongs to it and is freed by bc_table_free(). Strings are
 * `const char *` because they live in the table's arena: never free them; to
 * replace one, assign a copy made by bc_table_strdup().
 */
#ifndef BC_TABLE_H
#define BC_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "align.h"
#include "vnnum.h"

typedef enum bc_col_kind {
    BC_COL_TEXT = 0, /* printed as written */
    BC_COL_INTEGER,  /* whole numbers: 1.234.567 */
    BC_COL_DECIMAL,  /* 76,88 */
    BC_COL_RATE,     /* value is a fraction, printed as 0,49% */
    BC_COL_DATE      /* d/m/yyyy, m/yyyy or yyyy; printed as written */
} bc_col_kind;

typedef enum bc_width_kind {
    BC_WIDTH_AUTO = 0, /* share the rest equally with the weight-1 columns */
    BC_WIDTH_MM,       /* width = millimetres */
    BC_WIDTH_PERCENT,  /* width = percent of the table's full width */
    BC_WIDTH_WEIGHT    /* width = weight: columns share what mm and % leave */
} bc_width_kind;

typedef enum bc_orientation { BC_PORTRAIT = 0, BC_LANDSCAPE } bc_orientation;

/* ---- formulas ---- */

typedef enum bc_expr_op {
    BC_EXPR_NUM,   /* constant */
    BC_EXPR_COL,   /* a leaf column's value in the same row */
    BC_EXPR_NEG,   /* -a */
    BC_EXPR_ADD, BC_EXPR_SUB, BC_EXPR_MUL, BC_EXPR_DIV
} bc_expr_op;

typedef struct bc_expr {
    bc_expr_op op;
    bc_dec num;           /* BC_EXPR_NUM: exact */
    char *name;           /* BC_EXPR_COL: the key as written (owned) */
    int col;              /* BC_EXPR_COL: leaf index once resolved, else -1 */
    int pos;              /* 1-based character position in the formula text */
    struct bc_expr *a, *b;
} bc_expr;

/* Parses "tre_han_sl / (tong_da_gq + tong_dang_gq)": + - * / , unary minus,
 * parentheses, numbers written 12, 0.5 or 0,5, and keys ([A-Za-z_][A-Za-z0-9_]*).
 * On error sets err (BC_E_INPUT, no file, line 0, column = character position
 * in text) with a Vietnamese message. *out: caller frees with bc_expr_free(). */
bc_status bc_expr_parse(const char *text, bc_expr **out, bc_error *err);
void bc_expr_free(bc_expr *e);
/* Evaluates exactly (decnum.h) with vals[col] for column references. None
 * operands give none; division by zero gives none and sets *div_by_zero, a
 * result beyond 18 digits gives none and sets *range (both may be NULL).
 * Quotients keep 18 significant digits; printing rounds them once. */
bc_dec bc_expr_eval(const bc_expr *e, const bc_dec *vals, bool *div_by_zero, bool *range);
/* Binding strength of an operator (+ - 1, * / 2, unary - 3, operands 4),
 * for printing formulas with only the parentheses they need. */
int bc_expr_precedence(bc_expr_op op);
/* Writes e to b with only the parentheses it needs; a column is written
 * by col (ctx passed through), or by its key when col is NULL. */
struct bc_buf;
typedef void (*bc_expr_col_fn)(struct bc_buf *b, const bc_expr *col, void *ctx);
void bc_expr_write(struct bc_buf *b, const bc_expr *e, bc_expr_col_fn col, void *ctx);
/* Canonical text ("a / (b + c)"). Caller frees. */
char *bc_expr_to_string(const bc_expr *e);

/* ---- header tree ---- */

typedef struct bc_col_node {
    const char *label;           /* printed header text */
    struct bc_col_node *children;/* sub-columns, left to right; NULL for a leaf */
    size_t nchildren;
    int leaf;                    /* index into bc_table.cols for a leaf, -1 for a group */
    int first_leaf, nleaves;     /* the leaf columns it spans */
    int depth;                   /* 0 = top header row */
    int row_span;                /* header rows it covers: 1 for groups; leaves reach the bottom */
} bc_col_node;

/* ---- leaf columns ---- */

typedef struct bc_column {
    const char *key;         /* identifier used in formulas and row settings */
    const char *label;       /* its own header text: "Tổng" */
    const char *path_label;  /* with its groups, for messages: "Hồ sơ đã giải quyết xong / Tổng" */
    const char *source;      /* CSV header it reads; NULL when not in the CSV */
    int source_index;        /* 0-based CSV field; -1 = computed only (from its formula);
                                -2 = not resolved yet (spec read, CSV not yet) */
    bc_width_kind width_kind;
    double width;            /* mm, percent or weight (see bc_width_kind) */
    bc_align align;          /* body cells; header cells are centred */
    bc_col_kind kind;
    bc_num_fmt fmt;          /* number format of numeric kinds (kind, decimals, grouping, dash, padding) */
    bool keep_leading_zero;  /* "04" in the data prints "04" */
    bool required;           /* an empty cell is reported */
    bool summable;           /* group rows must equal the sum of their children */
    const char *formula;     /* as written in the spec; NULL if none */
    bc_expr *expr;           /* parsed, columns resolved; NULL if none */
    int spec_line, spec_column; /* where the spec declares it (0 = unknown) */
    bc_num_style num_style;  /* style its CSV cells are read in, decided per column;
                                BC_NUM_AUTO = the table's csv_style */
} bc_column;

/* ---- rows ---- */

typedef enum bc_marker_kind {
    BC_MARK_NONE = 0,  /* empty */
    BC_MARK_LETTER,    /* A, B, C */
    BC_MARK_ROMAN,     /* I, II, IV, VIII */
    BC_MARK_NUMBER,    /* 1, 12, 1. */
    BC_MARK_SUBNUMBER, /* 1.1, 2.3.1 */
    BC_MARK_LOWER,     /* a, b), c. */
    BC_MARK_DASH,      /* - (also – —) */
    BC_MARK_PLUS,      /* + */
    BC_MARK_STAR,      /* * */
    BC_MARK_TOTAL,     /* TỔNG, TỔNG CỘNG, CỘNG (see bc_table.total_markers) */
    BC_MARK_OTHER,
    BC_MARK_COUNT
} bc_marker_kind;

/* Spec name of a kind: "chu", "la_ma", "so", ... (static). */
const char *bc_marker_kind_name(bc_marker_kind k);

#define BC_STYLE_BOLD 1u
#define BC_STYLE_ITALIC 2u

#define BC_CELL_EMPTY 1u    /* empty in the CSV (value NAN) */
#define BC_CELL_DASH 2u     /* "-" in the CSV (value 0) */
#define BC_CELL_INVALID 4u  /* numeric or date column holding other text (value NAN) */
#define BC_CELL_COMPUTED 8u /* not in the CSV: value from the column's formula */
#define BC_CELL_FIXED 16u   /* stated value replaced by the computed one (fix mode) */
#define BC_CELL_RANGE 32u   /* a number with more than 18 digits (value none; also INVALID) */

typedef struct bc_cell {
    const char *text;    /* as in the CSV (NFC, trimmed); "" when empty or not in the CSV */
    const char *display; /* final string to print; often the same pointer as text */
    bc_dec value;        /* numeric columns: the exact value; none when empty, invalid or text */
    int line, column;    /* CSV position; 0 when not from the CSV */
    unsigned flags;      /* BC_CELL_* */
    int decimals;        /* numbers: digits after the decimal mark as written; else -1 */
} bc_cell;

typedef struct bc_row {
    const char *marker;  /* as printed, "" when none */
    bc_marker_kind marker_kind;
    int level;           /* depth in the hierarchy: 0 = top (totals rows are 0) */
    int parent;          /* row index of the parent, -1 for top rows and totals */
    int nchildren;       /* direct children */
    bool is_group;       /* a row that heads other rows */
    bool is_total;       /* a totals row: sum of the top rows before it */
    unsigned style;      /* BC_STYLE_* for the whole row */
    int line;            /* CSV line where the row starts */
    bc_cell *cells;      /* one per leaf column */
} bc_row;

typedef enum bc_grouping {
    BC_GROUP_BY_MARKER = 0, /* hierarchy from the marker column (A > I > 1 > - > +) */
    BC_GROUP_BY_EMPTY       /* a row whose cells after group_after_col are all empty heads the rows below it */
} bc_grouping;

/* ---- the table ---- */

typedef struct bc_table {
    const char *label;        /* "Phụ lục 2"; NULL if none */
    const char *title;        /* as given (the layout may upper-case it) */
    const char *attachment;   /* "(Đính kèm Báo cáo số ...)" as given; the report may fill it */
    const char *note;         /* lines under the table, '\n'-separated; NULL if none */
    const char *continuation; /* caption on later pages, e.g. "(tiếp theo)"; "" = none */
    bc_orientation orientation;
    double header_font_pt;    /* 0 = layout default */
    double body_font_pt;      /* 0 = layout default */
    bool repeat_header;       /* header rows (all levels) on every page */

    bc_col_node *header;      /* top-level header cells, left to right */
    size_t nheader;
    int header_rows;          /* number of header rows (depth of the tree) */
    bc_column *cols;          /* leaf columns, left to right */
    size_t ncols;
    bc_row *rows;
    size_t nrows;

    /* row structure settings (from the spec) */
    int marker_col;           /* leaf holding the marker (STT), -1 = none */
    int name_col;             /* leaf naming the row in messages, -1 = none */
    bc_grouping grouping;
    int group_after_col;      /* BC_GROUP_BY_EMPTY: leaf after which group rows are empty */
    int group_span_to;        /* a group row's name cell may span the empty cells after it
                                 up to this leaf (the spec's gop-cot); -1 = never */
    int rank[BC_MARK_COUNT];  /* hierarchy rank per marker kind (lower = higher level), -1 = unranked */
    unsigned kind_style[BC_MARK_COUNT]; /* style per marker kind, when kind_style_set has the bit */
    unsigned kind_style_set;  /* bit (1u << kind) */
    unsigned group_style, total_style, row_style;
    const char **total_markers; /* upper-case markers that make a totals row */
    size_t ntotal_markers;

    /* Before the CSV is read: the declared style (BC_NUM_AUTO = detect);
     * afterwards: the style its numbers were read in. */
    bc_num_style csv_style;
    const char *spec_file;    /* NULL when built in code */
    const char *data_file;    /* CSV named by the spec, resolved against its folder; NULL if none */
    const char *csv_file;     /* CSV (or .xlsx, without its #locator) actually read */
    const char *xlsx_sheet;   /* the sheet read when csv_file is an .xlsx, else NULL */
    int data_header_rows;          /* dong-tieu-de: rows of the data's header (0 = 1) */
    int data_header_rows_line;     /* its place in the spec (0 = not given) */
    const char **csv_header;  /* its header row (NFC), csv_nfields names; NULL before */
    size_t csv_nfields;
    int *formula_order;       /* leaf indices of formula columns, operands first */
    size_t nformulas;

    /* private */
    size_t rows_cap;
    struct bc_arena *arena;      /* where bc_table_alloc/strdup allocate */
    struct bc_arena *spec_arena; /* the table's own arena while rows are scoped, else NULL */
} bc_table;

/* An empty table with defaults (portrait, header repeated, no columns).
 * NULL on out-of-memory. */
bc_table *bc_table_new(void);
void bc_table_free(bc_table *t);

/* Memory owned by the table (zeroed, aligned for any type). NULL on OOM. */
void *bc_table_alloc(bc_table *t, size_t n);
/* Copy of s[0..n) (n = (size_t)-1: strlen) owned by the table. NULL on OOM. */
const char *bc_table_strdup(bc_table *t, const char *s, size_t n);

/* Fills the header nodes' leaf, first_leaf, nleaves, depth, row_span and
 * t->header_rows from the tree; the leaves must be exactly t->cols in
 * order (checked: BC_E_INTERNAL otherwise). */
bc_status bc_table_finish_header(bc_table *t, bc_error *err);

/* Streamed tables (tablestream.h): after bc_table_rows_scope() the rows
 * and everything allocated for them (cell texts, displays) live in a
 * separate arena that bc_table_rows_clear() empties along with t->rows, so
 * that only a block of rows is in memory at a time; strings allocated
 * before (the spec's) stay. bc_table_rows_unscope() clears and goes back.
 * BC_E_NOMEM on out-of-memory. */
bc_status bc_table_rows_scope(bc_table *t);
void bc_table_rows_clear(bc_table *t);
void bc_table_rows_unscope(bc_table *t);

/* Appends a row with ncols zeroed cells (text/display ""; value NAN).
 * Returns NULL on out-of-memory. The pointer is valid until the next call. */
bc_row *bc_table_add_row(bc_table *t);

/* Classifies a marker as printed. *last_letter carries context between rows
 * (start with 0): a lone I, V or X is roman unless it continues a letter
 * sequence (H then I, U then V, W then X); other lone capitals are letters;
 * longer runs of I V X L C D M are roman. Totals are recognised from
 * t->total_markers (t may be NULL: then "TỔNG", "TỔNG CỘNG", "CỘNG",
 * "TỔNG SỐ"), compared in upper case. */
bc_marker_kind bc_marker_classify(const bc_table *t, const char *marker, char *last_letter);

/* Sets every row's marker_kind, level, parent, nchildren, is_group, is_total
 * and style from the marker (or name) column and the row settings.
 * BC_E_NOMEM on out-of-memory (rows then stay flat). */
bc_status bc_table_build_rows(bc_table *t);

/* The row hierarchy one row at a time, in order (what
 * bc_table_build_rows does for a whole table): bc_rowtree_add sets a row's
 * marker, marker_kind, level, parent (a row index), is_total and, for
 * "nhom: o-trong", is_group; nchildren, is_group by marker and style are
 * the caller's (a row is a group when a later row names it parent). */
typedef struct bc_rowtree {
    const bc_table *t;
    struct { size_t index; int rank; } *stack;
    size_t sp, cap;
    long current_group;
    int prev_rank, max_rank;
    char last_letter;
} bc_rowtree;
void bc_rowtree_init(bc_rowtree *rt, const bc_table *t);
/* BC_E_NOMEM on out-of-memory. */
bc_status bc_rowtree_add(bc_rowtree *rt, bc_row *row, size_t index);
void bc_rowtree_free(bc_rowtree *rt);
/* Sets row->style from is_total, is_group and the marker kind. */
void bc_table_row_style(const bc_table *t, bc_row *row);

/* Parses the text of every cell of the numeric and date columns in the given
 * number style and sets value, flags and display. */
void bc_table_parse_cells(bc_table *t, bc_num_style style);

/* Fills the cells of formula columns that are not in the CSV (flag
 * BC_CELL_COMPUTED), row by row in formula_order. BC_E_NOMEM on
 * out-of-memory. */
bc_status bc_table_compute_missing(bc_table *t);

/* Sets a numeric cell to v: value, display (column format) and flags. */
void bc_table_set_value(bc_table *t, bc_cell *cell, int col, bc_dec v, unsigned add_flags);

/* Writes v the way column col prints it (snprintf-like). */
size_t bc_table_format_value(const bc_table *t, int col, bc_dec v, char *buf, size_t size);

/* "A CƠ QUAN CHUYÊN MÔN CẤP TỈNH": marker and name, the name cut at about 80
 * characters with "…". Caller frees. */
char *bc_table_row_label(const bc_table *t, size_t row);

/* The same for a row given by pointer; index (0-based) names a row with
 * neither marker nor name ("hàng 12"). Caller frees. */
char *bc_table_row_label_of(const bc_table *t, const bc_row *row, size_t index);

/* Leaf column index by key, -1 if none. */
int bc_table_find_col(const bc_table *t, const char *key);

/* The rows of a table that does not keep them (a streamed table,
 * tablestream.h): each() calls visit for every row, in order, with its
 * index; a row (hierarchy, style, fixed and computed cells all final) is
 * valid during the call only. nrows is known beforehand. */
typedef bc_status (*bc_row_visit_fn)(void *ctx, const bc_row *row, size_t index,
                                     bc_error *err);
typedef struct bc_row_source {
    bc_status (*each)(void *src, bc_row_visit_fn visit, void *ctx, bc_error *err);
    void *src;
    size_t nrows;
} bc_row_source;

/* How an appendix table is labelled on its pages (appendix.h fills it,
 * tablelayout.h prints it). */
typedef struct bc_appendix_info {
    const char *label;        /* "Phụ lục I", "Phụ lục"; NULL = none */
    const char *attachment;   /* "(Kèm theo Báo cáo số ...)"; NULL = none */
    const char *page_prefix;  /* page label prefix, e.g. "PL I-" */
} bc_appendix_info;

#endif
