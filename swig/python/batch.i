/* sctp.Batch: a preallocated place for up to 64 received messages, and batch_receive, which
 * fills it with one recvmmsg (SCTPSocket.recv_many_into).  Nothing is allocated per message:
 * the payloads stay in the batch's area and their info in C structs until asked for, by
 * batch[i] (a Message or Notification, as recv_many returns), batch.view(i) (a read-only
 * memoryview of the payload) or the cheap accessors stream(i), ppid(i), assoc_id(i),
 * is_notification(i).  A view looks at its slot of the area: the next receive into the
 * batch overwrites what it shows (copy with bytes(view) to keep it). */

%{
typedef struct {
    PyObject_HEAD
    struct sctpc_batch b;            /* its area is PyMem_RawMalloc'ed */
    int busy;                        /* a receive is filling it (the GIL released) */
} sctp_py_batch;

static PyTypeObject *sctp_py_batch_type;

static PyObject *sctp_py_batch_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *names[] = { "count", "bufsize", NULL };
    Py_ssize_t count = SCTPC_MAX_BATCH, bufsize = 65536;
    sctp_py_batch *b;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|nn:Batch", names, &count, &bufsize) ||
        !(b = (sctp_py_batch *)type->tp_alloc(type, 0)))
        return NULL;
    if (!(b->b.area = sctp_py_batch_area(count, bufsize, NULL))) {   /* the core slices it */
        Py_DECREF(b);
        return NULL;
    }
    b->b.count = (int)count;
    b->b.size = (size_t)bufsize;
    return (PyObject *)b;
}

static void sctp_py_batch_dealloc(PyObject *self)
{
    PyTypeObject *type = Py_TYPE(self);
    PyMem_RawFree(((sctp_py_batch *)self)->b.area);  /* no view is left: each holds the batch */
    type->tp_free(self);
    Py_DECREF(type);
}

static Py_ssize_t sctp_py_batch_len(PyObject *self)
{
    return ((sctp_py_batch *)self)->b.n;
}

/* The slot of a received message, or -1 with IndexError (negative indices count back). */
static int sctp_py_batch_slot(struct sctpc_batch *b, PyObject *index)
{
    Py_ssize_t i = PyNumber_AsSsize_t(index, PyExc_IndexError);
    if (i == -1 && PyErr_Occurred())
        return -1;
    if (i < 0)
        i += b->n;
    if (i < 0 || i >= b->n) {
        PyErr_SetString(PyExc_IndexError, "batch index out of range");
        return -1;
    }
    return (int)i;
}

static PyObject *sctp_py_batch_item(PyObject *self, Py_ssize_t i)
{
    struct sctpc_batch *b = &((sctp_py_batch *)self)->b;
    if (i < 0 || i >= b->n) {        /* the sequence protocol added len() to a negative i */
        PyErr_SetString(PyExc_IndexError, "batch index out of range");
        return NULL;
    }
    return sctp_py_batch_message(sctpc_batch_slot(b, (int)i), NULL, &b->infos[i], b->lens[i],
                                 1);
}

/* The whole area, read-only: what view(i) slices. */
static int sctp_py_batch_getbuffer(PyObject *self, Py_buffer *view, int flags)
{
    struct sctpc_batch *b = &((sctp_py_batch *)self)->b;
    return PyBuffer_FillInfo(view, self, b->area, (Py_ssize_t)(b->count * b->size), 1, flags);
}

static PyObject *sctp_py_batch_view(PyObject *self, PyObject *index)
{
    struct sctpc_batch *b = &((sctp_py_batch *)self)->b;
    int i = sctp_py_batch_slot(b, index);
    Py_ssize_t at = i * (Py_ssize_t)b->size;
    PyObject *all, *part;
    if (i < 0 || !(all = PyMemoryView_FromObject(self)))
        return NULL;
    part = PySequence_GetSlice(all, at, at + b->lens[i]);
    Py_DECREF(all);
    return part;
}

/* The cheap accessors: one field of message i, nothing else built. */
#define SCTP_PY_BATCH_GETTER(name, value)                                   \
    static PyObject *sctp_py_batch_##name(PyObject *self, PyObject *index)  \
    {                                                                       \
        struct sctpc_batch *b = &((sctp_py_batch *)self)->b;                \
        int i = sctp_py_batch_slot(b, index);                               \
        return i < 0 ? NULL : (value);                                      \
    }
