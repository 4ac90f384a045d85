/* Python typemaps: the core's values as Python values.  Payloads are bytes; addresses are
 * tuples like the socket module's: (host, port) for IPv4, (host, port, flowinfo, scope_id)
 * for IPv6; structs from the kernel are dicts; the socket handle (sctp._Handle) and batches
 * (capsules) are held by sctp.SCTPSocket and sctp.Batch.  Only the documented C API is used. */

%{
#include <limits.h>
#include <netdb.h>

/* -errno -> OSError subclass (BlockingIOError, ...); the core's timeout -> TimeoutError("timed
 * out") as the socket module says it; -EINTR after the interrupt hook raised: that stands. */
static void sctp_py_raise(int err)
{
    if (err == SCTPC_ETIMEOUT)
        PyErr_SetString(PyExc_TimeoutError, "timed out");
    else if (err != EINTR || !PyErr_Occurred())
        errno = err, PyErr_SetFromErrno(PyExc_OSError);
}
static int sctp_py_interrupted(void *ctx)
{
    PyGILState_STATE g = PyGILState_Ensure();
    int stop = PyErr_CheckSignals() != 0;
    PyGILState_Release(g);
    return stop;
}

/* A socket's core handle, freed with it: a type of its own, so that checking one on every
 * call is a compare (a capsule's is a string compare). */
typedef struct { PyObject_HEAD struct sctpc_sock *s; } sctp_py_handle_obj;
static PyTypeObject *sctp_py_handle_type;
static void sctp_py_handle_dealloc(PyObject *o)
{
    struct sctpc_sock *s = ((sctp_py_handle_obj *)o)->s;
    PyTypeObject *t = Py_TYPE(o);
    Py_XDECREF((PyObject *)*sctpc_sock_sender_slot(s));
    sctpc_sock_free(s); PyObject_Free(o); Py_DECREF(t);
}
static struct sctpc_sock *sctp_py_sock(PyObject *h)
{
    if (Py_IS_TYPE(h, sctp_py_handle_type)) return ((sctp_py_handle_obj *)h)->s;
    return PyErr_Format(PyExc_TypeError, "a socket handle is needed, not %.100s", Py_TYPE(h)->tp_name), NULL;
}
static PyType_Slot sctp_py_handle_slots[] = { { Py_tp_dealloc, sctp_py_handle_dealloc }, { 0, NULL } };
static PyType_Spec sctp_py_handle_spec = { "sctp._Handle", sizeof(sctp_py_handle_obj), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_DISALLOW_INSTANTIATION, sctp_py_handle_slots };
static void sctp_py_batch_free(PyObject *c) { sctpc_batch_free(PyCapsule_GetPointer(c, "sctp.batch")); }

/* An int argument in [min, max], named in the error. */
static int sctp_py_int(PyObject *o, const char *what, long long min, long long max,
                       long long *out)
{
    if (!PyLong_Check(o))
        return PyErr_Format(PyExc_TypeError, "%s must be an int, not %.100s", what, Py_TYPE(o)->tp_name), -1;
    *out = PyLong_AsLongLong(o);
    if (*out == -1 && PyErr_Occurred()) return -1;
    if (*out < min || *out > max)
        return PyErr_Format(PyExc_OverflowError, "%s must be %lld-%lld", what, min, max), -1;
    return 0;
}

/* ("host", port[, flowinfo[, scope_id]]) -> sockaddr, resolved by the core (names without
 * the GIL).  0, or -1 with an exception set. */
static int sctp_py_addr_in(PyObject *o, struct sockaddr_storage *out)
{
    long long part[3] = { 0, 0, 0 };
    const char *host, *bad;
    Py_ssize_t n, i;
    int r, gai = 0;
    if (!PyTuple_Check(o) || (n = PyTuple_GET_SIZE(o)) < 2 || n > 4)
        return PyErr_Format(PyExc_TypeError, "an address must be a tuple (host, port[, flowinfo, "
                         "scope_id]), not %.100s", Py_TYPE(o)->tp_name), -1;
    if (!PyUnicode_Check(PyTuple_GET_ITEM(o, 0)))
        return PyErr_Format(PyExc_TypeError, "an address's host must be a str, not %.100s",
                         Py_TYPE(PyTuple_GET_ITEM(o, 0))->tp_name), -1;
    if (!(host = PyUnicode_AsUTF8(PyTuple_GET_ITEM(o, 0)))) return -1;
    for (i = 1; i < n; i++)
        if (sctp_py_int(PyTuple_GET_ITEM(o, i), i == 1 ? "port" : i == 2 ? "flowinfo" : "scope_id",
                        LLONG_MIN, LLONG_MAX, &part[i - 1]) < 0)
            return -1;
    if ((bad = sctpc_addr_check(part[0], part[1], part[2])))
        return PyErr_SetString(PyExc_OverflowError, bad), -1;
    if (sctpc_addr_is_numeric(host))
        r = sctpc_addr_resolve(host, part[0], part[1], part[2], out, &gai);
    else {
        Py_BEGIN_ALLOW_THREADS
        r = sctpc_addr_resolve(host, part[0], part[1], part[2], out, &gai);
        Py_END_ALLOW_THREADS
    }
    if (gai) {
        PyObject *socket = PyImport_ImportModule("socket");
        PyObject *gaierror = socket ? PyObject_GetAttrString(socket, "gaierror") : NULL;
        if (gaierror)
            PyErr_Format(gaierror, "cannot resolve %R: %s", PyTuple_GET_ITEM(o, 0), gai_strerror(gai));
        Py_XDECREF(gaierror); Py_XDECREF(socket);
        return -1;
    }
    return r < 0 ? (sctp_py_raise(-r), -1) : 0;
}
static PyObject *sctp_py_addr_out(const struct sockaddr_storage *a)
{
    const struct sockaddr_in6 *a6 = (const struct sockaddr_in6 *)a;
    char host[INET6_ADDRSTRLEN];
    int port = sctpc_addr_format(a, host, sizeof host);
    if (port < 0) Py_RETURN_NONE;
    return a->ss_family != AF_INET6 ? Py_BuildValue("(si)", host, port) : Py_BuildValue("(siII)",
        host, port, (unsigned)ntohl(a6->sin6_flowinfo), (unsigned)a6->sin6_scope_id);
}
/* The sender of a receive on s: the tuple handed out last time while it is the same. */
static PyObject *sctp_py_sender(struct sctpc_sock *s, const struct sockaddr_storage *a)
{
    PyObject **slot, *o;
    if (!s) return sctp_py_addr_out(a);
    slot = (PyObject **)sctpc_sock_sender_slot(s);
    if (sctpc_sock_same_sender(s, a) && *slot)      /* a new sender is remembered by it */
        return Py_NewRef(*slot);
    if ((o = sctp_py_addr_out(a))) {
        Py_XSETREF(*slot, o);
        Py_INCREF(o);
    }
    return o;
}
/* A list of address tuples -> a PyMem array (the caller frees it, also after an error). */
static int sctp_py_addrs_in(PyObject *o, struct sockaddr_storage **out, int *count)
{
    PyObject *seq = PySequence_Fast(o, "addresses must be a list of (host, port) tuples");
    Py_ssize_t i, n = seq ? PySequence_Fast_GET_SIZE(seq) : 0;
    int r = seq ? 0 : -1;
    if (seq && (n == 0 || n > 65535))
        r = -1, PyErr_Format(PyExc_ValueError, "between 1 and 65535 addresses are needed, got %zd", n);
    else if (seq && !(*out = PyMem_New(struct sockaddr_storage, n)))
        r = -1, PyErr_NoMemory();
    for (i = 0; r == 0 && i < n; i++)
        r = sctp_py_addr_in(PySequence_Fast_GET_ITEM(seq, i), &(*out)[i]);
    *count = (int)n;
    Py_XDECREF(seq);
    return r;
}
/* n addresses (perhaps unaligned) as a list of tuples, or the one tuple unless list. */
static PyObject *sctp_py_addr_list(const void *p, size_t n, int list)
{
    struct sockaddr_storage a;
    PyObject *v = list ? PyList_New((Py_ssize_t)n) : NULL, *one;
    size_t k;
    for (k = 0; k < n && (v || !list); k++) {
        memcpy(&a, (const char *)p + k * sizeof a, sizeof a);
        if (!list) return sctp_py_addr_out(&a);
        if (!(one = sctp_py_addr_out(&a))) Py_CLEAR(v);
        else PyList_SET_ITEM(v, (Py_ssize_t)k, one);
    }
    return v;
}

/* Named fields -> dict: the only place Python meets the core's decoded structures. */
static PyObject *sctp_py_fields(const struct sctpc_fields *f)
{
    PyObject *d = PyDict_New();
    int i;
    if (!d) return NULL;
    for (i = 0; i < f->count; i++) {
        const struct sctpc_field *x = &f->f[i];
        PyObject *v = NULL;
        switch (x->kind) {
        case SCTPC_INT: v = PyLong_FromLongLong(x->i); break;
        case SCTPC_BYTES: v = PyBytes_FromStringAndSize(x->ptr, (Py_ssize_t)x->len); break;
        case SCTPC_NAME: v = PyUnicode_FromString(x->ptr); break;
        case SCTPC_ADDR: v = sctp_py_addr_list(x->ptr, 1, 0); break;
        case SCTPC_ADDRS: v = sctp_py_addr_list(x->ptr, x->len, 1); break;
        default: {
            size_t k;
            v = PyList_New((Py_ssize_t)x->len);
            for (k = 0; v && k < x->len; k++)
                PyList_SET_ITEM(v, (Py_ssize_t)k, PyLong_FromLongLong(sctpc_field_item(x, k)));
        }
        }
        if (!v || PyDict_SetItemString(d, x->name, v) < 0) {
            Py_XDECREF(v);
            Py_DECREF(d);
            return NULL;
        }
        Py_DECREF(v);
    }
    return d;
}

/* A field setter's status as the Python error: an unknown field is a TypeError for send info
 * (as an unknown keyword) or a ValueError for options; a wrong kind of value is a
 * TypeError, one out of range an OverflowError. */
static int sctp_py_field_status(int r, const char *what, PyObject *key, PyObject *unknown)
{
    if (r >= 0) return 0;
    if (sctpc_field_error(r))
        PyErr_Format(r == -ENOENT ? unknown : r == -ERANGE ? PyExc_OverflowError :
                     r == -EINVAL ? PyExc_TypeError : PyExc_ValueError, "%s %R %s", what, key,
                     sctpc_field_error(r));
    else
        sctp_py_raise(-r);
    return -1;
}
/* {name: value} -> send info, through the core's field table. */
static int sctp_py_sendinfo_in(PyObject *o, void *info, int sendv)
{
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    if (o == Py_None) return 0;
    if (!PyDict_Check(o))
        return PyErr_Format(PyExc_TypeError, "send info must be a dict, not %.100s", Py_TYPE(o)->tp_name), -1;
    while (PyDict_Next(o, &pos, &key, &value)) {
        const char *name = PyUnicode_Check(key) ? PyUnicode_AsUTF8(key) : NULL, *text;
        long long v;
        int r, over;
        if (!name) return PyErr_SetString(PyExc_TypeError, "send info keys must be str"), -1;
        if (sendv && PyUnicode_Check(value)) {
            if (!(text = PyUnicode_AsUTF8(value))) return -1;
            r = sctpc_sendv_info_set_name(info, name, text);
        } else {           /* bool is an int: True is 1 */
            if (!PyLong_Check(value))
                return PyErr_Format(PyExc_TypeError, "%s must be an int, not %.100s", name,
                                    Py_TYPE(value)->tp_name), -1;
            if ((v = PyLong_AsLongLongAndOverflow(value, &over)) == -1 && PyErr_Occurred())
                return -1;
            if (over)       /* far out of any field's range: the core says so */
                v = over > 0 ? LLONG_MAX : LLONG_MIN;
            r = sendv ? sctpc_sendv_info_set(info, name, v) : sctpc_sendinfo_set(info, name, v);
        }
        if (sctp_py_field_status(r, "send info", key, PyExc_TypeError) < 0) return -1;
    }
    return 0;
}

/* dict -> option value, checked before anything reaches the kernel: a member's status from
 * the core, or SCTP_PY_ERR with a Python error set. */
#define SCTP_PY_ERR INT_MIN
static int sctp_py_optval_member(struct sctpc_optval *v, const char *member, PyObject *value)
{
    int kind = sctpc_optval_member_kind(v, member), r;
    if (kind == SCTPC_M_ADDR && PyTuple_Check(value)) {
        struct sockaddr_storage a;
        if (sctp_py_addr_in(value, &a) < 0) return SCTP_PY_ERR;
        return sctpc_optval_set_addr(v, member, &a);
    }
    if (kind == SCTPC_M_BYTES && PyObject_CheckBuffer(value)) {
        Py_buffer b;
        if (PyObject_GetBuffer(value, &b, PyBUF_SIMPLE) < 0) return SCTP_PY_ERR;
        r = sctpc_optval_set_bytes(v, member, b.buf, (size_t)b.len);
        PyBuffer_Release(&b);
        return r;
    }
    if (kind >= SCTPC_M_LIST8 && kind <= SCTPC_M_LIST32 && (PyList_Check(value) || PyTuple_Check(value))) {
        Py_ssize_t i;
        long long x;
        r = sctpc_optval_set_list(v, member, NULL, 0);
        for (i = 0; r >= 0 && i < PySequence_Fast_GET_SIZE(value); i++) {
            if (sctp_py_int(PySequence_Fast_GET_ITEM(value, i), member, LLONG_MIN, LLONG_MAX, &x) < 0)
                return SCTP_PY_ERR;
            r = sctpc_optval_set_item(v, member, (size_t)i, x);
        }
        return r;
    }
    if (kind >= 0 && kind != SCTPC_M_ADDR && kind < SCTPC_M_LIST8 && PyLong_Check(value)) {
        long long x = PyLong_AsLongLong(value);    /* bool is an int: True/False are fine */
        if (x == -1 && PyErr_Occurred()) return SCTP_PY_ERR;
        return sctpc_optval_set_int(v, member, x);
    }
    if (kind < 0) return kind;
    PyErr_Format(PyExc_TypeError, "%s.%s must be %s, not %.100s", v->desc->name, member,
                 kind == SCTPC_M_ADDR ? "an address tuple" : kind == SCTPC_M_BYTES ? "bytes" :
                 kind >= SCTPC_M_LIST8 ? "a list of ints" : "an int", Py_TYPE(value)->tp_name);
    return SCTP_PY_ERR;
}

static int sctp_py_optval_in(PyObject *o, struct sctpc_optval *v)
{
    PyObject *fields = Py_None, *key, *value;
    const char *name;
    Py_ssize_t pos = 0;
    if (!PyTuple_Check(o) || !PyArg_ParseTuple(o, "s|O;an option is (name, fields)", &name, &fields)) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "an option must be a tuple (name, fields)");
        return -1;
    }
    if (sctpc_optval_init(v, name) < 0)
        return PyErr_Format(PyExc_ValueError, "unknown socket option %R", PyTuple_GET_ITEM(o, 0)), -1;
    if (fields == Py_None) return 0;
    if (!PyDict_Check(fields))
        return PyErr_SetString(PyExc_TypeError, "option fields must be a dict"), -1;
    while (PyDict_Next(fields, &pos, &key, &value)) {
        const char *member = PyUnicode_Check(key) ? PyUnicode_AsUTF8(key) : NULL;
        int r;
        if (!member) return PyErr_SetString(PyExc_TypeError, "option field names must be str"), -1;
        if ((r = sctp_py_optval_member(v, member, value)) == SCTP_PY_ERR) return -1;
        if (sctp_py_field_status(r, name, key, PyExc_ValueError) < 0) return -1;
    }
    return 0;
}

