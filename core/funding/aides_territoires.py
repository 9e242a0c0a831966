"""Client of the Aides-territoires API (MTES-MCT/aides-territoires).

The API key (X-AUTH-TOKEN) is exchanged at POST /connexion/ for a short-lived bearer token
(`{"token": "…"}`); /aids/ is paginated DRF-style (`count`, `next`, `results`). The client
refreshes an expired token once, waits as told by a 429's Retry-After, retries 5xx and network
errors with exponential backoff, then gives up with `FeedError` (the import then saves nothing)."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import requests
from django.conf import settings
from django.utils.translation import gettext as _

# The audiences the residences' projects apply as (AUDIENCES_ALL of aides-territoires).
RESIDENCE_AUDIENCES = ("association", "private_person")
MAX_RETRY_AFTER_SECONDS = 120


class FeedError(Exception):
    """The feed could not be read to the end: nothing is imported."""


@dataclass
class AidesTerritoiresClient:
    base_url: str
    api_key: str
    timeout: float = 20
    max_retries: int = 4
    backoff: float = 2.0
    sleep: Callable[[float], None] = time.sleep

    def __post_init__(self):
        self.base_url = self.base_url.rstrip("/")
        self._token: str | None = None
        self._session = requests.Session()
        self.requests_made = 0

    @classmethod
    def from_settings(cls) -> AidesTerritoiresClient | None:
        """None when the head office has not set a key: the feed is off."""
        if not settings.AIDES_TERRITOIRES_API_KEY:
            return None
        return cls(base_url=settings.AIDES_TERRITOIRES_API_URL, api_key=settings.AIDES_TERRITOIRES_API_KEY,
                   timeout=settings.AIDES_TERRITOIRES_TIMEOUT, max_retries=settings.AIDES_TERRITOIRES_MAX_RETRIES,
                   backoff=settings.AIDES_TERRITOIRES_BACKOFF_SECONDS)

    # --- transport -----------------------------------------------------------------------------

    def _send(self, method: str, url: str, **kwargs) -> requests.Response:
        """One request with the retry policy: 429 → Retry-After, 5xx/network → backoff."""
        attempt = 0
        while True:
            attempt += 1
            self.requests_made += 1
            try:
                response = self._session.request(method, url, timeout=self.timeout, **kwargs)
            except requests.RequestException as exc:
                if attempt > self.max_retries:
                    raise FeedError(_("Aides-territoires injoignable : %(error)s") % {"error": exc}) from exc
                self.sleep(self.backoff * 2 ** (attempt - 1))
                continue
            if response.status_code == 429:
                if attempt > self.max_retries:
                    raise FeedError(_("Aides-territoires limite le nombre de requêtes (429) : réessayé en vain."))
                self.sleep(self._retry_after(response, attempt))
                continue
            if response.status_code >= 500:
                if attempt > self.max_retries:
                    raise FeedError(_("Aides-territoires répond %(status)s : réessayé en vain.") % {"status": response.status_code})
                self.sleep(self.backoff * 2 ** (attempt - 1))
                continue
            return response

    def _retry_after(self, response: requests.Response, attempt: int) -> float:
        value = response.headers.get("Retry-After", "")
        try:
            return min(float(value), MAX_RETRY_AFTER_SECONDS)
        except ValueError:
            return self.backoff * 2 ** (attempt - 1)

    def _authenticate(self) -> str:
        response = self._send("POST", f"{self.base_url}/connexion/", headers={"X-AUTH-TOKEN": self.api_key})
        if response.status_code != 200:
            raise FeedError(_("Clé Aides-territoires refusée (%(status)s).") % {"status": response.status_code})
        try:
            token = response.json()["token"]
        except (ValueError, KeyError, TypeError) as exc:
            raise FeedError(_("Réponse de connexion Aides-territoires illisible.")) from exc
        self._token = token
        return token

    def get_json(self, url: str, params=None) -> dict:
        """GET with the bearer token; an expired token (401) is refreshed once."""
        token = self._token or self._authenticate()
        response = self._send("GET", url, params=params, headers={"Authorization": f"Bearer {token}"})
        if response.status_code == 401:
            token = self._authenticate()
            response = self._send("GET", url, params=params, headers={"Authorization": f"Bearer {token}"})
        if response.status_code != 200:
            raise FeedError(_("Aides-territoires répond %(status)s pour %(url)s.") % {"status": response.status_code, "url": url})
        try:
            return response.json()
        except ValueError as exc:
            raise FeedError(_("Réponse illisible d'Aides-territoires pour %(url)s.") % {"url": url}) from exc

    # --- resources -----------------------------------------------------------------------------

    def perimeter_for(self, *, city: str, postcode: str) -> str | None:
        """The commune's perimeter id (searching with it also returns the aids of its département,
        region and the whole country)."""
        data = self.get_json(f"{self.base_url}/perimeters/", params={"q": city, "scale": "commune"})
        results = data.get("results", []) if isinstance(data, dict) else []
        for perimeter in results:
            if postcode and postcode in (perimeter.get("zipcodes") or []):
                return str(perimeter.get("id"))
        return str(results[0]["id"]) if results and results[0].get("id") else None

    def aids(self, *, perimeter: str | None, audiences=RESIDENCE_AUDIENCES) -> Iterator[object]:
        """Every aid of every page, following `next` to the end."""
        params: dict | None = {"targeted_audiences": list(audiences), "size": 100}
        if perimeter:
            params["perimeter"] = perimeter
        url: str | None = f"{self.base_url}/aids/"
        seen_pages = 0
        while url:
            data = self.get_json(url, params=params)
            params = None  # `next` carries the query
            seen_pages += 1
            if seen_pages > 500:
                raise FeedError("Pagination Aides-territoires sans fin.")
            if not isinstance(data, dict) or not isinstance(data.get("results"), list):
                raise FeedError("Page Aides-territoires illisible.")
            yield from data["results"]
            url = data.get("next")
