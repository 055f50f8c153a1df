/* File and directory system calls: open/read/write/lseek, pread/pwrite,
   readv/writev, stat, fcntl, dup2, truncate, utimes, rename, links,
   mkdir/rmdir and a sorted directory listing with telldir/seekdir.  Works
   in a fresh directory under /tmp and prints nothing host-specific. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

#define CHECK(x) do { if (!(x)) { printf("FAILED: %s (line %d, errno %s)\n", \
    #x, __LINE__, strerror(errno)); exit(1); } } while (0)

static void show_stat(const char *name)
{
    struct stat st;

    if (lstat(name, &st) < 0) {
        printf("%s: %s\n", name, strerror(errno));
        return;
    }
    printf("%s: size %lld mode %o nlink %lu %s\n", name, (long long)st.st_size,
           st.st_mode & 07777, (unsigned long)st.st_nlink,
           S_ISDIR(st.st_mode) ? "dir" : S_ISLNK(st.st_mode) ? "symlink" :
           S_ISREG(st.st_mode) ? "file" : "other");
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_dir(const char *dir)
{
    char *names[64];
    int n = 0, i;
    DIR *d = opendir(dir);
    struct dirent *e;

    CHECK(d);
    while ((e = readdir(d)) && n < 64)
        names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof(names[0]), cmp);
    printf("listing:");
    for (i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

/* a position from telldir must bring readdir back to the same entry */
static void seek_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char name[256];
    long pos;
    int i, ok = 1;

    CHECK(d);
    for (i = 0; i < 3 && readdir(d); i++)
        ;
    pos = telldir(d);
    e = readdir(d);
    CHECK(e);
    strcpy(name, e->d_name);
    while (readdir(d))
        ;
    seekdir(d, pos);
    e = readdir(d);
    ok = e && strcmp(e->d_name, name) == 0;
    rewinddir(d);
    for (i = 0; readdir(d); i++)
        ;
    printf("seekdir back to the same entry: %s, %d entries after rewind\n",
           ok ? "yes" : "no", i);
    closedir(d);
}

int main(void)
{
    char dir[] = "/tmp/qemu-fileio-XXXXXX";
    char buf[256], a[8], b[8];
    struct iovec iov[2];
    struct timeval tv[2] = { { 1000000000, 0 }, { 1234567890, 0 } };
    struct stat st;
    struct statfs sfs;
    int fd, fd2, i;
    ssize_t n;

    CHECK(mkdtemp(dir));
    CHECK(chdir(dir) == 0);
    CHECK(getcwd(buf, sizeof(buf)) && strcmp(buf, dir) == 0);
    printf("getcwd matches\n");

    fd = open("data", O_CREAT | O_RDWR | O_TRUNC, 0640);
    CHECK(fd >= 0);
    CHECK(write(fd, "hello, file\n", 12) == 12);
    CHECK(lseek(fd, 0, SEEK_CUR) == 12);
    CHECK(lseek(fd, 7, SEEK_SET) == 7);
    n = read(fd, buf, sizeof(buf));
    printf("read after seek: %zd \"%.*s\"\n", n, (int)n - 1, buf);
    CHECK(pwrite(fd, "HELLO", 5, 0) == 5);
    n = pread(fd, buf, 12, 0);
    printf("pread: %.*s", (int)n, buf);
    iov[0].iov_base = "vec";
    iov[0].iov_len = 3;
    iov[1].iov_base = "tor\n";
    iov[1].iov_len = 4;
    CHECK(lseek(fd, 0, SEEK_END) == 12);
    CHECK(writev(fd, iov, 2) == 7);
    memset(a, 0, sizeof(a));
    memset(b, 0, sizeof(b));
    iov[0].iov_base = a;
    iov[0].iov_len = 6;
    iov[1].iov_base = b;
    iov[1].iov_len = 7;
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    n = readv(fd, iov, 2);
    printf("readv: %zd \"%s\" \"%s\"\n", n, a, b);
    CHECK(fstat(fd, &st) == 0);
    printf("fstat: size %lld blocks>0 %d\n", (long long)st.st_size, st.st_blocks > 0);

    fd2 = dup(fd);
    CHECK(fd2 > fd);
    CHECK(dup2(fd, 10) == 10);
    printf("fcntl getfd %d", fcntl(10, F_GETFD));
    CHECK(fcntl(10, F_SETFD, FD_CLOEXEC) == 0);
    printf(", cloexec after set %d\n", fcntl(10, F_GETFD));
    CHECK(fcntl(fd2, F_SETFL, O_APPEND) == 0);
    printf("append flag %d\n", (fcntl(fd2, F_GETFL) & O_APPEND) != 0);
    close(fd2);
    close(10);
    CHECK(ftruncate(fd, 5) == 0);
    close(fd);
    show_stat("data");
    CHECK(truncate("data", 100) == 0);
    show_stat("data");

    CHECK(utimes("data", tv) == 0);
    CHECK(stat("data", &st) == 0);
    printf("utimes: atime %ld mtime %ld\n", (long)st.st_atime, (long)st.st_mtime);
    CHECK(chmod("data", 0600) == 0);
    printf("access R %d X %d\n", access("data", R_OK), access("data", X_OK));

    CHECK(mkdir("sub", 0755) == 0);
    CHECK(mkdir("sub", 0755) < 0);
    printf("mkdir twice: %s\n", strerror(errno));
    CHECK(rename("data", "sub/moved") == 0);
    CHECK(link("sub/moved", "hard") == 0);
    CHECK(symlink("sub/moved", "soft") == 0);
    n = readlink("soft", buf, sizeof(buf));
    printf("readlink: %.*s\n", (int)n, buf);
    show_stat("hard");
    show_stat("soft");
    show_stat("sub");
    fd = open("missing", O_RDONLY);
    printf("open missing: %d %s\n", fd, strerror(errno));
    fd = rmdir("sub");
    printf("rmdir non-empty: %d %s\n", fd, strerror(errno));

    for (i = 0; i < 20; i++) {
        snprintf(buf, sizeof(buf), "f%02d", i);
        fd = openat(AT_FDCWD, buf, O_CREAT | O_WRONLY, 0644);
        CHECK(fd >= 0);
        close(fd);
    }
    list_dir(".");
    seek_dir(".");
    CHECK(fstatat(AT_FDCWD, "sub/moved", &st, 0) == 0);
    printf("fstatat size %lld\n", (long long)st.st_size);
    CHECK(statfs(".", &sfs) == 0);
    printf("statfs: block size > 0 %d\n", sfs.f_bsize > 0);

    for (i = 0; i < 20; i++) {
        snprintf(buf, sizeof(buf), "f%02d", i);
        CHECK(unlink(buf) == 0);
    }
    CHECK(unlink("soft") == 0 && unlink("hard") == 0);
    CHECK(unlinkat(AT_FDCWD, "sub/moved", 0) == 0);
    CHECK(rmdir("sub") == 0);
    list_dir(".");
    CHECK(chdir("/") == 0);
    CHECK(rmdir(dir) == 0);
    printf("done\n");
    return 0;
}
