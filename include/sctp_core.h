/*
 * sctp_core.h - the C core under the Python and Lua SCTP bindings.
 *
 * Binding-friendly wrappers over the Linux kernel SCTP socket API (and libsctp where it
 * is sound): plain ints, (buffer, length) pairs, flat structs, tables a binding walks.
 * Everything both languages need is here once: address resolution, send-info fields and
 * their ranges, receive with notifications never mistaken for data, batches, waits with
 * timeouts, and a socket handle that makes close() safe against a blocked reader.
 *
 * Conventions
 *   - Every call returns >= 0 on success and -errno on failure; errno is never the channel.
 *   - Calls that can block take a struct sctpc_sock (a handle on one descriptor) and wait as
 *     its timeout says: -1 forever, 0 never, > 0 at most that many ms.  They never block in
 *     the kernel: they try with MSG_DONTWAIT and poll() the descriptor (and the handle's
 *     wake-up descriptor) on EAGAIN, so the descriptor's own blocking mode does not matter.
 *     Running out of time returns -SCTPC_ETIMEOUT; timeout 0 with nothing to do, -EAGAIN.
 *     MSG_DONTWAIT in a call's msg_flags makes one try whatever the timeout (bindings try
 *     first without releasing their interpreter lock).
 *   - A signal interrupting a wait calls the handle's interrupt hook (if any): a non-zero
 *     return ends the call with -EINTR (the binding raises what its handler raised),
 *     otherwise the wait goes on for the time left (PEP 475).
 *   - Calls taking a bare fd never wait; the caller owns that descriptor.
 */
#ifndef SCTP_CORE_H
#define SCTP_CORE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/uio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status returns: >= 0 is a result, < 0 is -errno.  A typedef of its own lets one binding
 * typemap turn every failure into the language's error. */
typedef int sctpc_status;

/* The core's own timeout (deadline passed while waiting).  ETIME is a code the socket layer
 * never returns, so it cannot be confused with the kernel's ETIMEDOUT (association failed). */
#define SCTPC_ETIMEOUT ETIME

/* recvmsg() flag marking a notification (MSG_NOTIFICATION of <linux/sctp.h>). */
#define SCTPC_MSG_NOTIFICATION 0x8000

/* A timeout in seconds (as Python's settimeout and LuaSocket's take it; negative: none) in
 * the core's milliseconds, rounded up so a short timeout still waits. */
int64_t sctpc_timeout_ms(double seconds);

/* ---------------------------------------------------------------- the socket handle
 *
 * A handle is what a language's socket object holds.  Every blocking call enters the
 * handle (counting itself as a user) and leaves it when done; sctpc_sock_close() marks it
 * closed, wakes every call waiting in it at once (they return -EBADF), and the descriptor
 * is closed when the last user leaves.  So once close() has run no call of this handle
 * touches the descriptor number again, and a reader blocked on it can never receive what
 * arrives on another socket that was given the same number. */
struct sctpc_sock;

/* A handle on fd (which it does not close unless asked by sctpc_sock_close); NULL when out
 * of memory.  The timeout starts at -1 (blocking). */
struct sctpc_sock *sctpc_sock_new(int fd);
/* Frees the handle; no call may be in it (the binding frees it with its object). */
void sctpc_sock_free(struct sctpc_sock *s);
/* The descriptor, or -1 once closed. */
int sctpc_sock_fd(const struct sctpc_sock *s);
void sctpc_sock_settimeout(struct sctpc_sock *s, int64_t timeout_ms);
int64_t sctpc_sock_gettimeout(const struct sctpc_sock *s);
/* Called (with ctx) when a signal interrupts a wait; see the conventions. */
void sctpc_sock_set_interrupt(struct sctpc_sock *s, int (*hook)(void *ctx), void *ctx);
/* Marks the handle closed and wakes its waiting calls; the descriptor is closed (close_fd)
 * or left open for the caller (detach) when the last call leaves.  Closing twice is 0. */
