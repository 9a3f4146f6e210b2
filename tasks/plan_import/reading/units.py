"""Units a task names: who leads (``Giao X chủ trì``, ``X chủ trì``, ``Chủ trì: X``), who coordinates
(``phối hợp với A, B``, ``Phối hợp: A, B``), who carries it out (``Đơn vị thực hiện: X``), and the addressee a
heading or a task starts with (``Các cấp ủy cơ sở trong Khối tiếp tục ...``). Lists end where the verb
starts ("... và cấp ủy cơ sở thường xuyên theo dõi")."""

import re

from tasks.plan_import.reading.text import fold as _fold
from tasks.plan_import.reading.text import is_caps as _is_caps
from tasks.plan_import.reading.text import strip_end as _strip_end

_UNIT_HEADS = [
    "ban can su",
    "ban chi dao",
    "ban",
    "uy ban",
    "ubkt",
    "ubnd",
    "van phong",
    "vp",
    "doan khoi",
    "chi doan",
    "chi hoi",
    "doan thanh nien",
    "doan",
    "dang uy",
    "dang bo",
    "dang doan",
    "chi bo",
    "chi uy",
    "cap uy",
    "to chuc dang",
    "to chuc co so dang",
    "to dang",
    "cong doan",
    "hoi",
    "mat tran",
    "so",
    "phong",
    "trung tam",
    "truong",
    "bao",
    "dai",
    "co quan",
    "don vi",
    "can bo",
    "dong chi",
    "dang vien",
    "bi thu",
    "pho bi thu",
    "thuong truc",
    "thuong vu",
    "tinh uy",
    "huyen uy",
    "thanh uy",
    "thi uy",
    "hoi dong",
    "lanh dao",
    "thu truong",
    "nguoi dung dau",
    "uy vien",
    "btc",
    "btg",
    "bch",
    "btv",
]
_UNIT_HEAD_RE = re.compile(
    r"^(?:(?:cac|moi|tung|toan the|toan bo)\s+)?(?:"
    + "|".join(sorted(_UNIT_HEADS, key=len, reverse=True))
    + r")(?![a-z])"
)
_VERB_STOPS = [
    "tiếp tục",
    "chỉ đạo",
    "có trách nhiệm",
    "chủ động",
    "thực hiện",
    "xây dựng",
    "tổ chức",
    "triển khai",
    "tham mưu",
    "rà soát",
    "hướng dẫn",
    "kiểm tra",
    "giám sát",
    "đôn đốc",
    "báo cáo",
    "tuyên truyền",
    "quán triệt",
    "nghiên cứu",
    "đề xuất",
    "sơ kết",
    "tổng kết",
    "thường xuyên",
    "định kỳ",
    "căn cứ",
    "phối hợp",
    "chủ trì",
    "lãnh đạo",
    "tập trung",
    "quan tâm",
    "nâng cao",
    "đẩy mạnh",
    "tăng cường",
    "bảo đảm",
    "đảm bảo",
    "phát huy",
    "gửi",
    "nộp",
    "bố trí",
    "cử",
    "để",
    "nhằm",
    "về việc",
    "trong việc",
    "theo(?! dõi)",
    "(?<!phân công )theo dõi",
    "tự kiểm tra",
    "tự đánh giá",
    "hoàn thành",
    "kiện toàn",
    "biên soạn",
    "tổng hợp",
    "chuẩn bị",
    "phát động",
    "củng cố",
    "lựa chọn",
    "giới thiệu",
    "phổ biến",
    "rà soát",
    "sửa đổi",
    "bổ sung",
    "được giao",
    "làm tốt",
    "kịp thời",
    "ban hành",
]
_VERB_STOP_RE = re.compile(
    r"(?<![\w])(?:" + "|".join(v if "(" in v else re.escape(v) for v in _VERB_STOPS) + r")(?![\w])"
)
_LIST_SPLIT = re.compile(r"\s*,\s*|\s+và\s+|\s+với\s+")


def _unit_head(text: str) -> re.Match | None:
    """The organization noun a phrase starts with ("Ban Tổ chức", "các cấp ủy"), None for "Ban hành"."""
    match = _UNIT_HEAD_RE.match(_fold(text))
    if not match:
        return None
    # "Ban", "Sở", "Hội"... name an organization only with a capitalized name after them or "các" before.
    rest = text[match.end() :].lstrip()
    if _fold(text).startswith(("cac ", "moi ", "tung ", "toan ")):
        return match
    head = _fold(text[: match.end()])
    named_after = rest and (rest[0].isupper() or rest[0].isdigit())
    if head in ("ban", "so", "hoi", "phong", "truong", "bao", "dai", "doan", "to dang") and not named_after:
        return None
    return match


def _cut_at_verb(text: str, start: int) -> tuple[str, bool]:
    """`text` up to the first verb after `start`; True when one was found (the list ends there)."""
    match = _VERB_STOP_RE.search(text, start)
    if match:
        return text[: match.start()].strip(), True
    return text.strip(), False


