/* Python typemaps: errors, addresses, buffers, named fields.  Payloads are bytes; addresses
 * are tuples like the socket module's: (host, port) for IPv4, (host, port, flowinfo,
 * scope_id) for IPv6. */

%include <stdint.i>

%{
#include <netdb.h>
#include <arpa/inet.h>
#include <structmember.h>     /* T_INT, READONLY: Batch's and sndrcvinfo's members */

/* The one error translator: -errno -> OSError subclass (ConnectionRefusedError,
 * BlockingIOError, ...), our own timeout -> TimeoutError("timed out") like socket.timeout. */
static void sctp_py_raise(int err)
{
    if (err == SCTPC_ETIMEOUT) {
        PyErr_SetString(PyExc_TimeoutError, "timed out");
        return;
    }
    errno = err;
    PyErr_SetFromErrno(PyExc_OSError);
}

/* ("host", port[, flowinfo, scope_id]) -> sockaddr.  Numeric hosts are parsed directly; names
 * are resolved with getaddrinfo without the GIL, preferring IPv4 (an IPv4 address also works
 * on an IPv6 socket).  Returns 0, or -1 with an exception set. */
static int sctp_py_addr_in(PyObject *o, struct sockaddr_storage *out)
{
    const char *host;
    int port;
    unsigned int flow = 0, scope = 0;
    int r;
    if (!PyTuple_Check(o)) {
        PyErr_Format(PyExc_TypeError, "an address must be a tuple (host, port), not %.100s",
                     Py_TYPE(o)->tp_name);
        return -1;
    }
    if (!PyArg_ParseTuple(o, "si|II;an address must be (host: str, port: int[, flowinfo, scope_id])",
                          &host, &port, &flow, &scope))
        return -1;
    if (port < 0 || port > 65535) {
        PyErr_SetString(PyExc_OverflowError, "port must be 0-65535");
        return -1;
    }
    r = sctpc_addr_parse(host, port, flow, scope, out);
    if (r == -EINVAL) {
        struct addrinfo hints, *res = NULL;
        int g;
        memset(&hints, 0, sizeof hints);
        hints.ai_socktype = SOCK_STREAM;
        hints.ai_family = AF_INET;
        Py_BEGIN_ALLOW_THREADS
        g = getaddrinfo(host, NULL, &hints, &res);
        if (g != 0) {
            hints.ai_family = AF_INET6;
            g = getaddrinfo(host, NULL, &hints, &res);
        }
        Py_END_ALLOW_THREADS
        if (g != 0) {
            PyObject *socket = PyImport_ImportModule("socket");
            PyObject *gaierror = socket ? PyObject_GetAttrString(socket, "gaierror") : NULL;
            if (gaierror)
                PyErr_Format(gaierror, "cannot resolve %R: %s", PyTuple_GET_ITEM(o, 0), gai_strerror(g));
            Py_XDECREF(gaierror);
            Py_XDECREF(socket);
            return -1;
        }
        memset(out, 0, sizeof *out);
        memcpy(out, res->ai_addr, res->ai_addrlen);
        ((struct sockaddr_in *)out)->sin_port = htons((uint16_t)port);   /* same offset in v6 */
        if (out->ss_family == AF_INET6) {
            ((struct sockaddr_in6 *)out)->sin6_flowinfo = htonl(flow);
            ((struct sockaddr_in6 *)out)->sin6_scope_id = scope;
        }
        freeaddrinfo(res);
        return 0;
    }
    if (r < 0) {
        sctp_py_raise(-r);
        return -1;
    }
    return 0;
}

static PyObject *sctp_py_addr_format(const struct sockaddr_storage *a);

/* A receive loop mostly hears from the same peer address: the last one's tuple is kept and
 * handed out again (tuples are immutable; the GIL guards these statics). */
static struct sockaddr_storage sctp_py_last_addr;
static PyObject *sctp_py_last_addr_obj;

/* Is a the last address handed out?  Compared at the family's fixed length, which the
 * compiler does inline (a libc memcmp is AVX2 code, slow under the test VM's emulation). */
static int sctp_py_addr_is_last(const struct sockaddr_storage *a)
{
    if (!sctp_py_last_addr_obj || a->ss_family != sctp_py_last_addr.ss_family)
        return 0;
    if (a->ss_family == AF_INET)
        return memcmp(&sctp_py_last_addr, a, sizeof(struct sockaddr_in)) == 0;
    return a->ss_family == AF_INET6 &&
           memcmp(&sctp_py_last_addr, a, sizeof(struct sockaddr_in6)) == 0;
}

static PyObject *sctp_py_addr_out(const struct sockaddr_storage *a)
{
    PyObject *o;
    socklen_t len;
    if (sctp_py_addr_is_last(a)) {
        Py_INCREF(sctp_py_last_addr_obj);
        return sctp_py_last_addr_obj;
    }
    o = sctp_py_addr_format(a);
    if (o && (len = sctpc_addrlen(a->ss_family))) {
        Py_XSETREF(sctp_py_last_addr_obj, o);
        memcpy(&sctp_py_last_addr, a, len);
        Py_INCREF(o);
    }
    return o;
}

/* A Message's address slot set to a's tuple: a kept Message (see sctp_py_message_dealloc)
 * often holds it already.  0, or -1 with an exception. */
static int sctp_py_addr_set(PyObject **slot, const struct sockaddr_storage *a)
{
    PyObject *old = *slot, *o;
    if (old && old == sctp_py_last_addr_obj && sctp_py_addr_is_last(a))
        return 0;
    if (!(o = sctp_py_addr_out(a)))
        return -1;
    *slot = o;
    Py_XDECREF(old);
    return 0;
}

static PyObject *sctp_py_addr_format(const struct sockaddr_storage *a)
{
    char host[INET6_ADDRSTRLEN];
    int port = sctpc_addr_format(a, host, sizeof host);
    if (port < 0)
        Py_RETURN_NONE;
    if (a->ss_family == AF_INET6) {
        const struct sockaddr_in6 *a6 = (const struct sockaddr_in6 *)a;
        return Py_BuildValue("(siII)", host, port, (unsigned)ntohl(a6->sin6_flowinfo),
                             (unsigned)a6->sin6_scope_id);
    }
    return Py_BuildValue("(si)", host, port);
}

/* A list of address tuples -> array (at most SCTPC_MAX_ADDRS). */
static int sctp_py_addrs_in(PyObject *o, struct sockaddr_storage *out, int *count)
{
    PyObject *seq = PySequence_Fast(o, "addresses must be a list of (host, port) tuples");
    Py_ssize_t i, n;
    if (!seq)
        return -1;
    n = PySequence_Fast_GET_SIZE(seq);
    if (n == 0 || n > SCTPC_MAX_ADDRS) {
        PyErr_Format(PyExc_ValueError, "between 1 and %d addresses are needed, got %zd",
                     SCTPC_MAX_ADDRS, n);
        Py_DECREF(seq);
        return -1;
    }
    for (i = 0; i < n; i++)
        if (sctp_py_addr_in(PySequence_Fast_GET_ITEM(seq, i), &out[i]) < 0) {
            Py_DECREF(seq);
            return -1;
        }
    *count = (int)n;
    Py_DECREF(seq);
    return 0;
}

/* Field names are string literals of the core: each is interned once, keyed by its address. */
static PyObject *sctp_py_key(const char *name)
{
    static struct { const char *name; PyObject *key; } cache[256];
    size_t h = ((uintptr_t)name >> 3) & 255, n;
    for (n = 0; n < 256; n++, h = (h + 1) & 255) {
        if (cache[h].name == name)
            return cache[h].key;
        if (!cache[h].name) {
            PyObject *k = PyUnicode_InternFromString(name);
            if (!k)
                return NULL;
            cache[h].name = name;
            cache[h].key = k;
            return k;
        }
    }
    return PyUnicode_InternFromString(name);    /* full: leaks one ref, never expected */
}

/* Named fields -> dict: the only place Python meets the core's decoded structures. */
static PyObject *sctp_py_fields(const struct sctpc_fields *f)
{
    PyObject *d = _PyDict_NewPresized(f->count);
    int i;
    if (!d)
        return NULL;
    for (i = 0; i < f->count; i++) {
        const struct sctpc_field *x = &f->f[i];
        PyObject *v = NULL;
        switch (x->kind) {
        case SCTPC_INT: v = PyLong_FromLongLong(x->i); break;
        case SCTPC_BYTES: v = PyBytes_FromStringAndSize(x->ptr, (Py_ssize_t)x->len); break;
        case SCTPC_NAME: v = PyUnicode_FromString(x->ptr); break;
        case SCTPC_ADDR: {
            struct sockaddr_storage a;
            memcpy(&a, x->ptr, sizeof a);     /* the source may be unaligned */
            v = sctp_py_addr_out(&a);
            break;
        }
        case SCTPC_U8LIST: case SCTPC_U16LIST: case SCTPC_S32LIST: {
            size_t k;
            v = PyList_New((Py_ssize_t)x->len);
            for (k = 0; v && k < x->len; k++)
                PyList_SET_ITEM(v, (Py_ssize_t)k, PyLong_FromLongLong(sctpc_field_item(x, k)));
            break;
        }
        }
        if (!v || PyDict_SetItem(d, sctp_py_key(x->name), v) < 0) {
            Py_XDECREF(v);
            Py_DECREF(d);
            return NULL;
        }
        Py_DECREF(v);
    }
    return d;
}

/* A list or tuple of ints into a list member: 0 or -errno from the core, -2 with a Python
 * error set. */
static int sctp_py_optval_list(struct sctpc_optval *v, const char *member, PyObject *seq)
{
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq), i;
    int64_t *x;
    int r;
    if (n > SCTPC_OPTBUF)
        return -E2BIG;
    x = PyMem_New(int64_t, n ? n : 1);
    if (!x) { PyErr_NoMemory(); return -2; }
    for (i = 0; i < n; i++) {
        PyObject *e = PySequence_Fast_GET_ITEM(seq, i);
        if (!PyLong_Check(e)) {
            PyErr_Format(PyExc_TypeError, "%s must hold ints, not %.100s", member,
                         Py_TYPE(e)->tp_name);
            PyMem_Free(x);
            return -2;
        }
        x[i] = PyLong_AsLongLong(e);
        if (x[i] == -1 && PyErr_Occurred()) { PyMem_Free(x); return -2; }
    }
    r = sctpc_optval_set_list(v, member, x, (size_t)n);
    PyMem_Free(x);
    return r;
}