/* ---- received messages: sctp.Message or a Notification.  A Message keeps its numbers as C
 * numbers until they are read (sctp.api makes it read like a tuple of its first eleven).
 * Bytes and a sender's tuple cannot lead back to it, so one holding only them is no GC
 * object; one that could be in a cycle (a view, an NXTINFO dict, ...) is a TrackedMessage. */
#include <structmember.h>
typedef struct {
    PyObject_HEAD
    PyObject *data, *addr, *nxt;
    int msg_flags, flags, assoc_id;
    unsigned int ppid, context, tsn, cumtsn;
    unsigned short stream, ssn;
} sctp_py_message_obj;
#define SCTP_PY_M(name, type, doc) { #name, type, offsetof(sctp_py_message_obj, name), READONLY, doc }
static PyMemberDef sctp_py_message_members[] = {
    SCTP_PY_M(data, T_OBJECT, "the payload (bytes; a memoryview for sctp_recv_into)"),
    SCTP_PY_M(addr, T_OBJECT, "the sender's address tuple"),
    SCTP_PY_M(msg_flags, T_INT, "recvmsg flags (MSG_EOR, ...)"), SCTP_PY_M(stream, T_USHORT, NULL),
    SCTP_PY_M(ssn, T_USHORT, NULL), SCTP_PY_M(flags, T_INT, "SCTP_UNORDERED, ..."),
    SCTP_PY_M(ppid, T_UINT, "host byte order"), SCTP_PY_M(context, T_UINT, NULL),
    SCTP_PY_M(tsn, T_UINT, NULL), SCTP_PY_M(cumtsn, T_UINT, NULL), SCTP_PY_M(assoc_id, T_INT, NULL),
    SCTP_PY_M(nxt, T_OBJECT, "SCTP_NXTINFO's fields as a dict, or None"), { NULL } };
