from django.urls import path

from core.budget import views

app_name = "budget"
urlpatterns = [
    path("", views.index, name="index"),
    path("exercices/", views.years, name="years"),
    path("exercices/<int:year_id>/", views.year_detail, name="year"),
    path("exercices/<int:year_id>/enveloppes/nouvelle/", views.envelope_new, name="envelope_new"),
    path("exercices/<int:year_id>/lignes/nouvelle/", views.line_new, name="line_new"),
    path("exercices/<int:year_id>/cloturer/", views.year_close, name="year_close"),
    path("exercices/<int:year_id>/etat.pdf", views.statement_pdf, name="statement"),
    path("enveloppes/<int:envelope_id>/modifier/", views.envelope_edit, name="envelope_edit"),
    path("lignes/<int:line_id>/modifier/", views.line_edit, name="line_edit"),
    path("ecritures/", views.ledger, name="ledger"),
    path("ecritures/<int:entry_id>/", views.entry_detail, name="entry"),
    path("ecritures/<int:entry_id>/contre-passer/", views.entry_correct, name="entry_correct"),
    path("depenses/nouvelle/", views.expense_new, name="expense_new"),
    path("engagements/nouveau/", views.commitment_new, name="commitment_new"),
    path("remboursements/nouveau/", views.refund_new, name="refund_new"),
    path("recettes/nouvelle/", views.income_new, name="income_new"),
    path("decisions/", views.decisions, name="decisions"),
    path("decisions/nouvelle/", views.decision_new, name="decision_new"),
    path("decisions/<int:decision_id>/", views.decision_detail, name="decision"),
    path("decisions/<int:decision_id>/modifier/", views.decision_edit, name="decision_edit"),
]
