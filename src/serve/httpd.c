/* httpd.c - the local web page's server (httpd.h). */
#define _DEFAULT_SOURCE
#include "httpd.h"

#include <arpa/inet.h>
#include <errno.h>
#include <glib.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "assets.h"
#include "csvdata.h"
#include "dynlib.h"
#include "infile.h"
#include "json.h"
#include "ossllib.h"
#include "preview.h"
#include "strbuf.h"
#include "values.h"
#include "workspace.h"
#include "xlsx.h"
#include "yamledit.h"

#define DEFAULT_UPLOAD_LIMIT (20u * 1024 * 1024)
#define TABLE_MAX_ROWS 3000
/* a signing form's body: a .p12 is a few KiB; the form is parsed one byte
 * a call (post_signed), ~0.3 s a MiB */
#define SIGN_BODY_LIMIT (1u * 1024 * 1024)

/* libmicrohttpd's functions, opened when a server starts (dynlib.h): only
 * `baocao serve` needs the library (and, through it, GnuTLS), so other
 * commands do not load it. */
typedef struct mhd_api {
    __typeof__(MHD_add_response_header) *add_response_header;
    __typeof__(MHD_create_post_processor) *create_post_processor;
    __typeof__(MHD_create_response_from_buffer) *create_response_from_buffer;
    __typeof__(MHD_destroy_post_processor) *destroy_post_processor;
    __typeof__(MHD_destroy_response) *destroy_response;
    __typeof__(MHD_get_daemon_info) *get_daemon_info;
    __typeof__(MHD_lookup_connection_value) *lookup_connection_value;
    __typeof__(MHD_post_process) *post_process;
    __typeof__(MHD_queue_response) *queue_response;
    __typeof__(MHD_start_daemon) *start_daemon;
    __typeof__(MHD_stop_daemon) *stop_daemon;
} mhd_api;

#define MHD_SYM(f) {"MHD_" #f, offsetof(mhd_api, f)}
static const bc_dynsym MHD_SYMS[] = {
    MHD_SYM(add_response_header),
    MHD_SYM(create_post_processor),
    MHD_SYM(create_response_from_buffer),
    MHD_SYM(destroy_post_processor),
    MHD_SYM(destroy_response),
    MHD_SYM(get_daemon_info),
    MHD_SYM(lookup_connection_value),
    MHD_SYM(post_process),
    MHD_SYM(queue_response),
    MHD_SYM(start_daemon),
    MHD_SYM(stop_daemon),
};

struct bc_server {
    bc_dynlib *mhd_lib;             /* libmicrohttpd, opened by bc_server_start */
    bc_ossl ossl;                   /* libcrypto (CRYPTO_memcmp), opened there too */
    mhd_api mhd;
    struct MHD_Daemon *d;
    bc_ws *ws;
    bc_preview_set *pv;
    unsigned port;
    size_t limit;
    char csrf[65];
    bool wide;                      /* --mo-rong: every request needs token */
    char token[65];                 /* the access token (wide only) */
    char url[200];                  /* the address to open */
    char *tok_uri, *tok_module;     /* --ky-the: the signing token (owned), or NULL */
    char *tok_image, *tok_tsa;
    char host[2][80];               /* accepted Host values ("" = none) */
    char origin[2][96];             /* accepted Origin values ("" = none) */
};

#define TOKEN_COOKIE "baocao_ma"


/* One request's state, kept across the handler's calls. */
typedef struct req {
    bc_buf body;
    bool too_big;
} req;

/* The ND30 fields of the page's form, with whether each is a list. */
static const struct {
    const char *path;
    bool list;
} FORM[] = {
    {"co-quan-chu-quan", false}, {"co-quan", true},     {"ten-co-quan", false},
    {"so", false},               {"ky-hieu", false},    {"dia-danh", false},
    {"ngay", false},             {"ten-loai", false},   {"trich-yeu", false},
    {"do-khan", false},          {"kinh-gui", true},    {"sau-noi-dung", false},
    {"noi-nhan", true},          {"ky.tham-quyen", true}, {"ky.ho-ten", false},
};

/* ---- responses ------------------------------------------------------------ */

static enum MHD_Result send_bytes(const bc_server *s, struct MHD_Connection *c, unsigned code, const char *type,
                                  void *data, size_t len, const char *disposition)
{
    struct MHD_Response *r =
        s->mhd.create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(data);
        return MHD_NO;
    }
    s->mhd.add_response_header(r, "Content-Type", type);
    s->mhd.add_response_header(r, "Cache-Control", "no-store");
    s->mhd.add_response_header(r, "X-Content-Type-Options", "nosniff");
    s->mhd.add_response_header(r, "X-Frame-Options", "DENY");
    s->mhd.add_response_header(r, "Referrer-Policy", "no-referrer");
    s->mhd.add_response_header(r, "Content-Security-Policy",
                            "default-src 'none'; script-src 'self'; style-src 'self'; "
                            "img-src 'self'; connect-src 'self'; form-action 'self'; "
                            "frame-ancestors 'none'; base-uri 'none'");
    if (disposition)
        s->mhd.add_response_header(r, "Content-Disposition", disposition);
    enum MHD_Result ret = s->mhd.queue_response(c, code, r);
    s->mhd.destroy_response(r);
    return ret;
}

/* A short Vietnamese HTML page (a refusal the browser shows as it is). */
static enum MHD_Result send_page(const bc_server *s, struct MHD_Connection *c, unsigned code, const char *title,
                                 const char *text)
{
    char *html = bc_strdup_printf(
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width\"><title>%s</title></head>"
        "<body><h1>%s</h1><p>%s</p></body></html>\n", title, title, text);
    if (!html)
        return MHD_NO;
    return send_bytes(s, c, code, "text/html; charset=utf-8", html, strlen(html), NULL);
}

static enum MHD_Result send_json(const bc_server *s, struct MHD_Connection *c, unsigned code,
                                 bc_buf *b)
{
    if (b->oom) {
        bc_buf_free(b);
        return MHD_NO;
    }
    size_t len = b->len;
    char *json = bc_buf_detach(b);
    return send_bytes(s, c, code, "application/json; charset=utf-8", json, len, NULL);
}

/* {"message","file","line","column"} of err, or null. */
static void put_error(bc_buf *b, const bc_error *err)
{
    if (!err || !err->status) {
        bc_buf_puts(b, "null");
        return;
    }
    bc_buf_puts(b, "{\"message\":");
    bc_json_str(b, err->message ? err->message : bc_status_name(err->status));
    bc_buf_puts(b, ",\"file\":");
    bc_json_str(b, err->file);
    bc_buf_printf(b, ",\"line\":%d,\"column\":%d}", err->line, err->column);
}

/* {"error":{"message":..., "file", "line", "column"}} with an HTTP code. */
static enum MHD_Result send_error(const bc_server *s, struct MHD_Connection *c, unsigned code, const char *file,
                                  int line, int column, const char *msg)
{
    bc_error e = {.status = BC_E_USAGE, .file = (char *)file, .line = line, .column = column,
                  .message = (char *)msg};
    bc_buf b = BC_BUF_INIT;
    bc_buf_puts(&b, "{\"error\":");
    put_error(&b, &e);
    bc_buf_putc(&b, '}');
    return send_json(s, c, code, &b);
}

static unsigned http_code(bc_status st)
{
    switch (st) {
    case BC_E_USAGE: return MHD_HTTP_BAD_REQUEST;
    case BC_E_INPUT: return 422;
    case BC_E_NOMEM: return MHD_HTTP_INTERNAL_SERVER_ERROR;
    case BC_E_OUTPUT: return MHD_HTTP_CONFLICT;
    default: return 422;
    }
}

/* Sends err with the HTTP code of its status, and clears it. */
static enum MHD_Result send_bc_error(const bc_server *s, struct MHD_Connection *c, bc_error *err)
{
    enum MHD_Result r = send_error(s, c, http_code(err->status), err->file, err->line, err->column,
                                   err->message ? err->message : bc_status_name(err->status));
    bc_error_clear(err);
    return r;
}

/* ---- request checks ------------------------------------------------------- */

/* v is one of the two accepted values (an empty slot matches nothing). */
static bool one_of(const char *v, const char *a, const char *b)
{
    return v && ((*a && !strcmp(v, a)) || (*b && !strcmp(v, b)));
}

static bool host_ok(const bc_server *s, struct MHD_Connection *c)
{
    const char *h = s->mhd.lookup_connection_value(c, MHD_HEADER_KIND, "Host");
    return one_of(h, s->host[0], s->host[1]);
}

