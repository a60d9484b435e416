/* fonts.c - private fontconfig + Pango context set-up. */
#include "fonts.h"

#include <cairo.h>
#include <dirent.h>
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fontcheck.h"
#include "text.h"
#include "wordcache.h"

struct bc_fonts {
    PangoFontMap *map;
    PangoContext *ctx;
    char *family;
    char *warning;          /* a system font skipped, or NULL */
    char *files[4];         /* regular, bold, italic, bold italic */
    FcCharSet *coverage;    /* characters of the regular face */
    double ascent, descent; /* em */
    bc_wordcache *words;
};

static int style_index(bool bold, bool italic) { return (bold ? 1 : 0) + (italic ? 2 : 0); }

/* Finds the four faces of family in cfg; fills files[] on success. */
static bool find_family(FcConfig *cfg, const char *family, char *files[4], FcCharSet **cov)
{
    FcPattern *pat = FcPatternCreate();
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    FcObjectSet *os = FcObjectSetBuild(FC_FILE, FC_WEIGHT, FC_SLANT, FC_CHARSET, FC_FAMILY, NULL);
    FcFontSet *fs = FcFontList(cfg, pat, os);
    FcObjectSetDestroy(os);
    FcPatternDestroy(pat);
    bool found[4] = {false, false, false, false};
    char *tmp[4] = {NULL, NULL, NULL, NULL};
    FcCharSet *regular_cov = NULL;
    /* Vietnamese check: a few letters only Vietnamese fonts have. */
    static const FcChar32 probe[] = {0x1EA0, 0x1EB7, 0x1EC7, 0x1ED9, 0x1EE3, 0x1EF1, 0x1EF9, 0x0111,
                                     0x01A1, 0x01B0};
    for (int i = 0; fs && i < fs->nfont; i++) {
        FcChar8 *file;
        int weight = FC_WEIGHT_REGULAR, slant = FC_SLANT_ROMAN;
        FcCharSet *cs = NULL;
        if (FcPatternGetString(fs->fonts[i], FC_FILE, 0, &file) != FcResultMatch)
            continue;
        FcPatternGetInteger(fs->fonts[i], FC_WEIGHT, 0, &weight);
        FcPatternGetInteger(fs->fonts[i], FC_SLANT, 0, &slant);
        FcPatternGetCharSet(fs->fonts[i], FC_CHARSET, 0, &cs);
        bool vi = cs != NULL;
        for (size_t k = 0; vi && k < sizeof probe / sizeof probe[0]; k++)
            vi = FcCharSetHasChar(cs, probe[k]);
        if (!vi)
            continue;
        int idx = style_index(weight >= FC_WEIGHT_BOLD, slant != FC_SLANT_ROMAN);
        if (found[idx])
            continue;
        found[idx] = true;
        tmp[idx] = bc_strdup((const char *)file);
        if (idx == 0)
            regular_cov = FcCharSetCopy(cs);
    }
    if (fs)
        FcFontSetDestroy(fs);
    bool all = found[0] && found[1] && found[2] && found[3];
    for (int i = 0; i < 4; i++) {
        if (all)
            files[i] = tmp[i];
        else
            free(tmp[i]);
    }
    if (all)
        *cov = regular_cov;
    else if (regular_cov)
        FcCharSetDestroy(regular_cov);
    return all;
}

/* What the expensive part of the set-up found: the files of the private
 * configuration (in the order they are added), their fontconfig patterns
 * and the family chosen. */
struct bc_font_choice {
    char **added;           /* font files added to the configuration, in order */
    size_t nadded;
    FcFontSet *patterns;    /* the configuration's fonts (NULL: add the files) */
    char *font_dir;
    char *cache_dir;        /* fontconfig cache of font_dir, or NULL */
    char *family;
    char *warning;          /* a system font skipped, or NULL */
};

static bool is_ttf(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && (!strcmp(name + n - 4, ".ttf") || !strcmp(name + n - 4, ".TTF"));
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The cache folder for the fonts of dir as they are now: under
 * $XDG_CACHE_HOME/baocao/fontconfig (or ~/.cache/...), named by a hash of
 * every .ttf's name, size, time and inode, so a font replaced in place (the
 * folder's time unchanged, which is all fontconfig's own check looks at)
 * gets a fresh cache. NULL when there is no home for it or the path cannot
 * be written into fontconfig's configuration as is; then the fonts are read
 * every time, as without a cache. names: the .ttf files of dir, sorted. */
