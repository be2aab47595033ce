"""Dead Redis endpoints on the loopback, for the outage tests.

- `refusing_url()`: a port nothing listens on (connections are refused at once);
- `SilentServer`: a port that accepts connections and never answers (a hung Redis), counting the
  connections it accepted, so a test can tell how often the application tried;
- `resilient_cache(url)`: CACHES as production sets them (steering/settings.py), pointed at `url`.
"""

import socket
import threading

from django.conf import settings


def refusing_url() -> str:
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there any more: a connection is refused
    return f"redis://127.0.0.1:{port}/0"


class SilentServer:
    """Accepts connections and never reads or writes a byte. Use as a context manager."""

    def __init__(self):
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(64)
        self._server.settimeout(0.1)
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self.url = f"redis://127.0.0.1:{self._server.getsockname()[1]}/0"

    @property
    def accepted(self) -> int:
        return len(self._held)

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except OSError:
                continue
            self._held.append(conn)

    def __enter__(self) -> "SilentServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        for conn in self._held:
            conn.close()
        self._server.close()


def resilient_cache(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "steering",
            "OPTIONS": dict(settings.REDIS_CACHE_OPTIONS),
        }
    }
