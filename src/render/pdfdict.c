/* pdfdict.c - a strict reader of our writers' simple PDF dictionaries (pdfdict.h). */
#include "pdfdict.h"

#include <stdlib.h>
#include <string.h>

static bool is_ws(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static bool is_delim(char c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
           c == '}' || c == '/' || c == '%';
}

/* White space and comments ("% 1" after cairo's /Type /Page). */
static size_t skip_ws(const char *t, size_t n, size_t i)
{
    while (i < n && (is_ws(t[i]) || t[i] == '%')) {
        if (t[i] == '%')
            while (i < n && t[i] != '\n' && t[i] != '\r')
                i++;
        else
            i++;
    }
    return i;
}

/* The end of the token starting at t[i]; 0 on anything refused. */
static size_t tok_end(const char *t, size_t n, size_t i)
{
    char ch = t[i];
    if (ch == ')' || ch == '{' || ch == '}')
        return 0;
    if (ch == '(') {
        int depth = 0;
        for (; i < n; i++) {
            if (t[i] == '\\') {
                i++;
                continue;
            }
            if (t[i] == '(')
                depth++;
            else if (t[i] == ')' && --depth == 0)
                return i + 1;
        }
        return 0;
    }
    if (ch == '<') {
        if (i + 1 < n && t[i + 1] == '<')
            return i + 2;
        for (i++; i < n && t[i] != '>'; i++)
            if (!is_ws(t[i]) && !strchr("0123456789abcdefABCDEF", t[i]))
                return 0;
        return i < n ? i + 1 : 0;
    }
    if (ch == '>')
        return i + 1 < n && t[i + 1] == '>' ? i + 2 : 0;
    if (ch == '[' || ch == ']')
        return i + 1;
    size_t s = i;
    if (ch == '/')
        i++;
    while (i < n && !is_ws(t[i]) && !is_delim(t[i]))
        i++;
    return i > s ? i : 0;
}

static bool tok_is(const char *t, size_t s, size_t e, const char *w)
{
    size_t l = strlen(w);
    return e - s == l && !memcmp(t + s, w, l);
}

static bool is_uint(const char *t, size_t s, size_t e)
{
    if (s == e || e - s > 10)
        return false;
    for (size_t i = s; i < e; i++)
        if (t[i] < '0' || t[i] > '9')
            return false;
    return true;
}

/* The end of the value starting at t[i] (a token, a "N G R" reference, or
 * a nested dictionary or array); 0 on anything refused. */
static size_t value_end(const char *t, size_t n, size_t i)
{
    size_t e = tok_end(t, n, i);
    if (!e || tok_is(t, i, e, ">>") || tok_is(t, i, e, "]"))
        return 0;
    if (tok_is(t, i, e, "<<") || tok_is(t, i, e, "[")) {
        int depth = 1;
        size_t j = e;
        while (depth > 0) {
            j = skip_ws(t, n, j);
            if (j >= n)
                return 0;
            size_t k = tok_end(t, n, j);
            if (!k)
                return 0;
            if (tok_is(t, j, k, "<<") || tok_is(t, j, k, "["))
                depth++;
            else if (tok_is(t, j, k, ">>") || tok_is(t, j, k, "]"))
                depth--;
            if (depth > 64)
                return 0;
            j = k;
        }
        return j;
    }
    if (is_uint(t, i, e)) { /* "N G R"? */
        size_t a = skip_ws(t, n, e);
        size_t b = a < n ? tok_end(t, n, a) : 0;
        if (b && is_uint(t, a, b)) {
            size_t c = skip_ws(t, n, b);
            size_t d = c < n ? tok_end(t, n, c) : 0;
            if (d && tok_is(t, c, d, "R"))
                return d;
        }
    }
    return e;
}

size_t bc_pdfdict_end(const char *t, size_t n)
{
    size_t i = skip_ws(t, n, 0);
    if (i + 2 > n || memcmp(t + i, "<<", 2))
        return 0;
    i += 2;
    for (;;) {
        i = skip_ws(t, n, i);
        if (i >= n)
            return 0;
        size_t e = tok_end(t, n, i);
        if (!e)
            return 0;
        if (tok_is(t, i, e, ">>"))
            return e;
        if (t[i] != '/') /* keys are names */
            return 0;
        size_t vs = skip_ws(t, n, e);
        size_t ve = vs < n ? value_end(t, n, vs) : 0;
        if (!ve)
            return 0;
        i = ve;
    }
}

int bc_pdfdict_find(const char *t, size_t n, const char *key, size_t *vs, size_t *ve)
{
    size_t i = skip_ws(t, n, 0);
    if (i + 2 > n || memcmp(t + i, "<<", 2))
        return -1;
    i += 2;
    int found = 0;
    for (;;) {
        i = skip_ws(t, n, i);
        if (i >= n)
            return -1;
        size_t e = tok_end(t, n, i);
        if (!e)
            return -1;
        if (tok_is(t, i, e, ">>"))
            return found;
        if (t[i] != '/')
            return -1;
        size_t s = skip_ws(t, n, e);
        size_t v = s < n ? value_end(t, n, s) : 0;
        if (!v)
            return -1;
        if (tok_is(t, i, e, key)) {
            if (found) /* a key twice: not ours */
                return -1;
            found = 1;
            *vs = s;
            *ve = v;
        }
        i = v;
    }
}

bool bc_pdfdict_ref(const char *t, size_t vs, size_t ve, int *id)
{
    size_t e = tok_end(t, ve, vs);
    if (!e || !is_uint(t, vs, e))
        return false;
    size_t a = skip_ws(t, ve, e);
    size_t b = a < ve ? tok_end(t, ve, a) : 0;
    if (!b || !tok_is(t, a, b, "0"))
        return false;
    size_t c = skip_ws(t, ve, b);
    size_t d = c < ve ? tok_end(t, ve, c) : 0;
    if (!d || !tok_is(t, c, d, "R") || skip_ws(t, ve, d) != ve)
        return false;
    long v = strtol(t + vs, NULL, 10);
    if (v <= 0 || v > 0x7fffffff)
        return false;
    *id = (int)v;
    return true;
}

bool bc_pdfdict_int(const char *t, size_t vs, size_t ve, long long *v)
{
    size_t e = tok_end(t, ve, vs);
    if (!e || !is_uint(t, vs, e) || skip_ws(t, ve, e) != ve)
        return false;
    long long x = 0;
    for (size_t i = vs; i < e; i++)
        x = x * 10 + (t[i] - '0');
    *v = x;
    return true;
}

bool bc_pdfdict_name_is(const char *t, size_t vs, size_t ve, const char *name)
{
    size_t e = tok_end(t, ve, vs);
    return e && tok_is(t, vs, e, name) && skip_ws(t, ve, e) == ve;
}

/* A number token t[s..e): digits with one optional '-' and one '.'. */
static bool read_num(const char *t, size_t s, size_t e, double *v)
{
    char buf[32];
    if (e - s >= sizeof buf || s == e)
        return false;
    int dots = 0, digits = 0;
    for (size_t i = s; i < e; i++) {
        if (t[i] == '.')
            dots++;
        else if (t[i] >= '0' && t[i] <= '9')
            digits++;
        else if (!(t[i] == '-' && i == s))
            return false;
    }
    if (dots > 1 || !digits)
        return false;
    memcpy(buf, t + s, e - s);
    buf[e - s] = '\0';
    *v = strtod(buf, NULL);
    return true;
}

bool bc_pdfdict_box(const char *t, size_t vs, size_t ve, double box[4])
{
    size_t e = tok_end(t, ve, vs);
    if (!e || !tok_is(t, vs, e, "["))
        return false;
    size_t i = e;
    for (int k = 0; k < 4; k++) {
        i = skip_ws(t, ve, i);
        size_t f = i < ve ? tok_end(t, ve, i) : 0;
        if (!f || !read_num(t, i, f, &box[k]))
            return false;
        i = f;
    }
    i = skip_ws(t, ve, i);
    size_t f = i < ve ? tok_end(t, ve, i) : 0;
    return f && tok_is(t, i, f, "]") && skip_ws(t, ve, f) == ve;
}

int bc_pdfdict_next_ref(const char *t, size_t ve, size_t *pos, int *id)
{
    size_t i = skip_ws(t, ve, *pos);
    if (i >= ve)
        return -1;
    size_t e = tok_end(t, ve, i);
    if (!e)
        return -1;
    if (tok_is(t, i, e, "[")) { /* the first call */
        i = skip_ws(t, ve, e);
        if (i >= ve)
            return -1;
        e = tok_end(t, ve, i);
        if (!e)
            return -1;
    }
    if (tok_is(t, i, e, "]")) {
        *pos = e;
        return skip_ws(t, ve, e) == ve ? 0 : -1;
    }
    size_t r = value_end(t, ve, i);
    if (!r || !bc_pdfdict_ref(t, i, r, id))
        return -1;
    *pos = r;
    return 1;
}
