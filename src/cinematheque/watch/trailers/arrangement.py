"""Which of a film's videos comes first, how the others are grouped, and what each
facade shows before the visitor asks for the player.

The film page is one cached HTML for every visitor, so the order chosen here cannot
depend on who is looking. It prefers the site's language (English), then the film's
original language; `watch/trailers.js` then moves the best official trailer in the
browser's own language to the front when there is one (each item carries its
language and official flag for that).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from django.conf.locale import LANG_INFO

from cinematheque.catalogue.models import Video

# Trailers first, then teasers, then the rest in this order.
KIND_ORDER: tuple[str, ...] = (
    Video.Kind.TRAILER,
    Video.Kind.TEASER,
    Video.Kind.CLIP,
    Video.Kind.FEATURETTE,
    Video.Kind.BEHIND_THE_SCENES,
    Video.Kind.BLOOPERS,
)
GROUP_HEADINGS: dict[str, str] = {
    Video.Kind.TRAILER: "Trailers",
    Video.Kind.TEASER: "Teasers",
    Video.Kind.CLIP: "Clips",
    Video.Kind.FEATURETTE: "Featurettes",
    Video.Kind.BEHIND_THE_SCENES: "Behind the scenes",
    Video.Kind.BLOOPERS: "Bloopers",
}
# The groups a visitor sees opened; the others start folded under their heading.
OPEN_KINDS = frozenset({Video.Kind.TRAILER, Video.Kind.TEASER})


@dataclass(frozen=True, slots=True)
class Facade:
    """One video as the page shows it before the click: nothing here is fetched from
    the video's site until the visitor presses play."""

    video: Video
    embed_url: str
    """The privacy-friendly player, loaded into an iframe only on click."""
    watch_url: str
    """The video's own page: the link that works without JavaScript."""
    language_name: str

    @property
    def kind_label(self) -> str:
        return str(Video.Kind(self.video.kind).label)

    @property
    def site_label(self) -> str:
        return str(Video.Site(self.video.site).label)

    @property
    def title(self) -> str:
        return self.video.name or self.kind_label


@dataclass(frozen=True, slots=True)
class VideoGroup:
    kind: str
    heading: str
    facades: list[Facade]
    open: bool


def embed_url(video: Video) -> str:
    """youtube-nocookie.com or Vimeo's do-not-track player, starting at once (the
    visitor has just asked to play)."""
    key = quote(video.key, safe="")
    if video.site == Video.Site.VIMEO:
        return f"https://player.vimeo.com/video/{key}?dnt=1&autoplay=1"
    return f"https://www.youtube-nocookie.com/embed/{key}?autoplay=1"


def watch_url(video: Video) -> str:
    key = quote(video.key, safe="")
    if video.site == Video.Site.VIMEO:
        return f"https://vimeo.com/{key}"
    return f"https://www.youtube.com/watch?v={key}"


def language_name(code: str) -> str:
    """'de' → 'German'; an unknown code is shown as it is; no code, ''."""
    if not code:
        return ""
    info = LANG_INFO.get(code.lower())
    return str(info["name"]) if info and "name" in info else code


def preferred_languages(*codes: str) -> list[str]:
    """The languages to prefer, in order, without blanks or repeats ('en-us' → 'en')."""
    primary = (code.split("-")[0].lower() for code in codes if code)
    return list(dict.fromkeys(primary))


def video_rank(video: Video, languages: Sequence[str]) -> tuple[object, ...]:
    """Official before unofficial, then by preferred language, then the newest, then
    by name: the first trailer under this rank is the best official one in the most
    preferred language that has one."""
    language = (video.language or "").lower()
    language_rank = (
        languages.index(language) if language in languages else len(languages)
    )
    published = video.published_at
    age = -published.timestamp() if published else float("inf")
    return (not video.official, language_rank, age, video.name, video.key)


def arrange_videos(
    videos: Iterable[Video], *, languages: Sequence[str]
) -> list[VideoGroup]:
    """The film's videos grouped by kind in KIND_ORDER (empty groups left out), each
    group in `video_rank` order; trailers, teasers and the first group are open."""
    by_kind: dict[str, list[Video]] = {}
    for video in videos:
        by_kind.setdefault(video.kind, []).append(video)
    groups: list[VideoGroup] = []
    for kind in KIND_ORDER:
        members = sorted(
            by_kind.get(kind, []), key=lambda video: video_rank(video, languages)
        )
        if members:
            groups.append(
                VideoGroup(
                    kind=kind,
                    heading=GROUP_HEADINGS[kind],
                    facades=[facade(video) for video in members],
                    # A film with only clips or featurettes shows its first group.
                    open=kind in OPEN_KINDS or not groups,
                )
            )
    return groups


def facade(video: Video) -> Facade:
    return Facade(
        video=video,
        embed_url=embed_url(video),
        watch_url=watch_url(video),
        language_name=language_name(video.language),
    )