static PyTypeObject *sctp_py_message_type, *sctp_py_tracked_type;
static PyObject *sctp_py_notification_factory;     /* sctp.api._notification */
static int sctp_py_message_traverse(PyObject *o, visitproc visit, void *arg)
{
    sctp_py_message_obj *m = (sctp_py_message_obj *)o;
    Py_VISIT(m->data); Py_VISIT(m->addr); Py_VISIT(m->nxt); Py_VISIT(Py_TYPE(o));
    return 0;
}
/* No tp_clear: a cycle through nxt or a memoryview's exporter is broken there. */
static void sctp_py_message_dealloc(PyObject *o)
{
    sctp_py_message_obj *m = (sctp_py_message_obj *)o;
    PyTypeObject *t = Py_TYPE(o);
    if (PyType_IS_GC(t)) PyObject_GC_UnTrack(o);
    Py_XDECREF(m->data); Py_XDECREF(m->addr); Py_XDECREF(m->nxt);
    if (PyType_IS_GC(t)) PyObject_GC_Del(o); else PyObject_Free(o);
    Py_DECREF(t);
}
/* A Message of data, addr and nxt (all stolen; nxt NULL for none) and the numbers of ri;
 * plain if it holds only bytes and the sender's tuple. */
static PyObject *sctp_py_message(PyObject *data, PyObject *addr, PyObject *nxt,
                                 const struct sctpc_recvinfo *ri, int plain)
{
    sctp_py_message_obj *m = plain && !nxt && PyBytes_CheckExact(data) ?
        PyObject_New(sctp_py_message_obj, sctp_py_message_type) :
        PyObject_GC_New(sctp_py_message_obj, sctp_py_tracked_type);
    if (!m) return Py_DECREF(data), Py_DECREF(addr), Py_XDECREF(nxt), NULL;
    m->data = data; m->addr = addr; m->nxt = nxt;
    m->msg_flags = ri->msg_flags; m->stream = ri->stream; m->ssn = ri->ssn; m->flags = ri->flags;
    m->ppid = ri->ppid; m->context = ri->context; m->tsn = ri->tsn; m->cumtsn = ri->cumtsn;
    m->assoc_id = ri->assoc_id;
    if (Py_TYPE(m) == sctp_py_tracked_type) PyObject_GC_Track((PyObject *)m);
    return (PyObject *)m;
}
static PyType_Slot sctp_py_message_slots[] = {
    { Py_tp_doc, "A received SCTP data message and its receive info (one that could be in a "
      "reference cycle is of the subclass TrackedMessage)." },
    { Py_tp_members, sctp_py_message_members }, { Py_tp_dealloc, sctp_py_message_dealloc },
    { 0, NULL } }, sctp_py_tracked_slots[] = { { Py_tp_traverse, sctp_py_message_traverse }, { 0, NULL } };
static PyType_Spec sctp_py_message_spec = { "sctp.Message", sizeof(sctp_py_message_obj), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_DISALLOW_INSTANTIATION, sctp_py_message_slots },
    sctp_py_tracked_spec = { "sctp.TrackedMessage", 0, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC |
    Py_TPFLAGS_DISALLOW_INSTANTIATION, sctp_py_tracked_slots };

/* The received data (stolen) with its info as a Message, or the notification in info as
 * the factory's Notification. */
