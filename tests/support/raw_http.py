"""HTTP by hand on a socket, for requests no well-behaved client sends: huge, chunked, stalled."""

from __future__ import annotations

import select as selecting
import socket
from collections.abc import Callable


def read_answer(sock: socket.socket) -> bytes:
    """The whole answer: the server closes the connection after it (the client-side timeout bounds the wait)."""
    answer = b""
    try:
        while piece := sock.recv(65536):
            answer += piece
    except ConnectionResetError:
        pass
    return answer


def stream_until_answered(sock: socket.socket, head: bytes, pieces: Callable[[], bytes],
                          total: int) -> tuple[bytes, int]:
    """Send `head` then `pieces()` until `total` bytes are sent or an answer can be read: (answer, body bytes sent)."""
    sock.sendall(head)
    sent = 0
    while sent < total:
        readable, _, _ = selecting.select([sock], [], [], 0)
        if readable:
            break
        try:
            sent += sock.send(pieces())
        except (BrokenPipeError, ConnectionResetError):
            break
    return read_answer(sock), sent
