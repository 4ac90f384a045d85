/*
 * sctp_core.h - the C core under the Python and Lua SCTP bindings.
 *
 * Binding-friendly wrappers over the Linux kernel SCTP socket API (and libsctp where it
 * is sound): plain ints, (buffer, length) pairs, flat structs, no hidden allocation.
 *
 * Conventions
 *   - Every call returns >= 0 on success and -errno on failure; errno is never the channel.
 *   - Calls that can block take timeout_ms: -1 waits forever, 0 never waits, > 0 waits at
 *     most that long.  They work on blocking and non-blocking descriptors alike: on EAGAIN
 *     they poll() until the deadline.  Running out of time returns -SCTPC_ETIMEOUT.
 *     (connect and connectx can only be bounded on a non-blocking fd: the kernel's connect
 *     blocks on a blocking one.)
 *   - A signal interrupting a wait returns -EINTR: the binding runs its signal handlers and
 *     calls again (PEP 475); the core never loops on EINTR itself.
 *   - The core never owns a descriptor's lifetime; callers open and close.
 */
#ifndef SCTP_CORE_H
#define SCTP_CORE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status returns: >= 0 is a result, < 0 is -errno.  A typedef of its own lets one binding
 * typemap turn every failure into the language's error. */
typedef int sctpc_status;

/* The core's own timeout (deadline passed while waiting).  ETIME is a code the socket layer
 * never returns, so it cannot be confused with the kernel's ETIMEDOUT (association failed). */
#define SCTPC_ETIMEOUT ETIME

/* recvmsg() flag marking a notification (MSG_NOTIFICATION of <linux/sctp.h>, which this
 * header does not need). */
#define SCTPC_MSG_NOTIFICATION 0x8000

/* Most addresses a single call takes or returns (bindx, connectx, getpaddrs). */
#define SCTPC_MAX_ADDRS 64

/* Deadline arithmetic for bindings that retry after EINTR with the time left (PEP 475):
 * sctpc_deadline(timeout_ms) gives an absolute monotonic ms value (-1 for none: no timeout,
 * or 0, which never waits), and sctpc_time_left(deadline, timeout_ms) the timeout to pass
 * on the next try. */
int64_t sctpc_deadline(int timeout_ms);
int sctpc_time_left(int64_t deadline, int timeout_ms);

/* ---------------------------------------------------------------- sockets and addresses */

sctpc_status sctpc_socket(int family, int type);           /* new fd, O_CLOEXEC */
sctpc_status sctpc_close(int fd);
sctpc_status sctpc_set_nonblocking(int fd, int on);
sctpc_status sctpc_bind(int fd, const struct sockaddr_storage *addr);
sctpc_status sctpc_listen(int fd, int backlog);
/* Accepts one association of a one-to-one socket; the new fd (O_CLOEXEC) is returned and
 * the peer's address stored in *peer. */
sctpc_status sctpc_accept(int fd, struct sockaddr_storage *peer, int timeout_ms);
sctpc_status sctpc_connect(int fd, const struct sockaddr_storage *addr, int timeout_ms);
sctpc_status sctpc_getsockname(int fd, struct sockaddr_storage *addr);
sctpc_status sctpc_getpeername(int fd, struct sockaddr_storage *addr);
sctpc_status sctpc_shutdown(int fd, int how);

/* Address lists.  An entry whose family is AF_UNSPEC stands for the wildcard address of the
 * socket's own family with the entry's port (sin_port), so bindings can say ("", port). */
sctpc_status sctpc_bindx(int fd, const struct sockaddr_storage *addrs, int count, int flags);
/* Returns the new association's id. */
sctpc_status sctpc_connectx(int fd, const struct sockaddr_storage *addrs, int count,
                            int timeout_ms);
/* Fill out[0..max) with the peer's (or our) addresses of association assoc_id; returns
 * how many there are (which may exceed max: then only max were stored). */
sctpc_status sctpc_getpaddrs(int fd, int32_t assoc_id, struct sockaddr_storage *out, int max);
sctpc_status sctpc_getladdrs(int fd, int32_t assoc_id, struct sockaddr_storage *out, int max);
/* Branch an association of a one-to-many socket off into its own fd.  flags: SOCK_CLOEXEC,
 * SOCK_NONBLOCK (kernel 4.13+; the core falls back to the plain peeloff when flags == 0). */
sctpc_status sctpc_peeloff(int fd, int32_t assoc_id, unsigned flags);

