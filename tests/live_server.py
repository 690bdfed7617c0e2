"""The app served for real, on a free 127.0.0.1 port, for tests that need a browser or
concurrency. Used by tests/browser and tests/reliability."""

import socket
import threading

from werkzeug.serving import make_server


class LiveServer:
    """The app served by werkzeug from a background thread, one thread per request."""

    def __init__(self, app):
        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.port = self._server.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._thread.join(timeout=10)
        self._server.server_close()

    def raw_request(self, data: bytes) -> bytes:
        """Send bytes no HTTP client would send; return what comes back."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as connection:
            connection.sendall(data)
            chunks = []
            while chunk := connection.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)