static char *cache_dir_for(const char *dir, char *const *names, size_t n)
{
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    char *base = NULL;
    if (xdg && xdg[0] == '/')
        base = bc_strdup_printf("%s/baocao/fontconfig", xdg);
    else if (home && home[0] == '/')
        base = bc_strdup_printf("%s/.cache/baocao/fontconfig", home);
    if (!base)
        return NULL;
    uint64_t h = 1469598103934665603ULL; /* FNV-1a 64 */
#define MIX(p, len)                                                                                \
    for (size_t mix_i = 0; mix_i < (len); mix_i++)                                                 \
        h = (h ^ ((const unsigned char *)(p))[mix_i]) * 1099511628211ULL;
    MIX(dir, strlen(dir) + 1);
    for (size_t i = 0; i < n; i++) {
        char *p = bc_strdup_printf("%s/%s", dir, names[i]);
        struct stat sb;
        if (!p || stat(p, &sb) != 0) {
            free(p);
            free(base);
            return NULL;
        }
        free(p);
        int64_t v[5] = {(int64_t)sb.st_size, (int64_t)sb.st_mtim.tv_sec,
                        (int64_t)sb.st_mtim.tv_nsec, (int64_t)sb.st_ino, (int64_t)sb.st_dev};
        MIX(names[i], strlen(names[i]) + 1);
        MIX(v, sizeof v);
    }
#undef MIX
    char *cd = bc_strdup_printf("%s/%016llx", base, (unsigned long long)h);
    free(base);
    for (const char *p = cd; p && *p; p++)
        if ((unsigned char)*p < 0x20 || strchr("&<>\"'", *p)) {
            free(cd);
            return NULL;
        }
    /* Made here, and used only when writable: fontconfig complains on
     * stderr about a cache it cannot write. */
    for (char *p = cd ? strchr(cd + 1, '/') : NULL; cd; p = strchr(p + 1, '/')) {
        if (p)
            *p = '\0';
        bool made = mkdir(cd, 0755) == 0 || errno == EEXIST;
        if (p)
            *p = '/';
        if (!made || !p)
            break;
    }
    if (cd && access(cd, W_OK | X_OK) != 0) {
        free(cd);
        return NULL;
    }
    return cd;
}

/* A configuration that keeps its font caches in cache_dir (none: NULL). */
static FcConfig *config_new(const char *cache_dir)
{
    FcConfig *cfg = FcConfigCreate();
    if (cfg && cache_dir) {
        char *xml = bc_strdup_printf("<fontconfig><cachedir>%s</cachedir></fontconfig>", cache_dir);
        if (!xml || !FcConfigParseAndLoadFromMemory(cfg, (const FcChar8 *)xml, FcFalse)) {
            FcConfigDestroy(cfg);
            cfg = NULL;
        }
        free(xml);
    }
    return cfg;
}

/* The application font set of cfg holding fonts (referenced, in order)
 * after dir's fonts were loaded through the cache; false when fontconfig
 * made no set (then the caller adds the files one by one). */
static bool config_set_fonts(FcConfig *cfg, const char *dir, const FcFontSet *fonts)
{
    FcConfigAppFontAddDir(cfg, (const FcChar8 *)dir);
    FcFontSet *app = FcConfigGetFonts(cfg, FcSetApplication);
    if (!app)
        return false;
    for (int i = 0; i < app->nfont; i++)
        FcPatternDestroy(app->fonts[i]);
    app->nfont = 0;
    for (int i = 0; i < fonts->nfont; i++) {
        FcPatternReference(fonts->fonts[i]);
        if (!FcFontSetAdd(app, fonts->fonts[i])) {
            FcPatternDestroy(fonts->fonts[i]);
            return false;
        }
    }
    return true;
}

static bool choice_add(bc_font_choice *c, FcConfig *cfg, const char *file)
{
    char **grown = realloc(c->added, (c->nadded + 1) * sizeof *grown);
    if (!grown)
        return false;
    c->added = grown;
    if (!(c->added[c->nadded] = bc_strdup(file)))
        return false;
    c->nadded++;
    return FcConfigAppFontAddFile(cfg, (const FcChar8 *)file);
}

