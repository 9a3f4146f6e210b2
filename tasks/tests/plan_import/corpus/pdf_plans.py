"""The PDF plans of the corpus: HTML rendered by WeasyPrint into a PDF with a text layer, laid out like a plan
printed from Word to PDF: A4, the header and the closing in borderless two-column tables, a running header with
the plan's symbol and a page number on every page after the first, and (for one plan) a landscape appendix
whose task table repeats its header row on each page. ``expect=`` is the annotation of build.py."""

import html
import re

from .build import expectation, expected_document

EMPHASIS = re.compile(r"(\*\*|\*)(.+?)\1", re.S)

CSS = """
@page { size: A4; margin: 20mm 15mm 20mm 30mm;
  @top-center { content: "RUNNING"; font-size: 10pt; font-style: italic; }
  @bottom-right { content: counter(page); font-size: 11pt; } }
@page :first { @top-center { content: none; } @bottom-right { content: none; } }
@page appendix { size: A4 landscape; margin: 15mm 15mm 15mm 20mm;
  @top-center { content: "RUNNING"; font-size: 10pt; font-style: italic; }
  @bottom-right { content: counter(page); font-size: 11pt; } }
body { font-family: "Liberation Serif", "DejaVu Serif", serif; font-size: 14pt; line-height: 1.25; }
table.layout { width: 100%; border-collapse: collapse; margin-bottom: 8pt; }
table.layout td { vertical-align: top; text-align: center; padding: 0 4pt; font-size: 13pt; }
table.layout td.left { width: 42%; } table.layout td.recipients { text-align: left; font-size: 12pt; }
.motto { font-weight: bold; text-decoration: underline; font-size: 15pt; }
.type { text-align: center; font-weight: bold; font-size: 15pt; margin: 10pt 0 0 0; }
.summary { text-align: center; font-weight: bold; margin: 0 0 10pt 0; }
p { text-align: justify; text-indent: 1cm; margin: 0 0 5pt 0; }
p.heading { font-weight: bold; }
p.plain { text-indent: 0; }
.appendix { page: appendix; break-before: page; }
.appendix p { text-align: center; text-indent: 0; }
table.tasks { width: 100%; border-collapse: collapse; font-size: 12pt; }
table.tasks th, table.tasks td { border: 0.6pt solid black; padding: 3pt 4pt; vertical-align: top; }
table.tasks td.center { text-align: center; }
table.tasks p { text-indent: 0; text-align: left; margin: 0 0 3pt 0; }
table.tasks tr.group td { font-weight: bold; }
"""


def _inline(text: str) -> str:
    """Escaped HTML: ``*italic*``, ``**bold**``, newlines as <br>."""
    out, position = [], 0
    for match in EMPHASIS.finditer(text):
        out.append(html.escape(text[position : match.start()]))
        tag = "strong" if match.group(1) == "**" else "em"
        out.append(f"<{tag}>{html.escape(match.group(2))}</{tag}>")
        position = match.end()
    out.append(html.escape(text[position:]))
    return "".join(out).replace("\n", "<br>")


