/* Socket options (by name, with named fields) and event subscription: the option values,
 * fields and the structs behind them travel as the language's values (typemaps). */
%rename("$ignore", regexmatch$name="^sctpc_(optval_.*|optdesc_find|member|optdesc|optval|fields?|recvinfo_fields)$") "";
