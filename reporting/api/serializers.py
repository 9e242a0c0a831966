from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class IndicatorValueSerializer(serializers.Serializer):
    residence = serializers.CharField(help_text=_("Identifiant (slug) de la résidence"))
    residence_name = serializers.CharField()
    landlord = serializers.CharField()
    indicator = serializers.CharField()
    period_kind = serializers.ChoiceField(choices=["month", "quarter", "year"])
    period = serializers.CharField(help_text=_("2026-10 (mois), 2026-T4 (trimestre) ou 2026 (année)"))
    month = serializers.DateField(help_text=_("Premier jour de la période"))
    value = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    suppressed = serializers.BooleanField(help_text=_("Vrai si la valeur est masquée (petit effectif ou masquage secondaire)"))
    suppressed_reason = serializers.ChoiceField(
        choices=["small_count", "secondary"], allow_null=True,
        help_text=_("Pourquoi la valeur est masquée : « small_count » (moins de 11 personnes) ou « secondary » "
                  "(masquée pour qu'un petit effectif ne puisse pas être recalculé) ; null si elle est affichée"))
    display = serializers.CharField(help_text=_("La valeur telle qu'affichée (« 1 234,5 », « < 11 », « masqué », « – »)"))
    unit = serializers.CharField()


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    definition = serializers.CharField()
    unit = serializers.CharField()
    period = serializers.CharField(help_text=_("Période la plus fine pour laquelle il est calculé"))
    period_kinds = serializers.ListField(child=serializers.CharField())
    higher_is_better = serializers.BooleanField()
    direction = serializers.CharField()
    counts_people = serializers.BooleanField()
    sources = serializers.ListField(child=serializers.CharField())
    theme = serializers.CharField()


class ReportingResidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    landlord = serializers.CharField(source="landlord.short_name")
    city = serializers.CharField()
    department = serializers.CharField()
    dwellings = serializers.IntegerField()
    is_priority_neighbourhood = serializers.BooleanField()
