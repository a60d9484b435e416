/* assets.h - the web page's files (src/serve/www/: page, script, style,
 * report templates), compiled into the program as bytes by CMakeLists.txt
 * (generated/serve_www.c), so "baocao serve" needs no internet and no file
 * beside the program.
 *
 * Ownership: every asset is static data (borrowed, never freed). */
#ifndef BC_SERVE_ASSETS_H
#define BC_SERVE_ASSETS_H

#include <stddef.h>

typedef struct bc_asset {
    const char *name;          /* file name in src/serve/www/ */
    const unsigned char *data; /* NUL-terminated (the NUL is not counted) */
    size_t len;
} bc_asset;

/* The table, ended by an entry with name NULL (generated). */
extern const bc_asset bc_assets[];

/* The asset called name, or NULL. */
const bc_asset *bc_asset_find(const char *name);
/* The Content-Type for a file name by its extension ("text/html;
 * charset=utf-8", ...; "application/octet-stream" when unknown). Static. */
const char *bc_asset_mime(const char *name);

#endif
