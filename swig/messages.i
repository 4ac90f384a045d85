/* Messages, notifications and batches. */

/* The structs travel as the language's values (typemaps), never as wrapped objects. */
%ignore sctpc_sendinfo;
%ignore sctpc_sendv_info;
%ignore sctpc_recvinfo;
%warnfilter(314) sctpc_recvinfo::from;     /* a Python keyword; the struct is ignored anyway */
%ignore sctpc_batch_try_take;
%ignore sctpc_batch_done;
%ignore sctpc_batch_free;
%ignore sctpc_sendinfo_set;
%ignore sctpc_sendv_info_set;
%ignore sctpc_sendv_info_set_name;
%newobject sctpc_batch_new;

/* Python: a receive into a buffer the caller owns, the same call under the name the
 * typemaps give the writable-buffer form. */
#ifdef SWIGPYTHON
%inline %{
static sctpc_status sctpc_recv_into(struct sctpc_sock *s, int msg_flags, void *into,
                                    size_t len, struct sctpc_recvinfo *info)
{
    return sctpc_recv(s, msg_flags, into, len, info);
}
%}
#endif

/* decode_notification(bytes) -> fields: a notification's bytes from elsewhere. */
%rename(decode_notification) sctpc_notification_fields;
