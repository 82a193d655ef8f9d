import pytest

from cinematheque.catalogue.articles import indefinite_article, with_indefinite_article


@pytest.mark.parametrize(
    ("phrase", "article"),
    [
        ("action film", "an"),
        ("adventure film", "an"),
        ("crime film", "a"),
        ("drama", "a"),
        ("Animated film", "an"),
        ("hour", "an"),
        ("honest man", "an"),
        ("heir", "an"),
        ("history film", "a"),
        ("horror film", "a"),
        ("unique print", "a"),
        ("unit", "a"),
        ("universal story", "a"),
        ("unimportant detail", "an"),
        ("uninvited guest", "an"),
        ("umbrella", "an"),
        ("useful guide", "a"),
        ("utopian film", "a"),
        ("European film", "a"),
        ("one-off", "a"),
        ("other film", "an"),
        ("FBI thriller", "an"),
        ("LGBT film", "an"),
        ("BBC drama", "a"),
        ("UFO film", "a"),
        ("NATO drama", "a"),
        ("8-minute short", "an"),
        ("80s thriller", "an"),
        ("800-page novel", "an"),
        ("11-minute short", "an"),
        ("18-rated film", "an"),
        ("18,000-seat arena", "an"),
        ("11000 extras", "an"),
        ("1800s western", "an"),
        ("1100s epic", "an"),
        ("1980s thriller", "a"),
        ("110-minute film", "a"),
        ("180-minute film", "a"),
        ("1,100 extras", "a"),
        ("2 hour film", "a"),
        ("", "a"),
        ("“Inception”-like film", "an"),
        ("²", "a"),
    ],
)
def test_article_follows_the_sound_of_the_next_word(phrase, article):
    assert indefinite_article(phrase) == article


def test_phrase_gets_its_article_in_front():
    assert with_indefinite_article("action film") == "an action film"
    assert with_indefinite_article("crime film") == "a crime film"
