/* The modern API's hot calls (sctp_send, sctp_recv, recv_many) as methods of a C base class
 * of sctp.SCTPSocket (_lowlevel.SocketBase).  The interpreter calls them as it calls
 * socket.recv: no Python frame, no bound method, the file descriptor and timeout read from
 * the socket here.  A received message then costs its system call, its bytes object and one
 * sctp.Message built in place.
 *
 * sctp.api registers Message (runtime.i's struct sequence, _lowlevel.Message) and the function
 * that turns notification tuples into objects (register_receive_types); until then receives
 * return plain tuples. */

%{
#include <limits.h>
#include <math.h>
#include <netinet/sctp.h>     /* SCTP_UNORDERED */

static PyObject *sctp_py_str_fileno, *sctp_py_str_gettimeout;

/* SCTPSocket is a socket.socket, so its descriptor and timeout are in the _socket.socket
 * object, where socket.recv reads them: this is that object's layout (CPython's
 * Modules/socketmodule.h, the same since 3.5).  sctp_py_sock_layout_check proves it at import
 * on a real socket; if it did not hold, sctp_py_sock_type stays NULL and the socket is asked
 * through fileno() and gettimeout() instead. */
typedef struct {
    PyObject_HEAD
    int sock_fd;                      /* -1 once closed */
    int sock_family, sock_type, sock_proto;
    PyObject *(*errorhandler)(void);
    int64_t sock_timeout;             /* ns; negative blocks, 0 never waits */
} sctp_py_sockobj;
static PyTypeObject *sctp_py_sock_type;

/* s.settimeout(timeout) (stolen), then do the fields hold s.fileno() and ns (any negative
 * value for ns < 0: CPython stores None as -1 s)? */
static int sctp_py_sock_fields_are(PyObject *s, PyObject *timeout, int64_t ns)
{
    sctp_py_sockobj *o = (sctp_py_sockobj *)s;
    PyObject *r = timeout ? PyObject_CallMethod(s, "settimeout", "(O)", timeout) : NULL;
    PyObject *fd = r ? PyObject_CallMethod(s, "fileno", NULL) : NULL;
    int ok = fd && PyLong_Check(fd) && PyLong_AsLong(fd) == o->sock_fd &&
             (ns < 0 ? o->sock_timeout < 0 : o->sock_timeout == ns);
    Py_XDECREF(timeout);
    Py_XDECREF(r);
    Py_XDECREF(fd);
    return ok;
}

static void sctp_py_sock_layout_check(void)
{
    PyObject *mod = PyImport_ImportModule("_socket");
    PyObject *type = mod ? PyObject_GetAttrString(mod, "socket") : NULL;
    PyObject *s = type ? PyObject_CallFunction(type, "ii", AF_UNIX, SOCK_DGRAM) : NULL;
    if (s && PyType_Check(type) &&
        ((PyTypeObject *)type)->tp_basicsize >= (Py_ssize_t)sizeof(sctp_py_sockobj) &&
        sctp_py_sock_fields_are(s, PyFloat_FromDouble(2.5), 2500000000LL) &&
        sctp_py_sock_fields_are(s, Py_NewRef(Py_None), -1) &&
        sctp_py_sock_fields_are(s, PyLong_FromLong(0), 0)) {
        sctp_py_sock_type = (PyTypeObject *)type;
        Py_INCREF(type);
    }
    if (s)
        Py_XDECREF(PyObject_CallMethod(s, "close", NULL));
    PyErr_Clear();                    /* whatever failed, the methods remain */
    Py_XDECREF(s);
    Py_XDECREF(type);
    Py_XDECREF(mod);
}

/* The last subclass of socket.socket seen, held (a freed type's address could come back as
 * another type's): its objects, SCTPSocket's mostly, pass with a comparison instead of
 * PyType_IsSubtype's walk of their MRO.  A class's layout stays its base's whatever is
 * later assigned to its __bases__. */
static PyTypeObject *sctp_py_sock_subtype;

/* Whether o has socket.socket's layout (sctp_py_sock_layout_check found it known). */
static int sctp_py_is_sock(PyObject *o)
{
    PyTypeObject *t = Py_TYPE(o);
    if (t == sctp_py_sock_subtype || t == sctp_py_sock_type)
        return 1;
    if (!sctp_py_sock_type || !PyType_IsSubtype(t, sctp_py_sock_type))
        return 0;
    Py_INCREF(t);
    Py_XSETREF(sctp_py_sock_subtype, t);
    return 1;
}

/* The socket's descriptor and timeout as the core wants it (-1 blocks, 0 never waits, else
 * ms): a closed socket gives fd -1, hence EBADF. */
static int sctp_py_sock_args(PyObject *sock, int *fd, int *timeout_ms)
{
    PyObject *o;
    long v;
    double t;
    if (sctp_py_is_sock(sock)) {
        int64_t ns = ((sctp_py_sockobj *)sock)->sock_timeout;
        *fd = ((sctp_py_sockobj *)sock)->sock_fd;
        *timeout_ms = ns < 0 ? -1 : ns / 1000000 >= INT_MAX ? INT_MAX
                                   : (int)((ns + 999999) / 1000000);
        return 0;
    }
    if (!(o = PyObject_CallMethodNoArgs(sock, sctp_py_str_fileno)))
        return -1;
    v = PyLong_AsLong(o);
    Py_DECREF(o);
    if (v == -1 && PyErr_Occurred())
        return -1;
    *fd = v < INT_MIN || v > INT_MAX ? -1 : (int)v;
    if (!(o = PyObject_CallMethodNoArgs(sock, sctp_py_str_gettimeout)))
        return -1;
    if (o == Py_None) {
        *timeout_ms = -1;
    } else {
        t = PyFloat_AsDouble(o);
        if (t == -1.0 && PyErr_Occurred()) { Py_DECREF(o); return -1; }
        t = ceil(t * 1000.0);
        *timeout_ms = t > INT_MAX ? INT_MAX : (int)t;
    }
    Py_DECREF(o);
    return 0;
}

/* A C method's signature: its name, how many arguments may come by position, and the names
 * of all of them (at most 9), interned on first use: the keywords of a call are interned
 * strings too (the compiler's), so they are found by pointer before being compared.  A call
 * site passes the same tuple of keyword names each time (a constant of its code), so the
 * last tuple bound is held with where each of its names goes: a loop's calls then match
 * nothing (callgrind: ~155 -> ~105 instructions binding sctp_send(msg, stream=, ppid=, to=)). */
struct sctp_py_sig {
    const char *fname;
    int npos, n;
    const char *names[9];
    PyObject *keys[9];
    PyObject *kwnames;
    signed char where[9];
};

/* The TypeError of a keyword naming an argument already given, or (i == n) none. */
static int sctp_py_bad_keyword(struct sctp_py_sig *sig, PyObject *key, int i)
{
    PyErr_Format(PyExc_TypeError, i == sig->n ? "%s() got an unexpected keyword argument %R"
                                              : "%s() got multiple values for argument %R",
                 sig->fname, key);
    return -1;
}

/* sctp_py_bind's general case: keywords, or too many positional arguments. */
static int sctp_py_bind_keywords(struct sctp_py_sig *sig, PyObject *const *args,
                                 Py_ssize_t nargs, PyObject *kwnames, PyObject **vals)
{
    Py_ssize_t i, k, nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    int n = sig->n;
    signed char where[9];
    for (i = 0; i < n; i++)
        vals[i] = i < nargs ? args[i] : NULL;
    if (nargs > sig->npos) {
        PyErr_Format(PyExc_TypeError, "%s() takes at most %d positional arguments (%zd given)",
                     sig->fname, sig->npos, nargs);
        return -1;
    }
    if (kwnames && kwnames == sig->kwnames) {   /* the last call's names: as they went then */
        for (k = 0; k < nkw; k++) {
            i = sig->where[k];
            if (vals[i])
                return sctp_py_bad_keyword(sig, PyTuple_GET_ITEM(kwnames, k), (int)i);
            vals[i] = args[nargs + k];
        }
        return 0;
    }
    if (nkw && !sig->keys[n - 1])             /* the first call with keywords */
        for (i = 0; i < n; i++)
            if (!sig->keys[i] && !(sig->keys[i] = PyUnicode_InternFromString(sig->names[i])))
                return -1;
    for (k = 0; k < nkw; k++) {
        PyObject *key = PyTuple_GET_ITEM(kwnames, k);
        for (i = 0; i < n && sig->keys[i] != key; i++)
            ;
        if (i == n)                           /* a keyword not interned: compare its text */
            for (i = 0; i < n; i++) {
                int eq = PyObject_RichCompareBool(key, sig->keys[i], Py_EQ);
                if (eq < 0)
                    return -1;
                if (eq)
                    break;
            }
        if (i == n || vals[i])
            return sctp_py_bad_keyword(sig, key, (int)i);
        vals[i] = args[nargs + k];
        where[k] = (signed char)i;
    }
    if (nkw) {            /* each name went to its own argument: nkw <= n <= 9 */
        memcpy(sig->where, where, (size_t)nkw);
        Py_XSETREF(sig->kwnames, Py_NewRef(kwnames));
    }
    return 0;
}

/* The arguments of a call as a Python signature would bind them: at most npos positional
 * ones, then keywords among the names; vals[i] stays NULL for an absent one.  0, or -1
 * with TypeError set.  Inline for the common call with positional arguments only (a
 * receive's size): its ~50 instructions as a function were 5% of a 100-byte receive. */
static inline int sctp_py_bind(struct sctp_py_sig *sig, PyObject *const *args,
                               Py_ssize_t nargs, PyObject *kwnames, PyObject **vals)
{
    int i;
    if (kwnames || nargs > sig->npos)
        return sctp_py_bind_keywords(sig, args, nargs, kwnames, vals);
    for (i = 0; i < sig->n; i++)
        vals[i] = i < nargs ? args[i] : NULL;
    return 0;
}

/* Whether the calling thread is the only one of the only interpreter: then no thread can be
 * waiting for the GIL (a thread needs a thread state to take it, which is linked into its
 * interpreter's list before it waits).  The links are read without the list's lock: a thread
 * state being added meanwhile at worst waits for the GIL through one call that never blocks. */
static int sctp_py_alone(void)
{
    PyThreadState *ts = PyThreadState_Get();
    return !ts->prev && !ts->next && !PyInterpreterState_Next(PyInterpreterState_Head());
}

/* result = CALL without the GIL, retried after EINTR with the time left (PEP 475); when it
 * stays negative the exception is set: the core's error, or a signal handler's.
 * A thread alone first makes CALL with timeout_ms 0, which never waits, keeping the GIL:
 * releasing and retaking it costs a quarter of a 100-byte receive's user-space instructions
 * and nobody else could use it meanwhile.  Only when that finds nothing to do (EAGAIN) and
 * the socket may wait is the GIL released for the call that waits; only then is the clock
 * read for the deadline. */
#define SCTP_PY_BLOCKING(result, timeout_ms, CALL) do {                   \
        int64_t deadline_;                                                \
        int wait_ = 1;                                                    \
        if (sctp_py_alone()) {                                            \
            int timeout_ = timeout_ms;                                    \
            timeout_ms = 0;                                               \
            result = CALL;                                                \
            timeout_ms = timeout_;                                        \
            wait_ = result == -EINTR ? PyErr_CheckSignals() == 0          \
                                     : result == -EAGAIN && timeout_ms != 0; \
        }                                                                 \
        deadline_ = wait_ ? sctpc_deadline(timeout_ms) : -1;              \
        while (wait_) {                                                   \
            Py_BEGIN_ALLOW_THREADS                                        \
            result = CALL;                                                \
            Py_END_ALLOW_THREADS                                          \
            if (result != -EINTR)                                         \
                break;                                                    \
            if (PyErr_CheckSignals() < 0)                                 \
                break;                                                    \
            timeout_ms = sctpc_time_left(deadline_, timeout_ms);          \
        }                                                                 \
        if (result < 0 && !PyErr_Occurred())                              \
            sctp_py_raise(-result);                                       \
    } while (0)

