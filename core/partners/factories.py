import factory

from core.partners.models import Partner, PartnerKind

FACILITATORS = [
    "Association Siel Bleu (prévention des chutes)", "Emmaüs Connect", "Association Lire et Faire Lire",
    "Centre social des Francs-Moisins", "Club informatique seniors", "Soutien scolaire Réussite 93",
]


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"{FACILITATORS[n % len(FACILITATORS)]} {n // len(FACILITATORS) or ''}".strip())
    kind = PartnerKind.ASSOCIATION
    contact_name = factory.Faker("name", locale="fr_FR")
    email = factory.Faker("email", locale="fr_FR")
    phone = factory.Faker("phone_number", locale="fr_FR")
    runs_workshops = True
