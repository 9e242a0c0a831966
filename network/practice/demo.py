"""Demo of the network of practice: two published sheets (one also for landlords), one copied into a third
residence and followed as an experiment, two resources of the library, a past workshop with its attendance
and materials and an upcoming site visit. Deterministic; called by tenants/demo.py after the residences
are filled (their projects and series exist)."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from network.practice import services
from network.practice.models import CostBand, EventKind, ResourceKind, SheetAudience, SourceKind, Theme

PARIS = ZoneInfo("Europe/Paris")
# The smallest valid PDF the upload check accepts (its content says PDF).
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")

SHEETS = [
    dict(theme=Theme.ENVIRONMENT, audience=SheetAudience.ALL, cost_band=CostBand.UNDER_500,
         context="Une pelouse inutilisée au pied des immeubles et des habitant·es qui voulaient jardiner.",
         objectives="Créer un lieu de rencontre entre générations autour du potager.",
         how="Un atelier de conception avec les habitant·es, puis des permanences de jardinage le samedi matin.",
         partner_kinds="centre social, service des espaces verts de la ville", budget="environ 450 €",
         what_worked="Les bacs surélevés ont permis aux seniors de participer.",
         pitfalls="Prévoir l'arrosage pendant les vacances d'été.", materials="Bacs, terreau, outils, récupérateur d'eau"),
    dict(theme=Theme.DIGITAL, audience=SheetAudience.SENIORS, cost_band=CostBand.FREE,
         context="Des seniors isolés face aux démarches en ligne.",
         objectives="Rendre autonomes sur les démarches courantes, en petits groupes.",
         how="Un atelier chaque semaine, animé par une association de médiation numérique.",
         partner_kinds="association de médiation numérique", budget="sans coût (atelier pris en charge)",
         what_worked="Des groupes de six personnes au plus, avec les propres téléphones des participant·es.",
         pitfalls="Annoncer les ateliers par affichage et de vive voix : l'e-mail ne touche pas ce public.",
         materials="Deux tablettes de prêt, une connexion wifi fiable"),
]


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def demo_populate(*, residences, head_office, coordinators, today: dt.date) -> None:
    from core.activities.selectors import series_list
    from core.projects.selectors import project_list
    from tenants.selectors import residence_list_for_user

    published = []
    for residence, fields, kind in zip(residences[:2], SHEETS, (SourceKind.PROJECT, SourceKind.SERIES)):
        with schema_context(residence.schema_name):
            source = (project_list() if kind == SourceKind.PROJECT else series_list()).first()
            if source is None:
                continue
            sheet = services.sheet_start(actor=head_office, source_kind=kind, source_id=source.pk)
            services.sheet_update(sheet=sheet, **fields)
            try:
                services.sheet_submit(sheet=sheet, actor=head_office)
            except ValidationError:
                continue  # the generated project names a demo resident: it stays a draft, as it would for real
        published.append(services.sheet_publish(sheet=sheet, actor=head_office, for_landlords=not published))
    if published and len(residences) > 2:
        services.sheet_experiment_set(sheet=published[0], actor=head_office, is_experiment=True)
        with schema_context(residences[2].schema_name):
            services.sheet_replicate(sheet=published[0], actor=head_office)

    services.resource_create(actor=head_office, title="Guide de l'aller-vers", kind=ResourceKind.GUIDE,
                             description="Aller à la rencontre des habitant·es qui ne viennent pas à la salle.",
                             tags="aller-vers, mobilisation", for_landlords=True, file=_pdf("guide-aller-vers.pdf"))
    game = services.resource_create(actor=head_office, title="Jeu de cartes « Qui sait faire quoi ? »",
                                    kind=ResourceKind.GAME, tags="savoir-faire, animation",
                                    description="Un jeu pour faire émerger les savoir-faire des habitant·es.",
                                    file=_pdf("jeu-savoir-faire.pdf"))
    past_day = today - dt.timedelta(days=20)
    workshop = services.event_create(
        actor=head_office, title="Atelier thématique : mobiliser les familles", kind=EventKind.WORKSHOP,
        starts_at=dt.datetime.combine(past_day, dt.time(9, 30), PARIS),
        ends_at=dt.datetime.combine(past_day, dt.time(12, 30), PARIS), place="Siège de L'apes, Paris",
        for_coordinators=True, for_partners=True)
    for coordinator in coordinators:
        residence = residence_list_for_user(user=coordinator).order_by("pk").first()
        services.registration_self(event=workshop, actor=coordinator, residence=residence)
    services.registration_partner_add(event=workshop, actor=head_office, name="Centre social Louise-Michel",
                                      email="contact@centre-social.demo")
    services.attendance_set(event=workshop, actor=head_office,
                            present_ids=list(workshop.registrations.values_list("pk", flat=True))[:-1])
    services.event_materials_set(actor=head_office, event=workshop, resources=[game])
    visit_day = today + dt.timedelta(days=15)
    services.event_create(
        actor=head_office, title="Visite de site : le jardin partagé", kind=EventKind.SITE_VISIT,
        starts_at=dt.datetime.combine(visit_day, dt.time(14, 0), PARIS),
        ends_at=dt.datetime.combine(visit_day, dt.time(16, 0), PARIS), place=residences[0].address or "Résidence",
        video_link="", for_coordinators=True, for_landlords=True, capacity=20)