/* A small size (up to SCTP_PY_COPY_MAX) is received into the kept payload of a dropped
 * message when it has room (sctp_py_kept_take), else on the C stack and copied into an exact
 * bytes object: cheaper than one of the asked size shrunk to the message's.
 * With a large size (the default 64 KiB) most messages are far smaller, and a bytes object of
 * the full size per call costs a large malloc and a shrinking realloc each time.  One such
 * buffer is kept spare instead: a message of up to SCTP_PY_HANDOVER_MIN bytes is copied out
 * of it into an exact bytes object, a larger one takes the buffer itself.  The GIL guards
 * the pointer; a call holds the buffer (the pointer NULL) while it receives, so another
 * thread meanwhile makes its own (SCTP_PY_HANDOVER_MIN: see runtime.i). */
#define SCTP_PY_SPARE_MIN 4096
#define SCTP_PY_SPARE_MAX 65536
#define SCTP_PY_COPY_MAX 2048
static PyObject *sctp_py_spare;

/* Keep buf as the spare if its size is in range and it is larger than the one kept. */
static void sctp_py_spare_return(PyObject *buf)
{
    Py_ssize_t n = PyBytes_GET_SIZE(buf);
    if (n < SCTP_PY_SPARE_MIN || n > SCTP_PY_SPARE_MAX ||
        (sctp_py_spare && PyBytes_GET_SIZE(sctp_py_spare) >= n))
        Py_DECREF(buf);
    else
        Py_XSETREF(sctp_py_spare, buf);
}

/* A batch receive of long messages (bufsize over SCTP_PY_HANDOVER_MIN) lands in bytes objects
 * of bufsize, one per slot, rather than in one area: a message longer than
 * SCTP_PY_HANDOVER_MIN is then handed out as the object it arrived in, shrunk to its length,
 * not copied a second time (a shorter one is copied out, and its slot stays).
 * Fill the empty ones of slots[0..count) and point bufs at them: 0, or -1 with an exception. */
