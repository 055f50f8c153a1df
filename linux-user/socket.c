/*
 * Sockets: i386's socketcall() multiplexer and its direct socket syscalls.
 *
 * Socket addresses have the same layout on both sides and go to the host
 * kernel as they are.  What differs: struct msghdr and the control
 * messages (32-bit lengths, 4-byte cmsg alignment), and the timeval
 * socket options SO_RCVTIMEO/SO_SNDTIMEO of a 32-bit task.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include "qemu.h"

enum {
    SOCKOP_socket = 1, SOCKOP_bind, SOCKOP_connect, SOCKOP_listen,
    SOCKOP_accept, SOCKOP_getsockname, SOCKOP_getpeername, SOCKOP_socketpair,
    SOCKOP_send, SOCKOP_recv, SOCKOP_sendto, SOCKOP_recvfrom, SOCKOP_shutdown,
    SOCKOP_setsockopt, SOCKOP_getsockopt, SOCKOP_sendmsg, SOCKOP_recvmsg,
    SOCKOP_accept4, SOCKOP_recvmmsg, SOCKOP_sendmmsg,
};

#define TARGET_UIO_MAXIOV_MSGS 1024

static const uint8_t socketcall_nargs[] = {
    0, 3, 3, 3, 2, 3, 3, 3, 4, 4, 4, 6, 6, 2, 5, 5, 3, 3, 4, 5, 4,
};

/* the 32-bit timeouts (SO_RCVTIMEO_OLD, SO_SNDTIMEO_OLD on x86) */
#define TARGET_SO_RCVTIMEO 20
#define TARGET_SO_SNDTIMEO 21
/* and the timestamps a 32-bit task receives as old timevals/timespecs */
#define TARGET_SO_TIMESTAMP   29
#define TARGET_SO_TIMESTAMPNS 35

static long host_ret(long ret)
{
    return ret == -1 ? -errno : ret;
}

static long restartable(long ret)
{
    return ret == -EINTR ? -TARGET_ERESTARTSYS : ret;
}

/* an address the kernel fills in, with its length in and out at ulen */
static int check_addr_out(uint32_t uaddr, uint32_t ulen)
{
    uint32_t len;

    if (!uaddr)
        return 0;
    if (get_user_u32(&len, ulen) || !access_ok(VERIFY_WRITE, ulen, 4))
        return -EFAULT;
    if ((int32_t)len < 0)
        return -EINVAL;
    return access_ok(VERIFY_WRITE, uaddr, len) ? 0 : -EFAULT;
}

static long do_accept4(int fd, uint32_t uaddr, uint32_t ulen, int flags)
{
    long ret = check_addr_out(uaddr, ulen);

    if (ret)
        return ret;
    return restartable(safe_syscall(SYS_accept4, fd, g2h(uaddr),
                                    uaddr ? g2h(ulen) : NULL, flags));
}

static long do_getname(int nr, int fd, uint32_t uaddr, uint32_t ulen)
{
    long ret = check_addr_out(uaddr, ulen);

    if (ret)
        return ret;
    return host_ret(syscall(nr, fd, g2h(uaddr), g2h(ulen)));
}

static long do_sendto(int fd, uint32_t buf, uint32_t len, int flags,
                      uint32_t uaddr, uint32_t addrlen)
{
    uint32_t n = access_extent(VERIFY_READ, buf, len);

    if (len && !n)
        return -EFAULT;
    return restartable(safe_syscall(SYS_sendto, fd, g2h(buf), n, flags,
                                    g2h(uaddr), addrlen));
}

static long do_recvfrom(int fd, uint32_t buf, uint32_t len, int flags,
                        uint32_t uaddr, uint32_t ulen)
{
    uint32_t n = access_extent(VERIFY_WRITE, buf, len);
    long ret = check_addr_out(uaddr, ulen);

    if (ret)
        return ret;
    if (len && !n)
        return -EFAULT;
    return restartable(safe_syscall(SYS_recvfrom, fd, g2h(buf), n, flags,
                                    g2h(uaddr), uaddr ? g2h(ulen) : NULL));
}

static int is_timeo(int level, int name)
{
    return level == SOL_SOCKET &&
           (name == TARGET_SO_RCVTIMEO || name == TARGET_SO_SNDTIMEO);
}

static long do_setsockopt(int fd, int level, int name, uint32_t val, uint32_t len)
{
    struct timeval tv;

    if (is_timeo(level, name)) {
        if (len < sizeof(struct target_timeval))
            return -EINVAL;
        if (target_to_host_timeval(&tv, val))
            return -EFAULT;
        return host_ret(setsockopt(fd, level, name, &tv, sizeof(tv)));
    }
    return host_ret(setsockopt(fd, level, name, g2h(val), len));
}