static PyObject *sctp_py_received(struct sctpc_sock *s, PyObject *data,
                                  const struct sctpc_recvinfo *ri)
{
    PyObject *m, *addr;
    if (!data) return NULL;
    if (!(addr = sctp_py_sender(s, &ri->from))) return Py_DECREF(data), NULL;
    if (ri->msg_flags & SCTPC_MSG_NOTIFICATION) {
        struct sctpc_fields f;
        PyObject *d = NULL, *raw;
        int r = sctpc_notification_fields(ri->note, ri->note_len, &f);
        /* its bytes may be data's (fields point into them): data goes after the last use */
        raw = PyBytes_FromStringAndSize((const char *)ri->note, (Py_ssize_t)ri->note_len);
        if (r < 0)
            sctp_py_raise(-r);
        else if (raw)
            d = sctp_py_fields(&f);
        m = !d ? NULL : sctp_py_notification_factory ?
            PyObject_CallFunctionObjArgs(sctp_py_notification_factory, d, addr, raw, NULL) :
            Py_NewRef(d);
        Py_DECREF(data); Py_XDECREF(d); Py_XDECREF(raw); Py_DECREF(addr);
        return m;
    }
    if (ri->has_nxt && !(m = Py_BuildValue("{sisisksksi}", "stream", ri->nxt_stream, "flags",
            ri->nxt_flags, "ppid", (unsigned long)ri->nxt_ppid, "length",
            (unsigned long)ri->nxt_length, "assoc_id", ri->nxt_assoc_id)))
        return Py_DECREF(data), Py_DECREF(addr), NULL;
    return sctp_py_message(data, addr, ri->has_nxt ? m : NULL, ri, 1);
}
/* Message i of a batch.  With an iterator's heads (sctpc_batch_set_heads), data that came
 * into its head is that bytes object, cut to fit, and slot i gets a new head sized for it. */
static PyObject *sctp_py_batch_message(struct sctpc_sock *s, struct sctpc_batch *b, int i,
                                       PyObject **heads, struct iovec *hv)
{
    const struct sctpc_recvinfo *ri; int len;
    const char *p = sctpc_batch_at(b, i, &len, &ri);
    PyObject *data;
    if (!p) return PyErr_SetString(PyExc_IndexError, "batch index out of range"), NULL;
    if (ri->msg_flags & SCTPC_MSG_NOTIFICATION) heads = NULL;     /* copied, its head kept */
    if (heads && p == hv[i].iov_base)
        data = heads[i], heads[i] = NULL, _PyBytes_Resize(&data, len);
    else
        data = PyBytes_FromStringAndSize(p, len);
    if (heads && (!heads[i] || (data && (size_t)len > hv[i].iov_len))) {  /* taken or short */
        size_t n = (size_t)len + len / 4 + 16;     /* a little longer fits too; the core clips */
        Py_XSETREF(heads[i], PyBytes_FromStringAndSize(NULL, (Py_ssize_t)n));
        if (!heads[i] && data) PyErr_Clear();       /* no head then: the slot takes it all */
        hv[i].iov_base = heads[i] ? PyBytes_AS_STRING(heads[i]) : NULL, hv[i].iov_len = heads[i] ? n : 0;
    }
    return sctp_py_received(s, data, ri);
}
/* A list of buffers -> iovecs, views held until released (one block: n views, n iovecs). */
static int sctp_py_iov_in(PyObject *o, struct iovec **iov, Py_buffer **views, int max, int *n)
{
    PyObject *seq = PySequence_Fast(o, "messages must be a list of bytes-like objects");
    Py_ssize_t k, len = seq ? PySequence_Fast_GET_SIZE(seq) : 0;
    *n = 0;
    if (seq && (len < 1 || len > max))
        PyErr_Format(PyExc_ValueError, "between 1 and %d buffers are needed, got %zd", max, len);
    else if (seq && !(*views = PyMem_Malloc((size_t)len * (sizeof **views + sizeof **iov))))
        PyErr_NoMemory();
    else if (seq)
        *iov = (struct iovec *)(*views + len);
    for (k = 0; !PyErr_Occurred() && k < len; k++, (*n)++) {
        if (PyObject_GetBuffer(PySequence_Fast_GET_ITEM(seq, k), &(*views)[k], PyBUF_SIMPLE) < 0)
            break;
        (*iov)[k].iov_base = (*views)[k].buf;
        (*iov)[k].iov_len = (size_t)(*views)[k].len;
    }
    Py_XDECREF(seq);
    return PyErr_Occurred() ? -1 : 0;
}
%}

%inline %{
/* sctp.api registers the callable that makes a Notification of (fields, sender, bytes). */
static void set_notification_factory(PyObject *factory)
{
    Py_XSETREF(sctp_py_notification_factory, Py_XNewRef(factory));
}
%}

/* ---- calls that wait: without the GIL.  A try that cannot wait (the data is queued, the
 * buffer has room) is a short system call made with it. */
%define SCTP_WAITS(FUNC)
%exception FUNC {
    Py_BEGIN_ALLOW_THREADS
    $action
    Py_END_ALLOW_THREADS
}
%enddef
%define SCTP_TRIES(FUNC, FLAGS)
%exception FUNC {
    int sctp_flags_ = FLAGS;
    FLAGS = sctp_flags_ | MSG_DONTWAIT;
    $action
    if (result == -EAGAIN && !(sctp_flags_ & MSG_DONTWAIT) && sctpc_sock_gettimeout(arg1) != 0) {
        FLAGS = sctp_flags_;
        Py_BEGIN_ALLOW_THREADS
        $action
        Py_END_ALLOW_THREADS
    }
}
%enddef

/* ---- plain integers: errors that name the argument, never the generated wrapper */
%define SCTP_PY_INT(TYPES, LO, HI)
%typemap(in) TYPES "if (sctp_py_int($input, \"$1_name\", LO, HI, &v) < 0) SWIG_fail; $1 = ($1_ltype)v;";
%enddef
SCTP_PY_INT(%arg(int (long long v), int32_t (long long v)), INT_MIN, INT_MAX)
SCTP_PY_INT(uint16_t (long long v), 0, 65535)
SCTP_PY_INT(%arg(unsigned int (long long v), unsigned (long long v)), 0, UINT_MAX)

%inline %{
/* message(data, addr, msg_flags, ..., assoc_id, nxt): a Message made by Python (sctp.api's
 * Message(...) and unpickling). */
static PyObject *message(PyObject *data, PyObject *addr, int msg_flags, uint16_t stream,
                         uint16_t ssn, uint16_t flags, uint32_t ppid, uint32_t context,
                         uint32_t tsn, uint32_t cumtsn, int32_t assoc_id, PyObject *nxt)
{
    struct sctpc_recvinfo ri = { .msg_flags = msg_flags, .stream = stream, .ssn = ssn,
        .flags = flags, .ppid = ppid, .context = context, .tsn = tsn, .cumtsn = cumtsn,
        .assoc_id = assoc_id };
    Py_ssize_t i, n = PyTuple_CheckExact(addr) ? PyTuple_GET_SIZE(addr) : -1;
    int plain = addr == Py_None || n >= 0;        /* bytes and a sender's tuple, as received */
    for (i = 0; i < n; i++)
        plain &= PyUnicode_CheckExact(PyTuple_GET_ITEM(addr, i)) || PyLong_CheckExact(PyTuple_GET_ITEM(addr, i));
    return sctp_py_message(Py_NewRef(data), Py_NewRef(addr), nxt == Py_None ? NULL : Py_NewRef(nxt), &ri, plain);
}
%}

