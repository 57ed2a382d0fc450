"""Validation of camera RTSP URLs: the SSRF guard.

MediaMTX dials whatever URL a camera has, from inside the command center's network, so
an owner must not be able to point it at internal services. Only rtsp/rtsps with a plain
ASCII host are accepted; hosts that are (or resolve to) loopback, private, link-local,
multicast or reserved addresses are refused unless PANTAU_CAMERA_ALLOWED_NETWORKS
contains them.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit, urlunsplit

from django.conf import settings
from django.utils.translation import gettext as _

from portal.cameras.crypto import Credentials
from portal.errors import ServiceError

MAX_URL_LENGTH = 512
ALLOWED_SCHEMES = {"rtsp", "rtsps"}

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class InvalidCameraURL(ServiceError):
    code = "invalid_url"


@dataclass(frozen=True)
class CleanURL:
    url: str  # without credentials
    host: str
    port: int
    credentials: Credentials  # taken out of the userinfo, if the owner pasted them there


def clean_rtsp_url(raw: str, *, resolve: bool = True) -> CleanURL:
    """Parse, normalize and check an RTSP URL; credentials in it are split off."""
    raw = (raw or "").strip()
    if not raw:
        raise InvalidCameraURL(
            _("Enter the camera's RTSP URL, e.g. rtsp://203.0.113.7:554/stream1.")
        )
    if len(raw) > MAX_URL_LENGTH:
        raise InvalidCameraURL(
            _("The URL is too long (at most %(max)d characters).") % {"max": MAX_URL_LENGTH}
        )
    if not raw.isascii() or any(ch.isspace() or ord(ch) < 32 for ch in raw):
        raise InvalidCameraURL(
            _(
                "The URL contains spaces or non-ASCII characters. Type it with plain letters and digits."
            )
        )
    try:
        parts = urlsplit(raw)
        explicit_port = parts.port
    except ValueError:
        raise InvalidCameraURL(
            _("The URL has an invalid port. Use a number from 1 to 65535.")
        ) from None
    port = (
        explicit_port
        if explicit_port is not None
        else (322 if parts.scheme.lower() == "rtsps" else 554)
    )
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise InvalidCameraURL(
            _("Only rtsp:// and rtsps:// camera URLs are accepted, not %(scheme)s.")
            % {"scheme": scheme or _("this scheme")}
        )
    host = (parts.hostname or "").lower()
    if not host:
        raise InvalidCameraURL(_("The URL has no host. It should look like rtsp://HOST:PORT/PATH."))
    if not 0 < port < 65536:
        raise InvalidCameraURL(_("The URL has an invalid port. Use a number from 1 to 65535."))
    _check_host(host, port, resolve=resolve)
    credentials = Credentials(unquote(parts.username or ""), unquote(parts.password or ""))
    netloc = f"[{host}]" if ":" in host else host
    if explicit_port is not None:
        netloc += f":{explicit_port}"
    url = urlunsplit((scheme, netloc, parts.path, parts.query, ""))
    return CleanURL(url=url, host=host, port=port, credentials=credentials)


def _check_host(host: str, port: int, *, resolve: bool) -> None:
    try:
        addresses: list[IPAddress] = [ipaddress.ip_address(host)]
    except ValueError:
        if not _is_hostname(host):
            raise InvalidCameraURL(
                _("The host name %(host)s is not valid.") % {"host": host}
            ) from None
        addresses = _resolve(host, port) if resolve else []
    for address in addresses:
        if not _is_public(address) and not _is_allowed(address):
            raise InvalidCameraURL(
                _(
                    "The camera address %(host)s is in a private or reserved network that the "
                    "command center cannot reach. Use the camera's public address or port forward, "
                    "or enroll it as a push camera."
                )
                % {"host": host}
            )


def _is_hostname(host: str) -> bool:
    labels = host.rstrip(".").split(".")
    return len(host) <= 253 and all(
        0 < len(label) <= 63
        and label.replace("-", "").isalnum()
        and not label.startswith("-")
        and not label.endswith("-")
        for label in labels
    )


def _resolve(host: str, port: int) -> list[IPAddress]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise InvalidCameraURL(
            _("The host name %(host)s does not resolve. Check the spelling.") % {"host": host}
        ) from None
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


def _is_public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def _is_allowed(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    for network in settings.PANTAU_CAMERA_ALLOWED_NETWORKS:
        if address in ipaddress.ip_network(network, strict=False):
            return True
    return False
