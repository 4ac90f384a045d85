/* Sockets, addresses and associations: create, bind(x), listen, accept, connect(x),
 * address lists, peeloff. */
#define _GNU_SOURCE         /* accept4 */
#include "internal.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* No clock read without a wait to bound: a timeout of 0 never waits. */
int64_t sctpc__deadline(int timeout_ms)
{
    return timeout_ms <= 0 ? -1 : now_ms() + timeout_ms;
}

int64_t sctpc_deadline(int timeout_ms)
{
    return sctpc__deadline(timeout_ms);
}

int sctpc_time_left(int64_t deadline, int timeout_ms)
{
    int64_t left;
    if (timeout_ms <= 0 || deadline < 0)
        return timeout_ms;
    left = deadline - now_ms();
    return left <= 0 ? 0 : left > 0x7fffffff ? 0x7fffffff : (int)left;
}

int sctpc__wait(int fd, short events, int timeout_ms, int64_t deadline)
{
    struct pollfd p = { .fd = fd, .events = events };
    int wait_ms, r;
    if (timeout_ms == 0)
        return -EAGAIN;
    wait_ms = sctpc_time_left(deadline, timeout_ms);     /* -1 when there is no deadline */
    if (wait_ms == 0)
        return -SCTPC_ETIMEOUT;
    r = poll(&p, 1, wait_ms);
    if (r < 0)
        return sctpc__err();
    if (r == 0)
        return -SCTPC_ETIMEOUT;
    if (p.revents & POLLNVAL)
        return -EBADF;
    return 0;   /* readable, writable or in error: the retried call tells which */
}

socklen_t sctpc_addrlen(int family)
{
    return family == AF_INET ? sizeof(struct sockaddr_in)
         : family == AF_INET6 ? sizeof(struct sockaddr_in6) : 0;
}

/* Dotted quad into host (at least INET_ADDRSTRLEN bytes): every receive formats its sender,
 * and glibc's inet_ntop goes through sprintf for this. */
static void format_ipv4(const unsigned char *b, char *host)
{
    int i;
    for (i = 0; i < 4; i++) {
        unsigned v = b[i];
        if (v >= 100) *host++ = (char)('0' + v / 100);
        if (v >= 10) *host++ = (char)('0' + v / 10 % 10);
        *host++ = (char)('0' + v % 10);
        *host++ = i < 3 ? '.' : '\0';
    }
}

sctpc_status sctpc_addr_format(const struct sockaddr_storage *addr, char *host, size_t hostlen)
{
    if (addr->ss_family == AF_INET) {
        const struct sockaddr_in *a = (const struct sockaddr_in *)addr;
        if (hostlen < INET_ADDRSTRLEN)
            return -ENOSPC;
        format_ipv4((const unsigned char *)&a->sin_addr, host);
        return ntohs(a->sin_port);
    }
    if (addr->ss_family == AF_INET6) {
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)addr;
        if (!inet_ntop(AF_INET6, &a->sin6_addr, host, hostlen))
            return sctpc__err();
        return ntohs(a->sin6_port);
    }
    return -EAFNOSUPPORT;
}

sctpc_status sctpc_addr_parse(const char *host, int port, uint32_t flowinfo, uint32_t scope_id,
                              struct sockaddr_storage *out)
{
    memset(out, 0, sizeof *out);
    if (port < 0 || port > 65535)
        return -ERANGE;
    if (host[0] == '\0') {
        struct sockaddr_in *a = (struct sockaddr_in *)out;   /* wildcard, family decided later */
        a->sin_family = AF_UNSPEC;
        a->sin_port = htons((uint16_t)port);
        return 0;
    }
    {
        struct sockaddr_in *a = (struct sockaddr_in *)out;
        if (inet_pton(AF_INET, host, &a->sin_addr) == 1) {
            a->sin_family = AF_INET;
            a->sin_port = htons((uint16_t)port);
            return 0;
        }
    }
    {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)out;
        if (inet_pton(AF_INET6, host, &a->sin6_addr) == 1) {
            a->sin6_family = AF_INET6;
            a->sin6_port = htons((uint16_t)port);
            a->sin6_flowinfo = htonl(flowinfo);
            a->sin6_scope_id = scope_id;
            return 0;
        }
    }
    return -EINVAL;
}

int sctpc__resolve_unspec(int fd, const struct sockaddr_storage *in, struct sockaddr_storage *out)
{
    int family;
    socklen_t len = sizeof family;
    *out = *in;
    if (in->ss_family != AF_UNSPEC)
        return sctpc_addrlen(in->ss_family) ? 0 : -EAFNOSUPPORT;
    if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &family, &len) < 0)
        return sctpc__err();
    {
        uint16_t port = ((const struct sockaddr_in *)in)->sin_port;
        memset(out, 0, sizeof *out);
        if (family == AF_INET6) {
            struct sockaddr_in6 *a = (struct sockaddr_in6 *)out;
            a->sin6_family = AF_INET6;
            a->sin6_port = port;
            a->sin6_addr = in6addr_any;
        } else {
            struct sockaddr_in *a = (struct sockaddr_in *)out;
            a->sin_family = AF_INET;
            a->sin_port = port;
            a->sin_addr.s_addr = htonl(INADDR_ANY);
        }
    }
    return 0;
}

