import os
import subprocess
import sys
from pathlib import Path

import pytest

from cinematheque.config import cache_from_url, database_from_url, read_or_create_secret


def test_without_database_url_sqlite_lives_in_data_dir(tmp_path: Path):
    config = database_from_url(None, tmp_path)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "cinematheque.sqlite3")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_postgres_url_is_parsed(tmp_path: Path):
    config = database_from_url("postgres://bob:s%40cret@db.local:5433/films", tmp_path)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"]) == (
        "bob",
        "s@cret",
        "db.local",
        "5433",
    )
    assert config["NAME"] == "films"


def test_unknown_database_scheme_is_refused(tmp_path: Path):
    with pytest.raises(ValueError, match="not supported"):
        database_from_url("mysql://localhost/films", tmp_path)


def test_redis_cache_url_turns_on_redis():
    data_dir = Path("/srv/cinematheque")
    redis = cache_from_url("redis://127.0.0.1:6379/1", data_dir)
    assert redis["BACKEND"].endswith("RedisCache")
    default = cache_from_url(None, data_dir)
    assert default["BACKEND"].endswith("SharedFileCache")
    assert default["LOCATION"] == "/srv/cinematheque/cache"


def test_secret_key_is_generated_once(tmp_path: Path):
    first = read_or_create_secret(tmp_path / "secret_key")
    assert len(first) > 40
    assert read_or_create_secret(tmp_path / "secret_key") == first


def _settings_under(environment: dict[str, str], tmp_path: Path) -> dict:
    """Import cinematheque.settings in a fresh interpreter with these variables."""
    import json
    import os
    import subprocess
    import sys

    names = [
        "SESSION_COOKIE_NAME",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_NAME",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SAMESITE",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_HSTS_SECONDS",
        "SECURE_SSL_REDIRECT",
        "EMAIL_BACKEND",
        "EMAIL_HOST",
        "EMAIL_PORT",
        "EMAIL_HOST_USER",
        "EMAIL_HOST_PASSWORD",
        "EMAIL_USE_TLS",
        "DEFAULT_FROM_EMAIL",
        "PASSWORD_HASHERS",
    ]
    script = (
        "import json\nfrom django.conf import settings\n"
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {names!r}}}))"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("EMAIL_", "CINEMATHEQUE_", "DEBUG", "DJANGO_"))
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "cinematheque.settings",
        "CINEMATHEQUE_DATA_DIR": str(tmp_path),
        **environment,
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_production_cookies_behind_https(tmp_path: Path):
    production = _settings_under({"CINEMATHEQUE_HTTPS": "1", "DEBUG": "0"}, tmp_path)
    assert production["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert production["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["CSRF_COOKIE_HTTPONLY"] is True
    assert production["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert production["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert production["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert production["SECURE_HSTS_SECONDS"] == 31_536_000
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["PASSWORD_HASHERS"][0].endswith("Argon2PasswordHasher")


def test_plain_http_and_debug_keep_ordinary_cookies(tmp_path: Path):
    for environment in ({}, {"CINEMATHEQUE_HTTPS": "1", "DEBUG": "1"}):
        development = _settings_under(environment, tmp_path)
        assert development["SESSION_COOKIE_NAME"] == "sessionid"
        assert development["CSRF_COOKIE_NAME"] == "csrftoken"
        assert development["SESSION_COOKIE_SECURE"] is False
        assert development["SESSION_COOKIE_SAMESITE"] == "Lax"
        assert development["SECURE_PROXY_SSL_HEADER"] is None


def test_mail_goes_to_the_console_unless_smtp_is_configured(tmp_path: Path):
    console = _settings_under({}, tmp_path)
    assert console["EMAIL_BACKEND"].endswith("console.EmailBackend")
    smtp = _settings_under(
        {
            "EMAIL_HOST": "smtp.example.org",
            "EMAIL_PORT": "587",
            "EMAIL_HOST_USER": "films",
            "EMAIL_HOST_PASSWORD": "s3cret",
            "EMAIL_USE_TLS": "true",
            "DEFAULT_FROM_EMAIL": "Films <films@example.org>",
        },
        tmp_path,
    )
    assert smtp["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
    assert (smtp["EMAIL_HOST"], smtp["EMAIL_PORT"], smtp["EMAIL_USE_TLS"]) == (
        "smtp.example.org",
        587,
        True,
    )
    assert (smtp["EMAIL_HOST_USER"], smtp["EMAIL_HOST_PASSWORD"]) == ("films", "s3cret")
    assert smtp["DEFAULT_FROM_EMAIL"] == "Films <films@example.org>"


def test_the_deployment_checklist_passes_with_the_documented_production_settings(
    tmp_path: Path,
):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("EMAIL_", "CINEMATHEQUE_", "DEBUG", "DJANGO_"))
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "cinematheque.settings",
        "CINEMATHEQUE_DATA_DIR": str(tmp_path),
        "CINEMATHEQUE_HTTPS": "1",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "films.example.org",
        "SECRET_KEY": "x" * 20 + "-production-secret-key-of-fifty-chars-or-more-" * 2,
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