/* a is the secret b (64 hex digits), compared in constant time. */
static bool same_secret(const bc_server *s, const char *a, const char *b)
{
    size_t n = strlen(b);
    return a && strlen(a) == n && s->ossl.CRYPTO_memcmp(a, b, n) == 0;
}

/* With --mo-rong: the request carries the access token (cookie, header
 * X-Baocao-Ma, or "?ma=" of the printed address: *in_query). */
static bool token_ok(const bc_server *s, struct MHD_Connection *c, bool *in_query)
{
    *in_query = false;
    if (!s->wide)
        return true;
    if (same_secret(s, s->mhd.lookup_connection_value(c, MHD_COOKIE_KIND, TOKEN_COOKIE), s->token) ||
        same_secret(s, s->mhd.lookup_connection_value(c, MHD_HEADER_KIND, "X-Baocao-Ma"), s->token))
        return true;
    *in_query = same_secret(s, s->mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "ma"),
                            s->token);
    return *in_query;
}

/* The printed address was opened: the token becomes an HttpOnly cookie and
 * the browser goes to the page without it in the address bar. */
static enum MHD_Result send_token_cookie(const bc_server *s, struct MHD_Connection *c)
{
    struct MHD_Response *r = s->mhd.create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    char cookie[160];
    snprintf(cookie, sizeof cookie, TOKEN_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict",
             s->token);
    s->mhd.add_response_header(r, "Set-Cookie", cookie);
    s->mhd.add_response_header(r, "Location", "/");
    s->mhd.add_response_header(r, "Cache-Control", "no-store");
    s->mhd.add_response_header(r, "Referrer-Policy", "no-referrer");
    enum MHD_Result ret = s->mhd.queue_response(c, MHD_HTTP_SEE_OTHER, r);
    s->mhd.destroy_response(r);
    return ret;
}

/* Why a change request is refused, or NULL. */
static const char *change_refused(const bc_server *s, struct MHD_Connection *c)
{
    const char *tok = s->mhd.lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
    if (!same_secret(s, tok, s->csrf))
        return "thiếu mã chống giả mạo (CSRF) hoặc mã sai: hãy tải lại trang";
    const char *origin = s->mhd.lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
    if (origin && !one_of(origin, s->origin[0], s->origin[1]))
        return "yêu cầu đến từ một trang khác: bị từ chối";
    const char *site = s->mhd.lookup_connection_value(c, MHD_HEADER_KIND, "Sec-Fetch-Site");
    if (site && !strcmp(site, "cross-site"))
        return "yêu cầu đến từ một trang khác: bị từ chối";
    return NULL;
}

/* ---- the report's answer -------------------------------------------------- */

static void put_entry(bc_buf *b, const bc_yentry *e, bool first)
{
    bc_buf_printf(b, "%s{\"path\":", first ? "" : ",");
    bc_json_str(b, e->path);
    bc_buf_printf(b, ",\"line\":%d,\"last\":%d,\"kind\":%d", e->key_line, e->last_line,
                  (int)e->kind);
    if (e->kind == BC_YV_SCALAR) {
        bc_buf_puts(b, ",\"value\":");
        bc_json_str(b, e->scalar);
    } else if ((e->kind == BC_YV_FLOW_SEQ || e->kind == BC_YV_BLOCK_SEQ) && e->items_scalar) {
        bc_buf_puts(b, ",\"items\":[");
        for (size_t k = 0; k < e->nitems; k++) {
            if (k)
                bc_buf_putc(b, ',');
            bc_json_str(b, e->items[k]);
        }
        bc_buf_putc(b, ']');
    }
    bc_buf_putc(b, '}');
}

/* The names the narrative may quote from the so-lieu files (and the
 * report's own: bao_cao.*, ky.*), as a JSON array. */
static void put_figures(const bc_server *s, const char *report, const bc_yfile *y, bc_buf *b)
{
    static const char *const META[] = {"bao_cao.so", "bao_cao.ky_hieu", "bao_cao.so_ky_hieu",
                                       "bao_cao.ngay", "bao_cao.dia_danh", "ky.ten",
                                       "ky.ten_ngan", "ky.nam", "ky.quy", NULL};
    bc_buf_puts(b, "[");
    bool first = true;
    for (size_t i = 0; META[i]; i++) {
        if (!first)
            bc_buf_putc(b, ',');
        bc_json_str(b, META[i]);
        first = false;
    }
    const bc_yentry *e = bc_yfile_find(y, "so-lieu");
    for (size_t i = 0; e && i < e->nitems; i++) {
        char *data = NULL;
        size_t len = 0;
        bc_error err = BC_ERROR_INIT;
        bc_values *v = bc_values_new();
        if (v && bc_ws_read(s->ws, report, e->items[i], BC_IN_DATA, &data, &len, &err) == BC_OK) {
            size_t n = strlen(e->items[i]);
            bool csv = n > 4 && !strcmp(e->items[i] + n - 4, ".csv");
            bc_status st = csv ? bc_values_load_csv(v, data, len, e->items[i], &err)
                               : bc_values_load_yaml(v, data, len, e->items[i], &err);
            for (size_t k = 0; !st && k < bc_values_count(v); k++) {
                bc_buf_putc(b, ',');
                bc_json_str(b, bc_values_entry(v, k)->name);
            }
        }
        bc_values_free(v);
        bc_error_clear(&err);
        free(data);
    }
    bc_buf_puts(b, "]");
}

/* The appendices: [{"spec":..., "csv":...}]. */
static void put_tables(const bc_server *s, const char *report, const bc_yfile *y, bc_buf *b)
{
    bc_buf_puts(b, "[");
    const bc_yentry *e = bc_yfile_find(y, "phu-luc");
    for (size_t i = 0; e && i < e->nitems; i++) {
        char *data = NULL;
        size_t len = 0;
        bc_error err = BC_ERROR_INIT;
        bc_yfile spec = {0};
        const char *csv = NULL;
        if (bc_ws_read(s->ws, report, e->items[i], BC_IN_REPORT, &data, &len, &err) == BC_OK &&
            bc_yfile_parse(data, len, e->items[i], &spec, &err) == BC_OK) {
            const bc_yentry *d = bc_yfile_find(&spec, "du-lieu");
            if (d && d->kind == BC_YV_SCALAR)
                csv = d->scalar;
        }
        bc_buf_printf(b, "%s{\"spec\":", i ? "," : "");
        bc_json_str(b, e->items[i]);
        bc_buf_puts(b, ",\"csv\":");
        bc_json_str(b, csv);
        bc_buf_putc(b, '}');
        bc_yfile_free(&spec);
        bc_error_clear(&err);
        free(data);
    }
    bc_buf_puts(b, "]");
}

/* What the draft buttons need: du-thao.yaml's settings (the defaults, as
 * for the CLI) and the choices for so-voi (report folders inside this one,
 * other reports of the workspace as "../NAME") and gop-y (YAML files with a
 * gop-y list). */
