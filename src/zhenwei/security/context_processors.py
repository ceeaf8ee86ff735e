"""The per-request Content-Security-Policy nonce for templates (``<script nonce="{{ csp_nonce }}">``)."""


def csp_nonce(request):
    # Set by ContentSecurityPolicyMiddleware; empty outside a request cycle (render_to_string without
    # a request), where an inline element would then be refused by the browser, as it should.
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
