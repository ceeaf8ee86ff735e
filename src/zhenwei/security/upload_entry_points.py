"""Every place a file enters the platform, with the upload-guard profile it uses.

Kept as data next to the guard (``zhenwei.security.uploads``), as NetBox keeps its registry:
``security/tests/test_uploads.py`` discovers file-taking views, form and serializer file fields and
importer kinds from the project itself and fails if one is missing here or an entry is stale.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EntryPoint:
    """One place a file enters: URL names, form/serializer fields ("module.Class.field") and
    importer kinds that share a profile and the guarded function they reach."""

    name: str
    profile: str
    reaches: str  # the guarded function the file is opened by
    urls: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    importers: tuple[str, ...] = ()


ENTRY_POINTS: tuple[EntryPoint, ...] = (
    EntryPoint(
        "registry import",
        "import",
        "registry.jobs.import_job_create → check_upload; importers → table_rows",
        urls=("registry:import-list",),
        fields=("zhenwei.registry.forms.ImportUploadForm.file",),
        importers=("divisions", "product-codes", "certificates", "enterprises", "listings", "lab_results"),
    ),
    EntryPoint(
        "report upload",
        "report_form",
        "reports.uploads.parse_upload → table_rows; core.files.evidence_store",
        urls=("reports:upload",),
    ),
    EntryPoint(
        "bulk certificate check",
        "bulk_check",
        "verify.bulk.bulk_check → table_rows",
        urls=("verify:bulk", "api:verify-bulk"),
    ),
    EntryPoint(
        "case evidence",
        "evidence",
        "core.files.evidence_store",
        urls=("cases:case-evidence", "api:case-evidence"),
        fields=("zhenwei.cases.forms.EvidenceForm.file",),
    ),
    EntryPoint(
        "inspection photos and evidence",
        "evidence",
        "core.files.evidence_store",
        urls=("inspections:inspection-create", "inspections:inspection-evidence", "api:inspection-evidence"),
        fields=(
            "zhenwei.inspections.forms.InspectionForm.photo",
            "zhenwei.inspections.forms.EvidenceForm.file",
        ),
    ),
    EntryPoint(
        "tip attachments",
        "evidence",
        "core.files.evidence_store (tips.services.tip_submit)",
        urls=("tips:new", "tips_public:new", "api:tip-list", "api:tips-public-create"),
        fields=("zhenwei.tips.forms.TipForm.attachments",),
    ),
    EntryPoint(
        "joint enforcement photos and publicity material",
        "evidence",
        "core.files.evidence_store",
        urls=("joint:destruction-detail", "joint:publicity-new", "joint:publicity-detail"),
        fields=("zhenwei.joint.forms.PhotoForm.file", "zhenwei.joint.forms.PublicityForm.material"),
    ),
    EntryPoint(
        "web-watch screenshots",
        "evidence",
        "core.files.evidence_store",
        urls=("webwatch:site-detail", "api:webwatch-site-evidence"),
        fields=(
            "zhenwei.webwatch.forms.EvidenceForm.file",
            "zhenwei.webwatch.api.SiteEvidenceUploadSerializer.file",
        ),
    ),
    EntryPoint(
        "campaign duty submissions (实施方案, 工作总结)",
        "evidence",
        "core.files.evidence_store (campaigns.services.duty_submit)",
        urls=("campaigns:duty-submit", "api:campaign-duty-submit"),
        fields=(
            "zhenwei.campaigns.forms.DutySubmitForm.file",
            "zhenwei.campaigns.api.DutySubmitSerializer.file",
        ),
    ),
    EntryPoint(
        "certificate check from a staff list (逐人逐证)",
        "bulk_check",
        "campaigns.checks.certificate_check_from_upload → verify.bulk.bulk_check → table_rows; "
        "the result workbook → core.files.evidence_store",
        urls=("campaigns:certcheck-upload", "api:campaign-certificate-check-upload"),
        fields=(
            "zhenwei.campaigns.checks_forms.CertificateCheckUploadForm.file",
            "zhenwei.campaigns.checks_api.CampaignCertificateCheckUploadSerializer.file",
        ),
    ),
    EntryPoint(
        "destruction evidence (photos, video, minutes)",
        "evidence",
        "core.files.evidence_store (joint.services.destruction_add_photo)",
        urls=("joint:destruction-new", "api:joint-destruction-evidence"),
        fields=(
            "zhenwei.joint.destruction_forms.DestructionForm.evidence",
            "zhenwei.joint.destruction_api.DestructionEvidenceUploadSerializer.file",
        ),
    ),
    EntryPoint(
        "market monitor reports (photos)",
        "evidence",
        "core.files.evidence_store (tips.services.tip_submit via tips.monitors.monitor_report_submit)",
        urls=("tips:monitor-report", "api:tip-monitor-report"),
        fields=(
            "zhenwei.tips.monitor_forms.MonitorReportForm.attachments",
            "zhenwei.tips.monitor_api.MonitorReportSerializer.attachments",
        ),
    ),
)
