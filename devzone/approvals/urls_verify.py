"""URLs of certificates.

``urlpatterns`` (namespace ``verify``) is the public verification page, mounted at ``/verify/``:
``verify:page`` (``/verify/``, the form; ``?code=`` and the PDF upload) and ``verify:code``
(``/verify/<code>/``, where a certificate's QR code points). No login.

``certificate_urlpatterns`` (namespace ``certificates``, mounted at ``/certificates/``) are the downloads of a
certificate in the user's scope: ``certificates:pdf``, ``certificates:signature`` (detached DER) and
``certificates:seal_key`` (the signing seal's public key, PEM). Login required; out of scope -> 404.
"""

from django.urls import include, path

from devzone.approvals import views_verify as v

app_name = "verify"

urlpatterns = [
    path("", v.verify_page, name="page"),
    path("revocations.json", v.revocations, name="revocations"),  # public: the revoked licences
    path("<str:code>/", v.verify_code_page, name="code"),
]

certificate_urlpatterns = (
    [
        path("<int:pk>/pdf/", v.certificate_pdf, name="pdf"),
        path("<int:pk>/signature/", v.certificate_signature, name="signature"),
        path("<int:pk>/seal-key/", v.certificate_seal_key, name="seal_key"),
        path("<int:pk>/metadata.json", v.certificate_metadata, name="metadata"),
        path("metadata.jsonl", v.certificate_metadata_bulk, name="metadata_bulk"),
    ],
    "certificates",
)

# ``path("certificates/", certificates)`` in devzone/urls.py
certificates = include(certificate_urlpatterns)
