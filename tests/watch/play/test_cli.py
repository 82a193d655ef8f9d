"""`cinematheque watch allow USERNAME [--download] [--revoke]`."""

from __future__ import annotations

import pytest

from cinematheque import cli
from cinematheque.members.models import User
from tests import factories


@pytest.fixture
def ada(transactional_db):
    return factories.make_user(username="ada")


def perms(username: str) -> tuple[bool, bool]:
    user = User.objects.get(username=username)  # a new object: no permission cache
    return user.has_perm("watch.play_media"), user.has_perm("watch.download_media")


def test_allow_then_download_then_revoke(ada, capsys):
    assert cli.main(["watch", "allow", "ada"]) == 0
    assert "ada may now play the library's files." in capsys.readouterr().out
    assert perms("ada") == (True, False)
    assert cli.main(["watch", "allow", "ada", "--download"]) == 0
    assert perms("ada") == (True, True)
    assert cli.main(["watch", "allow", "ada", "--revoke", "--download"]) == 0
    assert perms("ada") == (True, False)
    assert cli.main(["watch", "allow", "ada", "--revoke"]) == 0
    assert "no longer play" in capsys.readouterr().out
    assert perms("ada") == (False, False)


def test_an_unknown_member_is_an_error(transactional_db, capsys):
    assert cli.main(["watch", "allow", "nobody"]) == 1
    assert "no member is called 'nobody'" in capsys.readouterr().err
