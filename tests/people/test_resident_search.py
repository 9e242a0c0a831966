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


def test_no_picker_offers_an_anonymised_resident(residence_a, in_schema):
    """An anonymised record (« Anonyme ») stays for the figures: nobody may pick, invite or count it again."""
    from core.evaluation.forms import SurveyResponseForm
    from core.messaging.forms import MessageForm
    from core.privacy.services import resident_anonymise
    from core.projects.forms import ProjectForm
    from core.spaces.forms import BookingForm, DeskSignInForm
    from core.voice.forms import InterviewForm, SkillEntryForm

    with in_schema(residence_a):
        kept = ResidentFactory(first_name="Anna", pseudonym="")
        gone = ResidentFactory(first_name="Annick", pseudonym="")
        resident_anonymise(resident=gone, reason="request")
        gone.refresh_from_db()
        assert gone.first_name == "Anonyme"

        assert resident_search(search="ano") == ([], False)
        assert resident_search(search="ann") == ([kept], False)
        assert set(ProjectForm().fields["residents"].queryset) == {kept}
        assert set(MessageForm().fields["chosen_residents"].queryset) == {kept}
        assert set(InterviewForm().fields["resident"].queryset) == {kept}
        assert set(SkillEntryForm().fields["resident"].queryset) == {kept}
        for form in (BookingForm(), DeskSignInForm(), SurveyResponseForm()):
            assert set(form.fields["resident"].queryset) == {kept}, type(form).__name__