class HtmlPlan:
    def __init__(self, name: str, *, running: str, **meta):
        self.name = name
        self.meta = meta
        self.tasks: list[dict] = []
        self.running = running
        self.parts: list[str] = []

    def header(self, *, superior: str | None, issuer: str, symbol: str, place_date: str) -> None:
        left = (f"{html.escape(superior)}<br>" if superior else "") + f"<b>{html.escape(issuer)}</b><br>*<br>"
        left += html.escape(symbol)
        right = f'<span class="motto">ĐẢNG CỘNG SẢN VIỆT NAM</span><br><br><i>{html.escape(place_date)}</i>'
        self.parts.append(
            f'<table class="layout"><tr><td class="left">{left}</td><td>{right}</td></tr></table>'
        )

    def title(self, type_name: str, summary: str) -> None:
        self.parts.append(f'<div class="type">{html.escape(type_name)}</div>')
        self.parts.append(f'<div class="summary">{_inline(summary)}<br>-----</div>')

    def p(self, text: str, *, expect: str | None = None, cls: str | None = None) -> None:
        attribute = f' class="{cls}"' if cls else ""
        self.parts.append(f"<p{attribute}>{_inline(text)}</p>")
        if expect:
            self.tasks.append(expectation(expect, text))

    def heading(self, text: str) -> None:
        self.p(text, cls="heading")

    def closing(self, *, recipients: list[str], authority: str, title: str, name: str) -> None:
        left = "<b><i>Nơi nhận:</i></b><br>" + "<br>".join(f"- {html.escape(line)}" for line in recipients)
        right = f"<b>{html.escape(authority)}<br>{html.escape(title)}</b><br><br><br><br><b>{html.escape(name)}</b>"
        self.parts.append(
            f'<table class="layout" style="margin-top:12pt"><tr><td class="left recipients">{left}</td>'
            f"<td>{right}</td></tr></table>"
        )

    def appendix(self, titles: list[str], columns: list[str], rows: list[tuple], widths: list[int]) -> None:
        """A landscape appendix: `rows` as in word.WordPlan.task_table (group rows merged after STT)."""
        self.parts.append('<div class="appendix">')
        for index, line in enumerate(titles):
            self.parts.append(
                f"<p>{'<b>' if index < 2 else ''}{_inline(line)}{'</b>' if index < 2 else ''}</p>"
            )
        head = "".join(
            f'<th style="width:{w}%">{html.escape(c)}</th>' for c, w in zip(columns, widths, strict=True)
        )
        body = []
        for row in rows:
            if row[0] == "group":
                _, label, title = row
                body.append(
                    f'<tr class="group"><td class="center">{html.escape(label)}</td>'
                    f'<td colspan="{len(columns) - 1}">{html.escape(title)}</td></tr>'
                )
                continue
            _, stt, content, lead, coordinating, time, expect = row
            contents = content if isinstance(content, list) else [content]
            cells = "".join(f"<p>{_inline(text)}</p>" for text in contents)
            body.append(
                f'<tr><td class="center">{html.escape(stt)}</td><td>{cells}</td><td>{_inline(lead)}</td>'
                f'<td>{_inline(coordinating)}</td><td class="center">{_inline(time)}</td></tr>'
            )
            if expect:
                self.tasks.append(expectation(expect, contents[0], strip_mark=False))
        self.parts.append(
            f'<table class="tasks"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
        )
        self.parts.append("</div>")

    def html(self) -> str:
        return (
            '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
            f'<title>{html.escape(self.name)}</title><meta name="dcterms.created" content="2025-01-01T00:00:00Z">'
            '<meta name="dcterms.modified" content="2025-01-01T00:00:00Z">'
            f"<style>{CSS.replace('RUNNING', self.running.replace(chr(34), ''))}</style></head><body>"
            + "".join(self.parts)
            + "</body></html>"
        )

    def build(self, *, render: bool) -> tuple[str, bytes | None, dict]:
        data = None
        if render:
            from weasyprint import HTML

            data = HTML(string=self.html()).write_pdf()
        return self.name, data, expected_document(document=self.name, meta=self.meta, tasks=self.tasks)