SCTP_PY_BATCH_GETTER(stream, PyLong_FromLong(b->infos[i].stream))
SCTP_PY_BATCH_GETTER(ppid, PyLong_FromUnsignedLong(ntohl(b->infos[i].ppid)))
SCTP_PY_BATCH_GETTER(assoc_id, PyLong_FromLong(b->infos[i].assoc_id))
SCTP_PY_BATCH_GETTER(is_notification,
                     PyBool_FromLong(b->infos[i].msg_flags & SCTPC_MSG_NOTIFICATION))

static PyObject *sctp_py_batch_repr(PyObject *self)
{
    sctp_py_batch *b = (sctp_py_batch *)self;
    return PyUnicode_FromFormat("<sctp.Batch: %d of %d messages, bufsize %zu>", b->b.n,
                                b->b.count, b->b.size);
}

/* One recvmmsg from sock into b (into bufs instead of b's area unless NULL), waiting (as
 * sctp_recv does, by sock's timeout) for the first message only: how many came, or -1 with
 * the exception set.  *busy guards b while the GIL is released. */
static int sctp_py_batch_fill(struct sctpc_batch *b, int *busy, void *const *bufs,
                              PyObject *sock)
{
    int fd, timeout_ms, r;
    if (*busy) {
        PyErr_SetString(PyExc_RuntimeError, "another receive is filling this batch");
        return -1;
    }
    if (sctp_py_sock_args(sock, &fd, &timeout_ms) < 0)
        return -1;
    *busy = 1;
    b->n = 0;
    SCTP_PY_BLOCKING(r, timeout_ms,
                     bufs ? sctpc_recv_many(fd, 0, timeout_ms, b->count, b->size, bufs, b->infos,
                                            b->lens)
                          : sctpc_batch_receive(fd, 0, timeout_ms, b));
    *busy = 0;
    if (r < 0)
        return -1;
    b->n = r;
    return r;
}

/* batch_receive(batch, sock) -> n (SCTPSocket.recv_many_into). */
static PyObject *sctp_py_batch_receive(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    sctp_py_batch *b;
    int r;
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "batch_receive(batch, sock) takes two arguments");
        return NULL;
    }
    if (!PyObject_TypeCheck(args[0], sctp_py_batch_type)) {
        PyErr_Format(PyExc_TypeError, "recv_many_into needs an sctp.Batch, not %.100s",
                     Py_TYPE(args[0])->tp_name);
        return NULL;
    }
    b = (sctp_py_batch *)args[0];
    r = sctp_py_batch_fill(&b->b, &b->busy, NULL, args[1]);
    return r < 0 ? NULL : PyLong_FromLong(r);
}

static PyMethodDef sctp_py_batch_receive_def = {
    "batch_receive", (PyCFunction)(void (*)(void))sctp_py_batch_receive, METH_FASTCALL,
    "batch_receive(batch, sock)\n--\n\n"
    "Used by SCTPSocket.recv_many_into: fill the batch from sock; returns how many came."
};