static int sctp_py_slots_fill(PyObject **slots, void **bufs, int count, Py_ssize_t size)
{
    int i;
    for (i = 0; i < count; i++) {
        if (!slots[i] && !(slots[i] = PyBytes_FromStringAndSize(NULL, size)))
            return -1;
        bufs[i] = PyBytes_AS_STRING(slots[i]);
    }
    return 0;
}

/* recv_many's slots, kept for the next call (all of sctp_py_pool_size bytes, up to
 * SCTP_PY_POOL_BYTES together).  A call refills the slots it handed out before it returns,
 * while its messages are still alive: the new objects then lie above them on the heap, so
 * when the caller drops the whole list, the freed run is not the heap's top, which malloc
 * would hand back to the system (over 128 KiB) and fault in again, page by page, on the
 * next call: 16 KiB messages measured 2.4x the C core that way in the VM. */
#define SCTP_PY_POOL_BYTES (8 << 20)
static PyObject *sctp_py_pool[SCTPC_MAX_BATCH];
static int sctp_py_npool;
static Py_ssize_t sctp_py_pool_size;

/* Slots for a call of count messages of size bytes, from the pool where it has them. */
static void sctp_py_pool_take(PyObject **slots, int count, Py_ssize_t size)
{
    int i;
    for (i = 0; i < count; i++)
        slots[i] = sctp_py_npool && sctp_py_pool_size == size ? sctp_py_pool[--sctp_py_npool]
                                                              : NULL;
}

/* Back to the pool go the slots a call left (the pool emptied first if it kept another
 * size); those it has no room for are freed. */
static void sctp_py_pool_return(PyObject **slots, int count, Py_ssize_t size)
{
    int i;
    if (sctp_py_pool_size != size)
        while (sctp_py_npool)
            Py_DECREF(sctp_py_pool[--sctp_py_npool]);
    sctp_py_pool_size = size;
    for (i = 0; i < count; i++) {
        if (!slots[i])
            continue;
        if (sctp_py_npool < SCTPC_MAX_BATCH && (sctp_py_npool + 1) * size <= SCTP_PY_POOL_BYTES)
            sctp_py_pool[sctp_py_npool++] = slots[i];
        else
            Py_DECREF(slots[i]);
    }
}

/* One receive on sock of up to size_arg bytes (NULL: 64 KiB): the payload as bytes, *info
 * filled; NULL with an exception set.  what names size_arg in errors. */
static PyObject *sctp_py_recv_data(PyObject *sock, PyObject *size_arg, const char *what,
                                   struct sctpc_recvinfo *info)
{
    long long size = 65536;
    PyObject *buf, *data;
    char small[SCTP_PY_COPY_MAX];
    int fd, timeout_ms, r, spare;
    if (sctp_py_ranged(size_arg, what, LLONG_MIN, LLONG_MAX, &size) < 0 ||
        sctp_py_sock_args(sock, &fd, &timeout_ms) < 0)
        return NULL;
    if (size > 0 && size <= SCTP_PY_COPY_MAX) {
#if SCTP_PY_WRITE_IN_PLACE
        if ((buf = sctp_py_kept_take((Py_ssize_t)size))) {     /* into the kept payload */
            SCTP_PY_BLOCKING(r, timeout_ms, sctpc_recv(fd, 0, timeout_ms, PyBytes_AS_STRING(buf),
                                                       (size_t)size, info));
            return sctp_py_kept_filled(buf, r);
        }
#endif
        /* or on the stack, then copied out exactly */
        SCTP_PY_BLOCKING(r, timeout_ms,
                         sctpc_recv(fd, 0, timeout_ms, small, (size_t)size, info));
        return r < 0 ? NULL : sctp_py_bytes(small, r);
    }
    spare = size >= SCTP_PY_SPARE_MIN && size <= SCTP_PY_SPARE_MAX;
    if (spare && sctp_py_spare && PyBytes_GET_SIZE(sctp_py_spare) >= size) {
        buf = sctp_py_spare;
        sctp_py_spare = NULL;
    } else if (!(buf = sctp_py_recv_buffer((Py_ssize_t)size))) {
        return NULL;
    }
    SCTP_PY_BLOCKING(r, timeout_ms,
                     sctpc_recv(fd, 0, timeout_ms, PyBytes_AS_STRING(buf), (size_t)size, info));
    if (r < 0) {
        sctp_py_spare_return(buf);
        return NULL;
    }
    if (spare && r <= SCTP_PY_HANDOVER_MIN) {
        data = sctp_py_bytes(PyBytes_AS_STRING(buf), r);
        sctp_py_spare_return(buf);
        return data;
    }
    if (r != PyBytes_GET_SIZE(buf) && _PyBytes_Resize(&buf, r) < 0)
        return NULL;
    return buf;
}

static PyObject *sctp_py_sock_recv(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                                   PyObject *kwnames)
{
    static struct sctp_py_sig sig = { "sctp_recv", 1, 1, { "bufsize" } };
    PyObject *v[1], *data;
    struct sctpc_recvinfo info;
    if (sctp_py_bind(&sig, args, nargs, kwnames, v) < 0 ||
        !(data = sctp_py_recv_data(self, v[0], "bufsize", &info)))
        return NULL;
    return sctp_py_finish_one(sctp_py_message(data, &info));
}

/* sctp_recv_into(buffer): one receive into a writable buffer, the Message's data a
 * memoryview of the part filled; the buffer stays exported (cannot be resized) until the
 * message is built, a notification decoded from it. */
static PyObject *sctp_py_sock_recv_into(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                                        PyObject *kwnames)
{
    static struct sctp_py_sig sig = { "sctp_recv_into", 1, 1, { "buffer" } };
    PyObject *v[1], *whole, *data = NULL, *t = NULL;
    struct sctpc_recvinfo info;
    Py_buffer view;
    int fd, timeout_ms, r;
    if (sctp_py_bind(&sig, args, nargs, kwnames, v) < 0 ||
        sctp_py_sock_args(self, &fd, &timeout_ms) < 0)
        return NULL;
    if (!v[0]) {
        PyErr_SetString(PyExc_TypeError, "sctp_recv_into() missing its buffer");
        return NULL;
    }
    if (PyObject_GetBuffer(v[0], &view, PyBUF_WRITABLE) < 0) {       /* as socket.recv_into */
        PyErr_Format(PyExc_TypeError,
                     "sctp_recv_into needs a writable bytes-like object, not %.100s",
                     Py_TYPE(v[0])->tp_name);
        return NULL;
    }
    if (view.len == 0) {
        PyErr_SetString(PyExc_ValueError, "the receive buffer is empty");
    } else {
        SCTP_PY_BLOCKING(r, timeout_ms,
                         sctpc_recv(fd, 0, timeout_ms, view.buf, (size_t)view.len, &info));
        if (r >= 0 && (whole = PyMemoryView_FromObject(v[0]))) {
            data = PySequence_GetSlice(whole, 0, r);
            Py_DECREF(whole);
        }
        if (data)
            t = sctp_py_finish_one(sctp_py_message_at(data, view.buf, (size_t)r, &info));
    }
    PyBuffer_Release(&view);
    return t;
}

