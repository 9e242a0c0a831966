"""API of residents' voice on the residence host. Lists go through the screens' filter forms and
selectors; ids resolve through `access_*_by_id` (another residence's id is a 404); writes go through
the services, whose refusals become 400s naming the field."""
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from apes_platform.forms import user_label

from core.spaces.api.base import ResidenceViewSet, filter_parameters
from core.voice import selectors, services
from core.voice.api.serializers import (
    BallotInputSerializer,
    BallotReceiptSerializer,
    BodyDecisionSerializer,
    ConsultationSerializer,
    GovernanceBodySerializer,
    MandateSerializer,
    NeedSerializer,
    QuestionnaireSerializer,
    QuestionSerializer,
    SkillEntrySerializer,
    SkillExchangeSerializer,
    SubmissionInputSerializer,
    SubmissionSerializer,
)
from core.voice.forms import (
    BodyFilterForm,
    ConsultationFilterForm,
    NeedFilterForm,
    QuestionnaireFilterForm,
    SkillExchangeFilterForm,
    SkillFilterForm,
    SubmissionFilterForm,
)
from core.voice.models import BallotChannel, Question

READ_CREATE = (mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin)


def _answer_errors(exc: DjangoValidationError) -> ValidationError:
    """The service names a question's refusal `q_<id>` (the form's field); the API's field is `answers`,
    keyed by question id as sent."""
    errors, by_question = {}, {}
    for field, messages in exc.message_dict.items():
        if field.startswith("q_"):
            by_question[field[2:]] = messages
        else:
            errors["answers" if field == "__all__" else field] = messages
    if by_question:
        errors["answers"] = by_question
    return ValidationError(errors)


def _filters(form_class, params) -> dict:
    form = form_class(params or None)
    if form.is_bound and not form.is_valid():
        raise ValidationError({k: [e["message"] for e in v] for k, v in form.errors.get_json_data().items()})
    return form.cleaned_data if form.is_bound else {}


@extend_schema(parameters=filter_parameters(QuestionnaireFilterForm))
class QuestionnaireViewSet(*READ_CREATE, ResidenceViewSet):
    """Diagnosis questionnaires (built by the coordinator; not the fixed social-ties questionnaire of
    /api/evaluation/). `questions` lists the current version's questions; `answers` lists and records
    the answers (portal, paper, interview) through the same service as the screens."""

    serializer_class = QuestionnaireSerializer
    filter_form_class = QuestionnaireFilterForm
    access = staticmethod(selectors.access_questionnaire_by_id)

    def get_queryset(self):
        return selectors.questionnaire_list(**self.filter_criteria())

    def perform_create(self, serializer):
        questionnaire = services.questionnaire_create(**serializer.validated_data)
        serializer.instance = selectors.access_questionnaire_by_id(actor=self.request.user, id=questionnaire.pk)

    @extend_schema(methods=["GET"], responses=SubmissionSerializer(many=True),
                   parameters=filter_parameters(SubmissionFilterForm),
                   description=_("Les réponses reçues, quel que soit le canal (portail, papier, entretien)."))
    @extend_schema(methods=["POST"], request=SubmissionInputSerializer, responses={201: SubmissionSerializer},
                   description=_("Enregistre les réponses d'une personne à la version en cours, comme l'écran de saisie "
                                 "papier (même service) : une réponse par habitant·e et questionnaire quel que soit "
                                 "le canal ; un refus nomme le champ (`answers` → identifiant de la question pour "
                                 "celui d'une question)."))
    @action(detail=True, methods=["get", "post"])
    def answers(self, request, pk=None):
        questionnaire = self.get_object()
        if request.method == "GET":
            rows = selectors.submission_answers(
                questionnaire=questionnaire, **_filters(SubmissionFilterForm, request.query_params))
            page = self.paginate_queryset(rows)
            return self.get_paginated_response(SubmissionSerializer(page, many=True).data)
        serializer = SubmissionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        answers = {key if str(key).startswith("q_") else f"q_{key}": value for key, value in data["answers"].items()}
        try:
            submission = services.submission_record(
                questionnaire=questionnaire, answers=answers, source=data["source"], resident=data.get("resident"),
                answered_on=data.get("answered_on"), entered_by=user_label(request))
        except DjangoValidationError as exc:
            raise _answer_errors(exc) from exc
        row = selectors.submission_answers(questionnaire=questionnaire).get(pk=submission.pk)
        return Response(SubmissionSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=QuestionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)  # the whole current version, as the schema says
    def questions(self, request, pk=None):
        version = selectors.current_version(questionnaire=self.get_object())
        rows = (Question.objects.filter(section__version=version).select_related("section")
                .prefetch_related("options").order_by("section__position", "position", "id"))
        return Response(QuestionSerializer(rows, many=True).data)


