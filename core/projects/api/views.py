from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from apes_platform.forms import user_label
from core.projects.api.serializers import ProjectSerializer, ProjectStageInputSerializer
from core.projects.forms import ProjectFilterForm
from core.projects.selectors import access_project_by_id, project_list
from core.projects.services import project_create, project_review_save, project_stage_set, project_update
from core.spaces.api.base import ResidenceViewSet, filter_parameters


@extend_schema(parameters=filter_parameters(ProjectFilterForm))
class ProjectViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                     mixins.UpdateModelMixin, ResidenceViewSet):
    """Residents' projects: carriers, stage (dated; `POST …/{id}/stage/`), tasks and targets with actuals."""

    serializer_class = ProjectSerializer
    filter_form_class = ProjectFilterForm
    access = staticmethod(access_project_by_id)

    def get_queryset(self):
        return project_list(**self.filter_criteria()).prefetch_related("tasks", "targets")

    def _reload(self, pk):
        return project_list().prefetch_related("tasks", "targets").get(pk=pk)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        review = {k: data.pop(k) for k in ("review_worked", "review_pass_on") if k in data}
        created = project_create(recorded_by=user_label(self.request), **data)
        if review:
            project_review_save(project=created, review_worked=review.get("review_worked", ""),
                                review_pass_on=review.get("review_pass_on", ""))
        serializer.instance = self._reload(created.pk)

    def perform_update(self, serializer):
        updated = project_update(project=access_project_by_id(actor=self.request.user, id=serializer.instance.pk), **serializer.validated_data)
        serializer.instance = self._reload(updated.pk)

    @extend_schema(request=ProjectStageInputSerializer, responses=ProjectSerializer)
    @action(detail=True, methods=["post"])
    def stage(self, request, pk=None):
        project = self.get_object()
        data = ProjectStageInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        project_stage_set(project=project, recorded_by=user_label(request), **data.validated_data)
        return Response(ProjectSerializer(self._reload(project.pk)).data)
