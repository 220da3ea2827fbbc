"""A fake Slack Socket Mode endpoint on loopback: a websocket server that speaks Slack's side of Socket Mode.

Point the app at it through the fake Web API: ``FakeSlack(socket_mode=fake_socket)`` answers
`apps.connections.open` with ``fake_socket.url``. The app's Socket Mode client then connects here.

What it does, as Slack does:
- each new connection gets a `hello` first (`wait_connected` counts them);
- `send_event` / `send_interaction` / `send_command` deliver an envelope ({"envelope_id", "type", "payload",
  "accepts_response_payload", "retry_attempt", "retry_reason"}) on the newest open connection and return its id;
- every ack ({"envelope_id", "payload"?}) the client sends back is recorded as an `Ack` with its arrival time
  (time.perf_counter()); `wait_for_ack` waits for one;
- `disconnect(reason)` sends Slack's `disconnect` message ("refresh_requested", "warning", ...): the client is
  expected to open a new connection (apps.connections.open again) and leave this one;
  `drop()` closes the newest connection's TCP socket without a websocket close, as a network failure does;
  `freeze()` leaves it open but silent both ways (no pong, no frame), as a connection lost without a word is;
- `redeliver(envelope_id)` sends an envelope again with retry_attempt + 1 and retry_reason "timeout", as Slack
  retries an envelope it got no ack for (`unacked()` lists those). The envelope id is kept (Slack's retries keep
  the event's event_id; nothing in the app may rely on the envelope id being new or old).

The server side is the `websockets` library's threaded server: the tests stay synchronous, like the app. The
client reaches it through a small relay on loopback (`_Relay`), which is what lets a connection go silent.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from itertools import count
from types import TracebackType
from typing import Any, Literal

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

EnvelopeType = Literal["events_api", "interactive", "slash_commands"]


@dataclass
class Ack:
    envelope_id: str
    payload: dict[str, Any] | None  # what the app answered with (a modal's response_action, say), if anything
    received: float  # time.perf_counter() on arrival
    connection: int  # which connection (1, 2, ... in the order they said hello) carried it


@dataclass
class _Connection:
    number: int
    websocket: ServerConnection
    send_lock: threading.Lock = field(default_factory=threading.Lock)
    open: bool = True


class FakeSocketMode:
    def __init__(self, *, app_id: str = "A1") -> None:
        self.app_id = app_id
        self.acks: list[Ack] = []
        self.envelopes: dict[str, dict[str, Any]] = {}  # every envelope sent, by id, as last sent
        self.opened = 0  # connections that got their hello, ever
        self._connections: list[_Connection] = []
        self._cond = threading.Condition(threading.Lock())
        self._ids = count(1)
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self._relay: _Relay | None = None
        self.url = ""

    # ---- lifecycle -------------------------------------------------------------------------------

    def __enter__(self) -> FakeSocketMode:
        # No compression: Slack's endpoint offers none, and the SDK's built-in client does not ask for it.
        self._server = serve(self._serve_connection, "127.0.0.1", 0, compression=None)
        self._relay = _Relay(self._server.socket.getsockname()[1])
        self.url = f"ws://127.0.0.1:{self._relay.port}/link/?ticket=fake"
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-socket-mode", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._relay is not None:
            self._relay.close()
        if self._server is not None:
            self._server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = self._relay = None

    # ---- what Slack sends ------------------------------------------------------------------------

    def send_event(self, envelope: dict[str, Any], **kwargs: Any) -> str:
        """An Events API envelope (tests/support/slack_requests.py message_event, say)."""
        return self.send("events_api", envelope, **kwargs)

    def send_interaction(self, payload: dict[str, Any], **kwargs: Any) -> str:
        """A block action, view submission or shortcut payload: Slack lets the ack carry an answer."""
        return self.send("interactive", payload, accepts_response_payload=True, **kwargs)

    def send_command(self, fields: dict[str, str], **kwargs: Any) -> str:
        return self.send("slash_commands", dict(fields), accepts_response_payload=True, **kwargs)

    def send(self, kind: EnvelopeType, payload: dict[str, Any], *, accepts_response_payload: bool = False,
             retry_attempt: int = 0, retry_reason: str = "") -> str:
        envelope_id = f"env-{next(self._ids):04d}"
        envelope = {"envelope_id": envelope_id, "type": kind, "payload": payload,
                    "accepts_response_payload": accepts_response_payload,
                    "retry_attempt": retry_attempt, "retry_reason": retry_reason}
        self._deliver(envelope)
        return envelope_id

    def redeliver(self, envelope_id: str, *, reason: str = "timeout") -> None:
        """Slack's retry of an envelope: the same envelope again, one attempt further on."""
        with self._cond:
            envelope = dict(self.envelopes[envelope_id])
        envelope["retry_attempt"] = int(envelope["retry_attempt"]) + 1
        envelope["retry_reason"] = reason
        self._deliver(envelope)

    def unacked(self) -> list[str]:
        """Ids of the envelopes sent that no ack has answered, in the order they were first sent."""
        with self._cond:
            acked = {a.envelope_id for a in self.acks}
            return [e for e in self.envelopes if e not in acked]

    def disconnect(self, reason: str = "refresh_requested") -> int:
        """Slack asks the client to reconnect; returns the number of the connection it was sent on."""
        connection = self._newest()
        self._send_to(connection, {"type": "disconnect", "reason": reason, "debug_info": {"host": "fake-socket"}})
        return connection.number

    def drop(self) -> int:
        """The newest connection's socket is closed under it: no close frame, as when the network fails."""
        connection = self._newest()
        try:
            connection.websocket.socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already gone
        return connection.number

    def freeze(self) -> int:
        """The newest connection goes silent both ways, its sockets left open: pings get no pong, and the client
        must notice by itself. Returns its number."""
        connection = self._newest()
        assert self._relay is not None
        self._relay.freeze(connection.websocket.remote_address[1])
        return connection.number

    # ---- waiting ---------------------------------------------------------------------------------

    def wait_connected(self, count: int = 1, timeout: float = 30) -> None:
        """Until `count` connections have been opened (and greeted) in all, and one of them is open."""
        with self._cond:
            if not self._cond.wait_for(lambda: self.opened >= count and any(c.open for c in self._connections),
                                       timeout=timeout):
                raise AssertionError(f"expected {count} Socket Mode connection(s) within {timeout}s; "
                                     f"saw {self.opened}")

    def wait_closed(self, number: int, timeout: float = 30) -> None:
        """Until connection `number` is closed (by either side)."""
        with self._cond:
            if not self._cond.wait_for(lambda: not self._connections[number - 1].open, timeout=timeout):
                raise AssertionError(f"connection {number} is still open after {timeout}s")

    def wait_for_ack(self, envelope_id: str, *, count: int = 1, timeout: float = 10) -> Ack:
        """The `count`-th ack of an envelope (2: the ack of its first redelivery, say)."""
        with self._cond:
            if not self._cond.wait_for(lambda: len(self._acks_of(envelope_id)) >= count, timeout=timeout):
                raise AssertionError(f"no ack #{count} for {envelope_id} within {timeout}s")
            return self._acks_of(envelope_id)[count - 1]

    def wait_for_acks(self, count: int, timeout: float = 30) -> list[Ack]:
        with self._cond:
            if not self._cond.wait_for(lambda: len(self.acks) >= count, timeout=timeout):
                raise AssertionError(f"expected {count} acks within {timeout}s; saw {len(self.acks)}")
            return list(self.acks)

    # ---- the server side of a connection (one thread each) ---------------------------------------

    def _serve_connection(self, websocket: ServerConnection) -> None:
        with self._cond:
            connection = _Connection(len(self._connections) + 1, websocket)
            self._connections.append(connection)
        self._send_to(connection, {"type": "hello", "num_connections": 1,
                                   "debug_info": {"host": "fake-socket", "approximate_connection_time": 18060},
                                   "connection_info": {"app_id": self.app_id}})
        with self._cond:
            self.opened += 1
            self._cond.notify_all()
        try:
            for message in websocket:
                self._received(connection, message)
        except ConnectionClosed:
            pass
        finally:
            with self._cond:
                connection.open = False
                self._cond.notify_all()

    def _received(self, connection: _Connection, message: str | bytes) -> None:
        received = time.perf_counter()
        try:
            data = json.loads(message)
        except ValueError:
            return  # Slack ignores what it cannot read; so does the fake
        if isinstance(data, dict) and isinstance(data.get("envelope_id"), str):
            with self._cond:
                self.acks.append(Ack(data["envelope_id"], data.get("payload"), received, connection.number))
                self._cond.notify_all()

    # ---- helpers ---------------------------------------------------------------------------------

    def _acks_of(self, envelope_id: str) -> list[Ack]:
        return [a for a in self.acks if a.envelope_id == envelope_id]

    def _newest(self) -> _Connection:
        with self._cond:
            open_ones = [c for c in self._connections if c.open]
        if not open_ones:
            raise AssertionError("no Socket Mode connection is open")
        return open_ones[-1]

    def _deliver(self, envelope: dict[str, Any]) -> None:
        with self._cond:
            self.envelopes[envelope["envelope_id"]] = envelope
        self._send_to(self._newest(), envelope)

    def _send_to(self, connection: _Connection, message: dict[str, Any]) -> None:
        with connection.send_lock:  # one frame at a time, whichever test or server thread sends it
            connection.websocket.send(json.dumps(message))