static long do_getsockopt(int fd, int level, int name, uint32_t val, uint32_t ulen)
{
    struct target_timeval t;
    struct timeval tv;
    socklen_t hlen = sizeof(tv);
    uint32_t len;

    if (get_user_u32(&len, ulen) || !access_ok(VERIFY_WRITE, ulen, 4))
        return -EFAULT;
    if ((int32_t)len < 0)
        return -EINVAL;
    if (is_timeo(level, name)) {
        if (getsockopt(fd, level, name, &tv, &hlen) < 0)
            return -errno;
        t.tv_sec = tv.tv_sec;
        t.tv_usec = tv.tv_usec;
        if (len > sizeof(t))
            len = sizeof(t);
        if (copy_to_user(val, &t, len) || put_user_u32(len, ulen))
            return -EFAULT;
        return 0;
    }
    if (!access_ok(VERIFY_WRITE, val, len))
        return -EFAULT;
    return host_ret(syscall(SYS_getsockopt, fd, level, name, g2h(val), g2h(ulen)));
}

/* control messages */

static long target_to_host_cmsg(struct msghdr *hm, uint32_t control, uint32_t len)
{
    struct target_cmsghdr tc;
    uint32_t pos = 0;
    size_t hpos = 0;
    char *buf;

    hm->msg_control = NULL;
    hm->msg_controllen = 0;
    if (!control || len < sizeof(tc))
        return 0;
    /* a host cmsg is at most 8 bytes longer than the guest's, per 12 */
    buf = calloc(1, len * 2 + CMSG_SPACE(0));
    if (!buf)
        return -ENOMEM;
    hm->msg_control = buf;
    while (pos + sizeof(tc) <= len) {
        struct cmsghdr *hc = (struct cmsghdr *)(buf + hpos);
        uint32_t payload;
        if (copy_from_user(&tc, control + pos, sizeof(tc)))
            return -EFAULT;
        if (tc.cmsg_len < sizeof(tc) || tc.cmsg_len > len - pos)
            return -EINVAL;
        payload = tc.cmsg_len - sizeof(tc);
        hc->cmsg_len = CMSG_LEN(payload);
        hc->cmsg_level = tc.cmsg_level;
        hc->cmsg_type = tc.cmsg_type;
        /* SCM_RIGHTS and SCM_CREDENTIALS carry the same bytes on both */
        if (copy_from_user(CMSG_DATA(hc), control + pos + sizeof(tc), payload))
            return -EFAULT;
        hpos += CMSG_SPACE(payload);
        pos += TARGET_CMSG_ALIGN(tc.cmsg_len);
    }
    hm->msg_controllen = hpos;
    return 0;
}

/* what a received timestamp looks like to a 32-bit task */
static uint32_t convert_cmsg_payload(const struct cmsghdr *hc, void *out)
{
    const void *data = CMSG_DATA(hc);
    uint32_t len = hc->cmsg_len - CMSG_LEN(0);
    int32_t t[2];

    if (hc->cmsg_level == SOL_SOCKET && (hc->cmsg_type == TARGET_SO_TIMESTAMP ||
                                         hc->cmsg_type == TARGET_SO_TIMESTAMPNS)) {
        const int64_t *h = data;
        t[0] = h[0];
        t[1] = h[1];
        memcpy(out, t, sizeof(t));
        return sizeof(t);
    }
    memcpy(out, data, len);
    return len;
}

/* returns the guest's msg_controllen; MSG_CTRUNC when something is cut */
static uint32_t host_to_target_cmsg(struct msghdr *hm, uint32_t control,
                                    uint32_t cap, int *flags)
{
    struct cmsghdr *hc;
    uint32_t pos = 0;
    char *payload;

    if (!hm->msg_control)
        return 0;
    payload = malloc(hm->msg_controllen);
    for (hc = CMSG_FIRSTHDR(hm); hc && payload; hc = CMSG_NXTHDR(hm, hc)) {
        struct target_cmsghdr tc;
        uint32_t len = convert_cmsg_payload(hc, payload);
        tc.cmsg_len = sizeof(tc) + len;
        tc.cmsg_level = hc->cmsg_level;
        tc.cmsg_type = hc->cmsg_type;
        if (pos + tc.cmsg_len > cap) {
            *flags |= MSG_CTRUNC;
            break;
        }
        copy_to_user(control + pos, &tc, sizeof(tc));
        copy_to_user(control + pos + sizeof(tc), payload, len);
        pos += TARGET_CMSG_ALIGN(tc.cmsg_len);
        if (pos > cap)
            pos = cap;
    }
    free(payload);
    return pos;
}