/* dict -> option value: unknown names are ValueErrors, wrong types TypeErrors, values that do
 * not fit the field OverflowErrors, all before anything reaches the kernel. */
static int sctp_py_optval_in(PyObject *o, struct sctpc_optval *v)
{
    const char *name;
    PyObject *fields = Py_None, *key, *value;
    Py_ssize_t pos = 0;
    if (!PyTuple_Check(o)) {
        PyErr_SetString(PyExc_TypeError, "an option must be a tuple (name, fields)");
        return -1;
    }
    if (!PyArg_ParseTuple(o, "s|O;option must be (name, fields)", &name, &fields))
        return -1;
    if (sctpc_optval_init(v, name) < 0) {
        PyErr_Format(PyExc_ValueError, "unknown socket option %R", PyTuple_GET_ITEM(o, 0));
        return -1;
    }
    if (fields == Py_None)
        return 0;
    if (!PyDict_Check(fields)) {
        PyErr_SetString(PyExc_TypeError, "option fields must be a dict");
        return -1;
    }
    while (PyDict_Next(fields, &pos, &key, &value)) {
        const char *member = PyUnicode_Check(key) ? PyUnicode_AsUTF8(key) : NULL;
        int r, kind;
        if (!member) {
            PyErr_SetString(PyExc_TypeError, "option field names must be str");
            return -1;
        }
        kind = sctpc_optval_member_kind(v, member);
        if (kind == SCTPC_M_ADDR && PyTuple_Check(value)) {
            struct sockaddr_storage a;
            if (sctp_py_addr_in(value, &a) < 0)
                return -1;
            r = sctpc_optval_set_addr(v, member, &a);
        } else if (kind == SCTPC_M_BYTES && PyObject_CheckBuffer(value)) {
            Py_buffer b;
            if (PyObject_GetBuffer(value, &b, PyBUF_SIMPLE) < 0)
                return -1;
            r = sctpc_optval_set_bytes(v, member, b.buf, (size_t)b.len);
            PyBuffer_Release(&b);
        } else if (kind >= SCTPC_M_LIST8 && kind <= SCTPC_M_LIST32 &&
                   (PyList_Check(value) || PyTuple_Check(value))) {
            r = sctp_py_optval_list(v, member, value);
            if (r == -2)
                return -1;
        } else if (kind >= 0 && kind != SCTPC_M_ADDR && kind < SCTPC_M_LIST8 && PyLong_Check(value)) {
            long long x = PyLong_AsLongLong(value);    /* bool is an int: True/False are fine */
            if (x == -1 && PyErr_Occurred())
                return -1;
            r = sctpc_optval_set_int(v, member, x);
        } else if (kind >= 0) {
            PyErr_Format(PyExc_TypeError, "%s.%s must be %s, not %.100s", name, member,
                         kind == SCTPC_M_ADDR ? "an address tuple" :
                         kind == SCTPC_M_BYTES ? "bytes" :
                         kind >= SCTPC_M_LIST8 ? "a list of ints" : "an int",
                         Py_TYPE(value)->tp_name);
            return -1;
        } else {
            r = kind;
        }
        if (r == -ENOENT) {
            PyErr_Format(PyExc_ValueError, "%s has no field %R", name, key);
            return -1;
        }
        if (r == -E2BIG) {
            PyErr_Format(PyExc_ValueError, "%s.%s is too long", name, member);
            return -1;
        }
        if (r == -ERANGE) {
            PyErr_Format(PyExc_OverflowError, "%s.%s is out of range", name, member);
            return -1;
        }
        if (r < 0) {
            sctp_py_raise(-r);
            return -1;
        }
    }
    return 0;
}
%}

