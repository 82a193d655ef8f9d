"""Kodi's .nfo sidecars."""

from cinematheque.watch.library.nfo import parse_nfo, read_nfo, sidecar_of


def test_xml_movie_with_tmdb_and_imdb_tags():
    nfo = parse_nfo(
        "<?xml version='1.0' encoding='UTF-8'?>\n<movie><title>Heat</title>"
        "<year>1995</year><tmdbid>949</tmdbid><imdbid>tt0113277</imdbid></movie>"
    )
    assert (nfo.tmdb_id, nfo.imdb_id, nfo.title, nfo.year) == (
        949,
        "tt0113277",
        "Heat",
        1995,
    )


def test_xml_movie_with_uniqueid_elements():
    nfo = parse_nfo(
        '<movie><uniqueid type="imdb" default="true">tt0113277</uniqueid>'
        '<uniqueid type="tmdb">949</uniqueid><premiered>1995-12-15</premiered></movie>'
    )
    assert (nfo.tmdb_id, nfo.imdb_id, nfo.year) == (949, "tt0113277", 1995)


def test_kodi_id_element_holds_an_imdb_id():
    assert parse_nfo("<movie><id>tt0113277</id></movie>").imdb_id == "tt0113277"


def test_a_bare_url_is_enough():
    assert parse_nfo("https://www.imdb.com/title/tt0113277/\n").imdb_id == "tt0113277"
    assert parse_nfo("https://www.themoviedb.org/movie/949-heat").tmdb_id == 949


def test_an_xml_document_followed_by_a_url():
    nfo = parse_nfo(
        "<movie><title>Heat</title></movie>\nhttps://www.imdb.com/title/tt0113277/"
    )
    assert (nfo.title, nfo.imdb_id) == ("Heat", "tt0113277")


def test_broken_or_hostile_xml_gives_nothing_and_no_error():
    assert not parse_nfo("<movie><title>Heat</movie>")
    entity_bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>'
        "<movie><title>&lol;</title></movie>"
    )
    assert not parse_nfo(entity_bomb)
    assert not parse_nfo("")


def test_the_sidecar_of_a_video(tmp_path):
    video = tmp_path / "Heat (1995).mkv"
    video.touch()
    assert sidecar_of(video) is None
    (tmp_path / "movie.nfo").write_text("https://www.imdb.com/title/tt0113277/")
    assert sidecar_of(video) == tmp_path / "movie.nfo"
    (tmp_path / "Heat (1995).nfo").write_text("<movie><tmdbid>949</tmdbid></movie>")
    assert sidecar_of(video) == tmp_path / "Heat (1995).nfo"
    assert read_nfo(tmp_path / "Heat (1995).nfo").tmdb_id == 949
    assert not read_nfo(tmp_path / "missing.nfo")
