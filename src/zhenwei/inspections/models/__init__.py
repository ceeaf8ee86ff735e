"""Inspection plans and the random draw (双随机), inspections, checklists, samples and custody,
fire investigations and ledger checks: one module per sub-domain, every model importable from here."""

from .fire import FireInvestigation, FireProduct
from .inspections import ChecklistItem, Inspection, InspectionCheck
from .ledger import LedgerCheck, LedgerEntry
from .plans import ConflictDeclaration, InspectionPlan, PlanTarget, PoolInspector
from .samples import CustodyEvent, Sample

__all__ = [
    "ChecklistItem",
    "ConflictDeclaration",
    "CustodyEvent",
    "FireInvestigation",
    "FireProduct",
    "Inspection",
    "InspectionCheck",
    "InspectionPlan",
    "LedgerCheck",
    "LedgerEntry",
    "PlanTarget",
    "PoolInspector",
    "Sample",
]