@extend_schema(parameters=filter_parameters(NeedFilterForm))
class NeedViewSet(*READ_CREATE, ResidenceViewSet):
    """The needs catalogue, with how many people expressed each need and how many activities answer it."""

    serializer_class = NeedSerializer
    filter_form_class = NeedFilterForm
    access = staticmethod(selectors.access_need_by_id)

    def get_queryset(self):
        return selectors.need_catalogue(**self.filter_criteria())

    def perform_create(self, serializer):
        need = services.need_create(**serializer.validated_data)
        serializer.instance = selectors.access_need_by_id(actor=self.request.user, id=need.pk)


@extend_schema(parameters=filter_parameters(SkillFilterForm))
class SkillViewSet(*READ_CREATE, ResidenceViewSet):
    """Residents' skills: offers (« propose ») and wishes (« souhaite apprendre »)."""

    serializer_class = SkillEntrySerializer
    filter_form_class = SkillFilterForm
    access = staticmethod(selectors.access_skill_entry_by_id)

    def get_queryset(self):
        return selectors.skill_entry_list(**self.filter_criteria())

    def perform_create(self, serializer):
        serializer.instance = services.skill_entry_add(**serializer.validated_data)


@extend_schema(parameters=filter_parameters(SkillExchangeFilterForm))
class SkillExchangeViewSet(*READ_CREATE, ResidenceViewSet):
    """Skill exchanges that took place (who, what, when, hours); `intergenerational` is computed."""

    serializer_class = SkillExchangeSerializer
    filter_form_class = SkillExchangeFilterForm
    access = staticmethod(selectors.access_skill_exchange_by_id)

    def get_queryset(self):
        return selectors.skill_exchange_list(**self.filter_criteria())

    def perform_create(self, serializer):
        serializer.instance = services.skill_exchange_record(**serializer.validated_data)


@extend_schema(parameters=filter_parameters(ConsultationFilterForm))
class ConsultationViewSet(*READ_CREATE, ResidenceViewSet):
    """Consultations and votes, with their options, voter count and decision. `ballots` casts a ballot
    (online or paper) through the same service as the portal and the paper entry screen."""

    serializer_class = ConsultationSerializer
    filter_form_class = ConsultationFilterForm
    access = staticmethod(selectors.access_consultation_by_id)

    def get_queryset(self):
        return selectors.consultation_list(**self.filter_criteria()).prefetch_related("options")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data["options"] = data.pop("option_labels")
        consultation = services.consultation_create(**data)
        serializer.instance = selectors.access_consultation_by_id(actor=self.request.user, id=consultation.pk)

    @extend_schema(request=BallotInputSerializer, responses={201: BallotReceiptSerializer},
                   description=_("Enregistre le vote d'une personne, en ligne ou bulletin papier saisi (même service que "
                                 "les écrans) : l'émargement refuse un second vote de la personne ou du foyer quel "
                                 "que soit le canal ; un scrutin secret ne garde aucune trace des choix. La réponse "
                                 "est la ligne d'émargement : qui a voté, jamais quoi."))
    @action(detail=True, methods=["post"])
    def ballots(self, request, pk=None):
        consultation = self.get_object()
        serializer = BallotInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        entry = services.ballot_cast(consultation=consultation, resident=data["resident"], option_ids=data["options"],
                                     channel=data["channel"] or BallotChannel.PAPER)
        entry.voters = selectors.consultation_voter_count(consultation=consultation)
        return Response(BallotReceiptSerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        """Tallies, voters, electorate and turnout (by age band: « < 11 » below the threshold)."""
        results = selectors.consultation_results(consultation=self.get_object())
        return Response({
            "voters": results.voters, "electorate": results.electorate,
            "turnout": None if results.turnout is None else str(results.turnout),
            "tallies": [{"option": o.pk, "label": o.label, "votes": n} for o, n in results.tallies],
            "by_channel": results.by_channel,
            "by_age_band": [{"age_band": band, "turnout": shown} for band, _n, shown in results.by_age],
        })


@extend_schema(parameters=filter_parameters(BodyFilterForm))
class GovernanceBodyViewSet(*READ_CREATE, ResidenceViewSet):
    """Governance bodies (residents' committee…), with `mandates` and followed `decisions` as sub-routes."""

    serializer_class = GovernanceBodySerializer
    filter_form_class = BodyFilterForm
    access = staticmethod(selectors.access_body_by_id)

    def get_queryset(self):
        return selectors.body_list(**self.filter_criteria())

    def perform_create(self, serializer):
        body = services.body_create(**serializer.validated_data)
        serializer.instance = selectors.access_body_by_id(actor=self.request.user, id=body.pk)

    @extend_schema(responses=MandateSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def mandates(self, request, pk=None):
        return Response(MandateSerializer(selectors.body_mandates(body=self.get_object()), many=True).data)

    @extend_schema(responses=BodyDecisionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def decisions(self, request, pk=None):
        return Response(BodyDecisionSerializer(selectors.body_decisions(body=self.get_object()), many=True).data)