sctpc_status sctpc_sock_close(struct sctpc_sock *s, int close_fd);
/* The last sender handed out by a receive on this handle: bindings keep the language's
 * address object of it and reuse it while sctpc_sock_same_sender() says it is the same
 * (most receive loops hear from one peer).  Returns 1 if addr equals the remembered one,
 * otherwise remembers addr and returns 0. */
int sctpc_sock_same_sender(struct sctpc_sock *s, const struct sockaddr_storage *addr);
/* Where the binding keeps its object for that sender (its own to create and release). */
void **sctpc_sock_sender_slot(struct sctpc_sock *s);

/* The handle's receive buffer, for bindings that make their string object before the
 * receive: the object, sized by sctpc_sock_size_hint(), takes the head of the message and
 * this buffer the rest (sctpc_recvv), so a message of the size last seen is received in
 * place and only a longer one is copied.  At least len bytes (made or grown here), or
 * NULL when another call holds it or memory is short.  After every receive, call
 * sctpc_sock_scratch_done() with the buffer (or NULL) and the size of the data message
 * received (0 for none: the hint stays). */
void *sctpc_sock_scratch(struct sctpc_sock *s, size_t len);
/* The size of the last data message received (0 before the first). */
size_t sctpc_sock_size_hint(const struct sctpc_sock *s);
void sctpc_sock_scratch_done(struct sctpc_sock *s, void *scratch, size_t received);

/* ---------------------------------------------------------------- sockets and addresses */

sctpc_status sctpc_socket(int family, int type);           /* new fd, O_CLOEXEC */
/* What to do when socket() failed with err (an errno) because the kernel has no SCTP, or
 * NULL when that is not the cause.  sctpc_socket() then returns -EPROTONOSUPPORT. */
const char *sctpc_no_sctp_hint(int err);
sctpc_status sctpc_close(int fd);
sctpc_status sctpc_set_nonblocking(int fd, int on);
sctpc_status sctpc_bind(int fd, const struct sockaddr_storage *addr);
sctpc_status sctpc_listen(int fd, int backlog);
/* Accepts one association of a one-to-one socket; the new fd (O_CLOEXEC) is returned and
 * the peer's address stored in *peer. */
sctpc_status sctpc_accept(struct sctpc_sock *s, struct sockaddr_storage *peer);
/* connect/connectx wait for the outcome on a non-blocking descriptor (the kernel's connect
 * blocks by itself on a blocking one). */
sctpc_status sctpc_connect(struct sctpc_sock *s, const struct sockaddr_storage *addr);
sctpc_status sctpc_getsockname(int fd, struct sockaddr_storage *addr);
sctpc_status sctpc_getpeername(int fd, struct sockaddr_storage *addr);
sctpc_status sctpc_shutdown(int fd, int how);

/* Address lists.  An entry whose family is AF_UNSPEC stands for the wildcard address of the
 * socket's own family with the entry's port (sin_port), so bindings can say ("", port).
 * Any number of addresses (the kernel's own limits apply). */
sctpc_status sctpc_bindx(int fd, const struct sockaddr_storage *addrs, int count, int flags);
/* Returns the new association's id. */
sctpc_status sctpc_connectx(struct sctpc_sock *s, const struct sockaddr_storage *addrs,
                            int count);
/* The peer's (or our) addresses of association assoc_id, all of them, in a malloc'd array
 * at *out (free() it; NULL when there are none); returns how many. */
sctpc_status sctpc_getpaddrs(int fd, int32_t assoc_id, struct sockaddr_storage **out);
sctpc_status sctpc_getladdrs(int fd, int32_t assoc_id, struct sockaddr_storage **out);
/* Branch an association of a one-to-many socket off into its own fd.  flags: SOCK_CLOEXEC,
 * SOCK_NONBLOCK (kernel 4.13+; the core falls back to the plain peeloff when flags == 0). */
sctpc_status sctpc_peeloff(int fd, int32_t assoc_id, unsigned flags);

/* Length of a sockaddr of that family, 0 if the family is not IPv4/IPv6. */
socklen_t sctpc_addrlen(int family);
/* Text form: writes "a.b.c.d" / "x::y" into host (>= 46 bytes); returns the port. */
sctpc_status sctpc_addr_format(const struct sockaddr_storage *addr, char *host, size_t hostlen);
/* What is wrong with these parts of an address ("port must be 0-65535", ...), or NULL:
 * the same ranges as the socket module's. */
