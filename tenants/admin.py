from django import forms
from django.apps import apps as django_apps
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tenants.models import Domain, Landlord, Residence, ResidenceMembership, User
from tenants.services import residence_create

# French titles instead of « Django administration »; the admin is the head office's support tool.
admin.site.site_header = _("Administration de Particip'Actives")
admin.site.site_title = _("Administration Particip'Actives")
admin.site.index_title = _("Support du siège")
admin.site.site_url = "/pilotage/"

# Third-party apps the head office sees here, in French: axes names its app after the package,
# auditlog and django-otp's TOTP plugin ship no French. App names are not in migrations; a model's
# verbose_name is only through its Meta (`original_attrs`), so setting it here changes no migration.
THIRD_PARTY_APP_NAMES = {
    "auditlog": _("Journal des modifications"),
    "axes": _("Protection des connexions"),
    "otp_totp": _("Double authentification"),
}
THIRD_PARTY_MODEL_NAMES = {
    "otp_totp.TOTPDevice": (_("application d'authentification (TOTP)"),
                            _("applications d'authentification (TOTP)")),
}
for _label, _name in THIRD_PARTY_APP_NAMES.items():
    django_apps.get_app_config(_label).verbose_name = _name
for _model, (_singular, _plural) in THIRD_PARTY_MODEL_NAMES.items():
    django_apps.get_model(_model)._meta.verbose_name = _singular
    django_apps.get_model(_model)._meta.verbose_name_plural = _plural


@admin.register(Landlord)
class LandlordAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "siren"]
    search_fields = ["name", "short_name", "siren"]


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0
    readonly_fields = ["domain", "is_primary"]
    can_delete = False


class ResidenceCreationForm(forms.ModelForm):
    class Meta:
        model = Residence
        fields = [
            "name", "slug", "landlord", "address", "postcode", "city", "department", "dwellings",
            "is_priority_neighbourhood", "opened_on",
        ]

    def clean_slug(self):
        from django_tenants.utils import schema_exists

        from tenants.services import schema_name_for_slug

        slug = self.cleaned_data["slug"]
        if schema_exists(schema_name_for_slug(slug)):
            raise ValidationError(_("Une résidence utilise déjà l'identifiant « %(slug)s ».") % {"slug": slug})
        return slug


@admin.register(Residence)
class ResidenceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "landlord", "city", "department", "dwellings", "is_priority_neighbourhood", "status"]
    list_filter = ["landlord", "status", "is_priority_neighbourhood", "department"]
    search_fields = ["name", "slug", "city"]
    inlines = [DomainInline]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ResidenceCreationForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return ["slug", "schema_name", "created_at"] if obj else []

    def get_inlines(self, request, obj):
        return self.inlines if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        result = residence_create(**{f: form.cleaned_data[f] for f in ResidenceCreationForm.Meta.fields})
        form.instance = result.residence
        obj.pk = result.residence.pk
        messages.success(request, _("Résidence créée : %(domain)s") % {"domain": result.domain})

    def has_delete_permission(self, request, obj=None):
        # Deleting a residence drops its data: done by an operator, see docs/operations.md.
        return False


class MembershipInline(admin.TabularInline):
    model = ResidenceMembership
    extra = 0
    autocomplete_fields = ["residence"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "landlord", "is_active"]
    list_filter = ["role", "landlord", "is_active"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Identité et rôle"), {"fields": ["full_name", "role", "landlord"]}),
        (_("Droits"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "role", "landlord", "password1", "password2"]}),
    ]
