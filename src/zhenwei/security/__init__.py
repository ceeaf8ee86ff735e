"""Cross-cutting security: staff login with lockout, two-factor authentication, export and upload guards."""
