/* nd30.h - the page furniture of Nghị định 30/2020 Phụ lục I: the page-1
 * header block (agency | Quốc hiệu + Tiêu ngữ, Số | place and date, V/v,
 * urgency mark, tên loại + trích yếu, Kính gửi) and the closing block
 * (Nơi nhận | quyền hạn, chức vụ, signature space, signer), each built as
 * one unbreakable box for the pager. */
#ifndef BC_ND30_H
#define BC_ND30_H

#include "error.h"
#include "fonts.h"
#include "layoutcfg.h"
#include "pager.h"
#include "place.h"
#include "report.h"

/* Builds the header block of page 1. *out is new (bc_vbox_free). */
bc_status bc_nd30_header(const bc_frame *fr, const bc_report *r, bc_vbox **out, bc_error *err);
/* Builds the closing block (Nơi nhận + signature). */
bc_status bc_nd30_closing(const bc_frame *fr, const bc_report *r, bc_vbox **out, bc_error *err);

#endif
