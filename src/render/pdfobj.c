/* pdfobj.c - one PDF object read strictly, printed as qpdf prints it
 * (pdfobj.h). */
#include "pdfobj.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 32

enum { N_SCALAR, N_NULL, N_ARRAY, N_DICT };
/* what a scalar is, for the readers (bc_pdfobj_ref, _int, _str) */
enum { S_OTHER, S_INT, S_REF, S_STR };

/* A value; a dictionary's entries and an array's elements are its
 * children, linked in their order. Text (a scalar's printed form, an
 * entry's decoded key) lives in the object's arena, by offset. */
typedef struct pnode {
    int kind;
    int first, last, next; /* -1: none */
    size_t key, klen;      /* the entry's key (decoded, with its '/') */
    size_t text, tlen;     /* a scalar's printed text */
    int sub;               /* S_*: a scalar's kind */
    long long iv;          /* S_INT: its value; S_REF: the object's number */
    size_t raw, rlen;      /* S_STR: its bytes (decoded) */
} pnode;

struct bc_pdfobj {
    pnode *v;
    int n, cap;
    bc_buf arena;
};

typedef struct parser {
    const unsigned char *t;
    size_t n, i;
    int max_id;
    bc_pdfobj *o;
    bool oom;
    bc_buf tmp; /* a string's or name's decoded bytes */
} parser;

static int new_node(parser *p, int kind)
{
    bc_pdfobj *o = p->o;
    if (o->n == o->cap) {
        int cap = o->cap ? o->cap * 2 : 16;
        pnode *v = realloc(o->v, (size_t)cap * sizeof *v);
        if (!v) {
            p->oom = true;
            return -1;
        }
        o->v = v;
        o->cap = cap;
    }
    o->v[o->n] = (pnode){.kind = kind, .first = -1, .last = -1, .next = -1};
    return o->n++;
}

static void add_child(bc_pdfobj *o, int parent, int child)
{
    pnode *pn = &o->v[parent];
    if (pn->last < 0)
        pn->first = child;
    else
        o->v[pn->last].next = child;
    pn->last = child;
}

