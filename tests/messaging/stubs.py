"""Local stand-ins for the outside services, started by the tests: an SMTP sink (aiosmtpd) and an HTTP
server speaking Brevo's transactional SMS API. Real sockets, real protocols; no patched client."""
from __future__ import annotations

import json
import socket
import threading
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpSink:
    """aiosmtpd on 127.0.0.1: every mail it accepts, parsed (headers included)."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages = []
        self.reject: set[str] = set()  # addresses answered "550 no such mailbox"
        self.lock = threading.Lock()
        sink = self

        class Handler:
            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                if address in sink.reject:
                    return "550 5.1.1 Mailbox unavailable"
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, server, session, envelope):
                with sink.lock:
                    sink.messages.append({"from": envelope.mail_from, "to": list(envelope.rcpt_tos),
                                          "mail": message_from_bytes(envelope.original_content or envelope.content,
                                                                     policy=policy.default)})
                return "250 Message accepted for delivery"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


class BrevoStub:
    """POST /v3/transactionalSMS/send as Brevo answers it: `api-key` required, JSON body with sender,
    recipient, content, type; 201 with {"messageId": n}. `fail_next` answers 500 that many times."""

    API_KEY = "stub-api-key"

    def __init__(self):
        self.requests: list[dict] = []
        self.fail_next = 0
        self.next_id = 1000
        self.lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.path != "/v3/transactionalSMS/send":
                    return self._answer(404, {"code": "not_found"})
                if self.headers.get("api-key") != stub.API_KEY:
                    return self._answer(401, {"code": "unauthorized", "message": "Key not found"})
                payload = json.loads(body)
                if not payload.get("recipient") or not payload.get("content") or not payload.get("sender"):
                    return self._answer(400, {"code": "missing_parameter", "message": "recipient is missing"})
                with stub.lock:
                    if stub.fail_next > 0:
                        stub.fail_next -= 1
                        return self._answer(500, {"code": "internal_error"})
                    stub.next_id += 1
                    message_id = stub.next_id
                    stub.requests.append({**payload, "messageId": message_id})
                return self._answer(201, {"messageId": message_id})

            def _answer(self, status, data):
                raw = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v3/transactionalSMS/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