def tinh_uy_kh_45() -> HtmlPlan:
    w = HtmlPlan(
        "tinh-uy-kh-45-chinh-quyen-hai-cap.pdf",
        running="Kế hoạch số 45-KH/TU của Ban Thường vụ Tỉnh ủy",
        level="Tỉnh ủy",
        genre="KH",
        description="Province plan printed to PDF (text layer, lines wrapped by the layout, running header and page "
        'numbers from page 2, sentences crossing pages): "I.", "1.", "1.1." typed, "-" bullets, '
        '"từ nay đến hết năm 2025", "trong tháng 9-2025", "Quý III năm 2025", "6 tháng cuối năm 2025", '
        '"(theo hướng dẫn của Ban Tổ chức Trung ương)", "sau khi Bộ Nội vụ có hướng dẫn" in a sentence, '
        '"định kỳ hằng tháng", "trước ngày 20/12 hằng năm", a term that is no deadline.',
    )
    w.header(
        superior=None,
        issuer="TỈNH ỦY GIA LAI",
        symbol="Số 45-KH/TU",
        place_date="Gia Lai, ngày 02 tháng 7 năm 2025",
    )
    w.title("KẾ HOẠCH", "vận hành chính quyền địa phương hai cấp và kiện toàn tổ chức đảng ở cơ sở")
    w.p(
        "Thực hiện Kết luận số 157-KL/TW, ngày 25/6/2025 của Bộ Chính trị, Ban Bí thư và Nghị quyết số 1664/NQ-UBTVQH15 "
        "của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp xã của tỉnh Gia Lai năm 2025, Ban Thường vụ "
        "Tỉnh ủy ban hành Kế hoạch vận hành chính quyền địa phương hai cấp và kiện toàn tổ chức đảng ở cơ sở như sau:"
    )
    w.heading("I. MỤC ĐÍCH, YÊU CẦU")
    w.p(
        "1. Bảo đảm chính quyền địa phương hai cấp vận hành thông suốt, liên tục, không để gián đoạn công việc, "
        "không để ảnh hưởng đến hoạt động bình thường của người dân, doanh nghiệp."
    )
    w.p(
        "2. Kịp thời kiện toàn tổ chức đảng, bộ máy và đội ngũ cán bộ của các xã, phường mới; phân công rõ trách "
        "nhiệm của từng cơ quan, đơn vị, cá nhân và thời gian hoàn thành."
    )
    w.heading("II. NHIỆM VỤ CỤ THỂ")
    w.heading("1. Kiện toàn tổ chức đảng và hệ thống chính trị ở cơ sở")
    w.p(
        "1.1. Ban Tổ chức Tỉnh ủy tham mưu chỉ định ban chấp hành, ban thường vụ, bí thư, phó bí thư đảng ủy các xã, "
        "phường mới, hoàn thành trước ngày 15/7/2025.",
        expect="II.1.1 dated 2025-07-15 day",
    )
    w.p("1.2. Kiện toàn các tổ chức đảng trực thuộc đảng ủy xã, phường, trong đó:")
    w.p(
        "- Sắp xếp các chi bộ thôn, làng, tổ dân phố theo địa giới hành chính mới, hoàn thành trong tháng 8/2025.",
        expect="II.1.2.a dated 2025-08-31 month",
    )
    w.p(
        "- Chuyển sinh hoạt đảng cho đảng viên của các đảng bộ, chi bộ giải thể do sắp xếp, bảo đảm không để đảng viên "
        "gián đoạn sinh hoạt đảng, xong trong tháng 9-2025.",
        expect="II.1.2.b dated 2025-09-30 month",
    )
    w.p(
        "- Thành lập đảng bộ các cơ quan đảng, đảng bộ ủy ban nhân dân ở những xã, phường đủ điều kiện (theo hướng dẫn "
        "của Ban Tổ chức Trung ương).",
        expect="II.1.2.c triggered",
    )
    w.p(
        "1.3. Ban Tuyên giáo và Dân vận Tỉnh ủy hướng dẫn kiện toàn Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội "
        "cấp xã trong Quý III năm 2025.",
        expect="II.1.3 dated 2025-09-30 quarter",
    )
    w.heading("2. Bảo đảm điều kiện vận hành của chính quyền cấp xã")
    w.p(
        "- Ban cán sự đảng Ủy ban nhân dân tỉnh chỉ đạo bố trí trụ sở, trang thiết bị làm việc cho các xã, phường "
        "mới; bàn giao hồ sơ, tài liệu, tài sản của các đơn vị cũ từ nay đến hết năm 2025.",
        expect="II.2.a dated 2025-12-31 year",
    )
    w.p(
        "- Vận hành Trung tâm phục vụ hành chính công cấp xã; bảo đảm giải quyết thủ tục hành chính không phụ thuộc "
        "địa giới hành chính trong 6 tháng cuối năm 2025.",
        expect="II.2.b dated 2025-12-31 month",
    )
    w.p(
        "- Sắp xếp, bố trí cán bộ, công chức cấp xã dôi dư; thực hiện chính sách đối với người nghỉ việc sau khi Bộ "
        "Nội vụ có hướng dẫn.",
        expect="II.2.c triggered~",
    )
    w.p(
        "- Tổ chức bồi dưỡng nghiệp vụ cho đội ngũ cán bộ, công chức cấp xã về quản lý nhà nước theo mô hình mới "
        "(thực hiện thường xuyên).",
        expect="II.2.d ongoing",
    )
    w.heading("3. Theo dõi, nắm tình hình")
    w.p(
        "Các đảng ủy xã, phường định kỳ hằng tháng báo cáo tình hình vận hành chính quyền địa phương hai cấp, những "
        "khó khăn, vướng mắc và kiến nghị về Ban Thường vụ Tỉnh ủy (qua Văn phòng Tỉnh ủy).",
        expect="II.3.a ongoing~",
    )
    w.p(
        "Ủy ban Kiểm tra Tỉnh ủy giám sát việc thực hiện quy định về công tác cán bộ trong quá trình sắp xếp, kiện "
        "toàn tổ chức, bộ máy ở cơ sở; kịp thời phát hiện, xử lý vi phạm.",
        expect="II.3.b ongoing~",
    )
    w.heading("III. TỔ CHỨC THỰC HIỆN")
    w.p(
        "1. Các đảng ủy xã, phường xây dựng chương trình công tác toàn khóa nhiệm kỳ 2025 - 2030, báo cáo Ban Thường vụ "
        "Tỉnh ủy xong trước 30/9/2025.",
        expect="III.1 dated 2025-09-30 day",
    )
    w.p(
        "2. Văn phòng Tỉnh ủy tổng hợp kết quả thực hiện Kế hoạch, báo cáo Ban Thường vụ Tỉnh ủy trước ngày 20/12 "
        "hằng năm.",
        expect="III.2 annual 12-20 day",
    )
    w.closing(
        recipients=[
            "Bộ Chính trị, Ban Bí thư (b/c)",
            "Ban Tổ chức Trung ương",
            "Các đ/c Ủy viên Ban Chấp hành Đảng bộ tỉnh",
            "Các đảng ủy trực thuộc Tỉnh ủy",
            "Lưu Văn phòng Tỉnh ủy",
        ],
        authority="T/M BAN THƯỜNG VỤ",
        title="BÍ THƯ",
        name="Hồ Văn Niên",
    )
    return w


