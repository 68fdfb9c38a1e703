"""A small SMTP server that keeps what it receives: for tests and the email benchmark.

It speaks just enough SMTP for smtplib (EHLO/HELO, MAIL, RCPT, DATA, RSET,
NOOP, QUIT) and can misbehave as a real server does on a bad day: refuse a
recipient or a message with a chosen reply (451 greylisting, 550 unknown
user), or accept the connection and never answer at all (`stall`).
Never used by the running application.
"""

import re
import socket
import socketserver
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType

MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message_id: str


@dataclass
class Behaviour:
    """How the sink answers; change it while the sink runs."""

    # The reply to RCPT TO for an address ("250 OK", "550 5.1.1 no such user"...).
    recipient_reply: Callable[[str], str] = lambda address: "250 OK"
    data_reply: str = "250 OK: queued"
    stall: bool = False  # accept connections and never say a word


@dataclass
class SmtpSink:
    behaviour: Behaviour = field(default_factory=Behaviour)
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    host: str = "127.0.0.1"
    port: int = 0
    connections: int = 0  # accepted so far

    def __enter__(self) -> "SmtpSink":
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                sink._converse(self.request, self.rfile, self.wfile)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True
            request_queue_size = 128

        self._server = Server((self.host, self.port), Handler)
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()

    @property
    def _stop(self) -> threading.Event:
        if not hasattr(self, "_stop_event"):
            self._stop_event = threading.Event()
        return self._stop_event

    def message_ids(self) -> list[str]:
        with self.lock:
            return [r.message_id for r in self.received]

    def _converse(self, conn: socket.socket, rfile, wfile) -> None:  # type: ignore[no-untyped-def]
        with self.lock:
            self.connections += 1
        if self.behaviour.stall:
            self._stop.wait()  # hold the connection open, say nothing
            return

        def reply(line: str) -> None:
            wfile.write(line.encode() + b"\r\n")
            wfile.flush()

        reply("220 sink ESMTP")
        sender, recipients = "", list[str]()
        while True:
            line = rfile.readline()
            if not line:
                return
            command = line.decode(errors="replace").strip()
            verb = command[:4].upper()
            if verb == "EHLO":
                wfile.write(b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
                wfile.flush()
            elif verb in ("HELO", "NOOP"):
                reply("250 OK")
            elif verb == "MAIL":
                sender, recipients = command.partition(":")[2].strip(" <>"), []
                reply("250 OK")
            elif verb == "RCPT":
                address = command.partition(":")[2].strip().strip("<>")
                answer = self.behaviour.recipient_reply(address)
                if answer.startswith("2"):
                    recipients.append(address)
                reply(answer)
            elif verb == "DATA":
                reply("354 end with <CRLF>.<CRLF>")
                data = bytearray()
                while (chunk := rfile.readline()) not in (b".\r\n", b""):
                    data += chunk
                answer = self.behaviour.data_reply
                if answer.startswith("2"):
                    found = MESSAGE_ID.search(bytes(data))
                    with self.lock:
                        self.received.append(
                            Received(sender, recipients, found.group(1).decode() if found else "")
                        )
                reply(answer)
            elif verb == "RSET":
                sender, recipients = "", []
                reply("250 OK")
            elif verb == "QUIT":
                reply("221 bye")
                return
            else:
                reply("502 not implemented")
