"""A local HTTP server that replays TMDB's answers from tests/fixtures/tmdb/.

It listens on 127.0.0.1 at a random port in a background thread. A test routes a
path (and, if it matters, a query) to a list of answers played in turn, the last one
repeating; each answer is a status, a fixture file (its bytes sent as they are) and
headers. Every request is recorded so that a test can assert what the client sent.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "tmdb"
API_PREFIX = "/3"


@dataclass(frozen=True)
class Answer:
    status: int = 200
    fixture: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None

    def payload(self) -> bytes:
        if self.body is not None:
            return self.body
        return (FIXTURES / self.fixture).read_bytes() if self.fixture else b""


@dataclass(frozen=True)
class Request:
    path: str
    query: dict[str, str]
    headers: dict[str, str]


def ok(fixture: str) -> Answer:
    return Answer(200, fixture)


NOT_FOUND = Answer(404, "error_404.json")
BAD_KEY = Answer(401, "error_401.json")
SERVER_ERROR = Answer(500, "error_500.json")
OFFLINE = Answer(503, "error_503.json")


def too_many(retry_after: str = "2") -> Answer:
    return Answer(429, "error_429.json", {"Retry-After": retry_after})


class TmdbReplay:
    """Routes, the recorded requests, and the server's base URL (`url`)."""

    def __init__(self) -> None:
        self._routes: dict[str, list[Answer]] = {}
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        host, port = self._server.server_address[:2]
        self.url = f"http://{host!s}:{port}{API_PREFIX}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def route(self, path: str, *answers: Answer) -> None:
        """Answer requests for `path` ("/movie/949") with `answers` in turn."""
        self._routes[path] = list(answers)

    def paths(self) -> list[str]:
        return [request.path for request in self.requests]

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _answer(self, request: Request) -> Answer:
        with self._lock:
            self.requests.append(request)
            answers = self._routes.get(request.path)
            if not answers:
                return NOT_FOUND
            return answers.pop(0) if len(answers) > 1 else answers[0]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urlsplit(self.path)
                path = url.path.removeprefix(API_PREFIX)
                query = {key: values[-1] for key, values in parse_qs(url.query).items()}
                answer = replay._answer(Request(path, query, dict(self.headers)))
                payload = answer.payload()
                self.send_response(answer.status)
                self.send_header("Content-Type", "application/json;charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler


def replay_server() -> Iterator[TmdbReplay]:
    replay = TmdbReplay()
    replay.start()
    try:
        yield replay
    finally:
        replay.stop()
