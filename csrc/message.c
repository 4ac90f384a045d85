/* Sending and receiving messages with their SCTP ancillary data, and batches of them. */
#define _GNU_SOURCE         /* recvmmsg, sendmmsg */
#include "internal.h"

#include <arpa/inet.h>
#include <poll.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ send-info fields */

enum { F_STREAM, F_PPID, F_FLAGS, F_UNORDERED, F_CONTEXT, F_TTL, F_ASSOC_ID, F_PR_POLICY,
       F_PR_VALUE, F_AUTH_KEY, F_OSTREAMS, F_INSTREAMS, F_ATTEMPTS, F_INIT_TIMEO };

struct info_field { const char *name; int id; int64_t max; int64_t min; };

static const struct info_field sendinfo_fields[] = {
    { "stream", F_STREAM, 0xffff, 0 }, { "ppid", F_PPID, 0xffffffffLL, 0 },
    { "flags", F_FLAGS, 0xffff, 0 }, { "unordered", F_UNORDERED, 1, 0 },
    { "context", F_CONTEXT, 0xffffffffLL, 0 }, { "ttl", F_TTL, 0xffffffffLL, 0 },
    { "assoc_id", F_ASSOC_ID, 0x7fffffff, -0x7fffffffLL - 1 }, { NULL, 0, 0, 0 } };

static const struct info_field sendv_fields[] = {
    { "stream", F_STREAM, 0xffff, 0 }, { "sid", F_STREAM, 0xffff, 0 },
    { "ppid", F_PPID, 0xffffffffLL, 0 }, { "flags", F_FLAGS, 0xffff, 0 },
    { "unordered", F_UNORDERED, 1, 0 }, { "context", F_CONTEXT, 0xffffffffLL, 0 },
    { "assoc_id", F_ASSOC_ID, 0x7fffffff, -0x7fffffffLL - 1 },
    { "pr_policy", F_PR_POLICY, 0xffff, 0 }, { "pr_value", F_PR_VALUE, 0xffffffffLL, 0 },
    { "auth_key", F_AUTH_KEY, 0xffff, 0 }, { "num_ostreams", F_OSTREAMS, 0xffff, 0 },
    { "max_instreams", F_INSTREAMS, 0xffff, 0 }, { "max_attempts", F_ATTEMPTS, 0xffff, 0 },
    { "max_init_timeo", F_INIT_TIMEO, 0xffff, 0 }, { NULL, 0, 0, 0 } };

static const struct info_field *find_field(const struct info_field *t, const char *name,
                                           int64_t value, int *status)
{
    for (; t->name; t++)
        if (strcmp(t->name, name) == 0) {
            /* a boolean takes any value, as truth */
            *status = t->id != F_UNORDERED && (value < t->min || value > t->max) ? -ERANGE : 0;
            return t;
        }
    *status = -ENOENT;
    return NULL;
}

sctpc_status sctpc_sendinfo_set(struct sctpc_sendinfo *info, const char *name, int64_t v)
{
    int r;
    const struct info_field *f = find_field(sendinfo_fields, name, v, &r);
    if (r < 0)
        return r;
    info->valid = 1;
    switch (f->id) {
    case F_STREAM: info->stream = (uint16_t)v; break;
    case F_PPID: info->ppid = (uint32_t)v; break;
    case F_FLAGS: info->flags = (uint16_t)((info->flags & SCTP_UNORDERED) | v); break;
    case F_UNORDERED:
        info->flags = (uint16_t)(v ? info->flags | SCTP_UNORDERED : info->flags & ~SCTP_UNORDERED);
        break;
    case F_CONTEXT: info->context = (uint32_t)v; break;
    case F_TTL: info->ttl = (uint32_t)v; break;
    case F_ASSOC_ID: info->assoc_id = (int32_t)v; break;
    }
    return 0;
}