def dang_uy_khoi_ctr_18() -> HtmlPlan:
    w = HtmlPlan(
        "dang-uy-khoi-ctr-18-cong-tac-phu-nu.pdf",
        running="Chương trình hành động số 18-CTr/ĐUK",
        level="Đảng ủy Khối",
        genre="CTr",
        description='Bloc action programme as PDF with a landscape appendix: body tasks with "+" bullets, a lone '
        "item, then a Phụ lục table whose header row repeats on each page (thead), group rows I-II merged after "
        'STT, STT running on across groups; times "Tháng 11/2023", "Quý I/2024", "30/6/2024", "Tháng 3 hằng '
        'năm", "Năm 2025", "Thường xuyên", "Khi có hướng dẫn của cấp trên", "6 tháng một lần", '
        '"Quý 2 năm 2024", "Từ năm 2024 đến năm 2025", "Trước 31/10 hằng năm".',
    )
    w.header(
        superior="ĐẢNG BỘ TỈNH QUẢNG NGÃI",
        issuer="ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH",
        symbol="Số 18-CTr/ĐUK",
        place_date="Quảng Ngãi, ngày 16 tháng 10 năm 2023",
    )
    w.title(
        "CHƯƠNG TRÌNH HÀNH ĐỘNG",
        "thực hiện Chỉ thị số 21-CT/TW, ngày 20/01/2023 của Ban Bí thư về tiếp tục đẩy mạnh công tác phụ nữ trong "
        "tình hình mới",
    )
    w.p(
        "Thực hiện Chỉ thị số 21-CT/TW, ngày 20/01/2023 của Ban Bí thư và Chương trình hành động số 52-CTr/TU, ngày "
        "12/6/2023 của Ban Thường vụ Tỉnh ủy, Ban Thường vụ Đảng ủy Khối xây dựng Chương trình hành động như sau:"
    )
    w.heading("I. MỤC ĐÍCH, YÊU CẦU")
    w.p(
        "Nâng cao nhận thức, trách nhiệm của cấp ủy, tổ chức đảng, cán bộ, đảng viên về công tác phụ nữ; tạo điều "
        "kiện để cán bộ nữ phát triển, đóng góp ngày càng nhiều cho sự phát triển của các cơ quan trong Khối."
    )
    w.heading("II. NHIỆM VỤ, GIẢI PHÁP")
    w.heading("1. Công tác tuyên truyền, quán triệt")
    w.p(
        "+ Tổ chức quán triệt Chỉ thị số 21-CT/TW đến cán bộ, đảng viên, hội viên phụ nữ trong toàn Đảng bộ Khối "
        "(hoàn thành trong quý IV/2023).",
        expect="II.1.a dated 2023-12-31 quarter",
    )
    w.p(
        "+ Biểu dương, giới thiệu các tấm gương phụ nữ tiêu biểu trên Trang thông tin điện tử của Đảng ủy Khối "
        "(thường xuyên).",
        expect="II.1.b ongoing",
    )
    w.heading("2. Công tác cán bộ nữ")
    w.p(
        "Các cấp ủy cơ sở rà soát, bổ sung quy hoạch cấp ủy bảo đảm tỷ lệ cán bộ nữ theo quy định, hoàn thành chậm "
        "nhất ngày 31/3/2024.",
        expect="II.2 dated 2024-03-31 day",
    )
    w.heading("3. Nhiệm vụ cụ thể")
    w.p("Các nhiệm vụ cụ thể, cơ quan chủ trì, phối hợp và thời gian thực hiện tại Phụ lục kèm theo.")
    w.heading("III. TỔ CHỨC THỰC HIỆN")
    w.p(
        "1. Ban Tổ chức Đảng ủy Khối chủ trì, phối hợp với Hội Liên hiệp Phụ nữ các cơ quan tỉnh theo dõi, đôn đốc "
        "việc thực hiện; sơ kết 03 năm thực hiện Chương trình vào tháng 12/2026.",
        expect="III.1 dated 2026-12-31 month",
    )
    w.p(
        "2. Các cấp ủy cơ sở xây dựng kế hoạch thực hiện, gửi về Đảng ủy Khối trước ngày 30/11/2023.",
        expect="III.2 dated 2023-11-30 day",
    )
    w.closing(
        recipients=["Ban Tổ chức Tỉnh ủy (b/c)", "Hội Liên hiệp Phụ nữ tỉnh", "Các cấp ủy cơ sở", "Lưu VP"],
        authority="T/M BAN THƯỜNG VỤ",
        title="PHÓ BÍ THƯ",
        name="Trần Thị Diệu Hiền",
    )
    w.appendix(
        [
            "PHỤ LỤC",
            "NHIỆM VỤ CỤ THỂ THỰC HIỆN CHƯƠNG TRÌNH HÀNH ĐỘNG SỐ 18-CTr/ĐUK",
            "*(Kèm theo Chương trình hành động số 18-CTr/ĐUK, ngày 16/10/2023 của Ban Thường vụ Đảng ủy Khối)*",
        ],
        ["STT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"],
        [
            ("group", "I", "Tuyên truyền, nâng cao nhận thức"),
            (
                "task",
                "1",
                "Biên soạn tài liệu hỏi - đáp về Chỉ thị số 21-CT/TW phục vụ sinh hoạt chi bộ",
                "Ban Tuyên giáo Đảng ủy Khối",
                "Hội Liên hiệp Phụ nữ các cơ quan tỉnh",
                "Tháng 11/2023",
                "PL.I.1 dated 2023-11-30 month",
            ),
            (
                "task",
                "2",
                "Tổ chức hội thi tìm hiểu về bình đẳng giới trong các cơ quan",
                "Hội Liên hiệp Phụ nữ các cơ quan tỉnh",
                "Công đoàn Viên chức tỉnh",
                "Quý I/2024",
                "PL.I.2 dated 2024-03-31 quarter",
            ),
            (
                "task",
                "3",
                [
                    "Xây dựng chuyên mục “Phụ nữ các cơ quan tỉnh” trên Trang thông tin điện tử.",
                    "Cập nhật tin, bài ít nhất 02 lần mỗi tháng.",
                ],
                "Văn phòng Đảng ủy Khối",
                "Ban Tuyên giáo Đảng ủy Khối",
                "Thường xuyên",
                "PL.I.3 ongoing",
            ),
            (
                "task",
                "4",
                "Tổ chức các hoạt động kỷ niệm Ngày Quốc tế Phụ nữ 8/3",
                "Hội Liên hiệp Phụ nữ các cơ quan tỉnh",
                "Các cấp ủy cơ sở",
                "Tháng 3 hằng năm",
                "PL.I.4 annual 03-31 month",
            ),
            ("group", "II", "Công tác cán bộ nữ và phát triển đảng viên nữ"),
            (
                "task",
                "5",
                "Rà soát, đánh giá đội ngũ cán bộ nữ thuộc diện Ban Thường vụ Đảng ủy Khối quản lý",
                "Ban Tổ chức Đảng ủy Khối",
                "Các cấp ủy cơ sở",
                "30/6/2024",
                "PL.II.5 dated 2024-06-30 day",
            ),
            (
                "task",
                "6",
                "Bồi dưỡng kỹ năng lãnh đạo, quản lý cho cán bộ nữ trong quy hoạch",
                "Ban Tổ chức Đảng ủy Khối",
                "Trường Chính trị tỉnh",
                "Từ năm 2024 đến năm 2025",
                "PL.II.6 dated 2025-12-31 year",
            ),
            (
                "task",
                "7",
                "Giới thiệu đoàn viên, hội viên nữ ưu tú cho Đảng xem xét kết nạp",
                "Hội Liên hiệp Phụ nữ các cơ quan tỉnh",
                "Đoàn Khối",
                "Quý 2 năm 2024",
                "PL.II.7 dated 2024-06-30 quarter",
            ),
            (
                "task",
                "8",
                "Sửa đổi quy chế phối hợp giữa Ban Thường vụ Đảng ủy Khối và Hội Liên hiệp Phụ nữ các cơ quan tỉnh",
                "Văn phòng Đảng ủy Khối",
                "Hội Liên hiệp Phụ nữ các cơ quan tỉnh",
                "Khi có hướng dẫn của cấp trên",
                "PL.II.8 triggered",
            ),
            (
                "task",
                "9",
                "Báo cáo kết quả thực hiện công tác cán bộ nữ",
                "Các cấp ủy cơ sở",
                "",
                "6 tháng một lần",
                "PL.II.9 ongoing",
            ),
            (
                "task",
                "10",
                "Tổng hợp tỷ lệ cán bộ nữ tham gia cấp ủy, lãnh đạo các cơ quan trong Khối",
                "Ban Tổ chức Đảng ủy Khối",
                "",
                "Trước 31/10 hằng năm",
                "PL.II.10 annual 10-31 day",
            ),
            (
                "task",
                "11",
                "Đánh giá kết quả thực hiện Chương trình hành động tại hội nghị Ban Chấp hành Đảng bộ Khối",
                "Ban Tổ chức Đảng ủy Khối",
                "Văn phòng Đảng ủy Khối",
                "Năm 2025",
                "PL.II.11 dated 2025-12-31 year",
            ),
        ],
        [6, 44, 18, 18, 14],
    )
    return w


