"""Routing rules (most specific lead, nearest department above, copies), re-routing with audit,
sibling-county visibility, and duplicate linking (identifiers, URL, Traditional vs Simplified)."""

from django.contrib.contenttypes.models import ContentType

from zhenwei.core.models import AuditEntry, Share
from zhenwei.core.tests.factories import DivisionFactory
from zhenwei.tips.duplicates import TEXT_THRESHOLD, similarity, url_key
from zhenwei.tips.models import Tip

from .helpers import submit


def test_most_specific_lead_wins(org, cats):
    # Extinguisher in county A: the A-specific rule (market leads) beats the general fire rule (emergency).
    tip, _ = submit(org.a, category=cats.ext)
    assert tip.lead_department == org.dept(org.a, "market")
    # Same category in sibling county B: only the general rule applies.
    tip_b, _ = submit(org.b, category=cats.ext, description="乙县一家商店卖假灭火器，扫码没有结果，价格很低")
    assert tip_b.lead_department == org.dept(org.b, "emergency")


def test_nearest_ancestor_department_leads(org, cats):
    village_town = DivisionFactory(
        code="980101002", name="甲县二镇", level="town", parent=org.a
    )  # no departments
    tip, _ = submit(village_town, category=cats.cert, description="二镇工地焊工的证书在官方平台查不到")
    assert tip.lead_department == org.dept(org.a, "emergency")


def test_cooperating_departments_get_copies(org, cats):
    tip, _ = submit(org.b, category=cats.cert, description="乙县有人卖假的特种作业操作证，不用考试")
    ct = ContentType.objects.get_for_model(Tip)
    copies = Share.objects.filter(content_type=ct, object_id=tip.pk, kind="copy")
    assert [s.to_department for s in copies] == [org.dept(org.b, "police")]
    roles = {(r.department_id, r.role) for r in tip.routings.filter(is_current=True)}
    assert roles == {(org.dept(org.b, "emergency").pk, "lead"), (org.dept(org.b, "police").pk, "cooperate")}


def test_unmatched_category_waits_for_manual_routing(org, cats):
    tip, _ = submit(org.a, category=None, description="甲县有人卖来路不明的电器，没有任何标志")
    assert tip.lead_department is None
    assert tip.events.filter(kind="routed", note__contains="待人工分办").exists()


def test_reroute_needs_reason_is_audited_and_opens_sibling_visibility(org, cats, as_user):
    tip, _ = submit(org.a, category=cats.ext)
    client = as_user(org.officer_a)
    assert client.get(f"/api/v1/tips/{tip.pk}/").status_code == 200
    other = as_user(org.officer_b)
    assert other.get(f"/api/v1/tips/{tip.pk}/").status_code == 404
    assert tip.pk not in [t["id"] for t in other.get("/api/v1/tips/").json()["results"]]

    client = as_user(org.officer_a)
    target = org.dept(org.b, "market")
    missing = client.post(f"/api/v1/tips/{tip.pk}/reroute/", {"department": target.pk, "reason": ""})
    assert missing.status_code == 400
    response = client.post(
        f"/api/v1/tips/{tip.pk}/reroute/", {"department": target.pk, "reason": "实际发生地在乙县"}
    )
    assert response.status_code == 200, response.content
    tip.refresh_from_db()
    assert tip.lead_department == target
    assert tip.routings.filter(is_current=False, role="lead").exists()  # the old routing stays on record
    assert AuditEntry.objects.filter(
        model="tips.tip", object_id=str(tip.pk), note__contains="reroute"
    ).exists()
    # The lead department in the sibling county now sees (and may act on) the tip through a transfer.
    other = as_user(org.officer_b)
    assert other.get(f"/api/v1/tips/{tip.pk}/").status_code == 200
    assert other.post(f"/api/v1/tips/{tip.pk}/accept/", {}).status_code == 200


def test_every_routing_is_audited(org, cats):
    before = AuditEntry.objects.filter(model="tips.tip", note="routing by rules").count()
    submit(org.a, category=cats.ext)
    assert AuditEntry.objects.filter(model="tips.tip", note="routing by rules").count() == before + 1


def test_traditional_and_simplified_texts_are_linked(org, cats):
    original, _ = submit(
        org.a,
        category=cats.ext,
        description="镇上五金店销售的灭火器扫码查不到，压力表指针一直不动，怀疑是假冒产品。",
    )
    again, _ = submit(
        org.t,
        category=cats.ext,
        description="鎮上五金店銷售的滅火器掃碼查不到，壓力錶指針一直不動，懷疑是假冒產品！",
    )
    assert again.duplicate_of == original and again.duplicate_reason == "text"
    assert again.duplicate_score >= TEXT_THRESHOLD


def test_different_reports_are_not_linked(org, cats):
    submit(
        org.a,
        category=cats.ext,
        description="镇上五金店销售的灭火器扫码查不到，压力表指针一直不动，怀疑是假冒产品。",
    )
    other, _ = submit(
        org.a, category=cats.ext, description="超市门口有人推销灭火贴，宣传单说能自动灭火，夸大功效。"
    )
    assert other.duplicate_of is None