static PyObject *sctp_py_sock_recv_many(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                                        PyObject *kwnames)
{
    static struct sctp_py_sig sig = { "recv_many", 2, 2, { "count", "bufsize" } };
    PyObject *v[2], *list = NULL, *slots[SCTPC_MAX_BATCH];
    long long a[2] = { 64, 65536 };
    char *area = NULL;
    void *bufs[SCTPC_MAX_BATCH];
    struct sctpc_recvinfo infos[SCTPC_MAX_BATCH];
    int lens[SCTPC_MAX_BATCH];
    int fd, timeout_ms, r, count;
    if (sctp_py_bind(&sig, args, nargs, kwnames, v) < 0 ||
        sctp_py_ranged(v[0], "count", LLONG_MIN, LLONG_MAX, &a[0]) < 0 ||
        sctp_py_ranged(v[1], "bufsize", LLONG_MIN, LLONG_MAX, &a[1]) < 0 ||
        sctp_py_sock_args(self, &fd, &timeout_ms) < 0)
        return NULL;
    count = (int)a[0];                       /* used once a[0] is checked */
    if (a[1] <= SCTP_PY_HANDOVER_MIN) {      /* short: side by side in one area, copied out */
        if (!(area = sctp_py_batch_area((Py_ssize_t)a[0], (Py_ssize_t)a[1], bufs)))
            return NULL;
    } else {                                 /* long: in slots, handed out as they are */
        if (sctp_py_batch_check((Py_ssize_t)a[0], (Py_ssize_t)a[1]) < 0)
            return NULL;
        sctp_py_pool_take(slots, count, (Py_ssize_t)a[1]);
        if (sctp_py_slots_fill(slots, bufs, count, (Py_ssize_t)a[1]) < 0)
            goto done;
    }
    SCTP_PY_BLOCKING(r, timeout_ms,
                     sctpc_recv_many(fd, 0, timeout_ms, count, (size_t)a[1], bufs, infos, lens));
    if (r >= 0)
        list = sctp_py_batch_list(bufs, area ? NULL : slots, infos, lens, r, 1);
    if (list && !area && sctp_py_slots_fill(slots, bufs, count, (Py_ssize_t)a[1]) < 0)
        PyErr_Clear();                       /* only the next call's head start is lost */
done:
    if (area)
        PyMem_RawFree(area);
    else
        sctp_py_pool_return(slots, count, (Py_ssize_t)a[1]);
    return list;
}

static PyObject *sctp_py_sock_send(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                                   PyObject *kwnames)
{
    static struct sctp_py_sig sig = { "sctp_send", 1, 9, { "data", "stream", "ppid", "unordered",
                                                           "flags", "ttl", "context", "to",
                                                           "assoc_id" } };
    PyObject *v[9];
    struct sockaddr_storage to;
    struct sctpc_sendinfo info;
    Py_buffer data;
    int fd, timeout_ms, r, unordered = 0;
    if (sctp_py_bind(&sig, args, nargs, kwnames, v) < 0)
        return NULL;
    if (!v[0]) {
        PyErr_SetString(PyExc_TypeError, "sctp_send() missing its data");
        return NULL;
    }
    if (sctp_py_sendinfo_in(v[1], v[4], v[2], v[6], v[5], v[8], &info) < 0 ||
        (v[3] && (unordered = PyObject_IsTrue(v[3])) < 0) ||
        (v[7] && v[7] != Py_None && sctp_py_addr_in(v[7], &to) < 0) ||
        sctp_py_sock_args(self, &fd, &timeout_ms) < 0)
        return NULL;
    if (sctp_py_message_buffer(v[0], &data) < 0)
        return NULL;
    if (unordered)
        info.flags |= SCTP_UNORDERED;
    info.ppid = htonl(info.ppid);            /* the modern API takes it in host byte order */
    SCTP_PY_BLOCKING(r, timeout_ms,
                     sctpc_send(fd, v[7] && v[7] != Py_None ? &to : NULL, &info, 0, timeout_ms,
                                data.buf, (size_t)data.len));
    PyBuffer_Release(&data);
    return r < 0 ? NULL : PyLong_FromLong(r);
}

/* compat.sctpsocket.sctp_recv as a method of its C base class (_lowlevel.CompatBase), for
 * pysctp's users: (fromaddr, flags, msg, notif), fromaddr (host, port) for IPv6 too, notif
 * a sndrcvinfo with the ppid as received (network byte order); a notification goes to
 * compat's hook with the receive's tuple (register_compat_event). */
static PyObject *sctp_py_compat_event;

/* CompatBase's state: compat.sctpsocket's _sk (the wrapped socket), _ttl and _streamid
 * (sctp_send's defaults) and datalogging live in slots, which sctp_send and sctp_recv read
 * without an attribute lookup (each lookup went through compat's __getattr__ hook: ~200
 * instructions, callgrind). */
typedef struct {
    PyObject_HEAD
    PyObject *sk, *ttl, *streamid, *datalogging;
} sctp_py_compat;

static PyMemberDef sctp_py_compat_members[] = {
    { "_sk", T_OBJECT_EX, offsetof(sctp_py_compat, sk), 0, NULL },
    { "_ttl", T_OBJECT_EX, offsetof(sctp_py_compat, ttl), 0, NULL },
    { "_streamid", T_OBJECT_EX, offsetof(sctp_py_compat, streamid), 0, NULL },
    { "datalogging", T_OBJECT_EX, offsetof(sctp_py_compat, datalogging), 0,
      "True: sctp_send also records each message in a file, as pysctp does." },
    { NULL }
};

/* The slot's value (a new reference), or AttributeError when it was never set or deleted,
 * as the attribute would raise. */
static PyObject *sctp_py_compat_slot(PyObject *value, const char *name)
{
    if (!value)
        PyErr_Format(PyExc_AttributeError, "sctpsocket has no attribute '%s'", name);
    return Py_XNewRef(value);
}

/* value if given (not NULL or None), else the slot's (pysctp's defaults); a new reference. */
static PyObject *sctp_py_or_slot(PyObject *value, PyObject *slot, const char *name)
{
    return value && value != Py_None ? Py_NewRef(value) : sctp_py_compat_slot(slot, name);
}

/* Is the slot's value true? 1, 0, or -1 with an exception set (a reference is held: its
 * __bool__ may run code that empties the slot). */
static int sctp_py_slot_true(PyObject *slot, const char *name)
{
    PyObject *v = sctp_py_compat_slot(slot, name);
    int r = v ? PyObject_IsTrue(v) : -1;
    Py_XDECREF(v);
    return r;
}

/* sndrcvinfo, pysctp's notif of a data message: a plain object with nine attributes.  Here
 * they live in slots until something asks for the object's __dict__ (vars(), a new
 * attribute, a deletion, pickling), which then holds them all, so it behaves as pysctp's
 * does; filling nine slots costs far less per message than filling a dict (callgrind, a
 * 100-byte receive: 3,967 instructions with a copy of a template dict, 2,424 so). */
#define SCTP_PY_SNDRCV_N 9
static const char *const sctp_py_sndrcv_names[SCTP_PY_SNDRCV_N] = {
    "stream", "ssn", "flags", "ppid", "context", "timetolive", "tsn", "cumtsn", "assoc_id" };
