"""Digital signatures of Party documents (Hướng dẫn 03-HD/VPTW), for every app above organizations.

- ``verification.pdf_signatures_verify(data=...)`` -> ``SignatureReport``: who signed a PDF, when, and
  whether each signature is intact, trusted, unexpired and unrevoked.
- ``signing.pdf_sign(...)``, ``signing.pdf_sign_as_organization(...)``: a visible signature on an issued PDF,
  with a given key or with the organization's own (in place of its seal).
- ``signing.pdf_same_content(issued=..., signed=...)``: a file signed outside Plantrack is the issued one.
- ``display.signature_line(result)``, ``display.report_lines(report)``: the results in words.
- ``models.TrustAnchor``, ``models.OrganizationCertificate``: what the administrator installs (models of the
  organizations app, imported by ``organizations.models``).

Modules are imported where they are used: pyHanko loads only when a signature is checked or made.
"""