sctpc_status sctpc_sendv_info_set(struct sctpc_sendv_info *info, const char *name, int64_t v)
{
    int r;
    const struct info_field *f = find_field(sendv_fields, name, v, &r);
    if (r < 0)
        return r;
    switch (f->id) {
    case F_STREAM: info->sid = (uint16_t)v; info->valid |= SCTPC_SEND_SNDINFO; break;
    case F_PPID: info->ppid = (uint32_t)v; info->valid |= SCTPC_SEND_SNDINFO; break;
    case F_FLAGS:
        info->flags = (uint16_t)((info->flags & SCTP_UNORDERED) | v);
        info->valid |= SCTPC_SEND_SNDINFO;
        break;
    case F_UNORDERED:
        info->flags = (uint16_t)(v ? info->flags | SCTP_UNORDERED : info->flags & ~SCTP_UNORDERED);
        info->valid |= SCTPC_SEND_SNDINFO;
        break;
    case F_CONTEXT: info->context = (uint32_t)v; info->valid |= SCTPC_SEND_SNDINFO; break;
    case F_ASSOC_ID: info->assoc_id = (int32_t)v; info->valid |= SCTPC_SEND_SNDINFO; break;
    case F_PR_POLICY: info->pr_policy = (uint16_t)v; info->valid |= SCTPC_SEND_PRINFO; break;
    case F_PR_VALUE: info->pr_value = (uint32_t)v; info->valid |= SCTPC_SEND_PRINFO; break;
    case F_AUTH_KEY: info->auth_keynumber = (uint16_t)v; info->valid |= SCTPC_SEND_AUTHINFO; break;
    case F_OSTREAMS: info->num_ostreams = (uint16_t)v; info->valid |= SCTPC_SEND_INIT; break;
    case F_INSTREAMS: info->max_instreams = (uint16_t)v; info->valid |= SCTPC_SEND_INIT; break;
    case F_ATTEMPTS: info->max_attempts = (uint16_t)v; info->valid |= SCTPC_SEND_INIT; break;
    case F_INIT_TIMEO: info->max_init_timeo = (uint16_t)v; info->valid |= SCTPC_SEND_INIT; break;
    }
    return 0;
}

sctpc_status sctpc_sendv_info_set_name(struct sctpc_sendv_info *info, const char *name,
                                       const char *value)
{
    static const struct { const char *name; int value; } policies[] = {
        { "none", SCTP_PR_SCTP_NONE }, { "ttl", SCTP_PR_SCTP_TTL },
        { "rtx", SCTP_PR_SCTP_RTX }, { "prio", SCTP_PR_SCTP_PRIO } };
    size_t i;
    if (strcmp(name, "pr_policy") != 0)
        return find_field(sendv_fields, name, 0, &(int){0}) ? -EINVAL : -ENOENT;
    for (i = 0; i < sizeof policies / sizeof policies[0]; i++)
        if (strcmp(policies[i].name, value) == 0)
            return sctpc_sendv_info_set(info, name, policies[i].value);
    return -EDOM;
}

const char *sctpc_sendinfo_name_at(int i)
{
    return i >= 0 && i < (int)(sizeof sendinfo_fields / sizeof sendinfo_fields[0]) ?
           sendinfo_fields[i].name : NULL;
}

const char *sctpc_sendv_info_name_at(int i)
{
    return i >= 0 && i < (int)(sizeof sendv_fields / sizeof sendv_fields[0]) ?
           sendv_fields[i].name : NULL;
}

/* ------------------------------------------------------------------ sending */

/* sendmsg, waiting for room as the handle's timeout says; never blocks in the kernel. */
static int send_until(struct sctpc_sock *s, int fd, struct msghdr *m, int msg_flags)
{
    int64_t deadline = SCTPC__NO_DEADLINE_YET;
    for (;;) {
        ssize_t n = sendmsg(fd, m, msg_flags | MSG_NOSIGNAL | MSG_DONTWAIT);
        int r;
        if (n >= 0)
            return (int)n;
        if ((r = sctpc__retry(s, POLLOUT, &deadline, msg_flags)) < 0)
            return r;
    }
}

/* Aligned room for one SCTP_SNDRCV control message. */
union sndrcv_control {
    struct cmsghdr h;
    unsigned char b[CMSG_SPACE(sizeof(struct sctp_sndrcvinfo))];
};

/* The SCTP_SNDRCV control message carrying info (sctpc_send, sctpc_send_many). */
static void put_sndrcv(union sndrcv_control *ctl, const struct sctpc_sendinfo *info)
{
    struct sctp_sndrcvinfo s = { .sinfo_stream = info->stream, .sinfo_flags = info->flags,
                                 .sinfo_ppid = htonl(info->ppid), .sinfo_context = info->context,
                                 .sinfo_timetolive = info->ttl, .sinfo_assoc_id = info->assoc_id };
    memset(ctl, 0, sizeof *ctl);
    ctl->h.cmsg_level = IPPROTO_SCTP;
    ctl->h.cmsg_type = SCTP_SNDRCV;
    ctl->h.cmsg_len = CMSG_LEN(sizeof s);
    memcpy(CMSG_DATA(&ctl->h), &s, sizeof s);
}

