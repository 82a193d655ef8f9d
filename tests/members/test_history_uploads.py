"""What an uploaded export may be, checked by content: size limits (413 on the site, a
sentence on the command line), a zip by its magic and a sane structure (no zip bomb,
no path outside its folder, no password), a CSV as text; nothing stored under a name
the upload chose."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from cinematheque import cli
from cinematheque.members.imports import services, uploads
from cinematheque.members.imports.models import ImportBatch
from cinematheque.members.imports.records import ExportFormatError
from tests.factories import make_user
from tests.members.history import LETTERBOXD, make_catalogue, zip_folder

pytestmark = pytest.mark.django_db

RATINGS = (LETTERBOXD / "extratone" / "ratings.csv").read_bytes()
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40


def import_letterboxd(raw: bytes, filename: str = "export.zip"):
    return services.history_import(
        user=make_user(), source="letterboxd", filename=filename, raw=raw
    )


def zip_of(*members: tuple[str, bytes], compression: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_bomb(megabytes: int) -> bytes:
    """A real zip bomb: `megabytes` MiB of zeros deflated to about a thousandth."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("ratings.csv", "w", force_zip64=True) as member,
    ):
        member.write(b"Date,Name,Year,Letterboxd URI,Rating\n")
        chunk = b"\0" * (1024 * 1024)
        for _ in range(megabytes):
            member.write(chunk)
    return buffer.getvalue()


def test_a_real_zip_bomb_is_refused_before_it_is_unpacked(monkeypatch):
    bomb = zip_bomb(300)
    assert len(bomb) < 1_000_000  # 300 MiB in under 1 MB
    unpacked = []
    monkeypatch.setattr(uploads, "_unpacked", lambda *args: unpacked.append(args))
    with pytest.raises(ExportFormatError, match="zip bomb"):
        import_letterboxd(bomb)
    assert unpacked == []
    assert not ImportBatch.objects.exists()


def test_a_zip_bomb_that_states_a_small_size_is_stopped_by_what_it_yields():
    """Its headers claim 1 KB: the ratio and total checks pass, and reading stops
    at the stated size, where the checksum fails."""
    bomb = bytearray(zip_bomb(20))
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = bomb.find(signature)
        size_at = start + offset
        if struct.unpack_from("<I", bomb, size_at)[0] == 0xFFFFFFFF:
            continue  # zip64: the real size is in the extra field, patched below
        struct.pack_into("<I", bomb, size_at, 1024)
    extra = bomb.find(b"\x01\x00\x10\x00")  # zip64 extra field: sizes follow
    while extra != -1:
        struct.pack_into("<Q", bomb, extra + 4, 1024)
        extra = bomb.find(b"\x01\x00\x10\x00", extra + 1)
    with pytest.raises(ExportFormatError, match="zip cannot be read: Bad CRC"):
        import_letterboxd(bytes(bomb))


def test_a_zip_that_states_more_than_an_export_unpacks_to_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UNZIPPED_BYTES", len(RATINGS) * 2)
    raw = zip_of(
        ("a/ratings.csv", RATINGS), ("b/ratings.csv", RATINGS), ("c.csv", RATINGS)
    )
    with pytest.raises(ExportFormatError, match="unpacks to more than an export"):
        import_letterboxd(raw)


@pytest.mark.parametrize(
    "name",
    ["../ratings.csv", "export/../../ratings.csv", "/etc/ratings.csv", "C:/ratings.csv",
     "export\\..\\ratings.csv"],
)  # fmt: skip
def test_a_zip_naming_a_path_outside_its_folder_is_refused(name):
    with pytest.raises(ExportFormatError, match="outside its folder"):
        import_letterboxd(zip_of(("ratings.csv", RATINGS), (name, RATINGS)))
    assert not ImportBatch.objects.exists()


def test_a_password_protected_zip_is_refused():
    raw = bytearray(zip_of(("ratings.csv", RATINGS)))
    # The "encrypted" flag, bit 0 of the local and the central header's flags.
    raw[6] |= 0x1
    raw[raw.find(b"PK\x01\x02") + 8] |= 0x1
    with pytest.raises(ExportFormatError, match="password"):
        import_letterboxd(bytes(raw))


def test_a_zip_of_more_files_than_an_export_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_ZIP_MEMBERS", 2)
    raw = zip_of(*[(f"{n}.csv", RATINGS) for n in range(3)])
    with pytest.raises(ExportFormatError, match="more files than an export"):
        import_letterboxd(raw)


