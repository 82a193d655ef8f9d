"""Background jobs: imports, rebuilds, scans and members' history imports run on a
queue, outside web requests, with their progress and errors recorded in the admin.

Infrastructure below the domain apps (like `pages/registry.py`): an app registers
its kinds of job in a `tasks.py` discovered at start-up, or by dotted path, and
enqueues them with `cinematheque.jobs.services.job_enqueue`; this package never
imports a domain app.

The queue is Huey (https://huey.readthedocs.io): one small, well-kept library
(pure Python, no dependency beyond `redis`, which the cache already uses) with a
SQLite storage that needs no service, Redis storages for production, periodic tasks
on crontab schedules, retries and a consumer with thread or process workers.
Dramatiq needs a broker (Redis or RabbitMQ) even on a laptop, and its scheduler is
another package; Celery is a large framework whose embedded brokers are not meant
for production; Django's task framework (the `django-tasks` backport) has no
periodic tasks and its database backend polls the main database. What Huey lacks,
a record of each job that the admin shows (progress, errors, attempts, heartbeat)
and de-duplication by a job key, is the `Job` model of this app.
"""
