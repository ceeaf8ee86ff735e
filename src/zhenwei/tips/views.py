"""Staff pages for tips and rewards. Views collect input and call services; rules live there."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from zhenwei.core.access import allowed, require, restrict, user_scope
from zhenwei.core.feedback import show_errors
from zhenwei.core.models import Department, EvidenceFile

from . import rewards as reward_services
from . import services
from .choices import TIP_TRANSITIONS, TipStatus
from .filtersets import RewardFilter, TipFilter
from .forms import (
    ClassifyForm,
    DeclineForm,
    HotlineTipForm,
    NoteForm,
    ReplyForm,
    RerouteForm,
    RewardPayForm,
    RewardProposeForm,
)
from .models import Tip
from .public_views import division_chain
from .receipt import receipt_display
from .selectors import reward_list, tip_list
from .tables import RewardTable, TipTable


@login_required
def tip_list_view(request):
    require(request.user, "view")
    filterset = TipFilter(request.GET, queryset=tip_list(user=request.user))
    table = TipTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "tips/list.html", {"filter": filterset, "table": table})


@login_required
def tip_entry(request):
    """Hotline operators (and officers taking letters or visits) register a tip."""
    require(request.user, "change")
    if request.method == "POST":
        form = HotlineTipForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                tip, receipt = services.tip_submit(
                    data=form.tip_input(),
                    channel=form.cleaned_data["channel"],
                    actor=request.user,
                    received_at=form.cleaned_data.get("received_at"),
                )
            except ValidationError as exc:
                show_errors(request, exc, form)
            else:
                return render(
                    request, "tips/entry_done.html", {"tip": tip, "receipt": receipt_display(receipt)}
                )
        code = ([c for c in request.POST.getlist("division") if c] or [""])[-1]
    else:
        form = HotlineTipForm()
        code = ""
        scope = user_scope(request.user)
        if scope.division_ids:
            from zhenwei.core.models import Division

            code = Division.objects.get(pk=scope.division_ids[0]).code
    return render(request, "tips/entry.html", {"form": form, "division_levels": division_chain(code)})


def _tip_for(request, pk: int, action: str = "view") -> Tip:
    return get_object_or_404(tip_list(user=request.user, action=action), pk=pk)


@login_required
def tip_detail(request, pk: int):
    tip = _tip_for(request, pk)
    can_change = restrict(Tip.objects.filter(pk=tip.pk), request.user, "change").exists()
    ct = ContentType.objects.get_for_model(Tip)
    context = {
        "tip": tip,
        "events": tip.events.select_related("actor"),
        "routings": tip.routings.select_related("department", "department__division", "routed_by"),
        "duplicates": restrict(tip.duplicates.all(), request.user),
        "attachments": EvidenceFile.objects.filter(content_type=ct, object_id=tip.pk),
        "identity": services.masked_identity(tip),
        "can_reveal": not tip.anonymous and services.can_see_identity(request.user, tip),
        "can_change": can_change,
        "next_states": sorted(TIP_TRANSITIONS.get(tip.status, ())),
        "rewards": tip.rewards.select_related("proposed_by", "decided_by"),
        "eligibility": reward_services.reward_eligibility(tip=tip),
        "forms": {
            "decline": DeclineForm(),
            "reply": ReplyForm(),
            "note": NoteForm(),
            "reroute": RerouteForm(tip=tip),
            "classify": ClassifyForm(
                initial={"category": tip.category_id, "wrong_kind": tip.wrong_kind, "kind": tip.kind}
            ),
            "reward": RewardProposeForm(),
        },
    }
    return render(request, "tips/detail.html", context)


@login_required
@require_POST
def tip_identity_view(request, pk: int):
    """Show the tipster's identity whole (tipster capability only); each view is audited."""
    tip = _tip_for(request, pk)
    if not services.can_see_identity(request.user, tip):
        raise PermissionDenied(gettext("当前角色无权查看举报人身份"))
    identity = services.tip_identity(tip=tip, user=request.user)
    return render(request, "tips/_identity.html", {"identity": identity, "revealed": True, "tip": tip})