/* After EINTR in a blocking call: run the signal handlers (a KeyboardInterrupt ends the call
 * at once), else try again. */
#define SCTP_AFTER_EINTR if (PyErr_CheckSignals() < 0) SWIG_fail;

%typemap(out) sctpc_status {
    if ($1 < 0) {
        sctp_py_raise(-$1);
        SWIG_fail;
    }
    $result = PyLong_FromLong($1);
}
/* Calls whose result says nothing return None. */
%typemap(out) sctpc_done {
    if ($1 < 0) {
        sctp_py_raise(-$1);
        SWIG_fail;
    }
    $result = Py_None; Py_INCREF(Py_None);
}

/* Addresses in */
%typemap(in) const struct sockaddr_storage *addr (struct sockaddr_storage tmp) {
    if (sctp_py_addr_in($input, &tmp) < 0) SWIG_fail;
    $1 = &tmp;
}
/* An optional destination: None sends on the association the socket is connected to. */
%typemap(in) const struct sockaddr_storage *to (struct sockaddr_storage tmp) {
    if ($input == Py_None) $1 = NULL;
    else { if (sctp_py_addr_in($input, &tmp) < 0) SWIG_fail; $1 = &tmp; }
}
%typemap(in) (const struct sockaddr_storage *addrs, int count)
        (struct sockaddr_storage tmp[SCTPC_MAX_ADDRS]) {
    if (sctp_py_addrs_in($input, tmp, &$2) < 0) SWIG_fail;
    $1 = tmp;
}

/* Addresses out */
%typemap(in, numinputs=0) struct sockaddr_storage *addr_out (struct sockaddr_storage tmp),
                          struct sockaddr_storage *peer (struct sockaddr_storage tmp) {
    memset(&tmp, 0, sizeof tmp);
    $1 = &tmp;
}
%typemap(argout) struct sockaddr_storage *addr_out {
    Py_DECREF($result);
    $result = sctp_py_addr_out($1);
}
/* accept -> (fd, peer address) */
%typemap(argout) struct sockaddr_storage *peer {
    PyObject *fd = $result;
    $result = Py_BuildValue("(NN)", fd, sctp_py_addr_out($1));
}
%typemap(in, numinputs=0) (struct sockaddr_storage *out, int max)
        (struct sockaddr_storage tmp[SCTPC_MAX_ADDRS]) {
    $1 = tmp;
    $2 = SCTPC_MAX_ADDRS;
}
%typemap(argout) (struct sockaddr_storage *out, int max) {
    long n = PyLong_AsLong($result), i;
    PyObject *list;
    if (n > $2) n = $2;
    list = PyList_New(n);
    for (i = 0; list && i < n; i++)
        PyList_SET_ITEM(list, i, sctp_py_addr_out(&$1[i]));
    Py_DECREF($result);
    $result = list;
    if (!list) SWIG_fail;
}

%{
/* Where CPython's object layouts are known (3.11: an int's ob_size and ob_digit, bytes'
 * ob_shash), ints are read, and kept objects written, in place (see the kept Messages). */
#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030C0000
#define SCTP_PY_WRITE_IN_PLACE 1
#else
#define SCTP_PY_WRITE_IN_PLACE 0
#endif

/* An int argument in [min, max] into *out (unchanged when o is NULL: the default).  0, or -1
 * with TypeError (not an int) or OverflowError (out of range) set. */
static int sctp_py_ranged_any(PyObject *o, const char *name, long long min, long long max,
                              long long *out)
{
    long long v;
    if (!PyLong_Check(o)) {
        PyErr_Format(PyExc_TypeError, "%s must be an int, not %.100s", name, Py_TYPE(o)->tp_name);
        return -1;
    }
    v = PyLong_AsLongLong(o);
    if (v == -1 && PyErr_Occurred())
        return -1;
    if (v < min || v > max) {
        PyErr_Format(PyExc_OverflowError, "%s must be in [%lld, %lld], got %lld", name, min, max, v);
        return -1;
    }
    *out = v;
    return 0;
}

/* The same, inline for an absent argument and, where the layout is known, an int of one digit
 * (below 2**30) read directly: a send's stream, PPID and the like (callgrind: a 100-byte
 * sctp_send 969 -> 939 instructions). */
static inline int sctp_py_ranged(PyObject *o, const char *name, long long min, long long max,
                                 long long *out)
{
    if (!o)
        return 0;
#if SCTP_PY_WRITE_IN_PLACE
    if (PyLong_Check(o) && Py_SIZE(o) >= -1 && Py_SIZE(o) <= 1) {
        long long v = Py_SIZE(o) * (long long)((PyLongObject *)o)->ob_digit[0];
        if (v >= min && v <= max) {
            *out = v;
            return 0;
        }
    }
#endif
    return sctp_py_ranged_any(o, name, min, max, out);
}

/* SCTP_SNDRCV's fields from their values (NULL: 0), each checked against its range; the
 * ppid is taken as given (no byte swap).  0, or -1 with an exception set.  Shared by the
 * send info typemap and SocketBase.sctp_send. */
static int sctp_py_sendinfo_in(PyObject *stream, PyObject *flags, PyObject *ppid,
                               PyObject *context, PyObject *ttl, PyObject *assoc_id,
                               struct sctpc_sendinfo *out)
{
    long long v[6] = { 0, 0, 0, 0, 0, 0 };
    if (sctp_py_ranged(stream, "stream", 0, 0xffff, &v[0]) < 0 ||
        sctp_py_ranged(flags, "flags", 0, 0xffff, &v[1]) < 0 ||
        sctp_py_ranged(ppid, "ppid", 0, 0xffffffffLL, &v[2]) < 0 ||
        sctp_py_ranged(context, "context", 0, 0xffffffffLL, &v[3]) < 0 ||
        sctp_py_ranged(ttl, "ttl", 0, 0xffffffffLL, &v[4]) < 0 ||
        sctp_py_ranged(assoc_id, "assoc_id", INT32_MIN, INT32_MAX, &v[5]) < 0)
        return -1;
    out->stream = (uint16_t)v[0]; out->flags = (uint16_t)v[1]; out->ppid = (uint32_t)v[2];
    out->context = (uint32_t)v[3]; out->ttl = (uint32_t)v[4]; out->assoc_id = (int32_t)v[5];
    return 0;
}
%}

/* Send info: None (no ancillary data) or (stream, flags, ppid, context, ttl, assoc_id);
 * every value range-checked before the call. */
%typemap(in) const struct sctpc_sendinfo *info (struct sctpc_sendinfo tmp) {
    if ($input == Py_None) {
        $1 = NULL;
    } else {
        PyObject **v;
        if (!PyTuple_Check($input)) {
            PyErr_SetString(PyExc_TypeError, "send info must be a tuple or None");
            SWIG_fail;
        }
        if (PyTuple_GET_SIZE($input) != 6) {
            PyErr_SetString(PyExc_TypeError, "send info must be (stream, flags, ppid, context, ttl, assoc_id)");
            SWIG_fail;
        }
        v = &PyTuple_GET_ITEM($input, 0);
        if (sctp_py_sendinfo_in(v[0], v[1], v[2], v[3], v[4], v[5], &tmp) < 0) SWIG_fail;
        $1 = &tmp;
    }
}

