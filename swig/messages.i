/* Messages, notifications and batches.  The structs travel as the language's values
 * (typemaps), never as wrapped objects. */
%rename("$ignore", regexmatch$name="^sctpc_(recvv|sendinfo|sendv_info|recvinfo|batch_(try_take|done|free|set_heads)|sendinfo_set|sendv_info_set(_name)?)$") "";
%warnfilter(314) sctpc_recvinfo::from;     /* a Python keyword; the struct is ignored anyway */

/* decode_notification(bytes) -> fields: a notification's bytes from elsewhere. */
%rename(decode_notification) sctpc_notification_fields;