static bool is_ws(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static bool is_delim(unsigned char c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
           c == '}' || c == '/' || c == '%';
}

/* White space and comments. */
static void skip(parser *p)
{
    while (p->i < p->n) {
        unsigned char c = p->t[p->i];
        if (is_ws(c)) {
            p->i++;
        } else if (c == '%') {
            while (p->i < p->n && p->t[p->i] != '\n' && p->t[p->i] != '\r')
                p->i++;
        } else {
            break;
        }
    }
}

/* Whether a token ends at p->i (end, white space or a delimiter). */
static bool token_end(const parser *p)
{
    return p->i >= p->n || is_ws(p->t[p->i]) || is_delim(p->t[p->i]);
}

static void put_name(bc_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (i > 0 && (c < 33 || c > 126 || is_delim(c))) {
            char e[3] = {'#', hex[c >> 4], hex[c & 15]};
            bc_buf_append(b, e, 3);
        } else {
            bc_buf_putc(b, (char)c);
        }
    }
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* A name at p->i ('/'), decoded into p->tmp (with its '/'). */
static bool read_name(parser *p)
{
    p->tmp.len = 0;
    bc_buf_putc(&p->tmp, '/');
    p->i++;
    while (!token_end(p)) {
        unsigned char c = p->t[p->i];
        if (c == '#') {
            int h = p->i + 2 < p->n ? hexval(p->t[p->i + 1]) : -1;
            int l = h >= 0 ? hexval(p->t[p->i + 2]) : -1;
            if (l < 0 || (h == 0 && l == 0))
                return false;
            bc_buf_putc(&p->tmp, (char)(h * 16 + l));
            p->i += 3;
            continue;
        }
        if (c < 33 || c > 126)
            return false;
        bc_buf_putc(&p->tmp, (char)c);
        p->i++;
    }
    return !p->tmp.oom || !(p->oom = true);
}

/* A literal string at p->i ('('), decoded into p->tmp. */
static bool read_literal(parser *p)
{
    p->tmp.len = 0;
    p->i++;
    int depth = 1;
    while (p->i < p->n) {
        unsigned char c = p->t[p->i++];
        if (c == '\r')
            return false;
        if (c == '(') {
            depth++;
        } else if (c == ')') {
            if (--depth == 0)
                return !p->tmp.oom || !(p->oom = true);
        } else if (c == '\\') {
            if (p->i >= p->n)
                return false;
            c = p->t[p->i++];
            switch (c) {
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case '\r':
            case '\n':
                return false;
            default:
                if (c >= '0' && c <= '7') {
                    if (p->i + 2 > p->n || p->t[p->i] < '0' || p->t[p->i] > '7' ||
                        p->t[p->i + 1] < '0' || p->t[p->i + 1] > '7')
                        return false;
                    unsigned v = (unsigned)(c - '0') * 64 + (unsigned)(p->t[p->i] - '0') * 8 +
                                 (unsigned)(p->t[p->i + 1] - '0');
                    c = (unsigned char)(v & 255);
                    p->i += 2;
                }
                break;
            }
        }
        bc_buf_putc(&p->tmp, (char)c);
    }
    return false;
}

/* A hex string at p->i ('<'), decoded into p->tmp. */
static bool read_hex(parser *p)
{
    p->tmp.len = 0;
    p->i++;
    int hi = -1;
    while (p->i < p->n) {
        unsigned char c = p->t[p->i++];
        if (c == '>') {
            if (hi >= 0)
                bc_buf_putc(&p->tmp, (char)(hi * 16));
            return !p->tmp.oom || !(p->oom = true);
        }
        if (is_ws(c))
            continue;
        int v = hexval(c);
        if (v < 0)
            return false;
        if (hi < 0) {
            hi = v;
        } else {
            bc_buf_putc(&p->tmp, (char)(hi * 16 + v));
            hi = -1;
        }
    }
    return false;
}

/* An unsigned integer at p->i (at most 18 digits): *v. */
static bool read_digits(parser *p, long long *v)
{
    size_t s = p->i;
    *v = 0;
    while (p->i < p->n && p->t[p->i] >= '0' && p->t[p->i] <= '9') {
        if (p->i - s == 18)
            return false;
        *v = *v * 10 + (p->t[p->i++] - '0');
    }
    return p->i > s;
}

static int scalar(parser *p, int kind, const char *text, size_t n)
{
    int k = new_node(p, kind);
    if (k < 0)
        return -1;
    p->o->v[k].text = p->o->arena.len;
    p->o->v[k].tlen = n;
    bc_buf_append(&p->o->arena, text, n);
    if (p->o->arena.oom) {
        p->oom = true;
        return -1;
    }
    return k;
}

/* A number at p->i, or a reference "N 0 R". */
static int read_number(parser *p)
{
    size_t s = p->i;
    bool neg = false;
    if (p->t[p->i] == '+' || p->t[p->i] == '-')
        neg = p->t[p->i++] == '-';
    long long v = 0;
    bool digits = p->i < p->n && p->t[p->i] >= '0' && p->t[p->i] <= '9';
    if (digits && !read_digits(p, &v))
        return -1;
    if (p->i < p->n && p->t[p->i] == '.') { /* a real: kept as written */
        p->i++;
        while (p->i < p->n && p->t[p->i] >= '0' && p->t[p->i] <= '9') {
            p->i++;
            digits = true;
        }
        if (!digits || !token_end(p) || p->i - s > 64)
            return -1;
        return scalar(p, N_SCALAR, (const char *)p->t + s, p->i - s);
    }
    if (!digits || !token_end(p))
        return -1;
    if (neg)
        v = -v;
    /* "N G R" */
    size_t save = p->i;
    skip(p);
    long long g;
    if (p->i < p->n && p->t[p->i] >= '0' && p->t[p->i] <= '9' && read_digits(p, &g) &&
        token_end(p)) {
        skip(p);
        if (p->i < p->n && p->t[p->i] == 'R') {
            p->i++;
            if (!token_end(p) || g != 0 || v <= 0 || v >= p->max_id || p->t[s] == '+')
                return -1;
            char r[40];
            int rn = snprintf(r, sizeof r, "%lld 0 R", v);
            int k = scalar(p, N_SCALAR, r, (size_t)rn);
            if (k >= 0) {
                p->o->v[k].sub = S_REF;
                p->o->v[k].iv = v;
            }
            return k;
        }
    }
    p->i = save;
    char num[24];
    int nn = snprintf(num, sizeof num, "%lld", v);
    int k = scalar(p, N_SCALAR, num, (size_t)nn);
    if (k >= 0) {
        p->o->v[k].sub = S_INT;
        p->o->v[k].iv = v;
    }
    return k;
}

static int value(parser *p, int depth);

static bool same_key(const bc_pdfobj *o, const pnode *a, const char *k, size_t kn)
{
    return a->klen == kn && !memcmp(o->arena.data + a->key, k, kn);
}

static int read_dict(parser *p, int depth)
{
    int d = new_node(p, N_DICT);
    if (d < 0)
        return -1;
    p->i += 2;
    for (;;) {
        skip(p);
        if (p->i + 1 < p->n && p->t[p->i] == '>' && p->t[p->i + 1] == '>') {
            p->i += 2;
            return d;
        }
        if (p->i >= p->n || p->t[p->i] != '/' || !read_name(p))
            return -1;
        const char *k = p->tmp.data;
        size_t kn = p->tmp.len;
        for (int c = p->o->v[d].first; c >= 0; c = p->o->v[c].next)
            if (same_key(p->o, &p->o->v[c], k, kn))
                return -1; /* a key twice */
        size_t koff = p->o->arena.len;
        bc_buf_append(&p->o->arena, k, kn);
        if (p->o->arena.oom) {
            p->oom = true;
            return -1;
        }
        skip(p);
        int v = value(p, depth + 1);
        if (v < 0)
            return -1;
        p->o->v[v].key = koff;
        p->o->v[v].klen = kn;
        add_child(p->o, d, v);
    }
}

static int read_array(parser *p, int depth)
{
    int a = new_node(p, N_ARRAY);
    if (a < 0)
        return -1;
    p->i++;
    for (;;) {
        skip(p);
        if (p->i < p->n && p->t[p->i] == ']') {
            p->i++;
            return a;
        }
        int v = value(p, depth + 1);
        if (v < 0)
            return -1;
        add_child(p->o, a, v);
    }
}

static bool keyword(parser *p, const char *w)
{
    size_t n = strlen(w);
    if (p->n - p->i < n || memcmp(p->t + p->i, w, n))
        return false;
    p->i += n;
    if (token_end(p))
        return true;
    p->i -= n;
    return false;
}

/* The value at p->i (white space skipped before). */
static int value(parser *p, int depth)
{
    if (depth > MAX_DEPTH || p->i >= p->n)
        return -1;
    unsigned char c = p->t[p->i];
    if (c == '<' && p->i + 1 < p->n && p->t[p->i + 1] == '<')
        return read_dict(p, depth);
    if (c == '[')
        return read_array(p, depth);
    if (c == '(' || c == '<') {
        if (!(c == '(' ? read_literal(p) : read_hex(p)))
            return -1;
        size_t raw = p->o->arena.len;
        bc_buf_append(&p->o->arena, p->tmp.data ? p->tmp.data : "", p->tmp.len);
        size_t at = p->o->arena.len;
        bc_pdfobj_string(&p->o->arena, p->tmp.data ? p->tmp.data : "", p->tmp.len);
        if (p->o->arena.oom) {
            p->oom = true;
            return -1;
        }
        int k = new_node(p, N_SCALAR);
        if (k >= 0) {
            pnode *nd = &p->o->v[k];
            nd->text = at;
            nd->tlen = p->o->arena.len - at;
            nd->sub = S_STR;
            nd->raw = raw;
            nd->rlen = at - raw;
        }
        return k;
    }
    if (c == '/') {
        if (!read_name(p))
            return -1;
        size_t at = p->o->arena.len;
        put_name(&p->o->arena, p->tmp.data, p->tmp.len);
        if (p->o->arena.oom) {
            p->oom = true;
            return -1;
        }
        int k = new_node(p, N_SCALAR);
        if (k >= 0) {
            p->o->v[k].text = at;
            p->o->v[k].tlen = p->o->arena.len - at;
        }
        return k;
    }
    if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')
        return read_number(p);
    if (keyword(p, "true"))
        return scalar(p, N_SCALAR, "true", 4);
    if (keyword(p, "false"))
        return scalar(p, N_SCALAR, "false", 5);
    if (keyword(p, "null"))
        return scalar(p, N_NULL, "null", 4);
    return -1;
}

bc_pdfobj *bc_pdfobj_parse(const char *t, size_t n, int max_id, bool *oom)
{
    bc_pdfobj *o = calloc(1, sizeof *o);
    if (!o) {
        if (oom)
            *oom = true;
        return NULL;
    }
    parser p = {.t = (const unsigned char *)t, .n = t ? n : 0, .max_id = max_id, .o = o};
    skip(&p);
    int root = value(&p, 0);
    skip(&p);
    bc_buf_free(&p.tmp);
    if (p.tmp.oom)
        p.oom = true;
    if (root != 0 || p.i != p.n || p.oom) {
        if (oom && p.oom)
            *oom = true;
        bc_pdfobj_free(o);
        return NULL;
    }
    return o;
}

void bc_pdfobj_free(bc_pdfobj *o)
{
    if (!o)
        return;
    free(o->v);
    bc_buf_free(&o->arena);
    free(o);
}

bool bc_pdfobj_is_dict(const bc_pdfobj *o)
{
    return o->v[0].kind == N_DICT;
}

/* The entry key of dictionary node d (its node), -1; *prev the one before it. */
static int find_in(const bc_pdfobj *o, int d, const char *key, int *prev)
{
    if (d < 0 || d >= o->n || o->v[d].kind != N_DICT)
        return -1;
    size_t kn = strlen(key);
    int before = -1;
    for (int c = o->v[d].first; c >= 0; before = c, c = o->v[c].next)
        if (same_key(o, &o->v[c], key, kn)) {
            if (prev)
                *prev = before;
            return c;
        }
    return -1;
}

static int find(const bc_pdfobj *o, const char *key, int *prev)
{
    return find_in(o, 0, key, prev);
}

int bc_pdfobj_get(const bc_pdfobj *o, int d, const char *key)
{
    int c = find_in(o, d, key, NULL);
    return c >= 0 && o->v[c].kind != N_NULL ? c : -1;
}

static const pnode *at_node(const bc_pdfobj *o, int k)
{
    return k >= 0 && k < o->n ? &o->v[k] : NULL;
}

int bc_pdfobj_ref(const bc_pdfobj *o, int k)
{
    const pnode *nd = at_node(o, k);
    return nd && nd->kind == N_SCALAR && nd->sub == S_REF ? (int)nd->iv : 0;
}

bool bc_pdfobj_int(const bc_pdfobj *o, int k, long long *v)
{
    const pnode *nd = at_node(o, k);
    if (!nd || nd->kind != N_SCALAR || nd->sub != S_INT)
        return false;
    *v = nd->iv;
    return true;
}

bool bc_pdfobj_dict_at(const bc_pdfobj *o, int k)
{
    const pnode *nd = at_node(o, k);
    return nd && nd->kind == N_DICT;
}

const char *bc_pdfobj_str(const bc_pdfobj *o, int k, size_t *n)
{
    const pnode *nd = at_node(o, k);
    if (!nd || nd->kind != N_SCALAR || nd->sub != S_STR)
        return NULL;
    *n = nd->rlen;
    return o->arena.data ? o->arena.data + nd->raw : "";
}

int bc_pdfobj_first(const bc_pdfobj *o, int k)
{
    const pnode *nd = at_node(o, k);
    return nd && nd->kind == N_ARRAY ? nd->first : -1;
}

int bc_pdfobj_next(const bc_pdfobj *o, int k)
{
    const pnode *nd = at_node(o, k);
    return nd ? nd->next : -1;
}

bool bc_pdfobj_has(const bc_pdfobj *o, const char *key)
{
    int c = find(o, key, NULL);
    return c >= 0 && o->v[c].kind != N_NULL;
}

bool bc_pdfobj_name_is(const bc_pdfobj *o, const char *key, const char *name)
{
    int c = find(o, key, NULL);
    size_t n = strlen(name);
    return c >= 0 && o->v[c].kind == N_SCALAR && o->v[c].tlen == n &&
           !memcmp(o->arena.data + o->v[c].text, name, n);
}

void bc_pdfobj_remove(bc_pdfobj *o, const char *key)
{
    int prev = -1, c = find(o, key, &prev);
    if (c < 0)
        return;
    pnode *d = &o->v[0];
    if (prev < 0)
        d->first = o->v[c].next;
    else
        o->v[prev].next = o->v[c].next;
    if (d->last == c)
        d->last = prev;
}

bool bc_pdfobj_set(bc_pdfobj *o, const char *key, const char *v, size_t vn)
{
    if (o->v[0].kind != N_DICT)
        return false;
    size_t kn = strlen(key), at = o->arena.len;
    bc_buf_append(&o->arena, v, vn);
    bc_buf_append(&o->arena, key, kn);
    if (o->arena.oom)
        return false;
    int c = find(o, key, NULL);
    if (c < 0) {
        parser p = {.o = o};
        c = new_node(&p, N_SCALAR);
        if (c < 0) {
            o->arena.len = at;
            return false;
        }
        add_child(o, 0, c);
    }
    pnode *e = &o->v[c];
    /* a dictionary or array value replaced: its children are left unlinked */
    e->kind = N_SCALAR;
    e->sub = S_OTHER;
    e->first = e->last = -1;
    e->text = at;
    e->tlen = vn;
    e->key = at + vn;
    e->klen = kn;
    return true;
}

/* Dictionary entries sorted by key, bytewise (std::map's order). */
typedef struct ent {
    const char *k;
    size_t kn;
    int node;
} ent;

static int ent_cmp(const void *pa, const void *pb)
{
    const ent *a = pa, *b = pb;
    size_t n = a->kn < b->kn ? a->kn : b->kn;
    int c = memcmp(a->k, b->k, n);
    if (c)
        return c;
    return a->kn < b->kn ? -1 : a->kn > b->kn;
}

static bool print_node(const bc_pdfobj *o, int k, bc_buf *b)
{
    const pnode *nd = &o->v[k];
    if (nd->kind == N_SCALAR || nd->kind == N_NULL) {
        bc_buf_append(b, o->arena.data + nd->text, nd->tlen);
        return !b->oom;
    }
    if (nd->kind == N_ARRAY) {
        bc_buf_puts(b, "[ ");
        for (int c = nd->first; c >= 0; c = o->v[c].next) {
            if (!print_node(o, c, b))
                return false;
            bc_buf_putc(b, ' ');
        }
        bc_buf_putc(b, ']');
        return !b->oom;
    }
    size_t n = 0;
    for (int c = nd->first; c >= 0; c = o->v[c].next)
        n++;
    ent *v = n ? malloc(n * sizeof *v) : NULL;
    if (n && !v) {
        b->oom = true;
        return false;
    }
    n = 0;
    for (int c = nd->first; c >= 0; c = o->v[c].next)
        if (o->v[c].kind != N_NULL)
            v[n++] = (ent){o->arena.data + o->v[c].key, o->v[c].klen, c};
    if (n > 1)
        qsort(v, n, sizeof *v, ent_cmp);
    bc_buf_puts(b, "<< ");
    bool good = true;
    for (size_t i = 0; good && i < n; i++) {
        put_name(b, v[i].k, v[i].kn);
        bc_buf_putc(b, ' ');
        good = print_node(o, v[i].node, b);
        bc_buf_putc(b, ' ');
    }
    free(v);
    bc_buf_puts(b, ">>");
    return good && !b->oom;
}

bool bc_pdfobj_print(const bc_pdfobj *o, bool open, bc_buf *b)
{
    if (open && o->v[0].kind != N_DICT)
        return false;
    if (!print_node(o, 0, b))
        return false;
    if (open)
        b->len -= 2;
    return true;
}

void bc_pdfobj_string(bc_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t non_ascii = 0;
    bool use_hex = false;
    for (size_t i = 0; i < n && !use_hex; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 32 && c <= 126)
            continue;
        if (c > 126 || c >= 24)
            non_ascii++;
        else if (!(c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f'))
            use_hex = true;
    }
    if (use_hex || 5 * non_ascii > n) {
        bc_buf_putc(b, '<');
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)s[i];
            char h[2] = {hex[c >> 4], hex[c & 15]};
            bc_buf_append(b, h, 2);
        }
        bc_buf_putc(b, '>');
        return;
    }
    bc_buf_putc(b, '(');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *e = NULL;
        switch (c) {
        case '\n': e = "\\n"; break;
        case '\r': e = "\\r"; break;
        case '\t': e = "\\t"; break;
        case '\b': e = "\\b"; break;
        case '\f': e = "\\f"; break;
        case '(': e = "\\("; break;
        case ')': e = "\\)"; break;
        case '\\': e = "\\\\"; break;
        default: break;
        }
        if (e) {
            bc_buf_puts(b, e);
        } else if ((c >= 32 && c <= 126) || c >= 160) {
            bc_buf_putc(b, (char)c);
        } else {
            char o[5];
            snprintf(o, sizeof o, "\\%03o", c);
            bc_buf_append(b, o, 4);
        }
    }
    bc_buf_putc(b, ')');
}
