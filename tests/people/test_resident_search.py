"""The name search behind the tick screen and the QR check-in page: bounded, never the whole residence."""
from core.people.factories import ResidentFactory
from core.people.selectors import SEARCH_MAX_RESULTS, resident_search


def test_search_needs_two_letters_and_stops_at_twenty(residence_a, in_schema):
    with in_schema(residence_a):
        odile = ResidentFactory(first_name="Odile", pseudonym="")
        dodo = ResidentFactory(first_name="Jeanne", pseudonym="Dodo")
        many = ResidentFactory.create_batch(SEARCH_MAX_RESULTS + 1, first_name="Rosine", pseudonym="")

        assert resident_search(search=" o ") == ([], False)
        found, more = resident_search(search="OD")
        assert [r.pk for r in found] == [dodo.pk, odile.pk] and not more  # by first name: Jeanne, Odile
        assert resident_search(search="od", exclude_ids=[odile.pk]) == ([dodo], False)

        found, more = resident_search(search="rosi")
        assert len(found) == SEARCH_MAX_RESULTS and more
        found, more = resident_search(search="rosi", exclude_ids=[many[0].pk])
        assert len(found) == SEARCH_MAX_RESULTS and not more and many[0] not in found
