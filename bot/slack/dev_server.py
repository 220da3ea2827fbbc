"""Slack layer: the development server (`python app.py`), made safe to face the internet for a small workspace.

gunicorn (bot/wsgi.py) serves the same WSGI app in production, behind a proxy that buffers requests.
"""

from __future__ import annotations

import io
import logging
import queue
import selectors
import socket
import threading
import time
from collections.abc import Callable
from enum import Enum
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from bot.slack.http import MAX_BODY, WSGIApp

log = logging.getLogger(__name__)

# The dev server: a connection that sends nothing for this long is closed, whatever it has sent so far.
READ_TIMEOUT = 10.0
# The dev server's request threads. Requests are read whole before one of them is taken (a stalled one never
# holds a thread), so this bounds only the requests being answered at once.
REQUEST_THREADS = 64
# A request's line and headers: more than this and it is not Slack's.
MAX_HEAD = 64 * 1024


class ThreadingServer(WSGIServer):
    """wsgiref's server, made safe to face the internet for a small workspace.

    One thread reads every connection's request, without blocking, until it is whole (its head and a body of
    its Content-Length, or chunked to its last chunk) or over MAX_BODY or idle for READ_TIMEOUT; only then does
    one of REQUEST_THREADS answer it. A stalled client costs a socket and what it sent, never a thread, so
    thousands of them do not stop Slack's requests being answered.
    """

    allow_reuse_address = True
    # The standard library queues 5 connections; a burst of Slack requests beyond that would be reset.
    request_queue_size = 128

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._workers = [threading.Thread(target=self._work, name=f"http-{i}", daemon=True)
                         for i in range(REQUEST_THREADS)]
        for worker in self._workers:
            worker.start()
        self._reader = _Reader(self._jobs.put)
        self._reader.start()

    def process_request(self, request: Any, client_address: Any) -> None:
        self._reader.add(request, client_address)

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            sock, address, data, whole = job
            try:
                sock.setblocking(True)
                sock.settimeout(READ_TIMEOUT)  # a client that does not read its answer
                if data is None:  # a chunked body over MAX_BODY: what the app would answer, without the bytes
                    sock.sendall(TOO_LARGE)
                else:
                    self.RequestHandlerClass(_Buffered(sock, data), address, self)  # type: ignore[arg-type]
            except Exception:  # noqa: BLE001 - one connection's trouble is never the server's
                self.handle_error(sock, address)
            finally:
                _close(sock, drain=not whole)

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.info("a connection failed", exc_info=log.isEnabledFor(logging.DEBUG))

    def server_close(self) -> None:
        super().server_close()
        self._reader.stop()
        for _ in self._workers:
            self._jobs.put(None)


# The dev server's answer to a chunked body over MAX_BODY (one with a Content-Length over it reaches the app).
TOO_LARGE = (b"HTTP/1.1 413 Content Too Large\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 9\r\n"
             b"Connection: close\r\n\r\ntoo large")
# (socket, address, the request's head and body as the handler reads them or None if too large, whether whole)
_Job = tuple[socket.socket, Any, bytes | None, bool]


class _Buffered:
    """A connection whose request has been read already: `data` is its head and (dechunked) body."""

    def __init__(self, sock: socket.socket, data: bytes) -> None:
        self.sock, self.data = sock, data


class _Writer(io.RawIOBase):
    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._sock.sendall(data)
        return len(data)


