"""What each role may do. One table, read by access.py; a capability is a plain string."""

from .choices import Role

# view: read records in scope; change: create and edit records in scope;
# pii: see personal data (ID numbers, phones) whole; tipster: see a tipster's identity;
# audit: read the audit log of the scope; approve: second-person approvals (rewards, reports);
# hotline: enter tips taken by phone; inspect: record inspections; admin: platform settings.
ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.PLATFORM_ADMIN: frozenset(
        {"view", "change", "pii", "tipster", "audit", "approve", "admin", "hotline", "inspect"}
    ),
    Role.CAMPAIGN_OFFICE: frozenset({"view", "change", "pii", "tipster", "audit", "approve"}),
    Role.OFFICER: frozenset({"view", "change", "pii", "inspect"}),
    Role.INSPECTOR: frozenset({"view", "change", "inspect"}),
    Role.HOTLINE_OPERATOR: frozenset({"view", "change", "hotline", "tipster"}),
    Role.VIEWER: frozenset({"view"}),
}

# Roles whose holders can see personal data must use two-factor authentication.
PII_ROLES = frozenset(r for r, caps in ROLE_CAPABILITIES.items() if {"pii", "tipster", "admin"} & caps)
