/* qpdflib.h - libqpdf's C API opened when a command first needs it
 * (dynlib.h), not by the dynamic loader at every start: an ordinary
 * render finishes its PDF with our own reader (pdfobj.h) and never loads
 * qpdf (nor the C++ run-time and GnuTLS it brings). Signing, checking
 * signatures and libharu's drafts open it.
 *
 * A file that calls qpdf defines BC_QPDF_CALLS before including this
 * header and BC_QPDF as an expression naming its table (a const bc_qpdf *
 * in scope, e.g. "qa"): each qpdf_xxx(...) call then goes through the
 * table, as written. Ownership: the table is the caller's (bc_qpdf_close);
 * its functions are valid until then. No global state. */
#ifndef BC_QPDFLIB_H
#define BC_QPDFLIB_H

#include <qpdf/qpdf-c.h>

#include "dynlib.h"
#include "error.h"

typedef struct bc_qpdf {
    bc_dynlib *lib; /* first: bc_dynlib_open_table */
    __typeof__(qpdf_cleanup) *qpdf_cleanup;
    __typeof__(qpdf_get_error) *qpdf_get_error;
    __typeof__(qpdf_get_error_full_text) *qpdf_get_error_full_text;
    __typeof__(qpdf_get_object_by_id) *qpdf_get_object_by_id;
    __typeof__(qpdf_get_page_n) *qpdf_get_page_n;
    __typeof__(qpdf_get_root) *qpdf_get_root;
    __typeof__(qpdf_get_trailer) *qpdf_get_trailer;
    __typeof__(qpdf_has_error) *qpdf_has_error;
    __typeof__(qpdf_init) *qpdf_init;
    __typeof__(qpdf_oh_get_array_item) *qpdf_oh_get_array_item;
    __typeof__(qpdf_oh_get_array_n_items) *qpdf_oh_get_array_n_items;
    __typeof__(qpdf_oh_get_binary_string_value) *qpdf_oh_get_binary_string_value;
    __typeof__(qpdf_oh_get_dict) *qpdf_oh_get_dict;
    __typeof__(qpdf_oh_get_int_value) *qpdf_oh_get_int_value;
    __typeof__(qpdf_oh_get_key) *qpdf_oh_get_key;
    __typeof__(qpdf_oh_get_numeric_value) *qpdf_oh_get_numeric_value;
    __typeof__(qpdf_oh_get_object_id) *qpdf_oh_get_object_id;
    __typeof__(qpdf_oh_get_stream_data) *qpdf_oh_get_stream_data;
    __typeof__(qpdf_oh_get_utf8_value) *qpdf_oh_get_utf8_value;
    __typeof__(qpdf_oh_has_key) *qpdf_oh_has_key;
    __typeof__(qpdf_oh_is_array) *qpdf_oh_is_array;
    __typeof__(qpdf_oh_is_dictionary) *qpdf_oh_is_dictionary;
    __typeof__(qpdf_oh_is_indirect) *qpdf_oh_is_indirect;
    __typeof__(qpdf_oh_is_integer) *qpdf_oh_is_integer;
    __typeof__(qpdf_oh_is_name_and_equals) *qpdf_oh_is_name_and_equals;
    __typeof__(qpdf_oh_is_null) *qpdf_oh_is_null;
    __typeof__(qpdf_oh_is_stream) *qpdf_oh_is_stream;
    __typeof__(qpdf_oh_is_string) *qpdf_oh_is_string;
    __typeof__(qpdf_oh_new_dictionary) *qpdf_oh_new_dictionary;
    __typeof__(qpdf_oh_new_integer) *qpdf_oh_new_integer;
    __typeof__(qpdf_oh_new_name) *qpdf_oh_new_name;
    __typeof__(qpdf_oh_new_string) *qpdf_oh_new_string;
    __typeof__(qpdf_oh_new_unicode_string) *qpdf_oh_new_unicode_string;
    __typeof__(qpdf_oh_release) *qpdf_oh_release;
    __typeof__(qpdf_oh_remove_key) *qpdf_oh_remove_key;
    __typeof__(qpdf_oh_replace_key) *qpdf_oh_replace_key;
    __typeof__(qpdf_oh_unparse) *qpdf_oh_unparse;
    __typeof__(qpdf_oh_unparse_resolved) *qpdf_oh_unparse_resolved;
    __typeof__(qpdf_read_memory) *qpdf_read_memory;
    __typeof__(qpdf_set_suppress_warnings) *qpdf_set_suppress_warnings;
    __typeof__(qpdf_silence_errors) *qpdf_silence_errors;
} bc_qpdf;

/* Opens libqpdf into *q (zeroed first). A missing library is
 * BC_E_INTERNAL with the Vietnamese message of dynlib.h (package
 * libqpdf29). */
bc_status bc_qpdf_open(bc_qpdf *q, bc_error *err);
/* Closes q (a zeroed or closed table is allowed). */
void bc_qpdf_close(bc_qpdf *q);