class QuietHandler(WSGIRequestHandler):
    def setup(self) -> None:
        buffered: _Buffered = self.request
        self.connection = buffered.sock
        self.rfile = io.BytesIO(buffered.data)
        self.wfile = _Writer(buffered.sock)  # type: ignore[assignment]

    def finish(self) -> None:
        """The server closes the connection."""

    def get_environ(self) -> dict[str, Any]:
        environ = super().get_environ()
        environ["wsgi.input_terminated"] = True  # rfile holds this request and nothing more
        return environ

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Request lines are noise at this volume; errors surface through logging."""


def _close(sock: socket.socket, *, drain: bool) -> None:
    """Close after the answer. A client still sending a body we refused would have its unread bytes turn our close
    into a reset that can discard the answer: so stop writing, and read (and drop) a little for a moment first."""
    try:
        sock.shutdown(socket.SHUT_WR)
        if drain:
            sock.settimeout(0.5)
            budget = MAX_BODY
            while budget > 0 and (piece := sock.recv(min(65536, budget))):
                budget -= len(piece)
    except OSError:
        pass
    finally:
        sock.close()


class _Pending:
    __slots__ = ("address", "chunks", "data", "deadline", "head_end", "seen", "sock")

    def __init__(self, sock: socket.socket, address: Any) -> None:
        self.sock, self.address = sock, address
        self.data = bytearray()
        self.seen = 0  # bytes of data already searched for the end of the head
        self.head_end = -1
        self.deadline = time.monotonic() + READ_TIMEOUT
        self.chunks: _Dechunker | None = None


class _Read(Enum):
    MORE = "more"  # the request is not whole yet
    WHOLE = "whole"  # handed on
    GONE = "gone"  # the client closed or failed


class _Reader(threading.Thread):
    """Reads each connection's request whole, without blocking, and hands it on as (socket, address, bytes, whole)."""

    def __init__(self, hand_on: Callable[[_Job], None]) -> None:
        super().__init__(name="http-reader", daemon=True)
        self._hand_on = hand_on
        self._selector = selectors.DefaultSelector()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._selector.register(self._wake_r, selectors.EVENT_READ)
        self._new: queue.SimpleQueue[_Pending] = queue.SimpleQueue()
        self._pending: dict[socket.socket, _Pending] = {}
        self._stopped = False

    def add(self, sock: socket.socket, address: Any) -> None:
        """A new connection. A Slack request usually arrives whole with it: read at once, it goes straight to a
        request thread (one hand-over fewer); anything still on its way is this thread's to wait for."""
        sock.setblocking(False)
        pending = _Pending(sock, address)
        outcome = self._read(pending)
        if outcome is _Read.GONE:
            sock.close()
        elif outcome is _Read.MORE:
            self._new.put(pending)
            self._wake()

    def stop(self) -> None:
        self._stopped = True
        self._wake()

    def _wake(self) -> None:
        try:
            self._wake_w.send(b"x")
        except OSError:  # full: it is awake already
            pass

    def run(self) -> None:
        try:
            while not self._stopped:
                for key, _ in self._selector.select(timeout=1.0):
                    if key.fileobj is self._wake_r:
                        self._take_new()
                    else:
                        self._receive(key.data)
                self._expire()
        finally:
            for pending in list(self._pending.values()):
                self._drop(pending)
            self._selector.close()
            self._wake_r.close()
            self._wake_w.close()

    def _take_new(self) -> None:
        try:
            while self._wake_r.recv(4096):
                pass
        except OSError:
            pass
        while not self._new.empty():
            pending = self._new.get()
            self._pending[pending.sock] = pending
            self._selector.register(pending.sock, selectors.EVENT_READ, pending)

    def _receive(self, pending: _Pending) -> None:
        outcome = self._read(pending)
        if outcome is _Read.GONE:
            self._drop(pending)
        elif outcome is _Read.WHOLE:
            self._selector.unregister(pending.sock)
            del self._pending[pending.sock]

    def _read(self, pending: _Pending) -> _Read:
        """Read what has arrived; a request now whole is handed on."""
        try:
            piece = pending.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return _Read.MORE
        except OSError:
            piece = b""
        if not piece:
            return _Read.GONE
        pending.data += piece
        pending.deadline = time.monotonic() + READ_TIMEOUT
        request = _request(pending)
        if request is None:
            return _Read.MORE
        self._hand_on((pending.sock, pending.address, *request))
        return _Read.WHOLE

    def _expire(self) -> None:
        now = time.monotonic()
        for pending in [p for p in self._pending.values() if p.deadline < now]:
            self._drop(pending)

    def _drop(self, pending: _Pending) -> None:
        self._pending.pop(pending.sock, None)
        try:
            self._selector.unregister(pending.sock)
        except (KeyError, ValueError):
            pass
        pending.sock.close()


def _request(pending: _Pending) -> tuple[bytes | None, bool] | None:
    """(what the handler reads or None for too large, whether it is the whole request) once there is enough to
    answer; else None."""
    data = pending.data
    if pending.head_end < 0:
        end = data.find(b"\r\n\r\n", max(0, pending.seen - 3))
        pending.seen = len(data)
        if end < 0:
            return (bytes(data), False) if len(data) > MAX_HEAD else None  # wsgiref refuses it
        pending.head_end = end + 4
    head = bytes(data[:pending.head_end])
    fields = _fields(head)
    if "chunked" in fields.get("transfer-encoding", "").lower():
        pending.chunks = pending.chunks or _Dechunker(pending.head_end)
        done = pending.chunks.feed(data)
        if done is None:
            return None
        if pending.chunks.too_large:
            return None, False
        return head + bytes(pending.chunks.body), done
    try:
        length = int(fields.get("content-length", "0"))
    except ValueError:
        return head, False
    if length > MAX_BODY or length < 0:
        return head, False  # refused unread
    if len(data) - pending.head_end < length:
        return None
    return bytes(data[:pending.head_end + length]), True


def _fields(head: bytes) -> dict[str, str]:
    fields = {}
    for line in head.split(b"\r\n")[1:]:
        name, colon, value = line.partition(b":")
        if colon:
            fields[name.strip().lower().decode("latin-1")] = value.strip().decode("latin-1")
    return fields


class _Dechunker:
    """A chunked body decoded as it arrives; each chunk is copied once."""

    def __init__(self, start: int) -> None:
        self.at = start
        self.body = bytearray()
        self.too_large = False

    def feed(self, data: bytearray) -> bool | None:
        """True: the body is whole; False: stop (too_large, or not chunked as it says); None: wait for more."""
        if len(data) - self.at > 2 * MAX_BODY:  # chunks so small that their framing alone is too much
            self.too_large = True
            return False
        while True:
            eol = data.find(b"\r\n", self.at, self.at + 1024)
            if eol < 0:
                return False if len(data) - self.at > 1024 else None
            try:
                size = int(bytes(data[self.at:eol]).split(b";")[0], 16)
            except ValueError:
                return False
            if size == 0:
                return True  # trailers, if any, are ignored
            if size > MAX_BODY:
                self.too_large = True
                return False
            if len(data) < eol + 2 + size + 2:
                return None
            self.body += data[eol + 2:eol + 2 + size]
            self.at = eol + 2 + size + 2
            if len(self.body) > MAX_BODY:
                self.too_large = True
                return False


def make_http_server(application: WSGIApp, *, host: str, port: int) -> ThreadingServer:
    return make_server(host, port, application, server_class=ThreadingServer, handler_class=QuietHandler)