def dang_uy_xa_kh_09() -> HtmlPlan:
    w = HtmlPlan(
        "dang-uy-xa-kh-09-chuyen-doi-so.pdf",
        running="Kế hoạch số 09-KH/ĐU ngày 18/8/2025 của Ban Thường vụ Đảng ủy xã",
        level="đảng ủy cơ sở",
        genre="KH",
        description='A commune Party committee\'s plan as PDF: sentence-case roman headings, "a)" items with "•" '
        'bullets, unmarked paragraphs, goals (Chỉ tiêu) that are not tasks, "ngày 30 tháng 9 năm 2025", '
        '"tháng 10 năm 2025", "trong quý IV/2025", "6 tháng đầu năm 2026", "hoàn thành trong năm 2026", '
        '"(Quý I hằng năm)", "sau khi Tỉnh ủy có hướng dẫn" in parentheses, a running header.',
    )
    w.header(
        superior="ĐẢNG BỘ TỈNH GIA LAI",
        issuer="ĐẢNG ỦY XÃ TUY PHƯỚC",
        symbol="Số 09-KH/ĐU",
        place_date="Tuy Phước, ngày 18 tháng 8 năm 2025",
    )
    w.title("KẾ HOẠCH", "thực hiện chuyển đổi số trong hệ thống chính trị xã giai đoạn 2025 - 2026")
    w.p(
        "Căn cứ Kế hoạch số 45-KH/TU, ngày 02/7/2025 của Ban Thường vụ Tỉnh ủy, Ban Thường vụ Đảng ủy xã xây dựng Kế "
        "hoạch thực hiện chuyển đổi số trong hệ thống chính trị xã như sau:"
    )
    w.heading("I. Mục đích, yêu cầu")
    w.p(
        "Ứng dụng công nghệ số trong lãnh đạo, chỉ đạo, điều hành của cấp ủy, chính quyền xã; phục vụ người dân, "
        "doanh nghiệp ngày càng tốt hơn, nhất là trong giải quyết thủ tục hành chính."
    )
    w.heading("II. Chỉ tiêu")
    w.p("• 100% cán bộ, công chức xã sử dụng thành thạo phần mềm quản lý văn bản và chữ ký số.")
    w.p("• Trên 70% người dân trưởng thành của xã có tài khoản định danh điện tử mức độ 2.")
    w.heading("III. Nhiệm vụ, giải pháp")
    w.heading("1. Chuyển đổi số trong hoạt động của Đảng ủy")
    w.p(
        "a) Triển khai phần mềm quản lý văn bản, hồ sơ công việc và chữ ký số trong các cơ quan đảng của xã, hoàn "
        "thành ngày 30 tháng 9 năm 2025.",
        expect="III.1.a dated 2025-09-30 day",
    )
    w.p("b) Số hóa tài liệu của Đảng bộ:")
    w.p(
        "• Số hóa hồ sơ đảng viên của các chi bộ trực thuộc, hoàn thành trong tháng 10 năm 2025.",
        expect="III.1.b.a dated 2025-10-31 month",
    )
    w.p(
        "• Số hóa văn kiện, nghị quyết của Đảng bộ các xã trước sắp xếp (sau khi Tỉnh ủy có hướng dẫn).",
        expect="III.1.b.b triggered",
    )
    w.p(
        "c) Tổ chức sinh hoạt chi bộ trên nền tảng số ở các chi bộ có điều kiện trong quý IV/2025.",
        expect="III.1.c dated 2025-12-31 quarter",
    )
    w.heading("2. Chuyển đổi số trong chính quyền và phục vụ người dân")
    w.p(
        "Ủy ban nhân dân xã bảo đảm 100% thủ tục hành chính đủ điều kiện được cung cấp trực tuyến toàn trình trong "
        "6 tháng đầu năm 2026.",
        expect="III.2.a dated 2026-06-30 month",
    )
    w.p(
        "Thành lập tổ công nghệ số cộng đồng ở các thôn, hướng dẫn người dân sử dụng dịch vụ công trực tuyến, thanh "
        "toán không dùng tiền mặt.",
        expect="III.2.b ongoing~",
    )
    w.p(
        "Xây dựng cơ sở dữ liệu đất đai, dân cư của xã kết nối với cơ sở dữ liệu của tỉnh, hoàn thành trong năm 2026.",
        expect="III.2.c dated 2026-12-31 year",
    )
    w.heading("IV. Tổ chức thực hiện")
    w.p(
        "1. Văn phòng Đảng ủy xã tham mưu kiện toàn Ban Chỉ đạo chuyển đổi số của xã; xây dựng kế hoạch kiểm tra "
        "năm (Quý I hằng năm).",
        expect="IV.1 annual 03-31 quarter",
    )
    w.p(
        "2. Các chi bộ trực thuộc quán triệt Kế hoạch đến đảng viên trong kỳ sinh hoạt chi bộ tháng 9/2025.",
        expect="IV.2 dated 2025-09-30 month",
    )
    w.p(
        "3. Đảng ủy xã giao Ủy ban nhân dân xã theo dõi, đôn đốc và báo cáo kết quả thực hiện Kế hoạch *(thực hiện "
        "thường xuyên)*.",
        expect="IV.3 ongoing",
    )
    w.closing(
        recipients=[
            "Ban Thường vụ Tỉnh ủy (b/c)",
            "Các đồng chí Đảng ủy viên",
            "Các chi bộ trực thuộc",
            "Lưu Văn phòng Đảng ủy",
        ],
        authority="T/M BAN THƯỜNG VỤ",
        title="BÍ THƯ",
        name="Nguyễn Văn Phúc",
    )
    return w


def build_all(*, render: bool):
    plans = (tinh_uy_kh_45, dang_uy_khoi_ctr_18, dang_uy_xa_kh_09)
    return [plan().build(render=render) for plan in plans]
