"""Public pages (双随机、一公开): published plans with their draw, seed and inputs, and, once published,
their results. Subjects are businesses and public bodies; inspectors are named by the plan, as the
practice requires; no personal data beyond that is shown."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_page

from .models import InspectionPlan


def _published():
    return InspectionPlan.objects.filter(published_at__isnull=False).select_related("division", "department")


@cache_page(60)
def plan_list(request):
    return render(
        request, "inspections/public_plan_list.html", {"plans": _published().order_by("-starts_on")[:100]}
    )


def plan_detail(request, pk: int):
    plan = get_object_or_404(_published(), pk=pk)
    if request.GET.get("format") == "json":
        # Everything needed to re-run the draw (docs/inspections.md): seed, algorithm, sorted id lists.
        return JsonResponse(
            {
                "plan": plan.pk,
                "title": plan.title,
                "seed": plan.seed,
                "inputs": plan.draw_inputs,
                "result": plan.draw_result,
            },
            json_dumps_params={"ensure_ascii": False},
        )
    targets = plan.targets.select_related("enterprise", "division").prefetch_related(
        "inspectors", "inspections"
    )
    return render(
        request,
        "inspections/public_plan_detail.html",
        {
            "plan": plan,
            "targets": targets,
            "show_results": plan.results_published_at is not None,
        },
    )
