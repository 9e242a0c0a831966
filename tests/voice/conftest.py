import pytest

from core.portal.services import magic_link_create
from tests.conftest import client_on


@pytest.fixture
def portal_session(in_schema):
    """A phone browser on `residence`'s host with `resident`'s session opened by a magic link."""

    def open_session(residence, resident):
        with in_schema(residence):
            _, token = magic_link_create(resident=resident, created_by_id=1)
        client = client_on(residence)
        assert client.post(f"/portail/acces/{token}/").status_code == 302
        return client

    return open_session


def build_questionnaire(**kwargs):
    """A small diagnosis questionnaire: one of each kind of question, one choice tagged with a need."""
    from core.voice.factories import QuestionnaireFactory
    from core.voice.models import QuestionKind
    from core.voice.services import need_create, question_add, section_add

    questionnaire = QuestionnaireFactory(**kwargs)
    french = need_create(label="cours de français")
    digital = need_create(label="aide numérique")
    section = section_add(questionnaire=questionnaire, title="Vos besoins")
    needs = question_add(section=section, text="De quoi auriez-vous besoin ?", kind=QuestionKind.MULTIPLE,
                         options=[("Cours de français", french), ("Aide numérique", digital), ("Rien", None)])
    mood = question_add(section=section, text="Vous sentez-vous bien ici ?", kind=QuestionKind.SINGLE, required=True,
                        options=[("Oui", None), ("Non", None)])
    scale = question_add(section=section, text="Note de la salle commune", kind=QuestionKind.SCALE, scale_min=1,
                         scale_max=5)
    number = question_add(section=section, text="Combien d'enfants au foyer ?", kind=QuestionKind.NUMBER)
    text = question_add(section=section, text="Une idée d'animation ?", kind=QuestionKind.SHORT_TEXT)
    return questionnaire, {"needs": needs, "mood": mood, "scale": scale, "number": number, "text": text,
                           "french": french, "digital": digital}