/* sendv info: None or a dict with any of sid, flags, ppid, context, assoc_id (SNDINFO),
 * pr_policy, pr_value (PRINFO), auth_keynumber (AUTHINFO), num_ostreams, max_instreams,
 * max_attempts, max_init_timeo (INIT).  A group is sent when one of its keys is present. */
%{
static int sctp_py_sendv_info(PyObject *o, struct sctpc_sendv_info *v)
{
    static const struct { const char *key; size_t off; int bits; unsigned group; } k[] = {
        { "sid", offsetof(struct sctpc_sendv_info, sid), 16, SCTPC_SEND_SNDINFO },
        { "flags", offsetof(struct sctpc_sendv_info, flags), 16, SCTPC_SEND_SNDINFO },
        { "ppid", offsetof(struct sctpc_sendv_info, ppid), 32, SCTPC_SEND_SNDINFO },
        { "context", offsetof(struct sctpc_sendv_info, context), 32, SCTPC_SEND_SNDINFO },
        { "assoc_id", offsetof(struct sctpc_sendv_info, assoc_id), -32, SCTPC_SEND_SNDINFO },
        { "pr_policy", offsetof(struct sctpc_sendv_info, pr_policy), 16, SCTPC_SEND_PRINFO },
        { "pr_value", offsetof(struct sctpc_sendv_info, pr_value), 32, SCTPC_SEND_PRINFO },
        { "auth_keynumber", offsetof(struct sctpc_sendv_info, auth_keynumber), 16, SCTPC_SEND_AUTHINFO },
        { "num_ostreams", offsetof(struct sctpc_sendv_info, num_ostreams), 16, SCTPC_SEND_INIT },
        { "max_instreams", offsetof(struct sctpc_sendv_info, max_instreams), 16, SCTPC_SEND_INIT },
        { "max_attempts", offsetof(struct sctpc_sendv_info, max_attempts), 16, SCTPC_SEND_INIT },
        { "max_init_timeo", offsetof(struct sctpc_sendv_info, max_init_timeo), 16, SCTPC_SEND_INIT },
    };
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    memset(v, 0, sizeof *v);
    if (!PyDict_Check(o)) {
        PyErr_SetString(PyExc_TypeError, "sendv info must be a dict or None");
        return -1;
    }
    while (PyDict_Next(o, &pos, &key, &value)) {
        const char *name = PyUnicode_Check(key) ? PyUnicode_AsUTF8(key) : NULL;
        size_t i;
        long long x;
        for (i = 0; name && i < sizeof k / sizeof k[0]; i++)
            if (strcmp(k[i].key, name) == 0)
                break;
        if (!name || i == sizeof k / sizeof k[0]) {
            PyErr_Format(PyExc_ValueError, "unknown sendv field %R", key);
            return -1;
        }
        if (!PyLong_Check(value)) {
            PyErr_Format(PyExc_TypeError, "sendv field %s must be an int", name);
            return -1;
        }
        x = PyLong_AsLongLong(value);
        if (x == -1 && PyErr_Occurred())
            return -1;
        if (k[i].bits == 16 ? (x < 0 || x > 0xffff) : k[i].bits == 32 ? (x < 0 || x > 0xffffffffLL)
                                                    : (x < INT32_MIN || x > INT32_MAX)) {
            PyErr_Format(PyExc_OverflowError, "sendv field %s is out of range", name);
            return -1;
        }
        if (k[i].bits == 16) { uint16_t u = (uint16_t)x; memcpy((char *)v + k[i].off, &u, 2); }
        else if (k[i].bits == 32) { uint32_t u = (uint32_t)x; memcpy((char *)v + k[i].off, &u, 4); }
        else { int32_t u = (int32_t)x; memcpy((char *)v + k[i].off, &u, 4); }
        v->valid |= k[i].group;
    }
    return 0;
}
%}
%typemap(in) const struct sctpc_sendv_info *info (struct sctpc_sendv_info tmp) {
    if ($input == Py_None) $1 = NULL;
    else { if (sctp_py_sendv_info($input, &tmp) < 0) SWIG_fail; $1 = &tmp; }
}
/* sendv's destinations: None (the connected peer / assoc_id) or a list of addresses. */
%typemap(in) (const struct sockaddr_storage *dests, int ndests)
        (struct sockaddr_storage tmp[SCTPC_MAX_ADDRS]) {
    if ($input == Py_None) { $1 = NULL; $2 = 0; }
    else { if (sctp_py_addrs_in($input, tmp, &$2) < 0) SWIG_fail; $1 = tmp; }
}

/* Outgoing payload: anything with the buffer protocol (bytes, bytearray, memoryview, ...).
 * The buffer stays pinned while the GIL is released.  `held` is initialised where SWIG
 * declares it, because freearg also runs when an earlier argument failed and this typemap
 * never ran. */
%{
/* A message's bytes: any bytes-like object, but not str (its encoding is the caller's
 * choice).  0, or -1 with TypeError set; release the view with PyBuffer_Release. */
static int sctp_py_message_buffer(PyObject *o, Py_buffer *view)
{
    if (PyUnicode_Check(o)) {
        PyErr_SetString(PyExc_TypeError, "a message must be bytes-like, not str (encode it first)");
        return -1;
    }
    return PyObject_GetBuffer(o, view, PyBUF_SIMPLE);
}
%}
%typemap(in) (const void *buf, size_t len) (Py_buffer view, int held = 0) {
    if (sctp_py_message_buffer($input, &view) < 0) SWIG_fail;
    held = 1;
    $1 = view.buf;
    $2 = (size_t)view.len;
}
%typemap(freearg) (const void *buf, size_t len) {
    if (held$argnum) PyBuffer_Release(&view$argnum);
}

%{
/* The bytes object a receive fills (later trimmed to what arrived); n is the caller's size,
 * bounded so a typo cannot ask for terabytes. */
static PyObject *sctp_py_recv_buffer(Py_ssize_t n)
{
    if (n <= 0) {
        PyErr_SetString(PyExc_ValueError, "the receive size must be positive");
        return NULL;
    }
    if (n > (1 << 30)) {
        PyErr_SetString(PyExc_ValueError, "the receive size is limited to 1 GiB");
        return NULL;
    }
    return PyBytes_FromStringAndSize(NULL, n);
}

/* A received notification as a dict, or None when only part of it was read (no MSG_EOR)
 * or it does not decode: the caller then reassembles the bytes. */
static PyObject *sctp_py_notification_at(const void *buf, size_t n, int msg_flags)
{
    struct sctpc_fields f;
    if ((msg_flags & MSG_EOR) && sctpc_notification_fields(buf, n, &f) == 0)
        return sctp_py_fields(&f);
    Py_RETURN_NONE;
}
#define sctp_py_notification(data, msg_flags) \
    sctp_py_notification_at(PyBytes_AS_STRING(data), (size_t)PyBytes_GET_SIZE(data), (msg_flags))
%}

