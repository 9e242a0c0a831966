from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.budget.models import BudgetEntry, BudgetLine, BudgetYear, Decision, EntryKind, Envelope
from core.budget.services import application_problem
from core.funding.selectors import application_list
from core.projects.selectors import project_list

NOT_HERE = {"does_not_exist": _("Cet objet n'existe pas dans cette résidence (n° « {pk_value} »)."),
            "incorrect_type": _("Indiquez un numéro.")}
MONEY = {"max_digits": 12, "decimal_places": 2}


def _related(queryset, **kwargs):
    return serializers.PrimaryKeyRelatedField(queryset=queryset, error_messages=NOT_HERE, **kwargs)


class FiguresSerializer(serializers.Serializer):
    """The figures of a line or a year, in euros (strings with two decimals)."""

    planned = serializers.DecimalField(**MONEY, read_only=True)
    committed = serializers.DecimalField(**MONEY, read_only=True)
    outstanding = serializers.DecimalField(**MONEY, read_only=True)
    spent = serializers.DecimalField(**MONEY, read_only=True)
    refunds = serializers.DecimalField(**MONEY, read_only=True)
    remaining = serializers.DecimalField(**MONEY, read_only=True)
    available = serializers.DecimalField(**MONEY, read_only=True)


class EnvelopeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Envelope
        fields = ["id", "source", "label", "amount"]


class BudgetYearSerializer(serializers.ModelSerializer):
    envelopes = EnvelopeSerializer(many=True, read_only=True)
    figures = serializers.SerializerMethodField()

    class Meta:
        model = BudgetYear
        fields = ["id", "year", "status", "note", "closed_at", "closed_by", "envelopes", "figures"]
        read_only_fields = ["id", "status", "closed_at", "closed_by"]
        validators = []

    def get_figures(self, year) -> FiguresSerializer:
        return FiguresSerializer(self.context["figures"].get(year.pk)).data


class BudgetYearCloseSerializer(serializers.Serializer):
    carry_over = serializers.BooleanField(default=False, help_text=_("Reporter le reliquat sur l'exercice suivant."))


class BudgetLineSerializer(serializers.ModelSerializer):
    year = _related(BudgetYear.objects.all())
    figures = serializers.SerializerMethodField()

    class Meta:
        model = BudgetLine
        fields = ["id", "year", "name", "category", "planned_amount", "overspend_rule", "figures"]
        read_only_fields = ["id"]
        validators = []

    def get_figures(self, line) -> FiguresSerializer:
        return FiguresSerializer(self.context["figures"].get(line.pk)).data


class DecisionSerializer(serializers.ModelSerializer):
    line = _related(BudgetLine.objects.all(), required=False, allow_null=True)
    spent = serializers.DecimalField(**MONEY, read_only=True)
    left = serializers.DecimalField(**MONEY, read_only=True)

    class Meta:
        model = Decision
        fields = ["id", "year", "decided_on", "body", "title", "text", "amount", "line", "spent", "left",
                  "recorded_by", "created_at"]
        read_only_fields = ["id", "year", "recorded_by", "created_at"]


ENTRY_KINDS = [EntryKind.COMMITMENT, EntryKind.EXPENSE, EntryKind.REFUND, EntryKind.INCOME]


class BudgetEntrySerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=[(k.value, k.label) for k in ENTRY_KINDS] + [
        (EntryKind.CARRY_OVER.value, EntryKind.CARRY_OVER.label)])
    line = _related(BudgetLine.objects.all(), required=False, allow_null=True)
    decision = _related(Decision.objects.all(), required=False, allow_null=True)
    commitment = _related(BudgetEntry.objects.filter(kind=EntryKind.COMMITMENT), required=False, allow_null=True)
    project = _related(project_list(), required=False, allow_null=True,
                       help_text=_("Projet d'habitant·es lié (engagement ou dépense)."))
    application = _related(application_list(), required=False, allow_null=True,
                           help_text=_("Dossier de financement accordé (ou accordé en partie) : recette "
                                       "« subvention reçue » seulement."))
    receipt = serializers.FileField(write_only=True, required=False, allow_null=True,
                                    help_text=_("PDF, JPEG ou PNG (envoi multipart/form-data)."))
    receipt_id = serializers.IntegerField(read_only=True, allow_null=True)
    amount = serializers.DecimalField(**MONEY, help_text=_("En euros TTC, deux décimales au plus, positif."))

    class Meta:
        model = BudgetEntry
        fields = ["id", "year", "kind", "line", "date", "amount", "label", "supplier", "payment_method",
                  "commitment_kind", "income_kind", "commitment", "decision", "activity", "project",
                  "application", "overspend_reason", "corrects", "receipt", "receipt_id", "note", "recorded_by", "recorded_at"]
        read_only_fields = ["id", "year", "corrects", "recorded_by", "recorded_at"]
        validators = []

    def validate_kind(self, value):
        if value == EntryKind.CARRY_OVER:
            raise serializers.ValidationError(_("Un report s'écrit en clôturant l'exercice précédent."))
        return value

    def service_kwargs(self) -> tuple[str, dict]:
        data = dict(self.validated_data)
        kind = data.pop("kind")
        data.pop("year", None)
        allowed = {
            EntryKind.EXPENSE: {"line", "date", "amount", "label", "supplier", "payment_method", "commitment",
                                "decision", "activity", "project", "overspend_reason", "note", "receipt"},
            EntryKind.COMMITMENT: {"line", "date", "amount", "label", "supplier", "commitment_kind", "decision",
                                   "activity", "project", "overspend_reason", "note", "receipt"},
            EntryKind.REFUND: {"line", "date", "amount", "label", "supplier", "payment_method", "note", "receipt"},
            EntryKind.INCOME: {"date", "amount", "label", "income_kind", "payment_method", "application", "note",
                               "receipt"},
        }[kind]
        ignored = set(data) - allowed
        errors = {name: [_("Sans objet pour cette nature d'écriture.")] for name in ignored if data[name] not in ("", None)}
        if kind != EntryKind.INCOME and not data.get("line"):
            errors["line"] = [_("Choisissez la ligne budgétaire.")]
        if kind == EntryKind.INCOME and not data.get("income_kind"):
            errors["income_kind"] = [_("Choisissez la nature de la recette.")]
        if kind == EntryKind.INCOME and "application" not in errors:
            problem = application_problem(data.get("application"), income_kind=data.get("income_kind", ""))
            if problem:
                errors["application"] = [problem]
        if errors:
            raise serializers.ValidationError(errors)
        return kind, {k: v for k, v in data.items() if k in allowed}


class CorrectionSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text=_("Raison de la correction."))
    date = serializers.DateField(required=False, allow_null=True)