const char *sctpc_addr_check(int64_t port, int64_t flowinfo, int64_t scope_id);
/* host (numeric IPv4/IPv6, or a name looked up with getaddrinfo, IPv4 first), port, and
 * for IPv6 flowinfo and scope id, into *out.  An empty host gives AF_UNSPEC (see above).
 * -ERANGE when sctpc_addr_check() objects; a failed lookup is -EADDRNOTAVAIL with
 * getaddrinfo's code in *gai_error (for gai_strerror).  Lookups can block: bindings call
 * this without holding their interpreter lock when the host is not numeric. */
sctpc_status sctpc_addr_resolve(const char *host, int64_t port, int64_t flowinfo,
                                int64_t scope_id, struct sockaddr_storage *out, int *gai_error);
/* 1 if host is a numeric address (or empty): resolving it never blocks. */
int sctpc_addr_is_numeric(const char *host);

/* ---------------------------------------------------------------- messages */

/* Send parameters, carried in an SCTP_SNDRCV control message.  Only sent if `valid` is set
 * (0: no control message; the socket's defaults apply). */
struct sctpc_sendinfo {
    int valid;
    uint16_t stream;
    uint16_t flags;        /* SCTP_UNORDERED, SCTP_ADDR_OVER, SCTP_ABORT, SCTP_EOF, ... */
    uint32_t ppid;         /* host byte order: the core puts it on the wire in network order */
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
    uint32_t ppid, context;        /* ppid in host byte order */
    int32_t assoc_id;
    uint16_t pr_policy;
    uint32_t pr_value;
    uint16_t auth_keynumber;
    uint16_t num_ostreams, max_instreams, max_attempts, max_init_timeo;
};

/* The send-info fields by name, as bindings take them from keywords or tables:
 * sctpc_sendinfo: stream, ppid, flags, unordered (a boolean), context, ttl, assoc_id;
 * sctpc_sendv_info: those (sid is stream's other name; no ttl) and pr_policy, pr_value,
 * auth_key, num_ostreams, max_instreams, max_attempts, max_init_timeo.  -ENOENT for an
 * unknown name, -ERANGE for a value that does not fit.  pr_policy also takes a name
 * ("none", "ttl", "rtx", "prio") through sctpc_sendv_info_set_name (-EINVAL otherwise). */
sctpc_status sctpc_sendinfo_set(struct sctpc_sendinfo *info, const char *name, int64_t value);
sctpc_status sctpc_sendv_info_set(struct sctpc_sendv_info *info, const char *name, int64_t value);
sctpc_status sctpc_sendv_info_set_name(struct sctpc_sendv_info *info, const char *name,
                                       const char *value);
/* The names above, by index until NULL (for help texts and the bindings' own checks). */
const char *sctpc_sendinfo_name_at(int i);
const char *sctpc_sendv_info_name_at(int i);

/* What a receive tells besides the data.  has_* say which parts the kernel supplied. */
struct sctpc_recvinfo {
    struct sockaddr_storage from;
    int msg_flags;         /* MSG_NOTIFICATION, MSG_EOR, MSG_CTRUNC, MSG_TRUNC */
    int has_info;          /* SCTP_SNDRCV or SCTP_RCVINFO was received */
    int has_nxt;           /* SCTP_NXTINFO was received */
    uint16_t stream, ssn, flags;
    uint32_t ppid;         /* host byte order */
    uint32_t context, ttl, tsn, cumtsn;
    int32_t assoc_id;
    uint16_t nxt_stream, nxt_flags;
    uint32_t nxt_ppid, nxt_length;
    int32_t nxt_assoc_id;
    /* A notification (msg_flags has MSG_NOTIFICATION) is always whole: the core reads the
     * rest of one that did not fit the buffer.  note/note_len are its bytes: in the
     * caller's buffer when it fitted, else in memory the core owns (note_heap) until
     * sctpc_recvinfo_clear() (receives) or the batch's next receive. */
    const unsigned char *note;
    size_t note_len;
    unsigned char *note_heap;
};
/* Frees what a receive allocated for a notification that did not fit. */
void sctpc_recvinfo_clear(struct sctpc_recvinfo *info);