int sctpc__pack_addrs(int fd, const struct sockaddr_storage *addrs, int count,
                      unsigned char *out, size_t outlen)
{
    size_t used = 0;
    int i, r;
    if (count <= 0 || count > SCTPC_MAX_ADDRS)
        return -EINVAL;
    for (i = 0; i < count; i++) {
        struct sockaddr_storage a;
        socklen_t len;
        if ((r = sctpc__resolve_unspec(fd, &addrs[i], &a)) < 0)
            return r;
        len = sctpc_addrlen(a.ss_family);
        if (used + len > outlen)
            return -ENOBUFS;
        memcpy(out + used, &a, len);
        used += len;
    }
    return (int)used;
}

sctpc_status sctpc_socket(int family, int type)
{
    int fd = socket(family, type | SOCK_CLOEXEC, IPPROTO_SCTP);
    return fd < 0 ? sctpc__err() : fd;
}

sctpc_status sctpc_close(int fd)
{
    /* Linux releases the descriptor even when close() reports EINTR: never retry. */
    return close(fd) < 0 && errno != EINTR ? sctpc__err() : 0;
}

sctpc_status sctpc_set_nonblocking(int fd, int on)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0)
        return sctpc__err();
    fl = on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK;
    return fcntl(fd, F_SETFL, fl) < 0 ? sctpc__err() : 0;
}

sctpc_status sctpc_bind(int fd, const struct sockaddr_storage *addr)
{
    struct sockaddr_storage a;
    int r = sctpc__resolve_unspec(fd, addr, &a);
    if (r < 0)
        return r;
    return bind(fd, (struct sockaddr *)&a, sctpc_addrlen(a.ss_family)) < 0 ? sctpc__err() : 0;
}

sctpc_status sctpc_listen(int fd, int backlog)
{
    return listen(fd, backlog) < 0 ? sctpc__err() : 0;
}

sctpc_status sctpc_accept(int fd, struct sockaddr_storage *peer, int timeout_ms)
{
    int64_t deadline = sctpc__deadline(timeout_ms);
    for (;;) {
        socklen_t len = sizeof *peer;
        int r;
        if (timeout_ms >= 0) {      /* the fd may be blocking: wait here, not in accept() */
            struct pollfd p = { .fd = fd, .events = POLLIN };
            int left = sctpc_time_left(deadline, timeout_ms);
            r = poll(&p, 1, left);
            if (r < 0)
                return sctpc__err();
            if (r == 0)
                return timeout_ms == 0 ? -EAGAIN : -SCTPC_ETIMEOUT;
        }
        r = accept4(fd, (struct sockaddr *)peer, &len, SOCK_CLOEXEC);
        if (r >= 0)
            return r;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return sctpc__err();
        if ((r = sctpc__wait(fd, POLLIN, timeout_ms, deadline)) < 0)
            return r;
    }
}

/* Whether association `id` (0: a one-to-one socket's own) has come up. */
static int assoc_up(int fd, sctp_assoc_t id)
{
    struct sctp_status st;
    socklen_t len = sizeof st;
    memset(&st, 0, sizeof st);
    st.sstat_assoc_id = id;
    return getsockopt(fd, IPPROTO_SCTP, SCTP_STATUS, &st, &len) == 0 &&
           st.sstat_state >= SCTP_ESTABLISHED;
}

/* After a non-blocking connect: wait for the outcome and fetch it from SO_ERROR. SO_ERROR
 * also hands out a soft error, such as an ICMP host-unreachable for an INIT sent over a path
 * whose ARP failed, while the INIT's retransmission over another path brought the association
 * up: an association that is up is the outcome, whatever SO_ERROR kept. */
static int finish_connect(int fd, sctp_assoc_t id, int timeout_ms, int64_t deadline)
{
    int r = sctpc__wait(fd, POLLOUT, timeout_ms, deadline), err = 0;
    socklen_t len = sizeof err;
    if (r == -EAGAIN)
        return -EINPROGRESS;
    if (r < 0)
        return r;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
        return sctpc__err();
    return err && !assoc_up(fd, id) ? -err : 0;
}