sctpc_status sctpc_send(struct sctpc_sock *s, const struct sockaddr_storage *to,
                        const struct sctpc_sendinfo *info, int msg_flags,
                        const void *buf, size_t len)
{
    union sndrcv_control ctl;
    struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
    struct sockaddr_storage dst;
    int fd = sctpc__enter(s), r = 0;

    if (fd < 0)
        return fd;
    if (to) {
        if ((r = sctpc__resolve_unspec(fd, to, &dst)) == 0) {
            m.msg_name = &dst;
            m.msg_namelen = sctpc_addrlen(dst.ss_family);
        }
    }
    if (info && info->valid) {
        put_sndrcv(&ctl, info);
        m.msg_control = ctl.b;
        m.msg_controllen = sizeof ctl.b;
    }
    if (r == 0)
        r = send_until(s, fd, &m, msg_flags);
    sctpc__leave(s);
    return r;
}

/* Append one control message; m->msg_controllen counts what is in use so far.  The caller
 * sized m->msg_control (zeroed) for everything it adds. */
static void *add_cmsg(struct msghdr *m, int type, size_t size)
{
    struct cmsghdr *c = (struct cmsghdr *)((unsigned char *)m->msg_control + m->msg_controllen);
    c->cmsg_level = IPPROTO_SCTP;
    c->cmsg_type = type;
    c->cmsg_len = CMSG_LEN(size);
    m->msg_controllen += CMSG_SPACE(size);
    return CMSG_DATA(c);
}

#define SENDV_FIXED_CONTROL (CMSG_SPACE(sizeof(struct sctp_sndinfo)) + \
    CMSG_SPACE(sizeof(struct sctp_prinfo)) + CMSG_SPACE(sizeof(struct sctp_authinfo)) + \
    CMSG_SPACE(sizeof(struct sctp_initmsg)))

static int sendv_fill(int fd, struct msghdr *m, const struct sockaddr_storage *addrs, int count,
                      const struct sctpc_sendv_info *info, struct sockaddr_storage *dst)
{
    int i, r;
    if (count > 0) {
        if ((r = sctpc__resolve_unspec(fd, &addrs[0], dst)) < 0)
            return r;
        m->msg_name = dst;
        m->msg_namelen = sctpc_addrlen(dst->ss_family);
    }
    if (info && (info->valid & SCTPC_SEND_SNDINFO)) {
        struct sctp_sndinfo s = { .snd_sid = info->sid, .snd_flags = info->flags,
                                  .snd_ppid = htonl(info->ppid), .snd_context = info->context,
                                  .snd_assoc_id = info->assoc_id };
        memcpy(add_cmsg(m, SCTP_SNDINFO, sizeof s), &s, sizeof s);
    }
    if (info && (info->valid & SCTPC_SEND_PRINFO)) {
        struct sctp_prinfo s = { .pr_policy = info->pr_policy, .pr_value = info->pr_value };
        memcpy(add_cmsg(m, SCTP_PRINFO, sizeof s), &s, sizeof s);
    }
    if (info && (info->valid & SCTPC_SEND_AUTHINFO)) {
        struct sctp_authinfo s = { .auth_keynumber = info->auth_keynumber };
        memcpy(add_cmsg(m, SCTP_AUTHINFO, sizeof s), &s, sizeof s);
    }
    if (info && (info->valid & SCTPC_SEND_INIT)) {
        struct sctp_initmsg s = { .sinit_num_ostreams = info->num_ostreams,
                                  .sinit_max_instreams = info->max_instreams,
                                  .sinit_max_attempts = info->max_attempts,
                                  .sinit_max_init_timeo = info->max_init_timeo };
        memcpy(add_cmsg(m, SCTP_INIT, sizeof s), &s, sizeof s);
    }
    for (i = 1; i < count; i++) {
        struct sockaddr_storage a;
        if ((r = sctpc__resolve_unspec(fd, &addrs[i], &a)) < 0)
            return r;
        if (a.ss_family == AF_INET) {
            struct in_addr *p = add_cmsg(m, SCTP_DSTADDRV4, sizeof *p);
            *p = ((struct sockaddr_in *)&a)->sin_addr;
        } else {
            struct in6_addr *p = add_cmsg(m, SCTP_DSTADDRV6, sizeof *p);
            *p = ((struct sockaddr_in6 *)&a)->sin6_addr;
        }
    }
    if (m->msg_controllen == 0)
        m->msg_control = NULL;
    return 0;
}

