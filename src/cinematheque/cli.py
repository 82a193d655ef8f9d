"""The `cinematheque` console script: a thin layer over Django management commands.

cinematheque init                       data dir, migrations, first-start steps not done yet
cinematheque serve [--host --port --workers]
cinematheque import open-catalogue      re-run the bundled import (idempotent)
cinematheque import tmdb --film SLUG | --imdb tt… | --changes [--since DATE] | --all
                         | --person ID|SLUG
cinematheque import imdb --dir DIR [--all-types] [--include-adult] [--resume]
cinematheque worker [--workers N] [--processes]   run the background jobs
  (import, recommendations, search and members import take --background: queue a
  job for the worker instead of running at once)
cinematheque stats                      counts of films, people, credits, sources
cinematheque recommendations rebuild    related films for every film page
cinematheque search rebuild             rebuild the search index (progress bar)
cinematheque images refresh|prune       fill the local image cache, keep it under its cap
cinematheque deploy nginx [--listen …]  print an nginx configuration for this site
cinematheque members import letterboxd|imdb --user NAME FILE   import a member's history
cinematheque members retry [--user NAME]                       match unmatched rows again
cinematheque members export --user NAME OUT.zip                export a member's history
cinematheque members token --user NAME  create a member's API token (printed last)
cinematheque backup OUT.tar.gz          the database and the data directory in one archive
cinematheque restore IN.tar.gz          put a backup back (then newer migrations)
cinematheque watch refresh-offers [--older-than DAYS] [--limit N]   where-to-watch from TMDB
cinematheque library add|remove|scan|watch|identify|list   the films members may play
cinematheque watch allow USERNAME [--download] [--revoke]     let a member play files
cinematheque manage <command> [...]     any Django management command
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import ctypes
import fcntl
import gc
import os
import signal
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from cinematheque.members.cli import add_token_command
from cinematheque.watch.cli import add_watch_parser
from cinematheque.watch.library.cli import add_library_parser
from cinematheque.watch.play.cli import add_allow_command

SETTINGS_MODULE = "cinematheque.settings"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    import django

    django.setup()


def ensure_initialised() -> None:
    """Raise operational.NotInitialised when the database lacks migrations of this
    version (all of them on a data directory that `init` never saw)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from cinematheque.operational import NotInitialised

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise NotInitialised(
            pending=len(pending), fresh=not executor.loader.applied_migrations
        )


def call(command: str, *args: str, **options: object) -> None:
    from django.core.management import call_command

    call_command(command, *args, **options)