/* ---- status returns */
%typemap(out) sctpc_status {
    if ($1 < 0) { sctp_py_raise(-$1); SWIG_fail; }
    $result = PyLong_FromLong($1);
}

/* ---- the handle and batches */
%typemap(in) struct sctpc_sock * "if (!($1 = sctp_py_sock($input))) SWIG_fail;";
%typemap(out) struct sctpc_sock * {
    if (!$1 || !($result = (PyObject *)PyObject_New(sctp_py_handle_obj, sctp_py_handle_type)))
        { if ($1) sctpc_sock_free($1); else PyErr_NoMemory(); SWIG_fail; }
    sctpc_sock_set_interrupt($1, sctp_py_interrupted, NULL);
    ((sctp_py_handle_obj *)$result)->s = $1;
}
%typemap(in) struct sctpc_batch *, const struct sctpc_batch *
    "if (!($1 = PyCapsule_GetPointer($input, \"sctp.batch\"))) SWIG_fail;";
%typemap(in, numinputs=0) int *err (int tmp) "$1 = &tmp;";
%typemap(out) struct sctpc_batch * "";
%typemap(argout) int *err {
    if (!result && *$1 == -EINVAL)
        PyErr_SetString(PyExc_ValueError, "a batch holds 1-64 messages of at least 1 byte, at most 64 MiB in all");
    if (!result) { if (*$1 != -EINVAL) sctp_py_raise(-*$1); SWIG_fail; }
    $result = PyCapsule_New(result, "sctp.batch", sctp_py_batch_free);
    if (!$result) { sctpc_batch_free(result); SWIG_fail; }
}
%typemap(in) int64_t timeout_ms {
    double t = $input == Py_None ? -1.0 : PyFloat_AsDouble($input);
    if (t == -1.0 && PyErr_Occurred()) SWIG_fail;
    $1 = sctpc_timeout_ms(t);
}

/* ---- addresses */
%typemap(in) const struct sockaddr_storage *addr (struct sockaddr_storage tmp) {
    if (sctp_py_addr_in($input, &tmp) < 0) SWIG_fail;
    $1 = &tmp;
}
%typemap(in) const struct sockaddr_storage *to (struct sockaddr_storage tmp) {
    $1 = NULL;
    if ($input != Py_None) { if (sctp_py_addr_in($input, &tmp) < 0) SWIG_fail; $1 = &tmp; }
}
%typemap(in) (const struct sockaddr_storage *addrs, int count) (struct sockaddr_storage *list = NULL) {
    if ($input == Py_None) { $1 = NULL; $2 = 0; }
    else { if (sctp_py_addrs_in($input, &list, &$2) < 0) SWIG_fail; $1 = list; }
}
%typemap(freearg) (const struct sockaddr_storage *addrs, int count) "PyMem_Free(list$argnum);";
%typemap(in, numinputs=0) struct sockaddr_storage *addr (struct sockaddr_storage tmp),
                          struct sockaddr_storage *peer (struct sockaddr_storage tmp) "$1 = &tmp;";
%typemap(argout) struct sockaddr_storage *addr "Py_DECREF($result); $result = sctp_py_addr_out($1);";
%typemap(argout) struct sockaddr_storage *peer {
    PyObject *a = sctp_py_addr_out($1);
    $result = a ? Py_BuildValue("(NN)", $result, a) : NULL;
    if (!$result) SWIG_fail;
}
%typemap(in, numinputs=0) struct sockaddr_storage **out (struct sockaddr_storage *tmp = NULL) "$1 = &tmp;";
%typemap(argout) struct sockaddr_storage **out {
    Py_DECREF($result);
    if (!($result = sctp_py_addr_list(*$1, (size_t)result, 1))) SWIG_fail;
}
%typemap(freearg) struct sockaddr_storage **out "if ($1) free(*$1);";

/* ---- messages */
%define SCTP_PY_SENDINFO(TYPE, SENDV)
%typemap(in) const TYPE *info (TYPE tmp)
    "memset(&tmp, 0, sizeof tmp); if (sctp_py_sendinfo_in($input, &tmp, SENDV) < 0) SWIG_fail; $1 = &tmp;";
%enddef
SCTP_PY_SENDINFO(struct sctpc_sendinfo, 0)
SCTP_PY_SENDINFO(struct sctpc_sendv_info, 1)
%typemap(in) (const void *buf, size_t len) (Py_buffer view, int held = 0) {
    if (PyUnicode_Check($input))
        { PyErr_SetString(PyExc_TypeError, "a message must be bytes-like, not str (encode it)"); SWIG_fail; }
    if (PyObject_GetBuffer($input, &view, PyBUF_SIMPLE) < 0) SWIG_fail;
    held = 1; $1 = view.buf; $2 = (size_t)view.len;
}
%typemap(freearg) (const void *buf, size_t len) "if (held$argnum) PyBuffer_Release(&view$argnum);";
%define SCTP_PY_IOV(ARGS, MAX)
%typemap(in) ARGS (Py_buffer *views = NULL, int n = 0)
    "if (sctp_py_iov_in($input, (struct iovec **)&$1, &views, MAX, &n) < 0) SWIG_fail; $2 = n;";
%enddef
SCTP_PY_IOV(%arg((const struct iovec *iov, int iovcnt)), SCTPC_MAX_IOV)
SCTP_PY_IOV(%arg((const struct iovec *msgs, int count)), SCTPC_MAX_BATCH)
%typemap(freearg) (const struct iovec *iov, int iovcnt), (const struct iovec *msgs, int count)
    "while (n$argnum > 0) PyBuffer_Release(&views$argnum[--n$argnum]); PyMem_Free(views$argnum);";

/* recv(handle, flags, bufsize), SCTPSocket.sctp_recv() and the pysctp API's sctp_recv(maxlen),
 * the last two methods in C (no Python frame), are one receive: into a new bytes object of
 * the size last seen, the rest of bufsize (up to 64 KiB) in the handle's buffer, so only a
 * longer message is copied; a larger bufsize (or the handle's buffer in use by another
 * thread) receives into a bytes object of bufsize cut to fit.  A first try, with the GIL,
 * cannot wait. */