/* Length of a sockaddr of that family, 0 if the family is not IPv4/IPv6. */
socklen_t sctpc_addrlen(int family);
/* Text form: writes "a.b.c.d" / "x::y" into host (>= 46 bytes); returns the port. */
sctpc_status sctpc_addr_format(const struct sockaddr_storage *addr, char *host, size_t hostlen);
/* Parses a numeric IPv4 or IPv6 host (an empty host gives AF_UNSPEC, see above). */
sctpc_status sctpc_addr_parse(const char *host, int port, uint32_t flowinfo, uint32_t scope_id,
                              struct sockaddr_storage *out);

/* ---------------------------------------------------------------- messages */

/* Send parameters, carried in an SCTP_SNDRCV control message.  Only the fields whose bits are
 * set in `valid` are sent (0 sends no control message at all: the socket's defaults apply). */
struct sctpc_sendinfo {
    uint16_t stream;
    uint16_t flags;        /* SCTP_UNORDERED, SCTP_ADDR_OVER, SCTP_ABORT, SCTP_EOF, ... */
    uint32_t ppid;         /* opaque: sent exactly as given (see the bindings on byte order) */
    uint32_t context;
    uint32_t ttl;          /* ms, 0 = no limit (with a PR-SCTP policy: the policy's value) */
    int32_t assoc_id;      /* one-to-many sockets: the association to send on, 0 = by address */
};

/* RFC 6458 send parameters for sctpc_sendv: each group is sent only if its bit is in `valid`. */
#define SCTPC_SEND_SNDINFO  1u     /* SCTP_SNDINFO: sid, flags, ppid, context, assoc_id */
#define SCTPC_SEND_PRINFO   2u     /* SCTP_PRINFO: PR-SCTP policy (SCTP_PR_SCTP_TTL/RTX/PRIO) */
#define SCTPC_SEND_AUTHINFO 4u     /* SCTP_AUTHINFO: the shared key to authenticate with */
#define SCTPC_SEND_INIT     8u     /* SCTP_INIT: parameters of an implicitly set-up association */

struct sctpc_sendv_info {
    unsigned valid;
    uint16_t sid, flags;
    uint32_t ppid, context;
    int32_t assoc_id;
    uint16_t pr_policy;
    uint32_t pr_value;
    uint16_t auth_keynumber;
    uint16_t num_ostreams, max_instreams, max_attempts, max_init_timeo;
};

/* What a receive tells besides the data.  has_* say which parts the kernel supplied. */
struct sctpc_recvinfo {
    struct sockaddr_storage from;
    int msg_flags;         /* MSG_NOTIFICATION, MSG_EOR, MSG_CTRUNC, MSG_TRUNC */
    int has_info;          /* SCTP_SNDRCV or SCTP_RCVINFO was received */
    int has_nxt;           /* SCTP_NXTINFO was received */
    uint16_t stream, ssn, flags;
    uint32_t ppid, context, ttl, tsn, cumtsn;
    int32_t assoc_id;
    uint16_t nxt_stream, nxt_flags;
    uint32_t nxt_ppid, nxt_length;
    int32_t nxt_assoc_id;
};

/* Send one message (to: NULL on connected one-to-one sockets or when sending by assoc_id).
 * msg_flags are sendmsg() flags (MSG_DONTWAIT, MSG_NOSIGNAL is always added).
 * Returns the bytes sent. */
sctpc_status sctpc_send(int fd, const struct sockaddr_storage *to, const struct sctpc_sendinfo *info,
                        int msg_flags, int timeout_ms, const void *buf, size_t len);
/* Send one message the RFC 6458 way (sctp_sendv without libsctp's bugs): addrs[0] is the
 * destination, addrs[1..] go along as SCTP_DSTADDRV4/V6 for an implicit multi-homed set-up
 * (count 0: the connected peer or info->assoc_id).  Returns the bytes sent. */
sctpc_status sctpc_sendv(int fd, const struct sockaddr_storage *addrs, int count,
                         const struct sctpc_sendv_info *info, int msg_flags, int timeout_ms,
                         const void *buf, size_t len);
/* The same with the message gathered from iovcnt (<= SCTPC_MAX_IOV) buffers. */
#define SCTPC_MAX_IOV 64
sctpc_status sctpc_sendv_iov(int fd, const struct sockaddr_storage *addrs, int count,
                             const struct sctpc_sendv_info *info, int msg_flags, int timeout_ms,
                             const struct iovec *iov, int iovcnt);
/* Receive one message, or part of one (no MSG_EOR), or a notification (MSG_NOTIFICATION),
 * into buf.  Returns the bytes stored. */
sctpc_status sctpc_recv(int fd, int msg_flags, int timeout_ms, void *buf, size_t len,
                        struct sctpc_recvinfo *info);