static void put_draft(bc_server *s, const char *report, const bc_ws_file *files, size_t n,
                      bc_buf *b)
{
    char *text = NULL;
    size_t len = 0;
    bc_error err = BC_ERROR_INIT;
    bc_yfile y = {0};
    bool have = bc_ws_read(s->ws, report, "du-thao.yaml", BC_IN_REPORT, &text, &len, &err) == BC_OK;
    bool parsed = have && bc_yfile_parse(text, len, "du-thao.yaml", &y, &err) == BC_OK;
    bc_buf_printf(b, "{\"file\":%s", have ? "\"du-thao.yaml\"" : "null");
    static const char *const KEYS[] = {"lan", "so-voi", "gop-y", "hinh-chim", NULL};
    for (size_t i = 0; KEYS[i]; i++) {
        const bc_yentry *e = parsed ? bc_yfile_find(&y, KEYS[i]) : NULL;
        bc_buf_printf(b, ",\"%s\":", KEYS[i]);
        bc_json_str(b, e && e->kind == BC_YV_SCALAR ? e->scalar : NULL);
    }
    bc_yfile_free(&y);
    bc_error_clear(&err);
    free(text);
    bc_buf_puts(b, ",\"previous\":[");
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        const char *slash = strchr(files[i].name, '/');
        if (slash && !strcmp(slash + 1, "report.yaml")) {
            bc_buf_puts(b, first ? "" : ",");
            bc_json_strn(b, files[i].name, (size_t)(slash - files[i].name));
            first = false;
        }
    }
    char **names = NULL;
    size_t nn = 0;
    if (bc_ws_list(s->ws, &names, &nn, &err) == BC_OK)
        for (size_t i = 0; i < nn; i++) {
            if (strcmp(names[i], report)) {
                char *v = bc_strdup_printf("../%s", names[i]);
                bc_buf_puts(b, first ? "" : ",");
                bc_json_str(b, v);
                free(v);
                first = false;
            }
            free(names[i]);
        }
    free(names);
    bc_error_clear(&err);
    bc_buf_puts(b, "],\"notes\":[");
    first = true;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(files[i].name);
        if (strchr(files[i].name, '/') || l < 6 || strcmp(files[i].name + l - 5, ".yaml") ||
            !strcmp(files[i].name, "report.yaml") || !strcmp(files[i].name, "du-thao.yaml"))
            continue;
        bc_yfile g = {0};
        char *t = NULL;
        size_t tl = 0;
        if (bc_ws_read(s->ws, report, files[i].name, BC_IN_REPORT, &t, &tl, &err) == BC_OK &&
            bc_yfile_parse(t, tl, files[i].name, &g, &err) == BC_OK && bc_yfile_find(&g, "gop-y")) {
            bc_buf_puts(b, first ? "" : ",");
            bc_json_str(b, files[i].name);
            first = false;
        }
        bc_yfile_free(&g);
        bc_error_clear(&err);
        free(t);
    }
    bc_buf_puts(b, "]}");
}

static enum MHD_Result send_report(bc_server *s, struct MHD_Connection *c, const char *report,
                                   unsigned code, const bc_error *save_err)
{
    char *yaml = NULL;
    size_t ylen = 0;
    bc_error err = BC_ERROR_INIT;
    bc_status st = bc_ws_read(s->ws, report, "report.yaml", BC_IN_REPORT, &yaml, &ylen, &err);
    if (st) {
        return send_bc_error(s, c, &err);
    }
    bc_buf b = BC_BUF_INIT;
    bc_buf_puts(&b, "{\"name\":");
    bc_json_str(&b, report);
    bc_buf_puts(&b, ",\"yaml\":");
    bc_json_strn(&b, yaml, ylen);
    bc_yfile y = {0};
    bc_error yerr = BC_ERROR_INIT;
    bool parsed = bc_yfile_parse(yaml, ylen, "report.yaml", &y, &yerr) == BC_OK;
    bc_buf_puts(&b, ",\"fields\":[");
    for (size_t i = 0; parsed && i < y.n; i++)
        put_entry(&b, &y.e[i], i == 0);
    bc_buf_puts(&b, "],\"yaml_error\":");
    put_error(&b, parsed ? NULL : &yerr);
    /* the narrative */
    const bc_yentry *nd = parsed ? bc_yfile_find(&y, "noi-dung") : NULL;
    bc_buf_puts(&b, ",\"narrative\":");
    if (nd && nd->kind == BC_YV_SCALAR && bc_ws_relpath_ok(nd->scalar)) {
        char *text = NULL;
        size_t tlen = 0;
        bc_error terr = BC_ERROR_INIT;
        bc_buf_puts(&b, "{\"file\":");
        bc_json_str(&b, nd->scalar);
        bc_buf_puts(&b, ",\"text\":");
        if (bc_ws_read(s->ws, report, nd->scalar, BC_IN_TEXT, &text, &tlen, &terr) == BC_OK)
            bc_json_strn(&b, text, tlen);
        else
            bc_buf_puts(&b, "\"\"");
        bc_buf_putc(&b, '}');
        free(text);
        bc_error_clear(&terr);
    } else {
        bc_buf_puts(&b, "null");
    }
    bc_buf_puts(&b, ",\"figures\":");
    if (parsed)
        put_figures(s, report, &y, &b);
    else
        bc_buf_puts(&b, "[]");
    bc_buf_puts(&b, ",\"tables\":");
    if (parsed)
        put_tables(s, report, &y, &b);
    else
        bc_buf_puts(&b, "[]");
    /* the folder's files */
    bc_ws_file *files = NULL;
    size_t n = 0;
    bc_buf_puts(&b, ",\"files\":[");
    if (bc_ws_files(s->ws, report, false, &files, &n, &err) == BC_OK)
        for (size_t i = 0; i < n; i++) {
            bc_buf_printf(&b, "%s{\"name\":", i ? "," : "");
            bc_json_str(&b, files[i].name);
            bc_buf_printf(&b, ",\"size\":%zu}", files[i].len);
        }
    bc_buf_puts(&b, "],\"draft\":");
    put_draft(s, report, files, n, &b);
    bc_ws_files_free(files, n);
    bc_buf_puts(&b, ",\"sign_token\":");
    bc_json_str(&b, s->tok_uri);
    bc_buf_puts(&b, ",\"preview\":");
    bc_preview_json(s->pv, report, &b);
    bc_buf_puts(&b, ",\"save_error\":");
    put_error(&b, save_err);
    bc_buf_putc(&b, '}');
    bc_yfile_free(&y);
    bc_error_clear(&yerr);
    bc_error_clear(&err);
    free(yaml);
    return send_json(s, c, code, &b);
}

/* ---- routes --------------------------------------------------------------- */

static enum MHD_Result get_index(bc_server *s, struct MHD_Connection *c)
{
    const bc_asset *a = bc_asset_find("index.html");
    if (!a)
        return send_error(s, c, 500, NULL, 0, 0, "thiếu trang");
    bc_buf b = BC_BUF_INIT;
    const char *p = (const char *)a->data, *mark = strstr(p, "@CSRF@");
    if (mark) {
        bc_buf_append(&b, p, (size_t)(mark - p));
        bc_buf_puts(&b, s->csrf);
        bc_buf_puts(&b, mark + 6);
    } else {
        bc_buf_append(&b, p, a->len);
    }
    if (b.oom)
        return MHD_NO;
    size_t len = b.len;
    return send_bytes(s, c, 200, "text/html; charset=utf-8", bc_buf_detach(&b), len, NULL);
}

static enum MHD_Result get_asset(const bc_server *s, struct MHD_Connection *c, const char *name)
{
    const bc_asset *a = bc_ws_name_ok(name) ? bc_asset_find(name) : NULL;
    if (!a)
        return send_error(s, c, 404, NULL, 0, 0, "không có tệp này");
    void *copy = malloc(a->len ? a->len : 1);
    if (!copy)
        return MHD_NO;
    memcpy(copy, a->data, a->len);
    return send_bytes(s, c, 200, bc_asset_mime(name), copy, a->len, NULL);
}

static enum MHD_Result get_list(bc_server *s, struct MHD_Connection *c)
{
    char **names = NULL;
    size_t n = 0;
    bc_error err = BC_ERROR_INIT;
    if (bc_ws_list(s->ws, &names, &n, &err)) {
        return send_bc_error(s, c, &err);
    }
    bc_buf b = BC_BUF_INIT;
    bc_buf_puts(&b, "{\"reports\":[");
    for (size_t i = 0; i < n; i++) {
        char *yaml = NULL;
        size_t len = 0;
        bc_yfile y = {0};
        bc_buf_printf(&b, "%s{\"name\":", i ? "," : "");
        bc_json_str(&b, names[i]);
        if (bc_ws_read(s->ws, names[i], "report.yaml", BC_IN_REPORT, &yaml, &len, &err) == BC_OK &&
            bc_yfile_parse(yaml, len, "report.yaml", &y, &err) == BC_OK) {
            static const char *const KEYS[] = {"trich-yeu", "so", "ky-hieu", "ngay", NULL};
            for (size_t k = 0; KEYS[k]; k++) {
                const bc_yentry *e = bc_yfile_find(&y, KEYS[k]);
                bc_buf_putc(&b, ',');
                bc_json_str(&b, KEYS[k]);
                bc_buf_putc(&b, ':');
                bc_json_str(&b, e && e->kind == BC_YV_SCALAR ? e->scalar : NULL);
            }
        }
        bc_error_clear(&err);
        bc_yfile_free(&y);
        free(yaml);
        bc_buf_putc(&b, '}');
        free(names[i]);
    }
    free(names);
    bc_buf_puts(&b, "],\"templates\":[{\"name\":\"mau-bao-cao-quy\",\"title\":");
    bc_json_str(&b, "Báo cáo CCHC quý (mẫu có sẵn)");
    bc_buf_puts(&b, "}],\"workspace\":");
    bc_json_str(&b, bc_ws_root(s->ws));
    bc_buf_puts(&b, "}");
    return send_json(s, c, 200, &b);
}

