"""What an uploaded export may be, checked by its content, never its name: a zip
(by its magic number and a sane structure) or a CSV text. Anything else is refused
with ExportFormatError, a sentence for the member.

A zip is refused before anything is unpacked when it names a path outside its
folder, is encrypted, holds more files than an export, or says it unpacks to more
than an export or compresses more than CSV text ever does (a zip bomb); while
unpacking, what it really yields is counted too, since a zip's stated sizes can lie.
Nothing of an upload is written under a name it chose: the bytes are kept in the
database (ImportUpload), the file name only as a label.
"""

from __future__ import annotations

import io
import posixpath
import stat
import zipfile
from pathlib import Path

from cinematheque.members.imports.records import MAX_UPLOAD_BYTES, ExportFormatError

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a local file header; an empty zip
MAX_ZIP_MEMBERS = 10_000
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
# CSV text compresses 5 to 20 times; a zip bomb thousands of times.
MAX_COMPRESSION_RATIO = 100
ENCRYPTED = 0x1  # general purpose flag bit 0


def upload_files(filename: str, raw: bytes) -> list[tuple[str, bytes]]:
    """The files of an upload, each with its name: a zip's members (no folders,
    no macOS resource forks or hidden files), else the upload itself, which must
    then be text. Raises ExportFormatError for anything else."""
    if len(raw) > MAX_UPLOAD_BYTES:
        raise ExportFormatError(
            f"The file is {len(raw) / 1e6:.0f} MB; an export is at most "
            f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
        )
    if raw.startswith(ZIP_MAGIC):
        return zip_members(raw)
    if filename.lower().endswith(".zip"):
        raise ExportFormatError(
            "The file is named .zip but is not a zip: upload the export as it came."
        )
    text_check(filename, raw)
    return [(filename, raw)]


def upload_read(path: Path) -> bytes:
    """The bytes of an export file given on the command line, refused with
    ExportFormatError before it is read when it is no regular file or is larger
    than an export."""
    try:
        info = path.stat()
    except OSError as error:
        raise ExportFormatError(f"{path} cannot be read: {error.strerror}.") from error
    if not stat.S_ISREG(info.st_mode):
        raise ExportFormatError(f"{path} is not a file.")
    if info.st_size > MAX_UPLOAD_BYTES:
        raise ExportFormatError(
            f"{path} is {info.st_size / 1e6:.0f} MB; an export is at most "
            f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
        )
    try:
        with path.open("rb") as file:
            return file.read(MAX_UPLOAD_BYTES + 1)  # it may have grown since
    except OSError as error:
        raise ExportFormatError(f"{path} cannot be read: {error.strerror}.") from error


def text_check(name: str, raw: bytes) -> None:
    """Refuse binary content (a picture, a spreadsheet, a program) given as CSV:
    no text encoding of an export has NUL bytes."""
    if b"\x00" in raw:
        raise ExportFormatError(
            f"{posixpath.basename(name) or 'The file'} is not a CSV text file: "
            "it holds binary data."
        )


def zip_members(raw: bytes) -> list[tuple[str, bytes]]:
    """The members of a zip upload, after the checks of the module's docstring."""
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise ExportFormatError("The zip cannot be read: it is incomplete.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = [info for info in archive.infolist() if _is_export_file(info)]
        structure_check(archive.infolist())
        return _unpacked(archive, members)
    except ExportFormatError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError) as error:
        raise ExportFormatError(f"The zip cannot be read: {error}.") from error
    except (OSError, EOFError, ValueError) as error:  # a corrupt compressed stream
        raise ExportFormatError("The zip cannot be read: it is damaged.") from error


def _is_export_file(info: zipfile.ZipInfo) -> bool:
    return (
        not info.is_dir()
        and "__MACOSX" not in info.filename
        and not info.filename.rsplit("/", 1)[-1].startswith(".")
    )


def structure_check(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse, before unpacking anything, a zip whose table of contents no export
    has: unsafe names, encryption, too many files, too large or too compressed."""
    if len(infos) > MAX_ZIP_MEMBERS:
        raise ExportFormatError("The zip holds more files than an export does.")
    for info in infos:
        if not is_safe_name(info.filename):
            raise ExportFormatError(
                f"The zip names a file outside its folder ({info.filename[:100]!r}): "
                "not an export."
            )
        if info.flag_bits & ENCRYPTED:
            raise ExportFormatError(
                "The zip is protected by a password: upload the export as it came."
            )
        if info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1024):
            raise ExportFormatError(
                f"{info.filename[:100]} is compressed more than any export is "
                "(a zip bomb?): refused."
            )
    if sum(info.file_size for info in infos) > MAX_UNZIPPED_BYTES:
        raise ExportFormatError("The zip unpacks to more than an export does.")


def is_safe_name(name: str) -> bool:
    """A relative path inside the zip: no drive, root, '..', backslash or NUL."""
    if not name or "\x00" in name or "\\" in name or name.startswith("/"):
        return False
    if len(name) > 1 and name[1] == ":":  # C:...
        return False
    return ".." not in name.split("/")


def _unpacked(
    archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]
) -> list[tuple[str, bytes]]:
    files, unpacked = [], 0
    for info in members:
        with archive.open(info) as member:
            # Read at most what is left of the budget: the stated sizes can lie.
            data = member.read(MAX_UNZIPPED_BYTES - unpacked + 1)
        unpacked += len(data)
        if unpacked > MAX_UNZIPPED_BYTES:
            raise ExportFormatError("The zip unpacks to more than an export does.")
        if info.filename.lower().endswith(".csv"):
            text_check(info.filename, data)
        files.append((info.filename, data))
    return files