/* Batches (recvmmsg / sendmmsg): up to SCTPC_MAX_BATCH messages per call. */
#define SCTPC_MAX_BATCH 64
/* Receive up to count messages, message i into bufs[i] (len bytes each), its length into
 * lens[i] and its info into infos[i].  Waits (as sctpc_recv) only for the first; returns how
 * many were received.  The end of the stream (an empty message) ends the batch. */
sctpc_status sctpc_recv_many(int fd, int msg_flags, int timeout_ms, int count, size_t len,
                             void *const *bufs, struct sctpc_recvinfo *infos, int *lens);
/* Send count messages (msgs[i] is one message each) with the same send info; returns how
 * many were sent: fewer than count when the timeout expired or an error stopped the batch
 * after some were sent (an error before any is returned as -errno). */
sctpc_status sctpc_send_many(int fd, const struct sctpc_sendinfo *info, int msg_flags,
                             int timeout_ms, const struct iovec *msgs, int count);

/* A batch kept between receives, for bindings that hand out messages only when asked:
 * count slots of size bytes each at area (the owner's), message i at area + i * size. */
struct sctpc_batch {
    char *area;
    size_t size;
    int count;
    int n;                                  /* messages of the last receive */
    int lens[SCTPC_MAX_BATCH];
    struct sctpc_recvinfo infos[SCTPC_MAX_BATCH];
};
/* sctpc_recv_many into the batch: n is 0 while it runs and after a failure. */
sctpc_status sctpc_batch_receive(int fd, int msg_flags, int timeout_ms, struct sctpc_batch *b);
/* Where message i of a batch is. */
static inline char *sctpc_batch_slot(const struct sctpc_batch *b, int i)
{
    return b->area + (size_t)i * b->size;
}
/* SCTP has no empty messages: an empty one that is no notification is the end of the
 * stream (a one-to-one peer shut down). */
static inline int sctpc_end_of_stream(int len, const struct sctpc_recvinfo *info)
{
    return len == 0 && !(info->msg_flags & SCTPC_MSG_NOTIFICATION);
}

/* ---------------------------------------------------------------- named fields
 *
 * Structures coming from the kernel (notifications, receive info, socket options) are
 * described once, here, as lists of named fields.  Bindings turn a field list into a
 * dict / Lua table without knowing any SCTP struct, so decoding lives in one place. */

enum sctpc_kind {
    SCTPC_INT,      /* integer in .i */
    SCTPC_ADDR,     /* address at .ptr (struct sockaddr_storage) */
    SCTPC_BYTES,    /* .len bytes at .ptr */
    SCTPC_NAME,     /* symbolic name at .ptr (NUL-terminated), e.g. "COMM_UP" */
    SCTPC_U16LIST,  /* .len host-order uint16_t at .ptr (e.g. stream lists) */
    SCTPC_U8LIST,   /* .len uint8_t at .ptr (e.g. chunk types) */
    SCTPC_S32LIST,  /* .len host-order int32_t at .ptr (e.g. association ids) */
};

struct sctpc_field {
    const char *name;
    int kind;
    int64_t i;
    const void *ptr;
    size_t len;
};

#define SCTPC_MAX_FIELDS 24

/* Element k (< f->len) of a list field (SCTPC_U8LIST, SCTPC_U16LIST, SCTPC_S32LIST). */
int64_t sctpc_field_item(const struct sctpc_field *f, size_t k);

struct sctpc_fields {
    int count;
    struct sctpc_field f[SCTPC_MAX_FIELDS];
};

/* The info of a received data message as fields (stream, ssn, flags, ppid, ...). */
void sctpc_recvinfo_fields(const struct sctpc_recvinfo *info, struct sctpc_fields *out);

/* Decode a complete notification (as received with MSG_NOTIFICATION | MSG_EOR) into fields:
 * always "type" (the number), "type_name" (e.g. "ASSOC_CHANGE"), "flags", "length", then the
 * event's own fields.  Pointers in the result point into buf.  Returns 0, or -EINVAL for a
 * truncated or malformed notification (never reads past len). */
sctpc_status sctpc_notification_fields(const void *buf, size_t len, struct sctpc_fields *out);

/* ---------------------------------------------------------------- socket options
 *
 * Every option is described by a table entry (name, level, number, size, members), and read
 * or written through a generic buffer, so bindings offer all options with one code path. */

enum sctpc_mkind { SCTPC_M_U8, SCTPC_M_U16, SCTPC_M_U32, SCTPC_M_S32, SCTPC_M_U64,
                   SCTPC_M_ADDR, SCTPC_M_BE16,
                   /* the variable-length tail of an option (HMAC ids, chunk lists, keys, ...):
                    * elements at offset, their number kept in the count member */
                   SCTPC_M_LIST8, SCTPC_M_LIST16, SCTPC_M_LIST32, SCTPC_M_BYTES };