/* The template's files (assets "mau-bao-cao-quy.<file>"). */
static bc_status template_files(const char *tpl, bc_ws_file **out, size_t *n, bc_error *err)
{
    *out = NULL;
    *n = 0;
    size_t tl = strlen(tpl);
    for (const bc_asset *a = bc_assets; a->name; a++) {
        if (strncmp(a->name, tpl, tl) || a->name[tl] != '.')
            continue;
        bc_ws_file *nv = realloc(*out, (*n + 1) * sizeof *nv);
        if (!nv)
            return bc_nomem(err);
        *out = nv;
        nv[*n] = (bc_ws_file){bc_strdup(a->name + tl + 1), NULL, a->len};
        if (!nv[*n].name || !(nv[*n].data = malloc(a->len + 1))) {
            (*n)++;
            return bc_nomem(err);
        }
        memcpy(nv[*n].data, a->data, a->len);
        (*n)++;
    }
    if (!*n)
        return bc_error_set(err, BC_E_USAGE, NULL, 0, 0, "không có mẫu '%s'", tpl);
    return BC_OK;
}

static enum MHD_Result post_create(bc_server *s, struct MHD_Connection *c)
{
    const char *name = s->mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "ten");
    const char *tpl = s->mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "mau");
    bc_error err = BC_ERROR_INIT;
    bc_ws_file *files = NULL;
    size_t n = 0;
    bc_status st;
    if (!bc_ws_name_ok(name) || !bc_ws_name_ok(tpl ? tpl : "mau-bao-cao-quy"))
        st = bc_error_set(&err, BC_E_USAGE, NULL, 0, 0,
                          "tên báo cáo '%s' không dùng được: chỉ gồm chữ không dấu, số, '-', "
                          "'_', '.', không bắt đầu bằng '.'; ví dụ bao-cao-quy-3-2024",
                          name ? name : "");
    else if (!tpl || !strcmp(tpl, "mau-bao-cao-quy"))
        st = template_files("mau-bao-cao-quy", &files, &n, &err);
    else /* a copy of a report of the workspace */
        st = bc_ws_files(s->ws, tpl, true, &files, &n, &err);
    if (!st)
        st = bc_ws_create(s->ws, name, files, n, &err);
    bc_ws_files_free(files, n);
    if (st) {
        return send_bc_error(s, c, &err);
    }
    bc_preview_render(s->pv, s->ws, name, false);
    return send_report(s, c, name, 201, NULL);
}

static enum MHD_Result post_next(bc_server *s, struct MHD_Connection *c, const char *report)
{
    const char *name = s->mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "ten");
    bc_error err = BC_ERROR_INIT;
    bc_diags diags = BC_DIAGS_INIT;
    char *dir = NULL, *target = NULL;
    bc_status st = bc_ws_report_dir(s->ws, report, &dir, &err);
    if (!st && !bc_ws_name_ok(name))
        st = bc_error_set(&err, BC_E_USAGE, NULL, 0, 0,
                          "tên báo cáo kỳ sau '%s' không dùng được: chỉ gồm chữ không dấu, số, "
                          "'-', '_', '.'", name ? name : "");
    if (!st && !(target = bc_strdup_printf("%s/%s", bc_ws_root(s->ws), name)))
        st = bc_nomem(&err);
    bc_next_result res = {0};
    if (!st)
        st = bc_next_report(dir, target, NULL, &res, &diags, &err);
    free(res.report_path);
    free(dir);
    free(target);
    bc_diags_free(&diags);
    if (st) {
        return send_bc_error(s, c, &err);
    }
    bc_preview_render(s->pv, s->ws, name, false);
    return send_report(s, c, name, 201, NULL);
}

/* Saves the form (url-encoded body: path=value, lists one item a line). */
static enum MHD_Result post_fields(bc_server *s, struct MHD_Connection *c, const char *report,
                                   const bc_buf *body)
{
    bc_error err = BC_ERROR_INIT;
    GHashTable *form = body->len
                           ? g_uri_parse_params(body->data, (gssize)body->len, "&",
                                                G_URI_PARAMS_WWW_FORM, NULL)
                           : g_hash_table_new(g_str_hash, g_str_equal);
    if (!form)
        return send_error(s, c, 400, NULL, 0, 0, "dữ liệu biểu mẫu không đọc được");
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, form);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        bool known = false;
        for (size_t i = 0; i < sizeof FORM / sizeof FORM[0]; i++)
            known |= !strcmp(FORM[i].path, k);
        if (!known || !g_utf8_validate(v, -1, NULL)) {
            char *msg = bc_strdup_printf("trường '%s' không có trong biểu mẫu", (char *)k);
            enum MHD_Result r = send_error(s, c, 400, NULL, 0, 0, msg ? msg : "");
            free(msg);
            g_hash_table_unref(form);
            return r;
        }
    }
    char *text = NULL;
    size_t len = 0;
    bc_status st = bc_ws_read(s->ws, report, "report.yaml", BC_IN_REPORT, &text, &len, &err);
    for (size_t i = 0; !st && i < sizeof FORM / sizeof FORM[0]; i++) {
        const char *val = g_hash_table_lookup(form, FORM[i].path);
        if (!val)
            continue;
        char **items = NULL;
        size_t n = 0;
        if (FORM[i].list) {
            items = g_strsplit(val, "\n", -1);
            for (size_t j = 0; items[j]; j++) {
                g_strstrip(items[j]);
                if (*items[j])
                    items[n++] = items[j];
                else
                    g_free(items[j]);
            }
            items[n] = NULL;
        }
        char *trimmed = FORM[i].list ? NULL : g_strstrip(g_strdup(val));
        bc_yfile y;
        st = bc_yfile_parse(text, len, "report.yaml", &y, &err);
        char *out = NULL;
        size_t olen = 0;
        if (!st)
            st = bc_yfile_set(&y, FORM[i].path, FORM[i].list, trimmed,
                             (const char *const *)items, n, &out, &olen, &err);
        if (st == BC_E_USAGE && err.line)
            err.file = err.file ? err.file : bc_strdup("report.yaml");
        if (!st) {
            free(text);
            text = out;
            len = olen;
        }
        bc_yfile_free(&y);
        g_strfreev(items);
        g_free(trimmed);
    }
    g_hash_table_unref(form);
    if (!st)
        st = bc_ws_write(s->ws, report, "report.yaml", text, len, &err);
    free(text);
    if (st && err.status != BC_E_USAGE) {
        return send_bc_error(s, c, &err);
    }
    bc_preview_render(s->pv, s->ws, report, false);
    enum MHD_Result r = send_report(s, c, report, 200, st ? &err : NULL);
    bc_error_clear(&err);
    return r;
}

static bool upload_ext_ok(const char *name)
{
    static const char *const EXT[] = {".csv", ".xlsx", ".yaml", ".md", ".txt", NULL};
    size_t n = strlen(name);
    for (size_t i = 0; EXT[i]; i++) {
        size_t m = strlen(EXT[i]);
        if (n > m && !strcmp(name + n - m, EXT[i]))
            return true;
    }
    return false;
}

/* Writes one file of the report (the narrative, a data file) whole. */
static enum MHD_Result post_file(bc_server *s, struct MHD_Connection *c, const char *report,
                                 const char *rel, const bc_buf *body)
{
    bc_error err = BC_ERROR_INIT;
    if (!bc_ws_relpath_ok(rel) || !upload_ext_ok(rel))
        return send_error(s, c, 400, rel, 0, 0,
                          "tên tệp không dùng được: chỉ gồm chữ không dấu, số, '-', '_', '.', "
                          "đuôi .csv, .xlsx, .yaml, .md hoặc .txt");
    size_t n = strlen(rel);
    bool binary = n > 5 && !strcmp(rel + n - 5, ".xlsx");
    if (!binary && !g_utf8_validate(body->data ? body->data : "", (gssize)body->len, NULL))
        return send_error(s, c, 422, rel, 0, 0,
                          "tệp không phải văn bản UTF-8: hãy lưu lại với bảng mã UTF-8 (hoặc "
                          "chuyển mã bằng 'baocao chuyen-ma')");
    if (bc_ws_write(s->ws, report, rel, body->data ? body->data : "", body->len, &err)) {
        return send_bc_error(s, c, &err);
    }
    bc_preview_render(s->pv, s->ws, report, false);
    return send_report(s, c, report, 200, NULL);
}