def set_up_data_dir(data_dir: Path) -> None:
    """Apply migrations and collect static files, holding the data directory's
    set-up lock: servers started at once on one directory (a second one for a
    benchmark, two behind nginx) take turns instead of writing the same static
    files together, which failed with FileNotFoundError. Servers with data
    directories of their own may share one static root (CINEMATHEQUE_STATIC_ROOT,
    served by nginx): collecting also holds a lock on that directory."""
    from django.conf import settings

    data_dir.mkdir(parents=True, exist_ok=True)
    # Private like every file of the data directory (tests/operations/test_permissions.py).
    descriptor = os.open(data_dir / ".setup.lock", os.O_WRONLY | os.O_CREAT, 0o600)
    with os.fdopen(descriptor, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            call("migrate", interactive=False, verbosity=0)
            with _directory_locked(Path(settings.STATIC_ROOT)):
                call("collectstatic", interactive=False, verbosity=0)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextlib.contextmanager
def _directory_locked(directory: Path, *, shared: bool = False) -> Iterator[None]:
    """A flock on the directory itself (no lock file is left in it): exclusive to
    write into it, shared to read it whole."""
    directory.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def cmd_init(args: argparse.Namespace) -> int:
    """Create the data directory, apply migrations, collect static files, then run
    every step of the first start that has not finished yet (bundled catalogue,
    search index, demo editorial content, related films): a start that was
    interrupted is completed by the next one."""
    setup_django()
    from django.conf import settings

    from cinematheque.ingest.first_start import first_start_run, first_start_steps

    verbosity = _verbosity(args)
    if verbosity:
        print(f"Data directory: {settings.DATA_DIR}")
    set_up_data_dir(Path(settings.DATA_DIR))
    steps = first_start_steps(
        catalogue_path=getattr(args, "open_catalogue", None), verbosity=verbosity
    )
    ran = first_start_run(steps, announce=print if verbosity else _silent)
    if ran and verbosity:
        print(_first_start_summary())
    return 0


def _first_start_summary() -> str:
    from cinematheque.catalogue.models import Film
    from cinematheque.recommendations.models import Recommendation

    return (
        f"First start complete: {Film.objects.count()} films, "
        f"{Recommendation.objects.count()} related-film suggestions."
    )


def _silent(message: str) -> None:
    pass


def cmd_serve(args: argparse.Namespace) -> int:
    """Initialise if needed, then serve with gunicorn (static files via whitenoise)."""
    from cinematheque.config import data_dir_from_environment, env_bool
    from cinematheque.metrics import metrics_dir_prepare, worker_exited

    if env_bool("CINEMATHEQUE_METRICS", default=True):
        # Before anything imports prometheus-client: the workers write their counts
        # to files there, and a scrape of any worker adds them all up.
        metrics_dir_prepare(data_dir_from_environment(), args.port)
    cmd_init(args)
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    from cinematheque.pages.cache import page_cache_forget

    application = load_application()
    # Pages cached by the previous run were rendered by its code and templates, which
    # an upgrade changes: a (re)start renders each page again on its first request.
    page_cache_forget(everything=True)

    options = {
        "bind": f"{args.host}:{args.port}",
        "workers": args.workers,
        # Threaded workers (gunicorn's gthread) keep connections alive between
        # requests: a cached page costs less than opening a connection for it, and
        # sync workers close every connection (benchmarks/page_cache.py: a cache
        # hit 3-5 times the requests per second).
        "threads": args.threads,
        # On SIGTERM: stop accepting, answer the connections already queued and
        # every request held, for up to graceful_timeout seconds (serving.py).
        "worker_class": "cinematheque.serving.GracefulThreadWorker",
        "graceful_timeout": 30,
        # Longer than nginx's upstream keepalive_timeout (4 s, deploy nginx): nginx
        # closes an idle connection before gunicorn would, so it never sends a
        # request on a connection gunicorn is closing.
        "keepalive": 5,
        "accesslog": "-" if args.access_log else None,
        "errorlog": "-",
        "timeout": 60,
        # gunicorn's largest request line (its default is 4094): longer query strings
        # then reach the app, whose 414 page (cinematheque.errors) people can read.
        "limit_request_line": 8190,
        # A dead worker's live gauges leave the metrics (its counts stay).
        "child_exit": lambda _arbiter, worker: worker_exited(worker.pid),
    }
    # gunicorn 25.1+ opens a control socket in ~/.gunicorn, outside the data directory
    # and shared by every server of the user: cinematheque does not use it.
    control_socket_off = {"control_socket_disable": True}

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                if value is not None:
                    self.cfg.set(key, value)
            for key, value in control_socket_off.items():
                if key in self.cfg.settings:  # older gunicorn has no control socket
                    self.cfg.set(key, value)

        def load(self) -> Callable:
            return application

    # The workers are forked from this process. Each must open its own database
    # connection (init left this one open; a SQLite handle or a PostgreSQL socket
    # shared across processes corrupts), and everything loaded so far lives as long
    # as the process, so the garbage collector need not scan it again: full
    # collections were 3 % of a film page, and its slowest requests.
    connections.close_all()
    start_embedded_worker()
    gc.collect()
    gc.freeze()
    print(
        f"Serving on http://{args.host}:{args.port} with {args.workers} workers "
        f"of {args.threads} threads"
    )
    Server().run()
    return 0


def load_application() -> Callable:
    """The WSGI application, loaded while no other server collects static files
    into the static root: WhiteNoise lists every file of it when the application
    loads, and the manifest of hashed names is read then too. Collecting deletes
    and writes files again, so a server sharing the root (CINEMATHEQUE_STATIC_ROOT)
    that collected at that moment failed to start with FileNotFoundError."""
    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage

    with _directory_locked(Path(settings.STATIC_ROOT), shared=True):
        from cinematheque.wsgi import application

        # A manifest storage reads the manifest when it is created: the workers
        # forked from this process inherit the one read here.
        getattr(staticfiles_storage, "hashed_files", None)
    return application


def start_embedded_worker() -> subprocess.Popen | None:
    """On the embedded default (the SQLite queue), start `cinematheque worker` as a
    child of the server, stopped with it: background jobs run with no service to
    set up. A child process rather than a thread: gunicorn forks its workers from
    this process, and a consumer thread (with its database connection) must not
    be forked along."""
    from cinematheque.jobs.queue import embedded_worker_wanted

    if not embedded_worker_wanted():
        return None
    worker = subprocess.Popen(
        [sys.executable, "-m", "cinematheque", "worker", "--workers", "1"],
        preexec_fn=_stop_with_parent,  # noqa: PLW1509 (no threads yet)
    )
    print(f"Background jobs: a worker runs beside the site (process {worker.pid})")

    def stop() -> None:
        if worker.poll() is None:
            worker.send_signal(signal.SIGINT)  # running jobs finish
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.terminate()

    atexit.register(stop)
    return worker


def _stop_with_parent() -> None:
    """Linux: the worker gets SIGTERM when the server dies, even by SIGKILL."""
    pr_set_pdeathsig = 1
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGTERM)