static PyObject *sctp_py_sndrcv_keys[SCTP_PY_SNDRCV_N];   /* the names, interned */
static PyTypeObject *sctp_py_sndrcvinfo_type;

typedef struct {
    PyObject_HEAD
    PyObject *dict;                          /* NULL while v holds the attributes */
    PyObject *weakrefs;                      /* weakref.ref works, as on a plain object */
    PyObject *v[SCTP_PY_SNDRCV_N];
} sctp_py_sndrcv;

/* Which slot name names, or -1 (attribute names are mostly interned: pointers first). */
static int sctp_py_sndrcv_index(PyObject *name)
{
    int i;
    for (i = 0; i < SCTP_PY_SNDRCV_N; i++)
        if (name == sctp_py_sndrcv_keys[i])
            return i;
    for (i = 0; PyUnicode_Check(name) && i < SCTP_PY_SNDRCV_N; i++)
        if (PyUnicode_CompareWithASCIIString(name, sctp_py_sndrcv_names[i]) == 0)
            return i;
    return -1;
}

/* Once Python code puts something in the object (a slot, its __dict__), it may be part of a
 * cycle: the collector tracks it from then on. */
static void sctp_py_sndrcv_track(sctp_py_sndrcv *s)
{
    if (!PyObject_GC_IsTracked((PyObject *)s))
        PyObject_GC_Track(s);
}

/* From now on d is the object's __dict__ and holds all its attributes (the slots empty).
 * Steals d. */
static void sctp_py_sndrcv_set_dict_to(sctp_py_sndrcv *s, PyObject *d)
{
    int i;
    for (i = 0; i < SCTP_PY_SNDRCV_N; i++)
        Py_CLEAR(s->v[i]);
    Py_XSETREF(s->dict, d);
    sctp_py_sndrcv_track(s);
}

/* The object's __dict__, made from the slots the first time (borrowed; NULL with an
 * exception). */
static PyObject *sctp_py_sndrcv_dict(sctp_py_sndrcv *s)
{
    int i;
    if (!s->dict) {
        PyObject *d = PyDict_New();
        for (i = 0; d && i < SCTP_PY_SNDRCV_N; i++)
            if (s->v[i] && PyDict_SetItem(d, sctp_py_sndrcv_keys[i], s->v[i]) < 0)
                Py_CLEAR(d);
        if (!d)
            return NULL;
        sctp_py_sndrcv_set_dict_to(s, d);
    }
    return s->dict;
}

static PyObject *sctp_py_sndrcv_getattro(PyObject *self, PyObject *name)
{
    sctp_py_sndrcv *s = (sctp_py_sndrcv *)self;
    int i;
    if (!s->dict && (i = sctp_py_sndrcv_index(name)) >= 0 && s->v[i])
        return Py_NewRef(s->v[i]);
    return PyObject_GenericGetAttr(self, name);     /* the type's, or the made __dict__'s */
}

static int sctp_py_sndrcv_setattro(PyObject *self, PyObject *name, PyObject *value)
{
    sctp_py_sndrcv *s = (sctp_py_sndrcv *)self;
    int i;
    if (!s->dict && value && (i = sctp_py_sndrcv_index(name)) >= 0) {
        Py_INCREF(value);
        Py_XSETREF(s->v[i], value);
        sctp_py_sndrcv_track(s);                    /* value may be anything */
        return 0;
    }
    if (!sctp_py_sndrcv_dict(s))
        return -1;
    return PyObject_GenericSetAttr(self, name, value);
}

static PyObject *sctp_py_sndrcv_get_dict(PyObject *self, void *closure)
{
    return Py_XNewRef(sctp_py_sndrcv_dict((sctp_py_sndrcv *)self));
}

static int sctp_py_sndrcv_set_dict(PyObject *self, PyObject *value, void *closure)
{
    if (!value || !PyDict_Check(value)) {
        PyErr_SetString(PyExc_TypeError, "__dict__ must be set to a dictionary");
        return -1;
    }
    Py_INCREF(value);
    sctp_py_sndrcv_set_dict_to((sctp_py_sndrcv *)self, value);
    return 0;
}

/* A received data message's notif, untracked (it holds ints only).  As with Messages, up to
 * SCTP_PY_SNDRCV_SPARE dropped ones that were never changed (untracked, no __dict__, no weak
 * reference) are kept with their ints and their type's reference for the next receives, which
 * write into those ints as sctp_py_message_int does (callgrind: 2,424 -> 1,875 instructions a
 * 100-byte receive). */
#define SCTP_PY_SNDRCV_SPARE 16
static sctp_py_sndrcv *sctp_py_sndrcv_spare[SCTP_PY_SNDRCV_SPARE];
static int sctp_py_sndrcv_nspare;

static PyObject *sctp_py_sndrcv_of(const struct sctpc_recvinfo *r)
{
    long long vals[SCTP_PY_SNDRCV_N] = { r->stream, r->ssn, r->flags, r->ppid, r->context, 0,
                                         r->tsn, r->cumtsn, r->assoc_id };
    sctp_py_sndrcv *s;
    int i;
    if (sctp_py_sndrcv_nspare) {
        s = sctp_py_sndrcv_spare[--sctp_py_sndrcv_nspare];
        Py_SET_REFCNT(s, 1);
    } else {
        if (!(s = PyObject_GC_New(sctp_py_sndrcv, sctp_py_sndrcvinfo_type)))
            return NULL;
        s->dict = s->weakrefs = NULL;
        for (i = 0; i < SCTP_PY_SNDRCV_N; i++)
            s->v[i] = NULL;
    }
#pragma GCC unroll 9
    for (i = 0; i < SCTP_PY_SNDRCV_N; i++)
        if (sctp_py_message_int(&s->v[i], vals[i]) < 0) {
            Py_DECREF(s);
            return NULL;
        }
    return (PyObject *)s;
}

/* sndrcvinfo(values=None): the nine attributes 0, then values (a dict) as pysctp's
 * __init__ sets them: self.__dict__.update(values). */
static PyObject *sctp_py_sndrcv_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *self = type->tp_alloc(type, 0);
    int i;
    for (i = 0; self && i < SCTP_PY_SNDRCV_N; i++)
        ((sctp_py_sndrcv *)self)->v[i] = Py_NewRef(sctp_py_small_int[0]);
    return self;
}

static int sctp_py_sndrcv_init(PyObject *self, PyObject *args, PyObject *kwds)
{
    static char *kw[] = { "values", NULL };
    PyObject *values = NULL, *d, *r;
    int i, truth;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|O:sndrcvinfo", kw, &values))
        return -1;
    for (i = 0; i < SCTP_PY_SNDRCV_N; i++)
        if (sctp_py_sndrcv_setattro(self, sctp_py_sndrcv_keys[i], sctp_py_small_int[0]) < 0)
            return -1;
    if (!values || (truth = PyObject_IsTrue(values)) == 0)
        return 0;
    if (truth < 0 || !(d = sctp_py_sndrcv_dict((sctp_py_sndrcv *)self)) ||
        !(r = PyObject_CallMethod(d, "update", "O", values)))
        return -1;
    Py_DECREF(r);
    return 0;
}

