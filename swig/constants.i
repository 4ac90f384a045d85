/* Tables of the core, walked by index until they end (None / nil):
 *   constant_at(i) -> (name, value)      optdesc_at(i) -> (name, readable, writable)
 *   event_at(i) -> (name, type)          sendinfo_name_at(i), sendv_info_name_at(i) -> name */
%rename("$ignore", regexmatch$name="^sctpc_(constant|event)$") "";
