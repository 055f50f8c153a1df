/* Sockets: a UNIX socketpair, a file descriptor passed with SCM_RIGHTS
   (control messages have their own 32-bit layout), TCP and UDP on the
   loopback, SO_RCVTIMEO (a 32-bit timeval) and a receive timing out,
   poll and shutdown. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHECK(x) do { if (!(x)) { printf("FAILED: %s (line %d, %s)\n", #x, \
    __LINE__, strerror(errno)); return; } } while (0)

static void unix_pair(void)
{
    int sv[2], fds[2], got = -1;
    char buf[64], cbuf[CMSG_SPACE(sizeof(int))];
    struct msghdr msg;
    struct iovec iov;
    struct cmsghdr *c;
    struct pollfd pfd;
    ssize_t n;

    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    pfd.fd = sv[1];
    pfd.events = POLLIN;
    printf("poll before: %d\n", poll(&pfd, 1, 0));
    CHECK(write(sv[0], "ping", 4) == 4);
    n = poll(&pfd, 1, 1000);
    printf("poll after: %zd revents %x\n", n, pfd.revents);
    n = read(sv[1], buf, sizeof(buf));
    printf("socketpair read: %.*s\n", (int)n, buf);

    CHECK(pipe(fds) == 0);
    memset(&msg, 0, sizeof(msg));
    iov.iov_base = "fd";
    iov.iov_len = 2;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = cbuf;
    msg.msg_controllen = sizeof(cbuf);
    c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fds[1], sizeof(int));
    CHECK(sendmsg(sv[0], &msg, 0) == 2);

    memset(&msg, 0, sizeof(msg));
    memset(cbuf, 0, sizeof(cbuf));
    iov.iov_base = buf;
    iov.iov_len = sizeof(buf);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = cbuf;
    msg.msg_controllen = sizeof(cbuf);
    n = recvmsg(sv[1], &msg, 0);
    c = CMSG_FIRSTHDR(&msg);
    if (c && c->cmsg_type == SCM_RIGHTS)
        memcpy(&got, CMSG_DATA(c), sizeof(int));
    printf("recvmsg: %zd bytes, controllen %d, cmsg_len %d, flags %d, fd %s\n",
           n, (int)msg.msg_controllen, c ? (int)c->cmsg_len : -1, msg.msg_flags,
           got > fds[1] ? "new" : "missing");
    CHECK(write(got, "through the passed fd", 21) == 21);
    n = read(fds[0], buf, sizeof(buf));
    printf("pipe read: %.*s\n", (int)n, buf);

    CHECK(shutdown(sv[0], SHUT_WR) == 0);
    n = read(sv[1], buf, sizeof(buf));
    printf("read after shutdown: %zd\n", n);
    close(sv[0]);
    close(sv[1]);
    close(fds[0]);
    close(fds[1]);
    close(got);
}

static void tcp(void)
{
    struct sockaddr_in addr = { .sin_family = AF_INET };
    socklen_t len = sizeof(addr);
    int ls, s, status, one = 1;
    char buf[64];
    ssize_t n;
    pid_t pid;

    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ls = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(ls >= 0);
    CHECK(setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == 0);
    CHECK(bind(ls, (struct sockaddr *)&addr, sizeof(addr)) == 0);
    CHECK(getsockname(ls, (struct sockaddr *)&addr, &len) == 0);
    printf("tcp: bound to 127.0.0.1: %s, port chosen: %s\n",
           addr.sin_addr.s_addr == htonl(INADDR_LOOPBACK) ? "yes" : "no",
           addr.sin_port ? "yes" : "no");
    CHECK(listen(ls, 1) == 0);
    pid = fork();
    if (pid == 0) {
        int c = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(c, (struct sockaddr *)&addr, sizeof(addr)) < 0)
            _exit(1);
        if (send(c, "hello server", 12, 0) != 12)
            _exit(2);
        n = recv(c, buf, sizeof(buf), 0);
        _exit(n == 12 && memcmp(buf, "hello client", 12) == 0 ? 0 : 3);
    }
    len = sizeof(addr);
    s = accept(ls, (struct sockaddr *)&addr, &len);
    CHECK(s >= 0);
    printf("accepted from the loopback: %s\n",
           addr.sin_addr.s_addr == htonl(INADDR_LOOPBACK) ? "yes" : "no");
    n = recv(s, buf, 12, MSG_WAITALL);
    printf("server got %zd: %.*s\n", n, (int)n, buf);
    CHECK(send(s, "hello client", 12, 0) == 12);
    waitpid(pid, &status, 0);
    printf("client exit status %d\n", WEXITSTATUS(status));
    close(s);
    close(ls);
}

static void udp(void)
{
    struct sockaddr_in addr = { .sin_family = AF_INET }, from;
    socklen_t len = sizeof(addr);
    struct timeval tv = { 0, 100000 }, got;
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    char buf[64];
    ssize_t n;

    CHECK(s >= 0);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK(bind(s, (struct sockaddr *)&addr, sizeof(addr)) == 0);
    CHECK(getsockname(s, (struct sockaddr *)&addr, &len) == 0);
    CHECK(sendto(s, "datagram", 8, 0, (struct sockaddr *)&addr, sizeof(addr)) == 8);
    len = sizeof(from);
    n = recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);
    printf("udp: %zd \"%.*s\" from family %d, length %d, same port %d\n", n,
           (int)n, buf, from.sin_family, (int)len, from.sin_port == addr.sin_port);
    CHECK(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0);
    len = sizeof(got);
    CHECK(getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &got, &len) == 0);
    printf("SO_RCVTIMEO: %ld.%06ld s, length %d\n", (long)got.tv_sec,
           (long)got.tv_usec, (int)len);
    n = recv(s, buf, sizeof(buf), 0);
    printf("recv with nothing to read: %zd %s\n", n, strerror(errno));
    close(s);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    unix_pair();
    tcp();
    udp();
    return 0;
}
