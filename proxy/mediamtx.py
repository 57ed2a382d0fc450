"""Client of MediaMTX's Control API v3: the only code that speaks HTTP to MediaMTX.

Tolerant of v1.5.1 (success is an empty 200, errors are ``{"error": ...}``) and of
later releases (``{"status": "ok"}`` / ``{"status": "error", "error": ...}``).

Two kinds of failure:

- ``MediaMTXUnavailable``: connection refused, timeout, 5xx, an answer that is not
  MediaMTX's. Temporary: retry later.
- ``MediaMTXRejected``: 4xx. The request itself is wrong (bad configuration, unknown
  path): record it, do not retry. ``MediaMTXNotFound`` is its 404 case.

Path sources carry camera passwords. Nothing here logs a configuration, and exception
messages carry only the method, the API path and the server's error text, with URL
credentials and the submitted secret values scrubbed from it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import Any, Self
from urllib.parse import quote

import httpx

logger = logging.getLogger(__name__)

DEFAULT_PAGE_SIZE = 1000
# Bounds a server that ignores `page`; 10,000 cameras need 10 pages of 1,000.
_MAX_PAGES = 1000
_MAX_ERROR_TEXT = 500

# Configuration values that are secrets or may embed them. They are scrubbed from any
# server error text. URLs count whole: some cameras take credentials in the path or
# query (`rtsp://host/user=admin&password=...`), not only as userinfo.
_URL_KEYS = frozenset({"source", "sourceRedirect", "fallback"})
_CREDENTIAL_KEYS = frozenset(
    {
        "publishUser",
        "publishPass",
        "readUser",
        "readPass",
        "srtReadPassphrase",
        "srtPublishPassphrase",
    }
)
# Greedy up to the last "@" of the authority: a decoded password may itself hold an "@".
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^\s/'\"]*@")


class MediaMTXError(Exception):
    """A Control API call failed. `error` is the server's (scrubbed) error text, if any."""

    def __init__(
        self, method: str, api_path: str, detail: str, *, status: int | None = None, error: str = ""
    ) -> None:
        # args stay (method, api_path, detail) so that pickling and Celery's exception
        # serialization, which rebuild the exception as cls(*args), keep working.
        super().__init__(method, api_path, detail)
        self.method = method
        self.api_path = api_path
        self.detail = detail
        self.status = status
        self.error = error

    def __str__(self) -> str:
        return f"MediaMTX {self.method} {self.api_path}: {self.detail}"


class MediaMTXUnavailable(MediaMTXError):
    """MediaMTX could not be reached or failed internally; retry later."""


class MediaMTXRejected(MediaMTXError):
    """MediaMTX refused the request (4xx); retrying the same request will not help."""


class MediaMTXNotFound(MediaMTXRejected):
    """The path, session or route does not exist (404)."""


