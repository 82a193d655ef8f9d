"""Print an nginx site configuration for this installation: proxy to gunicorn, static
files served by nginx, micro-cache of visitor pages, session cookies bypass it.

    cinematheque deploy nginx [--listen 80] [--server-name films.example.org]
                              [--upstream 127.0.0.1:8000[,127.0.0.1:8001…]]
                              [--cache-dir DIR]
                              [--tls-certificate PEM --tls-key PEM] (HTTPS)
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.loader import render_to_string

TEMPLATE = "pages/deploy/nginx.conf"


def nginx_config(
    *,
    listen: str,
    server_name: str,
    upstream: str,
    cache_dir: str,
    static_root: str,
    tls_certificate: str = "",
    tls_key: str = "",
    redirect_listen: str = "80",
) -> str:
    """The nginx site configuration (goes inside nginx's `http` block); with a TLS
    certificate and key, HTTPS on `listen` and a redirect on `redirect_listen`.
    `upstream` is one `host:port` of `cinematheque serve`, or several separated by
    commas (nginx balances between them and retries another when one fails)."""
    upstreams = upstream_list(upstream)
    image_cache_root = ""
    if settings.IMAGE_CACHE and Path(settings.IMAGE_CACHE_DIR).name == "images":
        image_cache_root = _checked(
            "image-cache", str(Path(settings.IMAGE_CACHE_DIR).parent)
        )
    return render_to_string(
        TEMPLATE,
        {
            "listen": listen,
            "server_name": server_name,
            "upstreams": upstreams,
            "upstream_port": upstreams[0].rpartition(":")[2],
            "cache_dir": cache_dir,
            "static_root": static_root.rstrip("/"),
            "tls_certificate": tls_certificate,
            "tls_key": tls_key,
            "redirect_listen": redirect_listen,
            "session_cookie": settings.SESSION_COOKIE_NAME,
            # nginx's root: the directory above images/, the URL path's first part.
            "image_cache_root": image_cache_root,
            "session_cookie_pattern": re.escape(settings.SESSION_COOKIE_NAME),
        },
    )


def upstream_list(value: str) -> list[str]:
    """`host:port,host:port` → the servers, in order, without blanks."""
    return [item.strip() for item in value.split(",") if item.strip()]


def _checked(name: str, value: str) -> str:
    # The values end up in nginx syntax: refuse what would break out of a directive.
    if not value or any(char in value for char in ";{}\"'\n\r\t#"):
        raise CommandError(f"--{name} {value!r}: give a plain value without ;{{}}#.")
    return value


class Command(BaseCommand):
    help = "Print an nginx configuration (proxy, static files, micro-cache)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--listen", default="80", help="address:port or port nginx listens on"
        )
        parser.add_argument(
            "--server-name",
            default=None,
            help="host names served (default: ALLOWED_HOSTS, or _ for any)",
        )
        parser.add_argument(
            "--upstream",
            default="127.0.0.1:8000",
            help="host:port of `cinematheque serve`, or several separated by commas "
            "(default 127.0.0.1:8000)",
        )
        parser.add_argument(
            "--cache-dir",
            default="/var/cache/nginx/cinematheque",
            help="directory of nginx's page cache (writable by nginx)",
        )
        parser.add_argument(
            "--tls-certificate",
            default="",
            help="serve HTTPS (TLS 1.2 and 1.3) with this certificate (fullchain.pem); "
            "give --listen 443 and --tls-key",
        )
        parser.add_argument("--tls-key", default="", help="the certificate's key")
        parser.add_argument(
            "--redirect-listen",
            default="80",
            help="with TLS: where plain HTTP is answered with a redirect (default 80)",
        )
        parser.add_argument(
            "--static-root",
            default=None,
            help="collected static files (default: CINEMATHEQUE_STATIC_ROOT)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        hosts = [host for host in settings.ALLOWED_HOSTS if host != "*"]
        server_name = options["server_name"] or " ".join(hosts) or "_"
        static_root = options["static_root"] or str(settings.STATIC_ROOT)
        self.stdout.write(
            nginx_config(
                listen=_checked("listen", options["listen"]),
                server_name=_checked("server-name", server_name),
                upstream=self._upstreams(options["upstream"]),
                cache_dir=_checked("cache-dir", options["cache_dir"]),
                static_root=_checked("static-root", static_root),
                **self._tls(options),
            ),
            ending="",
        )

    def _upstreams(self, value: str) -> str:
        servers = [_checked("upstream", item) for item in upstream_list(value)]
        if not servers or any(" " in item for item in servers):
            raise CommandError(
                f"--upstream {value!r}: give host:port, or several separated by commas."
            )
        return ",".join(servers)

    def _tls(self, options: dict[str, Any]) -> dict[str, str]:
        certificate, key = options["tls_certificate"], options["tls_key"]
        if bool(certificate) != bool(key):
            raise CommandError("--tls-certificate and --tls-key go together.")
        if not certificate:
            return {}
        return {
            "tls_certificate": _checked("tls-certificate", certificate),
            "tls_key": _checked("tls-key", key),
            "redirect_listen": _checked("redirect-listen", options["redirect_listen"]),
        }