static int sctp_py_sndrcv_traverse(PyObject *self, visitproc visit, void *arg)
{
    sctp_py_sndrcv *s = (sctp_py_sndrcv *)self;
    int i;
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(s->dict);
    for (i = 0; i < SCTP_PY_SNDRCV_N; i++)
        Py_VISIT(s->v[i]);
    return 0;
}

static int sctp_py_sndrcv_clear(PyObject *self)
{
    sctp_py_sndrcv *s = (sctp_py_sndrcv *)self;
    int i;
    Py_CLEAR(s->dict);
    for (i = 0; i < SCTP_PY_SNDRCV_N; i++)
        Py_CLEAR(s->v[i]);
    return 0;
}

static void sctp_py_sndrcv_dealloc(PyObject *self)
{
    sctp_py_sndrcv *s = (sctp_py_sndrcv *)self;
    PyTypeObject *type = Py_TYPE(self);
    if (!s->dict && !s->weakrefs && sctp_py_sndrcv_nspare < SCTP_PY_SNDRCV_SPARE &&
        !PyObject_GC_IsTracked(self)) {
        sctp_py_sndrcv_spare[sctp_py_sndrcv_nspare++] = s;      /* see sctp_py_sndrcv_of */
        return;
    }
    PyObject_GC_UnTrack(self);
    if (s->weakrefs)
        PyObject_ClearWeakRefs(self);
    sctp_py_sndrcv_clear(self);
    PyObject_GC_Del(self);
    Py_DECREF(type);
}

static PyGetSetDef sctp_py_sndrcv_getset[] = {
    { "__dict__", sctp_py_sndrcv_get_dict, sctp_py_sndrcv_set_dict, NULL, NULL },
    { NULL }
};

static PyMemberDef sctp_py_sndrcv_members[] = {      /* where the generic lookups find dict */
    { "__dictoffset__", T_PYSSIZET, offsetof(sctp_py_sndrcv, dict), READONLY, NULL },
    { "__weaklistoffset__", T_PYSSIZET, offsetof(sctp_py_sndrcv, weakrefs), READONLY, NULL },
    { NULL }
};

static PyType_Slot sctp_py_sndrcv_slots[] = {
    { Py_tp_doc, "sndrcvinfo(values=None)\n--\n\n"
                 "SCTP information of a received message (stream, ssn, flags, ppid, context,\n"
                 "timetolive, tsn, cumtsn, assoc_id).  ppid is as received (network byte\n"
                 "order).  A plain object: vars() lists the attributes, others can be set." },
    { Py_tp_new, sctp_py_sndrcv_new },
    { Py_tp_init, sctp_py_sndrcv_init },
    { Py_tp_getattro, sctp_py_sndrcv_getattro },
    { Py_tp_setattro, sctp_py_sndrcv_setattro },
    { Py_tp_getset, sctp_py_sndrcv_getset },
    { Py_tp_members, sctp_py_sndrcv_members },
    { Py_tp_traverse, sctp_py_sndrcv_traverse },
    { Py_tp_clear, sctp_py_sndrcv_clear },
    { Py_tp_dealloc, sctp_py_sndrcv_dealloc },
    { 0, NULL }
};

static PyType_Spec sctp_py_sndrcv_spec = {
    "sctp.sndrcvinfo", sizeof(sctp_py_sndrcv), 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    sctp_py_sndrcv_slots
};

/* The data message's answer; steals data. */
static PyObject *sctp_py_compat_data(PyObject *data, const struct sctpc_recvinfo *r)
{
    PyObject *addr = sctp_py_addr_out(&r->from), *notif = NULL, *t = NULL;
    if (addr && PyTuple_Check(addr) && PyTuple_GET_SIZE(addr) > 2)
        Py_SETREF(addr, PyTuple_GetSlice(addr, 0, 2));        /* pysctp's (host, port) */
    if (addr && (notif = sctp_py_sndrcv_of(r)) && !(t = PyTuple_New(4)))
        Py_CLEAR(notif);
    if (!notif) {
        Py_XDECREF(addr);
        Py_DECREF(data);
        return NULL;
    }
    PyTuple_SET_ITEM(t, 0, addr);
    PyTuple_SET_ITEM(t, 1, PyLong_FromLong(r->msg_flags));
    PyTuple_SET_ITEM(t, 2, data);
    PyTuple_SET_ITEM(t, 3, notif);
    if (!PyTuple_GET_ITEM(t, 1))
        Py_CLEAR(t);
    return t;
}

static PyObject *sctp_py_compat_recv(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                                     PyObject *kwnames)
{
    static struct sctp_py_sig sig = { "sctp_recv", 1, 1, { "maxlen" } };
    PyObject *v[1], *sk, *data, *t;
    struct sctpc_recvinfo info;
    if (sctp_py_bind(&sig, args, nargs, kwnames, v) < 0)
        return NULL;
    if (!v[0] || !sctp_py_compat_event) {
        PyErr_SetString(PyExc_TypeError, v[0] ? "sctp_recv() needs sctp.compat"
                                              : "sctp_recv() missing its maxlen");
        return NULL;
    }
    if (!(sk = sctp_py_compat_slot(((sctp_py_compat *)self)->sk, "_sk")))
        return NULL;
    data = sctp_py_recv_data(sk, v[0], "maxlen", &info);
    Py_DECREF(sk);
    if (!data)
        return NULL;
    if (!(info.msg_flags & SCTPC_MSG_NOTIFICATION))
        return sctp_py_compat_data(data, &info);
    if (!(t = sctp_py_message(data, &info)))
        return NULL;
    Py_SETREF(t, PyObject_CallFunctionObjArgs(sctp_py_compat_event, self, t, NULL));
    return t;
}

/* Is to pysctp's "the connected peer", ("", 0) in its first two items? */
static int sctp_py_compat_no_peer(PyObject *to)
{
    PyObject *head, *peer;
    int r;
    if (PyTuple_CheckExact(to) && PyTuple_GET_SIZE(to) == 2) {   /* the usual case, quickly */
        PyObject *host = PyTuple_GET_ITEM(to, 0), *port = PyTuple_GET_ITEM(to, 1);
        int overflow;
        if (PyUnicode_Check(host) && PyLong_Check(port))
            return PyUnicode_GET_LENGTH(host) == 0 &&
                   PyLong_AsLongAndOverflow(port, &overflow) == 0 && !overflow;
    }
    if (!(head = PySequence_GetSlice(to, 0, 2)))      /* tuple(to[:2]) == ("", 0) */
        return -1;
    Py_SETREF(head, PySequence_Tuple(head));
    peer = Py_BuildValue("(si)", "", 0);
    r = head && peer ? PyObject_RichCompareBool(head, peer, Py_EQ) : -1;
    Py_XDECREF(head);
    Py_XDECREF(peer);
    return r;
}

/* self.name if value is NULL or None (a default pysctp takes from the socket), else value;
 * a new reference, NULL with an exception set. */