@login_required
@require_POST
def tip_action(request, pk: int, name: str):
    """One endpoint per workflow action, all going through the services."""
    tip = _tip_for(request, pk, "change")
    post = request.POST
    try:
        if name == "accept":
            services.tip_accept(tip=tip, actor=request.user, note=post.get("note", ""))
        elif name == "decline":
            services.tip_decline(
                tip=tip, actor=request.user, reason=post.get("reason", ""), note=post.get("note", "")
            )
        elif name == "handle":
            services.tip_transition(
                tip=tip, to=TipStatus.HANDLING, actor=request.user, note=post.get("note", "")
            )
        elif name == "reply":
            services.tip_reply(
                tip=tip, actor=request.user, text=post.get("text", ""), note=post.get("note", "")
            )
        elif name == "close":
            services.tip_close(
                tip=tip,
                actor=request.user,
                note=post.get("note", ""),
                public_text=post.get("public_text", ""),
            )
        elif name == "note":
            services.tip_note(tip=tip, actor=request.user, note=post.get("note", ""))
        elif name == "reroute":
            department = get_object_or_404(Department, pk=post.get("department") or 0, is_active=True)
            services.tip_reroute(
                tip=tip, actor=request.user, department=department, reason=post.get("reason", "")
            )
        elif name == "classify":
            form = ClassifyForm(post)
            if not form.is_valid():
                raise ValidationError(gettext("分类信息不完整"))
            services.tip_classify(
                tip=tip,
                actor=request.user,
                category=form.cleaned_data["category"],
                wrong_kind=form.cleaned_data["wrong_kind"],
                kind=form.cleaned_data["kind"],
            )
        elif name == "route":
            services.tip_route(tip=tip, actor=request.user)
        elif name == "link":
            original = get_object_or_404(tip_list(user=request.user), number=post.get("original", "").strip())
            services.tip_link_duplicate(tip=tip, original=original, actor=request.user)
        elif name == "unlink":
            services.tip_unlink_duplicate(tip=tip, actor=request.user, reason=post.get("reason", ""))
        elif name == "reward":
            form = RewardProposeForm(post)
            if not form.is_valid():
                raise ValidationError(gettext("请填写罚没款金额"))
            reward = reward_services.reward_propose(tip=tip, actor=request.user, **form.cleaned_data)
            messages.success(
                request,
                gettext("已提出奖励 %(reward_amount)s 元，待第二人审批。") % {"reward_amount": reward.amount},
            )
            return redirect("tips:reward-detail", reward.pk)
        else:
            raise PermissionDenied(gettext("未知操作"))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, gettext("已保存。"))
    return redirect("tips:detail", tip.pk)


@login_required
def reward_list_view(request):
    require(request.user, "view")
    filterset = RewardFilter(request.GET, queryset=reward_list(user=request.user))
    table = RewardTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "tips/reward_list.html", {"filter": filterset, "table": table})


@login_required
def reward_detail(request, pk: int):
    reward = get_object_or_404(reward_list(user=request.user), pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "approve":
                reward_services.reward_approve(
                    reward=reward, actor=request.user, note=request.POST.get("note", "")
                )
            elif action == "reject":
                reward_services.reward_reject(
                    reward=reward, actor=request.user, note=request.POST.get("note", "")
                )
            elif action == "pay":
                form = RewardPayForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(gettext("请完整填写发放日期、方式和凭证号"))
                reward_services.reward_pay(
                    reward=reward,
                    actor=request.user,
                    paid_on=form.cleaned_data["paid_on"],
                    method=form.cleaned_data["payment_method"],
                    reference=form.cleaned_data["payment_reference"],
                )
            else:
                raise ValidationError(gettext("未知操作"))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, gettext("已保存。"))
        return redirect("tips:reward-detail", reward.pk)
    return render(
        request,
        "tips/reward_detail.html",
        {
            "reward": reward,
            "can_decide": reward.status == "proposed"
            and allowed(request.user, "approve", reward.tip)
            and reward.proposed_by_id != request.user.pk,
            "pay_form": RewardPayForm(),
        },
    )
