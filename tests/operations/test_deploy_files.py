"""The files of deploy/: the example nginx site is what `cinematheque deploy nginx`
prints for the documented layout, and the systemd units run commands that exist."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

import pytest

from cinematheque.cli import build_parser
from cinematheque.pages.management.commands.deploy_nginx import nginx_config

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
EXAMPLE_ARGUMENTS = {
    "listen": "80",
    "server_name": "films.example.org",
    "upstream": "127.0.0.1:8000",
    "cache_dir": "/var/cache/nginx/cinematheque",
    "static_root": "/var/lib/cinematheque-static",
}


def test_the_example_nginx_site_is_what_the_generator_prints(settings):
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"  # CINEMATHEQUE_HTTPS=1
    expected = nginx_config(**EXAMPLE_ARGUMENTS)
    shipped = (DEPLOY / "nginx.conf").read_text()
    assert shipped == expected, (
        "deploy/nginx.conf is out of date: regenerate it with "
        "`PYTHONPATH=src:. python -m tests.operations.test_deploy_files`"
    )


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DEPLOY / name)
    return parser


@pytest.mark.parametrize(
    "name", ["cinematheque.service", "cinematheque-backup.service"]
)
def test_a_unit_runs_a_command_of_the_command_line(name):
    service = unit(name)["Service"]
    command = shlex.split(service["ExecStart"])
    if command[0] == "/bin/sh":  # the backup names its file by date
        script = command[-1].replace("$(date +%%F)", "DATE")
        command = shlex.split(script.removeprefix("exec "))
    assert command[0].endswith("/bin/cinematheque")
    arguments = build_parser().parse_args(command[1:])
    assert arguments.func.__name__ in {"cmd_serve", "cmd_backup"}
    assert service["User"] == "cinematheque"
    assert "/var/lib/cinematheque" in service["ReadWritePaths"]


def test_the_server_listens_where_the_nginx_example_proxies():
    command = shlex.split(unit("cinematheque.service")["Service"]["ExecStart"])
    arguments = build_parser().parse_args(command[1:])
    assert f"{arguments.host}:{arguments.port}" == EXAMPLE_ARGUMENTS["upstream"]


def test_the_backup_timer_starts_the_backup():
    timer = unit("cinematheque-backup.timer")
    assert timer["Timer"]["OnCalendar"]
    assert timer["Install"]["WantedBy"] == "timers.target"


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    django.setup()
    from django.conf import settings

    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    (DEPLOY / "nginx.conf").write_text(nginx_config(**EXAMPLE_ARGUMENTS))
    print(f"Wrote {DEPLOY / 'nginx.conf'}")  # noqa: T201