/* The patterns of dir's fonts named in names[], read through fontconfig's
 * cache in cache_dir (made when missing or stale): the same patterns as
 * FcConfigAppFontAddFile gives each file, every face of each file in
 * names' order, renamed to paths[i] (the path as given). NULL when
 * fontconfig gave nothing (*oom when out of memory). */
static FcFontSet *cached_patterns(const char *dir, const char *cache_dir, char *const *names,
                                  char *const *paths, size_t n, bool *oom)
{
    FcConfig *cfg = config_new(cache_dir);
    FcChar8 *canon = FcStrCopyFilename((const FcChar8 *)dir);
    FcFontSet *found = FcFontSetCreate();
    FcFontSet *app = NULL;
    if (cfg && canon && found) {
        FcConfigAppFontAddDir(cfg, (const FcChar8 *)dir);
        app = FcConfigGetFonts(cfg, FcSetApplication);
    } else {
        *oom = true;
    }
    for (size_t i = 0; app && i < n && !*oom; i++) {
        char *canon_path = bc_strdup_printf("%s/%s", (const char *)canon, names[i]);
        if (!canon_path)
            *oom = true;
        for (int k = 0; !*oom && k < app->nfont; k++) {
            FcChar8 *file;
            if (FcPatternGetString(app->fonts[k], FC_FILE, 0, &file) != FcResultMatch ||
                strcmp((const char *)file, canon_path) != 0)
                continue;
            FcPattern *p = FcPatternDuplicate(app->fonts[k]);
            if (!p || !FcPatternDel(p, FC_FILE) ||
                !FcPatternAddString(p, FC_FILE, (const FcChar8 *)paths[i]) ||
                !FcFontSetAdd(found, p)) {
                if (p)
                    FcPatternDestroy(p);
                *oom = true;
            }
        }
        free(canon_path);
    }
    if (canon)
        FcStrFree(canon);
    if (cfg)
        FcConfigDestroy(cfg);
    if (found && (*oom || !app)) {
        FcFontSetDestroy(found);
        found = NULL;
    }
    return found;
}

/* The shipped fonts of dir (its .ttf files, in name order) in *cfgp's
 * application set: from fontconfig's cache of dir when there is a place
 * for one (cache_dir_for), else each file read (FcConfigAppFontAddFile);
 * false when none. */
static bool add_dir_fonts(bc_font_choice *c, FcConfig **cfgp, const char *dir, bool *oom)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!is_ttf(e->d_name))
            continue;
        char **grown = realloc(names, (n + 1) * sizeof *grown);
        if (grown)
            names = grown;
        if (!grown || !(names[n] = bc_strdup(e->d_name))) {
            *oom = true;
            break;
        }
        n++;
    }
    closedir(d);
    bool any = false;
    char **paths = n && !*oom ? calloc(n, sizeof *paths) : NULL;
    if (n && !*oom && !paths)
        *oom = true;
    if (paths) {
        qsort(names, n, sizeof *names, cmp_str);
        for (size_t i = 0; i < n && !*oom; i++)
            if (!(paths[i] = bc_strdup_printf("%s/%s", dir, names[i])))
                *oom = true;
    }
    if (paths && !*oom)
        c->cache_dir = cache_dir_for(dir, names, n);
    FcFontSet *cached = NULL;
    if (c->cache_dir && !*oom)
        cached = cached_patterns(dir, c->cache_dir, names, paths, n, oom);
    if (cached) {
        FcConfig *cfg = config_new(c->cache_dir);
        if (cfg && config_set_fonts(cfg, dir, cached)) {
            FcConfigDestroy(*cfgp);
            *cfgp = cfg;
            any = cached->nfont > 0;
            /* The files in the order they were added (a damaged one is left
             * out of the patterns as FcConfigAppFontAddFile leaves it out). */
            for (size_t i = 0; i < n && !*oom; i++) {
                char **grown = realloc(c->added, (c->nadded + 1) * sizeof *grown);
                if (!grown) {
                    *oom = true;
                    break;
                }
                c->added = grown;
                c->added[c->nadded++] = paths[i];
                paths[i] = NULL;
            }
        } else {
            if (cfg)
                FcConfigDestroy(cfg);
            FcFontSetDestroy(cached);
            cached = NULL;
            free(c->cache_dir);
            c->cache_dir = NULL;
        }
    }
    if (!cached && paths && !*oom) {
        /* No cache: the files one by one. */
        for (size_t i = 0; i < n; i++) {
            size_t before = c->nadded;
            if (choice_add(c, *cfgp, paths[i]))
                any = true;
            else if (c->nadded == before)
                *oom = true;
        }
    }
    if (cached)
        FcFontSetDestroy(cached);
    for (size_t i = 0; paths && i < n; i++)
        free(paths[i]);
    free(paths);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return any;
}