sctpc_status sctpc_sendv(struct sctpc_sock *s, const struct sockaddr_storage *addrs, int count,
                         const struct sctpc_sendv_info *info, int msg_flags,
                         const struct iovec *iov, int iovcnt)
{
    union { struct cmsghdr h; unsigned char b[SENDV_FIXED_CONTROL + 8 * CMSG_SPACE(16)]; } small;
    size_t need;
    struct msghdr m = { .msg_iov = (struct iovec *)iov, .msg_iovlen = (size_t)iovcnt };
    struct sockaddr_storage dst;
    void *ctl = small.b;
    int fd, r;

    if (count < 0 || count > 65535 || iovcnt < 0 || iovcnt > SCTPC_MAX_IOV)
        return -EINVAL;
    need = SENDV_FIXED_CONTROL + (size_t)(count > 1 ? count - 1 : 0) * CMSG_SPACE(sizeof(struct in6_addr));
    if (need > sizeof small.b && !(ctl = malloc(need)))
        return -ENOMEM;
    memset(ctl, 0, need > sizeof small.b ? need : sizeof small.b);
    m.msg_control = ctl;
    if ((fd = sctpc__enter(s)) < 0)
        r = fd;
    else {
        if ((r = sendv_fill(fd, &m, addrs, count, info, &dst)) == 0)
            r = send_until(s, fd, &m, msg_flags);
        sctpc__leave(s);
    }
    if (ctl != small.b)
        free(ctl);
    return r;
}

sctpc_status sctpc_send_many(struct sctpc_sock *s, const struct sctpc_sendinfo *info,
                             int msg_flags, const struct iovec *msgs, int count)
{
    union sndrcv_control ctl;
    struct mmsghdr mm[SCTPC_MAX_BATCH];
    int64_t deadline = SCTPC__NO_DEADLINE_YET;
    int i, done = 0, fd, r = 0;

    if (count <= 0 || count > SCTPC_MAX_BATCH)
        return -EINVAL;
    if (info && info->valid)   /* one SCTP_SNDRCV for every message: the kernel only reads it */
        put_sndrcv(&ctl, info);
    memset(mm, 0, sizeof mm[0] * (size_t)count);
    for (i = 0; i < count; i++) {
        mm[i].msg_hdr.msg_iov = (struct iovec *)&msgs[i];
        mm[i].msg_hdr.msg_iovlen = 1;
        if (info && info->valid) {
            mm[i].msg_hdr.msg_control = ctl.b;
            mm[i].msg_hdr.msg_controllen = sizeof ctl.b;
        }
    }
    if ((fd = sctpc__enter(s)) < 0)
        return fd;
    while (done < count) {
        int n = sendmmsg(fd, mm + done, (unsigned)(count - done),
                         msg_flags | MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            done += n;
            continue;
        }
        if (n == 0)
            errno = EAGAIN;
        /* would block: wait for room; when the time is up, report what went (if any) */
        if ((r = sctpc__retry(s, POLLOUT, &deadline, msg_flags)) < 0)
            break;
    }
    sctpc__leave(s);
    return done ? done : r;
}

/* ------------------------------------------------------------------ receiving */

/* Take what the kernel attached to a received message into info (fuzzed: fuzz_cmsg.c);
 * every field from has_info to nxt_assoc_id is set, to 0 where nothing came.  Plain stores,
 * not a memset: a memset of this size compiles to a string instruction, which emulators
 * run slowly, and this runs on every receive. */
void sctpc__read_cmsgs(struct msghdr *m, struct sctpc_recvinfo *info)
{
    /* no control buffer: nothing attached (and no pointer to add to) */
    const unsigned char *end = m->msg_control ?
        (const unsigned char *)m->msg_control + m->msg_controllen : NULL;
    struct cmsghdr *c;
    info->has_info = info->has_nxt = 0;
    info->ttl = 0;                  /* only SCTP_SNDRCV has it */
    for (c = end ? CMSG_FIRSTHDR(m) : NULL; c; c = CMSG_NXTHDR(m, c)) {
        /* a header claiming more than the buffer holds ends the list (found by fuzz_cmsg) */
        if (c->cmsg_len > (size_t)(end - (const unsigned char *)c))
            break;
        if (c->cmsg_level != IPPROTO_SCTP)
            continue;
        if (c->cmsg_type == SCTP_SNDRCV && c->cmsg_len >= CMSG_LEN(sizeof(struct sctp_sndrcvinfo))) {
            struct sctp_sndrcvinfo s;
            memcpy(&s, CMSG_DATA(c), sizeof s);
            info->has_info = 1;
            info->stream = s.sinfo_stream; info->ssn = s.sinfo_ssn; info->flags = s.sinfo_flags;
            info->ppid = ntohl(s.sinfo_ppid); info->context = s.sinfo_context;
            info->ttl = s.sinfo_timetolive; info->tsn = s.sinfo_tsn;
            info->cumtsn = s.sinfo_cumtsn; info->assoc_id = s.sinfo_assoc_id;
        } else if (c->cmsg_type == SCTP_RCVINFO && c->cmsg_len >= CMSG_LEN(sizeof(struct sctp_rcvinfo))) {
            struct sctp_rcvinfo s;
            memcpy(&s, CMSG_DATA(c), sizeof s);
            info->has_info = 1;
            info->stream = s.rcv_sid; info->ssn = s.rcv_ssn; info->flags = s.rcv_flags;
            info->ppid = ntohl(s.rcv_ppid); info->tsn = s.rcv_tsn; info->cumtsn = s.rcv_cumtsn;
            info->context = s.rcv_context; info->assoc_id = s.rcv_assoc_id;
        } else if (c->cmsg_type == SCTP_NXTINFO && c->cmsg_len >= CMSG_LEN(sizeof(struct sctp_nxtinfo))) {
            struct sctp_nxtinfo s;
            memcpy(&s, CMSG_DATA(c), sizeof s);
            info->has_nxt = 1;
            info->nxt_stream = s.nxt_sid; info->nxt_flags = s.nxt_flags;
            info->nxt_ppid = ntohl(s.nxt_ppid); info->nxt_length = s.nxt_length;
            info->nxt_assoc_id = s.nxt_assoc_id;
        }
    }
    if (!info->has_info) {
        info->stream = info->ssn = info->flags = 0;
        info->ppid = info->context = info->tsn = info->cumtsn = 0;
        info->assoc_id = 0;
    }
    if (!info->has_nxt) {
        info->nxt_stream = info->nxt_flags = 0;
        info->nxt_ppid = info->nxt_length = 0;
        info->nxt_assoc_id = 0;
    }
}