static PyObject *sctp_py_or_attr(PyObject *value, PyObject *self, const char *name)
{
    PyObject *key;
    if (value && value != Py_None)
        return Py_NewRef(value);
    return (key = sctp_py_key(name)) ? PyObject_GetAttr(self, key) : NULL;
}

/* Is self.name true? 1, 0, or -1 with an exception set. */
static int sctp_py_attr_true(PyObject *self, const char *name)
{
    PyObject *v = sctp_py_or_attr(NULL, self, name);
    int r = v ? PyObject_IsTrue(v) : -1;
    Py_XDECREF(v);
    return r;
}

/* compat.sctpsocket.sctp_send, pysctp's signature and defaults, in C as sctp_recv is: ppid,
 * stream and timetolive default to the socket's adaptation, _streamid and _ttl; the ppid goes
 * through htonl unless send_ppid_as_is (pysctp 0.7's way); to is ("", 0) for the connected
 * peer, (host, port), or an association id; datalogging hands the message to compat's
 * _record first. */
static PyObject *sctp_py_compat_send(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                                     PyObject *kwnames)
{
    static struct sctp_py_sig sig = { "sctp_send", 9, 9, { "msg", "to", "ppid", "flags", "stream",
                                                           "timetolive", "context",
                                                           "record_file_prefix",
                                                           "datalogging" } };
    PyObject *v[9], *msg = NULL, *ppid = NULL, *stream = NULL, *ttl = NULL, *sk = NULL;
    PyObject *to, *assoc_id = NULL, *result = NULL;
    sctp_py_compat *state = (sctp_py_compat *)self;
    struct sockaddr_storage addr;
    struct sctpc_sendinfo info;
    Py_buffer data;
    int fd, timeout_ms, r, as_is, logging = 0, has_addr = 0;
    if (sctp_py_bind(&sig, args, nargs, kwnames, v) < 0)
        return NULL;
    if (!v[0]) {
        PyErr_SetString(PyExc_TypeError, "sctp_send() missing its msg");
        return NULL;
    }
    to = v[1];
    msg = PyUnicode_Check(v[0]) ? PyUnicode_AsUTF8String(v[0]) : Py_NewRef(v[0]);
    if (!msg || !(ppid = sctp_py_or_attr(v[2], self, "adaptation")) ||
        !(stream = sctp_py_or_slot(v[4], state->streamid, "_streamid")) ||
        !(ttl = sctp_py_or_slot(v[5], state->ttl, "_ttl")) ||
        (as_is = sctp_py_attr_true(self, "send_ppid_as_is")) < 0)
        goto done;
    if (to && PyLong_Check(to) && !PyBool_Check(to)) {
        assoc_id = to;
    } else if (to && to != Py_None) {
        int peer = sctp_py_compat_no_peer(to);
        if (peer < 0)
            goto done;
        has_addr = !peer;
    }
    if (sctp_py_sendinfo_in(stream, v[3], ppid, v[6], ttl, assoc_id, &info) < 0 ||
        (has_addr && sctp_py_addr_in(to, &addr) < 0))
        goto done;
    if (!as_is)
        info.ppid = htonl(info.ppid);
    if ((v[8] && (logging = PyObject_IsTrue(v[8])) < 0) ||
        (!logging && (logging = sctp_py_slot_true(state->datalogging, "datalogging")) < 0))
        goto done;
    if (logging) {
        PyObject *prefix = v[7] ? Py_NewRef(v[7]) : PyUnicode_FromString("RECORD_sctp_traffic");
        PyObject *record = sctp_py_key("_record");
        PyObject *logged = prefix && record ? PyObject_CallMethodObjArgs(self, record, msg,
                                                                         prefix, NULL) : NULL;
        Py_XDECREF(prefix);
        if (!logged)
            goto done;
        Py_DECREF(logged);
    }
    if (!(sk = sctp_py_compat_slot(state->sk, "_sk")) ||
        sctp_py_sock_args(sk, &fd, &timeout_ms) < 0 || sctp_py_message_buffer(msg, &data) < 0)
        goto done;
    SCTP_PY_BLOCKING(r, timeout_ms,
                     sctpc_send(fd, has_addr ? &addr : NULL, &info, 0, timeout_ms, data.buf,
                                (size_t)data.len));
    PyBuffer_Release(&data);
    result = r < 0 ? NULL : PyLong_FromLong(r);
done:
    Py_XDECREF(msg);
    Py_XDECREF(ppid);
    Py_XDECREF(stream);
    Py_XDECREF(ttl);
    Py_XDECREF(sk);
    return result;
}

static PyMethodDef sctp_py_compat_methods[] = {
    { "sctp_send", (PyCFunction)(void (*)(void))sctp_py_compat_send, METH_FASTCALL | METH_KEYWORDS,
      "sctp_send($self, msg, to=('', 0), ppid=None, flags=0, stream=None, timetolive=None, "
      "context=0, record_file_prefix='RECORD_sctp_traffic', datalogging=False)\n--\n\n"
      "Send a message with SCTP parameters; returns the bytes sent.\n\n"
      "to: (host, port), an association id (int), or ('', 0) for the connected peer.\n"
      "ppid: defaults to the adaptation property; converted with htonl like pysctp 0.7\n"
      "(see send_ppid_as_is).  stream and timetolive default to the streamid and ttl\n"
      "properties.  With datalogging (or the socket's datalogging set) the message is also\n"
      "written to a file named from record_file_prefix, as pysctp does." },
    { "sctp_recv", (PyCFunction)(void (*)(void))sctp_py_compat_recv, METH_FASTCALL | METH_KEYWORDS,
      "sctp_recv($self, maxlen)\n--\n\n"
      "Receive a message or notification: (fromaddr, flags, msg, notif).\n\n"
      "notif is a sndrcvinfo for data (ppid as received, in network byte order), or a\n"
      "notification subclass when flags has FLAG_NOTIFICATION." },
    { NULL, NULL, 0, NULL }
};

static int sctp_py_compat_traverse(PyObject *self, visitproc visit, void *arg)
{
    sctp_py_compat *c = (sctp_py_compat *)self;
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(c->sk);
    Py_VISIT(c->ttl);
    Py_VISIT(c->streamid);
    Py_VISIT(c->datalogging);
    return 0;
}

static int sctp_py_compat_clear(PyObject *self)
{
    sctp_py_compat *c = (sctp_py_compat *)self;
    Py_CLEAR(c->sk);
    Py_CLEAR(c->ttl);
    Py_CLEAR(c->streamid);
    Py_CLEAR(c->datalogging);
    return 0;
}

static void sctp_py_compat_dealloc(PyObject *self)
{
    PyTypeObject *type = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    sctp_py_compat_clear(self);
    type->tp_free(self);
    Py_DECREF(type);
}

static PyType_Slot sctp_py_compat_slots[] = {
    { Py_tp_doc, (void *)"sctp.compat.sctpsocket's send and receive (sctp_send, sctp_recv) in "
                         "C, and the state they read." },
    { Py_tp_methods, sctp_py_compat_methods },
    { Py_tp_members, sctp_py_compat_members },
    { Py_tp_traverse, sctp_py_compat_traverse },
    { Py_tp_clear, sctp_py_compat_clear },
    { Py_tp_dealloc, sctp_py_compat_dealloc },
    { 0, NULL }
};

