/* assets.c - looking up the page's compiled-in files (assets.h). */
#include "assets.h"

#include <stdbool.h>
#include <string.h>

const bc_asset *bc_asset_find(const char *name)
{
    for (const bc_asset *a = bc_assets; a->name; a++)
        if (!strcmp(a->name, name))
            return a;
    return NULL;
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && !strcmp(s + n - m, tail);
}

const char *bc_asset_mime(const char *name)
{
    static const struct {
        const char *ext, *mime;
    } TABLE[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".png", "image/png"},
        {".pdf", "application/pdf"},
        {".svg", "image/svg+xml"},
        {".csv", "text/csv; charset=utf-8"},
        {".yaml", "text/plain; charset=utf-8"},
        {".md", "text/plain; charset=utf-8"},
        {".txt", "text/plain; charset=utf-8"},
        {".json", "application/json; charset=utf-8"},
    };
    for (size_t i = 0; i < sizeof TABLE / sizeof TABLE[0]; i++)
        if (ends_with(name, TABLE[i].ext))
            return TABLE[i].mime;
    return "application/octet-stream";
}