/* Receive: maxlen in; (data, from, msg_flags, info) out, info being the decoded notification
 * (with SCTPC_MSG_NOTIFICATION) or the message's SCTP info, as a dict, or None. */
%typemap(in) (void *buf, size_t len, struct sctpc_recvinfo *info)
        (PyObject *data = NULL, struct sctpc_recvinfo tmp) {
    Py_ssize_t n = PyNumber_AsSsize_t($input, PyExc_OverflowError);
    if (n == -1 && PyErr_Occurred()) SWIG_fail;
    if (!(data = sctp_py_recv_buffer(n))) SWIG_fail;
    $1 = PyBytes_AS_STRING(data);
    $2 = (size_t)n;
    $3 = &tmp;
}
%typemap(argout) (void *buf, size_t len, struct sctpc_recvinfo *info) {
    Py_ssize_t n = PyLong_AsSsize_t($result);
    struct sctpc_fields f;
    PyObject *info = Py_None;
    Py_DECREF($result);
    $result = NULL;
    if (n != (Py_ssize_t)$2 && _PyBytes_Resize(&data$argnum, n) < 0) SWIG_fail;
    if ($3->msg_flags & SCTPC_MSG_NOTIFICATION) {
        info = sctp_py_notification(data$argnum, $3->msg_flags);
    } else if ($3->has_info) {
        sctpc_recvinfo_fields($3, &f);
        info = sctp_py_fields(&f);
    } else {
        Py_INCREF(info);
    }
    if (!info) SWIG_fail;
    $result = PyTuple_New(4);
    if (!$result) { Py_DECREF(info); SWIG_fail; }
    PyTuple_SET_ITEM($result, 0, data$argnum);
    data$argnum = NULL;                      /* the tuple owns it now */
    PyTuple_SET_ITEM($result, 1, sctp_py_addr_out(&$3->from));
    PyTuple_SET_ITEM($result, 2, PyLong_FromLong($3->msg_flags));
    PyTuple_SET_ITEM($result, 3, info);
}

%{
/* sctp.Message: a struct sequence (a tuple with named fields, like os.stat_result), made
 * here because its allocation and deallocation cost far less than a Python-defined tuple
 * subclass's (subtype_dealloc); sctp.api adds eor, unordered and __repr__. */
static PyStructSequence_Field sctp_py_message_fields[] = {
    { "data", "The payload (bytes)." },
    { "addr", "The sender's address." },
    { "msg_flags", "recvmsg() flags (MSG_EOR, MSG_NOTIFICATION)." },
    { "stream", "The stream it arrived on." },
    { "ssn", "Stream sequence number." },
    { "flags", "SCTP flags (SCTP_UNORDERED)." },
    { "ppid", "Payload protocol identifier, host byte order." },
    { "context", "The receiving socket's SCTP_CONTEXT." },
    { "tsn", "Transmission sequence number." },
    { "cumtsn", "Cumulative TSN (unordered messages)." },
    { "assoc_id", "The association it arrived on." },
    { NULL, NULL }
};
static PyStructSequence_Desc sctp_py_message_desc = {
    "sctp.Message",
    "A received data message (or part of one when ``eor`` is False).\n\n"
    "A tuple (data, addr, msg_flags, stream, ssn, flags, ppid, context, tsn, cumtsn,\n"
    "assoc_id) with those names as attributes; ``ppid`` is in host byte order, ``addr`` is the\n"
    "sender's address.",
    sctp_py_message_fields, 11
};

/* The type data messages are built as, in place (sctp.api registers sctp.Message, see
 * socket_methods.i), so the Python side does not copy the tuple. */
static PyTypeObject *sctp_py_message_type;

/* A Message is made and dropped per received message: up to SCTP_PY_MESSAGE_SPARE freed ones
 * (a full batch's worth, about 12 KiB) are kept for the next receives, as CPython keeps freed
 * tuples.  That saves the allocation, tp_alloc's memset and the n_fields lookup in the type's
 * dict that structseq's own dealloc does for every object.  sctp_py_message_class is
 * _lowlevel.Message, the only type with this dealloc; structseq types cannot be subclassed.
 *
 * A kept Message keeps its items but the payload: the address tuple and the ints.  The next
 * message mostly has the same address and the same small ints (stream, flags, PPID), so its
 * slots need no change, and its SSN and TSN (above 256, not among CPython's shared small ints)
 * are written into the kept ints when nothing else holds them (sctp_py_message_int): a
 * message then allocates nothing but its payload.  Writing into an int relies on CPython's
 * int layout, so only where it is known (3.11: ob_size, ob_digit; also bytes' ob_shash, for
 * the kept payload below): SCTP_PY_WRITE_IN_PLACE.
 *
 * The Messages built here hold only bytes, ints and a tuple of str and ints: they cannot be
 * part of a reference cycle, so they are not tracked by the cycle collector (as CPython
 * untracks such tuples).  One made by Python code (sctp.Message(seq)) is tracked and may hold
 * anything: it is freed whole, never kept. */
#define SCTP_PY_MESSAGE_SPARE SCTPC_MAX_BATCH
#define SCTP_PY_MESSAGE_INTS 2               /* msg_flags' slot: the ints start there */
static PyTypeObject *sctp_py_message_class;
static PyObject *sctp_py_message_spare[SCTP_PY_MESSAGE_SPARE];
static int sctp_py_message_nspare;

/* The payload of the last dropped Message, when nothing else held it and it was short: the
 * next message of the same length is copied into it instead of a new bytes object (its
 * allocation, and the old one's free: ~110 instructions of a ~1,050 receive).  Nothing else
 * can see the object while it is kept, so writing into it is safe; its cached hash is reset.
 * Like the kept ints, only where the layout is known (3.11). */
#define SCTP_PY_KEPT_BYTES_MAX 2048
static PyObject *sctp_py_kept_bytes;

#if SCTP_PY_WRITE_IN_PLACE
/* The kept payload b after its bytes were written: its cached hash is stale. */
static void sctp_py_bytes_rewritten(PyObject *b)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    ((PyBytesObject *)b)->ob_shash = -1;
#pragma GCC diagnostic pop
}
#endif

/* A bytes object of the n bytes at p: the kept one when it has that length. */
static PyObject *sctp_py_bytes(const char *p, Py_ssize_t n)
{
#if SCTP_PY_WRITE_IN_PLACE
    PyObject *b = sctp_py_kept_bytes;
    if (b && PyBytes_GET_SIZE(b) == n) {
        sctp_py_kept_bytes = NULL;
        memcpy(PyBytes_AS_STRING(b), p, (size_t)n);
        sctp_py_bytes_rewritten(b);
        return b;
    }
#endif
    return PyBytes_FromStringAndSize(p, n);
}

/* A dropped Message's payload (NULL: none, a Message whose filling failed): kept for
 * sctp_py_bytes if it can be, else released. */