void bc_font_choice_free(bc_font_choice *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nadded; i++)
        free(c->added[i]);
    free(c->added);
    if (c->patterns)
        FcFontSetDestroy(c->patterns);
    free(c->font_dir);
    free(c->cache_dir);
    free(c->family);
    free(c->warning);
    free(c);
}

const char *bc_font_choice_warning(const bc_font_choice *c) { return c->warning; }

bc_status bc_font_choice_new(const char *font_dir, const char *const *families, bool system_fonts,
                             bc_font_choice **out, bc_error *err)
{
    bc_font_choice *c = calloc(1, sizeof *c);
    FcConfig *cfg = c ? FcConfigCreate() : NULL;
    if (!cfg || !(c->font_dir = bc_strdup(font_dir))) {
        if (cfg)
            FcConfigDestroy(cfg);
        bc_font_choice_free(c);
        return bc_nomem(err);
    }
    bool oom = false;
    bool shipped = add_dir_fonts(c, &cfg, font_dir, &oom);

    /* Preferred families from the system (e.g. Times New Roman), added to
     * the private configuration file by file. The system configuration is
     * loaded (its XML parsed) only here, when the layout allows system fonts. */
    if (system_fonts && !oom) {
        FcConfig *sys = FcInitLoadConfigAndFonts();
        for (size_t i = 0; sys && families[i]; i++) {
            char *files[4] = {NULL, NULL, NULL, NULL};
            FcCharSet *cs = NULL;
            if (!find_family(sys, families[i], files, &cs))
                continue;
            /* A damaged system font (a copy from another machine) is checked
             * here, before Pango or libharu reads it, and skipped: the
             * shipped font is used for both the official copy and drafts. */
            bc_error ferr = BC_ERROR_INIT;
            bool sound = true;
            for (int k = 0; k < 4 && sound; k++)
                sound = bc_fontcheck_file(files[k], &ferr) == BC_OK;
            if (!sound && !c->warning)
                c->warning = bc_strdup_printf("%s: %s; bỏ qua phông %s của máy, dùng phông kèm "
                                              "theo thay thế (hãy cài lại phông %s)",
                                              ferr.file ? ferr.file : "?",
                                              ferr.message ? ferr.message : "", families[i],
                                              families[i]);
            bc_error_clear(&ferr);
            if (!sound) {
                for (int k = 0; k < 4; k++)
                    free(files[k]);
                FcCharSetDestroy(cs);
                continue;
            }
            /* Never take Liberation Serif from the system: 1.x lacks Vietnamese
             * (find_family checks coverage, but the shipped 2.1 is preferred). */
            if (strcmp(families[i], "Liberation Serif") != 0)
                for (int k = 0; k < 4; k++) {
                    size_t before = c->nadded;
                    choice_add(c, cfg, files[k]);
                    if (c->nadded == before)
                        oom = true;
                }
            for (int k = 0; k < 4; k++)
                free(files[k]);
            FcCharSetDestroy(cs);
            break;
        }
        if (sys)
            FcConfigDestroy(sys);
    }
    if (oom) {
        FcConfigDestroy(cfg);
        bc_font_choice_free(c);
        return bc_nomem(err);
    }
    char *files[4] = {NULL, NULL, NULL, NULL};
    for (size_t i = 0; families[i] && !c->family; i++) {
        FcCharSet *cov = NULL;
        if (find_family(cfg, families[i], files, &cov)) {
            c->family = bc_strdup(families[i]);
            FcCharSetDestroy(cov);
        }
    }
    /* The configuration's fonts, for every thread's own configuration. */
    FcFontSet *app = FcConfigGetFonts(cfg, FcSetApplication);
    if (app && c->family && (c->patterns = FcFontSetCreate()))
        for (int i = 0; i < app->nfont; i++) {
            FcPatternReference(app->fonts[i]);
            if (!FcFontSetAdd(c->patterns, app->fonts[i])) {
                FcPatternDestroy(app->fonts[i]);
                FcFontSetDestroy(c->patterns);
                c->patterns = NULL;
                break;
            }
        }
    FcConfigDestroy(cfg);
    if (!c->family) {
        bc_font_choice_free(c);
        return bc_error_set(err, BC_E_FONT, NULL, 0, 0,
                            "không tìm thấy phông chữ đủ 4 kiểu (thường, đậm, nghiêng, đậm "
                            "nghiêng) có đủ chữ tiếng Việt trong %s%s; hãy cài Times New Roman "
                            "hoặc chép các tệp LiberationSerif-*.ttf (bản 2.1) vào thư mục đó",
                            font_dir, shipped ? "" : " (thư mục không có tệp .ttf nào)");
    }
    /* The chosen files are checked too (a damaged shipped font is an error). */
    bc_status st = BC_OK;
    for (int k = 0; k < 4; k++) {
        if (!st)
            st = bc_fontcheck_file(files[k], err);
        free(files[k]);
    }
    if (st) {
        bc_font_choice_free(c);
        return st;
    }
    *out = c;
    return BC_OK;
}