class MediaMTXClient:
    """Typed client of one MediaMTX node's Control API (v3)."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 3.0,
        transport: httpx.BaseTransport | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError("base_url must be an http:// or https:// URL")
        if page_size < 1:
            # v1.5.1 divides by itemsPerPage and crashes on 0.
            raise ValueError("page_size must be at least 1")
        self.page_size = page_size
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            # The API is on loopback; an HTTP(S)_PROXY from the environment must not apply.
            trust_env=False,
            transport=transport,
            headers={"Accept": "application/json"},
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # Configured paths

    def list_config_paths(self) -> dict[str, dict[str, Any]]:
        """Every configured path, by name (the configuration includes `source`)."""
        items = self._list_all("/v3/config/paths/list", key="name")
        return {item["name"]: item for item in items if isinstance(item.get("name"), str)}

    def get_config_path(self, name: str) -> dict[str, Any]:
        """One path's configuration; MediaMTXNotFound if it is not configured."""
        return self._get_object(_named("/v3/config/paths/get", name))

    def add_path(self, name: str, conf: Mapping[str, Any]) -> None:
        self._request("POST", _named("/v3/config/paths/add", name), body=conf)

    def patch_path(self, name: str, conf: Mapping[str, Any]) -> None:
        """Change the given fields; MediaMTXNotFound if the path is not configured."""
        self._request("PATCH", _named("/v3/config/paths/patch", name), body=conf)

    def replace_path(self, name: str, conf: Mapping[str, Any]) -> None:
        """Set the path's whole configuration, creating the path if needed."""
        try:
            self._request("POST", _named("/v3/config/paths/replace", name), body=conf)
        except MediaMTXNotFound:
            # v1.5.1 only replaces existing paths; later releases upsert.
            self._add_or_replace_existing(name, conf)

    def delete_path(self, name: str) -> bool:
        """Remove a path; False if it was not configured (already gone)."""
        try:
            self._request("DELETE", _named("/v3/config/paths/delete", name))
        except MediaMTXNotFound:
            return False
        return True

    # Runtime state

    def list_paths(self) -> list[dict[str, Any]]:
        """Runtime paths as MediaMTX reports them (name, ready, readers, bytesReceived...)."""
        return self._list_all("/v3/paths/list", key="name")

    def list_rtsp_sessions(self) -> list[dict[str, Any]]:
        return self._list_sessions("/v3/rtspsessions/list")

    def kick_rtsp_session(self, session_id: str) -> bool:
        """Close an RTSP session; False if it had already ended."""
        return self._kick("/v3/rtspsessions/kick", session_id)

    def list_webrtc_sessions(self) -> list[dict[str, Any]]:
        return self._list_sessions("/v3/webrtcsessions/list")

    def kick_webrtc_session(self, session_id: str) -> bool:
        """Close a WebRTC session; False if it had already ended."""
        return self._kick("/v3/webrtcsessions/kick", session_id)

    # Recordings

    def list_recordings(self, path: str) -> list[dict[str, Any]]:
        """The recorded segments of a path: dicts with `start` (RFC 3339), oldest first."""
        try:
            body = self._get_object(_named("/v3/recordings/get", path))
        except MediaMTXNotFound:
            return []  # later releases answer 404 for a path without recordings
        segments = body.get("segments") or []
        if not isinstance(segments, list):
            raise MediaMTXUnavailable("GET", "/v3/recordings/get", "unexpected answer shape")
        return [segment for segment in segments if isinstance(segment, dict)]

    def delete_recording_segment(self, path: str, start: str) -> bool:
        """Delete one segment; False if it was already gone.

        `start` must be the segment's `start` exactly as list_recordings returned it:
        MediaMTX rebuilds the file name from it in the time zone it carries.
        """
        api_path = "/v3/recordings/deletesegment"
        try:
            self._request("DELETE", api_path, params={"path": path, "start": start})
        except MediaMTXRejected as exc:
            # v1.5.1 reports a missing file as 400 with the os.Remove error text.
            if exc.status == 404 or "no such file or directory" in exc.error:
                return False
            raise
        return True

    # Internals

    def _add_or_replace_existing(self, name: str, conf: Mapping[str, Any]) -> None:
        try:
            self.add_path(name, conf)
        except MediaMTXRejected as exc:
            if "already exists" not in exc.error:
                raise
            # Someone added it between our two calls: now replace does apply.
            self._request("POST", _named("/v3/config/paths/replace", name), body=conf)

    def _list_sessions(self, api_path: str) -> list[dict[str, Any]]:
        try:
            return self._list_all(api_path, key="id")
        except MediaMTXNotFound:
            return []  # the route exists only while that server is enabled on the node

    def _kick(self, prefix: str, session_id: str) -> bool:
        if not session_id:
            raise ValueError("session_id must not be empty")
        try:
            self._request("POST", f"{prefix}/{quote(session_id, safe='')}")
        except MediaMTXNotFound:
            return False
        return True

    def _list_all(self, api_path: str, *, key: str) -> list[dict[str, Any]]:
        """Fetch every page; items seen twice (the list moved between pages) count once."""
        items: dict[Any, dict[str, Any]] = {}
        unkeyed: list[dict[str, Any]] = []
        for page in range(_MAX_PAGES):
            params = {"page": page, "itemsPerPage": self.page_size}
            body = self._get_object(api_path, params=params)
            page_items = body.get("items") or []
            if not isinstance(page_items, list):
                raise MediaMTXUnavailable("GET", api_path, "unexpected answer shape")
            for item in page_items:
                if isinstance(item, dict) and isinstance(item.get(key), str):
                    items.setdefault(item[key], item)
                elif isinstance(item, dict):
                    unkeyed.append(item)
            if _is_last_page(body.get("pageCount"), page, len(page_items), self.page_size):
                return [*items.values(), *unkeyed]
        raise MediaMTXUnavailable("GET", api_path, f"more than {_MAX_PAGES} pages")

    def _get_object(
        self, api_path: str, *, params: Mapping[str, str | int] | None = None
    ) -> dict[str, Any]:
        response = self._request("GET", api_path, params=params)
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise MediaMTXUnavailable("GET", api_path, "answer is not a JSON object")
        return body

    def _request(
        self,
        method: str,
        api_path: str,
        *,
        params: Mapping[str, str | int] | None = None,
        body: Mapping[str, Any] | None = None,
    ) -> httpx.Response:
        try:
            response = self._http.request(
                method, api_path, params=params, json=dict(body) if body is not None else None
            )
        except httpx.TimeoutException as exc:
            raise MediaMTXUnavailable(method, api_path, "timed out") from exc
        except httpx.TransportError as exc:
            detail = f"connection failed ({type(exc).__name__}: {_scrub(str(exc), ())})"
            raise MediaMTXUnavailable(method, api_path, detail) from exc
        logger.debug("MediaMTX %s %s -> %s", method, api_path, response.status_code)
        if response.is_success:
            return response  # v1.5.1: empty body; later: {"status": "ok"}
        error = _error_text(response, _secret_values(body))
        status = response.status_code
        detail = f"HTTP {status}" + (f": {error}" if error else "")
        if status == 404:
            raise MediaMTXNotFound(method, api_path, detail, status=status, error=error)
        if 300 <= status < 500:
            # Redirects are not followed: a 3xx means a wrong base URL, a configuration error.
            raise MediaMTXRejected(method, api_path, detail, status=status, error=error)
        raise MediaMTXUnavailable(method, api_path, detail, status=status, error=error)


