"""`cinematheque serve` leaves nothing outside the data directory."""

import gc

import pytest
from gunicorn.app.base import BaseApplication

from cinematheque import cli


@pytest.mark.django_db(transaction=True)
def test_serve_turns_off_gunicorns_control_socket(monkeypatch):
    seen = {}

    def run(server):
        seen["settings"] = server.cfg.settings

    monkeypatch.setattr(cli, "cmd_init", lambda args: 0)
    # The metrics' multiprocess directory is for a real server, not this process.
    monkeypatch.setenv("CINEMATHEQUE_METRICS", "0")
    monkeypatch.setattr(BaseApplication, "run", run)
    try:
        assert cli.main(["serve", "--workers", "1", "--port", "8998"]) == 0
    finally:
        gc.unfreeze()
    if "control_socket_disable" not in seen["settings"]:
        pytest.skip("this gunicorn has no control socket")
    assert seen["settings"]["control_socket_disable"].get() is True