/* Room for SNDRCV + RCVINFO + NXTINFO together: libsctp's sctp_recvmsg has room for one and
 * silently loses the rest (MSG_CTRUNC) when several are enabled. */
union recv_control {
    struct cmsghdr h;
    unsigned char b[CMSG_SPACE(sizeof(struct sctp_sndrcvinfo)) +
                    CMSG_SPACE(sizeof(struct sctp_rcvinfo)) +
                    CMSG_SPACE(sizeof(struct sctp_nxtinfo))];
};

/* A receive's header: the sender's address into info, the data into iov, room for control. */
static void recv_header(struct msghdr *m, struct iovec *iov, union recv_control *ctl,
                        struct sctpc_recvinfo *info)
{
    m->msg_name = &info->from;
    m->msg_namelen = sizeof info->from;
    m->msg_iov = iov;
    m->msg_iovlen = 1;
    m->msg_control = ctl->b;
    m->msg_controllen = sizeof ctl->b;
    m->msg_flags = 0;
}

/* What recvmsg said about one message (n bytes at buf), into info. */
static void take_received(struct msghdr *m, struct sctpc_recvinfo *info, const void *buf,
                          size_t n)
{
    info->msg_flags = m->msg_flags;
    if (m->msg_namelen == 0)
        info->from.ss_family = AF_UNSPEC;
    sctpc__read_cmsgs(m, info);
    info->note = info->msg_flags & MSG_NOTIFICATION ? buf : NULL;
    info->note_len = info->msg_flags & MSG_NOTIFICATION ? n : 0;
}

void sctpc_recvinfo_clear(struct sctpc_recvinfo *info)
{
    if (!info->note_heap)           /* the usual case: no call into libc */
        return;
    free(info->note_heap);
    info->note_heap = NULL;
}

/* A notification of n bytes received into iov, made whole in one heap block that
 * info->note then points to: the pieces gathered and, if it was read without MSG_EOR (and
 * more is set), the rest read (it is queued already). */
static int complete_notification(int fd, const struct iovec *iov, size_t n, int more,
                                 struct sctpc_recvinfo *info)
{
    size_t cap = n * 2 > 512 ? n * 2 : 512, have = 0;
    unsigned char *p = malloc(cap);
    if (!p)
        return -ENOMEM;
    for (; have < n; iov++) {
        size_t k = n - have < iov->iov_len ? n - have : iov->iov_len;
        memcpy(p + have, iov->iov_base, k);
        have += k;
    }
    while (more) {
        struct iovec rest;
        struct msghdr m;
        ssize_t got;
        if (have == cap) {
            unsigned char *q = cap > (SCTPC_MAX_BATCH_BYTES) ? NULL : realloc(p, cap * 2);
            if (!q) {
                free(p);
                return -ENOMEM;
            }
            p = q;
            cap *= 2;
        }
        rest.iov_base = p + have;
        rest.iov_len = cap - have;
        memset(&m, 0, sizeof m);
        m.msg_iov = &rest;
        m.msg_iovlen = 1;
        got = recvmsg(fd, &m, MSG_DONTWAIT);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0 || !(m.msg_flags & MSG_NOTIFICATION))
            break;          /* cannot happen for a queued notification; keep what came */
        have += (size_t)got;
        if (m.msg_flags & MSG_EOR) {
            info->msg_flags |= MSG_EOR;
            break;
        }
    }
    info->note_heap = p;
    info->note = p;
    info->note_len = have;
    return 0;
}

