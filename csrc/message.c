/* Sending and receiving messages with their SCTP ancillary data. */
#define _GNU_SOURCE         /* recvmmsg, sendmmsg */
#include "internal.h"

#include <poll.h>
#include <stddef.h>
#include <string.h>

/* sendmsg, waiting for room until the deadline.  With a timeout it never blocks in the
 * kernel, even on a descriptor in blocking mode. */
static int send_until(int fd, struct msghdr *m, int msg_flags, int timeout_ms, int64_t deadline)
{
    for (;;) {
        ssize_t n = sendmsg(fd, m, msg_flags | MSG_NOSIGNAL | (timeout_ms >= 0 ? MSG_DONTWAIT : 0));
        int r;
        if (n >= 0)
            return (int)n;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return sctpc__err();
        if ((r = sctpc__wait(fd, POLLOUT, timeout_ms, deadline)) < 0)
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
                                 .sinfo_ppid = info->ppid, .sinfo_context = info->context,
                                 .sinfo_timetolive = info->ttl, .sinfo_assoc_id = info->assoc_id };
    memset(ctl, 0, sizeof *ctl);
    ctl->h.cmsg_level = IPPROTO_SCTP;
    ctl->h.cmsg_type = SCTP_SNDRCV;
    ctl->h.cmsg_len = CMSG_LEN(sizeof s);
    memcpy(CMSG_DATA(&ctl->h), &s, sizeof s);
}