static void sctp_py_bytes_drop(PyObject *b)
{
    if (!b)
        return;
#if SCTP_PY_WRITE_IN_PLACE
    if (Py_REFCNT(b) == 1 && PyBytes_CheckExact(b) && PyBytes_GET_SIZE(b) > 1 &&
        PyBytes_GET_SIZE(b) <= SCTP_PY_KEPT_BYTES_MAX) {
        Py_XSETREF(sctp_py_kept_bytes, b);
        return;
    }
#endif
    Py_DECREF(b);
}

#if SCTP_PY_WRITE_IN_PLACE
/* A receive of up to size bytes can land in the kept payload itself, saving the copy out of
 * the stack buffer (a 1 KiB sctp_recv 1.22x -> 1.18x the C core, timed in the VM): its
 * storage has room for its length and the closing NUL, so it takes a size of one more, as a
 * caller asking for len + 1 to see truncation does.  Returns it, no longer kept, or NULL
 * when it is too small. */
static PyObject *sctp_py_kept_take(Py_ssize_t size)
{
    PyObject *b = sctp_py_kept_bytes;
    if (!b || PyBytes_GET_SIZE(b) + 1 < size)
        return NULL;
    sctp_py_kept_bytes = NULL;
    return b;
}

/* b, from sctp_py_kept_take, after a receive of n bytes into it (n < 0: it failed): the
 * payload, as b shrunk in place (its storage stays: at most SCTP_PY_KEPT_BYTES_MAX bytes),
 * or as a new object when n filled the NUL's byte or is under 2 (CPython shares its empty
 * and one-byte bytes); then b is kept again, its NUL restored.  NULL when n < 0, or with an
 * exception. */
static PyObject *sctp_py_kept_filled(PyObject *b, Py_ssize_t n)
{
    Py_ssize_t k = PyBytes_GET_SIZE(b);
    PyObject *data;
    if (n >= 2 && n <= k) {
        Py_SET_SIZE(b, n);
        PyBytes_AS_STRING(b)[n] = '\0';
        sctp_py_bytes_rewritten(b);
        return b;
    }
    data = n < 0 ? NULL : PyBytes_FromStringAndSize(PyBytes_AS_STRING(b), n);
    PyBytes_AS_STRING(b)[k] = '\0';
    sctp_py_bytes_drop(b);
    return data;
}
#endif

static void sctp_py_message_dealloc(PyObject *op)
{
    PyObject **item = ((PyTupleObject *)op)->ob_item;
    Py_ssize_t i, n = Py_SIZE(op);           /* no hidden fields: Py_SIZE is n_fields */
    if (PyObject_GC_IsTracked(op) || sctp_py_message_nspare == SCTP_PY_MESSAGE_SPARE) {
        PyObject_GC_UnTrack(op);
        for (i = 0; i < n; i++)
            Py_CLEAR(item[i]);
        PyObject_GC_Del(op);
        Py_DECREF(sctp_py_message_class);
        return;
    }
    sctp_py_bytes_drop(item[0]);
    item[0] = NULL;
    sctp_py_message_spare[sctp_py_message_nspare++] = op;        /* keeps its type ref */
}

/* An untracked tuple of the registered message type with 11 items, all empty but for what a
 * kept one still holds in slots 1 and up (see above), or a plain tuple before sctp.api
 * registers one; NULL with an exception. */
static PyObject *sctp_py_message_alloc(void)
{
    PyObject *t;
    if (!sctp_py_message_type)
        return PyTuple_New(11);
    if (sctp_py_message_type != sctp_py_message_class)
        return sctp_py_message_type->tp_alloc(sctp_py_message_type, 11);
    if (!sctp_py_message_nspare) {
        t = sctp_py_message_type->tp_alloc(sctp_py_message_type, 11);
        if (t)
            PyObject_GC_UnTrack(t);
        return t;
    }
    t = sctp_py_message_spare[--sctp_py_message_nspare];
    Py_SET_REFCNT(t, 1);
    return t;
}

/* The interpreter's own small ints (0..256), looked up once: a message's stream, flags, ppid
 * and the like are nearly always among them, and taking one is then an increment. */
#define SCTP_PY_SMALL_INTS 257
static PyObject *sctp_py_small_int[SCTP_PY_SMALL_INTS];

static int sctp_py_small_ints_init(void)
{
    int i;
    for (i = 0; i < SCTP_PY_SMALL_INTS; i++)
        if (!(sctp_py_small_int[i] = PyLong_FromLong(i)))
            return -1;
    return 0;
}

/* A slot of a message being filled set to v as an int: left as it is when it holds that small
 * int already, written into when it holds an int nothing else does with as many digits (see
 * sctp_py_message_dealloc), else a small or new int.  0, or -1 with an exception. */
static int sctp_py_message_int(PyObject **slot, long long v)
{
    PyObject *old = *slot;
    if (v >= 0 && v < SCTP_PY_SMALL_INTS) {  /* the module's init filled the table */
        if (old != sctp_py_small_int[v]) {
            Py_INCREF(sctp_py_small_int[v]);
            *slot = sctp_py_small_int[v];
            Py_XDECREF(old);
        }
        return 0;
    }
#if SCTP_PY_WRITE_IN_PLACE
    if (old && v > 0 && Py_REFCNT(old) == 1 && PyLong_CheckExact(old)) {
        unsigned long long x = (unsigned long long)v;
        Py_ssize_t n = Py_SIZE(old), k;      /* the kept int's digits: x needs exactly n */
        if (n > 0 && PyLong_SHIFT * n < 64 && x >> (PyLong_SHIFT * n) == 0 &&
            x >> (PyLong_SHIFT * (n - 1)) != 0) {
            digit *d = ((PyLongObject *)old)->ob_digit;
            for (k = 0; k < n; k++)
                d[k] = (digit)(x >> (PyLong_SHIFT * k)) & PyLong_MASK;
            return 0;
        }
    }
#endif
    if (!(*slot = PyLong_FromLongLong(v))) {
        *slot = old;
        return -1;
    }
    Py_XDECREF(old);
    return 0;
}
static PyObject *sctp_py_finish;             /* sctp.api._received, for notification tuples */

/* A receive's tuple as the modern API's object: Messages pass, notifications go through
 * sctp.api._received.  Steals t. */
static PyObject *sctp_py_finish_one(PyObject *t)
{
    PyObject *r;
    if (!t || Py_TYPE(t) == sctp_py_message_type || !sctp_py_finish)
        return t;
    r = PyObject_CallOneArg(sctp_py_finish, t);
    Py_DECREF(t);
    return r;
}

/* One received message as the modern API's tuple: (data, addr, msg_flags, stream, ssn,
 * flags, ppid, context, tsn, cumtsn, assoc_id) with the ppid in host byte order, or for a
 * notification (data, addr, msg_flags, fields-dict).  Steals data, even on failure. */