static enum MHD_Result get_file(bc_server *s, struct MHD_Connection *c, const char *report,
                                const char *rel)
{
    char *data = NULL;
    size_t len = 0;
    bc_error err = BC_ERROR_INIT;
    if (bc_ws_read(s->ws, report, rel ? rel : "", BC_IN_DATA, &data, &len, &err)) {
        return send_bc_error(s, c, &err);
    }
    const char *type = bc_asset_mime(rel);
    if (!strncmp(type, "text/html", 9))
        type = "text/plain; charset=utf-8";
    return send_bytes(s, c, 200, type, data, len, "attachment");
}

/* The rows of a table view, written as JSON as they are read. */
typedef struct table_out {
    bc_buf *b;
    size_t rows;
} table_out;

static bc_status table_row(void *ud, const bc_csv_record *r, bc_error *err)
{
    (void)err;
    table_out *o = ud;
    if (o->rows >= TABLE_MAX_ROWS)
        return BC_OK;
    bc_buf_puts(o->b, o->rows++ ? ",[" : "[");
    for (size_t k = 0; k < r->count; k++) {
        bc_buf_printf(o->b, "%s{\"l\":%d,\"c\":%d,\"t\":", k ? "," : "", r->fields[k].line,
                      r->fields[k].column);
        bc_json_strn(o->b, r->fields[k].text, r->fields[k].len);
        bc_buf_putc(o->b, '}');
    }
    bc_buf_putc(o->b, ']');
    return BC_OK;
}

/* A data file as rows of cells with their position, for the page to flag
 * the cells the checks name: a CSV (line, column) or a workbook
 * ("x.xlsx" or "x.xlsx#Sheet!A1:M20" as a table spec names it: Excel row
 * and column, the header as far down as its merges reach). */
static enum MHD_Result get_table(bc_server *s, struct MHD_Connection *c, const char *report,
                                 const char *ten)
{
    char *rel = bc_strdup(ten ? ten : "");
    if (!rel)
        return MHD_NO;
    char *hash = strchr(rel, '#');
    const char *loc = NULL;
    if (hash) {
        *hash = '\0';
        loc = hash + 1;
    }
    char *data = NULL, *sheet = NULL;
    size_t len = 0;
    bc_error err = BC_ERROR_INIT;
    bc_buf b = BC_BUF_INIT;
    bc_buf_puts(&b, "{\"file\":");
    bc_json_str(&b, rel);
    bc_buf_puts(&b, ",\"rows\":[");
    table_out o = {&b, 0};
    bool xlsx = bc_xlsx_is_path(rel);
    bc_status st = bc_ws_read(s->ws, report, rel, BC_IN_DATA, &data, &len, &err);
    if (!st && xlsx) {
        bc_xlsx_opts xo = {.header_rows = 0};
        st = bc_xlsx_read_buffer(data, len, rel, loc, &xo, table_row, &o, &sheet, &err);
    } else if (!st) {
        st = bc_csv_read_buffer(data, len, rel, NULL, table_row, &o, &err);
    }
    free(data);
    bc_buf_puts(&b, "],\"sheet\":");
    bc_json_str(&b, sheet);
    bc_buf_puts(&b, ",\"error\":");
    put_error(&b, st ? &err : NULL);
    bc_buf_putc(&b, '}');
    free(sheet);
    free(rel);
    bc_error_clear(&err);
    return send_json(s, c, 200, &b);
}

/* The field a cell edit replaces, found by its position. */
typedef struct cell_find {
    int line, column;
    bool found, quoted;
    char *text;
} cell_find;

static bc_status find_cell(void *ud, const bc_csv_record *r, bc_error *err)
{
    (void)err;
    cell_find *f = ud;
    for (size_t k = 0; k < r->count && !f->found; k++)
        if (r->fields[k].line == f->line && r->fields[k].column == f->column) {
            f->found = true;
            f->quoted = r->fields[k].quoted;
            f->text = strndup(r->fields[k].text, r->fields[k].len);
        }
    return BC_OK;
}

/* POST o?ten=x.csv&dong=L&cot=C, body = the cell's new text: one cell of a
 * CSV data file replaced in place (the rest of the file byte for byte), so
 * a flagged cell is mended on the page. Only a plain (unquoted) field, and
 * a value with no separator, quote or line break; otherwise the message
 * says to edit the file as text. */
static enum MHD_Result post_cell(bc_server *s, struct MHD_Connection *c, const char *report,
                                 const char *rel, const bc_buf *body)
{
    const char *dl = s->mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "dong");
    const char *cl = s->mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "cot");
    cell_find f = {.line = dl ? atoi(dl) : 0, .column = cl ? atoi(cl) : 0};
    size_t n = rel ? strlen(rel) : 0;
    if (n < 5 || strcmp(rel + n - 4, ".csv") || f.line < 1 || f.column < 1)
        return send_error(s, c, 400, rel, 0, 0, "sửa ô: cần tệp .csv, số dòng và số cột của ô");
    const char *val = body->data ? body->data : "";
    if (!g_utf8_validate(val, (gssize)body->len, NULL) || strlen(val) != body->len ||
        strpbrk(val, ",;\t\"\r\n"))
        return send_error(s, c, 422, rel, f.line, f.column,
                          "giá trị mới của ô không được có dấu phẩy, chấm phẩy, dấu nháy hay "
                          "xuống dòng; hãy sửa tệp ở mục «Sửa tệp khác của báo cáo»");
    char *data = NULL;
    size_t len = 0;
    bc_error err = BC_ERROR_INIT;
    bc_status st = bc_ws_read(s->ws, report, rel, BC_IN_DATA, &data, &len, &err);
    if (!st)
        st = bc_csv_read_buffer(data, len, rel, NULL, find_cell, &f, &err);
    /* the field's bytes: its line, then column - 1 characters in */
    const char *at = NULL;
    if (!st && f.found && !f.quoted && f.text) {
        const char *p = data, *end = data + len;
        for (int l = 1; l < f.line && p; l++) {
            p = memchr(p, '\n', (size_t)(end - p));
            p = p ? p + 1 : NULL;
        }
        for (int k = 1; p && k < f.column && p < end; k++)
            p = g_utf8_next_char(p);
        size_t tl = strlen(f.text);
        if (p && (size_t)(end - p) >= tl && !memcmp(p, f.text, tl))
            at = p;
    }
    if (!st && !at)
        st = bc_error_set(&err, BC_E_USAGE, rel, f.line, f.column,
                          "không sửa được ô này tại chỗ (không có ô ở đây, ô nằm trong dấu "
                          "nháy, hoặc tệp không ở dạng chuẩn NFC); hãy sửa tệp ở mục «Sửa tệp "
                          "khác của báo cáo»");
    if (!st) {
        bc_buf out = BC_BUF_INIT;
        size_t off = (size_t)(at - data), tl = strlen(f.text);
        bc_buf_append(&out, data, off);
        bc_buf_append(&out, val, body->len);
        bc_buf_append(&out, at + tl, len - off - tl);
        st = out.oom ? bc_nomem(&err)
                     : bc_ws_write(s->ws, report, rel, out.data ? out.data : "", out.len, &err);
        bc_buf_free(&out);
    }
    free(f.text);
    free(data);
    if (st)
        return send_bc_error(s, c, &err);
    bc_preview_render(s->pv, s->ws, report, false);
    return send_report(s, c, report, 200, NULL);
}

static enum MHD_Result get_page(bc_server *s, struct MHD_Connection *c, const char *report,
                                const char *file)
{
    int page = 0;
    char tail[8] = "";
    if (sscanf(file, "%d%7s", &page, tail) != 2 || strcmp(tail, ".png"))
        return send_error(s, c, 404, NULL, 0, 0, "không có trang này");
    char *data = NULL;
    size_t len = 0;
    bc_error err = BC_ERROR_INIT;
    if (bc_preview_page(s->pv, report, page, &data, &len, &err)) {
        bc_error_clear(&err);
        return send_error(s, c, 404, NULL, 0, 0, "không có trang này (bản xem trước đã đổi)");
    }
    return send_bytes(s, c, 200, "image/png", data, len, NULL);
}

