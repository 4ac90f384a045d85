"""What the tests with third-party programs share (imported by name: pytest puts this folder
on sys.path)."""
import os

import sctp

# The third-party programs run without the sanitizer runtime that the ASan build preloads
# for our modules (tshark, for one, never starts capturing with it).
TOOL_ENV = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}


def free_port():
    """A port nothing listens on now (bound once, then released)."""
    with sctp.SCTPSocket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
