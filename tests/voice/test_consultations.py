"""Consultations: methods, one vote per person (or household) across channels decided by the database,
secret ballots that no column or log can join to a voter, results with turnout, the recorded decision."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from core.people.factories import ResidentFactory
from core.voice import selectors, services
from core.voice.models import BallotChannel, ConsultationOption, OpenBallotChoice, VoteMethod, VoterRegisterEntry

pytestmark = pytest.mark.django_db


def _consultation(**kwargs):
    now = timezone.now()
    defaults = dict(question="Quelle sortie cet été ?", opens_at=now - dt.timedelta(days=1),
                    closes_at=now + dt.timedelta(days=6), options=["Mer", "Montagne", "Musée"])
    defaults.update(kwargs)
    return services.consultation_create(**defaults)


def _ids(consultation, *labels):
    return [o.pk for o in consultation.options.all() if o.label in labels]


def test_methods_are_enforced_and_refusals_name_the_field(residence_a, in_schema):
    with in_schema(residence_a):
        with pytest.raises(ValidationError) as exc:
            _consultation(options=["Seul choix"])
        assert "options" in exc.value.message_dict
        with pytest.raises(ValidationError) as exc:
            _consultation(method=VoteMethod.MULTIPLE)
        assert "max_choices" in exc.value.message_dict
        single = _consultation()
        person = ResidentFactory()
        with pytest.raises(ValidationError) as exc:
            services.ballot_cast(consultation=single, resident=person, option_ids=_ids(single, "Mer", "Musée"),
                                 channel=BallotChannel.ONLINE)
        assert exc.value.message_dict["options"] == ["Un seul choix possible."]
        multiple = _consultation(method=VoteMethod.MULTIPLE, max_choices=2)
        with pytest.raises(ValidationError):
            services.ballot_cast(consultation=multiple, resident=person,
                                 option_ids=_ids(multiple, "Mer", "Montagne", "Musée"), channel=BallotChannel.ONLINE)
        services.ballot_cast(consultation=multiple, resident=person, option_ids=_ids(multiple, "Mer", "Musée"),
                             channel=BallotChannel.ONLINE)
        approval = _consultation(method=VoteMethod.APPROVAL)
        services.ballot_cast(consultation=approval, resident=person,
                             option_ids=_ids(approval, "Mer", "Montagne", "Musée"), channel=BallotChannel.ONLINE)
        tallies = {o.label: n for o, n in selectors.consultation_results(consultation=approval).tallies}
        assert tallies == {"Mer": 1, "Montagne": 1, "Musée": 1}
        closed = _consultation(opens_at=timezone.now() - dt.timedelta(days=9),
                               closes_at=timezone.now() - dt.timedelta(days=1))
        with pytest.raises(ValidationError) as exc:
            services.ballot_cast(consultation=closed, resident=person, option_ids=_ids(closed, "Mer"),
                                 channel=BallotChannel.ONLINE)
        assert exc.value.message_dict["options"] == ["Le vote est clos."]


def test_nobody_votes_twice_across_channels(residence_a, in_schema):
    with in_schema(residence_a):
        consultation = _consultation()
        odette = ResidentFactory(first_name="Odette", last_name_initial="", pseudonym="")
        services.ballot_cast(consultation=consultation, resident=odette, option_ids=_ids(consultation, "Mer"),
                             channel=BallotChannel.PAPER)
        with pytest.raises(ValidationError) as exc:
            services.ballot_cast(consultation=consultation, resident=odette, option_ids=_ids(consultation, "Musée"),
                                 channel=BallotChannel.ONLINE)
        assert "Odette a déjà voté (bulletin papier" in exc.value.message_dict["resident"][0]
        assert VoterRegisterEntry.objects.filter(consultation=consultation).count() == 1
        assert {o.label: n for o, n in selectors.consultation_results(consultation=consultation).tallies}["Musée"] == 0
        # The rule is the database's: a direct second insert fails too.
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            VoterRegisterEntry.objects.create(consultation=consultation, resident=odette, channel=BallotChannel.ONLINE,
                                              voted_on=timezone.localdate())


def test_one_voice_per_household(residence_a, in_schema):
    with in_schema(residence_a):
        consultation = _consultation(one_per_household=True)
        mother, son, neighbour = ResidentFactory(), ResidentFactory(), ResidentFactory()
        with pytest.raises(ValidationError) as exc:
            services.ballot_cast(consultation=consultation, resident=mother, option_ids=_ids(consultation, "Mer"),
                                 channel=BallotChannel.ONLINE)
        assert "logement" in exc.value.message_dict["resident"][0]
        services.resident_household_set(resident=mother, dwelling="b-204")
        services.resident_household_set(resident=son, dwelling="B-204")
        services.resident_household_set(resident=neighbour, dwelling="B-205")
        services.ballot_cast(consultation=consultation, resident=mother, option_ids=_ids(consultation, "Mer"),
                             channel=BallotChannel.ONLINE)
        with pytest.raises(ValidationError) as exc:
            services.ballot_cast(consultation=consultation, resident=son, option_ids=_ids(consultation, "Musée"),
                                 channel=BallotChannel.PAPER)
        assert "B-204 a déjà voté" in exc.value.message_dict["resident"][0]
        services.ballot_cast(consultation=consultation, resident=neighbour, option_ids=_ids(consultation, "Musée"),
                             channel=BallotChannel.PAPER)
        results = selectors.consultation_results(consultation=consultation)
        assert (results.voters, results.electorate, results.turnout) == (2, 2, Decimal("100.0"))


def _columns_linking(schema: str) -> list[str]:
    """Every column of the schema's tables, as table.column."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = %s",
                       [schema])
        return [f"{t}.{c}" for t, c in cursor.fetchall()]