static enum MHD_Result send_pdf(bc_server *s, struct MHD_Connection *c, const char *report,
                               const bc_preview_pdf_opts *po, const char *suffix)
{
    unsigned char *data = NULL;
    size_t len = 0;
    bc_error err = BC_ERROR_INIT;
    bc_diags diags = BC_DIAGS_INIT;
    bc_status st = bc_preview_pdf(s->pv, s->ws, report, po, &data, &len, &diags, &err);
    bc_diags_free(&diags);
    if (st && st != BC_E_DATA) {
        return send_bc_error(s, c, &err);
    }
    char *disp = bc_strdup_printf("attachment; filename=\"%s%s.pdf\"", report, suffix);
    enum MHD_Result r = send_bytes(s, c, 200, "application/pdf", data, len, disp);
    free(disp);
    return r;
}

/* A path the page names for a draft's so-voi / gop-y: "x" or "x/y" inside
 * the report folder, or "../NAME" (so-voi: another report of the
 * workspace). NULL (and *bad) when it is neither. */
static char *draft_path(const bc_server *s, const char *report, const char *v, bool other_ok,
                        bool *bad)
{
    if (!v || !*v)
        return NULL;
    if (other_ok && !strncmp(v, "../", 3) && bc_ws_name_ok(v + 3))
        return bc_strdup_printf("%s/%s", bc_ws_root(s->ws), v + 3);
    if (bc_ws_relpath_ok(v))
        return bc_strdup_printf("%s/%s/%s", bc_ws_root(s->ws), report, v);
    *bad = true;
    return NULL;
}

/* GET ban-in.pdf (official) or du-thao.pdf?lan=N&so-voi=..&gop-y=..&hinh-chim=1
 * &thoi-diem=.. (the CLI's --lan, --so-voi, --gop-y, --hinh-chim, --thoi-diem;
 * what is not given comes from du-thao.yaml, as for the CLI). */
static enum MHD_Result get_pdf(bc_server *s, struct MHD_Connection *c, const char *report,
                               bool draft)
{
    bc_preview_pdf_opts po = {.draft = draft};
    if (!draft)
        return send_pdf(s, c, report, &po, "");
    const char *lan = s->mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lan");
    const char *hc = s->mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "hinh-chim");
    po.stamp_time = s->mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "thoi-diem");
    if (po.stamp_time && !*po.stamp_time)
        po.stamp_time = NULL;
    if (lan && *lan) {
        char *end = NULL;
        long n = strtol(lan, &end, 10);
        if (!end || *end || n < 1 || n > 99)
            return send_error(s, c, 400, NULL, 0, 0,
                              "lần dự thảo phải là số nguyên từ 1 đến 99");
        po.round = (int)n;
    }
    po.watermark = hc && (!strcmp(hc, "1") || !strcmp(hc, "co"));
    bool bad = false;
    char *prev = draft_path(s, report,
                            s->mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "so-voi"),
                            true, &bad);
    char *notes = draft_path(s, report,
                             s->mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "gop-y"),
                             false, &bad);
    enum MHD_Result r;
    if (bad) {
        r = send_error(s, c, 400, NULL, 0, 0,
                       "bản so sánh (so-voi) hay tệp góp ý (gop-y) phải nằm trong thư mục báo "
                       "cáo (vd. du-thao-1, gop-y.yaml) hoặc là một báo cáo khác của thư mục "
                       "làm việc (../TEN)");
    } else {
        po.compare_with = prev;
        po.notes_path = notes;
        r = send_pdf(s, c, report, &po, "-du-thao");
    }
    free(prev);
    free(notes);
    return r;
}

/* The fields of a signing form (multipart/form-data): the .p12 and its
 * password. Kept in memory only, wiped after the request. */
typedef struct sign_form {
    bc_buf p12, secret, pin;
    char name[128];
    bool has_pin, other;
    bool flushing; /* the body is parsed: what comes now is flush_post's zeros */
} sign_form;

/* Appends to a buffer that may hold a secret (a request body, a .p12, a
 * password): when it must grow, the old block is wiped before it is freed -
 * bc_buf_append's realloc would leave the bytes in freed memory, before
 * wipe_buf ever sees the buffer. */
static void secret_append(bc_buf *b, const char *data, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1) {
            if (cap > SIZE_MAX / 2) {
                b->oom = true;
                return;
            }
            cap *= 2;
        }
        char *p = malloc(cap);
        if (!p) {
            b->oom = true;
            return;
        }
        if (b->len)
            memcpy(p, b->data, b->len);
        if (b->data) {
            explicit_bzero(b->data, b->cap);
            free(b->data);
        }
        b->data = p;
        b->cap = cap;
    }
    if (n)
        memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static enum MHD_Result sign_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *filename, const char *type, const char *enc,
                                  const char *data, uint64_t off, size_t size)
{
    (void)kind;
    (void)type;
    (void)enc;
    (void)off;
    sign_form *f = cls;
    if (f->flushing)
        return MHD_YES; /* flush_post's zeros, not a field */
    if (!key) {         /* a part without Content-Disposition's name */
        f->other = true;
        return MHD_YES;
    }
    if (!strcmp(key, "p12")) {
        if (filename && !f->name[0])
            snprintf(f->name, sizeof f->name, "%s", filename);
        secret_append(&f->p12, data, size);
    } else if (!strcmp(key, "mat-khau")) {
        secret_append(&f->secret, data, size);
    } else if (!strcmp(key, "ma-pin")) {
        f->has_pin = true;
        secret_append(&f->pin, data, size);
    } else {
        f->other = true;
    }
    return MHD_YES;
}

static void wipe_buf(bc_buf *b)
{
    if (b->data)
        explicit_bzero(b->data, b->cap ? b->cap : b->len);
    bc_buf_free(b);
}

/* The post processor (libmicrohttpd's postprocessor.c) copies the body
 * through a buffer of its own, allocated with it and freed by
 * MHD_destroy_post_processor without being wiped: after the body it still
 * holds the last window of it - the password or PIN, the .p12's last
 * bytes. It copies each input into that buffer before it looks at its
 * state, so zeros fed after the body's closing boundary overwrite the
 * buffer (and are refused: the form is complete); zeros fed after a body
 * cut short are taken as the open field's value, pushed through the buffer
 * and dropped by sign_field; after a refusal they fill the buffer past
 * what it had read. Two buffers' worth reach every byte of it.
 * test_sign_wipe.py fails if a libmicrohttpd release stops doing so. */
static void flush_post(const bc_server *s, struct MHD_PostProcessor *pp, sign_form *f,
                       size_t buffer_size)
{
    static const char zeros[4096];
    f->flushing = true;
    for (size_t done = 0; done < 2 * (buffer_size + 8); done += sizeof zeros)
        (void)s->mhd.post_process(pp, zeros, sizeof zeros);
}

/* POST ban-ky.pdf: the official copy signed by the person with authority
 * with the .p12 sent ("baocao render --ky --p12"); the key and password
 * are never written to disk nor into a message. */
static enum MHD_Result post_signed(bc_server *s, struct MHD_Connection *c, const char *report,
                                   const bc_buf *body)
{
    if (body->len > SIGN_BODY_LIMIT)
        return send_error(s, c, 413, NULL, 0, 0,
                          "biểu mẫu ký số quá lớn (tối đa 1 MiB): tệp khóa .p12 thường chỉ vài "
                          "KiB; hãy chọn đúng tệp .p12 (hoặc .pfx) của người ký");
    sign_form f = {0};
    /* multipart only: a url-encoded body's values are unescaped on the
     * connection thread's stack, out of reach of any wipe */
    const char *ct = s->mhd.lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    bool multipart = ct && !g_ascii_strncasecmp(ct, "multipart/form-data", 19);
    enum { PP_BUFFER = 16 * 1024 };
    struct MHD_PostProcessor *pp =
        multipart ? s->mhd.create_post_processor(c, PP_BUFFER, sign_field, &f) : NULL;
    /* one byte a call: a body the processor refuses part-way leaves in its
     * buffer only what it had read up to the refusal, never the fields
     * after it (a whole body would leave up to PP_BUFFER bytes of them) */
    bool ok = pp != NULL;
    for (size_t i = 0; ok && i < body->len; i++)
        ok = s->mhd.post_process(pp, body->data + i, 1) == MHD_YES;
    if (pp) {
        flush_post(s, pp, &f, PP_BUFFER);
        s->mhd.destroy_post_processor(pp);
    }
    enum MHD_Result r;
    if (!ok || f.other || f.p12.oom || f.secret.oom || f.pin.oom) {
        r = send_error(s, c, 400, NULL, 0, 0,
                       "biểu mẫu ký số không đọc được: cần tệp khóa .p12 (trường p12) và mật "
                       "khẩu (trường mat-khau), hoặc mã PIN của thẻ ký số (trường ma-pin), gửi "
                       "dạng multipart/form-data");
    } else if (f.has_pin && !f.p12.len) {
        bc_preview_pdf_opts po = {.pkcs11_uri = s->tok_uri, .pkcs11_module = s->tok_module,
                                  .image_path = s->tok_image, .tsa_url = s->tok_tsa,
                                  .secret = f.pin.data ? f.pin.data : ""};
        r = s->tok_uri ? send_pdf(s, c, report, &po, "-da-ky")
                       : send_error(s, c, 400, NULL, 0, 0,
                                    "chưa có thẻ ký số: hãy chạy baocao serve với --ky-the "
                                    "TEP.yaml (tệp ghi pkcs11: URI của khóa trên thẻ)");
    } else if (!f.p12.len) {
        r = send_error(s, c, 400, NULL, 0, 0, "hãy chọn tệp khóa .p12 (hoặc .pfx) của người ký");
    } else {
        bc_preview_pdf_opts po = {.p12 = f.p12.data, .p12_len = f.p12.len,
                                  .p12_name = f.name[0] ? f.name : "tệp .p12",
                                  .secret = f.secret.data ? f.secret.data : ""};
        r = send_pdf(s, c, report, &po, "-da-ky");
    }
    wipe_buf(&f.p12);
    wipe_buf(&f.secret);
    wipe_buf(&f.pin);
    return r;
}

