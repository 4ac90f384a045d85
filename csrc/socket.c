/* Sockets, addresses and associations: create, bind(x), listen, accept, connect(x),
 * address lists, peeloff. */
#define _GNU_SOURCE         /* accept4 */
#include "internal.h"

#include <netdb.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

const char *sctpc_addr_check(int64_t port, int64_t flowinfo, int64_t scope_id)
{
    if (port < 0 || port > 65535)
        return "port must be 0-65535";
    if (flowinfo < 0 || flowinfo > 0xfffff)
        return "flowinfo must be 0-1048575";
    if (scope_id < 0 || scope_id > 0xffffffffLL)
        return "scope_id must be 0-4294967295";
    return NULL;
}

int sctpc_addr_is_numeric(const char *host)
{
    unsigned char b[sizeof(struct in6_addr)];
    return host[0] == '\0' || inet_pton(AF_INET, host, b) == 1 || inet_pton(AF_INET6, host, b) == 1;
}

/* The port and, for IPv6, flowinfo and scope id into an address that has its family. */
static void set_port(struct sockaddr_storage *out, int64_t port, int64_t flowinfo,
                     int64_t scope_id)
{
    if (out->ss_family == AF_INET6) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)out;
        a->sin6_port = htons((uint16_t)port);
        a->sin6_flowinfo = htonl((uint32_t)flowinfo);
        a->sin6_scope_id = (uint32_t)scope_id;
    } else {
        ((struct sockaddr_in *)out)->sin_port = htons((uint16_t)port);
    }
}

sctpc_status sctpc_addr_resolve(const char *host, int64_t port, int64_t flowinfo,
                                int64_t scope_id, struct sockaddr_storage *out, int *gai_error)
{
    struct addrinfo hints, *res = NULL;
    int g;
    memset(out, 0, sizeof *out);
    if (gai_error)
        *gai_error = 0;
    if (sctpc_addr_check(port, flowinfo, scope_id))
        return -ERANGE;
    if (host[0] == '\0') {          /* wildcard, family decided by the socket */
        out->ss_family = AF_UNSPEC;
        ((struct sockaddr_in *)out)->sin_port = htons((uint16_t)port);
        return 0;
    }
    if (inet_pton(AF_INET, host, &((struct sockaddr_in *)out)->sin_addr) == 1)
        out->ss_family = AF_INET;
    else if (inet_pton(AF_INET6, host, &((struct sockaddr_in6 *)out)->sin6_addr) == 1)
        out->ss_family = AF_INET6;
    if (out->ss_family != AF_UNSPEC) {
        set_port(out, port, flowinfo, scope_id);
        return 0;
    }
    /* a name: IPv4 first (an IPv4 address also works on an IPv6 socket), then IPv6 */
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_family = AF_INET;
    g = getaddrinfo(host, NULL, &hints, &res);
    if (g != 0) {
        hints.ai_family = AF_INET6;
        g = getaddrinfo(host, NULL, &hints, &res);
    }
    if (g != 0) {
        if (gai_error)
            *gai_error = g;
        return -EADDRNOTAVAIL;
    }
    memcpy(out, res->ai_addr, res->ai_addrlen <= sizeof *out ? res->ai_addrlen : sizeof *out);
    freeaddrinfo(res);
    set_port(out, port, flowinfo, scope_id);
    return 0;
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
                      unsigned char **out)
{
    size_t used = 0;
    unsigned char *p;
    int i, r;
    if (count <= 0 || count > 65535)
        return -EINVAL;
    if (!(p = malloc((size_t)count * sizeof(struct sockaddr_in6))))
        return -ENOMEM;
    for (i = 0; i < count; i++) {
        struct sockaddr_storage a;
        socklen_t len;
        if ((r = sctpc__resolve_unspec(fd, &addrs[i], &a)) < 0) {
            free(p);
            return r;
        }
        len = sctpc_addrlen(a.ss_family);
        memcpy(p + used, &a, len);
        used += len;
    }
    *out = p;
    return (int)used;
}

sctpc_status sctpc_socket(int family, int type)
{
    int fd = socket(family, type | SOCK_CLOEXEC, IPPROTO_SCTP);
    if (fd >= 0)
        return fd;
    /* without SCTP a one-to-many socket fails with "socket type not supported": one answer */
    return sctpc_no_sctp_hint(errno) ? -EPROTONOSUPPORT : sctpc__err();
}

const char *sctpc_no_sctp_hint(int err)
{
    if (err != EPROTONOSUPPORT && err != ESOCKTNOSUPPORT)
        return NULL;
    if (access("/proc/sys/net/sctp", F_OK) == 0)     /* the module is there: another cause */
        return NULL;
    return "this kernel has no SCTP: load it with `modprobe sctp` (Debian ships the module "
           "in linux-image-*, some distributions in kernel-modules-extra)";
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

sctpc_status sctpc_accept(struct sctpc_sock *s, struct sockaddr_storage *peer)
{
    int64_t deadline = SCTPC__NO_DEADLINE_YET;
    int fd = sctpc__enter(s), r, type = 0, listening = 0;
    socklen_t tl = sizeof type, ll = sizeof listening;
    if (fd < 0)
        return fd;
    /* the errors accept() gives at once, given before waiting for an association that
     * could never come: a one-to-many socket, or one that is not listening */
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tl) < 0 ||
        getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &ll) < 0)
        r = sctpc__err();
    else
        r = type != SOCK_STREAM ? -EOPNOTSUPP : !listening ? -EINVAL : 0;
    while (r == 0) {
        socklen_t len = sizeof *peer;
        struct pollfd p = { .fd = fd, .events = POLLIN };
        /* wait in poll, not in accept(), which would not see close() */
        r = poll(&p, 1, 0);
        if (r == 0 && (r = sctpc__wait(s, POLLIN, &deadline)) < 0)
            break;
        if (r < 0 && errno != EINTR) {
            r = sctpc__err();
            break;
        }
        r = accept4(fd, (struct sockaddr *)peer, &len, SOCK_CLOEXEC);
        if (r >= 0)
            break;
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            r = sctpc__err();
            break;
        }
        r = 0;
    }
    sctpc__leave(s);
    return r;
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
static int finish_connect(struct sctpc_sock *s, int fd, sctp_assoc_t id)
{
    int64_t deadline = SCTPC__NO_DEADLINE_YET;
    int r = sctpc__wait(s, POLLOUT, &deadline), err = 0;
    socklen_t len = sizeof err;
    if (r == -EAGAIN)
        return -EINPROGRESS;
    if (r < 0)
        return r;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
        return sctpc__err();
    return err && !assoc_up(fd, id) ? -err : 0;
}

