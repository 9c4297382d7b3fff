"""Endpoints of this module that need no isolation test, each with the reason (read by
devzone.testing.isolation, which fails the suite for any other page or API operation that no isolation test
requests)."""

EXEMPT = {
    "verify:page": "public certificate verification (no login): answers a verdict on a code or an uploaded PDF, "
    "reveals only what is printed on the certificate; test_certificates",
    "verify:code": "public verification of one code, where a certificate's QR code points; test_certificates",
    "certificate_verify_code": "public verification API (auth=None); test_certificates",
    "certificate_verify_pdf": "public verification API (auth=None); test_certificates",
    "approvals:catalog_template": "an example workbook, the same for everybody (login required); test_catalog",
    # Not an approvals page: core's catch-all that answers JSON 404 for unknown paths under /api/ (no data).
    # It has no name, so the core matrix does not list it yet; it belongs in core's EXEMPT.
    "api_unknown_path": "JSON 404 for unknown API paths, no data (core, devzone/urls.py)",
}