/* Splits url ("/api/bao-cao/X/y") into at most max components. Returns the
 * count, or -1 when a component is empty, ".", ".." or too long. */
static int split_url(const char *url, char parts[][128], int max)
{
    int n = 0;
    const char *p = url;
    if (*p != '/')
        return -1;
    p++;
    if (!*p)
        return 0;
    while (*p) {
        const char *q = strchr(p, '/');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        if (n == max || len == 0 || len >= 128)
            return -1;
        memcpy(parts[n], p, len);
        parts[n][len] = '\0';
        if (!strcmp(parts[n], ".") || !strcmp(parts[n], ".."))
            return -1;
        n++;
        if (!q)
            break;
        p = q + 1;
        if (!*p)
            return -1;
    }
    return n;
}

static enum MHD_Result route(bc_server *s, struct MHD_Connection *c, const char *url, bool post,
                             const bc_buf *body)
{
    char parts[5][128];
    int n = split_url(url, parts, 5);
    if (n < 0)
        return send_error(s, c, 400, NULL, 0, 0,
                          "đường dẫn không hợp lệ (có '..', '.' hoặc phần trống): bị từ chối");
    if (n == 0)
        return post ? send_error(s, c, 405, NULL, 0, 0, "không sửa được ở đây")
                    : get_index(s, c);
    if (n == 2 && !strcmp(parts[0], "tep") && !post)
        return get_asset(s, c, parts[1]);
    if (strcmp(parts[0], "api") || n < 2 || strcmp(parts[1], "bao-cao"))
        return send_error(s, c, 404, NULL, 0, 0, "không có trang này");
    if (n == 2)
        return post ? post_create(s, c) : get_list(s, c);
    const char *report = parts[2];
    /* one check of the report's name and folder (workspace.h) for every route below */
    char *dir = NULL;
    bc_error err = BC_ERROR_INIT;
    if (bc_ws_report_dir(s->ws, report, &dir, &err)) {
        if (err.status != BC_E_USAGE) { /* a good name, no such report: 404 */
            enum MHD_Result r = send_error(s, c, 404, report, 0, 0, err.message);
            bc_error_clear(&err);
            return r;
        }
        return send_bc_error(s, c, &err); /* a bad name: 400 */
    }
    free(dir);
    const char *ten = s->mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "ten");
    if (n == 3)
        return post ? send_error(s, c, 405, NULL, 0, 0, "không sửa được ở đây")
                    : send_report(s, c, report, 200, NULL);
    const char *what = parts[3];
    if (post) {
        if (n == 4 && !strcmp(what, "truong"))
            return post_fields(s, c, report, body);
        if (n == 4 && !strcmp(what, "tep"))
            return post_file(s, c, report, ten ? ten : "", body);
        if (n == 4 && !strcmp(what, "ky-sau"))
            return post_next(s, c, report);
        if (n == 4 && !strcmp(what, "o"))
            return post_cell(s, c, report, ten, body);
        if (n == 4 && !strcmp(what, "ban-ky.pdf"))
            return post_signed(s, c, report, body);
        if (n == 4 && !strcmp(what, "in-lai")) { /* "In lại": everything, images too */
            bc_preview_render(s->pv, s->ws, report, true);
            return send_report(s, c, report, 200, NULL);
        }
        return send_error(s, c, 404, NULL, 0, 0, "không có thao tác này");
    }
    if (n == 4 && !strcmp(what, "tep"))
        return get_file(s, c, report, ten);
    if (n == 4 && !strcmp(what, "bang"))
        return get_table(s, c, report, ten);
    if (n == 4 && !strcmp(what, "ban-in.pdf"))
        return get_pdf(s, c, report, false);
    if (n == 4 && !strcmp(what, "du-thao.pdf"))
        return get_pdf(s, c, report, true);
    if (n == 5 && !strcmp(what, "trang"))
        return get_page(s, c, report, parts[4]);
    return send_error(s, c, 404, NULL, 0, 0, "không có trang này");
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    (void)version;
    bc_server *s = cls;
    bool post = !strcmp(method, MHD_HTTP_METHOD_POST);
    if (!*con_cls) {
        req *r = calloc(1, sizeof *r);
        if (!r)
            return MHD_NO;
        *con_cls = r;
        /* checks before any body is read; a refusal is queued at once */
        bool in_query = false;
        if (!token_ok(s, c, &in_query))
            return send_page(s, c, MHD_HTTP_FORBIDDEN, "Cần mã truy cập",
                             "Trang này chỉ mở được bằng đúng địa chỉ có mã truy cập "
                             "(&quot;?ma=...&quot;) mà lệnh <code>baocao serve --mo-rong</code> "
                             "in ra trên máy chạy nó. Hãy hỏi người chạy lệnh địa chỉ đó. "
                             "Yêu cầu này bị từ chối.");
        if (!host_ok(s, c))
            return send_error(s, c, 421, NULL, 0, 0,
                              "tên máy (Host) không phải của máy này: bị từ chối (chống "
                              "DNS rebinding); hãy mở địa chỉ baocao serve in ra");
        if (!post && strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
            return send_error(s, c, 405, NULL, 0, 0, "phương thức không được hỗ trợ");
        if (in_query && !post && !strcmp(url, "/"))
            return send_token_cookie(s, c);
        if (post) {
            const char *why = change_refused(s, c);
            if (why)
                return send_error(s, c, 403, NULL, 0, 0, why);
            const char *cl = s->mhd.lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
            if (cl && strtoull(cl, NULL, 10) > s->limit) {
                char *msg = bc_strdup_printf("tệp gửi lên quá lớn (giới hạn %zu MiB)",
                                             s->limit >> 20);
                enum MHD_Result ret = send_error(s, c, 413, NULL, 0, 0, msg ? msg : "");
                free(msg);
                return ret;
            }
        }
        return MHD_YES;
    }
    req *r = *con_cls;
    if (*upload_size) {
        if (r->body.len + *upload_size > s->limit)
            return MHD_NO; /* a body without Content-Length that grows too large: cut */
        secret_append(&r->body, upload, *upload_size);
        /* the bytes sit in the connection's memory pool (libmicrohttpd's
         * read buffer); the library zeroes the read buffer once the whole
         * body is read, but a connection closed before that (an upload cut
         * off) frees the pool as it is (memorypool.c, MHD_pool_destroy):
         * consumed, the bytes are wiped here - the pool's memory is
         * writable, the library never reads consumed bytes again */
        explicit_bzero((void *)(uintptr_t)upload, *upload_size);
        *upload_size = 0;
        return r->body.oom ? MHD_NO : MHD_YES;
    }
    return route(s, c, url, post, &r->body);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    req *r = *con_cls;
    if (r) {
        wipe_buf(&r->body); /* a signing form's key and password go with it */
        free(r);
        *con_cls = NULL;
    }
}

/* A path of the token file, relative to its folder. */
static char *beside(const char *file, const char *v)
{
    if (v[0] == '/')
        return bc_strdup(v);
    const char *slash = strrchr(file, '/');
    return slash ? bc_strdup_printf("%.*s/%s", (int)(slash - file), file, v) : bc_strdup(v);
}