static PyObject *sctp_py_message_at(PyObject *data, const void *buf, size_t n,
                                    const struct sctpc_recvinfo *r)
{
    PyObject *t;
    int i;
    if (r->msg_flags & SCTPC_MSG_NOTIFICATION) {
        PyObject *info = sctp_py_notification_at(buf, n, r->msg_flags);
        if (!info) { Py_DECREF(data); return NULL; }
        t = PyTuple_New(4);
        if (!t) { Py_DECREF(info); Py_DECREF(data); return NULL; }
        PyTuple_SET_ITEM(t, 2, PyLong_FromLong(r->msg_flags));
        PyTuple_SET_ITEM(t, 3, info);
    } else {
        long long v[9] = { r->msg_flags, r->stream, r->ssn, r->flags, ntohl(r->ppid),
                           r->context, r->tsn, r->cumtsn, r->assoc_id };
        PyObject **item;
        if (!(t = sctp_py_message_alloc())) { Py_DECREF(data); return NULL; }
        item = ((PyTupleObject *)t)->ob_item;
#pragma GCC unroll 9                           /* v's values then stay in registers */
        for (i = 0; i < 9; i++)
            if (sctp_py_message_int(&item[SCTP_PY_MESSAGE_INTS + i], v[i]) < 0) {
                Py_DECREF(t); Py_DECREF(data); return NULL;
            }
    }
    PyTuple_SET_ITEM(t, 0, data);
    if (sctp_py_addr_set(&((PyTupleObject *)t)->ob_item[1], &r->from) < 0 ||
        !PyTuple_GET_ITEM(t, 2))
        Py_CLEAR(t);
    return t;
}
#define sctp_py_message(data, r) \
    sctp_py_message_at((data), PyBytes_AS_STRING(data), (size_t)PyBytes_GET_SIZE(data), (r))
%}

/* recv_into(fd, flags, timeout, writable buffer) -> the message tuple with the byte count in
 * place of the data: nothing is allocated for the payload. */
%typemap(in) (void *into, size_t len, struct sctpc_recvinfo *minfo)
        (Py_buffer view, int held = 0, struct sctpc_recvinfo tmp) {
    if (PyObject_GetBuffer($input, &view, PyBUF_WRITABLE) < 0) {
        PyErr_Format(PyExc_TypeError, "recv_into needs a writable bytes-like object, not %.100s",
                     Py_TYPE($input)->tp_name);     /* as socket.recv_into says */
        SWIG_fail;
    }
    held = 1;
    if (view.len == 0) {
        PyErr_SetString(PyExc_ValueError, "the receive buffer is empty");
        SWIG_fail;
    }
    $1 = view.buf;
    $2 = (size_t)view.len;
    $3 = &tmp;
}
%typemap(argout) (void *into, size_t len, struct sctpc_recvinfo *minfo) {
    PyObject *n = $result;
    $result = sctp_py_message_at(n, $1, (size_t)PyLong_AsSsize_t(n), $3);
    if (!$result) SWIG_fail;
}
%typemap(freearg) (void *into, size_t len, struct sctpc_recvinfo *minfo) {
    if (held$argnum) PyBuffer_Release(&view$argnum);
}

/* recv_message (sctp.lowlevel; the APIs' own receives are C methods, socket_methods.i): a
 * flat tuple (data, addr, msg_flags, stream, ssn, flags, ppid, context, tsn, cumtsn,
 * assoc_id) with the ppid in host byte order, or for a notification (data, addr, msg_flags,
 * fields-dict). */
%typemap(in) (void *buf, size_t len, struct sctpc_recvinfo *minfo)
        (PyObject *data = NULL, struct sctpc_recvinfo tmp) {
    Py_ssize_t n;
    if (!PyLong_Check($input)) {
        PyErr_Format(PyExc_TypeError, "the receive size must be an int, not %.100s",
                     Py_TYPE($input)->tp_name);
        SWIG_fail;
    }
    n = PyLong_AsSsize_t($input);
    if (n == -1 && PyErr_Occurred()) SWIG_fail;
    if (!(data = sctp_py_recv_buffer(n))) SWIG_fail;
    $1 = PyBytes_AS_STRING(data);
    $2 = (size_t)n;
    $3 = &tmp;
}
%typemap(argout) (void *buf, size_t len, struct sctpc_recvinfo *minfo) {
    Py_ssize_t n = PyLong_AsSsize_t($result);
    Py_DECREF($result);
    $result = NULL;
    if (n != (Py_ssize_t)$2 && _PyBytes_Resize(&data$argnum, n) < 0) SWIG_fail;
    $result = sctp_py_message(data$argnum, $3);
    data$argnum = NULL;
    if (!$result) SWIG_fail;
}
%typemap(freearg) (void *buf, size_t len, struct sctpc_recvinfo *minfo) {
    Py_XDECREF(data$argnum);
}
%typemap(freearg) (void *buf, size_t len, struct sctpc_recvinfo *info) {
    Py_XDECREF(data$argnum);
}

/* decode_notification(bytes) -> dict */
%typemap(in) (const void *buf, size_t len, struct sctpc_fields *out)
        (Py_buffer view, int held = 0, struct sctpc_fields tmp) {
    if (PyObject_GetBuffer($input, &view, PyBUF_SIMPLE) < 0) SWIG_fail;
    held = 1;
    $1 = view.buf;
    $2 = (size_t)view.len;
    $3 = &tmp;
}
%typemap(argout) (const void *buf, size_t len, struct sctpc_fields *out) {
    Py_DECREF($result);
    $result = sctp_py_fields($3);
    if (!$result) SWIG_fail;
}
%typemap(freearg) (const void *buf, size_t len, struct sctpc_fields *out) {
    if (held$argnum) PyBuffer_Release(&view$argnum);
}

/* Options: (name, {field: value}) in; getopt returns the option's fields as a dict. */
%typemap(in) struct sctpc_optval *v (struct sctpc_optval tmp),
             const struct sctpc_optval *v (struct sctpc_optval tmp) {
    if (sctp_py_optval_in($input, &tmp) < 0) SWIG_fail;
    $1 = &tmp;
}
%typemap(argout) struct sctpc_optval *v {
    struct sctpc_fields f;
    sctpc_optval_fields($1, &f);
    Py_DECREF($result);
    $result = sctp_py_fields(&f);
    if (!$result) SWIG_fail;
}
%typemap(argout) const struct sctpc_optval *v "";

/* Table rows */
%typemap(out) const struct sctpc_constant * {
    if ($1) $result = Py_BuildValue("(sL)", $1->name, (long long)$1->value);
    else { $result = Py_None; Py_INCREF(Py_None); }
}
%typemap(out) const struct sctpc_optdesc * {
    if ($1) $result = Py_BuildValue("(sOO)", $1->name,
                                    ($1->dir & SCTPC_OPT_GET) ? Py_True : Py_False,
                                    ($1->dir & SCTPC_OPT_SET) ? Py_True : Py_False);
    else { $result = Py_None; Py_INCREF(Py_None); }
}