def _unit_list(text: str) -> list[str]:
    """ "Ban Tuyên giáo, Ủy ban Kiểm tra và cấp ủy cơ sở thường xuyên theo dõi" → the three units."""
    text = re.split(r"[;.:()\n]", text, maxsplit=1)[0]
    units: list[str] = []
    position = 0
    pieces = []
    for match in _LIST_SPLIT.finditer(text):
        pieces.append((text[position : match.start()], match.group(0)))
        position = match.end()
    pieces.append((text[position:], ""))
    joiner_before = ""
    for piece, separator in pieces:
        piece = piece.strip()
        if not piece:
            joiner_before = separator
            continue
        head = _unit_head(piece)
        if head is None:
            if not units:
                break
            cut, stop = _cut_at_verb(piece, 0)
            if cut:
                units[-1] = units[-1] + (joiner_before if joiner_before.strip() else ", ") + cut
            if stop or not cut:
                break
        else:
            cut, stop = _cut_at_verb(piece, head.end())
            if cut:
                units.append(cut)
            if stop:
                break
        joiner_before = separator
    return [_strip_end(unit) for unit in units if _strip_end(unit)]


_GIAO_LEAD = re.compile(r"(?<![\w])[Gg]iao\s+(?:cho\s+)?(?P<units>[^.;:()\n]{2,200}?)\s+chủ trì")
_GIAO = re.compile(r"(?<![\w])[Gg]iao\s+(?:cho\s+)?(?P<units>[^.;:()\n]{2,200})")
_SUBJECT_LEAD = re.compile(r"(?:^|(?<=[.;]\s)|(?<=\n))(?P<units>[^.;:()\n]{2,150}?)\s+chủ trì(?!\s*:)")
_LABEL_LEAD = re.compile(
    r"(?:^|(?<=\n)|(?<=[.;]\s))(?:[Đđ]ơn vị |[Cc]ơ quan )?[Cc]hủ trì\s*:\s*(?P<units>[^;\n]+)"
)
_COORD = re.compile(r"(?<![\w])[Pp]hối hợp với\s+(?P<units>[^;\n]+)")
_LABEL_COORD = re.compile(
    r"(?:^|(?<=\n)|(?<=[.;]\s)|(?<=[;,]))\s*(?:[Đđ]ơn vị |[Cc]ơ quan )?[Pp]hối hợp\s*:\s*(?P<units>[^;\n]+)"
)
_LABEL_ASSIGNEES = re.compile(r"(?:^|(?<=\n))(?:[Đđ]ơn vị|[Cc]ơ quan) thực hiện\s*:\s*(?P<units>[^;\n]+)")


def _add(target: list[str], names: list[str]) -> None:
    for name in names:
        if name and name not in target:
            target.append(name)


def task_units(text: str) -> tuple[list[str], list[str], list[str]]:
    """(lead, coordinating, assignees) named in a task's text."""
    lead: list[str] = []
    coordinating: list[str] = []
    assignees: list[str] = []
    for match in _GIAO_LEAD.finditer(text):
        _add(lead, _unit_list(match["units"]) or [_strip_end(match["units"])])
    if not lead:
        for match in _SUBJECT_LEAD.finditer(text):
            candidate = match["units"].strip()
            if _unit_head(candidate):
                _add(lead, _unit_list(candidate))
    if not lead:
        # "Giao Văn phòng Đảng ủy theo dõi, đôn đốc ...": the unit given the work leads it.
        for match in _GIAO.finditer(text):
            _add(lead, _unit_list(match["units"].strip()))
    for match in _LABEL_LEAD.finditer(text):
        _add(lead, [_strip_end(name) for name in _LIST_SPLIT.split(match["units"]) if _strip_end(name)])
    for match in _COORD.finditer(text):
        _add(coordinating, _unit_list(match["units"]))
    for match in _LABEL_COORD.finditer(text):
        _add(
            coordinating, [_strip_end(name) for name in _LIST_SPLIT.split(match["units"]) if _strip_end(name)]
        )
    for match in _LABEL_ASSIGNEES.finditer(text):
        _add(
            assignees, [_strip_end(name) for name in re.split(r"\s*,\s*", match["units"]) if _strip_end(name)]
        )
    return lead, coordinating, assignees


def addressee_of(text: str, *, heading: bool = False) -> str | None:
    """Who a heading or a task names as the doer: "Các cấp ủy cơ sở trong Khối tiếp tục ..." → the group."""
    text = text.strip()
    head = _unit_head(text)
    if head is None or _is_caps(text):
        return None
    colon = text.find(":")
    if colon > 0 and len(text[:colon].split()) <= 25:
        before = text[:colon].strip()
        if not _VERB_STOP_RE.search(before, head.end()):
            return _strip_end(before)
    if re.search(r"\bchủ trì\b", text[:200]):
        return None
    cut, stopped = _cut_at_verb(text, head.end())
    if stopped:
        if 1 < len(cut.split()) <= 15 and not re.search(r"[.;:()]", cut):
            return _strip_end(cut)
        return None
    # A heading with no verb at all is a name (III.3 "Các đảng ủy, chi ủy, chi bộ trực thuộc Đảng ủy Khối").
    if heading and len(text.split()) <= 20 and not re.search(r"[.;:()]", text.rstrip(".")):
        return _strip_end(text)
    return None