static long do_sendrecvmsg(int fd, uint32_t umsg, int flags, int send)
{
    struct target_msghdr tm;
    struct msghdr hm;
    struct iovec *vec;
    long ret, n;

    if (copy_from_user(&tm, umsg, sizeof(tm)))
        return -EFAULT;
    if (!send && !access_ok(VERIFY_WRITE, umsg, sizeof(tm)))
        return -EFAULT;
    memset(&hm, 0, sizeof(hm));
    if (tm.msg_name) {
        if ((int32_t)tm.msg_namelen < 0)
            return -EINVAL;
        if (!access_ok(send ? VERIFY_READ : VERIFY_WRITE, tm.msg_name,
                       tm.msg_namelen))
            return -EFAULT;
        hm.msg_name = g2h(tm.msg_name);
        hm.msg_namelen = tm.msg_namelen;
    }
    n = get_iovec(&vec, tm.msg_iov, tm.msg_iovlen,
                  send ? VERIFY_READ : VERIFY_WRITE);
    if (n < 0)
        return n;
    hm.msg_iov = vec;
    hm.msg_iovlen = n;
    if (send) {
        ret = target_to_host_cmsg(&hm, tm.msg_control, tm.msg_controllen);
    } else {
        ret = 0;
        if (tm.msg_control && tm.msg_controllen) {
            if (!access_ok(VERIFY_WRITE, tm.msg_control, tm.msg_controllen))
                ret = -EFAULT;
            hm.msg_controllen = tm.msg_controllen * 2 + CMSG_SPACE(0);
            hm.msg_control = calloc(1, hm.msg_controllen);
        }
    }
    if (ret == 0)
        ret = restartable(safe_syscall(send ? SYS_sendmsg : SYS_recvmsg, fd,
                                       &hm, flags));
    if (ret >= 0 && !send) {
        int mflags = hm.msg_flags;
        tm.msg_controllen = host_to_target_cmsg(&hm, tm.msg_control,
                                                tm.msg_controllen, &mflags);
        tm.msg_namelen = hm.msg_namelen;
        tm.msg_flags = mflags;
        copy_to_user(umsg, &tm, sizeof(tm));
    }
    free(hm.msg_control);
    free(vec);
    return ret;
}

/* sendmmsg and recvmmsg, one message at a time */
static long do_sendrecvmmsg(int fd, uint32_t uvec, uint32_t vlen, int flags,
                            int send)
{
    uint32_t i;
    long ret = 0;

    if (vlen > TARGET_UIO_MAXIOV_MSGS)
        vlen = TARGET_UIO_MAXIOV_MSGS;
    for (i = 0; i < vlen; i++) {
        uint32_t msg = uvec + i * sizeof(struct target_mmsghdr);
        ret = do_sendrecvmsg(fd, msg, flags, send);
        if (ret < 0)
            break;
        if (put_user_u32(ret, msg + offsetof(struct target_mmsghdr, msg_len)))
            return -EFAULT;
        if (!send && (flags & MSG_WAITFORONE))
            flags |= MSG_DONTWAIT;
    }
    return i ? (long)i : ret;
}

long do_socket_syscall(int call, const uint32_t *a)
{
    switch (call) {
    case SOCKOP_socket:
        return host_ret(socket(a[0], a[1], a[2]));
    case SOCKOP_bind:
        return host_ret(syscall(SYS_bind, (int)a[0], g2h(a[1]), a[2]));
    case SOCKOP_connect:
        return restartable(safe_syscall(SYS_connect, (int)a[0], g2h(a[1]), a[2]));
    case SOCKOP_listen:
        return host_ret(listen(a[0], a[1]));
    case SOCKOP_accept:
        return do_accept4(a[0], a[1], a[2], 0);
    case SOCKOP_accept4:
        return do_accept4(a[0], a[1], a[2], a[3]);
    case SOCKOP_getsockname:
        return do_getname(SYS_getsockname, a[0], a[1], a[2]);
    case SOCKOP_getpeername:
        return do_getname(SYS_getpeername, a[0], a[1], a[2]);
    case SOCKOP_socketpair:
        if (!access_ok(VERIFY_WRITE, a[3], 8))
            return -EFAULT;
        return host_ret(socketpair(a[0], a[1], a[2], g2h(a[3])));
    case SOCKOP_send:
        return do_sendto(a[0], a[1], a[2], a[3], 0, 0);
    case SOCKOP_recv:
        return do_recvfrom(a[0], a[1], a[2], a[3], 0, 0);
    case SOCKOP_sendto:
        return do_sendto(a[0], a[1], a[2], a[3], a[4], a[5]);
    case SOCKOP_recvfrom:
        return do_recvfrom(a[0], a[1], a[2], a[3], a[4], a[5]);
    case SOCKOP_shutdown:
        return host_ret(shutdown(a[0], a[1]));
    case SOCKOP_setsockopt:
        return do_setsockopt(a[0], a[1], a[2], a[3], a[4]);
    case SOCKOP_getsockopt:
        return do_getsockopt(a[0], a[1], a[2], a[3], a[4]);
    case SOCKOP_sendmsg:
        return do_sendrecvmsg(a[0], a[1], a[2], 1);
    case SOCKOP_recvmsg:
        return do_sendrecvmsg(a[0], a[1], a[2], 0);
    case SOCKOP_sendmmsg:
        return do_sendrecvmmsg(a[0], a[1], a[2], a[3], 1);
    case SOCKOP_recvmmsg:
        return do_sendrecvmmsg(a[0], a[1], a[2], a[3], 0);
    }
    return -EINVAL;
}

long do_socketcall(int call, uint32_t uargs)
{
    uint32_t a[6] = { 0 };

    if (call < 1 || call > SOCKOP_sendmmsg)
        return -EINVAL;
    if (copy_from_user(a, uargs, socketcall_nargs[call] * 4))
        return -EFAULT;
    return do_socket_syscall(call, a);
}
