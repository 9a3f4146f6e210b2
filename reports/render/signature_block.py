"""Where the signature stamp of an issued report goes: the signature block of the Party layout
(docs/domain.md §9), read from the layout WeasyPrint computed.

reports/pdf/base.html names the block's cell `signature-block` (authority, title, the empty space, the
signer's name) and the empty space `signature-space`, where a wet signature and the seal would go: the
organization's digital signature, in place of its seal, is stamped there. Layout lengths are CSS pixels
from the top-left corner of the page; a PDF rectangle is in points (3/4 of a pixel) from the bottom-left.
"""

from dataclasses import dataclass

BLOCK_ID = "signature-block"
SPACE_ID = "signature-space"
POINTS_PER_PIXEL = 0.75
INSET = 4.0  # points between the stamp and the edges of the space

Rectangle = tuple[float, float, float, float]  # x1, y1, x2, y2 in PDF points, from the bottom-left


@dataclass(frozen=True)
class SignatureBlock:
    page: int  # index of the page, from 0
    block: Rectangle  # the whole signature block
    stamp: Rectangle  # where the stamp goes: the space between the title and the name


def _rectangle(box, page_height: float, inset: float = 0.0) -> Rectangle:
    x, y = box.border_box_x(), box.border_box_y()
    width, height = box.border_width(), box.border_height()
    to_points = POINTS_PER_PIXEL
    return (
        round(x * to_points + inset, 2),
        round((page_height - y - height) * to_points, 2),
        round((x + width) * to_points - inset, 2),
        round((page_height - y) * to_points, 2),
    )


def _boxes(page, ids: set[str]) -> dict:
    found = {}
    for box in page._page_box.descendants():
        element = getattr(box, "element", None)
        if element is None:
            continue
        name = element.get("id")
        if name in ids and name not in found:
            found[name] = box
    return found


def signature_block(document) -> SignatureBlock | None:
    """The signature block of a laid-out report (a WeasyPrint Document), or None when it has none."""
    for index, page in enumerate(document.pages):
        boxes = _boxes(page, {BLOCK_ID, SPACE_ID})
        if BLOCK_ID in boxes and SPACE_ID in boxes:
            return SignatureBlock(
                page=index,
                block=_rectangle(boxes[BLOCK_ID], page.height),
                stamp=_rectangle(boxes[SPACE_ID], page.height, inset=INSET),
            )
    return None