sctpc_status sctpc_send(int fd, const struct sockaddr_storage *to, const struct sctpc_sendinfo *info,
                        int msg_flags, int timeout_ms, const void *buf, size_t len)
{
    union sndrcv_control ctl;
    struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
    struct sockaddr_storage dst;
    int64_t deadline = sctpc__deadline(timeout_ms);

    if (to) {
        int r = sctpc__resolve_unspec(fd, to, &dst);
        if (r < 0)
            return r;
        m.msg_name = &dst;
        m.msg_namelen = sctpc_addrlen(dst.ss_family);
    }
    if (info) {
        put_sndrcv(&ctl, info);
        m.msg_control = ctl.b;
        m.msg_controllen = sizeof ctl.b;
    }
    return send_until(fd, &m, msg_flags, timeout_ms, deadline);
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

sctpc_status sctpc_sendv(int fd, const struct sockaddr_storage *addrs, int count,
                         const struct sctpc_sendv_info *info, int msg_flags, int timeout_ms,
                         const void *buf, size_t len)
{
    struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
    return sctpc_sendv_iov(fd, addrs, count, info, msg_flags, timeout_ms, &iov, 1);
}

sctpc_status sctpc_sendv_iov(int fd, const struct sockaddr_storage *addrs, int count,
                             const struct sctpc_sendv_info *info, int msg_flags, int timeout_ms,
                             const struct iovec *iov, int iovcnt)
{
    union {
        struct cmsghdr h;
        unsigned char b[CMSG_SPACE(sizeof(struct sctp_sndinfo)) + CMSG_SPACE(sizeof(struct sctp_prinfo)) +
                        CMSG_SPACE(sizeof(struct sctp_authinfo)) + CMSG_SPACE(sizeof(struct sctp_initmsg)) +
                        (SCTPC_MAX_ADDRS - 1) * CMSG_SPACE(sizeof(struct in6_addr))];
    } ctl;
    struct msghdr m = { .msg_iov = (struct iovec *)iov, .msg_iovlen = (size_t)iovcnt,
                        .msg_control = ctl.b };
    struct sockaddr_storage dst;
    int64_t deadline = sctpc__deadline(timeout_ms);
    int i, r;

    if (count < 0 || count > SCTPC_MAX_ADDRS || iovcnt < 0 || iovcnt > SCTPC_MAX_IOV)
        return -EINVAL;
    memset(&ctl, 0, sizeof ctl);
    if (count > 0) {
        if ((r = sctpc__resolve_unspec(fd, &addrs[0], &dst)) < 0)
            return r;
        m.msg_name = &dst;
        m.msg_namelen = sctpc_addrlen(dst.ss_family);
    }
    if (info && (info->valid & SCTPC_SEND_SNDINFO)) {
        struct sctp_sndinfo s = { .snd_sid = info->sid, .snd_flags = info->flags,
                                  .snd_ppid = info->ppid, .snd_context = info->context,
                                  .snd_assoc_id = info->assoc_id };
        memcpy(add_cmsg(&m, SCTP_SNDINFO, sizeof s), &s, sizeof s);
    }
    if (info && (info->valid & SCTPC_SEND_PRINFO)) {
        struct sctp_prinfo s = { .pr_policy = info->pr_policy, .pr_value = info->pr_value };
        memcpy(add_cmsg(&m, SCTP_PRINFO, sizeof s), &s, sizeof s);
    }
    if (info && (info->valid & SCTPC_SEND_AUTHINFO)) {
        struct sctp_authinfo s = { .auth_keynumber = info->auth_keynumber };
        memcpy(add_cmsg(&m, SCTP_AUTHINFO, sizeof s), &s, sizeof s);
    }
    if (info && (info->valid & SCTPC_SEND_INIT)) {
        struct sctp_initmsg s = { .sinit_num_ostreams = info->num_ostreams,
                                  .sinit_max_instreams = info->max_instreams,
                                  .sinit_max_attempts = info->max_attempts,
                                  .sinit_max_init_timeo = info->max_init_timeo };
        memcpy(add_cmsg(&m, SCTP_INIT, sizeof s), &s, sizeof s);
    }
    for (i = 1; i < count; i++) {
        struct sockaddr_storage a;
        if ((r = sctpc__resolve_unspec(fd, &addrs[i], &a)) < 0)
            return r;
        if (a.ss_family == AF_INET) {
            struct in_addr *p = add_cmsg(&m, SCTP_DSTADDRV4, sizeof *p);
            *p = ((struct sockaddr_in *)&a)->sin_addr;
        } else {
            struct in6_addr *p = add_cmsg(&m, SCTP_DSTADDRV6, sizeof *p);
            *p = ((struct sockaddr_in6 *)&a)->sin6_addr;
        }
    }
    if (m.msg_controllen == 0)
        m.msg_control = NULL;
    return send_until(fd, &m, msg_flags, timeout_ms, deadline);
}

/* Take what the kernel attached to a received message into info (fuzzed: fuzz_cmsg.c). */
void sctpc__read_cmsgs(struct msghdr *m, struct sctpc_recvinfo *info)
{
    const unsigned char *end;
    struct cmsghdr *c;
    if (!m->msg_control)             /* nothing attached (and no pointer to add to) */
        return;
    end = (const unsigned char *)m->msg_control + m->msg_controllen;
    for (c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
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
            info->ppid = s.sinfo_ppid; info->context = s.sinfo_context;
            info->ttl = s.sinfo_timetolive; info->tsn = s.sinfo_tsn;
            info->cumtsn = s.sinfo_cumtsn; info->assoc_id = s.sinfo_assoc_id;
        } else if (c->cmsg_type == SCTP_RCVINFO && c->cmsg_len >= CMSG_LEN(sizeof(struct sctp_rcvinfo))) {
            struct sctp_rcvinfo s;
            memcpy(&s, CMSG_DATA(c), sizeof s);
            info->has_info = 1;
            info->stream = s.rcv_sid; info->ssn = s.rcv_ssn; info->flags = s.rcv_flags;
            info->ppid = s.rcv_ppid; info->tsn = s.rcv_tsn; info->cumtsn = s.rcv_cumtsn;
            info->context = s.rcv_context; info->assoc_id = s.rcv_assoc_id;
        } else if (c->cmsg_type == SCTP_NXTINFO && c->cmsg_len >= CMSG_LEN(sizeof(struct sctp_nxtinfo))) {
            struct sctp_nxtinfo s;
            memcpy(&s, CMSG_DATA(c), sizeof s);
            info->has_nxt = 1;
            info->nxt_stream = s.nxt_sid; info->nxt_flags = s.nxt_flags;
            info->nxt_ppid = s.nxt_ppid; info->nxt_length = s.nxt_length;
            info->nxt_assoc_id = s.nxt_assoc_id;
        }
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
    memset(m, 0, sizeof *m);
    m->msg_name = &info->from;
    m->msg_namelen = sizeof info->from;
    m->msg_iov = iov;
    m->msg_iovlen = 1;
    m->msg_control = ctl->b;
    m->msg_controllen = sizeof ctl->b;
}

/* What recvmsg said about one message, into info. */
static void take_received(struct msghdr *m, struct sctpc_recvinfo *info)
{
    memset(&info->msg_flags, 0, sizeof *info - offsetof(struct sctpc_recvinfo, msg_flags));
    info->msg_flags = m->msg_flags;
    if (m->msg_namelen == 0)
        info->from.ss_family = AF_UNSPEC;
    sctpc__read_cmsgs(m, info);
}

sctpc_status sctpc_recv(int fd, int msg_flags, int timeout_ms, void *buf, size_t len,
                        struct sctpc_recvinfo *info)
{
    union recv_control ctl;
    struct iovec iov = { .iov_base = buf, .iov_len = len };
    struct msghdr m;
    int64_t deadline = sctpc__deadline(timeout_ms);

    for (;;) {
        ssize_t n;
        int r;
        recv_header(&m, &iov, &ctl, info);
        n = recvmsg(fd, &m, msg_flags | (timeout_ms >= 0 ? MSG_DONTWAIT : 0));
        if (n >= 0) {
            take_received(&m, info);
            return (int)n;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return sctpc__err();
        if ((r = sctpc__wait(fd, POLLIN, timeout_ms, deadline)) < 0)
            return r;
    }
}

sctpc_status sctpc_recv_many(int fd, int msg_flags, int timeout_ms, int count, size_t len,
                             void *const *bufs, struct sctpc_recvinfo *infos, int *lens)
{
    struct mmsghdr mm[SCTPC_MAX_BATCH];
    struct iovec iov[SCTPC_MAX_BATCH];
    union recv_control ctl[SCTPC_MAX_BATCH];
    int64_t deadline = sctpc__deadline(timeout_ms);
    int i;

    if (count <= 0 || count > SCTPC_MAX_BATCH)
        return -EINVAL;
    for (;;) {
        int n, r;
        for (i = 0; i < count; i++) {
            iov[i].iov_base = bufs[i];
            iov[i].iov_len = len;
            recv_header(&mm[i].msg_hdr, &iov[i], &ctl[i], &infos[i]);
            mm[i].msg_len = 0;
        }
        /* never wait inside the kernel: what is queued now, or poll for the first one */
        n = recvmmsg(fd, mm, (unsigned)count, msg_flags | MSG_DONTWAIT, NULL);
        if (n > 0) {
            for (i = 0; i < n; i++) {
                take_received(&mm[i].msg_hdr, &infos[i]);
                lens[i] = (int)mm[i].msg_len;
                /* recvmmsg would fill every slot left with the same */
                if (sctpc_end_of_stream(lens[i], &infos[i]))
                    return i + 1;
            }
            return n;
        }
        if (n == 0)
            return 0;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return sctpc__err();
        if ((r = sctpc__wait(fd, POLLIN, timeout_ms, deadline)) < 0)
            return r;
    }
}

sctpc_status sctpc_batch_receive(int fd, int msg_flags, int timeout_ms, struct sctpc_batch *b)
{
    void *bufs[SCTPC_MAX_BATCH];
    int i, r;
    b->n = 0;
    if (b->count <= 0 || b->count > SCTPC_MAX_BATCH)
        return -EINVAL;
    for (i = 0; i < b->count; i++)
        bufs[i] = sctpc_batch_slot(b, i);
    r = sctpc_recv_many(fd, msg_flags, timeout_ms, b->count, b->size, bufs, b->infos, b->lens);
    if (r > 0)
        b->n = r;
    return r;
}

sctpc_status sctpc_send_many(int fd, const struct sctpc_sendinfo *info, int msg_flags,
                             int timeout_ms, const struct iovec *msgs, int count)
{
    union sndrcv_control ctl;
    struct mmsghdr mm[SCTPC_MAX_BATCH];
    int64_t deadline = sctpc__deadline(timeout_ms);
    int i, done = 0;

    if (count <= 0 || count > SCTPC_MAX_BATCH)
        return -EINVAL;
    if (info)       /* one SCTP_SNDRCV for every message: the kernel only reads it */
        put_sndrcv(&ctl, info);
    memset(mm, 0, sizeof mm[0] * (size_t)count);
    for (i = 0; i < count; i++) {
        mm[i].msg_hdr.msg_iov = (struct iovec *)&msgs[i];
        mm[i].msg_hdr.msg_iovlen = 1;
        if (info) {
            mm[i].msg_hdr.msg_control = ctl.b;
            mm[i].msg_hdr.msg_controllen = sizeof ctl.b;
        }
    }
    while (done < count) {
        int n = sendmmsg(fd, mm + done, (unsigned)(count - done),
                         msg_flags | MSG_NOSIGNAL | (timeout_ms >= 0 ? MSG_DONTWAIT : 0));
        int r;
        if (n > 0) {
            done += n;
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            return done ? done : sctpc__err();
        /* would block: wait for room; when the time is up, report what went (if any) */
        if ((r = sctpc__wait(fd, POLLOUT, timeout_ms, deadline)) < 0)
            return done ? done : r;
    }
    return done;
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