%{
/* Whether a batch of count messages of size bytes is allowed: 0, or -1 with ValueError. */
static int sctp_py_batch_check(Py_ssize_t count, Py_ssize_t size)
{
    if (count <= 0 || count > SCTPC_MAX_BATCH) {
        PyErr_Format(PyExc_ValueError, "a batch holds 1 to %d messages", SCTPC_MAX_BATCH);
        return -1;
    }
    if (size <= 0 || size > (64 << 20) / count) {
        PyErr_SetString(PyExc_ValueError, "the receive size must be positive, and count * size at most 64 MiB");
        return -1;
    }
    return 0;
}

/* A batch's receive area: count slots of size bytes side by side in one allocation (freed
 * by the caller with PyMem_RawFree), their addresses into ptrs unless it is NULL; NULL with
 * an exception.  (SCTPSocket's recv_many and messages() use it for short sizes only: long
 * messages land in bytes objects they hand out without a copy, see sctp_py_slots_fill.) */
static char *sctp_py_batch_area(Py_ssize_t count, Py_ssize_t size, void **ptrs)
{
    char *area;
    Py_ssize_t i;
    if (sctp_py_batch_check(count, size) < 0)
        return NULL;
    if (!(area = PyMem_RawMalloc((size_t)(count * size))))
        return (char *)PyErr_NoMemory();
    for (i = 0; ptrs && i < count; i++)
        ptrs[i] = area + i * size;
    return area;
}

/* SCTP_PY_HANDOVER_MIN: a message received into a bytes object of its own slot (long
 * receive sizes, see sctp_py_slots_fill) is handed out as that object when longer, copied
 * when not.  Natively a copy of up to 8 KiB costs less than a fresh buffer of 64 KiB shrunk
 * to the message (2 KiB: 0.06 against 0.9 us; 8 KiB: 1.4 against 1.6), a longer message
 * less to hand over (16 KiB: 3.8 against 1.6 us; 64 KiB: 19 against 0.9). */
#define SCTP_PY_HANDOVER_MIN 8192

/* The len bytes received into *slot as a bytes object: the slot's own (the slot then empty)
 * when longer than SCTP_PY_HANDOVER_MIN, else a copy. */
static PyObject *sctp_py_slot_take(PyObject **slot, int len)
{
    PyObject *data = *slot;
    if (len <= SCTP_PY_HANDOVER_MIN)
        return sctp_py_bytes(PyBytes_AS_STRING(data), len);
    *slot = NULL;
    return _PyBytes_Resize(&data, len) < 0 ? NULL : data;
}

/* One message a batch received, len bytes at p (copied out) or, unless slot is NULL, in
 * *slot (sctp_py_slot_take); finish: a notification becomes an object
 * (sctp_py_finish_one). */
static PyObject *sctp_py_batch_message(const char *p, PyObject **slot,
                                       const struct sctpc_recvinfo *info, int len, int finish)
{
    PyObject *t = slot ? sctp_py_slot_take(slot, len) : sctp_py_bytes(p, len);
    if (t && (t = sctp_py_message(t, info)) && finish)
        t = sctp_py_finish_one(t);
    return t;
}

/* The list of the n messages a batch received into ptrs (into slots unless NULL). */
static PyObject *sctp_py_batch_list(void *const *ptrs, PyObject **slots,
                                    const struct sctpc_recvinfo *infos, const int *lens, int n,
                                    int finish)
{
    PyObject *list = PyList_New(n);
    int i;
    for (i = 0; list && i < n; i++) {
        PyObject *t = sctp_py_batch_message(ptrs[i], slots ? &slots[i] : NULL, &infos[i],
                                            lens[i], finish);
        if (!t)
            Py_CLEAR(list);
        else
            PyList_SET_ITEM(list, i, t);
    }
    return list;
}
%}

/* recv_many(fd, flags, timeout, count, size) -> [message tuple, ...]: the messages land side
 * by side in one area and are copied out at their lengths. */
%typemap(in, numinputs=0) (void *const *bufs, struct sctpc_recvinfo *infos, int *lens)
        (char *area = NULL, void *ptrs[SCTPC_MAX_BATCH],
         struct sctpc_recvinfo tmpi[SCTPC_MAX_BATCH], int tmpl[SCTPC_MAX_BATCH]) {
    $1 = ptrs; $2 = tmpi; $3 = tmpl;
}
/* "check" runs after every input was converted: count (arg4) and size (arg5) are known. */
%typemap(check) (void *const *bufs, struct sctpc_recvinfo *infos, int *lens) {
    if (!(area$argnum = sctp_py_batch_area(arg4, (Py_ssize_t)arg5, ptrs$argnum))) SWIG_fail;
}
%typemap(argout) (void *const *bufs, struct sctpc_recvinfo *infos, int *lens) {
    int n = (int)PyLong_AsLong($result);
    Py_DECREF($result);
    $result = sctp_py_batch_list($1, NULL, $2, $3, n, 0);
    if (!$result) SWIG_fail;
}
%typemap(freearg) (void *const *bufs, struct sctpc_recvinfo *infos, int *lens) {
    PyMem_RawFree(area$argnum);
}

%{
/* A list or tuple of bytes-like objects as iovecs; views[0..*held) must be released. */
static int sctp_py_iov_in(PyObject *o, struct iovec *iov, Py_buffer *views, int max, int *n,
                          int *held, const char *what)
{
    Py_ssize_t count, i;
    if (!PyList_Check(o) && !PyTuple_Check(o)) {
        PyErr_Format(PyExc_TypeError, "%s must be a list of bytes-like objects", what);
        return -1;
    }
    count = PySequence_Fast_GET_SIZE(o);
    if (count < 1 || count > max) {
        PyErr_Format(PyExc_ValueError, "%s must hold 1 to %d buffers", what, max);
        return -1;
    }
    for (i = 0; i < count; i++) {
        if (sctp_py_message_buffer(PySequence_Fast_GET_ITEM(o, i), &views[i]) < 0)
            return -1;
        *held = (int)i + 1;
        iov[i].iov_base = views[i].buf;
        iov[i].iov_len = (size_t)views[i].len;
    }
    *n = (int)count;
    return 0;
}
%}
/* sendv_iov: the message gathered from a list of buffers; send_many: one message each. */
%typemap(in) (const struct iovec *iov, int iovcnt)
        (struct iovec tmp[SCTPC_MAX_IOV], Py_buffer views[SCTPC_MAX_IOV], int held = 0) {
    if (sctp_py_iov_in($input, tmp, views, SCTPC_MAX_IOV, &$2, &held, "the buffers") < 0) SWIG_fail;
    $1 = tmp;
}
%typemap(in) (const struct iovec *msgs, int count)
        (struct iovec tmp[SCTPC_MAX_BATCH], Py_buffer views[SCTPC_MAX_BATCH], int held = 0) {
    if (sctp_py_iov_in($input, tmp, views, SCTPC_MAX_BATCH, &$2, &held, "the messages") < 0) SWIG_fail;
    $1 = tmp;
}
%typemap(freearg) (const struct iovec *iov, int iovcnt), (const struct iovec *msgs, int count) {
    int i;
    for (i = 0; i < held$argnum; i++)
        PyBuffer_Release(&views$argnum[i]);
}