static int partial_notification(const struct sctpc_recvinfo *info)
{
    return (info->msg_flags & (MSG_NOTIFICATION | MSG_EOR)) == MSG_NOTIFICATION;
}

sctpc_status sctpc_recvv(struct sctpc_sock *s, int msg_flags, const struct iovec *iov,
                         int iovcnt, struct sctpc_recvinfo *info)
{
    union recv_control ctl;
    struct msghdr m;
    int64_t deadline = SCTPC__NO_DEADLINE_YET;
    int fd, r;

    info->note_heap = NULL;
    if (iovcnt < 1 || iovcnt > SCTPC_MAX_IOV)
        return -EINVAL;
    if ((fd = sctpc__enter(s)) < 0)
        return fd;
    for (;;) {
        ssize_t n;
        recv_header(&m, (struct iovec *)iov, &ctl, info);
        m.msg_iovlen = (size_t)iovcnt;
        n = recvmsg(fd, &m, msg_flags | MSG_DONTWAIT);
        if (n >= 0) {
            int more;
            take_received(&m, info, iov[0].iov_base, (size_t)n);
            more = partial_notification(info) && !(msg_flags & MSG_PEEK);
            r = (int)n;
            if ((info->msg_flags & MSG_NOTIFICATION) && (more || (size_t)n > iov[0].iov_len)) {
                int c = complete_notification(fd, iov, (size_t)n, more, info);
                if (c < 0)
                    r = c;
            }
            break;
        }
        if ((r = sctpc__retry(s, POLLIN, &deadline, msg_flags)) < 0)
            break;
    }
    sctpc__leave(s);
    return r;
}

sctpc_status sctpc_recv(struct sctpc_sock *s, int msg_flags, void *buf, size_t len,
                        struct sctpc_recvinfo *info)
{
    struct iovec iov = { .iov_base = buf, .iov_len = len };
    return sctpc_recvv(s, msg_flags, &iov, 1, info);
}

/* ------------------------------------------------------------------ batches */

/* Each message goes first into a short head, the heads side by side, and what does not fit
 * into its slot of the area (size bytes per message), where a longer one is made whole.
 * Short messages, the common case, are then read from the few pages the heads share rather
 * than from a page of their own each (measured: see bench/README.md).  A caller can give
 * heads of its own for take's refills: a binding's new message objects, received into
 * directly (sctpc_batch_set_heads). */
#define BATCH_HEAD 256

struct sctpc_batch {
    char *area;
    char *heads;            /* count heads of head bytes, or NULL when size is small */
    size_t size, head;
    const struct iovec *user_heads;     /* the caller's, for take's refills */
    int count;
    int n;                  /* messages of the last receive */
    int next;               /* the next one to take */
    int eof;                /* the end of the stream was taken: every later take says so */
    pthread_mutex_t lock;   /* held by a taker from take to done */
    int lens[SCTPC_MAX_BATCH];
    char *hbase[SCTPC_MAX_BATCH];       /* the heads of the last receive */
    size_t hlen[SCTPC_MAX_BATCH];
    struct sctpc_recvinfo infos[SCTPC_MAX_BATCH];
};

struct sctpc_batch *sctpc_batch_new(int count, size_t size, int *err)
{
    struct sctpc_batch *b;
    if (count <= 0 || count > SCTPC_MAX_BATCH || size == 0 ||
        size > SCTPC_MAX_BATCH_BYTES / (size_t)count) {
        *err = -EINVAL;
        return NULL;
    }
    b = calloc(1, sizeof *b);
    if (b && size >= 4 * BATCH_HEAD)
        b->head = BATCH_HEAD;
    if (!b || !(b->area = malloc(size * (size_t)count)) ||
        (b->head && !(b->heads = malloc(b->head * (size_t)count)))) {
        if (b)
            free(b->area);
        free(b);
        *err = -ENOMEM;
        return NULL;
    }
    b->size = size;
    b->count = count;
    pthread_mutex_init(&b->lock, NULL);
    *err = 0;
    return b;
}

static void drop_notes(struct sctpc_batch *b)
{
    int i;
    for (i = 0; i < b->n; i++)
        sctpc_recvinfo_clear(&b->infos[i]);
}

void sctpc_batch_free(struct sctpc_batch *b)
{
    if (!b)
        return;
    drop_notes(b);
    pthread_mutex_destroy(&b->lock);
    free(b->heads);
    free(b->area);
    free(b);
}

