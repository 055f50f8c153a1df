/* /proc/self/exe as programs look at it: a symbolic link (lstat, fstatat
   and statx without following say so, as `ls -l` shows it) to the program,
   which stat, realpath and open reach through it. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *yes(int x)
{
    return x ? "yes" : "no";
}

int main(void)
{
    static const char *const names[] = { "/proc/self/exe", "/proc/thread-self/exe" };
    char link[PATH_MAX], *real;
    struct stat st, prog;
    struct statx sx;
    ssize_t n;
    unsigned i;

    n = readlink("/proc/self/exe", link, sizeof(link) - 1);
    link[n > 0 ? n : 0] = '\0';
    stat(link, &prog);
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        printf("%s\n", names[i]);
        printf("  lstat: link %s\n", yes(lstat(names[i], &st) == 0 && S_ISLNK(st.st_mode)));
        printf("  fstatat nofollow: link %s\n",
               yes(fstatat(AT_FDCWD, names[i], &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                   S_ISLNK(st.st_mode)));
        printf("  statx nofollow: link %s\n",
               yes(statx(AT_FDCWD, names[i], AT_SYMLINK_NOFOLLOW, STATX_MODE, &sx) == 0 &&
                   S_ISLNK(sx.stx_mode)));
        printf("  statx: the program %s\n",
               yes(statx(AT_FDCWD, names[i], 0, STATX_INO, &sx) == 0 &&
                   sx.stx_ino == prog.st_ino));
        printf("  stat: the program %s\n",
               yes(stat(names[i], &st) == 0 && st.st_ino == prog.st_ino));
        real = realpath(names[i], NULL);
        printf("  realpath: the link's target %s\n", yes(real && strcmp(real, link) == 0));
        free(real);
    }
    return 0;
}