/* Send one message (to: NULL on connected one-to-one sockets or when sending by assoc_id;
 * info: NULL or !info->valid for the socket's defaults).  msg_flags are sendmsg() flags
 * (MSG_NOSIGNAL is always added).  Returns the bytes sent. */
sctpc_status sctpc_send(struct sctpc_sock *s, const struct sockaddr_storage *to,
                        const struct sctpc_sendinfo *info, int msg_flags,
                        const void *buf, size_t len);
/* Send one message the RFC 6458 way (sctp_sendv without libsctp's bugs): addrs[0] is the
 * destination, addrs[1..] go along as SCTP_DSTADDRV4/V6 for an implicit multi-homed set-up
 * (count 0: the connected peer or info->assoc_id).  The message is gathered from iovcnt
 * (<= SCTPC_MAX_IOV) buffers.  Returns the bytes sent. */
#define SCTPC_MAX_IOV 1024
sctpc_status sctpc_sendv(struct sctpc_sock *s, const struct sockaddr_storage *addrs, int count,
                         const struct sctpc_sendv_info *info, int msg_flags,
                         const struct iovec *iov, int iovcnt);
/* Receive one message, or part of one (no MSG_EOR), or a whole notification into buf.
 * Returns the bytes stored in buf (for a notification that did not fit: what fitted; its
 * whole length is info->note_len). */
sctpc_status sctpc_recv(struct sctpc_sock *s, int msg_flags, void *buf, size_t len,
                        struct sctpc_recvinfo *info);
/* The same into iovcnt (1..SCTPC_MAX_IOV) buffers; a notification is still whole in one
 * place (info->note): the first buffer when it fitted there, else memory the core owns. */
sctpc_status sctpc_recvv(struct sctpc_sock *s, int msg_flags, const struct iovec *iov,
                         int iovcnt, struct sctpc_recvinfo *info);

/* Batches (recvmmsg / sendmmsg): up to SCTPC_MAX_BATCH messages per call. */
#define SCTPC_MAX_BATCH 64
/* Send count (<= SCTPC_MAX_BATCH) messages, msgs[i] one each, with the same send info;
 * returns how many were sent: fewer than count when the timeout expired or an error
 * stopped the batch after some were sent (an error before any is returned as -errno). */
sctpc_status sctpc_send_many(struct sctpc_sock *s, const struct sctpc_sendinfo *info,
                             int msg_flags, const struct iovec *msgs, int count);

/* A batch: room for count messages of size bytes each, filled by one recvmmsg and handed
 * out one at a time.  Safe to share between threads: sctpc_batch_take() gives one message
 * to one caller, who holds the batch until sctpc_batch_done(). */
struct sctpc_batch;
/* count 1..SCTPC_MAX_BATCH, size 1..SCTPC_MAX_BATCH_BYTES / count; NULL: -EINVAL or
 * -ENOMEM in *err. */
#define SCTPC_MAX_BATCH_BYTES (64u << 20)
struct sctpc_batch *sctpc_batch_new(int count, size_t size, int *err);
void sctpc_batch_free(struct sctpc_batch *b);
int sctpc_batch_count(const struct sctpc_batch *b);
size_t sctpc_batch_size(const struct sctpc_batch *b);
/* Messages received and not yet taken. */
int sctpc_batch_pending(const struct sctpc_batch *b);
/* Receive a fresh batch (waiting as the handle says for the first message only), dropping
 * what was not taken; returns how many came (sctpc_batch_at gives message i of them).  The
 * end of the stream (an empty message) ends a batch. */
sctpc_status sctpc_batch_receive(struct sctpc_sock *s, struct sctpc_batch *b, int msg_flags);
/* Message i (< sctpc_batch_received) of the last receive: its bytes, length and info;
 * NULL for another i. */
int sctpc_batch_received(const struct sctpc_batch *b);
const char *sctpc_batch_at(const struct sctpc_batch *b, int i, int *len,
                           const struct sctpc_recvinfo **info);