sctpc_status sctpc_connect(int fd, const struct sockaddr_storage *addr, int timeout_ms)
{
    struct sockaddr_storage a;
    int r = sctpc__resolve_unspec(fd, addr, &a);
    if (r < 0)
        return r;
    if (connect(fd, (struct sockaddr *)&a, sctpc_addrlen(a.ss_family)) == 0)
        return 0;
    if (errno == EISCONN)          /* a retry after EINTR finding the work done */
        return 0;
    if (errno != EINPROGRESS && errno != EALREADY)
        return sctpc__err();
    return finish_connect(fd, 0, timeout_ms, sctpc__deadline(timeout_ms));
}

sctpc_status sctpc_getsockname(int fd, struct sockaddr_storage *addr)
{
    socklen_t len = sizeof *addr;
    memset(addr, 0, sizeof *addr);
    return getsockname(fd, (struct sockaddr *)addr, &len) < 0 ? sctpc__err() : 0;
}

sctpc_status sctpc_getpeername(int fd, struct sockaddr_storage *addr)
{
    socklen_t len = sizeof *addr;
    memset(addr, 0, sizeof *addr);
    return getpeername(fd, (struct sockaddr *)addr, &len) < 0 ? sctpc__err() : 0;
}

sctpc_status sctpc_shutdown(int fd, int how)
{
    return shutdown(fd, how) < 0 ? sctpc__err() : 0;
}

sctpc_status sctpc_bindx(int fd, const struct sockaddr_storage *addrs, int count, int flags)
{
    unsigned char packed[SCTPC_MAX_ADDRS * sizeof(struct sockaddr_in6)];
    int len = sctpc__pack_addrs(fd, addrs, count, packed, sizeof packed);
    if (len < 0)
        return len;
    if (flags != SCTP_BINDX_ADD_ADDR && flags != SCTP_BINDX_REM_ADDR)
        return -EINVAL;
    return sctp_bindx(fd, (struct sockaddr *)packed, count, flags) < 0 ? sctpc__err() : 0;
}

sctpc_status sctpc_connectx(int fd, const struct sockaddr_storage *addrs, int count,
                            int timeout_ms)
{
    unsigned char packed[SCTPC_MAX_ADDRS * sizeof(struct sockaddr_in6)];
    sctp_assoc_t id = 0;
    int len = sctpc__pack_addrs(fd, addrs, count, packed, sizeof packed), r;
    if (len < 0)
        return len;
    if (sctp_connectx(fd, (struct sockaddr *)packed, count, &id) == 0)
        return id;
    if (errno != EINPROGRESS)
        return sctpc__err();
    r = finish_connect(fd, id, timeout_ms, sctpc__deadline(timeout_ms));
    return r < 0 ? r : id;
}

/* getpaddrs / getladdrs share this: libsctp allocates, we copy out and free. */
static int copy_addrs(int n, struct sockaddr *list, struct sockaddr_storage *out, int max)
{
    unsigned char *p = (unsigned char *)list;
    int i;
    for (i = 0; i < n; i++) {
        struct sockaddr *sa = (struct sockaddr *)p;
        socklen_t len = sctpc_addrlen(sa->sa_family);
        if (len == 0)
            break;          /* not IPv4/IPv6: cannot step further safely */
        if (i < max) {
            memset(&out[i], 0, sizeof out[i]);
            memcpy(&out[i], sa, len);
        }
        p += len;
    }
    return i;
}

sctpc_status sctpc_getpaddrs(int fd, int32_t assoc_id, struct sockaddr_storage *out, int max)
{
    struct sockaddr *list = NULL;
    int n = sctp_getpaddrs(fd, assoc_id, &list), r;
    if (n < 0)
        return sctpc__err();
    r = copy_addrs(n, list, out, max);
    sctp_freepaddrs(list);
    return r;
}

sctpc_status sctpc_getladdrs(int fd, int32_t assoc_id, struct sockaddr_storage *out, int max)
{
    struct sockaddr *list = NULL;
    int n = sctp_getladdrs(fd, assoc_id, &list), r;
    if (n < 0)
        return sctpc__err();
    r = copy_addrs(n, list, out, max);
    sctp_freeladdrs(list);
    return r;
}

sctpc_status sctpc_peeloff(int fd, int32_t assoc_id, unsigned flags)
{
    /* libsctp declares sctp_peeloff_flags but does not export it: do its getsockopt here. */
    sctp_peeloff_flags_arg_t arg;
    socklen_t len = sizeof arg;
    int r;
    if (flags == 0) {
        r = sctp_peeloff(fd, assoc_id);
        return r < 0 ? sctpc__err() : r;
    }
    memset(&arg, 0, sizeof arg);
    arg.p_arg.associd = assoc_id;
    arg.flags = flags;
    if (getsockopt(fd, IPPROTO_SCTP, SCTP_SOCKOPT_PEELOFF_FLAGS, &arg, &len) < 0)
        return sctpc__err();
    return arg.p_arg.sd;
}