static PyType_Spec sctp_py_compat_spec = {
    "sctp._lowlevel.CompatBase", sizeof(sctp_py_compat), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC, sctp_py_compat_slots
};

/* register_compat_event(event): the function turning a notification's receive tuple into
 * compat's sctp_recv answer. */
static PyObject *sctp_py_register_compat(PyObject *self, PyObject *event)
{
    if (!PyCallable_Check(event)) {
        PyErr_SetString(PyExc_TypeError, "event must be callable");
        return NULL;
    }
    Py_INCREF(event);
    Py_XSETREF(sctp_py_compat_event, event);
    Py_RETURN_NONE;
}

static PyMethodDef sctp_py_register_compat_def = {
    "register_compat_event", sctp_py_register_compat, METH_O,
    "register_compat_event(event)\n--\n\n"
    "Used by sctp.compat: event(sock, tuple) answers notifications."
};

static PyMethodDef sctp_py_socket_methods[] = {
    { "sctp_send", (PyCFunction)(void (*)(void))sctp_py_sock_send, METH_FASTCALL | METH_KEYWORDS,
      "sctp_send($self, data, *, stream=0, ppid=0, unordered=False, flags=0, ttl=0, context=0, "
      "to=None, assoc_id=0)\n--\n\n"
      "Send one message; returns the bytes sent.\n\n"
      "``flags`` takes further ``SCTP_*`` send flags (``SCTP_EOF``, ``SCTP_ABORT``,\n"
      "``SCTP_ADDR_OVER``, ``SCTP_SENDALL``, a PR-SCTP policy); on one-to-many sockets name\n"
      "the association by ``assoc_id`` or the peer by ``to``." },
    { "sctp_recv", (PyCFunction)(void (*)(void))sctp_py_sock_recv, METH_FASTCALL | METH_KEYWORDS,
      "sctp_recv($self, bufsize=65536)\n--\n\n"
      "Receive one message (:class:`Message`) or notification (:class:`Notification`)." },
    { "sctp_recv_into", (PyCFunction)(void (*)(void))sctp_py_sock_recv_into,
      METH_FASTCALL | METH_KEYWORDS,
      "sctp_recv_into($self, buffer)\n--\n\n"
      "Receive one message into a writable buffer (``bytearray``, ``memoryview``, ...)\n"
      "without allocating its payload: the :class:`Message`'s ``data`` is a memoryview of\n"
      "the part of ``buffer`` that was filled." },
    { "recv_many", (PyCFunction)(void (*)(void))sctp_py_sock_recv_many, METH_FASTCALL | METH_KEYWORDS,
      "recv_many($self, count=64, bufsize=65536)\n--\n\n"
      "Receive up to ``count`` (at most 64) messages or notifications of up to ``bufsize``\n"
      "bytes in one call (``recvmmsg``; ``count * bufsize`` at most 64 MiB): waits, as\n"
      ":meth:`sctp_recv` does, for the first one only." },
    { NULL, NULL, 0, NULL }
};

static PyType_Slot sctp_py_socket_slots[] = {
    { Py_tp_doc, (void *)"sctp.SCTPSocket's hot calls (sctp_send, sctp_recv, recv_many) in C: "
                         "a base class without state." },
    { Py_tp_methods, sctp_py_socket_methods },
    { 0, NULL }
};

static PyType_Spec sctp_py_socket_spec = {
    "sctp._lowlevel.SocketBase", 0, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, sctp_py_socket_slots
};

/* register_receive_types(Message, finish): Message must be a tuple subclass without
 * instance dict (it is built here in place); finish turns notification tuples into objects. */
static PyObject *sctp_py_register(PyObject *self, PyObject *args)
{
    PyObject *type, *finish;
    if (!PyArg_ParseTuple(args, "O!O:register_receive_types", &PyType_Type, &type, &finish))
        return NULL;
    if (!PyType_IsSubtype((PyTypeObject *)type, &PyTuple_Type) ||
        ((PyTypeObject *)type)->tp_basicsize != PyTuple_Type.tp_basicsize ||
        ((PyTypeObject *)type)->tp_dictoffset != 0) {
        PyErr_SetString(PyExc_TypeError, "the message type must be a tuple subclass with __slots__ = ()");
        return NULL;
    }
    if (!PyCallable_Check(finish)) {
        PyErr_SetString(PyExc_TypeError, "finish must be callable");
        return NULL;
    }
    Py_INCREF(type);
    Py_XSETREF(sctp_py_message_type, (PyTypeObject *)type);
    Py_INCREF(finish);
    Py_XSETREF(sctp_py_finish, finish);
    Py_RETURN_NONE;
}

static PyMethodDef sctp_py_register_def = {
    "register_receive_types", sctp_py_register, METH_VARARGS,
    "register_receive_types(message_type, finish)\n--\n\n"
    "Used by sctp.api: received data becomes message_type; notification tuples go to finish."
};
%}

%init %{
    {
        PyObject *base = PyType_FromSpec(&sctp_py_socket_spec);
        PyObject *reg = PyCFunction_New(&sctp_py_register_def, NULL);
        PyTypeObject *message = PyStructSequence_NewType(&sctp_py_message_desc);
        PyObject *compat = PyType_FromSpec(&sctp_py_compat_spec);
        PyObject *reg_compat = PyCFunction_New(&sctp_py_register_compat_def, NULL);
        PyObject *sndrcv = PyType_FromSpec(&sctp_py_sndrcv_spec);
        int i;
        for (i = 0; i < SCTP_PY_SNDRCV_N; i++)
            if (!(sctp_py_sndrcv_keys[i] = PyUnicode_InternFromString(sctp_py_sndrcv_names[i])))
                return NULL;
        sctp_py_sndrcvinfo_type = (PyTypeObject *)sndrcv;      /* the module holds it too */
        Py_XINCREF(sndrcv);
        sctp_py_str_fileno = PyUnicode_InternFromString("fileno");
        sctp_py_str_gettimeout = PyUnicode_InternFromString("gettimeout");
        sctp_py_sock_layout_check();
        if (sctp_py_small_ints_init() < 0)
            return NULL;
        if (message) {                        /* see sctp_py_message_dealloc */
            message->tp_dealloc = sctp_py_message_dealloc;
            sctp_py_message_class = message;
        }
        if (!base || !reg || !message || !sctp_py_str_fileno || !sctp_py_str_gettimeout ||
            PyModule_AddObject(m, "SocketBase", base) < 0 ||
            PyModule_AddObject(m, "Message", (PyObject *)message) < 0 ||
            !compat || !reg_compat ||
            PyModule_AddObject(m, "CompatBase", compat) < 0 || !sndrcv ||
            PyModule_AddObject(m, "sndrcvinfo", sndrcv) < 0 ||
            PyModule_AddObject(m, "register_compat_event", reg_compat) < 0 ||
            PyModule_AddObject(m, "register_receive_types", reg) < 0)
            return NULL;
    }
%}
