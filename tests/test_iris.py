"""Deterministic resource IRIs: slugs of delimited keys."""
from kg.iris import slug


def test_slugs_are_lower_case_ascii_words_joined_by_hyphens():
    assert slug("Blue Soft", "Empower") == "blue-soft-empower"
    assert slug("Électricité de France (EDF)") == "electricite-de-france-edf"
    assert slug("50 % by 2030") == "50-percent-by-2030"


def test_letters_without_a_decomposition_are_transliterated_not_dropped():
    assert slug("Ørsted") == "orsted"
    assert slug("Mærsk") == "maersk"
    assert slug("Großbritannien") == "grossbritannien"
    assert slug("Łódź") == "lodz"
