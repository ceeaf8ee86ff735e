from .audit import AuditChainHead, AuditEntry
from .calendar import CalendarOverride
from .evidence import EvidenceFile
from .organisation import Department, DepartmentKind, Division, Membership, User
from .sharing import Share
from .stamps import Created, CreatedAt, Stamped, UpdatedAt
from .tasks import TaskWorker

__all__ = [
    "AuditChainHead",
    "AuditEntry",
    "CalendarOverride",
    "Created",
    "CreatedAt",
    "Department",
    "DepartmentKind",
    "Division",
    "EvidenceFile",
    "Membership",
    "Share",
    "Stamped",
    "TaskWorker",
    "UpdatedAt",
    "User",
]
