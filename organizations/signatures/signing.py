"""Signing the PDFs Plantrack issues, and recognising an issued PDF that came back signed.

``pdf_sign`` adds a visible signature (pyHanko): a stamp in a rectangle of a page, where the caller puts the
signature block of the Party layout. The stamp's text uses a font from a system package (Liberation
Serif 2, else DejaVu Serif), embedded as a subset, so Vietnamese names show on any reader.

``pdf_same_content`` tells whether a file signed outside Plantrack (a USB token at the secretary's desk)
and uploaded back is exactly the issued file plus signatures.
"""

import functools
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from pyhanko.pdf_utils import generic, layout
from pyhanko.pdf_utils.font.api import FontEngineFactory
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata, PdfSigner
from pyhanko.stamp import TextStampStyle

from organizations.signatures import certificates

STAMP_FONT_SIZE = 9
# In order of preference; both cover Vietnamese. Debian packages fonts-liberation2 and fonts-dejavu-core.
STAMP_FONTS = (
    Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"),
)


class SigningUnavailable(RuntimeError):
    """Signing cannot happen: no certificate for the organization, or no password in the environment."""


@functools.cache
def _stamp_font() -> bytes:
    """The stamp font, rescaled to 1000 units per em.

    pyHanko 0.38 writes glyph widths in the font's own units, which PDF reads as thousandths of an em: with
    the 2048-unit TrueType fonts above, the letters would spread to twice their width. Rescaling the font
    first makes both agree."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    for path in STAMP_FONTS:
        if path.is_file():
            font = TTFont(path)
            if "FFTM" in font:  # FontForge's timestamps: fontTools cannot subset them and says so on stderr
                del font["FFTM"]
            if font["head"].unitsPerEm != 1000:
                scale_upem(font, 1000)
            out = BytesIO()
            font.save(out)
            return out.getvalue()
    raise SigningUnavailable(
        "No font for the signature stamp: install fonts-liberation2 or fonts-dejavu-core."
    )


@dataclass(frozen=True)
class _StampFont(FontEngineFactory):
    font_size: int = STAMP_FONT_SIZE

    def create_font_engine(self, writer, obj_stream=None):
        if obj_stream is None and writer.stream_xrefs:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(
            writer=writer,
            font_handle=BytesIO(_stamp_font()),
            font_size=self.font_size,
            bcp47_lang_code="vi",
            obj_stream=obj_stream,
        )


def pdf_sign(
    *,
    data: bytes,
    pkcs12: bytes,
    password: bytes,
    box: tuple[float, float, float, float],
    page: int = -1,
    signer_label: str = "",
    reason: str = "",
    location: str = "",
    field_name: str = "",
) -> bytes:
    """`data` with a visible signature made with the key in `pkcs12`, as an incremental update.

    `box` is the stamp's rectangle (x1, y1, x2, y2) in PDF points from the bottom-left corner of the page;
    `page` counts from 0, negative from the end (-1: the last page, where the signature block is).
    `signer_label` is printed under the signer's name (for instance "T/M BAN THƯỜNG VỤ – BÍ THƯ").
    Raises ValidationError when the PKCS#12 file cannot be used, ValueError for a page that does not exist.
    """
    key = certificates.load_signing_pkcs12(pkcs12, password)  # a clear error before pyHanko's own
    signer = signers.SimpleSigner.load_pkcs12_data(pkcs12, other_certs=[], passphrase=password or None)
    writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
    pages = int(writer.root["/Pages"]["/Count"])
    index = page if page >= 0 else pages + page
    if not 0 <= index < pages:
        raise ValueError(f"page {page} does not exist: the document has {pages} page(s)")
    existing = {name for name, _value, _ref in fields.enumerate_sig_fields(writer)}
    field_name = field_name or _free_field_name(existing)
    fields.append_signature_field(
        writer, fields.SigFieldSpec(sig_field_name=field_name, on_page=index, box=tuple(box))
    )
    names = certificates.subject_names(key.certificate.subject)
    signer_name = names.common_name or names.organization
    lines = [_("Digitally signed by: %(signer)s") % {"signer": signer_name}]
    if signer_label:
        lines.append(signer_label)
    lines.append(_("Time: %(time)s") % {"time": date_format(timezone.localtime(), "d/m/Y H:i:s O")})
    style = TextStampStyle(
        stamp_text="\n".join(line.replace("%", "%%") for line in lines),
        text_box_style=TextBoxStyle(font=_StampFont(), font_size=STAMP_FONT_SIZE),
        border_width=1,
        background=None,
        # The text grows or shrinks to fill the signature block, whatever the length of the names.
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(4),
            inner_content_scaling=layout.InnerScaling.STRETCH_TO_FIT,
        ),
    )
    metadata = PdfSignatureMetadata(
        field_name=field_name,
        name=signer_name,
        reason=reason or None,
        location=location or None,
    )
    out = PdfSigner(metadata, signer=signer, stamp_style=style).sign_pdf(writer)
    return out.getvalue()


def _free_field_name(existing: set[str]) -> str:
    number = len(existing) + 1
    while f"Signature{number}" in existing:
        number += 1
    return f"Signature{number}"


def pdf_same_content(*, issued: bytes, signed: bytes) -> bool:
    """True when `signed` is exactly `issued` followed by incremental updates that add at least one signature
    and change nothing of what the issued document shows.

    Any signing software appends its signature as such an update. What the updates may change: the catalog's
    form, security store, permissions, extensions and metadata entries; the document information dictionary
    (producer, dates); a page's annotations, by adding signature widgets; signature fields. Anything else (a page's content or resources, another object of
    the issued file, a page added, an annotation that is not a signature) means another document.
    """
    if len(signed) <= len(issued) or not signed.startswith(issued):
        return False
    try:
        base = PdfFileReader(BytesIO(issued), strict=False).xrefs.total_revisions - 1
        reader = PdfFileReader(BytesIO(signed), strict=False)
        if not any(signature.signed_revision > base for signature in reader.embedded_signatures):
            return False
        return _only_signatures_added(reader, base)
    except Exception:  # a damaged upload is not the issued document
        return False


# Catalog entries that signing may add or change (pyHanko itself adds /Extensions, /Metadata and raises
# /Version); none of them changes what a page shows.
SIGNING_CATALOG_KEYS = {"/AcroForm", "/DSS", "/Perms", "/Extensions", "/Metadata", "/Version"}


def _page_refs(pages) -> list:
    """The page objects' references, in order (the page tree walked from `pages`, the /Pages node)."""
    refs = []
    for kid in pages["/Kids"]:
        node = kid.get_object()
        if node.get("/Type") == "/Pages":
            refs.extend(_page_refs(node))
        else:
            refs.append(kid.reference)
    return refs


