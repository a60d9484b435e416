/* convert.h - legacy Vietnamese text (TCVN3, VNI, Windows-1258/1252) to
 * Unicode for "baocao chuyen-ma": bc_convert_legacy() is public
 * (baocao.h); the decoders are text/legacy.h. */
#ifndef BC_CONVERT_H
#define BC_CONVERT_H

#include "baocao.h"

#endif