/* Pango 1.50 runs FcInit() - fontconfig's default configuration: the
 * system's XML files parsed, ~25 M instructions - on a thread of its own
 * when the process's first font map is made, and waits for it before the
 * first text, although baocao's font maps never use that configuration.
 * With fc_default_unused (the caller's word that the program does not use
 * fontconfig's default configuration itself), an empty configuration is
 * the default while the font map starts (default_empty_begin), and the
 * default is unset again after its first text (default_unset): a later
 * user of the default configuration gets the system's, loaded then as
 * always. Pango's start happens once per process; later font maps do not
 * wait, and the swap costs a few thousand instructions. */
static bool default_empty_begin(void)
{
    FcConfig *empty = FcConfigCreate();
    bool ok = empty && FcConfigSetCurrent(empty); /* takes its own reference */
    if (empty)
        FcConfigDestroy(empty);
    return ok;
}

static void default_unset(void) { FcConfigSetCurrent(NULL); }

bc_status bc_fonts_new_from_choice(const bc_font_choice *c, bool fc_default_unused,
                                   bc_fonts **out, bc_error *err)
{
    /* The choice's patterns through the font folder's cache (no file is
     * read again), else the files added one by one. */
    FcConfig *cfg = c->patterns && c->cache_dir ? config_new(c->cache_dir) : NULL;
    if (cfg && !config_set_fonts(cfg, c->font_dir, c->patterns)) {
        FcConfigDestroy(cfg);
        cfg = NULL;
    }
    if (!cfg && (cfg = FcConfigCreate()))
        for (size_t i = 0; i < c->nadded; i++)
            FcConfigAppFontAddFile(cfg, (const FcChar8 *)c->added[i]);
    bc_fonts *f = cfg ? calloc(1, sizeof *f) : NULL;
    if (!f) {
        if (cfg)
            FcConfigDestroy(cfg);
        return bc_nomem(err);
    }
    f->family = bc_strdup(c->family);
    if (!f->family || !find_family(cfg, c->family, f->files, &f->coverage)) {
        /* the files changed since the choice was made */
        FcConfigDestroy(cfg);
        bc_fonts_free(f);
        return bc_error_set(err, BC_E_FONT, NULL, 0, 0,
                            "không còn đọc được phông %s đã chọn lúc khởi tạo; hãy chạy lại",
                            c->family);
    }

    bool swapped = fc_default_unused && default_empty_begin();
    f->map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    if (!f->map) {
        if (swapped)
            default_unset();
        FcConfigDestroy(cfg);
        bc_fonts_free(f);
        return bc_error_set(err, BC_E_FONT, NULL, 0, 0, "Pango không hỗ trợ phông FreeType");
    }
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(f->map), cfg);
    FcConfigDestroy(cfg); /* the font map holds its own reference */
    pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(f->map), 72.0);
    f->ctx = pango_font_map_create_context(f->map);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(f->ctx, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_round_glyph_positions(f->ctx, FALSE);
    pango_context_set_language(f->ctx, pango_language_from_string("vi"));
    PangoFontDescription *desc = bc_fonts_desc(f, 100, false, false);
    PangoFontMetrics *m = pango_context_get_metrics(f->ctx, desc, NULL);
    f->ascent = pango_font_metrics_get_ascent(m) / (100.0 * PANGO_SCALE);
    f->descent = pango_font_metrics_get_descent(m) / (100.0 * PANGO_SCALE);
    pango_font_metrics_unref(m);
    pango_font_description_free(desc);
    if (swapped) /* the first text waited for Pango's FcInit: it is done */
        default_unset();
    f->words = bc_wordcache_new(f->ctx);
    if (!f->words) {
        bc_fonts_free(f);
        return bc_nomem(err);
    }
    *out = f;
    return BC_OK;
}

