"""Writes of the inspections app, one module per sub-domain; every public service is importable here.

- plans: the inspector pool, conflicts, plans and the recorded double-random draw (双随机)
- inspections: recording an on-site inspection, the eliminated-product match, evidence
- judgment: the on-site judgment, the case it opens, service (送达) and objection (异议)
- samples: sampling and sealing, custody, lab results
"""

from .inspections import (
    eliminated_notice,
    inspection_eliminated_matches,
    inspection_evidence_add,
    inspection_record,
    may_write_inspection,
    verify_identity_code,
)
from .judgment import (
    CLEAN_CHECKLIST_UNQUALIFIED,
    COUNTERFEIT_REASONS,
    all_checks_pass,
    inspection_judge,
    inspection_objection,
    inspection_serve,
    suggested_reasons,
)
from .plans import (
    DOMAIN_FLAG,
    WEIGHT_COMPLAINTS,
    WEIGHT_CREDIT_LIST,
    WEIGHT_UNQUALIFIED,
    conflict_declare,
    inspector_add,
    plan_create,
    plan_draw,
    plan_draw_inputs,
    plan_pool,
    plan_publish,
    plan_redraw,
    plan_stored_result,
    plan_subjects,
)
from .samples import custody_record, sample_result, sample_take

__all__ = [
    "may_write_inspection",
    "CLEAN_CHECKLIST_UNQUALIFIED",
    "COUNTERFEIT_REASONS",
    "DOMAIN_FLAG",
    "WEIGHT_COMPLAINTS",
    "WEIGHT_CREDIT_LIST",
    "WEIGHT_UNQUALIFIED",
    "all_checks_pass",
    "conflict_declare",
    "custody_record",
    "eliminated_notice",
    "inspection_eliminated_matches",
    "inspection_evidence_add",
    "inspection_judge",
    "inspection_objection",
    "inspection_record",
    "inspection_serve",
    "inspector_add",
    "plan_create",
    "plan_draw",
    "plan_draw_inputs",
    "plan_pool",
    "plan_publish",
    "plan_redraw",
    "plan_stored_result",
    "plan_subjects",
    "sample_result",
    "sample_take",
    "suggested_reasons",
    "verify_identity_code",
]
