"""The IMDb source: IMDb's dataset files (https://developer.imdb.com/non-commercial-datasets/).

    cinematheque import imdb --dir DIR [--all-types] [--include-adult] [--resume]

Reads `title.basics`, `name.basics`, `title.principals`, `title.crew`,
`title.ratings` and `title.akas` (`.tsv.gz` or `.tsv`; any subset) in that order and
writes films (identified by their `tt` id in the external-id table: a film the
bundled table or TMDB already knows by its IMDb id is the same film), people (by
their `nm` id: two people with one name stay two), credits in IMDb's billing order,
IMDb's rating as a review score and the akas as alternative titles.

How it relates to the shared upsert (`ingest/upsert.py`)
-------------------------------------------------------
The contract is the same as every source's: normalised values, identity by external
id, provenance per field with the operator's order of preference, a missing value
never erases, a source replaces only its own rows, disagreements become one
editorial conflict each, an `UpsertReport` of every write, resumable runs recorded
in `ImportRun`, and only the touched films and people refreshed. What differs is the
granularity: instead of building one `FilmRecord` per film and writing it in Python,
this source streams each file (`files.py`: `csv` with quoting off, `\\N` → null, one
row at a time) and hands *chunks of normalised rows* to the upsert layer's bulk path
(`ingest/bulk_upsert.py`), which loads them into staging tables (COPY on
PostgreSQL, `executemany` on SQLite) and applies them with set-based SQL that keeps
the same rules (see that module). A film's rows arrive in several files, so a
"record" here is spread over six chunks; each file's rows are grouped by title so
that a chunk always holds every row of its films.

On PostgreSQL, unless `chunk_rows` is given, each file takes the whole-file path
instead (`pgcopy.py`): its bytes are COPYed raw into an unlogged table, checked in
SQL, and applied by the same set-based statements on the whole file at once, in
one transaction per file with its checkpoint (an interrupted file is done again by
`--resume`). Both paths give the same catalogue and the same report, but for
a malformed row of a title the import leaves out: the whole-file path drops the
rows of such titles before checking them, and counts it as left out.

Resumability: each chunk is one transaction that also records, in the run's
`checkpoints`, the file and the rows done; `--resume` skips the files finished and
the rows committed. A second full run writes nothing (every statement changes only
rows whose values differ). People: `name.basics` is loaded into a work table (and
updates people already known by `nm` id); `title.principals` and `title.crew` then
create only the people their films credit.
"""

from cinematheque.ingest.imdb.files import DEFAULT_TYPES, FILES, TitleFilter
from cinematheque.ingest.imdb.importer import (
    IMDB_SOURCE_KEY,
    ImdbImportReport,
    Interrupted,
    imdb_import,
    imdb_source_get,
)

__all__ = [
    "DEFAULT_TYPES",
    "FILES",
    "IMDB_SOURCE_KEY",
    "ImdbImportReport",
    "Interrupted",
    "TitleFilter",
    "imdb_import",
    "imdb_source_get",
]