%{
#define SCTP_PY_SCRATCH 65536
static PyObject *sctp_py_default_size, *sctp_py_name[12], *sctp_py_sock_type, *sctp_py_h_slot;
enum { SCTP_PY_H, SCTP_PY_SK, SCTP_PY_NOTIFIED };    /* then sndrcvinfo's nine fields */

/* pysctp's sndrcvinfo: a plain object, its nine fields in its __dict__.  A received one keeps
 * them as C numbers (read as ints) and is untracked by the GC until its dict is needed for
 * anything else.  compat.py gives it pysctp's __init__, repr and pickling. */
typedef struct { PyObject_HEAD PyObject *dict, *weak; long long v[9]; int lazy; } sctp_py_sri_obj;
static PyTypeObject *sctp_py_sri_type;
static PyObject *sctp_py_sri_dict(PyObject *o)      /* lazy: 1 + the fields in the dict */
{
    sctp_py_sri_obj *i = (sctp_py_sri_obj *)o;
    PyObject *v;
    if (!i->dict && !(i->dict = PyDict_New())) return NULL;
    if (!PyObject_GC_IsTracked(o)) PyObject_GC_Track(o);
    for (; i->lazy && i->lazy <= 9; i->lazy++) {
        if (!(v = PyLong_FromLongLong(i->v[i->lazy - 1])) ||
            PyDict_SetItem(i->dict, sctp_py_name[SCTP_PY_NOTIFIED + i->lazy], v) < 0)
            return Py_XDECREF(v), NULL;
        Py_DECREF(v);
    }
    i->lazy = 0;
    return i->dict;
}
static PyObject *sctp_py_sri_getdict(PyObject *o, void *c) { return Py_XNewRef(sctp_py_sri_dict(o)); }
static PyObject *sctp_py_sri_getattr(PyObject *o, PyObject *name)
{
    sctp_py_sri_obj *i = (sctp_py_sri_obj *)o;
    int k;
    for (k = 0; i->lazy == 1 && k < 9; k++)
        if (name == sctp_py_name[SCTP_PY_NOTIFIED + 1 + k]) return PyLong_FromLongLong(i->v[k]);
    return sctp_py_sri_dict(o) ? PyObject_GenericGetAttr(o, name) : NULL;
}
static int sctp_py_sri_setattr(PyObject *o, PyObject *name, PyObject *v)
    { return sctp_py_sri_dict(o) ? PyObject_GenericSetAttr(o, name, v) : -1; }
static int sctp_py_sri_traverse(PyObject *o, visitproc visit, void *arg)
    { Py_VISIT(((sctp_py_sri_obj *)o)->dict); Py_VISIT(Py_TYPE(o)); return 0; }
static int sctp_py_sri_clear(PyObject *o) { Py_CLEAR(((sctp_py_sri_obj *)o)->dict); return 0; }
static void sctp_py_sri_dealloc(PyObject *o)
{
    PyTypeObject *t = Py_TYPE(o);
    PyObject_GC_UnTrack(o);
    if (((sctp_py_sri_obj *)o)->weak) PyObject_ClearWeakRefs(o);
    Py_XDECREF(((sctp_py_sri_obj *)o)->dict); PyObject_GC_Del(o); Py_DECREF(t);
}
static PyGetSetDef sctp_py_sri_getset[] = { { "__dict__", sctp_py_sri_getdict, PyObject_GenericSetDict }, { NULL } };
static PyMemberDef sctp_py_sri_members[] = {
    { "__dictoffset__", T_PYSSIZET, offsetof(sctp_py_sri_obj, dict), READONLY },
    { "__weaklistoffset__", T_PYSSIZET, offsetof(sctp_py_sri_obj, weak), READONLY }, { NULL } };
static PyType_Slot sctp_py_sri_slots[] = {
    { Py_tp_getattro, sctp_py_sri_getattr }, { Py_tp_setattro, sctp_py_sri_setattr },
    { Py_tp_traverse, sctp_py_sri_traverse }, { Py_tp_clear, sctp_py_sri_clear },
    { Py_tp_dealloc, sctp_py_sri_dealloc }, { Py_tp_new, PyType_GenericNew },
    { Py_tp_getset, sctp_py_sri_getset }, { Py_tp_members, sctp_py_sri_members }, { 0, NULL } };
static PyType_Spec sctp_py_sri_spec = { "sctp.sndrcvinfo", sizeof(sctp_py_sri_obj), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC, sctp_py_sri_slots };

/* pysctp's (fromaddr, flags, msg, sndrcvinfo), fromaddr (host, port) and the ppid in network
 * byte order as pysctp gives them; a notification goes to self._notified(Notification). */
static PyObject *sctp_py_pysctp(struct sctpc_sock *s, PyObject *data,
                                const struct sctpc_recvinfo *ri, PyObject *self)
{
    sctp_py_sri_obj *info;
    PyObject *addr = NULL, *flags = NULL, *n = NULL;
    if (ri->msg_flags & SCTPC_MSG_NOTIFICATION) {
        PyObject *m = sctp_py_received(s, data, ri);
        n = m ? PyObject_CallMethodOneArg(self, sctp_py_name[SCTP_PY_NOTIFIED], m) : NULL;
        Py_XDECREF(m);
        return n;
    }
    if ((info = PyObject_GC_New(sctp_py_sri_obj, sctp_py_sri_type))) {
        long long v[9] = { ri->stream, ri->ssn, ri->flags, ri->context, 0, ri->tsn,
                           ri->cumtsn, ri->assoc_id, htonl(ri->ppid) };
        memcpy(info->v, v, sizeof v);
        info->dict = info->weak = NULL;
        info->lazy = 1;
        if ((addr = sctp_py_sender(s, &ri->from)) && PyTuple_Check(addr) && PyTuple_GET_SIZE(addr) > 2)
            Py_SETREF(addr, PyTuple_GetSlice(addr, 0, 2));
    }
    if (addr && (flags = PyLong_FromLong(ri->msg_flags)))
        n = PyTuple_Pack(4, addr, flags, data, info);
    Py_XDECREF(addr); Py_XDECREF(flags); Py_DECREF(data); Py_XDECREF(info);
    return n;
}
static PyObject *sctp_py_recv(struct sctpc_sock *s, int flags, PyObject *size, PyObject *into,
                              PyObject *pysctp)
{
    PyObject *data = NULL;
    struct sctpc_recvinfo ri;
    struct iovec iov[2] = { { NULL, 0 }, { NULL, 0 } };
    Py_buffer view;
    long long n = 0;
    size_t k = 0, got = 0;
    int r, parts;
    if (into) {             /* recv_into: the caller's writable buffer */
        if (PyObject_GetBuffer(into, &view, PyBUF_WRITABLE) < 0)
            return PyErr_Format(PyExc_TypeError, "a writable buffer is needed, not %.100s", Py_TYPE(into)->tp_name), NULL;
        iov[0].iov_base = view.buf;
        if (!(n = view.len)) PyErr_SetString(PyExc_ValueError, "the buffer is empty");
    } else if (size == sctp_py_default_size ? (n = SCTP_PY_SCRATCH, 0) :
               sctp_py_int(size, "bufsize", LLONG_MIN, LLONG_MAX, &n) == 0 && (n < 1 || n > INT_MAX)) {
        PyErr_SetString(PyExc_ValueError, "bufsize must be 1-2147483647");
    } else if (n > 0) {     /* the head in data, the rest (if any) in the handle's buffer */
        k = n <= SCTP_PY_SCRATCH ? sctpc_sock_size_hint(s) : 0;
        if (!k || k >= (size_t)n || !(iov[1].iov_base = sctpc_sock_scratch(s, (size_t)n - k)))
            k = (size_t)n;
        if ((data = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)k)))
            iov[0].iov_base = PyBytes_AS_STRING(data);
    }
    iov[0].iov_len = into ? (size_t)n : k;
    iov[1].iov_len = (size_t)n - iov[0].iov_len;
    parts = iov[1].iov_base ? 2 : 1;
    if (!iov[0].iov_base || !n)     /* the error is set */
        goto done;
    r = sctpc_recvv(s, flags | MSG_DONTWAIT, iov, parts, &ri);
    if (r == -EAGAIN && !(flags & MSG_DONTWAIT) && sctpc_sock_gettimeout(s) != 0) {
        Py_BEGIN_ALLOW_THREADS
        r = sctpc_recvv(s, flags, iov, parts, &ri);
        Py_END_ALLOW_THREADS
    }
    if (r < 0)
        { sctp_py_raise(-r); Py_CLEAR(data); }
    else if (into) {
        PyObject *mv = PyMemoryView_FromObject(into);
        data = sctp_py_received(s, mv ? PySequence_GetSlice(mv, 0, r) : NULL, &ri);
        Py_XDECREF(mv);
    } else {                /* a notification is in ri, whole; data is cut to the message */
        if (!(ri.msg_flags & SCTPC_MSG_NOTIFICATION) && (size_t)r != iov[0].iov_len &&
            _PyBytes_Resize(&data, r) == 0 && (size_t)r > iov[0].iov_len)
            memcpy(PyBytes_AS_STRING(data) + iov[0].iov_len, iov[1].iov_base, (size_t)r - iov[0].iov_len);
        if (data)
            data = pysctp ? sctp_py_pysctp(s, data, &ri, pysctp) : sctp_py_received(s, data, &ri);
        got = data && !(ri.msg_flags & SCTPC_MSG_NOTIFICATION) ? (size_t)r : 0;
    }
    sctpc_recvinfo_clear(&ri);
