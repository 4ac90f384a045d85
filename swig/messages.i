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


/* decode_notification(bytes) -> fields: a notification's bytes from elsewhere. */
%rename(decode_notification) sctpc_notification_fields;
