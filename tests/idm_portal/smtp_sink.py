"""A real SMTP server for the fault drills: it accepts every message a worker's SMTP backend
sends (Django's smtp.EmailBackend, as in production) and keeps one entry per recipient, so a
test can count how many times each e-mail went out."""

import email
import email.policy
import socketserver
import threading


class _Session(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self.reply("220 sink ESMTP")
        recipients: list[str] = []
        while line := self.rfile.readline():
            command = line.decode("utf-8", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.wfile.write(b"250-sink\r\n250 8BITMIME\r\n")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = bytearray()
                while (chunk := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                message = email.message_from_bytes(bytes(data), policy=email.policy.default)
                self.server.received(recipients, message)
                if self.server.on_message is not None:  # before the sender hears "accepted"
                    self.server.on_message(message)
                recipients = []
                self.reply("250 OK: queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:  # HELO, MAIL, RSET, NOOP
                self.reply("250 OK")


class SmtpSink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Session)
        self.port = self.server_address[1]
        self.messages: list[tuple[str, email.message.EmailMessage]] = []
        # Called with each message before it is accepted: a test's fault to inject then.
        self.on_message = None
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    def received(self, recipients: list[str], message) -> None:
        with self._lock:
            self.messages.extend((recipient, message) for recipient in recipients)

    def recipients(self) -> list[str]:
        with self._lock:
            return sorted(recipient for recipient, _message in self.messages)

    def __enter__(self) -> "SmtpSink":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.shutdown()
        self.server_close()