def test_secret_ballot_stores_no_link_between_a_voter_and_a_choice(residence_a, in_schema):
    from auditlog.models import LogEntry

    with in_schema(residence_a):
        consultation = _consultation(secret=True, method=VoteMethod.APPROVAL)
        voters = [ResidentFactory(first_name=f"Votant{i}") for i in range(3)]
        log_before = LogEntry.objects.count()
        services.ballot_cast(consultation=consultation, resident=voters[0], option_ids=_ids(consultation, "Mer"),
                             channel=BallotChannel.ONLINE)
        services.ballot_cast(consultation=consultation, resident=voters[1],
                             option_ids=_ids(consultation, "Mer", "Musée"), channel=BallotChannel.PAPER)
        services.ballot_cast(consultation=consultation, resident=voters[2], option_ids=_ids(consultation, "Montagne"),
                             channel=BallotChannel.ONLINE)
        # The register knows who voted; no row anywhere holds a choice of this consultation next to a voter.
        assert VoterRegisterEntry.objects.filter(consultation=consultation).count() == 3
        assert not OpenBallotChoice.objects.filter(entry__consultation=consultation).exists()
        assert {o.label: o.secret_votes for o in ConsultationOption.objects.filter(consultation=consultation)} == {
            "Mer": 2, "Montagne": 1, "Musée": 1}
        # The tallies carry no voter, no time, no order: only a count per option.
        option_columns = {c.split(".")[1] for c in _columns_linking(residence_a.schema_name)
                          if c.startswith("voice_consultationoption.")}
        assert option_columns == {"id", "consultation_id", "label", "position", "secret_votes"}
        register_columns = {c.split(".")[1] for c in _columns_linking(residence_a.schema_name)
                            if c.startswith("voice_voterregisterentry.")}
        assert register_columns == {"id", "consultation_id", "resident_id", "household", "channel", "voted_on"}
        # The audit trail logged nothing of the vote (neither the register nor the tallies).
        assert LogEntry.objects.count() == log_before
        voice_types = LogEntry.objects.filter(content_type__app_label="voice")
        assert not voice_types.exists()
        results = selectors.consultation_results(consultation=consultation)
        assert {o.label: n for o, n in results.tallies} == {"Mer": 2, "Montagne": 1, "Musée": 1}
        assert results.voters == 3


def test_turnout_by_age_band_only_from_eleven_voters(residence_a, in_schema):
    with in_schema(residence_a):
        consultation = _consultation()
        seniors = [ResidentFactory(age_band="60-74") for _ in range(12)]
        young = [ResidentFactory(age_band="18-25") for _ in range(3)]
        ResidentFactory(age_band="60-74")  # did not vote
        for person in seniors + young:
            services.ballot_cast(consultation=consultation, resident=person, option_ids=_ids(consultation, "Mer"),
                                 channel=BallotChannel.PAPER)
        by_age = {band: shown for band, _n, shown in selectors.consultation_results(consultation=consultation).by_age}
        assert by_age["60-74 ans"] == "92.3 %"
        assert by_age["18-25 ans"] == "< 11"


def test_decision_after_closing_and_budget_votes_carry_amount_and_purpose(residence_a, in_schema):
    with in_schema(residence_a):
        budget = _consultation(is_budget=True)
        with pytest.raises(ValidationError) as exc:
            services.consultation_decide(consultation=budget, text="Sortie à la mer")
        assert "pas encore clos" in exc.value.message_dict["text"][0]
        later = budget.closes_at + dt.timedelta(hours=1)
        with pytest.raises(ValidationError) as exc:
            services.consultation_decide(consultation=budget, text="Sortie à la mer", now=later)
        assert set(exc.value.message_dict) == {"amount", "purpose"}
        # The budget vote's decision goes into the budget ledger: its year must be open (tests/voice/test_links.py).
        from core.budget.services import budget_year_create
        budget_year_create(year=timezone.localdate().year)
        decision = services.consultation_decide(consultation=budget, text="Sortie à la mer", now=later,
                                                amount=Decimal("450"), purpose="Car et pique-nique")
        assert decision.amount == Decimal("450.00")
        # What the budget app reads.
        assert [(d.amount, d.purpose) for d in selectors.budget_decision_list()] == [
            (Decimal("450.00"), "Car et pique-nique")]
        with pytest.raises(ValidationError):
            services.consultation_decide(consultation=budget, text="Encore", now=later, amount=Decimal(1), purpose="x")