/* connect() and sctp_connectx() run on a non-blocking descriptor, and the wait is ours
 * (poll, with the timeout and close()'s wake-up).  A connect that blocks in the kernel and
 * is interrupted there (a signal, or task work the kernel queues on the thread) is
 * restarted by the kernel, and the restart finds the association the first attempt set up
 * and fails with EISCONN or EALREADY: a connect that worked would report an error.  The
 * descriptor's mode is put back at once, so other calls see the mode they set. */
static int connect_start(int fd, const void *addrs, socklen_t len, int count, sctp_assoc_t *id)
{
    int flags = fcntl(fd, F_GETFL), r, err;
    if (flags < 0 || (!(flags & O_NONBLOCK) && fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0))
        return sctpc__err();
    r = id ? sctp_connectx(fd, (struct sockaddr *)addrs, count, id)
           : connect(fd, (const struct sockaddr *)addrs, len);
    err = errno;
    if (!(flags & O_NONBLOCK))
        fcntl(fd, F_SETFL, flags);
    errno = err;
    return r == 0 ? 0 : errno == EINPROGRESS ? 1 : -err;
}

sctpc_status sctpc_connect(struct sctpc_sock *s, const struct sockaddr_storage *addr)
{
    struct sockaddr_storage a;
    int fd = sctpc__enter(s), r;
    if (fd < 0)
        return fd;
    if ((r = sctpc__resolve_unspec(fd, addr, &a)) >= 0 &&
        (r = connect_start(fd, &a, sctpc_addrlen(a.ss_family), 0, NULL)) == 1)
        r = finish_connect(s, fd, 0);
    sctpc__leave(s);
    return r;
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
    unsigned char *packed = NULL;
    int len, r;
    if (flags != SCTP_BINDX_ADD_ADDR && flags != SCTP_BINDX_REM_ADDR)
        return -EINVAL;
    if ((len = sctpc__pack_addrs(fd, addrs, count, &packed)) < 0)
        return len;
    r = sctp_bindx(fd, (struct sockaddr *)packed, count, flags) < 0 ? sctpc__err() : 0;
    free(packed);
    return r;
}

sctpc_status sctpc_connectx(struct sctpc_sock *s, const struct sockaddr_storage *addrs,
                            int count)
{
    unsigned char *packed = NULL;
    sctp_assoc_t id = 0;
    int fd = sctpc__enter(s), len, r;
    if (fd < 0)
        return fd;
    if ((r = len = sctpc__pack_addrs(fd, addrs, count, &packed)) >= 0 &&
        (r = connect_start(fd, packed, (socklen_t)len, count, &id)) == 1)
        r = finish_connect(s, fd, id);
    if (r == 0)
        r = id;
    free(packed);
    sctpc__leave(s);
    return r;
}

/* getpaddrs / getladdrs share this: libsctp allocates, we copy out and free. */
static int copy_addrs(int n, struct sockaddr *list, struct sockaddr_storage **out)
{
    unsigned char *p = (unsigned char *)list;
    struct sockaddr_storage *o;
    int i;
    *out = NULL;
    if (n <= 0)
        return 0;
    if (!(o = calloc((size_t)n, sizeof *o)))
        return -ENOMEM;
    for (i = 0; i < n; i++) {
        struct sockaddr *sa = (struct sockaddr *)p;
        socklen_t len = sctpc_addrlen(sa->sa_family);
        if (len == 0)
            break;          /* not IPv4/IPv6: cannot step further safely */
        memcpy(&o[i], sa, len);
        p += len;
    }
    *out = o;
    return i;
}

static int addr_list(int fd, int32_t assoc_id, struct sockaddr_storage **out,
                     int (*get)(int, sctp_assoc_t, struct sockaddr **),
                     int (*release)(struct sockaddr *))
{
    struct sockaddr *list = NULL;
    int n = get(fd, assoc_id, &list), r;
    *out = NULL;
    if (n < 0)
        return sctpc__err();
    r = copy_addrs(n, list, out);
    if (n > 0)
        release(list);
    return r;
}

sctpc_status sctpc_getpaddrs(int fd, int32_t assoc_id, struct sockaddr_storage **out)
{
    return addr_list(fd, assoc_id, out, sctp_getpaddrs, sctp_freepaddrs);
}

sctpc_status sctpc_getladdrs(int fd, int32_t assoc_id, struct sockaddr_storage **out)
{
    return addr_list(fd, assoc_id, out, sctp_getladdrs, sctp_freeladdrs);
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
