"""Shared fixtures. Tests never reach the network: only loopback and Unix sockets connect."""

from __future__ import annotations

import ipaddress
import socket

import pytest

from tests import factories

_real_connect = socket.socket.connect


def _is_local(address: object) -> bool:
    if not isinstance(address, tuple):
        return True  # AF_UNIX path
    host = str(address[0])
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_connect(self: socket.socket, address: object) -> None:
    if not _is_local(address):
        raise RuntimeError(f"Tests may not reach the network (tried {address!r})")
    _real_connect(self, address)


def pytest_configure(config: pytest.Config) -> None:
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]


@pytest.fixture
def source(db):
    return factories.make_source()


@pytest.fixture
def film(db):
    return factories.make_film()


@pytest.fixture
def person(db):
    return factories.make_person()