#define SCTP_PY_BATCH_FIELD(name, doc)                                                   \
    { #name, (PyCFunction)sctp_py_batch_##name, METH_O,                                  \
      #name "($self, i, /)\n--\n\n" doc }
static PyMethodDef sctp_py_batch_methods[] = {
    SCTP_PY_BATCH_FIELD(view, "Message i's payload: a read-only memoryview of its slot in the\n"
                              "batch, which the next receive overwrites (bytes(view) keeps it)."),
    SCTP_PY_BATCH_FIELD(stream, "The stream message i arrived on."),
    SCTP_PY_BATCH_FIELD(ppid, "Message i's payload protocol identifier, host byte order."),
    SCTP_PY_BATCH_FIELD(assoc_id, "The association message i arrived on."),
    SCTP_PY_BATCH_FIELD(is_notification, "True if message i is a notification."),
    { NULL, NULL, 0, NULL }
};

static PyMemberDef sctp_py_batch_members[] = {
    { "count", T_INT, offsetof(sctp_py_batch, b.count), READONLY, "How many messages it holds." },
    { "bufsize", T_PYSSIZET, offsetof(sctp_py_batch, b.size), READONLY,   /* size_t */
      "The room for each message, bytes (a longer one arrives in parts)." },
    { NULL, 0, 0, 0, NULL }
};

static PyType_Slot sctp_py_batch_slots[] = {
    { Py_tp_doc, (void *)
      "Batch(count=64, bufsize=65536)\n--\n\n"
      "Room for up to ``count`` (at most 64) received messages of up to ``bufsize`` bytes\n"
      "each (``count * bufsize`` at most 64 MiB), filled by\n"
      ":meth:`SCTPSocket.recv_many_into` without allocating anything per message.\n\n"
      "``len(batch)`` is how many the last receive brought; ``batch[i]`` builds message i's\n"
      ":class:`Message` (or :class:`Notification`); ``view(i)``, ``stream(i)``,\n"
      "``ppid(i)``, ``assoc_id(i)`` and ``is_notification(i)`` read single parts cheaply.\n"
      "Its buffer is the whole area, read-only (message i at ``i * bufsize``)." },
    { Py_tp_new, sctp_py_batch_new },
    { Py_tp_dealloc, sctp_py_batch_dealloc },
    { Py_tp_repr, sctp_py_batch_repr },
    { Py_tp_methods, sctp_py_batch_methods },
    { Py_tp_members, sctp_py_batch_members },
    { Py_sq_length, sctp_py_batch_len },
    { Py_sq_item, sctp_py_batch_item },
    { Py_bf_getbuffer, sctp_py_batch_getbuffer },
    { 0, NULL }
};

static PyType_Spec sctp_py_batch_spec = {
    "sctp.Batch", sizeof(sctp_py_batch), 0, Py_TPFLAGS_DEFAULT, sctp_py_batch_slots
};

/* sctp.MessageIterator (SCTPSocket.messages()): one message per step out of a batch that it
 * refills with one recvmmsg whenever it has handed out all it holds, so a loop taking one
 * message at a time makes one system call per batch.  A bufsize up to SCTP_PY_HANDOVER_MIN
 * receives into one area, a larger one into a bytes object per slot, so that long messages
 * are handed out without a second copy (sctp_py_slots_fill).  It holds its socket weakly
 * (the socket keeps it, see sctp.api), and ends at the end of the stream (the empty
 * message). */
typedef struct {
    PyObject_HEAD
    PyObject *sock;                  /* a weak reference */
    struct sctpc_batch b;            /* its area NULL when the slots hold the payloads */
    PyObject *slots[SCTPC_MAX_BATCH];
    int busy;                        /* a receive is filling it (the GIL released) */
    int next;                        /* the batch's next message to hand out */
    int ended;
} sctp_py_reader;

static PyObject *sctp_py_reader_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *names[] = { "sock", "count", "bufsize", NULL };
    PyObject *sock;
    Py_ssize_t count = SCTPC_MAX_BATCH, bufsize = 65536;
    sctp_py_reader *r;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|nn:MessageIterator", names, &sock, &count,
                                     &bufsize) ||
        !(r = (sctp_py_reader *)type->tp_alloc(type, 0)))     /* zeroed */
        return NULL;
    r->b.count = (int)count;
    r->b.size = (size_t)bufsize;
    if (!(r->sock = PyWeakref_NewRef(sock, NULL)) ||
        (bufsize <= SCTP_PY_HANDOVER_MIN
             ? !(r->b.area = sctp_py_batch_area(count, bufsize, NULL))
             : sctp_py_batch_check(count, bufsize) < 0)) {
        Py_DECREF(r);
        return NULL;
    }
    return (PyObject *)r;
}

static void sctp_py_reader_dealloc(PyObject *self)
{
    sctp_py_reader *r = (sctp_py_reader *)self;
    PyTypeObject *type = Py_TYPE(self);
    int i;
    Py_XDECREF(r->sock);
    PyMem_RawFree(r->b.area);
    for (i = 0; i < SCTPC_MAX_BATCH; i++)
        Py_XDECREF(r->slots[i]);
    type->tp_free(self);
    Py_DECREF(type);
}

