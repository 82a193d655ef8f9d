"""The streaming services a member subscribes to (`/watch/services/`, `GET/PUT
/api/v1/me/services`), and the "on my services" filter of film lists that they
make possible (registered from `watch/film_filters.py`)."""