done:
    if (into)
        PyBuffer_Release(&view);
    else
        sctpc_sock_scratch_done(s, iov[1].iov_base, got);
    return data;
}

/* The methods: self is an SCTPSocket holding its handle in _h, or a pysctp-API socket holding
 * an SCTPSocket in _sk; as method descriptors of those classes a call binds no method. */
static PyObject *sctp_py_recv_method(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                                     PyObject *kwnames)
{
    int pysctp = !PyObject_TypeCheck(self, (PyTypeObject *)sctp_py_sock_type);
    const char *kw = pysctp ? "maxlen" : "bufsize";
    PyObject *h, *r = NULL, *sk = pysctp ? PyObject_GetAttr(self, sctp_py_name[SCTP_PY_SK]) : Py_NewRef(self);
    struct sctpc_sock *s;
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    if (nargs + nkw > 1 || (pysctp && nargs + nkw == 0) ||
        (nkw && PyUnicode_CompareWithASCIIString(PyTuple_GET_ITEM(kwnames, 0), kw) != 0))
        { PyErr_Format(PyExc_TypeError, "sctp_recv() takes %s argument, %s", pysctp ? "one" : "one optional", kw); Py_CLEAR(sk); }
    /* sk._h, read through SCTPSocket's slot when sk is one: no attribute lookup */
    h = !sk ? NULL : PyObject_TypeCheck(sk, (PyTypeObject *)sctp_py_sock_type) ?
        Py_TYPE(sctp_py_h_slot)->tp_descr_get(sctp_py_h_slot, sk, NULL) :
        PyObject_GetAttr(sk, sctp_py_name[SCTP_PY_H]);
    if (h && (s = sctp_py_sock(h)))
        r = sctp_py_recv(s, 0, nargs + nkw ? args[0] : sctp_py_default_size, NULL, pysctp ? self : NULL);
    Py_XDECREF(h);          /* both held until here: the wait lets go of the GIL */
    Py_XDECREF(sk);
    return r;
}
static PyMethodDef sctp_py_recv_defs[] = {      /* SCTPSocket's and the pysctp API's */
    { "sctp_recv", (PyCFunction)(void (*)(void))sctp_py_recv_method, METH_FASTCALL | METH_KEYWORDS,
      "sctp_recv($self, bufsize=65536)\n--\n\nReceive one message (Message) or notification (Notification, "
      "always whole, whatever bufsize); waits as the socket's timeout says." },
    { "sctp_recv", (PyCFunction)(void (*)(void))sctp_py_recv_method, METH_FASTCALL | METH_KEYWORDS,
      "sctp_recv($self, maxlen)\n--\n\nReceive a message or notification: (fromaddr, flags, msg, notif); "
      "notif is a sndrcvinfo for data, a notification object for an event." } };

/* recv_method(SCTPSocket, SCTPSocket._h) first: its sctp_recv; then recv_method(cls): the
 * pysctp API's sctp_recv for cls, whose instances hold an SCTPSocket in _sk. */
static PyObject *sctp_py_recv_method_for(PyObject *mod, PyObject *args)
{
    PyObject *cls, *slot = NULL;
    if (!PyArg_ParseTuple(args, "O!|O", &PyType_Type, &cls, &slot)) return NULL;
    if (slot ? !Py_TYPE(slot)->tp_descr_get : !sctp_py_h_slot)
        return PyErr_SetString(PyExc_TypeError, "recv_method(SCTPSocket, SCTPSocket._h) comes first"), NULL;
    if (slot) {
        Py_XSETREF(sctp_py_h_slot, Py_NewRef(slot));
        Py_XSETREF(sctp_py_sock_type, Py_NewRef(cls));
    }
    return PyDescr_NewMethod((PyTypeObject *)cls, &sctp_py_recv_defs[slot == NULL]);
}

/* messages(handle, batch): an iterator over the batch's messages, refilled as needed; a
 * message already received is taken without letting go of the GIL. */
typedef struct {            /* the capsules, kept alive, their pointers, the batch's heads */
    PyObject_HEAD PyObject *h, *b; struct sctpc_sock *s; struct sctpc_batch *batch;
    PyObject *heads[SCTPC_MAX_BATCH]; struct iovec hv[SCTPC_MAX_BATCH];
} sctp_py_take_obj;
static PyTypeObject *sctp_py_take_type;
static PyObject *sctp_py_take_next(PyObject *o)
{
    struct sctpc_sock *s = ((sctp_py_take_obj *)o)->s;
    struct sctpc_batch *b = ((sctp_py_take_obj *)o)->batch;
    PyObject *m;
    int i, r = 1;
    if (!sctpc_batch_try_take(b, &i)) {
        Py_BEGIN_ALLOW_THREADS
        r = sctpc_batch_take(s, b, &i);
        Py_END_ALLOW_THREADS
    }
    if (r <= 0)             /* 0: the end of the stream, StopIteration */
        return r < 0 ? (sctp_py_raise(-r), NULL) : NULL;
    m = sctp_py_batch_message(s, b, i, ((sctp_py_take_obj *)o)->heads, ((sctp_py_take_obj *)o)->hv);
    sctpc_batch_done(b);
    return m;
}
static void sctp_py_take_dealloc(PyObject *o)
{
    sctp_py_take_obj *t = (sctp_py_take_obj *)o;
    PyTypeObject *type = Py_TYPE(o);
    int k;
    Py_BEGIN_ALLOW_THREADS  /* before the heads go; it waits for a thread holding the batch */
    sctpc_batch_set_heads(t->batch, NULL);
    Py_END_ALLOW_THREADS
    for (k = 0; k < SCTPC_MAX_BATCH; k++) Py_XDECREF(t->heads[k]);
    Py_DECREF(t->h); Py_DECREF(t->b); PyObject_Free(o); Py_DECREF(type);
}
static PyType_Slot sctp_py_take_slots[] = {
    { Py_tp_iter, PyObject_SelfIter }, { Py_tp_iternext, sctp_py_take_next },
    { Py_tp_dealloc, sctp_py_take_dealloc }, { 0, NULL } };
