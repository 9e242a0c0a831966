"""Demo data of residents' projects, calls for projects, applications and funding plans
(run after core/partners/demo.py)."""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from core.documents.factories import PDF_BYTES
from core.documents.models import Document, DocumentKind
from core.funding.models import CallSource
from core.funding.services import (
    application_create,
    application_stage_set,
    call_create,
    funding_line_add,
    report_due_add,
)
from core.partners.models import Partner
from core.people.models import Resident
from core.projects.services import (
    checklist_set,
    project_create,
    project_stage_set,
    target_actual_set,
    target_add,
    task_add,
    task_done,
)

CALLS = [
    ("Fonds de participation des habitants", "Ville", Decimal("500"), Decimal("3000"), ["Vie associative"]),
    ("Appel à projets « Quartiers solidaires »", "Fondation de France", Decimal("2000"), Decimal("15000"),
     ["Solidarité / Cohésion sociale"]),
    ("Appel à initiatives « Mieux vivre ensemble »", "Bailleur", Decimal("1000"), Decimal("5000"), ["Lien social"]),
    ("Budget participatif départemental", "Département", None, Decimal("20000"), ["Environnement", "Cadre de vie"]),
]
PROJECTS = [
    ("Atelier couture vers l'emploi", "collective_action", "Se former à la couture et aller vers l'emploi",
     [("habitant·es formé·es", 8), ("ateliers", 20)]),
    ("Fête des voisins intergénérationnelle", "event", "Se rencontrer entre générations", [("participant·es", 60)]),
    ("Association « Les Jardiniers du bâtiment C »", "association", "Faire vivre le potager", [("adhérent·es", 15)]),
    ("Repair café mensuel", "collective_action", "Réparer plutôt que jeter", [("objets réparés", 100)]),
]


def _document(title: str, kind: str) -> Document:
    from core.documents.detection import PDF

    content = ContentFile(PDF_BYTES, name=f"{title}.pdf")
    document = Document(title=title, kind=kind, original_name=f"{title}.pdf", content_type=PDF.content_type,
                        extension=PDF.extension, size=len(PDF_BYTES), sha256="demo", uploaded_by="Coordination")
    document.file.save(content.name, content, save=False)
    document.save()
    return document


def demo_populate(*, seed: str, months: list[dt.date]) -> None:
    rng = random.Random(seed)
    today = timezone.localdate()
    first = months[0]
    partners = list(Partner.objects.order_by("id"))
    funder = next((p for p in partners if p.kind == "funder"), None)
    residents = list(Resident.objects.order_by("id")[:30])
    calls = []
    for i, (title, funder_name, low, high, themes) in enumerate(CALLS):
        calls.append(call_create(
            title=title, funder=funder if funder and funder_name == "Fondation de France" else None,
            funder_name=funder_name, amount_min=low, amount_max=high, themes=themes,
            eligible=["association", "residents_group"], opens_on=first + dt.timedelta(days=30 * i),
            deadline=today + dt.timedelta(days=rng.choice([10, 25, 45, 90]))))
    imported = call_create(title="Soutien aux tiers-lieux solidaires", funder_name="Agence nationale de la cohésion "
                           "des territoires", themes=["Tiers-lieux"], eligible=["association"],
                           deadline=today + dt.timedelta(days=20))
    type(imported).objects.filter(pk=imported.pk).update(source=CallSource.AIDES_TERRITOIRES, source_id="demo-1",
                                                          updated_at_source=True)
    for i, (title, kind, need, targets) in enumerate(PROJECTS):
        start = first + dt.timedelta(days=20 * i)
        project = project_create(title=title, kind=kind, need=need, residents=rng.sample(residents, k=min(3, len(residents))),
                                 carrier_partner=partners[i % len(partners)] if i % 2 else None,
                                 carrier_group="" if i % 2 else "Collectif d'habitant·es",
                                 partners=rng.sample(partners, k=min(2, len(partners))), started_on=start,
                                 recorded_by="Coordination")
        day = start
        for stage in ["design", "funding", "running", "review", "done"][: 2 + i % 4]:
            day += dt.timedelta(days=rng.randint(10, 30))
            if day > today:
                break
            project_stage_set(project=project, stage=stage, on=day, recorded_by="Coordination")
        for label, value in targets:
            target = target_add(project=project, label=label, target=value)
            if i % 2 == 0:
                target_actual_set(target=target, actual=rng.randint(value // 2, value + 2))
        for title_, owner in (("Réserver la salle", "Coordination"), ("Faire l'affiche", "Habitant·es")):
            task = task_add(project=project, title=title_, owner=owner, due_on=today + dt.timedelta(days=14))
            if rng.random() < 0.5:
                task_done(task=task, done_on=min(today, start + dt.timedelta(days=15)))
        checklist_set(project=project, step="insurance", done_on=min(today, start + dt.timedelta(days=30)))
        if kind == "association":
            checklist_set(project=project, step="statutes", done_on=min(today, start + dt.timedelta(days=40)))
            project.documents.add(_document("Statuts de l'association", DocumentKind.STATUTES))
        call = calls[i % len(calls)]
        requested = (call.amount_max or Decimal("3000")) / 2
        application = application_create(call=call, amount_requested=requested, project=project,
                                         title=f"{title} — {call.title}", co_applicants=partners[:1],
                                         recorded_by="Coordination")
        funding_line_add(project=project, source="application", application=application, planned=requested)
        funding_line_add(project=project, source="own", planned=Decimal("150.00"), obtained=Decimal("150.00"))
        funding_line_add(project=project, source="in_kind", label="Salle commune prêtée", planned=Decimal("400.00"),
                         obtained=Decimal("400.00"))
        if i % 4 == 0:
            continue
        submitted = min(today, start + dt.timedelta(days=25))
        application_stage_set(application=application, stage="submitted", on=submitted)
        if i % 4 == 1:
            application_stage_set(application=application, stage="granted", amount_granted=requested,
                                  on=min(today, submitted + dt.timedelta(days=30)))
            report_due_add(application=application, due_on=today + dt.timedelta(days=25), label="Bilan final")
        elif i % 4 == 2:
            application_stage_set(application=application, stage="partly_granted",
                                  amount_granted=(requested * Decimal("0.6")).quantize(Decimal("0.01")),
                                  on=min(today, submitted + dt.timedelta(days=30)))