def test_same_identity_code_certificate_and_url_are_linked(org, cats):
    first, _ = submit(
        org.a, category=cats.ext, identity_code="12345AB67890CD", description="第一次反映：灭火器身份码查不到"
    )
    second, _ = submit(
        org.b, category=cats.ext, identity_code="12345ab67890cd", description="乙县也有同一批次的灭火器在卖"
    )
    assert second.duplicate_of == first and second.duplicate_reason == "identity_code"

    site, _ = submit(
        org.a,
        category=cats.web,
        website_url="http://cx-mem-gov.fake-site.com/search",
        description="发现一个仿冒的证书查询网站",
    )
    again, _ = submit(
        org.b,
        category=cats.web,
        website_url="HTTPS://www.cx-mem-gov.fake-site.com/search/?q=1#top",
        description="另一个人发现的同一个假网站",
    )
    assert again.duplicate_of == site and again.duplicate_reason == "url"

    cert, _ = submit(
        org.a,
        category=cats.cert,
        certificate_number="T500235199001011234",
        description="证书编号在官方平台查不到",
    )
    cert2, _ = submit(
        org.a,
        category=cats.cert,
        certificate_number="t500235199001011234",
        description="工地上有人拿着同一个证书",
    )
    assert cert2.duplicate_of == cert and cert2.duplicate_reason == "certificate"


def test_duplicates_link_to_the_original_not_to_a_duplicate(org, cats):
    a, _ = submit(
        org.a, category=cats.ext, identity_code="12345AB67890CD", description="第一次反映：灭火器身份码查不到"
    )
    b, _ = submit(
        org.a, category=cats.ext, identity_code="12345AB67890CD", description="第二次反映同一个身份码的问题"
    )
    b.refresh_from_db()
    tip = Tip(pk=b.pk)
    c, _ = submit(
        org.a, category=cats.ext, identity_code="12345AB67890CD", description="第三次反映同一个身份码的问题"
    )
    assert c.duplicate_of_id == a.pk and tip.pk == b.pk


def test_staff_can_unlink_and_link_duplicates(org, cats, as_user):
    a, _ = submit(
        org.a, category=cats.ext, identity_code="12345AB67890CD", description="第一次反映：灭火器身份码查不到"
    )
    b, _ = submit(
        org.a, category=cats.ext, identity_code="12345AB67890CD", description="其实是另一家店的另一批货"
    )
    client = as_user(org.officer_a)
    response = client.post(f"/api/v1/tips/{b.pk}/unlink-duplicate/", {"reason": "不同门店"})
    assert response.status_code == 200 and response.json()["duplicate_of"] is None
    assert b.events.filter(kind="unlinked").exists()
    response = client.post(f"/api/v1/tips/{b.pk}/link-duplicate/", {"original": a.pk})
    assert response.status_code == 200 and response.json()["duplicate_of"] == a.pk
    assert (
        client.post(f"/api/v1/tips/{a.pk}/link-duplicate/", {"original": b.pk}).status_code == 400
    )  # no cycles


def test_similarity_measure():
    assert similarity("假冒灭火器", "假冒灭火器") == 1.0
    assert (
        similarity("壓力錶指針不動的滅火器", "压力表指针不动的灭火器") == 1.0
    )  # Traditional → Simplified first
    assert similarity("灭火器压力表不动", "网站仿冒应急管理部") == 0.0
    assert url_key("HTTPS://WWW.Example.com/a/b/?x=1") == "example.com/a/b"
    assert url_key("例子.中国/路径") == "xn--fsqu00a.xn--fiqs8s/路径"


def test_routing_notifies_the_lead_department(org, cats, django_capture_on_commit_callbacks):
    from zhenwei.notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        tip, _ = submit(org.a, category=cats.ext)
    notified = Notification.objects.filter(recipient=org.officer_a)
    assert notified.count() == 1 and tip.number in notified.get().title
    assert not Notification.objects.filter(recipient=org.officer_b).exists()


def test_rerouting_an_accepted_tip_hands_its_clue_on_with_an_audit_row(org, cats, as_user):
    """The clue opened on acceptance follows the tip to its new lead department, through cases'
    contract (clue_reassign): the clue's own audit row says so, not a silent update of cases' table."""
    tip, _ = submit(org.a, category=cats.ext)
    client = as_user(org.officer_a)
    accepted = client.post(f"/api/v1/tips/{tip.pk}/accept/", {"note": "受理"})
    assert accepted.status_code == 200, accepted.content
    target = org.dept(org.b, "market")
    response = client.post(
        f"/api/v1/tips/{tip.pk}/reroute/", {"department": target.pk, "reason": "实际发生地在乙县"}
    )
    assert response.status_code == 200, response.content
    tip.refresh_from_db()
    assert tip.clue.department == target
    assert AuditEntry.objects.filter(
        model="cases.clue", object_id=str(tip.clue_id), note__contains="tip reroute"
    ).exists()