struct sctpc_member {
    const char *name;
    uint16_t offset;
    uint8_t kind;          /* enum sctpc_mkind */
    uint8_t count_kind;    /* lists: SCTPC_M_U16 or SCTPC_M_U32, the count's type ... */
    uint16_t count_offset; /* ... and place (the count is not a member of its own) */
};

#define SCTPC_OPT_GET 1
#define SCTPC_OPT_SET 2

struct sctpc_optdesc {
    const char *name;       /* "SCTP_INITMSG", "SO_RCVBUF", ... */
    int level, optname;
    uint16_t size;          /* bytes passed to the kernel */
    uint8_t dir;            /* SCTPC_OPT_GET | SCTPC_OPT_SET */
    uint8_t nmembers;
    const struct sctpc_member *members;
};

/* Room for the largest value: variable-length options (e.g. SCTP_GET_ASSOC_ID_LIST with up
 * to 2047 ids) are bounded by it. */
#define SCTPC_OPTBUF 8192

/* An option value on its way to or from the kernel. */
struct sctpc_optval {
    const struct sctpc_optdesc *desc;
    socklen_t len;          /* bytes in use: desc->size plus a list's elements */
    unsigned char buf[SCTPC_OPTBUF];
};

/* The table: sctpc_optdesc_at(i) for i = 0.. until NULL. */
const struct sctpc_optdesc *sctpc_optdesc_at(int i);
/* By name; the header's aliases (SCTP_DELAYED_ACK_TIME, SCTP_EXPOSE_PF_STATE, ...) work too. */
const struct sctpc_optdesc *sctpc_optdesc_find(const char *name);
/* Zero v and point it at the named option: 0, or -ENOPROTOOPT for an unknown name. */
sctpc_status sctpc_optval_init(struct sctpc_optval *v, const char *name);
/* Set one member (by name) of v: 0, -ENOENT for an unknown member, -EINVAL for a member of
 * the other kind (address vs integer), -ERANGE when the value does not fit the member. */
sctpc_status sctpc_optval_set_int(struct sctpc_optval *v, const char *member, int64_t value);
sctpc_status sctpc_optval_set_addr(struct sctpc_optval *v, const char *member,
                                   const struct sockaddr_storage *addr);
/* Set a list member from n integers, or a bytes member from n bytes: also sets the count and
 * the length passed to the kernel.  -E2BIG when it does not fit SCTPC_OPTBUF, -ERANGE when an
 * element does not fit its type, -EINVAL for a member that is not a list (bytes). */
sctpc_status sctpc_optval_set_list(struct sctpc_optval *v, const char *member,
                                   const int64_t *values, size_t n);
sctpc_status sctpc_optval_set_bytes(struct sctpc_optval *v, const char *member,
                                    const void *bytes, size_t n);
/* The kind (enum sctpc_mkind) of a member, so bindings can convert a value for it, or
 * -ENOENT. */
sctpc_status sctpc_optval_member_kind(const struct sctpc_optval *v, const char *member);
/* v's members as fields (addresses point into v). */
void sctpc_optval_fields(const struct sctpc_optval *v, struct sctpc_fields *out);
/* getsockopt / setsockopt with v (v->buf is both input, e.g. an assoc id, and output). */
sctpc_status sctpc_getopt(int fd, struct sctpc_optval *v);
sctpc_status sctpc_setopt(int fd, const struct sctpc_optval *v);

/* Plain int options by number (level, optname), for the hot few. */
sctpc_status sctpc_getopt_int(int fd, int level, int optname);
sctpc_status sctpc_setopt_int(int fd, int level, int optname, int value);

/* ---------------------------------------------------------------- events and constants */

/* Subscribe (on != 0) or unsubscribe one notification type (SCTP_ASSOC_CHANGE, ...,
 * SCTP_DATA_IO_EVENT) for assoc_id (0 = the endpoint).  Uses SCTP_EVENT (5.0+) and falls
 * back to the legacy SCTP_EVENTS struct, passing only as many bytes as needed, so it works on
 * kernels older than the headers it was built with. */
sctpc_status sctpc_subscribe(int fd, int type, int on, int32_t assoc_id);
/* 1 if subscribed, 0 if not. */
sctpc_status sctpc_subscribed(int fd, int type, int32_t assoc_id);

/* Named integer constants (SCTP_*, MSG_*, ...): by index until NULL name. */
struct sctpc_constant { const char *name; int64_t value; };
const struct sctpc_constant *sctpc_constant_at(int i);

/* Symbolic name of a notification type / association state / address state, or NULL. */
const char *sctpc_name_of(const char *table, int value);

#ifdef __cplusplus
}
#endif
#endif
