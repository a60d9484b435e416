/* sign.h - the signing step shared by bc_sign_pdf and a render that signs
 * its official copy at once (bc_render_opts.sign). */
#ifndef BC_API_SIGN_H
#define BC_API_SIGN_H

#include <stddef.h>

#include "baocao.h"

/* The options' struct_size and key source. */
bc_status bc_sign_check_opts(const bc_sign_opts *o, bc_error *err);

/* Signs pdf[0..len) (named input in messages) as o says and writes the
 * result to output (all or nothing). */
bc_status bc_sign_bytes(const char *input, const char *pdf, size_t len, const bc_sign_opts *o,
                        const char *output, bc_error *err);

#endif