/* The next message of the batch, refilling it (sctpc_batch_receive) when all were taken:
 * 1 with *i set and the batch held by the caller until sctpc_batch_done(b); 0 at the end of
 * the stream (again on every later call); -errno.  sctpc_batch_try_take() never waits, not
 * even for another thread: 1 as above, 0 when that would need a receive or a wait. */
sctpc_status sctpc_batch_take(struct sctpc_sock *s, struct sctpc_batch *b, int *i);
int sctpc_batch_try_take(struct sctpc_batch *b, int *i);
void sctpc_batch_done(struct sctpc_batch *b);
/* Heads of the caller's for the refills of sctpc_batch_take: message i goes first into
 * heads[i] (iov_len 0: none), so one that fits is in the caller's buffer (sctpc_batch_at
 * points into it); the rest into the batch.  The caller may change heads[i] while it holds
 * slot i (once taken, the batch forgets that head); a refill reads them all.  NULL: the
 * batch's own.  Drops what the batch holds. */
void sctpc_batch_set_heads(struct sctpc_batch *b, const struct iovec *heads);

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
    SCTPC_ADDRS,    /* .len addresses at .ptr (struct sockaddr_storage[]) */
};

struct sctpc_field {
    const char *name;
    int kind;
    int64_t i;
    const void *ptr;
    size_t len;
};

#define SCTPC_MAX_FIELDS 40

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
/* Element i of a list member (the count becomes i + 1): bindings set a list in order, from
 * an empty one (set_list with n = 0), without an array of their own. */
sctpc_status sctpc_optval_set_item(struct sctpc_optval *v, const char *member, size_t i,
                                   int64_t value);
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

/* The notification kinds by the names bindings subscribe with ("association", "address",
 * "shutdown", ...), by index until NULL; the type for a name, or -ENOENT. */
struct sctpc_event { const char *name; int value; };     /* value: the type */
const struct sctpc_event *sctpc_event_at(int i);
sctpc_status sctpc_event_type(const char *name);

/* What a field setter's status means, for messages such as "SCTP_RTOINFO.max is out of
 * range": -ENOENT "is not a field", -ERANGE "is out of range", -E2BIG "is too long",
 * -EINVAL "has the wrong kind of value", -EDOM "is none of the names it takes"; NULL for
 * others. */
const char *sctpc_field_error(int status);

/* Named integer constants (SCTP_*, MSG_*, ...): by index until NULL name. */
struct sctpc_constant { const char *name; int64_t value; };
const struct sctpc_constant *sctpc_constant_at(int i);

/* The project's version ("0.1.0"): CMake's project() is its one source. */
const char *sctpc_version(void);

/* Symbolic name of a notification type / association state / address state, or NULL. */
const char *sctpc_name_of(const char *table, int value);

/* ---------------------------------------------------------------- the host's associations */
struct sctpc_assoc_list;
/* Every SCTP association the kernel shows the caller (all sockets, all processes it may
 * see): from the socket diagnostics (NETLINK_SOCK_DIAG, as `ss --sctp` reads them), or
 * from /proc/net/sctp/assocs where those are missing (from: SCTPC_FROM_ANY; or only one
 * of them); *source says which ("netlink" or "proc").  The count, or -errno.  Free the
 * list with sctpc_assocs_free(). */
enum { SCTPC_FROM_ANY, SCTPC_FROM_NETLINK, SCTPC_FROM_PROC };
sctpc_status sctpc_assocs(int from, struct sctpc_assoc_list **out, const char **source);
/* Association i as fields: family, state, state_name, assoc_id (-1 where not known),
 * inode, uid, lport, rport, local and peer (address lists), primary, instreams,
 * outstreams, and from the diagnostics the primary path's figures (rto, srtt, cwnd,
 * path_state, ...) and the counters (retransmits, gap_acks, out_of_seq_tsns, ...). */
sctpc_status sctpc_assocs_fields(const struct sctpc_assoc_list *list, int i, struct sctpc_fields *out);
void sctpc_assocs_free(struct sctpc_assoc_list *list);

#ifdef __cplusplus
}
#endif
#endif
