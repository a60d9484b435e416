/* align.h - horizontal alignment of a paragraph or a table column. Its own
 * header so that table specs and layout styles can name it without the
 * whole document model. */
#ifndef BC_ALIGN_H
#define BC_ALIGN_H

typedef enum bc_align { BC_ALIGN_LEFT, BC_ALIGN_CENTER, BC_ALIGN_RIGHT, BC_ALIGN_JUSTIFY } bc_align;

#endif
