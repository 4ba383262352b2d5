#pragma once
#include <fcntl.h>
#include <sys/types.h>
#include <sys/acl.h>
#include <acl/libacl.h>

/// O_PATH is only declared with _GNU_SOURCE, which would change system types for every other C module;
/// glibc always defines the architecture's value as __O_PATH.
static inline int cacl_o_path(void) { return __O_PATH; }