class _Relay:
    """Loopback TCP relay in front of the websocket server: bytes both ways, until a pair is frozen (then nothing
    passes, and nothing is closed)."""

    def __init__(self, upstream_port: int) -> None:
        self._upstream_port = upstream_port
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._frozen: set[int] = set()  # local ports of the relay's upstream sockets
        self._sockets: list[socket.socket] = []
        self._closing = False
        threading.Thread(target=self._accept, name="fake-socket-mode-relay", daemon=True).start()

    def freeze(self, upstream_local_port: int) -> None:
        with self._lock:
            self._frozen.add(upstream_local_port)

    def close(self) -> None:
        self._closing = True
        self._listener.close()
        with self._lock:
            for sock in self._sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass  # already closed
                sock.close()

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self._listener.accept()
                upstream = socket.create_connection(("127.0.0.1", self._upstream_port), timeout=5)
            except OSError:
                return
            upstream.settimeout(None)
            key = upstream.getsockname()[1]  # the websocket server sees this port as its client's
            with self._lock:
                self._sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink, key), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, key: int) -> None:
        try:
            while data := source.recv(65536):
                if not self._is_frozen(key):
                    sink.sendall(data)
        except OSError:
            pass  # reset or closed: passed on below all the same
        if not self._is_frozen(key):  # one side's end ends the other: a server that drops a connection closes it
            for sock in (sink, source):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass  # gone already
                sock.close()

    def _is_frozen(self, key: int) -> bool:
        with self._lock:
            return key in self._frozen
