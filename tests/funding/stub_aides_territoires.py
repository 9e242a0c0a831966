"""A local HTTP server speaking the Aides-territoires API (connexion, perimeters, paginated aids), with
switches to misbehave: an expiring token, 429 with Retry-After, 5xx, malformed items."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

API_KEY = "cle-de-test-du-siege"


def aid(n: int, **extra) -> dict:
    base = {
        "id": 1000 + n, "slug": f"aide-{n}", "url": f"/aides/aide-{n}/", "name": f"Appel à projets n° {n}",
        "financers": ["Fondation de France"], "description": "<p>Soutien aux <b>initiatives</b> d'habitants.</p>",
        "eligibility": "", "perimeter": "Seine-Saint-Denis", "targeted_audiences": ["association", "private_person"],
        "aid_types": ["Subvention"], "categories": ["Solidarité / Cohésion sociale"], "is_call_for_project": True,
        "application_url": "https://exemple.test/candidater", "start_date": "2026-01-01",
        "submission_deadline": "2026-12-31", "subvention_rate_lower_bound": None, "subvention_rate_upper_bound": 80,
        "recurrence": "oneoff", "date_updated": "2026-06-01T10:00:00+02:00",
    }
    base.update(extra)
    return base


class Stub:
    def __init__(self):
        self.pages: list[list] = [[aid(1), aid(2)], [aid(3)]]
        self.tokens_issued = 0
        self.expire_first_token = False
        self.rate_limit_times = 0      # answer 429 this many times on /aids/
        self.server_errors = 0         # answer 503 this many times on /aids/
        self.fail_page = None          # page index answering 500 for ever
        self.requests: list[tuple[str, str, dict]] = []
        self._valid_tokens: set[str] = set()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, status, payload, headers=None):
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                stub.requests.append(("POST", self.path, dict(self.headers)))
                if urlparse(self.path).path != "/api/connexion/":
                    return self._json(404, {"detail": "Not found"})
                if self.headers.get("X-AUTH-TOKEN") != API_KEY:
                    return self._json(401, {"detail": "Clé invalide"})
                stub.tokens_issued += 1
                token = f"jeton-{stub.tokens_issued}"
                if not (stub.expire_first_token and stub.tokens_issued == 1):
                    stub._valid_tokens.add(token)
                return self._json(200, {"token": token})

            def do_GET(self):
                stub.requests.append(("GET", self.path, dict(self.headers)))
                parsed = urlparse(self.path)
                auth = self.headers.get("Authorization", "")
                if not auth.startswith("Bearer ") or auth[7:] not in stub._valid_tokens:
                    return self._json(401, {"detail": "Jeton expiré"})
                query = parse_qs(parsed.query)
                if parsed.path == "/api/perimeters/":
                    return self._json(200, {"count": 1, "next": None, "results": [
                        {"id": "95861-saint-denis", "name": "Saint-Denis", "scale": "Commune",
                         "zipcodes": ["93200", "93210"], "text": "Saint-Denis (93)"}]})
                if parsed.path != "/api/aids/":
                    return self._json(404, {"detail": "Not found"})
                if stub.rate_limit_times > 0:
                    stub.rate_limit_times -= 1
                    return self._json(429, {"detail": "Trop de requêtes"}, {"Retry-After": "1"})
                if stub.server_errors > 0:
                    stub.server_errors -= 1
                    return self._json(503, {"detail": "Indisponible"})
                page = int(query.get("page", ["1"])[0])
                if stub.fail_page == page:
                    return self._json(500, {"detail": "Erreur"})
                results = stub.pages[page - 1]
                nxt = f"{stub.base_url}/aids/?page={page + 1}" if page < len(stub.pages) else None
                total = sum(len(p) for p in stub.pages)
                return self._json(200, {"count": total, "next": nxt, "previous": None, "results": results})

        return Handler