int sctpc_batch_count(const struct sctpc_batch *b) { return b->count; }
size_t sctpc_batch_size(const struct sctpc_batch *b) { return b->size; }
int sctpc_batch_pending(const struct sctpc_batch *b) { return b->n - b->next; }
int sctpc_batch_received(const struct sctpc_batch *b) { return b->n; }

/* Where message i of len bytes is: in its head if it fits there, else whole in its slot. */
static char *slot_at(const struct sctpc_batch *b, int i, int len)
{
    if (b->hlen[i] && (size_t)len <= b->hlen[i])
        return b->hbase[i];
    return b->area + (size_t)i * b->size;
}

const char *sctpc_batch_at(const struct sctpc_batch *b, int i, int *len,
                           const struct sctpc_recvinfo **info)
{
    if (i < 0 || i >= b->n)
        return NULL;
    *len = b->lens[i];
    *info = &b->infos[i];
    return slot_at(b, i, b->lens[i]);
}

/* A partial notification at slot i: its continuation is in the slots after it (recvmmsg
 * went on with the same notification) and perhaps still queued.  Join them in the heap and
 * drop the continuation slots, so the batch holds whole notifications only. */
static int join_notification(int fd, struct sctpc_batch *b, int i)
{
    struct sctpc_recvinfo *info = &b->infos[i];
    size_t total = (size_t)b->lens[i];
    int j = i + 1, k, r;
    unsigned char *p;
    while (j < b->n && (b->infos[j - 1].msg_flags & MSG_EOR) == 0 &&
           (b->infos[j].msg_flags & MSG_NOTIFICATION))
        total += (size_t)b->lens[j++];
    if (!(p = malloc(total ? total : 1)))
        return -ENOMEM;
    total = 0;
    for (k = i; k < j; k++) {
        memcpy(p + total, slot_at(b, k, b->lens[k]), (size_t)b->lens[k]);
        total += (size_t)b->lens[k];
    }
    info->msg_flags |= b->infos[j - 1].msg_flags & MSG_EOR;
    if (partial_notification(info)) {        /* the batch ended before the notification */
        struct iovec whole = { .iov_base = p, .iov_len = total };
        r = complete_notification(fd, &whole, total, 1, info);
        free(p);
        if (r < 0)
            return r;
    } else {
        info->note_heap = p;
        info->note = p;
        info->note_len = total;
    }
    /* close the gap: later slots move down (rare: only after a notification that did not fit) */
    for (k = j; k < b->n; k++) {
        int to = i + 1 + (k - j);
        memcpy(slot_at(b, to, b->lens[k]), slot_at(b, k, b->lens[k]), (size_t)b->lens[k]);
        b->lens[to] = b->lens[k];
        b->infos[to] = b->infos[k];
        if (b->infos[to].msg_flags & MSG_NOTIFICATION)
            b->infos[to].note = (const unsigned char *)slot_at(b, to, b->lens[to]);
    }
    b->n -= j - i - 1;
    return 0;
}

static int batch_fill(struct sctpc_sock *s, struct sctpc_batch *b, int msg_flags,
                      const struct iovec *heads)
{
    struct mmsghdr mm[SCTPC_MAX_BATCH];
    struct iovec iov[SCTPC_MAX_BATCH][2];
    union recv_control ctl[SCTPC_MAX_BATCH];
    int64_t deadline = SCTPC__NO_DEADLINE_YET;
    int i, fd = sctpc__enter(s), r;

    drop_notes(b);
    b->n = b->next = 0;
    if (fd < 0)
        return fd;
    for (;;) {
        int n;
        for (i = 0; i < b->count; i++) {
            size_t hl = heads ? heads[i].iov_len : b->head;
            b->hbase[i] = heads ? heads[i].iov_base : b->head ? b->heads + (size_t)i * b->head : NULL;
            b->hlen[i] = hl = !b->hbase[i] ? 0 : hl < b->size ? hl : b->size;
            iov[i][0].iov_base = b->hbase[i];
            iov[i][0].iov_len = hl;
            iov[i][1].iov_base = b->area + (size_t)i * b->size + hl;
            iov[i][1].iov_len = b->size - hl;
            recv_header(&mm[i].msg_hdr, &iov[i][hl ? 0 : 1], &ctl[i], &b->infos[i]);
            mm[i].msg_hdr.msg_iovlen = hl ? 2 : 1;
            b->infos[i].note_heap = NULL;
            mm[i].msg_len = 0;
        }
        /* never wait inside the kernel: what is queued now, or poll for the first one */
        n = recvmmsg(fd, mm, (unsigned)b->count, msg_flags | MSG_DONTWAIT, NULL);
        if (n > 0) {
            for (i = 0; i < n; i++) {
                b->lens[i] = (int)mm[i].msg_len;
                if (b->hlen[i] && mm[i].msg_len > b->hlen[i])     /* made whole in its slot */
                    memcpy(b->area + (size_t)i * b->size, b->hbase[i], b->hlen[i]);
                take_received(&mm[i].msg_hdr, &b->infos[i], slot_at(b, i, b->lens[i]), mm[i].msg_len);
                /* recvmmsg would fill every slot left with the same */
                if (sctpc_end_of_stream(b->lens[i], &b->infos[i])) {
                    n = i + 1;
                    break;
                }
            }
            b->n = n;
            r = 0;
            for (i = 0; i < b->n && r == 0; i++)
                if (partial_notification(&b->infos[i]))
                    r = join_notification(fd, b, i);
            r = r < 0 ? r : b->n;
            break;
        }
        if (n == 0) {
            r = 0;
            break;
        }
        if ((r = sctpc__retry(s, POLLIN, &deadline, msg_flags)) < 0)
            break;
    }
    sctpc__leave(s);
    return r;
}