bc_status bc_fonts_new(const char *font_dir, const char *const *families, bool system_fonts,
                       bool fc_default_unused, bc_fonts **out, bc_error *err)
{
    bc_font_choice *c = NULL;
    bc_status st = bc_font_choice_new(font_dir, families, system_fonts, &c, err);
    if (st)
        return st;
    st = bc_fonts_new_from_choice(c, fc_default_unused, out, err);
    if (!st && c->warning) {
        (*out)->warning = c->warning;
        c->warning = NULL;
    }
    bc_font_choice_free(c);
    return st;
}

bool bc_fonts_default_config_empty(void)
{
    FcConfig *cfg = FcConfigCreate();
    if (!cfg)
        return false;
    bool ok = FcConfigSetCurrent(cfg); /* takes its own reference */
    FcConfigDestroy(cfg);
    return ok;
}

void bc_fonts_free(bc_fonts *f)
{
    if (!f)
        return;
    bc_wordcache_free(f->words);
    if (f->ctx)
        g_object_unref(f->ctx);
    if (f->map) {
        /* Releases the font map's fontconfig objects even if a cache still
         * holds a reference to the map. */
        pango_fc_font_map_shutdown(PANGO_FC_FONT_MAP(f->map));
        g_object_unref(f->map);
    }
    for (int i = 0; i < 4; i++)
        free(f->files[i]);
    if (f->coverage)
        FcCharSetDestroy(f->coverage);
    free(f->family);
    free(f->warning);
    free(f);
}

const char *bc_fonts_family(const bc_fonts *f) { return f->family; }

const char *bc_fonts_warning(const bc_fonts *f) { return f->warning; }

bc_wordcache *bc_fonts_wordcache(bc_fonts *f) { return f->words; }

void bc_fonts_metrics(const bc_fonts *f, double *ascent, double *descent)
{
    *ascent = f->ascent;
    *descent = f->descent;
}

PangoContext *bc_fonts_context(bc_fonts *f) { return f->ctx; }

const char *bc_fonts_file(const bc_fonts *f, bool bold, bool italic)
{
    return f->files[style_index(bold, italic)];
}

PangoFontDescription *bc_fonts_desc(const bc_fonts *f, double size, bool bold, bool italic)
{
    PangoFontDescription *d = pango_font_description_new();
    pango_font_description_set_family(d, f->family);
    pango_font_description_set_size(d, (gint)(size * PANGO_SCALE + 0.5));
    pango_font_description_set_weight(d, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(d, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    return d;
}

bc_status bc_fonts_check_text(bc_fonts *f, const char *text, const char *file, int line,
                              bc_error *err)
{
    int col = 1;
    for (const char *p = text; *p;) {
        int32_t cp;
        p += bc_utf8_decode(p, &cp);
        if (cp == '\n') {
            line++;
            col = 1;
            continue;
        }
        if (cp >= 0x20 && !FcCharSetHasChar(f->coverage, (FcChar32)cp)) {
            char enc[5] = {0};
            bc_utf8_encode(cp, enc);
            return bc_error_set(err, BC_E_FONT, file, line, line ? col : 0,
                                "phông %s không có ký tự '%s' (U+%04X); hãy thay ký tự này "
                                "hoặc dùng phông có đủ ký tự",
                                f->family, enc, (unsigned)cp);
        }
        col++;
    }
    return BC_OK;
}

int32_t bc_fonts_first_missing(const bc_fonts *f, const char *text)
{
    for (const char *p = text; p && *p;) {
        int32_t cp;
        p += bc_utf8_decode(p, &cp);
        if (cp >= 0x20 && !FcCharSetHasChar(f->coverage, (FcChar32)cp))
            return cp;
    }
    return 0;
}