def test_a_file_named_zip_is_read_by_its_content():
    with pytest.raises(ExportFormatError, match=r"named \.zip but is not a zip"):
        import_letterboxd(RATINGS, filename="export.zip")
    with pytest.raises(ExportFormatError, match="incomplete"):
        import_letterboxd(zip_of(("ratings.csv", RATINGS))[:200], filename="x.csv")


@pytest.mark.parametrize("source", ["letterboxd", "imdb"])
def test_binary_content_given_as_csv_is_refused(source):
    with pytest.raises(ExportFormatError, match="not a CSV text file"):
        services.history_import(
            user=make_user(), source=source, filename="ratings.csv", raw=PNG
        )
    with pytest.raises(ExportFormatError, match=r"ratings\.csv is not a CSV text file"):
        services.history_import(
            user=make_user(),
            source=source,
            filename="export.zip",
            raw=zip_of(("export/ratings.csv", PNG)),
        )


def test_a_compressed_export_of_text_still_imports():
    """Deflated CSV (5-20 times smaller) is no bomb."""
    make_catalogue()
    raw = zip_of(("ratings.csv", RATINGS * 20), compression=zipfile.ZIP_DEFLATED)
    batch = import_letterboxd(raw).batch
    assert batch.rows.exists()


# On the site


def upload(client, raw: bytes, name: str = "export.zip"):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            reverse("members:import_start"),
            {"source": "letterboxd", "file": SimpleUploadedFile(name, raw)},
        )


def test_a_body_over_the_limit_gets_the_413_page_before_it_is_read(client, settings):
    settings.MAX_REQUEST_BODY_BYTES = 5000
    client.force_login(make_user())
    response = upload(client, b"x" * 6000, name="ratings.csv")
    assert response.status_code == 413
    page = response.content.decode()
    assert "This upload is too large" in page
    assert re.search(
        r"It is 6\.\d\xa0KB, and this site accepts at most 4\.9\xa0KB", page
    )
    assert not ImportBatch.objects.exists()


def test_the_api_answers_an_over_large_body_with_json(client, settings):
    settings.MAX_REQUEST_BODY_BYTES = 100
    response = client.post(
        "/api/v1/me/ratings",
        data=b"{" + b" " * 200 + b"}",
        content_type="application/json",
    )
    assert response.status_code == 413
    assert "limit is 100" in response.json()["detail"]


def test_a_refused_zip_is_a_400_with_its_sentence_on_the_site(client):
    client.force_login(make_user())
    response = upload(client, zip_of(("../ratings.csv", RATINGS)))
    assert response.status_code == 400
    assert "outside its folder" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_an_upload_is_kept_in_the_database_never_under_its_own_name(client, settings):
    make_catalogue()
    client.force_login(make_user())
    before = set(Path(settings.DATA_DIR).rglob("*"))
    name = "evil<script>.zip"
    response = upload(client, zip_folder(LETTERBOXD / "extratone"), name=name)
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.state == "done"
    assert batch.filename == name  # a label only, shown escaped
    after = set(Path(settings.DATA_DIR).rglob("*"))
    assert not [path for path in after - before if "evil" in path.name]
    page = client.get(response["Location"]).content.decode()
    assert "evil&lt;script&gt;.zip" in page
    assert "<script>.zip" not in page


# On the command line


def test_the_cli_refuses_a_file_over_the_limit_before_reading_it(
    tmp_path, capsys, monkeypatch
):
    make_user(username="ana")
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 100)
    big = tmp_path / "ratings.csv"
    big.write_bytes(RATINGS[:500])
    code = cli.main(["members", "import", "letterboxd", "--user", "ana", str(big)])
    assert code == 1
    assert "an export is at most" in capsys.readouterr().err
    code = cli.main(
        ["members", "import", "letterboxd", "--user", "ana", "--background", str(big)]
    )
    assert code == 1
    assert "an export is at most" in capsys.readouterr().err
    assert not ImportBatch.objects.exists()


def test_the_cli_refuses_binary_content(tmp_path, capsys):
    make_user(username="ana")
    picture = tmp_path / "ratings.csv"
    picture.write_bytes(PNG)
    code = cli.main(["members", "import", "imdb", "--user", "ana", str(picture)])
    assert code == 1
    assert "not a CSV text file" in capsys.readouterr().err