static PyType_Spec sctp_py_take_spec = { "sctp._Messages", sizeof(sctp_py_take_obj), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_DISALLOW_INSTANTIATION, sctp_py_take_slots };
static PyObject *sctp_py_messages(PyObject *mod, PyObject *args)
{
    PyObject *h, *b;
    struct sctpc_sock *s; struct sctpc_batch *batch;
    sctp_py_take_obj *t;
    if (!PyArg_ParseTuple(args, "OO", &h, &b) || !(s = sctp_py_sock(h)) ||
        !(batch = PyCapsule_GetPointer(b, "sctp.batch")) ||
        !(t = PyObject_New(sctp_py_take_obj, sctp_py_take_type)))
        return NULL;
    t->h = Py_NewRef(h), t->b = Py_NewRef(b), t->s = s, t->batch = batch;
    memset(t->heads, 0, sizeof t->heads), memset(t->hv, 0, sizeof t->hv);
    sctpc_batch_set_heads(batch, t->hv);        /* a new batch: no one else holds it */
    return (PyObject *)t;
}
%}
%ignore sctpc_recv; %ignore sctpc_batch_take;
/* recv(handle, flags, bufsize) and recv_into(handle, flags, buffer): the receive above. */
%rename(recv) sctp_py_recv_size; %rename(recv_into) sctp_py_recv_buffer;
%inline %{
static PyObject *sctp_py_recv_size(struct sctpc_sock *s, int flags, PyObject *bufsize)
    { return sctp_py_recv(s, flags, bufsize, NULL, NULL); }
static PyObject *sctp_py_recv_buffer(struct sctpc_sock *s, int flags, PyObject *buffer)
    { return sctp_py_recv(s, flags, NULL, buffer, NULL); }
%}
%native(recv_method) PyObject *sctp_py_recv_method_for(PyObject *self, PyObject *args);
%native(messages) PyObject *sctp_py_messages(PyObject *self, PyObject *args);
%init %{
    {
        static const char *const names[] = { "_h", "_sk", "_notified", "stream", "ssn", "flags",
            "context", "timetolive", "tsn", "cumtsn", "assoc_id", "ppid" };
        size_t k;
        if (!(sctp_py_message_type = (PyTypeObject *)PyType_FromSpec(&sctp_py_message_spec)) ||
            PyModule_AddType(m, sctp_py_message_type) < 0 || !(sctp_py_tracked_type = (PyTypeObject *)
            PyType_FromSpecWithBases(&sctp_py_tracked_spec, (PyObject *)sctp_py_message_type)) ||
            PyModule_AddType(m, sctp_py_tracked_type) < 0 ||
            !(sctp_py_take_type = (PyTypeObject *)PyType_FromSpec(&sctp_py_take_spec)) ||
            !(sctp_py_handle_type = (PyTypeObject *)PyType_FromSpec(&sctp_py_handle_spec)) ||
            !(sctp_py_default_size = PyLong_FromLong(65536)) ||
            !(sctp_py_sri_type = (PyTypeObject *)PyType_FromSpec(&sctp_py_sri_spec)) ||
            PyModule_AddType(m, sctp_py_sri_type) < 0) return NULL;
        for (k = 0; k < sizeof names / sizeof *names; k++)
            if (!(sctp_py_name[k] = PyUnicode_InternFromString(names[k]))) return NULL;
    }
%}
/* batch_at(batch, i) -> message i of the last receive */
%typemap(in, numinputs=0) (int *len, const struct sctpc_recvinfo **info) (int n, const struct sctpc_recvinfo *ri) {
    $1 = &n; $2 = ($2_ltype)&ri;
}
%typemap(out) const char *sctpc_batch_at "";
%typemap(argout) (int *len, const struct sctpc_recvinfo **info) {
    $result = sctp_py_batch_message(NULL, (struct sctpc_batch *)arg1, arg2, NULL, NULL);
    if (!$result) SWIG_fail;
}

/* decode_notification(bytes) -> dict */
%typemap(in) (const void *buf, size_t len, struct sctpc_fields *out)
             (Py_buffer view, int held = 0, struct sctpc_fields f) {
    if (PyUnicode_Check($input) || PyObject_GetBuffer($input, &view, PyBUF_SIMPLE) < 0) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "a notification is bytes");
        SWIG_fail;
    }
    held = 1; $1 = view.buf; $2 = (size_t)view.len; $3 = &f;
}
%typemap(argout) (const void *buf, size_t len, struct sctpc_fields *out) {
    Py_DECREF($result);
    if (!($result = sctp_py_fields($3))) SWIG_fail;
}
%typemap(freearg) (const void *buf, size_t len, struct sctpc_fields *out)
    "if (held$argnum) PyBuffer_Release(&view$argnum);";

/* assocs() -> ([dict per association], "netlink" | "proc") */
%typemap(in, numinputs=0) (struct sctpc_assoc_list **out, const char **source)
    (struct sctpc_assoc_list *l = NULL, const char *src = NULL) "$1 = &l; $2 = ($2_ltype)&src;";
%typemap(argout) (struct sctpc_assoc_list **out, const char **source) {
    struct sctpc_fields f;
    PyObject *list = PyList_New(0), *d = NULL;
    int k;
    for (k = 0; list && sctpc_assocs_fields(*$1, k, &f) == 0; k++) {
        if (!(d = sctp_py_fields(&f)) || PyList_Append(list, d) < 0) Py_CLEAR(list);
        Py_CLEAR(d);
    }
    Py_DECREF($result);
    if (!list || !($result = Py_BuildValue("(Ns)", list, *$2))) SWIG_fail;
}
%typemap(freearg) (struct sctpc_assoc_list **out, const char **source) "sctpc_assocs_free(*$1);";

/* ---- options: (name, {field: value}) in, dict out */
%typemap(in) struct sctpc_optval *v (struct sctpc_optval tmp),
             const struct sctpc_optval *v (struct sctpc_optval tmp) {
    if (sctp_py_optval_in($input, &tmp) < 0) SWIG_fail;
    $1 = &tmp;
}
%typemap(argout) struct sctpc_optval *v {
    struct sctpc_fields f;
    Py_DECREF($result);
    sctpc_optval_fields($1, &f);
    if (!($result = sctp_py_fields(&f))) SWIG_fail;
}
%typemap(argout) const struct sctpc_optval *v "Py_DECREF($result); $result = Py_NewRef(Py_None);";

/* ---- tables */
%typemap(out) const struct sctpc_constant *, const struct sctpc_event * {
    $result = $1 ? Py_BuildValue("(sL)", $1->name, (long long)$1->value) : Py_NewRef(Py_None);
}
%typemap(out) const struct sctpc_optdesc * {
    $result = $1 ? Py_BuildValue("(sOO)", $1->name, ($1->dir & SCTPC_OPT_GET) ? Py_True : Py_False,
                                 ($1->dir & SCTPC_OPT_SET) ? Py_True : Py_False) : Py_NewRef(Py_None);
}
