"""Deterministic demo data: 3 landlords, 6 residences, their people and a year of activities."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import factory.random
from django.db import transaction
from django_tenants.utils import schema_context
from faker import Faker

from core.activities.demo import demo_populate as activities_demo_populate
from core.activities.factories import ACTIVITY_CATALOGUE
from core.activities.models import Activity, Attendance
from core.evaluation.demo import demo_populate as evaluation_demo_populate
from core.dropins.demo import demo_populate as dropins_demo_populate
from core.people.models import AgeBand, Resident
from core.privacy.demo import demo_populate as privacy_demo_populate
from core.spaces.demo import demo_populate as spaces_demo_populate
from core.partners.demo import demo_populate as partners_demo_populate
from core.funding.demo import demo_populate as funding_demo_populate
from core.budget.demo import demo_populate as budget_demo_populate
from core.voice.demo import demo_populate as voice_demo_populate
from core.messaging.demo import demo_populate as messaging_demo_populate
from network.practice.demo import demo_populate as practice_demo_populate
from network.calls.demo import demo_populate as landlord_calls_demo_populate
from reporting.periods import month_start, next_month, previous_month
from reporting.services import residence_indicators_refresh
from tenants.models import Landlord, Residence, User
from tenants.services import residence_create, user_create

DEMO_PASSWORD = "participactives-demo"
SEED = 2026

LANDLORDS = [
    ("Seqens", "Seqens", "582000000"),
    ("Logirep Habitat", "Logirep", "552000001"),
    ("Immobilière 3F Demo", "I3F", "552000002"),
]

RESIDENCES = [
    # name, slug, landlord, address, postcode, city, dept, dwellings, qpv
    ("Les Tilleuls", "les-tilleuls", "Seqens", "12 rue des Tilleuls", "93200", "Saint-Denis", "93", 120, True),
    ("Le Clos des Vignes", "clos-des-vignes", "Seqens", "4 allée des Vignes", "92500", "Rueil-Malmaison", "92", 64, False),
    ("Résidence Jean Moulin", "jean-moulin", "Logirep", "30 avenue Jean Moulin", "94400", "Vitry-sur-Seine", "94", 180, True),
    ("Les Jardins du Canal", "jardins-du-canal", "Logirep", "8 quai du Canal", "59000", "Lille", "59", 90, False),
    ("La Cité Fleurie", "cite-fleurie", "I3F", "2 place des Fleurs", "69008", "Lyon", "69", 150, True),
    ("Le Hameau des Sources", "hameau-des-sources", "I3F", "17 chemin des Sources", "33000", "Bordeaux", "33", 48, False),
]


@dataclass
class DemoLogin:
    email: str
    role: str
    where: str


def demo_exists() -> bool:
    return Residence.objects.filter(slug=RESIDENCES[0][1]).exists()


# The RFC 6238 test secret ("12345678901234567890"): demo accounts that must give a second
# factor share it, so the demo can be tried without enrolling a phone. Base32 for an
# authenticator app: GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ; or `manage.py demo_code`.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"


def demo_totp_device(user: User):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="Démo (clé publique)", key=DEMO_TOTP_KEY, confirmed=True)


def demo_code() -> str:
    """The code the demo authenticator shows now."""
    from django_otp.oath import TOTP

    return str(TOTP(bytes.fromhex(DEMO_TOTP_KEY)).token()).zfill(6)


def demo_load(*, today: dt.date | None = None, stdout=None) -> list[DemoLogin]:
    """Create the demo, deterministic for a given `today`. Refuses to run twice."""
    today = today or dt.date.today()
    rng = random.Random(SEED)
    factory.random.reseed_random(SEED)
    fake = Faker("fr_FR")
    fake.seed_instance(SEED)
    logins: list[DemoLogin] = []

    with transaction.atomic():
        landlords = {
            short: Landlord.objects.create(name=name, short_name=short, siren=siren) for name, short, siren in LANDLORDS
        }
        residences = []
        for name, slug, landlord, address, postcode, city, dept, dwellings, qpv in RESIDENCES:
            result = residence_create(
                name=name, slug=slug, landlord=landlords[landlord], address=address, postcode=postcode, city=city,
                department=dept, dwellings=dwellings, is_priority_neighbourhood=qpv, opened_on=dt.date(2023, 9, 1),
            )
            residences.append(result.residence)
            if stdout:
                stdout.write(f"  résidence {name} ({result.seconds:.2f} s)\n")

        head_office = user_create(email="siege@lapes.demo", password=DEMO_PASSWORD,
                                  full_name="Camille Dubois (siège)", role=User.Role.HEAD_OFFICE)
        demo_totp_device(head_office)
        logins.append(DemoLogin("siege@lapes.demo", "siège", "localhost"))
        viewers = []
        for short, landlord in landlords.items():
            email = f"bailleur.{short.lower()}@lapes.demo"
            viewer = user_create(email=email, password=DEMO_PASSWORD, full_name=fake.name(),
                                 role=User.Role.LANDLORD_VIEWER, landlord=landlord)
            demo_totp_device(viewer)
            viewers.append(viewer)
            logins.append(DemoLogin(email, f"bailleur {short}", "localhost"))
        # One coordinator per residence; the first covers the first two residences.
        coordinator_sets = [residences[0:2]] + [[r] for r in residences[2:]]
        coordinators = []
        for i, covered in enumerate(coordinator_sets, start=1):
            email = f"coordination{i}@lapes.demo"
            coordinators.append(user_create(email=email, password=DEMO_PASSWORD, full_name=fake.name(),
                                            role=User.Role.COORDINATOR, residences=covered))
            for residence in covered:
                logins.append(DemoLogin(email, "coordination", f"{residence.slug}.localhost"))

        # Before the residences' indicators are computed, so their landlords' calls figures are in them.
        landlord_calls_demo_populate(head_office=head_office, viewers=viewers[:2], today=today)
        months = _last_months(today, 12)
        for residence in residences:
            with schema_context(residence.schema_name):
                _fill_residence(rng, fake, months)
                activities_demo_populate(rng=rng, months=months)
                evaluation_demo_populate(rng=rng, months=months, today=today)
                privacy_demo_populate(rng=rng)
                spaces_demo_populate(seed=f"{SEED}-{residence.slug}", months=months)
                partners_demo_populate(seed=f"{SEED}-{residence.slug}-partners", months=months)
                funding_demo_populate(seed=f"{SEED}-{residence.slug}-funding", months=months)
                budget_demo_populate(seed=f"{SEED}-{residence.slug}-budget", months=months, today=today)
                voice_demo_populate(rng=random.Random(f"{SEED}-voice-{residence.slug}"), today=today)
                messaging_demo_populate(seed=f"{SEED}-{residence.slug}-messages", months=months)
            residence_indicators_refresh(residence=residence, months=months)
        practice_demo_populate(residences=residences, head_office=head_office, coordinators=coordinators[:3],
                               today=today)
    return logins


def _last_months(today: dt.date, count: int) -> list[dt.date]:
    month = month_start(today)
    months = [month]
    for _ in range(count - 1):
        month = previous_month(month)
        months.append(month)
    return sorted(months)


def _fill_residence(rng: random.Random, fake: Faker, months: list[dt.date]) -> None:
    tz = ZoneInfo("Europe/Paris")
    age_bands = [c.value for c in AgeBand]
    residents = Resident.objects.bulk_create([
        Resident(
            first_name=fake.first_name(), last_name_initial=fake.random_uppercase_letter(),
            age_band=rng.choices(age_bands, weights=[2, 3, 5, 3, 2])[0],
            consent_on=months[0] + dt.timedelta(days=rng.randint(0, 60)),
        )
        for _ in range(rng.randint(40, 120))
    ])
    # Each residence has its own pace, and a core of regulars.
    pace = rng.randint(4, 12)
    regulars = rng.sample(residents, k=max(5, len(residents) // 5))
    activities, attendances = [], []
    for month in months:
        days = (next_month(month) - month).days
        for _ in range(rng.randint(max(1, pace - 3), pace + 3)):
            start = dt.datetime.combine(
                month + dt.timedelta(days=rng.randrange(days)), dt.time(rng.choice([10, 14, 15, 17, 18])), tzinfo=tz
            )
            title, kind = rng.choice(ACTIVITY_CATALOGUE)
            activities.append(Activity(
                title=title, kind=kind, starts_at=start,
                ends_at=start + dt.timedelta(hours=rng.choice([1, 2, 3])), place="Salle commune",
                facilitator=fake.name(),
            ))
    Activity.objects.bulk_create(activities)
    now = dt.datetime.now(tz)
    for activity in activities:
        if activity.starts_at > now:
            continue
        size = rng.randint(2, 14)
        people = set(rng.sample(regulars, k=min(len(regulars), size // 2)))
        people.update(rng.sample(residents, k=size - len(people)))
        attendances.extend(Attendance(activity=activity, resident=p) for p in people)
    Attendance.objects.bulk_create(attendances)
    dropins_demo_populate(rng=rng, months=months)
