#pragma once
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <sys/types.h>
#include <sys/acl.h>
#include <acl/libacl.h>

/// O_PATH needs _GNU_SOURCE, which Swift's Glibc module does not define.
static inline int cacl_o_path(void) { return O_PATH; }
