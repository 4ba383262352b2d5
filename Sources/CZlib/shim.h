#pragma once
#include <zlib.h>

/// `inflateInit2` is a macro; this wrapper makes it callable from Swift.
static inline int czlib_inflate_init_raw(z_stream *stream) {
    return inflateInit2(stream, -MAX_WBITS);
}