#ifdef BC_QPDF_CALLS
#define qpdf_cleanup(...) (BC_QPDF->qpdf_cleanup(__VA_ARGS__))
#define qpdf_get_error(...) (BC_QPDF->qpdf_get_error(__VA_ARGS__))
#define qpdf_get_error_full_text(...) (BC_QPDF->qpdf_get_error_full_text(__VA_ARGS__))
#define qpdf_get_object_by_id(...) (BC_QPDF->qpdf_get_object_by_id(__VA_ARGS__))
#define qpdf_get_page_n(...) (BC_QPDF->qpdf_get_page_n(__VA_ARGS__))
#define qpdf_get_root(...) (BC_QPDF->qpdf_get_root(__VA_ARGS__))
#define qpdf_get_trailer(...) (BC_QPDF->qpdf_get_trailer(__VA_ARGS__))
#define qpdf_has_error(...) (BC_QPDF->qpdf_has_error(__VA_ARGS__))
#define qpdf_init(...) (BC_QPDF->qpdf_init(__VA_ARGS__))
#define qpdf_oh_get_array_item(...) (BC_QPDF->qpdf_oh_get_array_item(__VA_ARGS__))
#define qpdf_oh_get_array_n_items(...) (BC_QPDF->qpdf_oh_get_array_n_items(__VA_ARGS__))
#define qpdf_oh_get_binary_string_value(...) (BC_QPDF->qpdf_oh_get_binary_string_value(__VA_ARGS__))
#define qpdf_oh_get_dict(...) (BC_QPDF->qpdf_oh_get_dict(__VA_ARGS__))
#define qpdf_oh_get_int_value(...) (BC_QPDF->qpdf_oh_get_int_value(__VA_ARGS__))
#define qpdf_oh_get_key(...) (BC_QPDF->qpdf_oh_get_key(__VA_ARGS__))
#define qpdf_oh_get_numeric_value(...) (BC_QPDF->qpdf_oh_get_numeric_value(__VA_ARGS__))
#define qpdf_oh_get_object_id(...) (BC_QPDF->qpdf_oh_get_object_id(__VA_ARGS__))
#define qpdf_oh_get_stream_data(...) (BC_QPDF->qpdf_oh_get_stream_data(__VA_ARGS__))
#define qpdf_oh_get_utf8_value(...) (BC_QPDF->qpdf_oh_get_utf8_value(__VA_ARGS__))
#define qpdf_oh_has_key(...) (BC_QPDF->qpdf_oh_has_key(__VA_ARGS__))
#define qpdf_oh_is_array(...) (BC_QPDF->qpdf_oh_is_array(__VA_ARGS__))
#define qpdf_oh_is_dictionary(...) (BC_QPDF->qpdf_oh_is_dictionary(__VA_ARGS__))
#define qpdf_oh_is_indirect(...) (BC_QPDF->qpdf_oh_is_indirect(__VA_ARGS__))
#define qpdf_oh_is_integer(...) (BC_QPDF->qpdf_oh_is_integer(__VA_ARGS__))
#define qpdf_oh_is_name_and_equals(...) (BC_QPDF->qpdf_oh_is_name_and_equals(__VA_ARGS__))
#define qpdf_oh_is_null(...) (BC_QPDF->qpdf_oh_is_null(__VA_ARGS__))
#define qpdf_oh_is_stream(...) (BC_QPDF->qpdf_oh_is_stream(__VA_ARGS__))
#define qpdf_oh_is_string(...) (BC_QPDF->qpdf_oh_is_string(__VA_ARGS__))
#define qpdf_oh_new_dictionary(...) (BC_QPDF->qpdf_oh_new_dictionary(__VA_ARGS__))
#define qpdf_oh_new_integer(...) (BC_QPDF->qpdf_oh_new_integer(__VA_ARGS__))
#define qpdf_oh_new_name(...) (BC_QPDF->qpdf_oh_new_name(__VA_ARGS__))
#define qpdf_oh_new_string(...) (BC_QPDF->qpdf_oh_new_string(__VA_ARGS__))
#define qpdf_oh_new_unicode_string(...) (BC_QPDF->qpdf_oh_new_unicode_string(__VA_ARGS__))
#define qpdf_oh_release(...) (BC_QPDF->qpdf_oh_release(__VA_ARGS__))
#define qpdf_oh_remove_key(...) (BC_QPDF->qpdf_oh_remove_key(__VA_ARGS__))
#define qpdf_oh_replace_key(...) (BC_QPDF->qpdf_oh_replace_key(__VA_ARGS__))
#define qpdf_oh_unparse(...) (BC_QPDF->qpdf_oh_unparse(__VA_ARGS__))
#define qpdf_oh_unparse_resolved(...) (BC_QPDF->qpdf_oh_unparse_resolved(__VA_ARGS__))
#define qpdf_read_memory(...) (BC_QPDF->qpdf_read_memory(__VA_ARGS__))
#define qpdf_set_suppress_warnings(...) (BC_QPDF->qpdf_set_suppress_warnings(__VA_ARGS__))
#define qpdf_silence_errors(...) (BC_QPDF->qpdf_silence_errors(__VA_ARGS__))
#endif

#endif
