"""The address a request came from, for the log-in lock-out and the rate limits.

The shipped nginx recipe runs on the same host and appends the client's address to
`X-Forwarded-For`: when the request comes from a loopback address, the last entry
of that header is the client as nginx saw it. From anywhere else the header is the
client's own say and is ignored (it could name a new address on every attempt).
"""

from __future__ import annotations

import ipaddress

from django.http import HttpRequest


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind a local proxy the address it
    added last to X-Forwarded-For."""
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and _is_loopback(remote):
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    return remote
