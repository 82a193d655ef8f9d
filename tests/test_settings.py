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