def cmd_worker(args: argparse.Namespace) -> int:
    """Run the background jobs (Huey consumer) until interrupted."""
    setup_django()
    ensure_initialised()
    call(
        "run_worker",
        "--workers",
        str(args.workers),
        *(["--processes"] if args.processes else []),
        verbosity=_verbosity(args),
    )
    return 0


def enqueue(name: str, **kwargs: object) -> int:
    """Queue a job for the worker (`--background`) and say how to follow it."""
    from cinematheque.jobs.services import job_enqueue

    job = job_enqueue(name, kwargs=kwargs)
    print(
        f"Queued job {job.pk} ({name}): `cinematheque worker` runs it (the admin's "
        "Jobs page shows its progress)."
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Run an importer (`open-catalogue` re-imports the bundled Wikidata table,
    `tmdb` fetches films from TMDB's API, `imdb` reads IMDb's dataset files), then
    match again the rows of members'
    imports that found no film."""
    setup_django()
    ensure_initialised()
    if args.background:
        if args.source == "tmdb":
            return enqueue(
                "ingest.tmdb",
                films=args.film or [],
                imdb_ids=args.imdb or [],
                changes=args.changes,
                since=args.since or "",
                everything=args.all,
                limit=args.limit,
                people=args.person or [],
            )
        if args.source == "imdb":
            return enqueue("ingest.imdb", arguments=_imdb_arguments(args))
        return enqueue("ingest.open_catalogue", limit=args.limit)
    if args.source == "tmdb":
        call("import_tmdb", *_tmdb_arguments(args), verbosity=_verbosity(args))
    elif args.source == "imdb":
        call("import_imdb", *_imdb_arguments(args), verbosity=_verbosity(args))
    else:
        call(
            "import_open_catalogue",
            *(["--limit", str(args.limit)] if args.limit else []),
            *(["--resume"] if args.resume else []),
            verbosity=_verbosity(args),
        )
    # Films new to the catalogue may be ones members' imports did not find.
    call("import_history", "retry", verbosity=_verbosity(args))
    return 0


def _imdb_arguments(args: argparse.Namespace) -> list[str]:
    if not args.dir:
        raise SystemExit(
            "cinematheque import imdb needs --dir DIR (the dataset files)."
        )
    arguments = [f"--dir={args.dir}"]
    if args.all_types:
        arguments.append("--all-types")
    if args.include_adult:
        arguments.append("--include-adult")
    if args.resume:
        arguments.append("--resume")
    return arguments


def _tmdb_arguments(args: argparse.Namespace) -> list[str]:
    arguments = [f"--film={slug}" for slug in args.film or []]
    arguments += [f"--imdb={imdb_id}" for imdb_id in args.imdb or []]
    arguments += [f"--person={person}" for person in args.person or []]
    if args.changes:
        arguments.append("--changes")
    if args.since:
        arguments.append(f"--since={args.since}")
    if args.all:
        arguments.append("--all")
    if args.limit:
        arguments.append(f"--limit={args.limit}")
    return arguments


def cmd_stats(args: argparse.Namespace) -> int:
    """Print counts of films, people, credits and sources."""
    setup_django()
    ensure_initialised()
    call("catalogue_stats")
    return 0


def cmd_recommendations(args: argparse.Namespace) -> int:
    """Compute the "Don't forget to watch" lists (all films, or around one film)."""
    setup_django()
    ensure_initialised()
    if args.background and not args.film:
        return enqueue("recommendations.rebuild", limit=args.limit)
    call(
        "rebuild_recommendations",
        *(["--film", args.film] if args.film else []),
        "--limit",
        str(args.limit),
    )
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """Rebuild the search index of films, people and words."""
    setup_django()
    ensure_initialised()
    if args.background:
        return enqueue("search.rebuild")
    call("rebuild_search_index", verbosity=_verbosity(args))
    return 0


def cmd_images(args: argparse.Namespace) -> int:
    """The local image cache: `refresh` fetches the images the pages show, `prune`
    keeps the cache under its cap."""
    setup_django()
    ensure_initialised()
    command = "refresh_images" if args.action == "refresh" else "prune_images"
    call(command, *args.rest, verbosity=_verbosity(args))
    return 0


def cmd_deploy(args: argparse.Namespace) -> int:
    """Print a deployment configuration (`nginx`: proxy, static files, micro-cache)."""
    setup_django()
    call("deploy_nginx", *args.rest)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """Write the database and the data directory to one archive."""
    setup_django()
    from cinematheque.backup import BackupError, backup_create

    try:
        report = backup_create(Path(args.out))
    except BackupError as error:
        print(f"Backup failed: {error}", file=sys.stderr)
        return 1
    print(
        f"Backed up the {report.vendor} database and {len(report.files)} files of "
        f"the data directory to {report.path} ({report.size / 1e6:.1f} MB)."
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Replace the database and the data directory's files with a backup's."""
    setup_django()
    from cinematheque.backup import BackupError, backup_restore

    try:
        report = backup_restore(Path(args.archive))
    except BackupError as error:
        print(f"Restore failed, nothing was changed: {error}", file=sys.stderr)
        return 1
    print(
        f"Restored the {report.vendor} database and {len(report.files)} files from "
        f"the backup of {report.created_at}"
        + (
            f"; applied {report.migrations_applied} newer migrations."
            if report.migrations_applied
            else "."
        )
    )
    return 0


def cmd_members(args: argparse.Namespace) -> int:
    """Operate on members: import or export a member's history."""
    setup_django()
    ensure_initialised()
    verbosity = _verbosity(args)
    if args.action == "import" and args.background:
        return _members_import_background(args)
    if args.action == "import":
        call(
            "import_history",
            args.source,
            str(args.file),
            "--user",
            args.user,
            *(["--again"] if args.again else []),
            verbosity=verbosity,
        )
    elif args.action == "retry":
        call(
            "import_history",
            "retry",
            *(["--user", args.user] if args.user else []),
            verbosity=verbosity,
        )
    elif args.action == "export":
        call("export_history", str(args.out), "--user", args.user, verbosity=verbosity)
    return 0


def _members_import_background(args: argparse.Namespace) -> int:
    from django.core.management.base import CommandError

    from cinematheque.members.imports.records import ExportFormatError
    from cinematheque.members.imports.services import history_import_queue
    from cinematheque.members.imports.uploads import upload_read
    from cinematheque.members.models import User

    user = User.objects.filter(username=args.user).first()
    if user is None:
        raise CommandError(f"No member is called {args.user!r}.")
    try:
        result = history_import_queue(
            user=user,
            source=args.source,
            filename=args.file.name,
            raw=upload_read(args.file),
        )
    except (ExportFormatError, OSError) as error:
        raise CommandError(str(error)) from error
    if result.repeated:
        print(f"{args.file} was imported before (import {result.batch.pk}).")
    else:
        print(
            f"Queued import {result.batch.pk} (job {result.batch.job_id}): "
            "`cinematheque worker` runs it."
        )
    return 0


def _add_rebuild_parsers(sub: argparse._SubParsersAction) -> None:
    """`recommendations rebuild` and `search rebuild`."""
    recommendations = sub.add_parser(
        "recommendations", help="compute the related films shown on film pages"
    )
    recommendations.add_argument(
        "action", choices=["rebuild"], help="rebuild: compute and store the lists"
    )
    recommendations.add_argument(
        "--film", metavar="SLUG", help="only the lists around this film (heat-1995)"
    )
    recommendations.add_argument(
        "--limit", type=int, default=12, help="films per list, 8 to 20 (default 12)"
    )
    _add_background(recommendations)
    recommendations.set_defaults(func=cmd_recommendations)

    search = sub.add_parser("search", help="maintain the search index")
    search.add_argument(
        "action", choices=["rebuild"], help="rebuild: index every film and person"
    )
    _add_background(search)
    search.set_defaults(func=cmd_search)


def _add_worker_parser(sub: argparse._SubParsersAction) -> None:
    worker = sub.add_parser("worker", help="run the background jobs and schedules")
    worker.add_argument(
        "--workers", type=int, default=2, help="jobs run at once (default 2)"
    )
    worker.add_argument(
        "--processes",
        action="store_true",
        help="one process per worker rather than threads",
    )
    worker.set_defaults(func=cmd_worker)


def _add_background(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--background",
        action="store_true",
        help="queue a job for `cinematheque worker` instead of running now",
    )


def _add_members_parser(sub: argparse._SubParsersAction) -> None:
    """`cinematheque members …`: one subcommand per member operation."""
    members = sub.add_parser("members", help="import, export and manage members")
    actions = members.add_subparsers(dest="action", required=True, metavar="ACTION")
    imp = actions.add_parser("import", help="import a Letterboxd or IMDb export")
    imp.add_argument(
        "source", choices=["letterboxd", "imdb"], help="where the export comes from"
    )
    imp.add_argument("file", type=Path, help="the export (.zip or .csv)")
    imp.add_argument("--user", required=True, help="the member's username")
    imp.add_argument("--again", action="store_true", help="import a file seen before")
    _add_background(imp)
    retry = actions.add_parser(
        "retry", help="match the unmatched rows of past imports again"
    )
    retry.add_argument("--user", help="only this member's imports")
    export = actions.add_parser("export", help="export a member's history to a zip")
    export.add_argument("out", type=Path, help="the zip to write")
    export.add_argument("--user", required=True, help="the member's username")
    for action in (imp, retry, export):
        _add_verbosity(action, default=argparse.SUPPRESS)
    members.set_defaults(func=cmd_members)
    add_token_command(actions)


def _add_import_parser(sub: argparse._SubParsersAction) -> None:
    imp = sub.add_parser("import", help="import data from a source")
    imp.add_argument(
        "source",
        choices=["open-catalogue", "tmdb", "imdb"],
        help="which source to import",
    )
    imp.add_argument(
        "--limit", type=int, default=0, help="import only the first N films"
    )
    imp.add_argument(
        "--resume",
        action="store_true",
        help="continue an interrupted run after what it committed",
    )
    tmdb = imp.add_argument_group("tmdb (needs TMDB_API_KEY or TMDB_READ_ACCESS_TOKEN)")
    tmdb.add_argument(
        "--film", action="append", metavar="SLUG", help="a film of the catalogue"
    )
    tmdb.add_argument(
        "--imdb", action="append", metavar="TT", help="a film by IMDb id (tt0113277)"
    )
    tmdb.add_argument(
        "--changes", action="store_true", help="the films TMDB changed since --since"
    )
    tmdb.add_argument(
        "--since", metavar="YYYY-MM-DD", help="with --changes (default: yesterday)"
    )
    tmdb.add_argument("--all", action="store_true", help="every film linked to TMDB")
    tmdb.add_argument(
        "--person",
        action="append",
        metavar="ID|SLUG",
        help="a person by TMDB id, or a person of the catalogue by slug",
    )
    _add_background(imp)
    imdb = imp.add_argument_group("imdb (IMDb's dataset files)")
    imdb.add_argument(
        "--dir", metavar="DIR", help="the directory of the .tsv.gz (or .tsv) files"
    )
    imdb.add_argument(
        "--all-types",
        action="store_true",
        help="every title type (default: movie and tvMovie)",
    )
    imdb.add_argument("--include-adult", action="store_true", help="adult titles too")
    imp.set_defaults(func=cmd_import)


def _add_backup_parsers(sub: argparse._SubParsersAction) -> None:
    backup = sub.add_parser(
        "backup", help="write the database and the data directory to an archive"
    )
    backup.add_argument("out", help="the archive to write (.tar.gz)")
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser(
        "restore",
        help="replace the database and the data directory with a backup's "
        "(stop the server first)",
    )
    restore.add_argument("archive", help="an archive written by `cinematheque backup`")
    restore.set_defaults(func=cmd_restore)


def cmd_manage(args: argparse.Namespace) -> int:
    """Pass the remaining arguments to Django's command line."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["cinematheque manage", *args.rest])
    return 0


def default_workers() -> int:
    return min(2 * (os.cpu_count() or 1) + 1, 9)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cinematheque", description="A self-hosted film guide."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = sub.add_parser(
        "init", help="create the data dir, migrate, load the catalogue"
    )
    init.add_argument(
        "--open-catalogue",
        type=Path,
        metavar="FILE",
        help="load this SQLite file (same omdb/tomatoes tables) instead of the one "
        "bokeh-sampledata ships",
    )
    init.set_defaults(func=cmd_init)

    serve = sub.add_parser("serve", help="initialise if needed, then serve the site")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument(
        "--workers",
        type=int,
        default=default_workers(),
        help="gunicorn worker processes",
    )
    serve.add_argument(
        "--threads",
        type=int,
        default=4,
        help="threads per worker, each serving one connection at a time (default 4)",
    )
    serve.add_argument("--access-log", action="store_true", help="log every request")
    serve.set_defaults(func=cmd_serve)

    _add_import_parser(sub)
    _add_worker_parser(sub)

    stats = sub.add_parser("stats", help="counts of films, people, credits and sources")
    stats.set_defaults(func=cmd_stats)

    _add_rebuild_parsers(sub)

    images = sub.add_parser(
        "images", help="the local image cache (CINEMATHEQUE_IMAGE_CACHE=1)"
    )
    images.add_argument(
        "action",
        choices=["refresh", "prune"],
        help="refresh: fetch the images the pages show; prune: keep under the cap",
    )
    images.add_argument(
        "rest",
        nargs=argparse.REMAINDER,
        help="options: refresh --limit N; prune --max-bytes N",
    )
    images.set_defaults(func=cmd_images)

    deploy = sub.add_parser(
        "deploy", help="print a configuration for a production deployment"
    )
    deploy.add_argument("target", choices=["nginx"], help="nginx: the proxy in front")
    deploy.add_argument(
        "rest",
        nargs=argparse.REMAINDER,
        help="options of the target (--listen, --server-name, --upstream, …)",
    )
    deploy.set_defaults(func=cmd_deploy)

    _add_backup_parsers(sub)

    _add_members_parser(sub)
    add_allow_command(add_watch_parser(sub))
    add_library_parser(sub)

    manage = sub.add_parser("manage", help="run a Django management command")
    manage.add_argument(
        "rest", nargs=argparse.REMAINDER, help="command and its arguments"
    )
    manage.set_defaults(func=cmd_manage)
    _add_verbosity(parser, default=1)
    for subparser in sub.choices.values():
        if subparser is not manage:  # Django's own --verbosity follows `manage`
            _add_verbosity(subparser, default=argparse.SUPPRESS)
    return parser


def _add_verbosity(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "-v",
        "--verbosity",
        type=int,
        choices=[0, 1, 2],
        default=default,
        help="0: errors only, 1: progress (default), 2: also the traceback of an "
        "operational error",
    )


def _verbosity(args: argparse.Namespace) -> int:
    return int(getattr(args, "verbosity", 1))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `cinematheque` console script. An operational error (disk
    full or read-only, database not initialised or unreachable…) is printed as one
    sentence with exit status 1, and its traceback only with `--verbosity 2`; any
    other exception is a bug and keeps its traceback."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print(
            "Interrupted: run the same command again to finish what it started.",
            file=sys.stderr,
        )
        return 130
    except Exception as error:
        from cinematheque.operational import describe

        sentence = describe(error)
        if sentence is None:
            raise
        if _verbosity(args) >= 2:
            traceback.print_exc()
        print(f"Error: {sentence}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
