/*
 * The -L prefix (QEMU_LD_PREFIX): a sysroot holding the guest's ELF
 * interpreter and libraries.  An absolute path the guest opens is looked
 * up there first and used from there when it exists, so the i386
 * ld-linux.so.2 finds i386 libraries where the host has its own.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "qemu.h"

const char *interp_prefix = "";

void init_paths(const char *prefix)
{
    size_t len = strlen(prefix);
    char *p = strdup(prefix);

    while (len > 1 && p[len - 1] == '/')
        p[--len] = '\0';
    interp_prefix = strcmp(p, "/") == 0 ? "" : p;
}

/* the result stays valid until the second next call in this thread */
const char *path(const char *name)
{
    static __thread char buf[2][PATH_MAX];
    static __thread int slot;
    char *p;

    if (!interp_prefix[0] || name[0] != '/' || name[1] == '\0')
        return name;
    p = buf[slot];
    if ((size_t)snprintf(p, PATH_MAX, "%s%s", interp_prefix, name) >= PATH_MAX ||
        faccessat(AT_FDCWD, p, F_OK, AT_SYMLINK_NOFOLLOW) != 0)
        return name;
    slot ^= 1;
    return p;
}
