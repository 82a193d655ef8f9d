"""The gunicorn worker of `cinematheque serve`: gunicorn's threaded worker, with a
stop that resets no connection.

On SIGTERM gunicorn's master closes its copy of the listening socket and asks the
workers to finish: each stops accepting and answers the requests it holds. But the
socket keeps listening as long as a worker holds it open, so the kernel goes on
completing connections into its accept queue for the whole stop (up to
`graceful_timeout`); when the last worker exits, every connection still queued
there is reset. Measured before this worker: 9 queued and 7 newly connected
requests reset on SIGTERM under load.

`GracefulThreadWorker` stops in this order instead: stop accepting, accept what
the kernel had already queued (those requests are answered like the others), close
the listening socket at once so that later connections are refused (a proxy in
front sends them to another server: `proxy_next_upstream error`), then answer every
request held, up to `graceful_timeout`.
"""

from __future__ import annotations

import errno
import socket
from typing import Any

from gunicorn.workers.gthread import TConn, ThreadWorker

# Connections that may be taken from the accept queue at stop (the queue's length,
# gunicorn's `backlog`, is 2048 by default).
MAX_DRAINED = 4096


class GracefulThreadWorker(ThreadWorker):
    """gunicorn's gthread worker that drains the accept queue and closes its
    listening sockets as soon as it is asked to stop."""

    def set_accept_enabled(self, enabled: bool) -> None:
        super().set_accept_enabled(enabled)
        if not enabled and not self.alive:
            self.drain_and_close_listeners()

    def drain_and_close_listeners(self) -> int:
        """Accept the connections already queued on every listening socket, then
        close the sockets; return how many connections were taken."""
        taken = 0
        for listener in self.sockets:
            if getattr(listener, "sock", listener) is None:  # closed already
                continue
            taken += self._drain(listener)
            listener.close()
        if taken:
            self.log.info("Stopping: %d queued connections will be answered", taken)
        return taken

    def _drain(self, listener: Any) -> int:
        listener.setblocking(False)
        taken = 0
        while taken < MAX_DRAINED:
            try:
                client, address = listener.accept()
            except (BlockingIOError, InterruptedError):
                break
            except OSError as error:
                if error.errno == errno.ECONNABORTED:  # gone before it was taken
                    continue
                break
            taken += 1
            self._take(client, address, listener)
        return taken

    def _take(self, client: socket.socket, address: Any, listener: Any) -> None:
        client.setblocking(True)
        self.nr_conns += 1
        self.enqueue_req(TConn(self.cfg, client, address, listener.getsockname()))
