/* httpd.h - "baocao serve": the local web page's HTTP server
 * (libmicrohttpd), its routes and its safety checks.
 *
 * The server listens on 127.0.0.1 only (or, with opts.wide_addr, on that
 * one address of this machine: "--mo-rong"), one thread per connection, so
 * page images, file reads and the report list are served while a render
 * runs. Every request is checked before anything else:
 *   - with wide_addr, the access token (a random per-run secret in the
 *     address printed, kept by the browser as an HttpOnly cookie, or sent
 *     as header X-Baocao-Ma), compared in constant time; without it 403
 *     and a Vietnamese page;
 *   - Host must be 127.0.0.1:PORT or localhost:PORT (with wide_addr:
 *     ADDR:PORT; a web site that points its own name at this machine -
 *     DNS rebinding - is refused, 421);
 *   - a change (POST) must carry the page's CSRF token in the header
 *     X-CSRF-Token (a random per-run secret written into the page), and an
 *     Origin, when sent, must be the server's own (403);
 *   - a body larger than the upload limit is refused from its
 *     Content-Length before it is read (413);
 *   - every name in a path or query is one component checked by
 *     workspace.h (no "..", no "/", no symlink out of the workspace).
 * Answers are JSON (json.h), page images and PDFs; the page itself and its
 * script and style are compiled in (assets.h). Files on disk stay the
 * source of truth: saving the form edits report.yaml in place
 * (yamledit.h), the narrative and data files are written whole (outfile.h),
 * then the report is rendered again (preview.h).
 *
 * Ownership: the server is the caller's (bc_server_stop frees it). */
#ifndef BC_SERVE_HTTPD_H
#define BC_SERVE_HTTPD_H

#include <stddef.h>

#include "error.h"

typedef struct bc_serve_opts {
    const char *workspace;  /* folder of report folders (required) */
    unsigned port;          /* 0 = a free port chosen by the system */
    const char *data_dir;   /* layouts/ and fonts/; NULL = bc_data_dir_find */
    size_t upload_limit;    /* bytes of one request body; 0 = 20 MiB */
    double dpi;             /* page images; 0 = 70 */
    const char *token_config; /* a YAML file naming the PKCS#11 token that signs
                               (pkcs11: URI, module:, anh-chu-ky:, tsa:), read at
                               start; NULL = signing with an uploaded .p12 only */
    const char *wide_addr;  /* listen on this IPv4/IPv6 address of the machine instead
                               of 127.0.0.1, every request needing the access token;
                               NULL = loopback, no token */
} bc_serve_opts;

typedef struct bc_server bc_server;

/* Starts listening (threads of its own) and returns. Errors: BC_E_USAGE
 * (workspace; wide_addr not a numeric address or a wildcard), BC_E_INPUT
 * (token_config: unreadable, unknown key, no pkcs11), BC_E_FONT (no data folder), BC_E_OUTPUT (port taken or
 * cannot listen). */
bc_status bc_server_start(const bc_serve_opts *o, bc_server **out, bc_error *err);
/* The port it listens on. */
unsigned bc_server_port(const bc_server *s);
/* The address to open in a browser (borrowed): http://127.0.0.1:PORT/, or
 * with wide_addr http://ADDR:PORT/?ma=TOKEN. */
const char *bc_server_url(const bc_server *s);
/* Stops (waits for running requests) and frees. NULL is fine. */
void bc_server_stop(bc_server *s);

#endif
