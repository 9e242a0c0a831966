"""Upload page (preview of every error, all-or-nothing save) and downloadable templates."""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apes_platform.exports import FORMATS, export_response
from core.imports.forms import ImportForm
from core.imports.services import import_run, import_validate
from core.imports.specs import SPECS


def import_index(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        spec = SPECS[form.cleaned_data["kind"]]
        upload = form.cleaned_data["file"]
        action = import_validate if form.cleaned_data["check_only"] else import_run
        report = action(spec=spec, content=upload.read(), filename=upload.name)
        if report.is_valid and report.saved:
            messages.success(request, _("%(count)s ligne(s) importée(s).") % {"count": report.saved})
            return redirect("imports:index")
    return render(request, "imports/index.html", {"form": form, "report": report, "specs": SPECS.values()})


def import_template(request, kind: str, fmt: str):
    spec = SPECS.get(kind)
    if spec is None or fmt not in FORMATS:
        raise Http404(_("Modèle introuvable"))
    columns = [(c.header, (lambda row, i=i: row[i])) for i, c in enumerate(spec.columns)]
    example = [c.example for c in spec.columns]
    return export_response([example], columns, filename=f"modele-{spec.kind}", fmt=fmt)
