/* qpdflib.c - libqpdf's C API opened when first needed (qpdflib.h). */
#include "qpdflib.h"

#include <stddef.h>

#define SYM(f) {#f, offsetof(bc_qpdf, f)}

static const bc_dynsym syms[] = {
    SYM(qpdf_cleanup),
    SYM(qpdf_get_error),
    SYM(qpdf_get_error_full_text),
    SYM(qpdf_get_object_by_id),
    SYM(qpdf_get_page_n),
    SYM(qpdf_get_root),
    SYM(qpdf_get_trailer),
    SYM(qpdf_has_error),
    SYM(qpdf_init),
    SYM(qpdf_oh_get_array_item),
    SYM(qpdf_oh_get_array_n_items),
    SYM(qpdf_oh_get_binary_string_value),
    SYM(qpdf_oh_get_dict),
    SYM(qpdf_oh_get_int_value),
    SYM(qpdf_oh_get_key),
    SYM(qpdf_oh_get_numeric_value),
    SYM(qpdf_oh_get_object_id),
    SYM(qpdf_oh_get_stream_data),
    SYM(qpdf_oh_get_utf8_value),
    SYM(qpdf_oh_has_key),
    SYM(qpdf_oh_is_array),
    SYM(qpdf_oh_is_dictionary),
    SYM(qpdf_oh_is_indirect),
    SYM(qpdf_oh_is_integer),
    SYM(qpdf_oh_is_name_and_equals),
    SYM(qpdf_oh_is_null),
    SYM(qpdf_oh_is_stream),
    SYM(qpdf_oh_is_string),
    SYM(qpdf_oh_new_dictionary),
    SYM(qpdf_oh_new_integer),
    SYM(qpdf_oh_new_name),
    SYM(qpdf_oh_new_string),
    SYM(qpdf_oh_new_unicode_string),
    SYM(qpdf_oh_release),
    SYM(qpdf_oh_remove_key),
    SYM(qpdf_oh_replace_key),
    SYM(qpdf_oh_unparse),
    SYM(qpdf_oh_unparse_resolved),
    SYM(qpdf_read_memory),
    SYM(qpdf_set_suppress_warnings),
    SYM(qpdf_silence_errors),
};

bc_status bc_qpdf_open(bc_qpdf *q, bc_error *err)
{
    return bc_dynlib_open_table(BAOCAO_QPDF_SONAME, "libqpdf29", syms, sizeof syms / sizeof *syms,
                                q, sizeof *q, err);
}

void bc_qpdf_close(bc_qpdf *q)
{
    bc_dynlib_close_table(q, sizeof *q);
}