def _named(prefix: str, name: str) -> str:
    # MediaMTX routes names with a catch-all (`/add/*name`), so the slash in `cam/<id>`
    # stays raw; anything outside MediaMTX's name alphabet is percent-encoded.
    if not name or name.startswith("/"):
        raise ValueError("a MediaMTX path name must be non-empty and not start with '/'")
    return f"{prefix}/{quote(name, safe='/~')}"


def _is_last_page(page_count: object, page: int, count: int, page_size: int) -> bool:
    if isinstance(page_count, int) and not isinstance(page_count, bool):
        return page + 1 >= page_count or count == 0
    return count < page_size  # no pageCount: a short page is the last one


def _error_text(response: httpx.Response, secrets: Iterable[str]) -> str:
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        text = body["error"]
    else:
        text = response.text  # e.g. gin's "404 page not found"
    # Scrub before truncating: a cut could leave half a password that no longer matches.
    return " ".join(_scrub(text, secrets).split())[:_MAX_ERROR_TEXT]


def _secret_values(conf: Mapping[str, Any] | None) -> list[str]:
    if not conf:
        return []
    return [
        value
        for key, value in conf.items()
        if isinstance(value, str)
        and value
        and (key in _CREDENTIAL_KEYS or "@" in value or (key in _URL_KEYS and "://" in value))
    ]


def _scrub(text: str, secrets: Iterable[str]) -> str:
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "***")
    return _USERINFO.sub(r"\1***@", text)