def _raw(dictionary, key: str):
    """`dictionary`'s value for `key` as written (a reference stays a reference), None when absent."""
    return dictionary.raw_get(key) if key in dictionary else None


def _is_signature_field(obj) -> bool:
    while isinstance(obj, generic.DictionaryObject):
        if obj.get("/FT") == "/Sig":
            return True
        obj = obj.get("/Parent")
    return False


def _only_signatures_added(reader: PdfFileReader, base: int) -> bool:
    old = reader.get_historical_resolver(base)
    old_root, new_root = old.root, reader.root
    old_pages, new_pages = _page_refs(old_root["/Pages"]), _page_refs(new_root["/Pages"])
    if old_pages != new_pages:
        return False
    # The objects of the issued file that the updates may rewrite: catalog, pages, their annotation arrays,
    # the form and its field list, the metadata stream, signature fields.
    rewritable = {reader.root_ref, *old_pages}
    for page_ref in old_pages:
        annots = _raw(old.get_object(page_ref), "/Annots")
        if isinstance(annots, generic.IndirectObject):
            rewritable.add(annots.reference)
    for key in ("/AcroForm", "/Metadata"):  # the form, and the XMP metadata signing software updates
        value = _raw(old_root, key)
        if isinstance(value, generic.IndirectObject):
            rewritable.add(value.reference)
    # The document information dictionary (producer, modification date), which signing software rewrites:
    # no reader shows it as the document's content.
    info = _raw(old.trailer_view, "/Info")
    if isinstance(info, generic.IndirectObject):
        rewritable.add(info.reference)
    if "/AcroForm" in old_root:
        form = old_root["/AcroForm"]
        fields_ref = _raw(form, "/Fields")
        if isinstance(fields_ref, generic.IndirectObject):
            rewritable.add(fields_ref.reference)
    for revision in range(base + 1, reader.xrefs.total_revisions):
        if reader.xrefs.refs_freed_in_revision(revision):
            return False
        for ref in reader.xrefs.explicit_refs_in_revision(revision):
            if reader.xrefs.get_introducing_revision(ref) > base or ref in rewritable:
                continue
            if not _is_signature_field(old.get_object(ref)):
                return False
    for key in set(old_root) | set(new_root):
        if key not in SIGNING_CATALOG_KEYS and _raw(old_root, key) != _raw(new_root, key):
            return False
    if "/AcroForm" in new_root and "/XFA" in new_root["/AcroForm"]:
        return False  # an XFA form is drawn instead of the pages
    for page_ref in old_pages:
        old_page, new_page = old.get_object(page_ref), reader.get_object(page_ref)
        for key in set(old_page) | set(new_page):
            if key != "/Annots" and _raw(old_page, key) != _raw(new_page, key):
                return False
        old_annots = list(old_page.get("/Annots", ()))
        new_annots = list(new_page.get("/Annots", ()))
        if new_annots[: len(old_annots)] != old_annots:
            return False
        for annot in new_annots[len(old_annots) :]:
            widget = annot.get_object()
            if widget.get("/Subtype") != "/Widget" or not _is_signature_field(widget):
                return False
    return True


def signing_password() -> bytes:
    """The password of every organization's PKCS#12 file, from PLANTRACK_SIGNING_PASSWORD."""
    password = settings.PLANTRACK_SIGNING_PASSWORD
    if not password:
        raise SigningUnavailable("PLANTRACK_SIGNING_PASSWORD is not set: Plantrack cannot sign.")
    return password.encode()


def pdf_sign_as_organization(
    *,
    data: bytes,
    organization,
    box: tuple[float, float, float, float],
    page: int = -1,
    signer_label: str = "",
    reason: str = "",
    location: str = "",
) -> bytes:
    """`data` signed with `organization`'s own key (in place of its seal), as the admin installed it."""
    from organizations.signatures.models import OrganizationCertificate

    record = OrganizationCertificate.objects.filter(organization=organization).first()
    if record is None:
        raise SigningUnavailable(f"{organization} has no signing certificate: an administrator uploads one.")
    return pdf_sign(
        data=data,
        pkcs12=bytes(record.pkcs12),
        password=signing_password(),
        box=box,
        page=page,
        signer_label=signer_label,
        reason=reason,
        location=location,
    )