sctpc_status sctpc_batch_receive(struct sctpc_sock *s, struct sctpc_batch *b, int msg_flags)
{
    int r;
    if (!(msg_flags & MSG_DONTWAIT))
        pthread_mutex_lock(&b->lock);
    else if (pthread_mutex_trylock(&b->lock) != 0)
        return -EAGAIN;     /* one try: it would wait for the thread filling the batch */
    r = batch_fill(s, b, msg_flags, NULL);
    b->next = b->n;         /* handed over whole: nothing left for sctpc_batch_take */
    pthread_mutex_unlock(&b->lock);
    return r;
}

/* With the lock held: the next message, if one is there. */
static int take_next(struct sctpc_batch *b, int *i)
{
    if (b->eof)
        return 0;
    if (b->next >= b->n)
        return -EAGAIN;
    *i = b->next++;
    if (sctpc_end_of_stream(b->lens[*i], &b->infos[*i])) {
        b->eof = 1;
        return 0;
    }
    return 1;
}

int sctpc_batch_try_take(struct sctpc_batch *b, int *i)
{
    int r;
    if (pthread_mutex_trylock(&b->lock) != 0)
        return 0;
    r = take_next(b, i);
    if (r == 1)
        return 1;           /* the caller holds the batch */
    pthread_mutex_unlock(&b->lock);
    return 0;
}

sctpc_status sctpc_batch_take(struct sctpc_sock *s, struct sctpc_batch *b, int *i)
{
    int r;
    pthread_mutex_lock(&b->lock);
    while ((r = take_next(b, i)) == -EAGAIN) {
        r = batch_fill(s, b, 0, b->user_heads);
        if (r <= 0)
            break;
    }
    if (r != 1)
        pthread_mutex_unlock(&b->lock);
    return r;
}

void sctpc_batch_done(struct sctpc_batch *b)
{
    if (b->user_heads)      /* the slot taken (the last): its head is the caller's now */
        b->hlen[b->next - 1] = 0;
    pthread_mutex_unlock(&b->lock);
}

void sctpc_batch_set_heads(struct sctpc_batch *b, const struct iovec *heads)
{
    pthread_mutex_lock(&b->lock);
    drop_notes(b);
    b->n = b->next = 0;
    b->user_heads = heads;
    pthread_mutex_unlock(&b->lock);
}

void sctpc_recvinfo_fields(const struct sctpc_recvinfo *in, struct sctpc_fields *o)
{
    o->count = 0;
    SCTPC_INTF(o, "stream", in->stream);
    SCTPC_INTF(o, "ssn", in->ssn);
    SCTPC_INTF(o, "flags", in->flags);
    SCTPC_INTF(o, "ppid", in->ppid);
    SCTPC_INTF(o, "context", in->context);
    SCTPC_INTF(o, "timetolive", in->ttl);
    SCTPC_INTF(o, "tsn", in->tsn);
    SCTPC_INTF(o, "cumtsn", in->cumtsn);
    SCTPC_INTF(o, "assoc_id", in->assoc_id);
    if (in->has_nxt) {
        SCTPC_INTF(o, "nxt_stream", in->nxt_stream);
        SCTPC_INTF(o, "nxt_flags", in->nxt_flags);
        SCTPC_INTF(o, "nxt_ppid", in->nxt_ppid);
        SCTPC_INTF(o, "nxt_length", in->nxt_length);
        SCTPC_INTF(o, "nxt_assoc_id", in->nxt_assoc_id);
    }
}