/* --ky-the TEP.yaml: which PKCS#11 token signs (the PIN comes with each
 * request): pkcs11: URI (required), module: the token's library,
 * anh-chu-ky: the signature image, tsa: a time-stamping URL. */
static bc_status load_token(bc_server *s, const char *path, bc_error *err)
{
    char *text = NULL;
    size_t len = 0;
    bc_yfile y = {0};
    bc_status st = bc_infile_read(path, BC_IN_REPORT, &text, &len, err);
    if (!st)
        st = bc_yfile_parse(text, len, path, &y, err);
    for (size_t i = 0; !st && i < y.n; i++) {
        const bc_yentry *e = &y.e[i];
        char **slot = !strcmp(e->path, "pkcs11")       ? &s->tok_uri
                      : !strcmp(e->path, "module")     ? &s->tok_module
                      : !strcmp(e->path, "anh-chu-ky") ? &s->tok_image
                      : !strcmp(e->path, "tsa")        ? &s->tok_tsa
                                                       : NULL;
        if (!slot || e->kind != BC_YV_SCALAR || !e->scalar || !*e->scalar)
            st = bc_error_set(err, BC_E_INPUT, path, e->key_line, e->key_column + 1,
                              slot ? "'%s' cần một giá trị (một dòng chữ)"
                                   : "khóa '%s' không dùng ở đây; tệp thẻ ký số chỉ có pkcs11 "
                                     "(URI của khóa, vd. 'pkcs11:token=UBND;object=ky-so'), "
                                     "module, anh-chu-ky, tsa",
                              e->path);
        else if (!(*slot = slot == &s->tok_module || slot == &s->tok_image
                               ? beside(path, e->scalar)
                               : bc_strdup(e->scalar)))
            st = bc_nomem(err);
    }
    if (!st && !s->tok_uri)
        st = bc_error_set(err, BC_E_INPUT, path, 1, 1,
                          "thiếu 'pkcs11:': URI của khóa trên thẻ ký số, vd. "
                          "'pkcs11:token=UBND;object=ky-so'");
    bc_yfile_free(&y);
    free(text);
    return st;
}

/* 32 random bytes as 64 hex digits. */
static bc_status random_hex(char out[65], bc_error *err)
{
    unsigned char rnd[32];
    size_t got = 0;
    while (got < sizeof rnd) {
        ssize_t k = getrandom(rnd + got, sizeof rnd - got, 0);
        if (k < 0 && errno != EINTR)
            return bc_error_set(err, BC_E_INTERNAL, NULL, 0, 0, "không lấy được số ngẫu nhiên: %s",
                                bc_errno_vi(errno));
        if (k > 0)
            got += (size_t)k;
    }
    for (size_t i = 0; i < sizeof rnd; i++)
        snprintf(out + 2 * i, 3, "%02x", rnd[i]);
    explicit_bzero(rnd, sizeof rnd);
    return BC_OK;
}

/* Where to listen: 127.0.0.1, or the one numeric address given (not a
 * wildcard: the Host check needs the name the browser uses). */
static bc_status listen_addr(const bc_serve_opts *o, struct sockaddr_storage *ss, bool *v6,
                             bc_error *err)
{
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *sin = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
    *v6 = false;
    if (!o->wide_addr) {
        sin->sin_family = AF_INET;
        sin->sin_port = htons((uint16_t)o->port);
        sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return BC_OK;
    }
    if (inet_pton(AF_INET, o->wide_addr, &sin->sin_addr) == 1) {
        sin->sin_family = AF_INET;
        sin->sin_port = htons((uint16_t)o->port);
        if (sin->sin_addr.s_addr != htonl(INADDR_ANY))
            return BC_OK;
    } else if (inet_pton(AF_INET6, o->wide_addr, &sin6->sin6_addr) == 1) {
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons((uint16_t)o->port);
        *v6 = true;
        if (!IN6_IS_ADDR_UNSPECIFIED(&sin6->sin6_addr))
            return BC_OK;
    } else {
        return bc_error_set(err, BC_E_USAGE, NULL, 0, 0,
                            "--mo-rong cần một địa chỉ IP của máy này (ví dụ 192.168.1.10), "
                            "không phải '%s'", o->wide_addr);
    }
    return bc_error_set(err, BC_E_USAGE, NULL, 0, 0,
                        "--mo-rong cần một địa chỉ IP cụ thể của máy này (ví dụ 192.168.1.10), "
                        "không phải '%s' (mọi địa chỉ): trang chỉ nhận đúng địa chỉ đã cho",
                        o->wide_addr);
}

bc_status bc_server_start(const bc_serve_opts *o, bc_server **out, bc_error *err)
{
    *out = NULL;
    struct sockaddr_storage ss;
    bool v6 = false;
    bc_status st = listen_addr(o, &ss, &v6, err);
    if (st)
        return st;
    bc_server *s = calloc(1, sizeof *s);
    if (!s)
        return bc_nomem(err);
    s->limit = o->upload_limit ? o->upload_limit : DEFAULT_UPLOAD_LIMIT;
    s->wide = o->wide_addr != NULL;
    char *data = NULL;
    st = bc_dynlib_open(BAOCAO_MHD_SONAME, "libmicrohttpd12", MHD_SYMS,
                        sizeof MHD_SYMS / sizeof MHD_SYMS[0], &s->mhd, &s->mhd_lib, err);
    if (!st)
        st = bc_ossl_open(&s->ossl, err);
    if (!st)
        st = random_hex(s->csrf, err);
    if (!st && s->wide)
        st = random_hex(s->token, err);
    if (!st)
        st = bc_ws_open(o->workspace, &s->ws, err);
    if (!st && o->token_config)
        st = load_token(s, o->token_config, err);
    if (!st)
        st = bc_data_dir_find(o->data_dir, &data, err);
    if (!st)
        st = bc_preview_set_new(data, o->dpi, &s->pv, err);
    free(data);
    if (st) {
        bc_server_stop(s);
        return st;
    }
    s->d = s->mhd.start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
                                MHD_USE_POLL | (v6 ? MHD_USE_IPv6 : 0),
                            (uint16_t)o->port, NULL, NULL, handle, s,
                            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
                            MHD_OPTION_NOTIFY_COMPLETED, completed, s,
                            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120,
                            MHD_OPTION_CONNECTION_LIMIT, (unsigned)64,
                            MHD_OPTION_END);
    if (!s->d) {
        bc_server_stop(s);
        return bc_error_set(err, BC_E_OUTPUT, NULL, 0, 0,
                            "không mở được cổng %u trên %s (cổng đang được dùng, hoặc địa chỉ "
                            "không phải của máy này?); hãy chọn cổng khác bằng --cong",
                            o->port, o->wide_addr ? o->wide_addr : "127.0.0.1");
    }
    const union MHD_DaemonInfo *info = s->mhd.get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : o->port;
    if (!s->wide) {
        snprintf(s->host[0], sizeof s->host[0], "127.0.0.1:%u", s->port);
        snprintf(s->host[1], sizeof s->host[1], "localhost:%u", s->port);
    } else {
        /* the address as the browser writes it: IPv6 in brackets */
        char a[INET6_ADDRSTRLEN];
        if (v6)
            inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, a, sizeof a);
        else
            inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, a, sizeof a);
        snprintf(s->host[0], sizeof s->host[0], v6 ? "[%s]:%u" : "%s:%u", a, s->port);
    }
    for (size_t i = 0; i < 2; i++)
        if (s->host[i][0])
            snprintf(s->origin[i], sizeof s->origin[i], "http://%s", s->host[i]);
    snprintf(s->url, sizeof s->url, "http://%s/%s%s", s->host[0], s->wide ? "?ma=" : "",
             s->wide ? s->token : "");
    *out = s;
    return BC_OK;
}

unsigned bc_server_port(const bc_server *s)
{
    return s->port;
}

const char *bc_server_url(const bc_server *s)
{
    return s->url;
}

void bc_server_stop(bc_server *s)
{
    if (!s)
        return;
    if (s->d)
        s->mhd.stop_daemon(s->d);
    bc_dynlib_close(s->mhd_lib);
    bc_ossl_close(&s->ossl);
    bc_preview_set_free(s->pv);
    bc_ws_free(s->ws);
    free(s->tok_uri);
    free(s->tok_module);
    free(s->tok_image);
    free(s->tok_tsa);
    explicit_bzero(s, sizeof *s);
    free(s);
}