/* Receive the next batch from the socket: 0, or -1 with an exception. */
static int sctp_py_reader_fill(sctp_py_reader *r)
{
    PyObject *sock = PyWeakref_GetObject(r->sock);       /* borrowed */
    void *bufs[SCTPC_MAX_BATCH];
    int n;
    if (sock == Py_None) {
        sctp_py_raise(EBADF);
        return -1;
    }
    if (!r->b.area && sctp_py_slots_fill(r->slots, bufs, r->b.count, (Py_ssize_t)r->b.size) < 0)
        return -1;
    Py_INCREF(sock);
    n = sctp_py_batch_fill(&r->b, &r->busy, r->b.area ? NULL : bufs, sock);
    Py_DECREF(sock);
    if (n < 0)
        return -1;
    r->next = 0;
    return 0;
}

static PyObject *sctp_py_reader_next(PyObject *self)
{
    sctp_py_reader *r = (sctp_py_reader *)self;
    struct sctpc_batch *b = &r->b;
    int i;
    if (r->ended || (r->next >= b->n && sctp_py_reader_fill(r) < 0))
        return NULL;
    i = r->next++;
    if (sctpc_end_of_stream(b->lens[i], &b->infos[i])) {
        r->ended = 1;
        return NULL;
    }
    if (b->area)
        return sctp_py_batch_message(sctpc_batch_slot(b, i), NULL, &b->infos[i], b->lens[i], 1);
    return sctp_py_batch_message(NULL, &r->slots[i], &b->infos[i], b->lens[i], 1);
}

static PyObject *sctp_py_reader_get(PyObject *self, void *what)
{
    sctp_py_reader *r = (sctp_py_reader *)self;
    struct sctpc_batch *b = &r->b;
    switch ((int)(intptr_t)what) {
    case 0: return PyLong_FromLong(b->count);
    case 1: return PyLong_FromSize_t(b->size);
    default: return PyLong_FromLong(r->ended || r->next >= b->n ? 0 : b->n - r->next);
    }
}

static PyGetSetDef sctp_py_reader_getset[] = {
    { "count", sctp_py_reader_get, NULL, "How many messages one receive reads ahead at most.",
      (void *)0 },
    { "bufsize", sctp_py_reader_get, NULL, "The room for each message, bytes.", (void *)1 },
    { "pending", sctp_py_reader_get, NULL,
      "How many messages it has read ahead and not yet handed out.", (void *)2 },
    { NULL, NULL, NULL, NULL, NULL }
};

static PyType_Slot sctp_py_reader_slots[] = {
    { Py_tp_doc, (void *)
      "MessageIterator(sock, count=64, bufsize=65536)\n--\n\n"
      "The iterator SCTPSocket.messages() returns: each step hands out one received\n"
      ":class:`Message` or :class:`Notification`, reading up to ``count`` at a time with one\n"
      "``recvmmsg`` into a :class:`Batch`; the iteration ends at the end of the stream.  A\n"
      "receive blocks by the socket's timeout (raising TimeoutError, BlockingIOError when\n"
      "non-blocking; the iterator can go on after either).  What it has read ahead\n"
      "(``pending``) only it hands out: sctp_recv and a second iterator do not see it." },
    { Py_tp_new, sctp_py_reader_new },
    { Py_tp_dealloc, sctp_py_reader_dealloc },
    { Py_tp_iter, PyObject_SelfIter },
    { Py_tp_iternext, sctp_py_reader_next },
    { Py_tp_getset, sctp_py_reader_getset },
    { 0, NULL }
};

static PyType_Spec sctp_py_reader_spec = {
    "sctp.MessageIterator", sizeof(sctp_py_reader), 0, Py_TPFLAGS_DEFAULT, sctp_py_reader_slots
};
%}

%init %{
    {
        PyObject *batch = PyType_FromSpec(&sctp_py_batch_spec);
        PyObject *receive = PyCFunction_New(&sctp_py_batch_receive_def, NULL);
        PyObject *reader = PyType_FromSpec(&sctp_py_reader_spec);
        sctp_py_batch_type = (PyTypeObject *)batch;
        if (!batch || !receive || PyModule_AddObject(m, "Batch", Py_NewRef(batch)) < 0 ||
            !reader || PyModule_AddObject(m, "MessageIterator", reader) < 0 ||
            PyModule_AddObject(m, "batch_receive", receive) < 0)
            return NULL;
    }
%}
